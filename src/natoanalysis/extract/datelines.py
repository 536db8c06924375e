"""Datelines: *LONDON (AA) –*, *BRUSSELS, Oct. 1 (AP) —*, *The Hague, June 26:*.

A dateline opens the first paragraph of a report: a place, in capitals or
not, optionally a date, optionally the agency in brackets, then a dash or a
colon. The place is where the reporter filed from (never a capital standing
for its state, never the subject of the first sentence); a date with a year
is the publication date when none is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Article

_PLACE = r"(?P<place>[A-Z][A-Za-z'’.-]*(?:[ \u00a0][A-Za-z][A-Za-z'’.-]*){0,3}?)"
_DATE = (
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
)
_AGENCY = r"\([^()\n]{1,30}\)"
_DATELINE = re.compile(rf"{_PLACE}(?:,\s+{_DATE})?(?:\s*{_AGENCY})?\s*(?:[-–—]|:)(?=\s|\w|\")")


@dataclass
class Dateline:
    start: int
    end: int
    place_start: int
    place_end: int
    date_start: int | None
    date_end: int | None


def find_dateline(text: str, art: Article) -> Dateline | None:
    """The dateline at the start of the first paragraph (or standfirst), if any."""
    first = next((b for b in art.blocks if b.kind != "headline"), None)
    if first is None:
        return None
    m = _DATELINE.match(text, first.start, min(first.end, first.start + 80))
    if m is None:
        return None
    place = m.group("place")
    # a dateline place is in capitals, or followed by a date, an agency or a colon
    if not (place.isupper() or m.group("date") or "(" in m.group(0)):
        return None
    return Dateline(
        m.start(),
        m.end(),
        m.start("place"),
        m.end("place"),
        m.start("date") if m.group("date") else None,
        m.end("date") if m.group("date") else None,
    )
