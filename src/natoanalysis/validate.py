"""Validate the whole data package: Frictionless, our loaders and cross-table checks."""

from __future__ import annotations

import os

from .datapackage import data_dir as _data_dir
from .datapackage import load_package
from .errors import DataError

__all__ = ["validate"]


def _frictionless_problems(root: os.PathLike[str]) -> list[str]:
    from frictionless import Package, system

    with system.use_context(trusted=False):
        report = Package(os.path.join(root, "datapackage.json")).validate()
    problems = []
    for task in report.tasks:
        for err in task.errors:
            where = f"{task.name}"
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            if row:
                where += f", row {row}"
            if field:
                where += f", column {field!r}"
            problems.append(f"frictionless: {where}: {err.message}")
    for err in report.errors:
        problems.append(f"frictionless: {err.message}")
    return problems


def _cross_checks() -> list[str]:
    """Checks that span tables or outside references (pycountry)."""
    import pycountry

    from .tables import load_members

    problems = []
    members = load_members()
    for row in members.itertuples():
        country = pycountry.countries.get(alpha_3=row.iso3)
        if country is None or country.alpha_2 != row.iso2:
            problems.append(
                f"members.csv: {row.iso3}: iso2 {row.iso2!r} does not match pycountry's "
                f"{getattr(country, 'alpha_2', None)!r}"
            )
        if row.is_founder != (row.wave == 1949):
            problems.append(f"members.csv: {row.iso3}: is_founder disagrees with wave {row.wave}")
        if row.accession_date.year != int(row.wave):
            problems.append(
                f"members.csv: {row.iso3}: accession year {row.accession_date.year} "
                f"is not its wave {row.wave}"
            )
    return problems


def validate(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Every problem found in the data package, as readable lines (empty if valid).

    >>> validate()
    []
    """
    root = _data_dir(data_dir)
    problems: list[str] = []
    try:
        pkg = load_package(root)
    except DataError as exc:
        return [str(exc)]
    problems += _frictionless_problems(root)
    from .tables import load_table

    for name in pkg.table_names:
        try:
            load_table(name, root)
        except DataError as exc:
            problems.append(str(exc))
    if not problems and data_dir is None:
        problems += _cross_checks()
    return problems
