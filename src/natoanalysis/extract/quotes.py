"""Quotations and who said them."""

from __future__ import annotations

import bisect
import re

import pandas as pd

from ..article import Article, Quote
from .base import _WS, _frame, _Locator
from .names import _PRONOUN_SPEECH, _SPEECH, _SPEECH_RX, _Person

# --------------------------------------------------------------------------
# Quotes

_QUOTE_COLUMNS = {
    "quote_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "speaker": "string",
    "person_id": "string",
    "speaker_start": "Int64",
    "speaker_end": "Int64",
    "attribution": "category:before,after,pronoun",
}
_LEAD_OUT = re.compile(r"[\s,—–-]*")
_SPEECH_AFTER_NAME = re.compile(rf"{_WS}{_SPEECH}(?!\w)", re.IGNORECASE)


def _attribute(
    text: str,
    q: Quote,
    people: list[_Person],
    starts: list[int],
    by_start: dict[int, _Person],
    loc: _Locator,
    prev_end: int,
) -> tuple[_Person | None, str | None]:
    """The speaker of a quotation, when the text attributes it."""

    def nearest_before(pos: int) -> _Person | None:
        i = bisect.bisect_right(starts, pos) - 1
        while i >= 0 and people[i].end > pos:
            i -= 1
        return people[i] if i >= 0 else None

    # After the quotation: '"...," said Mr X' / '"...," Mr X said' / '"...," he said'
    block_end = loc.block_end(q.outer_end)
    pos = _LEAD_OUT.match(text, q.outer_end, block_end).end()
    verb = _SPEECH_RX.match(text, pos, block_end)
    if verb is not None:
        p2 = _LEAD_OUT.match(text, verb.end(), block_end).end()
        if p2 in by_start:
            return by_start[p2], "after"
    elif pos in by_start:
        who = by_start[pos]
        after = _SPEECH_AFTER_NAME.match(text, who.end, block_end)
        if after is not None:
            return who, "after"
    elif _PRONOUN_SPEECH.match(text, pos, block_end):
        who = nearest_before(q.outer_start)
        if who is not None:
            return who, "pronoun"

    # Before it: 'Mr X said: "..."' / 'with Mr X declaring: "..."' / 'He told reporters: "..."'
    seg_start = max(loc.sentence_start(q.outer_start), prev_end)
    last_verb = None
    for v in _SPEECH_RX.finditer(text, seg_start, q.outer_start):
        last_verb = v
    if last_verb is None or q.outer_start - last_verb.end() > 60:
        return None, None
    who = nearest_before(last_verb.start())
    if who is not None and who.start >= seg_start:
        return who, "before"
    if re.search(rf"(?i:\b(?:he|she)){_WS}$", text[seg_start : last_verb.start()]):
        who = nearest_before(seg_start)
        if who is not None:
            return who, "pronoun"
    return None, None


def _quotes(text: str, art: Article, people: list[_Person], loc: _Locator) -> pd.DataFrame:
    starts = [p.start for p in people]
    by_start = {p.start: p for p in people}
    rows = []
    prev_end = 0
    for i, q in enumerate(art.quotes, 1):
        who, how = _attribute(text, q, people, starts, by_start, loc, prev_end)
        prev_end = q.outer_end
        rows.append(
            {
                "quote_id": f"q{i}",
                "start": q.start,
                "end": q.end,
                "text": q.text,
                "speaker": who.name if who else None,
                "person_id": who.person_id if who else None,
                "speaker_start": who.start if who else None,
                "speaker_end": who.end if who else None,
                "attribution": how,
            }
        )
    return _frame(_QUOTE_COLUMNS, rows)
