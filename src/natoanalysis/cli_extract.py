"""``natoanalysis extract``: read a news text file and write its tables.

    natoanalysis extract FILE [--published YYYY-MM-DD[..YYYY-MM-DD]] [--out DIR]
                              [--format csv|parquet|json] [--encoding ENC] [--force]
                              [--max-bytes N]

Writes one file per table (countries, people, quotes, dates, priorities) as
``DIR/<FILE stem>_<table>.<format>``, each written whole or not at all.
Nothing is written if any of them exists already, unless ``--force``.

Only regular files are read (a device or FIFO such as ``/dev/zero`` is
refused), up to ``--max-bytes`` (default 64 MiB).

Exit codes: 0 written; 1 the input could not be read (not UTF-8, binary,
missing, not a regular file, larger than ``--max-bytes``); 2 refused (an
output exists) or bad arguments; 3 the output folder cannot be written
(no permission, not a folder, an invalid path).

:func:`add_parser` registers the subcommand on an :mod:`argparse`
sub-parser collection:

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="natoanalysis")
>>> sub = parser.add_subparsers(dest="command")
>>> _ = add_parser(sub)
>>> args = parser.parse_args(["extract", "story.txt", "--published", "2024-06-21"])
>>> args.format, args.published
('csv', '2024-06-21')
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

MAX_BYTES = 64 * 1024 * 1024  # natoanalysis.extract.MAX_BYTES (kept here: no heavy import)


def _published(value: str) -> str:
    from .extract import parse_published

    try:
        parse_published(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def _max_bytes(value: str) -> int:
    try:
        n = int(value.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of bytes") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: the limit must be at least 1 byte")
    return n


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``extract`` subcommand; its handler returns an exit code."""
    p = subparsers.add_parser(
        "extract",
        help="read a news text and write its countries, people, quotes, dates and priorities",
        description=(
            "Read a news text (plain UTF-8 text, or HTML reduced to its text) and write "
            "five tidy tables: countries, people, quotes, dates and priorities. Every row "
            "gives the character span of the words it comes from."
        ),
    )
    p.add_argument("file", help="the text file to read")
    p.add_argument(
        "--published",
        type=_published,
        metavar="YYYY-MM-DD[..YYYY-MM-DD]",
        help=(
            "publication date, or a window FIRST..LAST; relative dates (last week, in "
            "October) are resolved against it and NATO membership is judged on it"
        ),
    )
    p.add_argument("--out", default=".", metavar="DIR", help="output folder (default: .)")
    p.add_argument(
        "--format",
        choices=("csv", "parquet", "json"),
        default="csv",
        help="output format (default: csv)",
    )
    p.add_argument(
        "--encoding",
        metavar="ENC",
        help="the file's text encoding if it is not UTF-8 (for example cp1252, latin-1)",
    )
    p.add_argument("--force", action="store_true", help="replace output files that exist")
    p.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=MAX_BYTES,
        metavar="N",
        help=f"refuse input files larger than N bytes (default: {MAX_BYTES:,}, i.e. 64 MiB)",
    )
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Handle ``natoanalysis extract``: returns the exit code."""
    from .errors import DataError
    from .export import write_frames
    from .extract import extract_file

    src = Path(args.file)
    try:
        tables = extract_file(src, args.published, encoding=args.encoding, max_bytes=args.max_bytes)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"error: cannot write the tables to --out {out}: it is not a folder", file=sys.stderr)
        return 3
    try:
        paths = write_frames(tables, args.out, (args.format,), stem=src.stem, force=args.force)
    except FileExistsError as exc:
        print(f"error: {exc}; use --force to replace", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"error: cannot write the tables to --out {args.out}: {reason}", file=sys.stderr)
        return 3
    for name, path in zip(tables, paths):
        print(f"{path}  ({len(tables[name])} {name} rows)")
    return 0
