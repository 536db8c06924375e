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
    "article_metadata",
    "as_of",
    "load_article_text",
    "load_events",
    "load_members",
    "load_people",
    "load_secretaries_general",
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


def as_of(data_dir: PathLike = None) -> pd.Timestamp:
    """The date the package's reference facts were last checked (``x-as-of``).

    Derived values that run "to today" (the incumbent's tenure) run to this
    date instead, so that results do not change from one day to the next.

    >>> as_of() >= pd.Timestamp("2026-01-01")
    True
    """
    return pd.Timestamp(load_package(data_dir).descriptor["x-as-of"])


def article_metadata(data_dir: PathLike = None) -> dict[str, object]:
    """What the data package records about the article (``x-article``).

    ``published_window`` is the inferred publication window as two
    Timestamps; the reasoning behind it is in ``published_reasoning``.

    >>> [d.date().isoformat() for d in article_metadata()["published_window"]]
    ['2024-06-20', '2024-06-25']
    """
    meta = dict(load_package(data_dir).descriptor["x-article"])
    meta["published_window"] = [pd.Timestamp(d) for d in meta["published_window"]]
    return meta


def load_article_text(data_dir: PathLike = None) -> str:
    """The bundled article, exactly as the spans in the tables index it.

    >>> text = load_article_text()
    >>> text.splitlines()[0]
    "Mark Rutte Secures NATO Leadership After Hungary's Last-Minute Backing"
    """
    pkg = load_package(data_dir)
    path = str(article_metadata(data_dir)["path"])
    return (pkg.root / path).read_text(encoding="utf-8")


def load_secretaries_general(data_dir: PathLike = None) -> pd.DataFrame:
    """Every tenure of NATO's Secretary General since 1952, acting ones included.

    Columns from the data package: ``term_id`` (key, time order), ``name``,
    ``person_id``, ``nationality_iso3``, ``start_date``, ``end_date`` (empty
    for the incumbent), ``is_acting``, ``official_number`` (NATO's count of
    appointed holders), ``gap_before_reason``, ``source_id``, ``notes``.
    Derived on load:

    - ``tenure_days`` (Int64): ``end_date - start_date``; for the incumbent,
      to :func:`as_of`;
    - ``is_incumbent`` (boolean): no end date yet.

    Handover convention: a tenure ends on the day the next one starts.

    >>> sg = load_secretaries_general()
    >>> sg.loc[sg["is_incumbent"], "name"].item()
    'Mark Rutte'
    >>> int(sg.loc[sg["name"] == "Jens Stoltenberg", "tenure_days"].item())
    3653
    """
    return load_table("secretaries_general", data_dir)


def _post_secretaries_general(df: pd.DataFrame) -> pd.DataFrame:
    end = df["end_date"].fillna(as_of())
    df["tenure_days"] = (end - df["start_date"]).dt.days.astype("Int64")
    df["is_incumbent"] = df["end_date"].isna().astype("boolean")
    return df


def load_people(data_dir: PathLike = None) -> pd.DataFrame:
    """Everyone the article names, and everyone the events need.

    Columns: ``person_id`` (key), ``name``, ``country_iso3``, ``roles`` and
    ``aliases`` (semicolon-separated strings), ``source_id``. Derived on
    load: ``alias_list``, the aliases as a Python list.

    >>> people = load_people()
    >>> "the Dutch leader" in people.set_index("person_id").loc["mark_rutte", "alias_list"]
    True
    """
    return load_table("people", data_dir)


def _post_people(df: pd.DataFrame) -> pd.DataFrame:
    df["alias_list"] = df["aliases"].str.split(";")
    return df


def load_events(data_dir: PathLike = None) -> pd.DataFrame:
    """The 2024 appointment race as a timeline: sourced events and the article's account.

    ``kind`` is ``sourced`` (a public source reports it) or ``article`` (the
    article states it: ``article_start``/``article_end`` index the words in
    :func:`load_article_text`, ``time_expression`` is the article's own time
    words, ``linked_event_id`` the sourced event it describes and
    ``differs`` where the accounts disagree). Dates carry a
    ``date_precision`` (day, month, year or range, ending at ``end_date``).
    Derived on load: ``plot_date``, the event's date or, for an article row
    without one, its linked event's date.

    >>> ev = load_events()
    >>> ev.set_index("event_id").loc["art_rutte_visits_budapest", "place"]
    'Budapest'
    >>> ev.set_index("event_id").loc["rutte_orban_meeting", "place"]
    'Brussels'
    """
    return load_table("events", data_dir)


def _post_events(df: pd.DataFrame) -> pd.DataFrame:
    by_id = df.set_index("event_id")["event_date"]
    linked = df["linked_event_id"].map(by_id)
    df["plot_date"] = df["event_date"].fillna(linked)
    return df


_POST = {
    "secretaries_general": _post_secretaries_general,
    "people": _post_people,
    "events": _post_events,
}
