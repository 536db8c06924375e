"""What the tables hold for each priority the extractor finds.

:func:`natoanalysis.extract_article` gives every priority a ``topic`` and
the tables holding evidence for it (``evidence``, from
:data:`natoanalysis.extract.EVIDENCE`). This module looks that evidence up:
one measurement from each table, in a sentence, so a notebook, a page or a
test gets the same answer.

>>> import natoanalysis as na
>>> from natoanalysis import evidence
>>> text = na.load_article_text()
>>> window = na.article_metadata()["published_window"]
>>> tables = na.extract_article(text, published=window)
>>> p3 = tables["priorities"].set_index("priority_id").loc["p3"]
>>> evidence.states_in(p3, tables["countries"])
['SWE']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from .fmt import fmt_day

__all__ = ["evidence_line", "states_in"]


def states_in(priority: Mapping[str, Any] | pd.Series, countries: pd.DataFrame) -> list[str]:
    """The ISO3 codes of the states mentioned inside a priority's span, in order, once each.

    ``priority`` has ``start`` and ``end`` (a row of the extractor's
    ``priorities`` table); ``countries`` is the extractor's ``countries`` table.
    """
    start, end = int(priority["start"]), int(priority["end"])
    inside = countries[(countries["start"] >= start) & (countries["end"] <= end)]
    return list(dict.fromkeys(inside["iso3"]))


def _involves(codes: pd.Series, iso3: str) -> pd.Series:
    return codes.fillna("").astype(str).str.split(";").apply(lambda c: iso3 in c)


def evidence_line(
    priority: Mapping[str, Any] | pd.Series,
    countries: pd.DataFrame,
    on: pd.Timestamp | date | str,
    data_dir: Any = None,
) -> str:
    """One measurement, in Markdown, from the table the priority's topic points to.

    ``on`` is the day membership is judged on (the first day of the
    article's publication window). The topics are those of
    :data:`natoanalysis.extract.TOPICS`; a topic with no table says so.

    >>> import natoanalysis as na
    >>> text = na.load_article_text()
    >>> first, last = na.article_metadata()["published_window"]
    >>> t = na.extract_article(text, published=(first, last))
    >>> p = t["priorities"].set_index("priority_id")
    >>> evidence_line(p.loc["p3"], t["countries"], first)
    '`members`: 32 allies on 20 June 2024; Sweden joined on 7 March 2024.'
    >>> evidence_line({"topic": "other", "start": 0, "end": 0}, t["countries"], first)
    'no table yet.'
    """
    from .tables import load_defence_spending, load_events, load_members, load_people

    topic = str(priority["topic"])
    day = pd.Timestamp(on)
    if topic == "enlargement":
        members = load_members(data_dir)
        allies = int((members["accession_date"] <= day).sum())
        named = members[members["iso3"].isin(states_in(priority, countries))]
        joined = "; ".join(
            f"{r.name} joined on {fmt_day(r.accession_date, '%-d %B %Y')}"
            for r in named.itertuples()
        )
        return f"`members`: {allies} allies on {fmt_day(day, '%-d %B %Y')}; {joined}."
    if topic == "defence_spending":
        spending = load_defence_spending(data_dir)
        year = day.year
        n = spending.loc[spending["year"] == year, "iso3"].nunique()
        return (
            f"`defence_spending`: NATO's {year} figure (or the reason it is missing) "
            f"for {n} allies; see notebook 06."
        )
    if topic == "united_states":
        people = load_people(data_dir)
        events = load_events(data_dir)
        us_people = people.loc[people["country_iso3"] == "USA", "name"]
        us_events = _involves(events["country_iso3s"], "USA")
        return (
            f"`people`: {len(us_people)} US people ({', '.join(us_people)}); "
            f"`events`: {int(us_events.sum())} events involving the United States."
        )
    if topic == "ukraine_support":
        events = load_events(data_dir)
        about = events["title"].str.contains("Ukraine", na=False) | events[
            "description"
        ].str.contains("Ukraine", na=False)
        return (
            f"`events`: {int(about.sum())} events mention Ukraine "
            f"({'; '.join(events.loc[about, 'title'])})."
        )
    return "no table yet."
