"""Robust input and output for ``natoanalysis extract``: found by trying strange files."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from natoanalysis import DataError
from natoanalysis.cli_extract import MAX_BYTES as CLI_MAX_BYTES
from natoanalysis.cli_extract import add_parser
from natoanalysis.extract import MAX_BYTES, extract_article, read_text_file

STORY = 'Allies met\n\nMark Rutte said: "We agree." Hungary objected on Monday.\n'


@pytest.fixture
def cli():
    parser = argparse.ArgumentParser(prog="natoanalysis")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return int(args.func(args))

    return run


@pytest.fixture
def story(tmp_path) -> Path:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    return f


def test_the_cli_default_cap_is_the_library_default():
    assert CLI_MAX_BYTES == MAX_BYTES == 64 * 1024 * 1024


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it(cli, tmp_path, capsys):
    with pytest.raises(DataError, match="not a regular file"):
        read_text_file("/dev/zero")
    assert cli("extract", "/dev/zero", "--out", str(tmp_path / "o")) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="FIFO"):
        read_text_file(fifo)  # opening it would wait for a writer forever


def test_files_above_the_cap_are_refused(cli, story, tmp_path, capsys):
    size = story.stat().st_size
    with pytest.raises(DataError, match="--max-bytes") as e:
        read_text_file(story, max_bytes=size - 1)
    assert e.value.file == str(story)
    assert read_text_file(story, max_bytes=size) == STORY  # exactly at the cap is fine
    assert read_text_file(story, max_bytes=None) == STORY
    assert cli("extract", str(story), "--out", str(tmp_path / "o"), "--max-bytes", "10") == 1
    err = capsys.readouterr().err
    assert "story.txt" in err and "--max-bytes" in err and f"{size:,} bytes" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("bad", ["0", "-5", "ten"])
def test_max_bytes_must_be_a_positive_number(cli, story, bad, capsys):
    with pytest.raises(SystemExit) as e:
        cli("extract", str(story), "--max-bytes", bad)
    assert e.value.code == 2
    assert "--max-bytes" in capsys.readouterr().err


def test_a_nul_byte_after_the_first_8_kb_is_refused(tmp_path):
    f = tmp_path / "late.txt"
    f.write_bytes(b"Sweden joined NATO. " * 600 + b"\x00tail")  # 12,000 bytes, then NUL
    with pytest.raises(DataError, match="binary") as e:
        read_text_file(f)
    assert e.value.offset == 12_000


def test_a_nul_character_in_utf16_is_refused(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("Sweden\x00joined".encode("utf-16"))
    with pytest.raises(DataError, match="character 6 is a NUL"):
        read_text_file(f)


@pytest.mark.parametrize("where", ["a_file", "under_a_file", "nul_in_name"])
def test_an_invalid_out_gives_a_message_and_exit_code_3(cli, story, tmp_path, capsys, where):
    blocker = tmp_path / "taken.txt"
    blocker.write_text("mine\n", encoding="utf-8")
    out = {
        "a_file": str(blocker),
        "under_a_file": str(blocker / "sub"),
        "nul_in_name": str(tmp_path / "o\x00ut"),
    }[where]
    assert cli("extract", str(story), "--out", out) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: cannot write the tables to --out")
    assert "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "mine\n"  # the user's file untouched


def test_an_unwritable_out_gives_a_message_and_exit_code_3(
    cli, story, tmp_path, capsys, monkeypatch
):
    import natoanalysis.export as export

    def denied(folder, *args, **kw):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(export, "_write_batch", denied)  # as a read-only folder would
    assert cli("extract", str(story), "--out", str(tmp_path / "ro")) == 3
    err = capsys.readouterr().err
    assert "--out" in err and "Permission denied" in err
    assert not (tmp_path / "ro").exists()  # nothing left behind


def test_published_out_of_range_names_the_flag(cli, story, capsys):
    with pytest.raises(SystemExit) as e:
        cli("extract", str(story), "--published", "0001-01-01")
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "--published" in err and "out of range" in err and "Timestamp" not in err
    with pytest.raises(ValueError, match="out of range"):
        extract_article("Sweden.", published="9999-12-31")
