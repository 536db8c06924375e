"""One loader per table: fresh, validated DataFrames with real dtypes.

Every loader reads through the data handle (:mod:`natoanalysis.datapackage`),
so the folder, types, keys, constraints and declared rules come from
``datapackage.json`` and nowhere else; ``data_dir`` may be a folder or a
:class:`~natoanalysis.datapackage.DataPackage`. Each table carries its
metadata in ``df.attrs`` (see :func:`table_metadata`). Results are cached
while the package's files are unchanged; each call returns a fresh copy
that the caller may modify freely.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from .datapackage import DataPackage, load_package, read_table
from .errors import DataError

__all__ = [
    "article_metadata",
    "as_of",
    "load_article_text",
    "load_claim_evidence",
    "load_claims",
    "load_country_aliases",
    "load_country_shapes",
    "load_defence_spending",
    "load_events",
    "load_glossary",
    "load_guidelines",
    "load_members",
    "load_outcomes",
    "load_people",
    "load_priorities",
    "load_secretaries_general",
    "load_sources",
    "load_table",
    "table_names",
]

#: A data folder, a :class:`~natoanalysis.datapackage.DataPackage` handle, or
#: ``None`` for the default (see :func:`natoanalysis.data_dir`).
PathLike = str | os.PathLike[str] | DataPackage | None

_CACHE: dict[tuple[Any, ...], pd.DataFrame] = {}


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
    pkg = load_package(data_dir)
    key = (name, pkg.stamp())
    cached = _CACHE.get(key)
    if cached is None:
        df = read_table(name, pkg)
        post = _POST.get(name)
        if post is not None:
            df = post(df, pkg)
        df.attrs.update(table_metadata(name, pkg, df))
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = cached = df
    out = cached.copy()
    out.attrs = _copy_attrs(cached.attrs)
    return out


def _copy_attrs(attrs: dict[str, Any]) -> dict[str, Any]:
    return dict(attrs)  # the values are read-only (_Metadata): sharing them is safe


class _Metadata(dict):
    """A read-only mapping for ``df.attrs`` values.

    pandas deep-copies ``attrs`` on every operation; a read-only value can
    be shared instead, so carrying the metadata costs nothing per operation.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> _Metadata:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Metadata, (dict(self),))

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("table metadata is read-only; copy it with dict(...) to change it")

    __setitem__ = __delitem__ = _read_only
    update = pop = popitem = clear = setdefault = _read_only  # type: ignore[assignment]


def table_metadata(name: str, data_dir: PathLike, df: pd.DataFrame | None = None) -> dict[str, Any]:
    """What a loaded table carries in ``df.attrs``: where it came from and what it means.

    - ``table``, ``title``, ``description``: the resource in ``datapackage.json``;
    - ``fields``: column name -> ``{"type", "description", "unit"}`` (``unit``
      from the field's ``x-unit``, or ``None``);
    - ``sources``: source_id -> ``{"title", "publisher", "url"}`` for every
      source the rows cite, so a chart can caption itself from the table;
    - ``as_of``: the package's as-of date (``YYYY-MM-DD``);
    - ``article_published_window``: the article's inferred publication
      window (two ``YYYY-MM-DD`` dates), where the package records it;
    - ``data_dir``: the data folder the table was read from.

    >>> m = load_members()
    >>> m.attrs["fields"]["accession_date"]["type"], m.attrs["as_of"] >= "2026"
    ('date', True)
    >>> set(m.attrs["sources"]) == set(m["source_id"])
    True
    """
    pkg = load_package(data_dir)
    res = pkg.resource(name)
    meta: dict[str, Any] = {
        "table": name,
        "title": res.title,
        "description": res.description,
        "fields": _Metadata(
            {
                f.name: _Metadata(
                    type=f.type, description=f.description, unit=f.descriptor.get("x-unit")
                )
                for f in res.fields
            }
        ),
        "as_of": pkg.as_of.date().isoformat(),
        "data_dir": str(pkg.root),
    }
    try:
        window = pkg.article["published_window"]
        meta["article_published_window"] = [d.date().isoformat() for d in window]
    except DataError:
        pass  # a package without x-article: tables load; article-relative charts need start=
    if df is not None and "source_id" in df.columns:
        sources = df if name == "sources" else load_table("sources", pkg)
        cited = set(df["source_id"].dropna().astype(str))
        columns = [sources[c].astype(object).tolist() for c in ("source_id", "title", "publisher")]
        urls = sources["url"].astype(object).tolist()
        meta["sources"] = _Metadata(
            {
                str(sid): _Metadata(
                    title=title, publisher=publisher, url=None if pd.isna(url) else url
                )
                for sid, title, publisher, url in zip(*columns, urls)
                if str(sid) in cited
            }
        )
    return meta


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
    ``published_date`` (or ``date_unknown_reason``), ``accessed_date``,
    ``source_kind`` (ordered category, strongest first: see
    :data:`natoanalysis.provenance.KIND_ORDER`), ``original_publisher`` and
    ``original_url`` (for a copy), ``checked_via`` and ``notes``.

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
    return load_package(data_dir).as_of


