"""Small things a newcomer trips over: the command line, the package namespace, docs."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import natoanalysis as na
from natoanalysis import cli

ROOT = Path(__file__).resolve().parents[1]


def _help(*argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.main([*argv, "--help"])
    assert exit_.value.code == 0
    return ""


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"natoanalysis {na.__version__}"


@pytest.mark.parametrize("command", ["validate", "execute"])
def test_commands_describe_themselves(command, capsys):
    _help(command)
    out = capsys.readouterr().out
    # argparse prints the description between the usage line and the options.
    between = out.split("\n\n")[1]
    assert not between.startswith(("positional", "options")), out
    assert len(between.split()) >= 12, between


@pytest.mark.parametrize("command", ["report", "tables", "figures", "validate", "factcheck"])
def test_data_dir_help_names_the_environment_variable(command, capsys):
    _help(command)
    out = " ".join(capsys.readouterr().out.split())
    assert "--data-dir DIR" in out
    assert "$NATOANALYSIS_DATA_DIR" in out


def test_extract_help_shows_the_window_form(capsys):
    _help("extract")
    assert "--published YYYY-MM-DD[..YYYY-MM-DD]" in capsys.readouterr().out


def test_one_file_is_not_files(tmp_path, capsys):
    assert cli.main(["tables", "members", "--format", "csv", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 1 file to {tmp_path}"
    out = tmp_path / "two"
    assert cli.main(["tables", "members", "--format", "csv", "json", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 2 files to {out}"


def test_execute_with_nothing_to_do_says_so(tmp_path, capsys, monkeypatch):
    from natoanalysis import report

    monkeypatch.setattr(report, "default_notebook_dir", lambda: tmp_path)
    assert cli.main(["execute"]) == 2
    err = capsys.readouterr().err
    assert "no notebooks found in" in err and str(tmp_path) in err
    assert cli.main(["execute", str(tmp_path / "01_missing.ipynb")]) == 2
    assert "01_missing.ipynb: no such notebook" in capsys.readouterr().err


def test_report_with_an_empty_notebook_folder_says_what_to_do(tmp_path, capsys):
    assert cli.main(["report", "--out", str(tmp_path / "out"), "--notebooks", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no notebooks found in" in err and "--notebooks DIR" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(text, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--jobs", text])
    assert exit_.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_namespace_is_clean_and_lazy_names_are_listed():
    for leaked in ("Any", "annotations", "importlib"):
        assert not hasattr(na, leaked), leaked
    listing = dir(na)
    for lazy in ("charts", "report", "cli", "factcheck", "extract", "extract_article"):
        assert lazy in listing, lazy
    assert set(na.__all__) <= set(listing)


def test_import_stays_lazy():
    code = (
        "import sys, natoanalysis as na; dir(na);"
        "print(sorted(m for m in ('natoanalysis.charts', 'natoanalysis.report', "
        "'natoanalysis.extract', 'matplotlib', 'pycountry') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("day", "fmt", "expected"),
    [
        (date(2024, 10, 1), "%-d %B %Y", "1 October 2024"),
        (date(2024, 6, 25), "%-d", "25"),
        (date(2024, 6, 5), "%-d %b %Y", "5 Jun 2024"),
        (date(2024, 1, 9), "%-d.%-m.%y", "9.1.24"),
        (date(2024, 6, 5), "%d %B", "05 June"),  # padded codes are left alone
    ],
)
def test_fmt_day_is_portable(day, fmt, expected, monkeypatch):
    import pandas as pd

    assert na.fmt_day(day, fmt) == expected
    assert na.fmt_day(pd.Timestamp(day), fmt) == expected


def test_library_code_has_no_platform_specific_strftime():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "src" / "natoanalysis").rglob("*.py"))
        if path.name != "fmt.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        # strftime("%-d ...") or an f-string's {when:%-d ...}
        if re.search(r"strftime\([^)]*%-|\{[^}]*:[^}]*%-", line)
    ]
    assert offenders == []


def test_install_step_says_what_it_is_doing(tmp_path):
    venv = tmp_path / "venv"
    dry = subprocess.run(
        ["make", "-n", "-B", f"VENV={venv}", f"{venv}/.installed-stamp"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    install = next(i for i, line in enumerate(dry) if "pip install" in line)
    said = [line for line in dry[:install] if line.startswith("echo ")]
    assert any("installing" in line for line in said), dry
    assert any(line.startswith("echo ") and "ready" in line for line in dry[install:]), dry


def test_index_summary_keeps_identifiers_intact(tmp_path):
    import nbformat

    from natoanalysis import report

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# The *extractor*\n\nIt hands the text to `natoanalysis.extract_article`, "
            "the **general** reader, and uses load_members()."
        )
    ]
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    info = report.notebook_info(path)
    assert info.title == "The extractor"
    assert info.summary == (
        "It hands the text to natoanalysis.extract_article, the general reader, "
        "and uses load_members()."
    )


def test_charts_styling_helpers_are_documented():
    from natoanalysis import charts

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("style", "new_figure", "add_caption", "source_caption", "palette_png"):
        assert (getattr(charts, name).__doc__ or "").strip(), f"charts.{name} has no docstring"
        assert f"charts.{name}" in readme, f"charts.{name} is not in the README"
    assert "palette_png` writes" not in readme  # it returns bytes


def test_nbval_kernels_run_over_ipc():
    """The suite's nbval kernels are the report's: IPC transport, no TCP warning."""
    import nbval.kernel

    from natoanalysis import _kernels

    if not _kernels.IPC:
        pytest.skip("no IPC transport on this platform")
    assert nbval.kernel.KernelManager is _kernels.IPCKernelManager
    km = _kernels.IPCKernelManager(kernel_name="python3")
    assert km.transport == "ipc"
    assert Path(km.ip).is_absolute()  # the kernel starts in another folder
    assert km.ip != _kernels.IPCKernelManager(kernel_name="python3").ip  # side by side
