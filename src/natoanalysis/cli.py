"""Command line: ``natoanalysis COMMAND`` (report, tables, figures, validate, execute,
extract, factcheck, check).

Exit codes: 0 success; 1 the work failed (a notebook raised, the data is
invalid); 2 bad usage or a refused write (an existing file or folder that
``--force`` would allow).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["build_parser", "main"]


@contextmanager
def _data_dir_env(args: argparse.Namespace) -> Iterator[None]:
    """Point loaders (here and in notebook kernels started from here) at --data-dir.

    The variable is restored afterwards, so calling :func:`main` from Python
    leaves the caller's environment as it was.
    """
    from .datapackage import ENV_DATA_DIR

    chosen = getattr(args, "data_dir", None)
    old = os.environ.get(ENV_DATA_DIR)
    if chosen:
        os.environ[ENV_DATA_DIR] = str(Path(chosen).resolve())
    try:
        yield
    finally:
        if chosen:
            if old is None:
                os.environ.pop(ENV_DATA_DIR, None)
            else:
                os.environ[ENV_DATA_DIR] = old


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import NotebookFailed, build_report, find_notebooks

    try:
        notebooks = find_notebooks(args.notebooks) if args.notebooks else None
        build_report(args.out, notebooks=notebooks, force=args.force, exports=not args.no_exports)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _refuse_existing(paths: list[Path], force: bool) -> int:
    clash = [p for p in paths if p.exists()]
    if clash and not force:
        print(
            f"error: {clash[0]} exists (and {len(clash) - 1} more); use --force to overwrite",
            file=sys.stderr,
        )
        return 2
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    from .datapackage import load_package
    from .errors import DataError
    from .export import write_tables

    formats = tuple(args.format)
    try:
        names = args.table or load_package().table_names
        targets = [Path(args.out) / f"{n}.{f}" for n in names for f in formats]
        if _refuse_existing(targets, args.force):
            return 2
        written = write_tables(args.out, names, formats)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def _cmd_figures(args: argparse.Namespace) -> int:
    from .errors import DataError
    from .figures import FIGURES, write_figures

    if args.list:
        print("\n".join(FIGURES))
        return 0
    names = args.figure or list(FIGURES)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        print(f"error: unknown figure {unknown[0]!r}; see --list", file=sys.stderr)
        return 2
    formats = tuple(args.format)
    targets = [Path(args.out) / f"{n}.{f}" for n in names for f in formats]
    if _refuse_existing(targets, args.force):
        return 2
    try:
        written = write_figures(args.out, names, formats)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
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


def _add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="an edited copy of the data package (default: the bundled one, "
        "or $NATOANALYSIS_DATA_DIR)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="natoanalysis",
        description="Sourced NATO tables, charts and notebooks around a June 2024 news story.",
        epilog="Exit codes: 0 success, 1 failure, 2 bad usage or refused write.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "report",
        help="execute every notebook and write an HTML report with figures and tables",
        description="Execute every notebook in a fresh kernel and write HTML pages, an index, "
        "every figure (PNG, SVG), every table (CSV, Parquet, JSON) and the data package.",
    )
    p.add_argument("--out", default="build/report", help="output folder (default: build/report)")
    p.add_argument("--notebooks", help="folder of NN_topic.ipynb notebooks (default: notebooks/)")
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that an earlier report did not make",
    )
    p.add_argument("--no-exports", action="store_true", help="only the HTML pages and index")
    _add_data_dir(p)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("tables", help="export tables as CSV, Parquet and JSON")
    p.add_argument("table", nargs="*", help="tables to export (default: all)")
    p.add_argument("--out", default="build/tables", help="output folder (default: build/tables)")
    p.add_argument(
        "--format",
        nargs="+",
        choices=["csv", "parquet", "json"],
        default=["csv", "parquet", "json"],
        help="formats (default: all three)",
    )
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    _add_data_dir(p)
    p.set_defaults(func=_cmd_tables)

    p = sub.add_parser("figures", help="render every chart without running notebooks")
    p.add_argument("figure", nargs="*", help="figures to render (default: all; see --list)")
    p.add_argument("--out", default="build/figures", help="output folder (default: build/figures)")
    p.add_argument(
        "--format",
        nargs="+",
        choices=["png", "svg"],
        default=["png", "svg"],
        help="formats (default: png and svg)",
    )
    p.add_argument("--list", action="store_true", help="list the figure names and exit")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    _add_data_dir(p)
    p.set_defaults(func=_cmd_figures)

    p = sub.add_parser("validate", help="validate the data package and cross-table checks")
    _add_data_dir(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "execute", help="re-execute notebooks in place (refreshes the outputs nbval checks)"
    )
    p.add_argument("notebook", nargs="*", help="notebooks to run (default: every notebook)")
    p.set_defaults(func=_cmd_execute)

    # Commands that live beside the modules they drive.
    from . import cli_check, cli_extract, cli_factcheck

    for module in (cli_extract, cli_factcheck, cli_check):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with _data_dir_env(args):
        return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
