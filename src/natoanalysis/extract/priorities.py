"""The text's list items as priorities, each with a topic and its evidence tables."""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..article import Article
from ..gazetteer import Gazetteer
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
#
# Each list item is classified from its whole text by cues, each with a weight:
#
# - enlargement (2 each): expansion, enlargement, accession, new member, join,
#   full member, membership, open door, admission, aspirant, ratify; (1 each) a
#   word of obstruction (obstacle, block, veto, hold-out, held up, challenge, objection, delay,
#   stall, "last allies") when the item names an ally: the ally standing in
#   the way of a candidate (Hungary became an obstacle);
# - defence_spending (2 each): spending, budget, expenditure, GDP, burden
#   sharing, investment; (1 each) a percentage;
# - ukraine_support (1): Ukraine, Kyiv, Ukrainian, a Ukrainian person;
# - united_states (1 each): the United States, Washington, an American
#   person; the White House, the Pentagon, Congress.
#
# The topic with the highest total wins (ties in the order of TOPICS); none:
# other. ``evidence_words`` lists the cues of the winning topic.

_PRIORITY_COLUMNS = {
    "priority_id": "string",
    "rank": "Int64",
    "text": "string",
    "start": "Int64",
    "end": "Int64",
    "topic": "category:" + ",".join(TOPICS),
    "evidence": "string",
    "evidence_words": "string",
}
_ENLARGEMENT = re.compile(
    r"(?i)\b(?:expan\w*|enlarg\w*|accession\w*|(?:new|full)\s+members?|join\w*|membership|"
    r"open[- ]door|admission|aspirant\w*|ratif\w*)"
)
# an ally standing in the way: "Hungary became an obstacle", "Türkiye stood as the main challenge"
_BLOCKING = re.compile(
    r"(?i)\b(?:obstacle\w*|block\w*|veto\w*|hold-?outs?|h[eo]ld(?:ing)?\s+up|challenge|"
    r"objection\w*|delay\w*|"
    r"stall\w*|last\s+allies)"
)
_SPENDING = re.compile(
    r"(?i)\b(?:spend\w*|budget\w*|expenditure\w*|GDP|burden[- ]shar\w*|invest\w*)"
)
_PERCENT = re.compile(r"(?i)\b(?:\d+(?:\.\d+)?|two|three|five)\s*(?:%|per\s*cent|percent)")
_US_WORDS = re.compile(r"\b(?:White\s+House|Pentagon|Congress|Oval\s+Office)\b")


def _topic(
    start: int,
    end: int,
    text: str,
    countries: list[tuple[int, int, str]],
    c_starts: list[int],
    people: list[_Person],
    p_starts: list[int],
    gaz: Gazetteer,
) -> tuple[str, list[str]]:
    """The item's topic and the words that decided it (see :func:`_priorities`)."""
    segment = text[start:end]
    i, j = bisect.bisect_left(c_starts, start), bisect.bisect_left(c_starts, end)
    states: dict[str, str] = {}
    for s, e, iso3 in countries[i:j]:
        states.setdefault(iso3, text[s:e])
    k, n = bisect.bisect_left(p_starts, start), bisect.bisect_left(p_starts, end)
    for p in people[k:n]:
        if p.person_id:
            states.setdefault(gaz.person_country.get(p.person_id, ""), text[p.start : p.end])
    cues: dict[str, list[tuple[str, int]]] = {t: [] for t in TOPICS}
    cues["enlargement"] += [(m.group(0), 2) for m in _ENLARGEMENT.finditer(segment)]
    allies = [w for iso3, w in states.items() if iso3 in gaz.accession]
    if allies:
        cues["enlargement"] += [(m.group(0), 1) for m in _BLOCKING.finditer(segment)]
    cues["defence_spending"] += [(m.group(0), 2) for m in _SPENDING.finditer(segment)]
    cues["defence_spending"] += [(m.group(0), 1) for m in _PERCENT.finditer(segment)]
    if "UKR" in states:
        cues["ukraine_support"].append((states["UKR"], 1))
    if "USA" in states:
        cues["united_states"].append((states["USA"], 1))
    cues["united_states"] += [(m.group(0), 1) for m in _US_WORDS.finditer(segment)]
    best, score = "other", 0
    for topic in TOPICS:  # ties go to the earlier topic
        total = sum(w for _, w in cues[topic])
        if total > score:
            best, score = topic, total
    words = list(dict.fromkeys(" ".join(w.split()) for w, _ in cues[best]))
    if best == "enlargement" and not any(wt == 2 for _, wt in cues[best]):
        words = list(dict.fromkeys([*allies, *words]))  # the blocking ally is evidence too
    return best, words


def _priorities(
    text: str,
    art: Article,
    countries: list[tuple[int, int, str]],
    people: list[_Person],
    gaz: Gazetteer,
) -> list[dict[str, Any]]:
    c_starts = [c[0] for c in countries]
    p_starts = [p.start for p in people]
    rows = []
    for rank, item in enumerate(art.list_items, 1):
        topic, words = _topic(
            item.start, item.end, text, countries, c_starts, people, p_starts, gaz
        )
        rows.append(
            {
                "priority_id": f"p{rank}",
                "rank": rank,
                "text": item.text,
                "start": item.start,
                "end": item.end,
                "topic": topic,
                "evidence": EVIDENCE[topic],
                "evidence_words": ";".join(words) or None,
            }
        )
    return rows
