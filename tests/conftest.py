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


@pytest.fixture(scope="session")
def built_report(tmp_path_factory) -> Path:
    """The full report (every notebook, figures, tables), built once per session."""
    from natoanalysis import cli

    out = tmp_path_factory.mktemp("report") / "report"
    assert cli.main(["report", "--out", str(out)]) == 0
    return out
