"""Shared fixtures: a scratch copy of the data package to corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import natoanalysis as na

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ARTICLE = DATA / "article.txt"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt freely."""
    dest = tmp_path / "data"
    shutil.copytree(na.data_dir(), dest)
    return dest


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")
