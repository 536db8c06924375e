"""``natoanalysis factcheck``: export the article's claims and verdicts.

Wired into the main parser by :func:`add_parser`::

    natoanalysis factcheck [--format claimreview|csv] [--out FILE] [--force] [--data-dir DIR]

Without ``--out`` the export goes to standard output. With it, the file is
written atomically and an existing file is never overwritten unless
``--force`` is given (exit status 2). Bad data exits with status 1 and a
message naming the file, line and column.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_parser"]


def _cmd_factcheck(args: argparse.Namespace) -> int:
    from .errors import DataError
    from .factcheck import render, write_claimreview

    try:
        if args.out:
            path = write_claimreview(
                args.out, force=args.force, fmt=args.format, data_dir=args.data_dir
            )
            print(f"wrote {path}", file=sys.stderr)
        else:
            sys.stdout.write(render(args.format, args.data_dir))
    except FileExistsError as exc:
        print(f"error: {exc}; use --force to overwrite", file=sys.stderr)
        return 2
    except (DataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``factcheck`` command on an ``argparse`` subparsers object.

    >>> parser = argparse.ArgumentParser(prog="natoanalysis")
    >>> _ = add_parser(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["factcheck", "--format", "csv"])
    >>> args.format, args.out, args.force
    ('csv', None, False)
    """
    from .factcheck import FORMATS

    p = subparsers.add_parser(
        "factcheck",
        help="export the article's claims and verdicts (ClaimReview JSON-LD or CSV)",
        description=(
            "Export every checkable claim in the article with its verdict and sources: as "
            "schema.org ClaimReview JSON-LD (the markup fact-checkers publish) or as CSV."
        ),
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="claimreview",
        help="claimreview (JSON-LD, the default) or csv",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument(
        "--data-dir", metavar="DIR", help="data folder (default: the bundled data package)"
    )
    p.set_defaults(func=_cmd_factcheck)
    return p
