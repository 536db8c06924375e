"""A user's copy of data/: one handle, confined, validated first, never half-trusted.

These are the guarantees README's "Loading your own edited copy" states.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import natoanalysis as na
from natoanalysis import DataError, cli
from natoanalysis.datapackage import load_package
from natoanalysis.validate import validate

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "natoanalysis"


def _point(data: Path, resource: str, path: str) -> None:
    f = data / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    next(r for r in d["resources"] if r["name"] == resource)["path"] = path
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")


# --------------------------------------------------------------------------
# One handle


def test_one_resolver_of_the_data_folder():
    """Only datapackage.data_dir reads the environment variable; nothing else chooses."""
    name = r"(ENV_DATA_DIR|[\"']NATOANALYSIS_DATA_DIR[\"'])"
    reads = re.compile(
        rf"(environ\.get|getenv)\(\s*{name}|environ\[\s*{name}\s*\](?!\s*=[^=])|{name}\s+in\s+\w*environ"
    )
    readers = [
        path.relative_to(SRC).as_posix()
        for path in sorted(SRC.rglob("*.py"))
        if reads.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == ["datapackage.py"]
    defs = [
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if re.search(r"^def data_dir\(", p.read_text(encoding="utf-8"), re.M)
    ]
    assert defs == ["datapackage.py"]


def test_the_cli_leaves_the_environment_alone(data_copy, monkeypatch):
    monkeypatch.delenv("NATOANALYSIS_DATA_DIR", raising=False)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 0
    assert "NATOANALYSIS_DATA_DIR" not in os.environ


def test_a_handle_is_accepted_wherever_a_folder_is(data_copy):
    pkg = load_package(data_copy)
    assert load_package(pkg) is pkg
    assert na.data_dir(pkg) == pkg.root
    assert na.load_members(pkg).equals(na.load_members(data_copy))


def test_as_of_of_an_edited_copy_reaches_derived_columns(data_copy):
    """The incumbent's tenure runs to the copy's as-of date, not the bundled one."""
    f = data_copy / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    d["x-as-of"] = "2027-06-30"
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")
    sg = na.load_secretaries_general(data_copy).set_index("name")
    start = sg.loc["Mark Rutte", "start_date"]
    assert sg.loc["Mark Rutte", "tenure_days"] == (pd.Timestamp("2027-06-30") - start).days
    assert na.as_of(data_copy) == pd.Timestamp("2027-06-30")
    assert sg.attrs["as_of"] == "2027-06-30"
    bundled = na.load_secretaries_general().set_index("name")
    assert bundled.loc["Mark Rutte", "tenure_days"] < sg.loc["Mark Rutte", "tenure_days"]


def test_article_window_of_an_edited_copy(data_copy):
    f = data_copy / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    d["x-article"]["published_window"] = ["2024-06-21", "2024-06-21"]
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")
    window = na.article_metadata(data_copy)["published_window"]
    assert window == [pd.Timestamp("2024-06-21")] * 2


def test_tables_carry_their_metadata():
    sp = na.load_defence_spending()
    assert sp.attrs["table"] == "defence_spending"
    assert sp.attrs["fields"]["pct_gdp"]["unit"] == "percent of GDP"
    assert "NATO" in sp.attrs["fields"]["pct_gdp"]["description"]
    assert set(sp.attrs["sources"]) == set(sp["source_id"])
    sources = na.load_sources().set_index("source_id")
    for sid, meta in sp.attrs["sources"].items():
        assert meta["publisher"] == sources.loc[sid, "publisher"]


# --------------------------------------------------------------------------
# Confinement


@pytest.mark.parametrize(
    "path, words",
    [
        ("/etc/passwd", "is absolute"),
        ("../../../../../../etc/passwd", "contains '..'"),
        ("sub/../../members.csv", "contains '..'"),
        ("C:/Windows/win.ini", "is absolute"),
        ("https://example.org/members.csv", "is a URL"),
    ],
)
def test_resource_paths_must_stay_inside(path, words, data_copy):
    _point(data_copy, "members", path)
    with pytest.raises(DataError, match=re.escape(words)) as e:
        na.load_members(data_copy)
    assert "resource 'members'" in str(e.value) and e.value.file == "datapackage.json"
    assert validate(data_copy) == [str(e.value)]


def test_a_symlink_out_of_the_folder_is_refused(data_copy, tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:secret line\n", encoding="utf-8")
    (data_copy / "members.csv").unlink()
    (data_copy / "members.csv").symlink_to(outside)
    with pytest.raises(DataError, match="leads outside the data folder") as e:
        na.load_members(data_copy)
    assert "secret line" not in str(e.value)


def test_a_symlink_inside_the_folder_is_fine(data_copy):
    (data_copy / "tables").mkdir()
    (data_copy / "members.csv").rename(data_copy / "tables" / "members.csv")
    (data_copy / "members.csv").symlink_to(data_copy / "tables" / "members.csv")
    assert na.load_members(data_copy).equals(na.load_members())


def test_the_article_path_is_confined_too(data_copy):
    f = data_copy / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    d["x-article"]["path"] = "/etc/hostname"
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")
    with pytest.raises(DataError, match="x-article: path '/etc/hostname' is absolute"):
        na.load_article_text(data_copy)


def test_report_with_an_escaping_resource_writes_nothing_outside(data_copy, tmp_path, capsys):
    victim = tmp_path / "victim.csv"
    victim.write_text("precious\n", encoding="utf-8")
    victim.chmod(0o600)
    _point(data_copy, "members", str(victim))
    out = tmp_path / "out"
    code = cli.main(["report", "--out", str(out), "--data-dir", str(data_copy)])
    err = capsys.readouterr().err
    assert code == 1
    assert "resource 'members'" in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert victim.stat().st_mode & 0o777 == 0o600
    assert not out.exists()


def test_report_copy_never_writes_through_a_link_out_of_out(tmp_path):
    from natoanalysis.export import OutputOutside, write_files

    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "data").symlink_to(elsewhere)
    with pytest.raises(OutputOutside):
        write_files(out, {"data/members.csv": b"x\n"}, force=True)
    assert list(elsewhere.iterdir()) == []


def test_writing_keeps_permissions_and_replaces_links_not_targets(tmp_path):
    from natoanalysis.export import OutputExists, write_files

    out = tmp_path / "out"
    out.mkdir()
    mine = out / "members.csv"
    mine.write_text("mine\n", encoding="utf-8")
    mine.chmod(0o600)
    with pytest.raises(OutputExists):
        write_files(out, {"members.csv": b"new\n"})
    assert mine.read_text(encoding="utf-8") == "mine\n"
    write_files(out, {"members.csv": b"new\n"}, force=True)
    assert mine.read_bytes() == b"new\n" and mine.stat().st_mode & 0o777 == 0o600
    target = tmp_path / "target.txt"
    target.write_text("untouched\n", encoding="utf-8")
    (out / "link.csv").symlink_to(target)
    write_files(out, {"link.csv": b"replaced\n"}, force=True)
    assert target.read_text(encoding="utf-8") == "untouched\n"
    assert not (out / "link.csv").is_symlink()
    with pytest.raises(ValueError, match="not a file name inside"):
        write_files(out, {"../escape.csv": b"x"}, force=True)
    assert not (tmp_path / "escape.csv").exists()


def test_a_failed_batch_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    """A full disk mid-batch: nothing of the batch appears, earlier files stay."""
    from natoanalysis import export

    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_bytes(b"old a\n")
    real_fsync = os.fsync
    calls = []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        export.write_files(out, {"a.csv": b"new a\n", "b.csv": b"new b\n"}, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]
    assert (out / "a.csv").read_bytes() == b"old a\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


# --------------------------------------------------------------------------
# One output path


def test_one_serialiser_for_every_csv_and_json():
    """tables and extract write booleans and JSON the same way."""
    from natoanalysis.export import table_bytes

    df = pd.DataFrame(
        {"flag": pd.array([True, None], dtype="boolean"), "n": pd.array([1, None], dtype="Int64")}
    )
    assert table_bytes(df, "csv") == b"flag,n\ntrue,1\n,\n"
    assert json.loads(table_bytes(df, "json")) == [
        {"flag": True, "n": 1},
        {"flag": None, "n": None},
    ]
    assert table_bytes(df, "json").startswith(b'[\n  {\n    "flag"')


def test_cli_writers_share_the_overwrite_policy(tmp_path, capsys):
    out = tmp_path / "o"
    out.mkdir()
    (out / "claims.json").write_text("mine", encoding="utf-8")
    assert cli.main(["factcheck", "--out", str(out / "claims.json")]) == 2
    (out / "members.csv").write_text("mine", encoding="utf-8")
    assert cli.main(["tables", "members", "--format", "csv", "--out", str(out)]) == 2
    (out / "allies_per_wave.svg").write_text("mine", encoding="utf-8")
    assert cli.main(["figures", "allies_per_wave", "--format", "svg", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("refusing to overwrite") == 3 and err.count("--force") == 3
    assert {p.read_text(encoding="utf-8") for p in out.iterdir()} == {"mine"}


# --------------------------------------------------------------------------
# The report validates first, fails whole, leaves no orphans


def test_report_on_a_broken_copy_fails_fast_and_writes_nothing(data_copy, tmp_path, capsys):
    (data_copy / "members.csv").write_text(
        (data_copy / "members.csv").read_text(encoding="utf-8").replace("SWE,SE,", "SWE,SV,"),
        encoding="utf-8",
    )
    (data_copy / "article.txt").write_bytes(b"Caf\xe9\n")
    out = tmp_path / "out"
    start = time.perf_counter()
    code = cli.main(["report", "--out", str(out), "--data-dir", str(data_copy)])
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 1
    assert "members.csv" in err and "article.txt" in err and "Traceback" not in err
    assert len(err.splitlines()) < 20
    assert not out.exists()
    assert elapsed < 60  # no kernel was started (a notebook alone takes longer)


@pytest.mark.slow
def test_report_export_failure_exits_1_and_leaves_out_as_it_was(tmp_path, monkeypatch, capsys):
    import nbformat

    from natoanalysis import figures

    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Tiny\n\nOne cell."),
        nbformat.v4.new_code_cell("1"),
    ]
    nbformat.write(nb, nbdir / "01_tiny.ipynb")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(figures, "figure_files", broken)
    out = tmp_path / "out"
    code = cli.main(["report", "--out", str(out), "--notebooks", str(nbdir)])
    err = capsys.readouterr().err
    assert code == 1
    assert "exporting figures and tables failed" in err and "No space left" in err
    assert not out.exists()


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
def test_sigkill_leaves_no_orphan_and_writes_nothing_more(tmp_path):
    import nbformat
    import psutil

    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Slow\n\nSleeps."),
        nbformat.v4.new_code_cell("import time\ntime.sleep(120)"),
    ]
    nbformat.write(nb, nbdir / "01_slow.ipynb")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "natoanalysis",
            "report",
            "--out",
            str(out),
            "--notebooks",
            str(nbdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 120
        children: list[int] = []
        while time.monotonic() < deadline:  # wait until the kernel runs
            children = _descendants(proc.pid)
            if children and any(
                "ipykernel" in " ".join(psutil.Process(c).cmdline())
                for c in children
                if psutil.pid_exists(c)
            ):
                break
            time.sleep(0.5)
        assert children, "the report never started a kernel"
        time.sleep(3)  # the exports are being rendered now
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        survivors = children
        deadline = time.monotonic() + 20
        while survivors and time.monotonic() < deadline:
            time.sleep(0.5)
            survivors = [
                c
                for c in survivors
                if psutil.pid_exists(c) and psutil.Process(c).status() != psutil.STATUS_ZOMBIE
            ]
        assert survivors == [], [psutil.Process(c).cmdline() for c in survivors]
        before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
        time.sleep(2)
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
        assert not out.exists() or not any(out.iterdir())
    finally:
        if proc.poll() is None:
            proc.kill()


def test_charts_read_no_data():
    """Charts take tables in and return a Figure: they import no loader or data module."""
    import ast

    forbidden = {"tables", "datapackage", "validate", "export", "gazetteer", "factcheck"}
    for path in (SRC / "charts").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 1:
                parts = set((node.module or "").split(".")) | {a.name for a in node.names}
                if node.level >= 2 or (node.module or "") == "":
                    assert not parts & forbidden, (path.name, ast.dump(node))
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("natoanalysis") for a in node.names), path.name


def test_charts_caption_and_date_from_the_table_given(data_copy):
    """An edited copy's sources and as-of date reach the chart through df.attrs."""
    import csv
    import io

    from natoanalysis import charts

    sg = na.load_secretaries_general(data_copy)
    sid = sg.loc[sg["name"] == "Mark Rutte", "source_id"].item()
    f = data_copy / "sources.csv"
    rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
    j = rows[0].index("publisher")
    next(r for r in rows if r[0] == sid)[j] = "An Edited Publisher"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    f.write_text(buf.getvalue(), encoding="utf-8")
    publisher = "An Edited Publisher"
    d = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    d["x-as-of"] = "2027-06-30"
    (data_copy / "datapackage.json").write_text(json.dumps(d), encoding="utf-8")
    sg = na.load_secretaries_general(data_copy)
    fig = charts.secretaries_general_tenures(sg[sg["name"] == "Mark Rutte"])
    caption = " ".join(t.get_text() for t in fig.texts)
    assert publisher in caption
    ax = fig.axes[0]
    import matplotlib.dates as mdates

    right = max(p.get_x() + p.get_width() for p in ax.patches)
    assert mdates.num2date(right).date().isoformat() == "2027-06-30"


