"""The corpus path: many documents -> the extractor's tables, on every engine.

Runs on a synthetic corpus the package writes itself. The cluster test starts
a ``distributed.LocalCluster`` on loopback (no dashboard); pytest-socket lets
only loopback through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import natoanalysis as na
from natoanalysis import gazetteer
from natoanalysis.cli import main
from natoanalysis.corpus import (
    TABLES,
    co_mentions,
    mentions_per_state,
    quotes_per_speaker,
    read_corpus,
    run_corpus,
    synthetic_documents,
    undated_documents,
    write_synthetic_corpus,
)

N_DOCS = 60
PART = 5


def _files(out: Path) -> dict[str, bytes]:
    """Every table file and the manifest, by path relative to ``out``."""
    paths = [*out.glob("*/part-*.parquet"), out / "manifest.json"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in paths}


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_synthetic_corpus(tmp_path_factory.mktemp("in") / "news.jsonl", N_DOCS, seed=3)


@pytest.fixture(scope="module")
def local(jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    run_corpus(jsonl, out, partition_size=PART, progress=False)
    return out


def test_each_document_gets_exactly_what_extract_article_gives(local: Path) -> None:
    corpus = read_corpus(local)
    docs = synthetic_documents(N_DOCS, seed=3)
    assert corpus["documents"]["doc_id"].tolist() == [d["id"] for d in docs]
    for d in docs[::7]:
        expected = na.extract_article(d["text"], published=d["published"])
        for name in TABLES:
            got = corpus[name][corpus[name]["doc_id"] == d["id"]].drop(columns="doc_id")
            pd.testing.assert_frame_equal(got.reset_index(drop=True), expected[name])


def test_documents_table_records_source_size_and_dates(local: Path) -> None:
    docs = read_corpus(local)["documents"]
    records = synthetic_documents(N_DOCS, seed=3)
    assert (docs["status"] == "ok").all() and docs["error"].isna().all()
    assert docs["source"].tolist() == [r["url"] for r in records]
    assert docs["bytes"].tolist() == [len(r["text"].encode("utf-8")) for r in records]
    window = next(r for r in records if ".." in r["published"])
    row = docs.set_index("doc_id").loc[window["id"]]
    first, last = window["published"].split("..")
    assert (str(row["published_start"].date()), str(row["published_end"].date())) == (first, last)
    assert docs["partition"].tolist() == [i // PART for i in range(N_DOCS)]


@pytest.mark.slow
def test_cluster_gives_the_same_tables_as_the_local_engine(
    jsonl: Path, local: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            protocol="tcp",
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.wait_for_workers(2, timeout=120)
        run_corpus(
            jsonl,
            tmp_path / "out",
            scheduler=cluster.scheduler_address,
            partition_size=PART,
            progress=False,
        )

        def built() -> int:
            from natoanalysis import gazetteer

            return len(gazetteer._CACHE)

        # both workers did work, each with its own gazetteer, built once
        assert sorted(client.run(built).values()) == [1, 1]
    assert _files(tmp_path / "out") == _files(local)
    cluster_tables, local_tables = read_corpus(tmp_path / "out"), read_corpus(local)
    for name, df in local_tables.items():
        pd.testing.assert_frame_equal(cluster_tables[name], df)


@pytest.mark.slow
def test_process_pool_gives_the_same_files(jsonl: Path, local: Path, tmp_path: Path) -> None:
    run_corpus(
        jsonl, tmp_path / "out", engine="processes", workers=2, partition_size=PART, progress=False
    )
    assert _files(tmp_path / "out") == _files(local)


@pytest.mark.slow
def test_gazetteer_is_built_once_per_process_not_per_document(
    jsonl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []

    class Counting(gazetteer.Gazetteer):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(gazetteer, "Gazetteer", Counting)
    monkeypatch.setattr(gazetteer, "_CACHE", {})
    done = run_corpus(jsonl, tmp_path / "out", partition_size=PART, progress=False)
    assert done.documents == N_DOCS and done.partitions == N_DOCS // PART
    assert len(built) == 1


# --------------------------------------------------------------------------
# Bad documents


def test_bad_files_are_recorded_with_the_reason_and_the_rest_completes(tmp_path: Path) -> None:
    src = tmp_path / "news"
    src.mkdir()
    good = synthetic_documents(2, seed=5)
    (src / "2024-03-01_good.txt").write_text(good[0]["text"], encoding="utf-8")
    (src / "page.html").write_text(
        f"<html><body><h1>Talks</h1><p>{good[1]['text']}</p></body></html>", encoding="utf-8"
    )
    (src / "binary.txt").write_bytes(b"Sweden\x00\x01\x02\x03" * 8)
    (src / "latin1.txt").write_bytes("Sweden joined NATO. Caf\u00e9 talks.".encode("latin-1"))
    (src / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (src / "huge.txt").write_text("Sweden. " * 1000, encoding="utf-8")
    (src / "notes.md").write_text("not a news text", encoding="utf-8")  # not read at all
    out = tmp_path / "out"
    done = run_corpus(src, out, max_bytes=4000, partition_size=2, progress=False)
    corpus = read_corpus(out)
    docs = corpus["documents"].set_index("doc_id")
    assert done.documents == 6 and done.failed == 4
    assert list(docs.index) == sorted(docs.index)
    reasons = docs["error"].dropna().to_dict()
    assert "binary" in reasons["binary.txt"] and "NUL" in reasons["binary.txt"]
    assert "not utf-8" in reasons["latin1.txt"] and "0xe9" in reasons["latin1.txt"]
    assert "offset 23" in reasons["latin1.txt"]  # the byte that cannot be decoded
    assert "empty" in reasons["empty.txt"]
    assert "too large: 8000 bytes" in reasons["huge.txt"]
    assert all(msg.startswith(name) for name, msg in reasons.items())
    assert docs.loc["2024-03-01_good.txt", "published_start"] == pd.Timestamp("2024-03-01")
    ok = set(docs.index[docs["status"] == "ok"])
    assert ok == {"2024-03-01_good.txt", "page.html"}
    assert set(corpus["countries"]["doc_id"]) == ok  # both good texts yield mentions
    # the HTML page is read as its text, not its tags
    assert not corpus["countries"]["text"].str.contains("<").any()


def test_bad_json_lines_are_recorded_by_line(tmp_path: Path) -> None:
    good = synthetic_documents(2, seed=6)
    lines = [
        json.dumps(good[0]).encode(),
        b'{"id": "broken", "text": "Sweden',
        json.dumps({"id": "no-text", "published": "2024-01-01"}).encode(),
        json.dumps({"id": "bad-date", "text": "Sweden.", "published": "21/06/2024"}).encode(),
        b"[1, 2]",
        b"",
        json.dumps({"id": "big", "text": "Poland. " * 600}).encode(),
        b'{"id": "latin", "text": "Caf\xe9"}',
        json.dumps(good[1]).encode(),
    ]
    src = tmp_path / "news.jsonl"
    src.write_bytes(b"\n".join(lines))  # no final newline
    done = run_corpus(src, tmp_path / "out", max_bytes=3000, partition_size=4, progress=False)
    docs = read_corpus(tmp_path / "out")["documents"]
    assert docs["doc_id"].tolist() == [
        good[0]["id"], "line-2", "no-text", "bad-date", "line-5", "line-7", "line-8", good[1]["id"],
    ]  # fmt: skip
    err = dict(zip(docs["doc_id"], docs["error"]))
    assert err["line-2"].startswith("news.jsonl: line 2: not valid JSON")
    assert err["no-text"] == 'news.jsonl: line 3: no "text" string'
    assert "line 4" in err["bad-date"] and "not a date" in err["bad-date"]
    assert "line 5: expected a JSON object" in err["line-5"]
    assert "line 7: too large" in err["line-7"]
    assert "line 8: not UTF-8" in err["line-8"] and "0xe9" in err["line-8"]
    assert done.failed == 6 and pd.isna(err[good[1]["id"]])


# --------------------------------------------------------------------------
# Resume and refusals


@pytest.mark.slow
def test_resume_after_a_killed_run_gives_the_same_result(tmp_path: Path) -> None:
    src = write_synthetic_corpus(tmp_path / "news.jsonl", 400, seed=9)
    whole = tmp_path / "whole"
    run_corpus(src, whole, partition_size=10, progress=False)

    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "natoanalysis", "corpus", str(src), "--out", str(out)]
    proc = subprocess.Popen([*cmd, "--partition-size", "10", "--no-progress"])
    deadline = time.monotonic() + 120
    while len(list(out.glob("_manifest/*.json"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "manifest.json").exists()
    with pytest.raises(FileNotFoundError, match="not complete"):
        read_corpus(out)
    finished = sorted(out.glob("_manifest/*.json"))
    assert 3 <= len(finished) < 40
    # a finished partition whose file was damaged afterwards, and a stray temporary file
    entry = json.loads(finished[0].read_text(encoding="utf-8"))
    damaged = out / entry["files"]["quotes"]["path"]
    damaged.write_bytes(damaged.read_bytes()[:100])
    (out / "countries" / ".part-00099.parquet.x.part").write_bytes(b"half")
    (out / ".countries.x.part").mkdir()  # a staging folder of an interrupted write
    (out / ".countries.x.part" / "part-00099.parquet").write_bytes(b"half")

    done = run_corpus(src, out, partition_size=10, resume=True, progress=False)
    assert 2 <= done.reused < done.partitions  # finished ones kept, the damaged one redone
    assert _files(out) == _files(whole)
    assert not list(out.glob("*/.*.part")) and not list(out.glob(".*.part"))


def test_resume_refuses_other_settings(jsonl: Path, local: Path) -> None:
    with pytest.raises(ValueError, match="partition_size"):
        run_corpus(jsonl, local, partition_size=PART + 1, resume=True, progress=False)


def test_cli_refuses_to_overwrite_and_names_the_folder(
    jsonl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["corpus", str(jsonl), "--out", str(out), "--no-progress"]) == 0
    assert f"{N_DOCS} documents in 1 partitions" in capsys.readouterr().out
    assert main(["corpus", str(jsonl), "--out", str(out), "--no-progress"]) == 2
    assert "--resume" in capsys.readouterr().err
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["corpus", str(jsonl), "--out", str(other), "--force", "--no-progress"]) == 2
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert main(["corpus", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")]) == 1
    assert "no such file" in capsys.readouterr().err


# --------------------------------------------------------------------------
# Summaries, on a corpus small enough to count by hand


def _hand_corpus() -> dict[str, pd.DataFrame]:
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "published_start": pd.to_datetime(["2024-06-17", "2024-06-23", "2024-06-24", None]),
            "status": pd.Categorical(["ok", "ok", "ok", "ok"], ["ok", "failed"]),
        }
    )
    countries = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "c", "d"],
            "iso3": ["SWE", "SWE", "HUN", "SWE", "HUN", "SWE"],
            "country": ["Sweden", "Sweden", "Hungary", "Sweden", "Hungary", "Sweden"],
        }
    )
    people = pd.DataFrame(
        {
            "doc_id": ["a", "a", "c"],
            "person_id": pd.array(["mark_rutte", "mark_rutte", None], dtype="string"),
            "name": ["Mark Rutte", "Mark Rutte", "Lena Brandt"],
        }
    )
    quotes = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "speaker": pd.array(["Mark Rutte", None, "Mark Rutte", "Mark Rutte"], dtype="string"),
            "person_id": pd.array(["mark_rutte", None, "mark_rutte", "mark_rutte"], dtype="string"),
        }
    )
    return {"documents": documents, "countries": countries, "people": people, "quotes": quotes}


def test_mentions_per_state_by_week_and_day() -> None:
    weekly = mentions_per_state(_hand_corpus())
    # 17 and 23 June 2024 are the Monday and Sunday of one week; 24 June starts the next
    assert weekly.astype({"period_start": str}).values.tolist() == [
        ["2024-06-17", "HUN", "Hungary", 1, 1],
        ["2024-06-17", "SWE", "Sweden", 3, 2],
        ["2024-06-24", "HUN", "Hungary", 1, 1],
    ]
    daily = mentions_per_state(_hand_corpus(), freq="day")
    assert daily["mentions"].sum() == 5 and len(daily) == 4  # d has no date: left out
    assert undated_documents(_hand_corpus()) == 1
    with pytest.raises(ValueError, match="freq"):
        mentions_per_state(_hand_corpus(), freq="year")


def test_co_mentions_count_documents_not_mentions() -> None:
    pairs = co_mentions(_hand_corpus())
    rows = pairs.astype(object).where(pairs.notna(), None).values.tolist()
    assert rows == [
        [None, "Lena Brandt", "HUN", "Hungary", 1],
        ["mark_rutte", "Mark Rutte", "HUN", "Hungary", 1],
        ["mark_rutte", "Mark Rutte", "SWE", "Sweden", 1],
    ]


def test_quotes_per_speaker_keeps_unattributed_quotes_last() -> None:
    q = quotes_per_speaker(_hand_corpus())
    assert q["speaker"].tolist()[0] == "Mark Rutte" and pd.isna(q["speaker"].iloc[-1])
    assert q[["quotes", "documents"]].values.tolist() == [[3, 3], [1, 1]]


def test_failed_documents_do_not_count() -> None:
    corpus = _hand_corpus()
    corpus["documents"]["status"] = pd.Categorical(["failed", "ok", "ok", "ok"], ["ok", "failed"])
    assert quotes_per_speaker(corpus)["quotes"].tolist() == [2]
    assert mentions_per_state(corpus)["mentions"].sum() == 2


def test_synthetic_folder_layout_dates_each_file(tmp_path: Path) -> None:
    folder = write_synthetic_corpus(tmp_path / "news", 4, seed=2, layout="folder")
    run_corpus(folder, tmp_path / "out", progress=False)
    docs = read_corpus(tmp_path / "out")["documents"]
    records = synthetic_documents(4, seed=2)
    want = sorted(r["published"][:10] for r in records)
    assert sorted(str(d.date()) for d in docs["published_start"]) == want
    with pytest.raises(FileExistsError):
        write_synthetic_corpus(tmp_path / "news", 4, seed=2, layout="folder")


# --------------------------------------------------------------------------
# The data package: --data-dir, like every other command


@pytest.mark.slow  # the last case starts worker processes
def test_data_dir_chooses_the_package_the_extractor_reads(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An alias added to an edited copy is found with --data-dir or the variable, not without."""
    with open(data_copy / "country_aliases.csv", "a", encoding="utf-8") as fh:
        fh.write("Ruritanian,HUN,adjective,,wikipedia_adjectival_demonymic_forms,\n")
    src = tmp_path / "news.jsonl"
    text = "The Ruritanian delegation met officials in Warsaw on Monday."
    src.write_text(json.dumps({"id": "d1", "text": text, "published": "2024-06-20"}) + "\n")

    def found(out: str, *extra: str) -> list[tuple[str, str]]:
        args = ["corpus", str(src), "--out", str(tmp_path / out), "--no-progress", *extra]
        assert main(args) == 0
        countries = read_corpus(tmp_path / out)["countries"]
        return sorted(zip(countries["text"], countries["iso3"]))

    monkeypatch.delenv("NATOANALYSIS_DATA_DIR", raising=False)
    assert found("bundled") == [("Warsaw", "POL")]
    edited = [("Ruritanian", "HUN"), ("Warsaw", "POL")]
    assert found("flag", "--data-dir", str(data_copy)) == edited
    monkeypatch.setenv("NATOANALYSIS_DATA_DIR", str(data_copy))
    assert found("variable") == edited
    # the client resolves the package, so worker processes read the same one
    monkeypatch.delenv("NATOANALYSIS_DATA_DIR")
    assert found("workers", "--data-dir", str(data_copy), "--engine", "processes") == edited


