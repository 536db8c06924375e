"""Read a news text: headline, standfirst, headings, paragraphs, sentences, list items, quotes.

:func:`parse` turns plain text into an :class:`Article` whose items all carry
exact character offsets into the text *as given* (Python ``str`` indices, in
code points), so that ``text[item.start:item.end] == item.text`` always holds.
Nothing is normalised away before offsets are taken: CRLF or CR line endings,
a leading byte-order mark, curly or straight quotes, em dashes, non-breaking
spaces and a missing final newline are all read in place.

How the text is read (plain rules, no model):

- **Blocks** are runs of non-blank lines separated by blank lines. A text
  without a single blank line but with more than two lines is read one
  paragraph per line.
- **Headline**: the first line, if it looks like a title (at most 25 words,
  not ending in ``.``, ``:``, ``;`` or ``,``), or a Markdown ``# heading``.
  The other plain lines of the first block are the **standfirst**.
- **Section heading**: a later block of one title-like line, or any Markdown
  ``#`` line.
- **List items**: lines starting with a bullet (``•``, ``●``, ``▪``, ``◦``,
  ``‣``, ``·``, ``-``, ``*``) or a number (``1.``, ``1)``, ``(1)``), after
  optional indentation. An indented plain line right after an item continues
  it. Consecutive items form one list, even when blank lines separate them.
- **Paragraphs**: every other run of plain lines.
- **Sentences** are split inside paragraphs, the standfirst and list items,
  at ``.``, ``!``, ``?`` or ``…`` (and any closing quotes) followed by space
  and a capital letter, digit or opening quote; common abbreviations
  (``Mr.``, ``Dr.``, ``U.S.``, ``Jan.``) and initials (``J.``) do not end one.
- **Quotations** are pairs of ``“…”``, ``«…»`` or straight ``"…"`` marks
  inside one block; an unclosed mark is ignored. The item is the quoted
  words without the marks (and without a trailing comma that belongs to
  the sentence: *"We are ready," he said*); ``outer_start``/``outer_end``
  include the marks.

Every step is a single left-to-right scan, so the time is linear in the size
of the text.

>>> art = parse("NATO meets\\n\\nLeaders met. They agreed:\\n\\n• More money\\n• “Unity”")
>>> art.headline.text
'NATO meets'
>>> [s.text for s in art.sentences]
['Leaders met.', 'They agreed:', 'More money', '“Unity”']
>>> [(i.number, i.text) for i in art.list_items]
[(1, 'More money'), (2, '“Unity”')]
>>> q = art.quotes[0]
>>> (q.text, art.text[q.outer_start:q.outer_end])
('Unity', '“Unity”')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Article", "ListItem", "Quote", "Span", "parse"]


@dataclass(frozen=True)
class Span:
    """One item of the text: ``text == article_text[start:end]``.

    ``block`` is the index of the block-level item (headline, standfirst,
    heading, paragraph or list item, in text order) that holds it.
    """

    kind: str
    start: int
    end: int
    text: str
    block: int


@dataclass(frozen=True)
class ListItem(Span):
    """A list item: its marker (``•``, ``-``, ``3.``), its position in its list and the list."""

    marker: str = ""
    number: int = 0
    list_id: int = 0


@dataclass(frozen=True)
class Quote(Span):
    """A quotation: the quoted words (``start``/``end``) and the span with its marks."""

    outer_start: int = 0
    outer_end: int = 0


@dataclass(frozen=True)
class Article:
    """The parsed text. All offsets index :attr:`text`."""

    text: str
    headline: Span | None = None
    standfirst: Span | None = None
    headings: tuple[Span, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    list_items: tuple[ListItem, ...] = ()
    sentences: tuple[Span, ...] = ()
    quotes: tuple[Quote, ...] = ()
    blocks: tuple[Span, ...] = field(default=(), repr=False)

    def to_frame(self) -> pd.DataFrame:
        """Every item as one tidy table: ``kind, start, end, text, block``, in text order.

        >>> parse("Title\\n\\nOne. Two.").to_frame()[["kind", "text"]].values.tolist()
        ... # doctest: +NORMALIZE_WHITESPACE
        [['headline', 'Title'], ['paragraph', 'One. Two.'],
         ['sentence', 'One.'], ['sentence', 'Two.']]
        """
        items: list[Span] = [*self.blocks, *self.sentences, *self.quotes]
        order = {"headline": 0, "standfirst": 1, "heading": 2, "paragraph": 3, "list_item": 4}
        items.sort(key=lambda s: (s.start, order.get(s.kind, 9), -s.end))
        return pd.DataFrame(
            {
                "kind": pd.array([s.kind for s in items], dtype="string"),
                "start": pd.array([s.start for s in items], dtype="Int64"),
                "end": pd.array([s.end for s in items], dtype="Int64"),
                "text": pd.array([s.text for s in items], dtype="string"),
                "block": pd.array([s.block for s in items], dtype="Int64"),
            }
        )


# --------------------------------------------------------------------------
# Lines and blocks

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BULLET = re.compile(r"(?P<marker>[•●▪◦‣·∙\-*]|\(\d{1,3}\)|\d{1,3}[.)])[^\S\r\n]+(?=\S)")
_MD_HEADING = re.compile(r"(#{1,6})[^\S\r\n]+(?=\S)")
_TITLE_END_BAD = ".:;,"
_CLOSERS = "\"'”’»)]"


@dataclass
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    indent: int  # leading whitespace characters
    bullet: re.Match[str] | None
    md: re.Match[str] | None

    @property
    def blank(self) -> bool:
        return self.start >= self.end


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 1 if text.startswith("\ufeff") else 0
    n = len(text)
    while pos <= n:
        m = _NEWLINE.search(text, pos)
        stop = m.start() if m else n
        raw_start = pos
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        bullet = _BULLET.match(text, s, e) if s < e else None
        md = _MD_HEADING.match(text, s, e) if s < e and text[s] == "#" else None
        out.append(_Line(s, e, s - raw_start, bullet, md))
        if m is None:
            break
        pos = m.end()
    return out


def _word_count(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _title_like(text: str, line: _Line) -> bool:
    if line.bullet is not None or line.blank:
        return False
    if _word_count(text, line.start, line.end) > 25 or line.end - line.start > 200:
        return False
    last = text[line.start : line.end].rstrip(_CLOSERS)
    if not last or last[-1] in _TITLE_END_BAD:
        return False
    first = text[line.start]
    return first.isupper() or first.isdigit() or first in "\"'“‘«"


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Span] = []
        self.headline: Span | None = None
        self.standfirst: Span | None = None
        self.headings: list[Span] = []
        self.paragraphs: list[Span] = []
        self.items: list[ListItem] = []
        self._list_id = 0
        self._in_list = False
        self._number = 0

    def _span(self, kind: str, start: int, end: int) -> Span:
        span = Span(kind, start, end, self.text[start:end], len(self.blocks))
        self.blocks.append(span)
        if kind != "list_item":
            self._in_list = False
        return span

    def heading(self, line: _Line, kind: str = "heading") -> None:
        start = line.md.end() if line.md is not None else line.start
        end = line.end
        if line.md is not None:  # closing hashes of "## Title ##"
            while end > start and self.text[end - 1] == "#":
                end -= 1
            while end > start and self.text[end - 1].isspace():
                end -= 1
        span = self._span(kind, start, end)
        if kind == "headline":
            self.headline = span
        else:
            self.headings.append(span)

    def plain(self, kind: str, lines: list[_Line]) -> None:
        span = self._span(kind, lines[0].start, lines[-1].end)
        if kind == "standfirst":
            self.standfirst = span
        else:
            self.paragraphs.append(span)

    def item(self, lines: list[_Line]) -> None:
        first = lines[0]
        assert first.bullet is not None
        marker = first.bullet.group("marker")
        if not self._in_list:
            self._list_id += 1
            self._number = 0
        self._number += 1
        start, end = first.bullet.end(), lines[-1].end
        span = ListItem(
            "list_item",
            start,
            end,
            self.text[start:end],
            len(self.blocks),
            marker=marker,
            number=self._number,
            list_id=self._list_id,
        )
        self.blocks.append(span)
        self.items.append(span)
        self._in_list = True

    def body(self, lines: list[_Line], first_kind: str = "paragraph") -> None:
        """Lines of one block: paragraphs, list items with their continuations, # headings."""
        kind = first_kind
        run: list[_Line] = []
        item: list[_Line] = []

        def flush() -> None:
            nonlocal run, item, kind
            if run:
                self.plain(kind, run)
                kind = "paragraph"
                run = []
            if item:
                self.item(item)
                item = []

        for line in lines:
            if line.md is not None:
                flush()
                self.heading(line)
            elif line.bullet is not None:
                flush()
                item = [line]
            elif item and line.indent > item[0].indent:
                item.append(line)
            else:
                if item:
                    flush()
                run.append(line)
        flush()