def article_metadata(data_dir: PathLike = None) -> dict[str, object]:
    """What the data package records about the article (``x-article``).

    ``published_window`` is the inferred publication window as two
    Timestamps; the reasoning behind it is in ``published_reasoning``.

    >>> [d.date().isoformat() for d in article_metadata()["published_window"]]
    ['2024-06-20', '2024-06-25']
    """
    meta = dict(load_package(data_dir).article)
    meta["published_window"] = list(meta["published_window"])
    return meta


def load_article_text(data_dir: PathLike = None) -> str:
    """The bundled article, exactly as the spans in the tables index it.

    >>> text = load_article_text()
    >>> text.splitlines()[0]
    "Mark Rutte Secures NATO Leadership After Hungary's Last-Minute Backing"
    """
    return load_package(data_dir).article_text()


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


def _post_secretaries_general(df: pd.DataFrame, pkg: DataPackage) -> pd.DataFrame:
    end = df["end_date"].fillna(pkg.as_of)
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


def _post_people(df: pd.DataFrame, pkg: DataPackage) -> pd.DataFrame:
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


def _post_events(df: pd.DataFrame, pkg: DataPackage) -> pd.DataFrame:
    by_id = df.set_index("event_id")["event_date"]
    linked = df["linked_event_id"].map(by_id)
    df["plot_date"] = df["event_date"].fillna(linked)
    return df


def load_defence_spending(data_dir: PathLike = None) -> pd.DataFrame:
    """Defence expenditure per ally and year, 2014-2025 (long form).

    Columns from the data package: ``iso3`` and ``year`` (together the key),
    ``pct_gdp`` (Float64, % of GDP as published in the release dated
    ``release_date``: June 2024 for 2014-2024, August 2025 for 2025; missing
    where ``missing_reason`` says why), ``is_estimate``, ``constant_usd_m``
    (million US$ at the prices of ``constant_usd_price_year``) and
    ``equipment_pct`` (share spent on major equipment), ``latest_pct_gdp`` and
    ``latest_release_date`` (the same measure in the latest release checked,
    one vintage for the whole series), ``missing_reason`` (category:
    ``no_armed_forces`` for Iceland, ``not_in_release`` for Germany 2025,
    which NATO's table leaves blank), ``revision`` (where a later release
    changed a figure the package cites), ``source_id``,
    ``cross_check_source_ids`` and ``notes``.

    >>> sp = load_defence_spending()
    >>> sorted(sp["year"].unique().tolist()) == list(range(2014, 2026))
    True
    >>> float(sp.set_index(["iso3", "year"]).loc[("USA", 2014), "pct_gdp"])
    3.71
    >>> sp.loc[sp["iso3"] == "ISL", "missing_reason"].unique().tolist()
    ['no_armed_forces']
    """
    return load_table("defence_spending", data_dir)


def load_guidelines(data_dir: PathLike = None) -> pd.DataFrame:
    """NATO's spending guidelines and commitments (the 2% of Wales 2014, The Hague 2025, ...).

    Columns from the data package: ``guideline_id`` (key), ``title``,
    ``summit``, ``agreed_date`` (+ ``agreed_date_precision``), ``share_pct``
    and ``share_of`` (``gdp`` or ``defence_expenditure``), ``bound``
    (``target``, ``minimum`` or ``maximum``), ``target_year``,
    ``review_year``, ``parent_id`` (a component's headline guideline),
    ``description``, ``source_id`` and ``notes``.

    >>> g = load_guidelines().set_index("guideline_id")
    >>> float(g.loc["wales_2014_2pct", "share_pct"]), int(g.loc["wales_2014_2pct", "target_year"])
    (2.0, 2024)
    >>> g.loc[g["parent_id"] == "hague_2025_5pct", "share_pct"].astype(float).tolist()
    [3.5, 1.5]
    """
    return load_table("guidelines", data_dir)


