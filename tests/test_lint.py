"""ruff (lint, format) and mypy are part of the suite, so CI keeps the code clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed in this environment")
@pytest.mark.parametrize("args", [["check", "."], ["format", "--check", "."]])
def test_ruff(args):
    proc = subprocess.run([RUFF, *args], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


MYPY = shutil.which("mypy", path=str(Path(sys.executable).parent))


@pytest.mark.slow
@pytest.mark.skipif(MYPY is None, reason="mypy is not installed in this environment")
def test_mypy():
    """The package ships py.typed, so its annotations must hold (files: pyproject.toml)."""
    proc = subprocess.run([MYPY], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
