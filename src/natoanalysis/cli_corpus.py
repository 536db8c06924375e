"""``natoanalysis corpus``: run the extractor over many documents on Dask.

    natoanalysis corpus INPUT --out DIR [--engine local|processes] [--workers N]
                        [--scheduler ADDRESS] [--partition-size N] [--published DATE]
                        [--max-bytes N] [--resume | --force] [--no-progress] [--data-dir DIR]

INPUT is a folder of ``.txt``/``.html`` files or a JSON Lines file of
``{"id", "text", "published", "url"}`` records. DIR receives one Parquet
dataset per table (countries, people, quotes, dates, priorities, documents);
see :mod:`natoanalysis.corpus`.

Exit codes: 0 done (bad documents are listed in the ``documents`` table and
counted on standard error); 1 the input could not be read or the run failed;
2 refused (DIR holds other files or an earlier run) or bad arguments.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="natoanalysis")
>>> _ = add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["corpus", "news.jsonl", "--out", "out", "--engine", "processes"])
>>> args.engine, args.workers, args.resume
('processes', None, False)
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .cli_extract import _published

__all__ = ["add_parser", "run"]


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return n


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``corpus`` subcommand; its handler returns an exit code."""
    p = subparsers.add_parser(
        "corpus",
        help="extract the tables of many documents (a folder or JSON Lines) with Dask",
        description=(
            "Run the extractor over every document of a folder of .txt/.html files or a JSON "
            "Lines file and write one Parquet dataset per table, with a doc_id column, plus a "
            "documents table recording every document and why any could not be read."
        ),
    )
    p.add_argument("input", help="a folder of .txt/.html files, or a .jsonl file")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--engine",
        choices=("local", "processes"),
        default="local",
        help="local: in this process (default); processes: a pool of local processes",
    )
    p.add_argument(
        "--workers", type=_positive, metavar="N", help="processes for --engine processes"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="an existing Dask cluster (tcp://host:8786); its workers must see INPUT and DIR",
    )
    p.add_argument(
        "--partition-size",
        type=_positive,
        default=200,
        metavar="N",
        help="documents per task and per output file (default: 200)",
    )
    p.add_argument(
        "--published",
        type=_published,
        metavar="YYYY-MM-DD",
        help="publication date (or FIRST..LAST) for documents that do not give one",
    )
    p.add_argument(
        "--max-bytes",
        type=_positive,
        default=5_000_000,
        metavar="N",
        help="a larger document is recorded as failed, not read (default: 5000000)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--resume", action="store_true", help="finish an interrupted run in DIR (same input)"
    )
    mode.add_argument("--force", action="store_true", help="discard an earlier run in DIR")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    from .cli import DATA_DIR_HELP

    p.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Handle ``natoanalysis corpus``: returns the exit code."""
    from .corpus import run_corpus
    from .errors import DataError

    try:
        done = run_corpus(
            args.input,
            args.out,
            engine=args.engine,
            workers=args.workers,
            scheduler=args.scheduler,
            partition_size=args.partition_size,
            published=args.published,
            max_bytes=args.max_bytes,
            data_dir=args.data_dir,
            resume=args.resume,
            force=args.force,
            progress=not args.no_progress,
        )
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (FileNotFoundError, DataError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    reused = f", {done.reused} reused from the earlier run" if done.reused else ""
    print(
        f"{done.documents} documents in {done.partitions} partitions{reused}: "
        f"{done.documents - done.failed} read, {done.failed} failed; tables in {done.out}"
    )
    if done.failed:
        print(
            f"warning: {done.failed} document(s) could not be read; see the error column of "
            f"{done.out / 'documents'}",
            file=sys.stderr,
        )
    return 0
