"""Quotation marks as news copy really uses them.

Straight and curly marks are told apart by where they stand, not by their
shape: a mark after a space (or a colon, a bracket, a dash) and before a
word opens; a mark after a word and before a space or punctuation closes.
So *“This is it,“ she said* (two opening curly marks) and
*statement:"We agree."* (no space) read as they were meant.

- A quotation still open at the end of its paragraph **continues** when the
  next paragraph opens with a quotation mark (the newsroom convention for a
  quotation over several paragraphs); its next part is marked ``continued``.
- Otherwise it is **unterminated** (a closing mark lost in web copy): it ends
  at the paragraph, or at an attribution inside it (*"We agree, Jane Doe
  said in a statement.*), and is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import Article
from .base import _WS

_MARK = re.compile(r"[\"“”«»„]")
_OPEN_BEFORE = set("([{—–-:/") | {"\u00a0"}
_CLOSE_AFTER = set(".,;:!?)]}—–-…")
# ", Mr Doe said" / ", said Mr Doe" / ", the spokesperson said" inside an unterminated quotation
_VERBS = r"(?:said|says|told|tells|added|adds|wrote|writes|posted|tweeted|stated|insisted|warned)"
_INSIDE = re.compile(
    rf",{_WS}(?:{_VERBS}{_WS}(?=[A-Z])|(?=(?:(?:[Tt]he|[Aa]n?){_WS}[\w'’-]+(?:{_WS}[\w'’-]+){{0,3}}"
    rf"|[A-Z][\w.'’-]*(?:{_WS}(?:[A-Z][\w.'’-]*|van|von|de|der|la)){{0,4}}|he|she){_WS}{_VERBS}(?!\w)))"
)


@dataclass
class QuoteSpan:
    start: int  # the quoted words
    end: int
    outer_start: int  # with the marks
    outer_end: int
    block: int
    unterminated: bool = False
    continues: bool = False  # runs on into the next paragraph
    continued: bool = False  # the next part of a quotation from the paragraph before


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1  # '"We are ready," he said': the comma belongs to the sentence
    return s, e


def _shape(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at ``i`` inside ``[lo, hi)``."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    can_open = (
        before.isspace() or before in _OPEN_BEFORE or before in '“"«„'
    ) and not after.isspace()
    can_close = not before.isspace() and (
        after.isspace() or after in _CLOSE_AFTER or after in '”"»'
    )
    if can_open and can_close:  # between two words ("a"b): let the glyph decide
        return text[i] in "“«„", text[i] in "”»"
    return can_open, can_close


def quote_spans(text: str, art: Article) -> list[QuoteSpan]:
    """Every quotation in text order (see the module documentation)."""
    out: list[QuoteSpan] = []
    blocks = art.blocks
    carry = False  # the previous paragraph ended inside a quotation that continues
    for bi, blk in enumerate(blocks):
        open_at: int | None = None
        first_mark = True
        continued = False
        for m in _MARK.finditer(text, blk.start, blk.end):
            i = m.start()
            can_open, can_close = _shape(text, i, blk.start, blk.end)
            if open_at is not None and can_close:
                s, e = _trim(text, open_at + 1, i)
                if s < e:
                    out.append(QuoteSpan(s, e, open_at, i + 1, bi, continued=continued))
                open_at, continued = None, False
            elif can_open:
                if open_at is not None:  # a new quotation before the last one closed
                    _unterminated(text, out, open_at, i, bi, continued)
                open_at = i
                continued = carry and first_mark and not text[blk.start : i].strip()
            first_mark = False
        carry = False
        if open_at is not None:
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if nxt is not None and nxt.kind == blk.kind and _MARK.match(text, nxt.start):
                s, e = _trim(text, open_at + 1, blk.end)
                if s < e:
                    out.append(
                        QuoteSpan(s, e, open_at, blk.end, bi, continues=True, continued=continued)
                    )
                    carry = True
            else:
                _unterminated(text, out, open_at, blk.end, bi, continued)
    return out


def _unterminated(
    text: str, out: list[QuoteSpan], open_at: int, end: int, block: int, continued: bool
) -> None:
    cut = _INSIDE.search(text, open_at + 1, end)
    stop = cut.start() if cut is not None else end
    s, e = _trim(text, open_at + 1, stop)
    if s < e:
        out.append(QuoteSpan(s, e, open_at, stop, block, unterminated=True, continued=continued))
