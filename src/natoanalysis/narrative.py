"""Words for commentary: dates, ordinals, tallies and small tables as prose.

The notebooks write their commentary from the tables (so the prose cannot go
stale); the phrasing they share lives here, so that a date, a count of
developments or the article's words for a priority read the same in every
notebook and can be tested.

>>> import natoanalysis as na
>>> from natoanalysis import narrative
>>> outcomes = na.load_outcomes()
>>> narrative.when(outcomes.set_index("outcome_id").loc["p1_05"])
'5 March 2025'
>>> narrative.ordinal(32)
'32nd'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from .errors import DataError
from .fmt import fmt_day

__all__ = [
    "day",
    "days_between",
    "developments",
    "direction_counts",
    "markdown_table",
    "ordinal",
    "priority_quote",
    "state_in_prose",
    "tally",
    "when",
]


def day(ts: object) -> str:
    """A date as the commentary writes it.

    >>> day(pd.Timestamp("2024-10-01"))
    '1 October 2024'
    """
    return fmt_day(pd.Timestamp(ts), "%-d %B %Y")


def ordinal(n: int) -> str:
    """``n`` with its English suffix.

    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 32, 111)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '32nd', '111th']
    """
    n = int(n)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0, "th")
    return f"{n}{suffix}"


# Short names that English prose writes with "the" (as the CIA World Factbook
# and the UK FCDO write them in running text).
_WITH_THE = frozenset(
    {"Netherlands", "United States", "United Kingdom", "Czech Republic", "Philippines"}
)


def state_in_prose(name: str, *, start: bool = False) -> str:
    """A state's short name as a sentence uses it: "the Netherlands", "Hungary".

    ``start`` capitalises the article at the start of a sentence.

    >>> [state_in_prose(n) for n in ("Netherlands", "Hungary", "United States")]
    ['the Netherlands', 'Hungary', 'the United States']
    >>> state_in_prose("United Kingdom", start=True)
    'The United Kingdom'
    """
    if name in _WITH_THE:
        return f"{'The' if start else 'the'} {name}"
    return name


def when(row: Mapping[str, Any] | pd.Series) -> str:
    """A dated row's ``event_date`` at its ``date_precision``: a day, a month or a year.

    A date known only to the month is never written as a day.

    >>> when({"event_date": pd.Timestamp("2025-06-01"), "date_precision": "month"})
    'June 2025'
    >>> when({"event_date": pd.Timestamp("2025-06-24"), "date_precision": "day"})
    '24 June 2025'
    """
    date = pd.Timestamp(row["event_date"])
    precision = str(row.get("date_precision", "day") or "day")
    if precision == "month":
        return f"{date:%B %Y}"
    if precision == "year":
        return f"{date:%Y}"
    return day(date)


def days_between(start: object, end: object) -> str:
    """The whole days from ``start`` to ``end`` in words, for a sentence.

    >>> days_between("2025-03-05", "2025-03-11")
    '6 days'
    >>> days_between("2025-06-24", "2025-06-25")
    '1 day'
    """
    n = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def direction_counts(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Developments per priority (rows) and direction (columns, in the table's order).

    Every direction the ``direction`` column allows is a column, zero-filled.

    >>> import natoanalysis as na
    >>> counts = direction_counts(na.load_outcomes())
    >>> list(counts.columns)
    ['advanced', 'mixed', 'no change', 'set back']
    >>> int(counts.to_numpy().sum()) == len(na.load_outcomes())
    True
    """
    direction = outcomes["direction"]
    if isinstance(direction.dtype, pd.CategoricalDtype):
        order = [str(c) for c in direction.cat.categories]
    else:
        order = sorted(direction.dropna().astype(str).unique())
    table = pd.crosstab(outcomes["priority_id"].astype(str), direction.astype(str))
    return table.reindex(columns=order, fill_value=0).astype(int)


def tally(outcomes: pd.DataFrame, priority_id: str) -> str:
    """How one priority's developments split by direction, in words (zero counts left out).

    >>> import natoanalysis as na
    >>> tally(na.load_outcomes(), "p3").startswith("**")
    True
    """
    counts = direction_counts(outcomes)
    if priority_id not in counts.index:
        return "no developments"
    c = counts.loc[priority_id]
    parts = [f"**{int(c[d])}** {d}" for d in counts.columns if c[d]]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def priority_quote(priority_id: str, priorities: pd.DataFrame, article: str) -> str:
    """The article's exact words for one priority, as Markdown, checked against the article.

    Raises :class:`~natoanalysis.errors.DataError` when the recorded span
    does not slice the article to the recorded words.

    >>> import natoanalysis as na
    >>> words = priority_quote("p3", na.load_priorities(), na.load_article_text())
    >>> words.startswith("Item 3 of the article's list of Rutte's immediate priorities")
    True
    >>> print(words.splitlines()[-1])
    > *Overseeing NATO's ongoing expansion with new member Sweden*
    """
    p = priorities.set_index("priority_id").loc[priority_id]
    start, end = int(p["article_start"]), int(p["article_end"])
    if article[start:end] != p["text"]:
        raise DataError(
            f"priorities.csv, priority {priority_id}: characters {start}–{end} of the article "
            f"read {article[start:end]!r}, not {p['text']!r}"
        )
    return (
        f"Item {p['rank']} of the article's list of Rutte's immediate priorities "
        f"(characters {start}–{end} of the article):\n\n> *{p['text']}*"
    )


def developments(outcomes: pd.DataFrame, priority_id: str, sources: pd.DataFrame) -> pd.DataFrame:
    """One priority's developments in date order: date (at its precision), title,
    direction, the reason for the direction and the source's publisher.

    ``sources`` is ``na.load_sources()`` (indexed by ``source_id`` or not).

    >>> import natoanalysis as na
    >>> d = developments(na.load_outcomes(), "p1", na.load_sources())
    >>> list(d.columns)
    ['date', 'title', 'direction', 'why', 'source']
    """
    if "source_id" in sources.columns:
        sources = sources.set_index("source_id")
    rows = outcomes[outcomes["priority_id"] == priority_id].sort_values(
        ["event_date", "outcome_id"]
    )
    return rows.assign(
        date=[when(r) for _, r in rows.iterrows()],
        why=rows["direction_reason"],
        source=rows["source_id"].map(sources["publisher"]),
    ).set_index("outcome_id")[["date", "title", "direction", "why", "source"]]


def markdown_table(df: pd.DataFrame) -> str:
    """A small table as Markdown (lighter in a notebook than a DataFrame's HTML).

    Every cell is shown in full; a ``|`` inside a cell becomes ``/``.

    >>> print(markdown_table(pd.DataFrame({"a": [1]}, index=pd.Index(["x"], name="id"))))
    | id | a |
    |---|---|
    | x | 1 |
    """
    cells = [[str(v).replace("|", "/") for v in row] for row in df.itertuples()]
    head = [str(df.index.name or ""), *map(str, df.columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(c) + " |" for c in cells])
