"""How strong the sources behind each table are: grades, coverage and the targets.

Every source in ``sources.csv`` carries a ``source_kind``, an ordered grade
(strongest first) declared in ``datapackage.json``. This module answers the
questions a reader who cites the tables asks: which kinds of source back the
rows of each table, how many rows rest on the primary record, and which rest
only on a weak one.

>>> report = sources_report()
>>> float(report.tables.loc["members", "official_record_pct"])
100.0
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "KIND_ORDER",
    "STRONG_KINDS",
    "SourcesReport",
    "describe_source_kinds",
    "format_sources_report",
    "row_kinds",
    "sources_by_kind",
    "sources_report",
]

#: Source kinds, strongest first (the order of the enum in ``datapackage.json``).
KIND_ORDER: tuple[str, ...] = (
    "official_record",
    "wire",
    "press",
    "specialist",
    "reference",
    "republisher",
)
#: Kinds that count as a firm backing for a row (the primary record, an
#: agency or a newsroom).
STRONG_KINDS: frozenset[str] = frozenset({"official_record", "wire", "press"})
#: Tables whose every row must rest on the primary record.
OFFICIAL_TABLES: tuple[str, ...] = ("members", "secretaries_general", "defence_spending")
#: Share of all data rows that must rest on a strong source, in percent.
STRONG_TARGET_PCT = 90.0

PathLike = str | os.PathLike[str] | None


def row_kinds(data_dir: PathLike = None) -> pd.DataFrame:
    """One row per data row of every table that cites a source.

    Columns: ``table``, ``source_id`` and the source's ``source_kind``
    (ordered category, strongest first).

    >>> kinds = row_kinds()
    >>> set(kinds.loc[kinds["table"] == "members", "source_kind"])
    {'official_record'}
    """
    from .tables import load_sources, load_table, table_names

    kinds = load_sources(data_dir).set_index("source_id")["source_kind"]
    frames = []
    for name in table_names(data_dir):
        if name == "sources":
            continue
        df = load_table(name, data_dir)
        if "source_id" not in df.columns:
            continue
        frames.append(pd.DataFrame({"table": name, "source_id": df["source_id"].astype(str)}))
    rows = pd.concat(frames, ignore_index=True)
    rows["source_kind"] = pd.Categorical(
        rows["source_id"].map(kinds), categories=list(KIND_ORDER), ordered=True
    )
    return rows


@dataclass(frozen=True)
class SourcesReport:
    """Source kinds behind the data rows, per table, and the three targets.

    ``tables``: one row per table (index), a column per source kind (row
    counts), ``rows``, ``strong_pct`` (rows on official_record, wire or press)
    and ``official_record_pct``. ``sources``: count of sources per kind.
    """

    tables: pd.DataFrame
    sources: pd.Series
    strong_pct: float
    official_tables: dict[str, float]
    republisher_rows: pd.DataFrame

    @property
    def targets(self) -> dict[str, bool]:
        """Each target and whether the data meet it."""
        met = {f">= {STRONG_TARGET_PCT:g}% of rows on a strong source": self.strong_pct >= 90.0}
        for name, pct in self.official_tables.items():
            met[f"100% of {name} rows on the official record"] = pct == 100.0
        met["no row backed only by a republisher"] = self.republisher_rows.empty
        return met


def sources_report(data_dir: PathLike = None) -> SourcesReport:
    """Grade the rows of every table by the kind of source behind them."""
    from .tables import load_sources

    rows = row_kinds(data_dir)
    tables = (
        rows.groupby(["table", "source_kind"], observed=False)
        .size()
        .unstack("source_kind")
        .reindex(columns=list(KIND_ORDER), fill_value=0)
    )
    tables.columns = list(tables.columns.astype(str))
    tables["rows"] = tables[list(KIND_ORDER)].sum(axis=1)
    strong = tables[sorted(STRONG_KINDS)].sum(axis=1)
    tables["strong_pct"] = (100 * strong / tables["rows"]).round(1)
    tables["official_record_pct"] = (100 * tables["official_record"] / tables["rows"]).round(1)
    strong_pct = round(100 * float(strong.sum()) / float(tables["rows"].sum()), 1)
    official = {
        name: float(tables.loc[name, "official_record_pct"])
        for name in OFFICIAL_TABLES
        if name in tables.index
    }
    kinds = load_sources(data_dir)["source_kind"]
    sources = kinds.value_counts().reindex(list(KIND_ORDER), fill_value=0)
    republisher = rows[rows["source_kind"] == "republisher"].reset_index(drop=True)
    return SourcesReport(tables, sources, strong_pct, official, republisher)


def format_sources_report(report: SourcesReport | None = None) -> str:
    """The report as plain text, as ``natoanalysis validate --sources`` prints it."""
    report = report or sources_report()
    t = report.tables
    lines = ["Rows per table by the kind of source behind them (strongest first):", ""]
    width = max(len(n) for n in t.index)
    head = f"{'table':<{width}}  " + "  ".join(f"{k[:11]:>11}" for k in KIND_ORDER)
    lines.append(head + f"  {'rows':>5}  {'strong%':>7}  {'official%':>9}")
    for name, row in t.iterrows():
        cells = "  ".join(f"{int(row[k]):>11}" for k in KIND_ORDER)
        lines.append(
            f"{name:<{width}}  {cells}  {int(row['rows']):>5}  "
            f"{row['strong_pct']:>7.1f}  {row['official_record_pct']:>9.1f}"
        )
    lines += ["", "Sources by kind: " + ", ".join(f"{k} {n}" for k, n in report.sources.items())]
    lines += ["", f"All rows on official_record, wire or press: {report.strong_pct:.1f}%"]
    for name, pct in report.official_tables.items():
        lines.append(f"{name} rows on official_record: {pct:.1f}%")
    lines.append(f"Rows backed only by a republisher: {len(report.republisher_rows)}")
    lines += ["", "Targets:"]
    lines += [f"  [{'met' if ok else 'NOT met'}] {what}" for what, ok in report.targets.items()]
    return "\n".join(lines)


#: How each kind reads in a sentence (plural).
KIND_LABELS: dict[str, str] = {
    "official_record": "official records",
    "wire": "news agency reports",
    "press": "newspaper and broadcaster reports",
    "specialist": "specialist sources",
    "reference": "reference works",
    "republisher": "republished copies",
}


def describe_source_kinds(data_dir: PathLike = None) -> str:
    """The count of sources of each kind, strongest first, as one sentence.

    >>> describe_source_kinds().startswith("Sources by kind, strongest first: ")
    True
    """
    counts = sources_report(data_dir).sources
    parts = [f"{int(n)} {KIND_LABELS[k]}" for k, n in counts.items() if n]
    return "Sources by kind, strongest first: " + ", ".join(parts) + "."


def sources_by_kind(source_ids: pd.Series | list[str], data_dir: PathLike = None) -> pd.DataFrame:
    """The sources behind some rows, grouped by kind, strongest first.

    For a notebook's sources cell: pass the ``source_id`` column of the rows
    shown; get one row per source with its kind, publisher, title, published
    date and how many of those rows cite it, ordered by kind (strongest
    first), then by rows cited.

    >>> from natoanalysis import load_members
    >>> sources_by_kind(load_members()["source_id"])["source_kind"].unique().tolist()
    ['official_record']
    """
    from .tables import load_sources

    cited = pd.Series(list(source_ids), dtype="string").value_counts()
    src = load_sources(data_dir).set_index("source_id")
    missing = sorted(set(cited.index) - set(src.index))
    if missing:
        raise KeyError(f"source_id not in sources.csv: {', '.join(missing)}")
    out = src.loc[
        cited.index, ["source_kind", "publisher", "title", "published_date", "original_publisher"]
    ].assign(rows=cited.to_numpy())
    out.index.name = "source_id"
    out = out.reset_index().sort_values(
        ["source_kind", "rows", "source_id"], ascending=[True, False, True], kind="stable"
    )
    out["published_date"] = out["published_date"].dt.strftime("%Y-%m-%d").fillna("undated")
    out["original_publisher"] = out["original_publisher"].fillna("")
    return out.reset_index(drop=True)
