"""Run the extractor over a corpus on Dask and write a Parquet dataset per table.

Output folder layout (``OUT``)::

    OUT/_corpus.json                   the run's settings and input fingerprint
    OUT/<table>/part-00000.parquet     countries, people, quotes, dates, priorities, documents
    OUT/_manifest/part-00000.json      one entry per finished partition: files, rows, SHA-256
    OUT/manifest.json                  written last: the run is complete

Each partition is read, extracted and written by one task; its files are
written through a temporary file renamed into place, and its manifest entry
last. A partition counts as done only when its entry names the same work
(input, settings) and every file it lists has the recorded checksum, so
``resume=True`` redoes exactly what a killed run left unfinished, and
:func:`read_corpus` reads only files a manifest vouches for.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._io import atomic_write_bytes
from .frames import DOCUMENT_COLUMNS, STATUS, documents_frame, empty_tables, parquet
from .sources import Partition, plan, read_partition

if TYPE_CHECKING:
    from ..datapackage import DataPackage

__all__ = ["DOCUMENT_COLUMNS", "TABLES", "CorpusRun", "read_corpus", "run_corpus"]

#: The extractor's tables, each written with a leading ``doc_id`` column.
TABLES = ("countries", "people", "quotes", "dates", "priorities")
ENGINES = ("local", "processes")
_FORMAT = 1


@dataclass(frozen=True)
class CorpusRun:
    """What :func:`run_corpus` did: documents read and failed, partitions done and reused."""

    out: Path
    documents: int
    failed: int
    partitions: int
    reused: int


def _settings(published: Any, max_bytes: int, data_dir: str | None) -> dict[str, Any]:
    from .. import __version__

    return {
        "published": published,
        "max_bytes": max_bytes,
        "data_dir": data_dir,
        "natoanalysis": __version__,
    }


# --------------------------------------------------------------------------
# One partition (runs in a worker)


@dataclass(frozen=True)
class _Task:
    out: str
    settings: dict[str, Any]

    def __call__(self, parts: list[Partition]) -> list[dict[str, Any]]:
        return [_do_partition(p, self.out, self.settings) for p in parts]


def _do_partition(part: Partition, out: str, settings: dict[str, Any]) -> dict[str, Any]:
    from ..extract import COLUMNS, extract_rows, parse_published
    from ..extract.base import _frame
    from ..gazetteer import load_gazetteer

    # built once per worker process, then cached; looked up once per partition
    gaz = load_gazetteer(settings["data_dir"])
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    ids: dict[str, list[str]] = {t: [] for t in TABLES}
    docs: list[dict[str, Any]] = []
    for doc in read_partition(part, settings["published"], settings["max_bytes"]):
        row = {"doc_id": doc.doc_id, "source": doc.source, "bytes": doc.nbytes}
        window = None
        if doc.error is None:
            try:
                window = parse_published(doc.published)
                found = extract_rows(doc.text or "", window, gaz)
            except Exception as exc:  # one bad document never stops the run
                doc.error = f"{doc.source}: extractor failed: {type(exc).__name__}: {exc}"
            else:
                for name in TABLES:
                    rows[name] += found[name]
                    ids[name] += [doc.doc_id] * len(found[name])
        row["published_start"], row["published_end"] = window or (pd.NaT, pd.NaT)
        row["status"] = "ok" if doc.error is None else "failed"
        row["error"] = doc.error
        docs.append(row)
    # one DataFrame per table and partition, not five per document
    outputs = {}
    for name in TABLES:
        df = _frame(COLUMNS[name], rows[name])
        df.insert(0, "doc_id", pd.array(ids[name], dtype="string"))
        outputs[name] = df
    outputs["documents"] = documents_frame(docs, part.index)
    files = {}
    for name, df in outputs.items():
        data = parquet(df)
        rel = f"{name}/part-{part.index:05d}.parquet"
        atomic_write_bytes(Path(out, rel), data)
        files[name] = {"path": rel, "rows": len(df), "sha256": hashlib.sha256(data).hexdigest()}
    entry = {
        "partition": part.index,
        "key": part.key(settings),
        "documents": len(docs),
        "failed": sum(d["error"] is not None for d in docs),
        "files": files,
    }
    atomic_write_bytes(_entry_path(out, part.index), _json(entry))
    return entry


def _json(obj: Any) -> bytes:
    return (json.dumps(obj, indent=1, sort_keys=True, default=str) + "\n").encode("utf-8")


def _entry_path(out: str | Path, index: int) -> Path:
    return Path(out, "_manifest", f"part-{index:05d}.json")


# --------------------------------------------------------------------------
# Manifest and resume


def _verified(out: Path, part: Partition, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The partition's manifest entry if its files are all there, whole; else None."""
    try:
        entry = json.loads(_entry_path(out, part.index).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if entry.get("key") != part.key(settings):
        return None
    for info in entry.get("files", {}).values():
        try:
            data = (out / info["path"]).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != info["sha256"]:
            return None
    return entry


def _prepare(out: Path, config: dict[str, Any], resume: bool, force: bool) -> None:
    marker = out / "_corpus.json"
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not marker.exists():
            raise FileExistsError(f"{out} is not empty and is not a corpus output; choose another")
        if resume:
            old = json.loads(marker.read_text(encoding="utf-8"))
            changed = sorted(k for k in config if old.get(k) != config[k])
            if changed:
                raise ValueError(
                    f"{out} was written from other input or settings ({', '.join(changed)} "
                    "differ); use --force to start over"
                )
        elif force:
            for name in (*TABLES, "documents", "_manifest"):
                shutil.rmtree(out / name, ignore_errors=True)
            for name in ("manifest.json", "_corpus.json"):
                (out / name).unlink(missing_ok=True)
        else:
            raise FileExistsError(
                f"{out} holds an earlier corpus run; use --resume to finish it or --force to "
                "start over"
            )
    (out / "manifest.json").unlink(missing_ok=True)
    for stray in [*out.glob(".*.part"), *out.glob("*/.*.part")]:  # a killed run's temporaries
        if stray.is_dir() and not stray.is_symlink():
            shutil.rmtree(stray)
        else:
            stray.unlink()
    atomic_write_bytes(marker, _json(config))


# --------------------------------------------------------------------------
# Engines


def _compute(
    todo: list[Partition],
    task: _Task,
    engine: str,
    workers: int | None,
    scheduler: Any,
    done: Callable[[dict[str, Any]], None],
) -> None:
    import dask.bag as db

    bag = db.from_sequence(todo, npartitions=len(todo)).map_partitions(task)
    if scheduler is not None:
        from distributed import Client, as_completed

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        try:
            futures = client.compute(bag.to_delayed())
            for fut in as_completed(futures):
                for entry in fut.result():
                    done(entry)
                fut.release()
        finally:
            if client is not scheduler:
                client.close()
        return
    from dask.callbacks import Callback

    class _Done(Callback):
        def _posttask(self, key, result, dsk, state, worker_id):
            if isinstance(result, list):
                for entry in result:
                    if isinstance(entry, dict) and "files" in entry:
                        done(entry)

    # Dask's scheduler functions, not their names: given a name, Dask first
    # imports dask.distributed (about 0.3 s) to look for a running cluster.
    import dask.local

    kwargs: dict[str, Any] = {"scheduler": dask.local.get_sync}
    if engine == "processes":
        import dask.multiprocessing

        # one partition per hand-out (Dask's default of 6 leaves a worker idle at the end)
        kwargs = {"scheduler": dask.multiprocessing.get, "chunksize": 1}
        kwargs["num_workers"] = workers or os.cpu_count() or 1
    with _Done():
        bag.compute(**kwargs)


def run_corpus(
    input_path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    engine: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    partition_size: int = 200,
    published: Any = None,
    max_bytes: int = 5_000_000,
    data_dir: str | os.PathLike[str] | DataPackage | None = None,
    resume: bool = False,
    force: bool = False,
    progress: bool = True,
) -> CorpusRun:
    """Extract every document of ``input_path`` into Parquet tables under ``out``.

    ``engine`` is ``"local"`` (in this process, Dask's synchronous scheduler)
    or ``"processes"`` (Dask's process pool, ``workers`` processes);
    ``scheduler`` (a ``tcp://host:port`` address or a ``distributed.Client``)
    sends the work to a Dask cluster instead, whose workers must see
    ``input_path`` and ``out`` at the same paths. ``published`` is the default
    publication day or ``A..B`` window for documents that do not give one.
    ``progress`` shows documents done, rate and time left on standard error.
    ``data_dir`` is the data package the extractor reads (a folder or a
    :class:`~natoanalysis.datapackage.DataPackage`; default
    ``$NATOANALYSIS_DATA_DIR``, else the bundled one), resolved by the
    client so that every worker reads the same one.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if published is not None:
        from ..extract import parse_published

        parse_published(published)
    root = Path(out).resolve()
    parts, fingerprint = plan(input_path, partition_size)
    # Resolved here, once: workers (other processes, other machines) use the
    # package the client chose, whatever their own environment says. Loading
    # it first makes a broken copy fail the run before anything is written.
    from ..datapackage import data_dir as resolve_data_dir
    from ..datapackage import load_package

    dd = str(resolve_data_dir(data_dir).resolve())
    load_package(dd)
    settings = _settings(published, max_bytes, dd)
    config = {
        "format": _FORMAT,
        "input": str(Path(input_path).resolve()),
        "input_fingerprint": fingerprint,
        "partition_size": partition_size,
        "partitions": len(parts),
        **settings,
    }
    _prepare(root, config, resume, force)
    entries: dict[int, dict[str, Any]] = {}
    if resume:
        for p in parts:
            if (entry := _verified(root, p, settings)) is not None:
                entries[p.index] = entry
    todo = [p for p in parts if p.index not in entries]
    sizes = {p.index: p.size for p in parts}
    bar = _progress_bar(progress, sum(sizes.values()), entries)

    def done(entry: dict[str, Any]) -> None:
        if entry["partition"] in entries:  # reported twice (a task and its final gather)
            return
        entries[entry["partition"]] = entry
        if bar is not None:
            bar.update(sizes[entry["partition"]])

    try:
        if todo:
            _compute(todo, _Task(str(root), settings), engine, workers, scheduler, done)
    finally:
        if bar is not None:
            bar.close()
    missing = [p.index for p in parts if p.index not in entries]
    if missing:
        raise RuntimeError(f"partitions {missing[:5]} did not report back; run again with --resume")
    ordered = [entries[p.index] for p in parts]
    manifest = {**config, "complete": True, "entries": ordered}
    manifest["documents"] = sum(e["documents"] for e in ordered)
    manifest["failed"] = sum(e["failed"] for e in ordered)
    atomic_write_bytes(root / "manifest.json", _json(manifest))
    reused = len(parts) - len(todo)
    return CorpusRun(root, manifest["documents"], manifest["failed"], len(parts), reused)


def _progress_bar(enabled: bool, total: int, entries: dict[int, dict[str, Any]]) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    initial = sum(e["documents"] for e in entries.values())
    return tqdm(total=total, initial=min(initial, total), unit="doc", desc="corpus", smoothing=0.1)


# --------------------------------------------------------------------------
# Reading back


def read_corpus(
    out: str | os.PathLike[str], tables: tuple[str, ...] | None = None
) -> dict[str, pd.DataFrame]:
    """The tables of a finished run, in document order, read from the files its manifest lists.

    Raises :class:`FileNotFoundError` when the run is not complete (no
    ``manifest.json``): an interrupted run is finished with ``resume=True``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(out)
    try:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{root}: no manifest.json, the corpus run is not complete (resume it first)"
        ) from None
    names = tables or (*TABLES, "documents")
    empty = empty_tables()
    result = {}
    for name in names:
        paths = [root / e["files"][name]["path"] for e in manifest["entries"]]
        df = pa.concat_tables([pq.read_table(p) for p in paths]).to_pandas()
        # Parquet keeps only the categories a file uses: restore the declared dtypes
        dtypes = empty[name].dtypes.to_dict() if name in empty else {"status": STATUS}
        result[name] = df.astype({c: t for c, t in dtypes.items() if c in df.columns})
    return result
