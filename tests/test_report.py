"""The report: every notebook executed and written as HTML with an index."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from natoanalysis import cli, report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    assert cli.main(["report", "--out", str(out)]) == 0
    return out


def test_every_notebook_has_a_page_and_an_index_entry(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    notebooks = report.find_notebooks()
    assert notebooks
    for nb in notebooks:
        page = built / nb.with_suffix(".html").name
        assert page.is_file() and page.stat().st_size > 10_000
        info = report.notebook_info(nb)
        assert f'href="{page.name}"' in index
        assert html.escape(info.title) in index


def test_index_lists_notebooks_in_reading_order(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    positions = [index.index(nb.with_suffix(".html").name) for nb in report.find_notebooks()]
    assert positions == sorted(positions)


def test_no_partial_files_left(built):
    assert not list(built.rglob("*.part"))


def test_refuses_foreign_non_empty_folder(tmp_path, capsys):
    (tmp_path / "precious.txt").write_text("keep me")
    assert cli.main(["report", "--out", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "precious.txt").read_text() == "keep me"
    assert not (tmp_path / "index.html").exists()


def test_failing_notebook_names_notebook_and_cell(tmp_path, capsys):
    import nbformat

    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Broken\n\nA notebook that fails."),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('boom')"),
    ]
    nbformat.write(nb, nbdir / "01_broken.ipynb")
    code = cli.main(["report", "--out", str(tmp_path / "out"), "--notebooks", str(nbdir)])
    err = capsys.readouterr().err
    assert code == 1
    assert "01_broken.ipynb" in err and "cell 2" in err and "boom" in err


def test_notebook_title_and_summary():
    info = report.notebook_info(ROOT / "notebooks" / "01_members_and_enlargement.ipynb")
    assert info.title.startswith("How NATO grew")
    assert "32-member alliance" in info.summary


@pytest.mark.parametrize("nb", report.find_notebooks(), ids=lambda p: p.name)
def test_stored_notebooks_are_clean(nb):
    data = json.loads(nb.read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in data["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "execute top to bottom in a fresh kernel"
    blob = json.dumps([c.get("outputs", []) for c in data["cells"]])
    assert '"name": "stderr"' not in blob, "a cell writes to stderr (a warning?)"
    assert "0x" not in blob.replace("0x0", "") or "at 0x" not in blob, "memory address in output"
    for marker in ("/tmp/", "/root/", "/home/", "/work/", "site-packages"):
        assert marker not in blob, f"machine path {marker!r} in outputs"
    assert nb.stat().st_size < 400_000, "keep notebooks small"
