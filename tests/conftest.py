"""Shared fixtures: a scratch copy of the data package to corrupt."""

from __future__ import annotations

import os
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that needs the built report is slow (it runs every notebook)."""
    for item in items:
        if "built_report" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_report(tmp_path_factory) -> Path:
    """The full report (every notebook, figures, tables), built once per test run.

    Under pytest-xdist every worker has its own session; the first worker to
    ask builds the report into a folder that all workers of the run share,
    while the others wait on a lock, so it is built once, not once a worker.

    It is built from the outputs saved in the notebooks (``--stored``): nbval
    proves in this same run that a fresh kernel reproduces them, and the
    kernels of the report's own runner are tested on small notebooks
    (test_parallel_report.py), so executing all nine again here would only
    repeat work.
    """
    from natoanalysis import cli

    try:
        import fcntl
    except ImportError:  # Windows: no lock, so one build per worker
        fcntl = None  # type: ignore[assignment]
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None:
        base = base.parent  # shared by the workers of this run
    out = base / "shared-report" / "report"
    with open(base / "shared-report.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "index.html").is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            assert cli.main(["report", "--out", str(out), "--force", "--stored"]) == 0
    return out
