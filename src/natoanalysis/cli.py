"""Command line: ``natoanalysis COMMAND`` (report, tables, figures, validate, execute,
extract, factcheck, corpus, check).

Exit codes: 0 success; 1 the work failed (a notebook raised, the data is
invalid); 2 bad usage or a refused write (an existing file or folder that
``--force`` would allow).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["build_parser", "main"]


def _print_problems(problems: list[str]) -> None:
    print(f"{len(problems)} problem(s) found:", file=sys.stderr)
    for p in problems:
        print(f"  - {p}", file=sys.stderr)


def _refused(exc: FileExistsError) -> int:
    print(f"error: {exc}; use --force to overwrite", file=sys.stderr)
    return 2


def _files(n: int, what: str = "file") -> str:
    """``1 file``, ``2 files``.

    >>> _files(1), _files(0), _files(3, "figure file")
    ('1 file', '0 files', '3 figure files')
    """
    return f"{n} {what}" + ("" if n == 1 else "s")


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import (
        DataInvalid,
        ExportFailed,
        NotebookFailed,
        NotExecuted,
        build_report,
        find_notebooks,
        no_notebooks_message,
    )

    try:
        notebooks = find_notebooks(args.notebooks)
        if not notebooks:
            print(f"error: {no_notebooks_message(args.notebooks)}", file=sys.stderr)
            return 2
        build_report(
            args.out,
            notebooks=notebooks,
            force=args.force,
            exports=not args.no_exports,
            jobs=args.jobs,
            data_dir=args.data_dir,
            stored=args.stored,
        )
    except NotExecuted as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    except DataInvalid as exc:
        print(
            f"error: the data package {exc.folder} is not valid; nothing was written",
            file=sys.stderr,
        )
        _print_problems(exc.problems)
        return 1
    except (NotebookFailed, ExportFailed) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # --stored with another data folder
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: could not write the report to {args.out}: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    from .datapackage import load_package
    from .errors import DataError
    from .export import write_tables

    formats = tuple(args.format)
    try:
        pkg = load_package(args.data_dir)
        written = write_tables(
            args.out, args.table or None, formats, data_dir=pkg, force=args.force
        )
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        return _refused(exc)
    except OSError as exc:
        print(f"error: could not write to {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {_files(len(written))} to {args.out}")
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
    try:
        written = write_figures(args.out, names, formats, data_dir=args.data_dir, force=args.force)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileExistsError as exc:
        return _refused(exc)
    except OSError as exc:
        print(f"error: could not write to {args.out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {_files(len(written))} to {args.out}")
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
    from .report import NotebookFailed, execute_in_place, find_notebooks, no_notebooks_message

    paths = [Path(p) for p in args.notebook] or find_notebooks()
    if not paths:
        print(f"error: {no_notebooks_message()}", file=sys.stderr)
        return 2
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"error: {missing[0]}: no such notebook", file=sys.stderr)
        return 2
    try:
        execute_in_place(paths, jobs=args.jobs)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate

    problems = validate(args.data_dir)
    if problems:
        _print_problems(problems)
        return 1
    print("data package is valid")
    if getattr(args, "sources", False):
        _print_sources_report(args.data_dir)
    return 0


#: Help for every ``--data-dir`` option.
DATA_DIR_HELP = (
    "an edited copy of the data package (default: $NATOANALYSIS_DATA_DIR if set, "
    "else the bundled one)"
)


def _print_sources_report(data_dir: str | None) -> None:
    from .provenance import format_sources_report, sources_report

    print()
    print(format_sources_report(sources_report(data_dir)))


def _add_data_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)


def _add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="notebooks to run at once, each in its own kernel (default: one per core)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="natoanalysis",
        description="Sourced NATO tables, charts and notebooks around a June 2024 news story.",
        epilog="Exit codes: 0 success, 1 failure, 2 bad usage or refused write.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "report",
        help="execute every notebook and write an HTML report with figures and tables",
        description="Execute every notebook in a fresh kernel and write HTML pages, an index, "
        "every figure (PNG, SVG), every table (CSV, Parquet, JSON) and the data package.",
    )
    p.add_argument("--out", default="build/report", help="output folder (default: build/report)")
    p.add_argument(
        "--notebooks",
        metavar="DIR",
        help="folder of NN_topic.ipynb notebooks (default: the package's notebooks)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write into a non-empty folder that an earlier report did not make",
    )
    p.add_argument("--no-exports", action="store_true", help="only the HTML pages and index")
    p.add_argument(
        "--stored",
        action="store_true",
        help="start no kernel: show the outputs saved in the notebooks (executed top to bottom "
        "on the bundled data), in seconds instead of minutes",
    )
    _add_jobs(p)
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

    p = sub.add_parser(
        "validate",
        help="validate the data package and cross-table checks",
        description="Check the data package: every table against its schema and row rules "
        "(types, keys, constraints), and the checks across tables (sources resolve, article "
        "spans match the text). Exits 1 with a list of problems.",
    )
    p.add_argument(
        "--sources",
        action="store_true",
        help="also print the kinds of source behind each table's rows and the sourcing targets",
    )
    _add_data_dir(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "execute",
        help="re-execute notebooks in place (refreshes the outputs nbval checks)",
        description="Run notebooks top to bottom, each in a fresh kernel, and store their "
        "outputs in place: what nbval compares against. Run it after a change to the data, "
        "the charts or the pinned packages. Exits 2 when there is no notebook to run.",
    )
    p.add_argument("notebook", nargs="*", help="notebooks to run (default: every notebook)")
    _add_jobs(p)
    p.set_defaults(func=_cmd_execute)

    # Commands that live beside the modules they drive.
    from . import cli_check, cli_corpus, cli_extract, cli_factcheck

    for module in (cli_extract, cli_factcheck, cli_corpus, cli_check):
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