def load_country_aliases(data_dir: PathLike = None) -> pd.DataFrame:
    """Curated forms a news text uses for a state, for the article extractor's gazetteer.

    Columns from the data package: ``form`` (key: the form as written, e.g.
    *Dutch*, *Budapest*, *US*), ``iso3``, ``kind`` (category: alias,
    adjective, demonym, capital), ``stands_for_state`` (capitals: whether the
    city's name stands for the state's government), ``source_id``, ``notes``.

    >>> forms = load_country_aliases().set_index("form")
    >>> forms.loc["Dutch", ["iso3", "kind"]].tolist()
    ['NLD', 'adjective']
    >>> bool(forms.loc["Brussels", "stands_for_state"])
    False
    """
    return load_table("country_aliases", data_dir)


def load_priorities(data_dir: PathLike = None) -> pd.DataFrame:
    """The article's list of Rutte's priorities, one row per item, as the extractor reads them.

    Columns from the data package: ``priority_id`` (key, ``p1`` to ``p4`` in
    article order), ``rank`` (position in the list), ``text`` (the item's
    words), ``article_start``/``article_end`` (code-point offsets into
    :func:`load_article_text`), ``topic`` (category: ukraine_support,
    united_states, enlargement, defence_spending, other) and ``source_id``
    (``article``). The rows are exactly what
    :func:`natoanalysis.extract.extract_article` returns for the bundled
    article (a test checks it).

    >>> pr = load_priorities()
    >>> pr[["priority_id", "topic"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['p1', 'ukraine_support'], ['p2', 'united_states'], ['p3', 'enlargement'],
     ['p4', 'defence_spending']]
    >>> text = load_article_text()
    >>> all(text[r.article_start : r.article_end] == r.text for r in pr.itertuples())
    True
    """
    return load_table("priorities", data_dir)


def load_glossary(data_dir: PathLike = None) -> pd.DataFrame:
    """The glossary: every term or acronym the notebooks use, defined for a 16-year-old.

    Columns from the data package (``glossary``): ``term`` (key, as the
    notebooks write it), ``also`` (other forms separated by semicolons: an
    acronym's expansion, spelling variants), ``definition`` (one to three
    plain sentences) and ``source_id`` (the public source, a key into
    :func:`load_sources`).

    >>> g = load_glossary().set_index("term")
    >>> g.loc["PURL", "also"].split(";")[0]
    'Prioritised Ukraine Requirements List'
    >>> load_sources().set_index("source_id").loc[g.loc["NSATU", "source_id"], "publisher"]
    'NATO Supreme Headquarters Allied Powers Europe (SHAPE)'
    """
    return load_table("glossary", data_dir)


def load_outcomes(data_dir: PathLike = None) -> pd.DataFrame:
    """What came of the article's four priorities: dated, sourced developments to the as-of date.

    One row per development after the article (June 2024), linked to one
    priority of :func:`load_priorities`. Columns from the data package
    (``outcomes``):

    - ``outcome_id`` (string): key, the priority id and a number in date
      order (``p1_01``);
    - ``event_date`` (datetime64): the day, or the first day of the month or
      year the date is known to; ``date_precision`` (category: day, month,
      year) says which, and ``end_date`` (datetime64) is the last day of
      that month or year (missing for day precision). No fake days;
    - ``priority_id`` (string): the priority (``p1`` Ukraine unity, ``p2``
      Trump's possible return, ``p3`` expansion with Sweden, ``p4`` defence
      spending), a key into :func:`load_priorities`;
    - ``title`` and ``description`` (string): what happened, in our words;
    - ``direction`` (category: advanced, mixed, no change, set back): what it
      did to the priority, from the priority's point of view, with a
      one-line ``direction_reason``;
    - ``country_iso3s`` and ``person_ids`` (string): semicolon-separated ISO
      3166-1 alpha-3 codes and keys into :func:`load_people`;
    - ``source_id`` (string): the public source, a key into
      :func:`load_sources`; ``notes``: how a date was worked out, where
      sources disagree.

    >>> out = load_outcomes()
    >>> out.groupby("priority_id").size().ge(3).all()
    np.True_
    >>> out.set_index("outcome_id").loc["p2_04", ["event_date", "title"]].tolist()
    [Timestamp('2025-01-20 00:00:00'), 'Trump inaugurated for a second term']
    >>> sorted(out["direction"].cat.categories)
    ['advanced', 'mixed', 'no change', 'set back']
    """
    return load_table("outcomes", data_dir)


_POST = {
    "secretaries_general": _post_secretaries_general,
    "people": _post_people,
    "events": _post_events,
}


# Two table families live in their own modules: the claims joined with their
# evidence (._claim_tables) and the map outlines read from GeoJSON (._shapes).
from ._claim_tables import load_claim_evidence, load_claims  # noqa: E402
from ._shapes import SHAPES_RESOURCE as SHAPES_RESOURCE  # noqa: E402
from ._shapes import load_country_shapes  # noqa: E402
