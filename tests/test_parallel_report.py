"""The report runs notebooks side by side, a bounded number at a time, with the same pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from natoanalysis import cli, report

pytestmark = pytest.mark.slow


def _notebook(path: Path, *cells: str, title: str = "A notebook") -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nWhat it shows.")]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def test_notebooks_run_side_by_side(tmp_path):
    """Three notebooks that each wait for the other two can only finish together."""
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    flags = tmp_path / "flags"
    flags.mkdir()
    for i in (1, 2, 3):
        _notebook(
            nbdir / f"0{i}_wait.ipynb",
            "import pathlib, time\n"
            f"flags = pathlib.Path({str(flags)!r})\n"
            f"(flags / 'started-{i}').touch()\n"
            "deadline = time.monotonic() + 120\n"
            "while len(list(flags.glob('started-*'))) < 3:\n"
            "    assert time.monotonic() < deadline, 'the other notebooks never started'\n"
            "    time.sleep(0.05)\n"
            "print('all three ran at once')",
        )
    done = [p.name for p, _ in report.execute_notebooks(report.find_notebooks(nbdir), jobs=3)]
    assert done == ["01_wait.ipynb", "02_wait.ipynb", "03_wait.ipynb"]  # reading order


def test_jobs_bounds_the_kernels_and_progress_is_per_notebook(tmp_path):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    for i in (1, 2, 3, 4):
        _notebook(nbdir / f"0{i}_small.ipynb", f"import time\ntime.sleep(0.3)\n{i} * 2")
    lines: list[str] = []
    results = list(
        report.execute_notebooks(report.find_notebooks(nbdir), jobs=2, progress=lines.append)
    )
    assert [nb.cells[1].outputs[0]["data"]["text/plain"] for _, nb in results] == [
        "2",
        "4",
        "6",
        "8",
    ]
    running, most = set(), 0
    for line in lines:
        m = re.match(r"\[(\d)/4\] (0\d_small\.ipynb): (executing|done in [0-9.]+ s)", line)
        assert m, line
        if m.group(3) == "executing":
            running.add(m.group(2))
        else:
            running.remove(m.group(2))
        most = max(most, len(running))
    assert most <= 2
    assert not running
    assert sum("executing" in line for line in lines) == 4


def test_pages_are_byte_identical_with_one_or_many_jobs(tmp_path, monkeypatch):
    # Handouts are PDFs printed from these same pages by Chromium; they add
    # nothing to a comparison of the pages, so this test prints none.
    monkeypatch.setattr("natoanalysis.classroom.find_chromium", lambda: None)
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    for i in (1, 2, 3):
        _notebook(
            nbdir / f"0{i}_chart.ipynb",
            "import natoanalysis as na\nfrom natoanalysis import charts\n"
            "members = na.load_members()\nmembers.head(3)",
            "charts.allies_per_wave(members)",
            title=f"Chart {i}",
        )
    pages = {}
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}"
        argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports"]
        assert cli.main([*argv, "--jobs", jobs]) == 0
        pages[jobs] = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))
        }
    names = ["01_chart.html", "02_chart.html", "03_chart.html", "index.html"]
    assert set(names) <= set(pages["1"])  # the analyst pages (the class edition beside them)
    assert pages["1"] == pages["3"]


def test_a_failure_stops_the_others_and_names_the_notebook(tmp_path, capsys):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    _notebook(nbdir / "01_ok.ipynb", "1 + 1")
    _notebook(nbdir / "02_broken.ipynb", "x = 1", "raise ValueError('boom')")
    _notebook(nbdir / "03_slow.ipynb", "import time\ntime.sleep(60)")
    out = tmp_path / "out"
    code = cli.main(["report", "--out", str(out), "--notebooks", str(nbdir), "-j", "3"])
    err = capsys.readouterr().err
    assert code == 1
    assert "02_broken.ipynb: cell 2 failed" in err and "boom" in err
    assert "03_slow.ipynb: done" not in err  # stopped, not waited for
    assert not (out / "index.html").exists()
    # The handouts' printer (started with 01_ok's page, Chromium with it) is gone too.
    assert _printers() == []


def _printers() -> list[str]:
    import time

    import psutil

    found: list[str] = []
    for _ in range(20):
        found = []
        for child in psutil.Process().children(recursive=True):
            try:
                cmd = " ".join(child.cmdline())
            except psutil.Error:  # gone meanwhile
                continue
            if "natoanalysis.classroom._printer" in cmd or "chrom" in cmd:
                found.append(cmd[:120])
        if not found:
            break
        time.sleep(0.5)
    return found


def test_kernels_do_not_warn_about_tcp(tmp_path, capfd):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    _notebook(nbdir / "01_one.ipynb", "print('hello')")
    assert cli.main(["execute", str(nbdir / "01_one.ipynb")]) == 0
    err = capfd.readouterr().err
    assert "01_one.ipynb: done in" in err
    assert "TCP" not in err and "WARNING" not in err, err


def test_a_browser_that_cannot_print_leaves_the_report_whole(tmp_path, monkeypatch, capsys):
    """Handouts print while the notebooks run; if Chromium fails, the report is
    still written, says what it skipped, and no page links a missing handout."""
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr("natoanalysis.classroom.find_chromium", lambda: str(broken))
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    for i in (1, 2):
        _notebook(nbdir / f"0{i}_small.ipynb", f"{i} * 2", title=f"Small {i}")
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports", "-j", "2"]
    assert cli.main(argv) == 0
    err = capsys.readouterr().err
    assert "skipped handouts: printing the handouts failed" in err
    assert not (out / "handouts").exists()
    pages = [p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))]
    assert len(pages) >= 5  # two of each edition and the class index
    assert not any("handouts/" in page for page in pages)
    assert _printers() == []


def test_handouts_print_for_any_notebook_name(tmp_path):
    """The printer takes its pages as they come, one JSON line each, so a tab, a
    newline or an accent in a notebook's name still gets its handout."""
    from natoanalysis.classroom import find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed")
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    _notebook(nbdir / "01_tab\there.ipynb", "1 + 1", title="Tab")
    _notebook(nbdir / "02_new\nline é.ipynb", "2 + 2", title="Newline")
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports"]
    assert cli.main(argv) == 0
    pdfs = sorted(p.name for p in (out / "handouts").glob("*.pdf"))
    assert pdfs == ["01_tab\there.pdf", "02_new\nline é.pdf"]
    assert all((out / "handouts" / n).read_bytes().startswith(b"%PDF") for n in pdfs)