def parse(text: str) -> Article:
    """Parse a news text into its parts, each with exact character offsets.

    >>> art = parse("\\ufeffTitle\\r\\nA standfirst\\r\\n\\r\\nHe said: \\"Yes.\\" She left.")
    >>> art.headline.text, art.standfirst.text, art.paragraphs[0].text
    ('Title', 'A standfirst', 'He said: "Yes." She left.')
    >>> [s.text for s in art.sentences]
    ['A standfirst', 'He said: "Yes."', 'She left.']
    >>> parse("").headline is None
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"parse() needs a str, not {type(text).__name__}")
    lines = _lines(text)
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    saw_blank_between = False
    for line in lines:
        if line.blank:
            if current:
                groups.append(current)
                current = []
        else:
            if groups and not current:
                saw_blank_between = True
            current.append(line)
    if current:
        groups.append(current)
    n_lines = sum(len(g) for g in groups)
    if not saw_blank_between and n_lines > 2:
        groups = [[line] for g in groups for line in g]

    b = _Builder(text)
    for gi, group in enumerate(groups):
        first = group[0]
        if gi == 0 and (first.md is not None or _title_like(text, first)):
            b.heading(first, "headline")
            rest = group[1:]
            if rest:
                plain_first = rest[0].bullet is None and rest[0].md is None
                b.body(rest, "standfirst" if plain_first else "paragraph")
            continue
        if len(group) == 1 and (first.md is not None or _title_like(text, first)) and gi > 0:
            b.heading(first)
            continue
        b.body(group)

    sentences: list[Span] = []
    quotes: list[Quote] = []
    for blk in b.blocks:
        if blk.kind in ("paragraph", "standfirst", "list_item"):
            sentences.extend(_sentences(text, blk))
        quotes.extend(_quotes(text, blk))
    return Article(
        text=text,
        headline=b.headline,
        standfirst=b.standfirst,
        headings=tuple(b.headings),
        paragraphs=tuple(b.paragraphs),
        list_items=tuple(b.items),
        sentences=tuple(sentences),
        quotes=tuple(quotes),
        blocks=tuple(b.blocks),
    )


# --------------------------------------------------------------------------
# Sentences

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_NEXT = re.compile(r"\s+(\S)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "prof",
        "sir",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "sen",
        "rep",
        "gov",
        "pres",
        "jr",
        "sr",
        "no",
        "nos",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
    ]
)


_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _ends_abbreviation(text: str, pos: int) -> bool:
    """True when the full stop at ``pos`` closes an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text, max(0, pos - 12), pos)
    if m is None:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Donald J. Trump"
    if _INITIALS.fullmatch(word):
        return True  # initials: "J.D. Vance"
    return word.lower().rstrip(".") in _ABBREVIATIONS


