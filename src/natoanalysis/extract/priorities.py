"""The text's list items as priorities, each with a topic and its evidence tables."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from ..article import Article
from ..gazetteer import Gazetteer
from .base import _frame
from .names import _Person

TOPICS = ("ukraine_support", "united_states", "enlargement", "defence_spending", "other")
#: Where our tables hold evidence for each topic (table names; the loader is ``load_<name>()``).
EVIDENCE = {
    "ukraine_support": "events",
    "united_states": "people;events",
    "enlargement": "members",
    "defence_spending": "defence_spending",
    "other": None,
}


# --------------------------------------------------------------------------
# Priorities

_PRIORITY_COLUMNS = {
    "priority_id": "string",
    "rank": "Int64",
    "text": "string",
    "start": "Int64",
    "end": "Int64",
    "topic": "category:" + ",".join(TOPICS),
    "evidence": "string",
}
_ENLARGEMENT = re.compile(
    r"(?i)\b(?:expan\w*|enlarg\w*|accession\w*|new\s+members?|join\w*|membership|"
    r"open[- ]door|admission|aspirant\w*)"
)
_SPENDING = re.compile(
    r"(?i)\b(?:spend\w*|budget\w*|expenditure\w*|GDP|burden[- ]shar\w*|invest\w*|"
    r"(?:2|two)\s*(?:%|per\s*cent|percent))"
)


def _topic(
    start: int,
    end: int,
    text: str,
    countries: list[tuple[int, int, str]],
    c_starts: list[int],
    people: list[_Person],
    p_starts: list[int],
    gaz: Gazetteer,
) -> str:
    segment = text[start:end]
    if _ENLARGEMENT.search(segment):
        return "enlargement"
    if _SPENDING.search(segment):
        return "defence_spending"
    i, j = bisect.bisect_left(c_starts, start), bisect.bisect_left(c_starts, end)
    states = {iso3 for _, _, iso3 in countries[i:j]}
    k, n = bisect.bisect_left(p_starts, start), bisect.bisect_left(p_starts, end)
    for p in people[k:n]:
        if p.person_id:
            states.add(gaz.person_country.get(p.person_id, ""))
    if "UKR" in states:
        return "ukraine_support"
    if "USA" in states:
        return "united_states"
    return "other"


def _priorities(
    text: str,
    art: Article,
    countries: list[tuple[int, int, str]],
    people: list[_Person],
    gaz: Gazetteer,
) -> pd.DataFrame:
    c_starts = [c[0] for c in countries]
    p_starts = [p.start for p in people]
    rows = []
    for rank, item in enumerate(art.list_items, 1):
        topic = _topic(item.start, item.end, text, countries, c_starts, people, p_starts, gaz)
        rows.append(
            {
                "priority_id": f"p{rank}",
                "rank": rank,
                "text": item.text,
                "start": item.start,
                "end": item.end,
                "topic": topic,
                "evidence": EVIDENCE[topic],
            }
        )
    return _frame(_PRIORITY_COLUMNS, rows)
