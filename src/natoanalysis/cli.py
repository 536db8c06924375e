"""Command line: ``natoanalysis report | tables | validate``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import NotebookFailed, build_report, find_notebooks

    try:
        notebooks = find_notebooks(args.notebooks) if args.notebooks else None
        build_report(args.out, notebooks=notebooks, force=args.force)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .report import NotebookFailed, execute_in_place, find_notebooks

    paths = [Path(p) for p in args.notebook] or find_notebooks()
    try:
        execute_in_place(paths)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems = validate(args.data_dir)
    if problems:
        print(f"{len(problems)} problem(s) found:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("data package is valid")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="natoanalysis",
        description="Sourced NATO tables, charts and notebooks around a June 2024 news story.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("report", help="execute every notebook and write an HTML report")
    p.add_argument("--out", default="build/report", help="output folder (default: build/report)")
    p.add_argument("--notebooks", help="folder of NN_topic.ipynb notebooks (default: notebooks/)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that an earlier report did not make",
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "execute", help="re-execute notebooks in place (refreshes the outputs nbval checks)"
    )
    p.add_argument("notebook", nargs="*", help="notebooks to run (default: every notebook)")
    p.set_defaults(func=_cmd_execute)

    p = sub.add_parser("validate", help="validate the data package and cross-table checks")
    p.add_argument("--data-dir", help="data folder (default: the bundled data package)")
    p.set_defaults(func=_cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