def _sentences(text: str, blk: Span) -> list[Span]:
    out: list[Span] = []
    start = blk.start
    for m in _BOUNDARY.finditer(text, blk.start, blk.end):
        nxt = _NEXT.match(text, m.end(), blk.end)
        if nxt is None:
            continue
        ch = nxt.group(1)
        if not (ch.isupper() or ch.isdigit() or ch in "\"'“‘«(["):
            continue
        if m.group(0) == "." and _ends_abbreviation(text, m.start()):
            continue
        out.append(Span("sentence", start, m.end(), text[start : m.end()], blk.block))
        start = nxt.start(1)
    if start < blk.end:
        out.append(Span("sentence", start, blk.end, text[start : blk.end], blk.block))
    return out


# --------------------------------------------------------------------------
# Quotations

_QUOTE_MARK = re.compile(r"[\"“”«»]")
_CLOSE_FOR = {"“": "”", "«": "»", '"': '"'}


def _quotes(text: str, blk: Span) -> list[Quote]:
    out: list[Quote] = []
    opener: str | None = None
    open_at = 0
    for m in _QUOTE_MARK.finditer(text, blk.start, blk.end):
        ch = m.group(0)
        if opener is not None and ch == _CLOSE_FOR[opener]:
            s, e = open_at + 1, m.start()
            while s < e and text[s].isspace():
                s += 1
            while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
                e -= 1  # '"We are ready," he said': the comma belongs to the sentence
            if s < e:
                out.append(
                    Quote(
                        "quote",
                        s,
                        e,
                        text[s:e],
                        blk.block,
                        outer_start=open_at,
                        outer_end=m.end(),
                    )
                )
            opener = None
        elif ch in _CLOSE_FOR and (opener is None or ch == opener):
            # a new opening mark (an earlier one of the same kind was never closed)
            opener, open_at = ch, m.start()
    return out
