"""Mentions of states: names, aliases, adjectives, demonyms and capitals (with metonymy)."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..gazetteer import Gazetteer
from .base import Window, _frame

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


def _capital_is_metonym(text: str, start: int, end: int, prev_place: bool | None) -> bool:
    """A capital stands for its state unless it follows a locative word (*in Kyiv*).

    A possessive (*Moscow's position*) always stands for the state; *and*/*or*
    right after another capital takes that capital's reading.
    """
    after = text[end : end + 2]
    if after[:1] in ("'", "’") and (after[1:2] in ("s", "") or not after[1:2].isalpha()):
        return True
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return True
    word = m.group(1).lower()
    if word in ("and", "or") and prev_place is not None:
        return not prev_place
    return word not in _LOCATIVE


def _countries(
    text: str, gaz: Gazetteer, window: Window | None, member_on: pd.Timestamp
) -> tuple[pd.DataFrame, list[tuple[int, int, str]]]:
    rows: list[dict[str, Any]] = []
    found: list[tuple[int, int, str]] = []
    membership: dict[str, bool | None] = {}
    prev_capital_end = -10
    prev_place: bool | None = None
    for m in gaz.country_regex.finditer(text):
        cf = gaz.country_form(m.group(0))
        if cf is None:  # pragma: no cover - every pattern form has a meaning
            continue
        metonym = False
        if cf.kind == "capital":
            near = prev_place if m.start() - prev_capital_end <= 6 else None
            metonym = _capital_is_metonym(text, m.start(), m.end(), near)
            prev_capital_end, prev_place = m.end(), not metonym
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
                "start": m.start(),
                "end": m.end(),
                "text": m.group(0),
                "iso3": cf.iso3,
                "country": gaz.country_names.get(cf.iso3, cf.iso3),
                "form": cf.kind,
                "is_capital_metonym": metonym,
                "is_member": membership[cf.iso3],
                "member_on": member_on,
            }
        )
        found.append((m.start(), m.end(), cf.iso3))
    return _frame(_COUNTRY_COLUMNS, rows), found
