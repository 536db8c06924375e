"""One loader per table: fresh, validated DataFrames with real dtypes.

Every loader reads through :mod:`natoanalysis.datapackage`, so the types,
keys and constraints come from ``data/datapackage.json`` and nowhere else.
Results are cached while the CSV files are unchanged; each call returns a
fresh copy that the caller may modify freely.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .datapackage import data_dir as _data_dir
from .datapackage import load_package, read_table

__all__ = [
    "load_members",
    "load_sources",
    "load_table",
    "table_names",
]

PathLike = str | os.PathLike[str] | None

_CACHE: dict[tuple[str, str, tuple[tuple[str, int, int], ...]], pd.DataFrame] = {}


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Modification stamps of every file in the data folder (cache key)."""
    out = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.is_file():
            st = entry.stat()
            out.append((entry.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def table_names(data_dir: PathLike = None) -> list[str]:
    """Names of every table in the data package, in the package's order.

    >>> "members" in table_names()
    True
    """
    return load_package(data_dir).table_names


def load_table(name: str, data_dir: PathLike = None) -> pd.DataFrame:
    """Load any table of the data package by name.

    Columns and dtypes follow ``datapackage.json``; some tables gain derived
    columns on load (see the specific loaders). Raises
    :class:`natoanalysis.DataError` naming the file, line and column of the
    first problem found.

    >>> load_table("members").shape
    (32, 9)
    """
    root = _data_dir(data_dir)
    key = (str(root.resolve()), name, _stamp(root))
    cached = _CACHE.get(key)
    if cached is None:
        df = read_table(name, root)
        post = _POST.get(name)
        if post is not None:
            df = post(df)
        _CACHE[key] = cached = df
    return cached.copy()


def load_members(data_dir: PathLike = None) -> pd.DataFrame:
    """The 32 NATO allies, one row per ally.

    Columns:

    - ``iso3`` (string): ISO 3166-1 alpha-3 code, the primary key;
    - ``iso2`` (string): ISO 3166-1 alpha-2 code;
    - ``name`` (string): display name as NATO writes it (Türkiye, Czechia);
    - ``accession_date`` (datetime64): when the state became a party to the
      North Atlantic Treaty; for the 12 founders the Treaty's entry into force,
      1949-08-24;
    - ``wave`` (ordered category): the enlargement wave, as a year;
    - ``region`` (category): North America or Europe;
    - ``is_founder`` (boolean);
    - ``source_id`` (string): key into :func:`load_sources`.

    >>> members = load_members()
    >>> len(members), int(members["is_founder"].sum())
    (32, 12)
    >>> members["wave"].cat.ordered
    True
    >>> members.loc[members["iso3"] == "SWE", "accession_date"].dt.date.item()
    datetime.date(2024, 3, 7)
    """
    return load_table("members", data_dir)


def load_sources(data_dir: PathLike = None) -> pd.DataFrame:
    """Every source cited in the data package.

    Columns: ``source_id`` (key), ``title``, ``publisher``, ``url``,
    ``published_date``, ``accessed_date`` and ``notes``.

    >>> load_sources().loc[lambda d: d["source_id"] == "article", "url"].isna().item()
    True
    """
    return load_table("sources", data_dir)


_POST: dict[str, object] = {}