def test_a_broken_data_dir_fails_before_anything_is_written(
    jsonl: Path, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["corpus", str(jsonl), "--out", str(out), "--data-dir", str(data_copy)]) == 1
    assert "datapackage.json" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------
# Exported charts


@pytest.mark.slow  # 240 articles through the extractor, two charts at export size
def test_figures_exports_the_corpus_charts_of_notebook_08(tmp_path: Path) -> None:
    """`natoanalysis figures` charts the notebook's corpus; the lead state is counted afresh."""
    from PIL import Image

    names = ["corpus_mentions_over_time", "corpus_quotes_by_speaker"]
    assert main(["figures", "--out", str(tmp_path), *names]) == 0
    for name in names:
        assert Image.open(tmp_path / f"{name}.png").width >= 1920
        assert (tmp_path / f"{name}.svg").stat().st_size > 1000
    # the same 240 articles through extract_article, one at a time
    mentions: dict[str, int] = {}
    speakers: dict[str, int] = {}
    for doc in synthetic_documents(240, seed=2024):
        tables = na.extract_article(doc["text"], doc["published"])
        for country in tables["countries"]["country"]:
            mentions[country] = mentions.get(country, 0) + 1
        for who in tables["quotes"]["speaker"].dropna():
            speakers[who] = speakers.get(who, 0) + 1
    lead = min(mentions, key=lambda c: (-mentions[c], c))  # ties by name, as charted
    quoted = min(speakers, key=lambda s: (-speakers[s], s))
    from natoanalysis.figures import FIGURES

    title = FIGURES["corpus_mentions_over_time"]()._suptitle.get_text()
    assert title.startswith(f"{lead} is mentioned most ({mentions[lead]} times)")
    title = FIGURES["corpus_quotes_by_speaker"]()._suptitle.get_text()
    assert title.startswith(f"{quoted} is quoted most: {speakers[quoted]} of")