# --------------------------------------------------------------------------
# Rules are data; big files are cheap


def test_every_x_key_is_documented_in_one_place():
    from natoanalysis import datapackage

    doc = datapackage.__doc__
    d = json.loads((na.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    used = {k for k in d if k.startswith("x-")}
    for res in d["resources"]:
        used |= {k for k in res if k.startswith("x-")}
        for f in (res.get("schema") or {}).get("fields", []):
            used |= {k for k in f if k.startswith("x-")}
    assert used
    for key in sorted(used):
        assert f"``{key}``" in doc, f"{key} is used in datapackage.json but not documented"


def test_a_declared_rule_is_enforced_from_the_descriptor(data_copy):
    """Removing a rule from datapackage.json removes the check: it lives in the data."""
    f = data_copy / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    sg = next(r for r in d["resources"] if r["name"] == "secretaries_general")
    end = next(x for x in sg["schema"]["fields"] if x["name"] == "end_date")
    text = (data_copy / "secretaries_general.csv").read_text(encoding="utf-8")
    (data_copy / "secretaries_general.csv").write_text(
        text.replace("1952-04-04,1957-05-16", "1952-04-04,1952-04-03", 1), encoding="utf-8"
    )
    with pytest.raises(DataError, match="must be at least start_date"):
        na.load_secretaries_general(data_copy)
    del end["x-at-least"]
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")
    sg_df = na.load_secretaries_general(data_copy)
    assert int(sg_df["tenure_days"].iloc[0]) == -1


def test_an_oversize_table_is_refused_before_it_is_read(data_copy, monkeypatch):
    from natoanalysis import _reader, datapackage

    # The limit is set where users set it; the reader looks it up at each read.
    monkeypatch.setattr(datapackage, "MAX_TABLE_BYTES", 1000)
    opened = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    # Every module that opens a data file: the table reader and the whole-file reader.
    for module in (_reader, datapackage):
        monkeypatch.setattr(module, "open", spy, raising=False)
    with pytest.raises(DataError, match="more than the 1,000 bytes") as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv"
    assert not [p for p in opened if p.endswith("members.csv")]


@pytest.mark.parametrize("damage", ["width", "value"])
def test_a_large_file_is_scanned_before_its_rows_are_kept(damage, data_copy, monkeypatch):
    """The streaming scan reports the same error the full read would."""
    from natoanalysis import _reader

    f = data_copy / "members.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    bad = "XXX,XX" if damage == "width" else lines[-1].replace("2024-03-07", "2024-03-32")
    lines[-1] = bad
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as full:
        na.load_members(data_copy)
    monkeypatch.setattr(_reader, "_PRESCAN_BYTES", 0)
    kept = []
    monkeypatch.setattr(_reader, "_check_header", lambda *a: kept.append(a) or None, raising=True)
    with pytest.raises(DataError) as scanned:
        na.load_members(data_copy)
    assert str(scanned.value) == str(full.value)
    assert scanned.value.line == len(lines)
    assert kept == []  # the error came from the scan, before any row was kept
