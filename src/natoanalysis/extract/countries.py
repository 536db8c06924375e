"""Mentions of states: names, aliases, adjectives, demonyms and capitals (with metonymy)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..gazetteer import Gazetteer
from .base import Window
from .datelines import Dateline

# --------------------------------------------------------------------------
# Countries

_COUNTRY_COLUMNS = {
    "mention_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "iso3": "string",
    "country": "string",
    "form": "category:name,alias,adjective,demonym,capital",
    "is_capital_metonym": "boolean",
    "is_member": "boolean",
    "member_on": "datetime64[ns]",
}

_LOCATIVE = frozenset(
    [
        "in",
        "at",
        "to",
        "into",
        "from",
        "near",
        "via",
        "outside",
        "inside",
        "around",
        "across",
        "toward",
        "towards",
        "through",
        "throughout",
        "of",
        "visited",
        "visit",
        "visits",
        "visiting",
        "left",
        "leaving",
        "arrived",
        "arriving",
        "reached",
        "reaching",
        "returned",
        "returning",
        "flew",
        "travelled",
        "traveled",
    ]
)
_WORD_BEFORE = re.compile(r"(\w+)\W*$")


_MOTION = re.compile(
    r"(?i)\b(?:travel\w*|flew|fly|flying|went|go|going|came|come|coming|return\w*|trip|visit\w*|"
    r"journey\w*|moved?|head\w*|arriv\w*|way|back|invit\w*|sent|send\w*|deploy\w*|drove|"
    r"road|flight|relocat\w*)\W+(?:\w+\W+){0,3}$"
)
# a capital used as a modifier names the place or the event: "the Washington summit",
# "The Hague commitment", "Brussels-based", "Washington, D.C."
_MODIFIED = re.compile(
    r"(?:-based|-born|-headquartered|,?\s+D\.C\.|\s+(?:summit|summits|declaration|treaty|"
    r"agreement|accord|conference|communiqu\w+|format|process|protocol|commitment|pledge|"
    r"office|offices|embassy|airport|meeting|talks|headquarters|correspondent|bureau)\b)"
)


def _capital_is_metonym(text: str, start: int, end: int, prev_place: bool | None) -> bool:
    """A capital stands for its state unless it names a place.

    A possessive (*Moscow's position*) always stands for the state. A place:
    after a locative word (*in Kyiv*, *visited Kyiv*; *to* only after a word
    of travel: *flew to Kyiv*, but *gave assurances to Budapest* is the
    state), or as a modifier (*the Washington summit*, *Brussels-based*,
    *Washington, D.C.*). *and*/*or* right after another capital takes that
    capital's reading.
    """
    after = text[end : end + 2]
    if after[:1] in ("'", "’") and (after[1:2] in ("s", "") or not after[1:2].isalpha()):
        return True
    if "D.C." in text[start:end] or _MODIFIED.match(text, end):
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return True
    word = m.group(1).lower()
    if word in ("and", "or") and prev_place is not None:
        return not prev_place
    if word == "to":
        return _MOTION.search(text, max(0, m.start() - 40), m.start()) is None
    return word not in _LOCATIVE


def _dateline_forms(text: str, dateline: Dateline | None, gaz: Gazetteer) -> list[tuple[int, int]]:
    """A dateline place in capitals (*THE HAGUE (Reuters) -*) that the gazetteer knows."""
    if dateline is None:
        return []
    place = text[dateline.place_start : dateline.place_end]
    if not place.isupper() or gaz.country_form(place.title()) is None:
        return []
    return [(dateline.place_start, dateline.place_end)]


def _countries(
    text: str,
    gaz: Gazetteer,
    window: Window | None,
    member_on: pd.Timestamp,
    dateline: Dateline | None = None,
) -> tuple[list[dict[str, Any]], list[tuple[int, int, str]]]:
    rows: list[dict[str, Any]] = []
    found: list[tuple[int, int, str]] = []
    membership: dict[str, bool | None] = {}
    prev_capital_end = -10
    prev_place: bool | None = None
    spans = [(m.start(), m.end()) for m in gaz.country_regex.finditer(text)]
    extra = _dateline_forms(text, dateline, gaz)
    if extra and not any(s < extra[0][1] and extra[0][0] < e for s, e in spans):
        spans = sorted(spans + extra)
    in_dateline = (dateline.place_start, dateline.place_end) if dateline else (-1, -1)
    for start, end in spans:
        form = text[start:end]
        cf = gaz.country_form(form if not form.isupper() or len(form) <= 4 else form.title())
        if cf is None:  # pragma: no cover - every pattern form has a meaning
            continue
        metonym = False
        if (start, end) == in_dateline or in_dateline[0] <= start < in_dateline[1]:
            prev_capital_end, prev_place = end, True  # a dateline names a place
        elif cf.kind == "capital":
            near = prev_place if start - prev_capital_end <= 6 else None
            metonym = _capital_is_metonym(text, start, end, near)
            prev_capital_end, prev_place = end, not metonym
            if metonym and not cf.stands_for_state:
                continue  # e.g. "Brussels" standing for the EU, not Belgium
        if cf.iso3 not in membership:
            if window is None:
                membership[cf.iso3] = gaz.is_member(cf.iso3, member_on)
            else:
                first, last = (gaz.is_member(cf.iso3, d) for d in window)
                membership[cf.iso3] = first if first == last else None
        rows.append(
            {
                "mention_id": f"c{len(rows) + 1}",
                "start": start,
                "end": end,
                "text": form,
                "iso3": cf.iso3,
                "country": gaz.country_names.get(cf.iso3, cf.iso3),
                "form": cf.kind,
                "is_capital_metonym": metonym,
                "is_member": membership[cf.iso3],
                "member_on": member_on,
            }
        )
        found.append((start, end, cf.iso3))
    return rows, found
