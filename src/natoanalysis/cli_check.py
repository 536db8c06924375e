"""``natoanalysis check``: check a news text against the data package.

    natoanalysis check FILE [--published YYYY-MM-DD[..YYYY-MM-DD]]
                            [--format table|csv|claimreview] [--out FILE] [--force]
                            [--encoding ENC] [--data-dir DIR]

Prints every statement of a covered kind with its verdict, the value the
text asserts, the value the data holds, the rule and the sources; or writes
them to ``--out`` through :func:`natoanalysis.export.write_file` (atomically,
never over an existing file unless ``--force``).
The table format ends with the kinds looked for.

Exit codes: 0 done; 1 the input or the data could not be read, or the output
could not be written; 2 refused (an output exists) or bad arguments.

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="natoanalysis")
>>> _ = add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["check", "story.txt", "--published", "2024-06-21"])
>>> args.format, args.published
('table', '2024-06-21')
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["FORMATS", "add_parser", "render", "run"]

FORMATS = ("table", "csv", "claimreview")


def _published(value: str) -> str:
    import pandas as pd

    from .check._common import parse_published

    try:
        parse_published(value, pd.Timestamp("2000-01-01"))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def render(result: Any, fmt: str) -> str:
    """The check as text: an aligned table, CSV, or ClaimReview JSON-LD (validated)."""
    if fmt == "csv":
        return result.to_csv()
    if fmt == "claimreview":
        from .factcheck import validate_claimreview

        reviews = result.claimreview()
        problems = validate_claimreview(reviews) if reviews else []
        if problems:
            raise ValueError("the ClaimReview export is invalid: " + "; ".join(problems))
        return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    lines = []
    for r in result.claims.itertuples(index=False):
        lines.append(
            f"{r.claim_id}  [{r.verdict}]  {r.kind}  chars {r.article_start}-{r.article_end}"
        )
        lines.append(f"    text says: {r.quote!r} -> {r.asserted}")
        lines.append(f"    data says: {r.data_value}  ({r.check_id})")
        lines.append(f"    {r.explanation}")
        lines.append(f"    sources: {', '.join(r.evidence_source_ids) or '-'}")
    lines.append(result.summary())
    return "\n".join(lines) + "\n"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the ``check`` subcommand; its handler returns an exit code."""
    p = subparsers.add_parser(
        "check",
        help="check a news text's statements against the data (verdict per statement)",
        description=(
            "Find the statements in a news text that the data package can settle (alliance "
            "size, accessions and membership, office holders and tenures, defence spending, "
            "summits, NATO's founding) and judge each: supported, partly supported, "
            "contradicted or unverified, with the value the data holds and its sources."
        ),
    )
    p.add_argument("file", help="the text file to check (UTF-8 text, or HTML)")
    p.add_argument(
        "--published",
        type=_published,
        metavar="YYYY-MM-DD",
        help="publication date, or a window FIRST..LAST (default: the data's as-of date)",
    )
    p.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--encoding", metavar="ENC", help="the file's encoding if it is not UTF-8")
    p.add_argument("--data-dir", metavar="DIR", help="an edited copy of the data package")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Handle ``natoanalysis check``: returns the exit code."""
    from .check import check_article
    from .errors import DataError
    from .export import write_file
    from .extract import read_text_file

    src = Path(args.file)
    try:
        text = read_text_file(src, encoding=args.encoding)
        result = check_article(text, args.published, data_dir=args.data_dir)
        out = render(result, args.format)
    except (FileNotFoundError, DataError, ValueError, LookupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if not args.out:
        sys.stdout.write(out)
        return 0
    try:
        path = write_file(args.out, out, force=args.force)
    except FileExistsError as exc:
        print(f"error: {exc}; use --force to overwrite", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({len(result.claims)} statements)", file=sys.stderr)
    return 0
