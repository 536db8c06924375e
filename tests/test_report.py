"""The report: every notebook executed and written as HTML with an index."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from natoanalysis import cli, report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(built_report) -> Path:
    return built_report


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


@pytest.mark.slow
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


def test_every_figure_and_table_is_exported(built):
    from natoanalysis.figures import FIGURES
    from natoanalysis.tables import table_names

    for name in FIGURES:
        for fmt in ("png", "svg"):
            assert (built / "figures" / f"{name}.{fmt}").stat().st_size > 1000
    for name in table_names():
        for fmt in ("csv", "parquet", "json"):
            assert (built / "tables" / f"{name}.{fmt}").is_file()
    assert (built / "data" / "datapackage.json").is_file()
    assert (built / "data" / "sources.csv").is_file()
    index = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="figures/race_timeline.svg"' in index
    assert 'href="tables/members.parquet"' in index


def test_pages_render_markup_not_escaped_source(built):
    for page in built.glob("[0-9][0-9]_*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<h1" in text and "<p>" in text, page.name
        for escaped in ("&lt;h1", "&lt;h2", "&lt;p&gt;", "&lt;table border", "&lt;mark"):
            assert escaped not in text, f"{page.name}: {escaped} (markup escaped into text)"


def test_pages_fetch_nothing_from_the_network(built):
    for page in built.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<script src="http' not in text, page.name
        assert "cdnjs" not in text, page.name


def test_exported_tables_round_trip(built):
    import pandas as pd

    import natoanalysis as na

    members = na.load_members()
    from_parquet = pd.read_parquet(built / "tables" / "members.parquet")
    # Parquet keeps dates, nullable booleans and string categories; integer
    # categories (the wave) come back as plain integers with the same values.
    pd.testing.assert_frame_equal(
        from_parquet, members[from_parquet.columns], check_dtype=False, check_categorical=False
    )
    assert from_parquet["accession_date"].dtype == "datetime64[ns]"
    assert isinstance(from_parquet["region"].dtype, pd.CategoricalDtype)
    assert from_parquet["wave"].tolist() == members["wave"].astype(int).tolist()
    from_csv = pd.read_csv(built / "tables" / "members.csv")
    assert from_csv["accession_date"].iloc[0] == "1949-08-24"
    from_json = pd.read_json(built / "tables" / "members.json")
    assert len(from_json) == 32


def test_exports_are_byte_identical_across_runs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli.main(["tables", "--out", str(a)]) == 0
    assert cli.main(["tables", "--out", str(b)]) == 0
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_figures_are_byte_identical_across_runs(tmp_path, built):
    """``natoanalysis figures`` gives the same SVGs as the report's own, separate, render.

    The report drew its figures in another run (a thread of the report), so
    comparing against it checks determinism without drawing every chart twice.
    """
    from natoanalysis.figures import FIGURES

    out = tmp_path / "figures"
    # SVG only: PNG pixels are not part of the contract (below), and drawing
    # them at presentation size would double the cost of this test.
    assert cli.main(["figures", "--out", str(out), "--format", "svg"]) == 0
    svgs = sorted(p.name for p in out.glob("*.svg"))
    assert svgs == sorted(f"{name}.svg" for name in FIGURES)
    for name in svgs:
        # PNG pixels are compared by eye; the contract is for tables and SVGs
        assert (out / name).read_bytes() == (built / "figures" / name).read_bytes(), name


def test_exports_refuse_to_overwrite_without_force(tmp_path, capsys):
    assert cli.main(["tables", "members", "--out", str(tmp_path), "--format", "csv"]) == 0
    target = tmp_path / "members.csv"
    target.write_text("my edits")
    assert cli.main(["tables", "members", "--out", str(tmp_path), "--format", "csv"]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_text() == "my edits"
    assert (
        cli.main(["tables", "members", "--out", str(tmp_path), "--format", "csv", "--force"]) == 0
    )
    assert target.read_text().startswith("iso3,")


@pytest.mark.slow
def test_article_text_is_escaped_in_report(tmp_path, data_copy):
    """A hostile article cannot put a live script into a report page."""
    import nbformat

    article = data_copy / "article.txt"
    # Appended, so that the claims' spans into the article stay valid.
    article.write_text(
        article.read_text(encoding="utf-8")
        + "Headline <script>alert('pwned')</script>\n\nA body with <img src=x onerror=alert(1)>.\n",
        encoding="utf-8",
    )
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Article check\n\nShows the article's text."),
        nbformat.v4.new_code_cell(
            "import natoanalysis as na\n"
            "from IPython.display import Markdown, HTML, display\n"
            "text = na.load_article_text()\n"
            "display(Markdown(text))\n"
            "display(HTML(text))\n"
            "import pandas as pd\n"
            "pd.DataFrame({'headline': [text.splitlines()[-3]]})"
        ),
    ]
    nbformat.write(nb, nbdir / "01_article.ipynb")
    out = tmp_path / "out"
    code = cli.main(
        [
            "report",
            "--out",
            str(out),
            "--notebooks",
            str(nbdir),
            "--no-exports",
            "--data-dir",
            str(data_copy),
        ]
    )
    assert code == 0
    page = (out / "01_article.html").read_text(encoding="utf-8")
    assert "alert('pwned')" in page or "alert(&#39;pwned&#39;)" in page  # the text is there...
    assert "<script>alert" not in page  # ...but never as a live script
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    # the same holds for the class edition and the slide deck
    others = [out / "class" / "01_article.html", *out.glob("slides/*.slides.html")]
    assert len(others) == 2 or not (out / "slides").exists()
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert "pwned" in text, path.name
        assert "<script>alert" not in text, path.name
        assert "onerror=alert" not in text.replace("&lt;img src=x onerror=alert(1)&gt;", "")


# --- --stored: the pages from the outputs saved in the notebooks ---------------


def _stored_notebook(path, counts):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Stored\n\nWhat it shows.")]
    for i, count in enumerate(counts):
        cell = nbformat.v4.new_code_cell(f"{i} + 40")
        cell.execution_count = count
        if count is not None:
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result", {"text/plain": f"answer-{i}-saved"}, execution_count=count
                )
            ]
        nb.cells.append(cell)
    nbformat.write(nb, path)
    return path


@pytest.mark.slow  # builds a report, handouts printed by a browser included
def test_stored_report_shows_the_saved_outputs_without_a_kernel(tmp_path, monkeypatch):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    _stored_notebook(nbdir / "01_stored.ipynb", [1, 2])

    def no_kernel(*args, **kwargs):
        raise AssertionError("--stored must not start a kernel")

    monkeypatch.setattr(report, "execute_notebooks", no_kernel)
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports", "--stored"]
    assert cli.main(argv) == 0
    page = (out / "01_stored.html").read_text(encoding="utf-8")
    # The saved output, not a recomputed one (the code would give 40 and 41).
    assert "answer-0-saved" in page and "answer-1-saved" in page


@pytest.mark.parametrize(
    ("counts", "bad_cell", "why"),
    [([1, None], 2, "never executed"), ([1, 3], 2, "3 where 2"), ([2, 1], 1, "2 where 1")],
)
def test_stored_report_refuses_a_notebook_not_run_top_to_bottom(
    tmp_path, capsys, counts, bad_cell, why
):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    _stored_notebook(nbdir / "01_ok.ipynb", [1, 2])
    _stored_notebook(nbdir / "02_half.ipynb", counts)
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports", "--stored"]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert f"02_half.ipynb: cell {bad_cell}:" in err and why in err
    assert "nothing was written" in err
    assert not out.exists()


def test_stored_report_refuses_another_data_folder(tmp_path, capsys):
    import shutil

    from natoanalysis.datapackage import bundled_data_dir

    copy = tmp_path / "mydata"
    shutil.copytree(bundled_data_dir(), copy)
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--stored", "--data-dir", str(copy)]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "bundled data" in err and str(copy) in err
    assert not out.exists()
