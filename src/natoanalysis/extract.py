"""Any NATO news text -> tidy tables of states, people, quotes, dates and priorities.

:func:`extract_article` reads a text with :mod:`natoanalysis.article`, finds
mentions with :mod:`natoanalysis.gazetteer`, and returns five tidy
DataFrames (see :data:`TABLES`). Every row carries the character span of the
words it comes from (``text[start:end] == row.text``); spans within one table
never overlap; the output depends only on the text, the publication date and
the data package. Nothing here knows the bundled article: the same rules read
any text.

Publication date
    ``published`` is a day (``"2024-06-21"``, a ``date`` or a ``Timestamp``),
    a window ``(first, last)`` when only a range is known, or ``None``.
    Relative expressions resolve against it; with a window each resolves
    against every day of it and the result is the union (a ``range`` unless
    every day gives the same answer). Without it relative expressions are
    still listed, with no resolution. Membership is judged on the publication
    day (on every day of a window: unknown if it changes within it), and
    without a date on the data package's as-of date (:func:`natoanalysis.as_of`,
    today's alliance); ``member_on`` says which day was used.

Conventions for relative expressions (the data package records the first
four under ``x-article`` -> ``relative_expressions``):

- *last week* / *this week* / *next week*: the Monday-to-Sunday calendar week
  before / of / after the publication week (``range``);
- *in October* (also *by*, *until*, *from*, *during*, *early*, *late*,
  *mid-*): the first October on or after the publication month; *next
  October*: the first after it; *last October* / *since October*: the last
  one before (``month``);
- *the coming days*: the 14 days after publication (``range``); *the coming
  weeks/months* and *the next few days* are listed unresolved;
- *N years* of service (*has served ... for 14 years*, *14 years in office*):
  counted back from publication, the year of publication minus N (``year``);
  other durations are listed unresolved;
- *the next N days/weeks/months/years*: from the day after publication to N
  units after it; *the past/last N ...*: from N units before to publication
  (``range``);
- *N years ago*: that year; *N months ago*: that month; *N weeks ago*: that
  calendar week; *N days ago*, *yesterday*, *today*, *tomorrow*: that day;
- *last/this/next month* and *year*: that calendar month / year;
- a weekday (*on Monday*): the latest such day on or before publication;
  *next Monday*: the first after it; *last Monday*: the latest before it;
- *1 October* or *October 1* without a year: the nearest such day to the
  publication date; *October 2024*, *1 October 2024*, *2024-10-01* and a
  bare year (*2024*) are absolute and resolve without a publication date;
- *its 75th anniversary* with a present-tense *celebrates*/*marks*: the year
  of publication (``year``).

>>> t = extract_article("Sweden joined NATO in March 2024. Mr Kristersson met Ukraine's leaders "
...                     "last week.", published="2024-03-20")
>>> t["countries"][["text", "iso3", "is_member"]].values.tolist()
[['Sweden', 'SWE', True], ['Ukraine', 'UKR', False]]
>>> t["people"][["text", "person_id"]].values.tolist()
[['Mr Kristersson', 'ulf_kristersson']]
>>> t["dates"][["text", "resolved_start", "resolved_end", "precision"]].astype(str).values.tolist()
... # doctest: +NORMALIZE_WHITESPACE
[['March 2024', '2024-03-01', '2024-03-31', 'month'],
 ['last week', '2024-03-11', '2024-03-17', 'range']]
"""

from __future__ import annotations

import bisect
import functools
import io
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._io import atomic_write_bytes
from .article import Article, Quote, parse
from .errors import DataError
from .gazetteer import Gazetteer, fold, load_gazetteer, name_regex, trie_pattern

__all__ = [
    "EVIDENCE",
    "FORMATS",
    "TABLES",
    "TOPICS",
    "extract_article",
    "extract_file",
    "html_to_text",
    "parse_published",
    "read_text_file",
    "write_tables",
]

#: The tables :func:`extract_article` returns, in order.
TABLES = ("countries", "people", "quotes", "dates", "priorities")
#: Output formats of :func:`write_tables`.
FORMATS = ("csv", "parquet", "json")
#: Priority topics, in the order the classifier tries them (``other`` last).
TOPICS = ("ukraine_support", "united_states", "enlargement", "defence_spending", "other")
#: Where our tables hold evidence for each topic (table names; the loader is ``load_<name>()``).
EVIDENCE = {
    "ukraine_support": "events",
    "united_states": "people;events",
    "enlargement": "members",
    "defence_spending": "defence_spending",
    "other": None,
}

PathLike = str | os.PathLike[str]
Window = tuple[pd.Timestamp, pd.Timestamp]


# --------------------------------------------------------------------------
# Publication date


def parse_published(published: Any) -> Window | None:
    """Normalise a publication date or window to ``(first, last)`` days, or None.

    >>> parse_published("2024-06-21")
    (Timestamp('2024-06-21 00:00:00'), Timestamp('2024-06-21 00:00:00'))
    >>> parse_published(("2024-06-20", "2024-06-25"))[1].date()
    datetime.date(2024, 6, 25)
    >>> parse_published("2024-06-25..2024-06-20")
    Traceback (most recent call last):
    ...
    ValueError: publication window ends before it starts: 2024-06-25..2024-06-20
    """
    if published is None:
        return None
    if isinstance(published, str) and ".." in published:
        published = tuple(published.split("..", 1))
    if isinstance(published, (tuple, list)):
        if len(published) != 2:
            raise ValueError("a publication window is two dates: (first, last)")
        first, last = (_one_day(p) for p in published)
    else:
        first = last = _one_day(published)
    if last < first:
        raise ValueError(f"publication window ends before it starts: {first.date()}..{last.date()}")
    return first, last


def _one_day(value: Any) -> pd.Timestamp:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(f"publication date {value!r} is not a date (expected YYYY-MM-DD)")
        try:
            return pd.Timestamp(date.fromisoformat(value.strip()))
        except ValueError:
            raise ValueError(f"publication date {value!r} is not a valid date") from None
    if isinstance(value, (pd.Timestamp, datetime, date)):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.normalize()
    raise ValueError(f"publication date {value!r} is not a date (expected YYYY-MM-DD)")


# --------------------------------------------------------------------------
# Helpers


_WS = r"[^\S\r\n]+"
_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_NAME_PART = rf"(?:[{_UPPER}]\.|[{_UPPER}][\w]*(?:[-'’][{_UPPER}][\w]*)*)"
_PARTICLE = r"(?:de|van|von|der|den|da|di|du|le|la|al|bin|ben|ter|zu)"
_NAME = rf"{_NAME_PART}(?:{_WS}(?:{_PARTICLE}{_WS}){{0,2}}{_NAME_PART}){{0,3}}"


def _ci_first(word: str) -> str:
    """Regex for ``word`` with a case-insensitive first letter in each word."""
    out = []
    for w in word.split(" "):
        first = w[0]
        head = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
        out.append(head + re.escape(w[1:]))
    return _WS.join(out)


def _greedy(cands: list[tuple[int, int, int, Any]]) -> list[tuple[int, int, int, Any]]:
    """Keep the leftmost-longest non-overlapping candidates ``(start, end, priority, data)``."""
    cands.sort(key=lambda c: (c[0], c[0] - c[1], c[2]))
    out: list[tuple[int, int, int, Any]] = []
    last_end = -1
    for c in cands:
        if c[0] >= last_end:
            out.append(c)
            last_end = c[1]
    return out


def _scan_at(rx: re.Pattern[str], triggers: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Like ``rx.finditer(text)`` for a pattern that can only start where ``triggers`` matches,
    but tries ``rx`` only there.

    The regex engine finds the few trigger words (a trie of words or a digit)
    in one fast pass, instead of trying every alternative of ``rx`` at every
    position: same matches, much less time.
    """
    out: list[re.Match[str]] = []
    resume = 0
    for t in triggers.finditer(text):
        start = t.start()
        if start < resume:
            continue
        m = rx.match(text, start)
        if m is not None and m.end() > start:
            out.append(m)
            resume = m.end()
    return out


def _trigger_regex(words: list[str], digits: bool = False) -> re.Pattern[str]:
    """Whole words from ``words`` (any case), or with ``digits`` any digit starting a word."""
    alt = trie_pattern(sorted({w.casefold() for w in words}))
    body = rf"(?:{alt})(?!\w)" + (r"|\d" if digits else "")
    return re.compile(rf"(?<!\w)(?:{body})", re.IGNORECASE)


class _Locator:
    """Which sentence or block holds an offset."""

    def __init__(self, art: Article) -> None:
        self.sentences = list(art.sentences)
        self.s_starts = [s.start for s in self.sentences]
        self.blocks = list(art.blocks)
        self.b_starts = [b.start for b in self.blocks]

    def sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.s_starts, pos) - 1
        if i >= 0 and pos <= self.sentences[i].end:
            return self.sentences[i].start
        j = bisect.bisect_right(self.b_starts, pos) - 1
        return self.blocks[j].start if j >= 0 else 0

    def sentence_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.s_starts, pos) - 1
        if i >= 0 and pos <= self.sentences[i].end:
            return self.sentences[i].end
        return self.block_end(pos)

    def block_kind(self, pos: int) -> str | None:
        j = bisect.bisect_right(self.b_starts, pos) - 1
        if j >= 0 and pos < self.blocks[j].end:
            return self.blocks[j].kind
        return None

    def block_end(self, pos: int) -> int:
        j = bisect.bisect_right(self.b_starts, pos) - 1
        return self.blocks[j].end if j >= 0 else pos


_STRING = pd.StringDtype()
_CATEGORIES: dict[str, pd.CategoricalDtype] = {}
_NAT = np.datetime64("NaT", "ns")


def _column(values: list[Any], dtype: str) -> Any:
    """One typed column, built with the cheap constructors (this runs for every text)."""
    if dtype == "string":
        return pd.array(values, dtype=_STRING)
    if dtype == "Int64":
        mask = np.array([v is None for v in values], dtype=bool)
        data = np.array([0 if v is None else v for v in values], dtype="int64")
        return pd.arrays.IntegerArray(data, mask)
    if dtype == "boolean":
        mask = np.array([v is None for v in values], dtype=bool)
        return pd.arrays.BooleanArray(np.array([bool(v) for v in values], dtype=bool), mask)
    if dtype == "datetime64[ns]":
        return np.array(
            [_NAT if v is None else np.datetime64(v.to_datetime64(), "ns") for v in values],
            dtype="datetime64[ns]",
        )
    if dtype.startswith("category:"):
        cat = _CATEGORIES.get(dtype)
        if cat is None:
            cat = _CATEGORIES[dtype] = pd.CategoricalDtype(dtype.split(":", 1)[1].split(","))
        index = {c: i for i, c in enumerate(cat.categories)}
        codes = np.array([-1 if v is None else index[v] for v in values], dtype="int8")
        return pd.Categorical.from_codes(codes, dtype=cat)
    raise AssertionError(dtype)  # pragma: no cover


def _frame(columns: Mapping[str, str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    data = {name: _column([r.get(name) for r in rows], dtype) for name, dtype in columns.items()}
    return pd.DataFrame(data, copy=False)


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


# --------------------------------------------------------------------------
# People

_PEOPLE_COLUMNS = {
    "mention_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "person_id": "string",
    "name": "string",
    "country_iso3": "string",
    "how": "category:name,role,title,surname",
}

_HONORIFICS = ["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady"]
_TITLES = [
    "President",
    "Vice President",
    "Vice-President",
    "Prime Minister",
    "Premier",
    "Chancellor",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Minister",
    "Foreign Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Secretary of State",
    "Secretary of Defense",
    "Secretary General",
    "Secretary-General",
    "Secretary",
    "Senator",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Governor",
    "Mayor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "General",
    "Admiral",
    "Colonel",
    "Ambassador",
    "Speaker",
    "Commissioner",
    "Chairman",
    "Chairwoman",
    "Commander",
    "Professor",
]
_ABBR_TITLES = ["Sen", "Rep", "Gov", "Gen", "Adm", "Col"]
_QUALIFIERS = [
    "former",
    "outgoing",
    "incoming",
    "current",
    "acting",
    "late",
    "new",
    "interim",
    "deputy",
    "caretaker",
    "then",
]
_ORGS = ["NATO", "EU", "UN", "US", "U.S.", "UK", "European Commission"]
_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|declared|declares|declaring|stated|states|"
    r"announced|announces|announcing|warned|warns|warning|insisted|insists|wrote|writes|"
    r"noted|notes|explained|explains|argued|argues|stressed|stresses|stressing|"
    r"emphasised|emphasized|replied|replies|asked|asks|acknowledged|acknowledges|"
    r"claimed|claims|saying|telling|adding|according\s+to)"
)
_SPEECH_RX = re.compile(rf"(?<!\w){_SPEECH}(?!\w)", re.IGNORECASE)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "but",
        "and",
        "or",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "on",
        "in",
        "at",
        "for",
        "with",
        "by",
        "from",
        "nato",
        "eu",
        "un",
    ]
)
_MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_STOP_TOKENS = frozenset(t.casefold() for t in [*_MONTH_NAMES, *_WEEKDAYS])
_PRONOUN_SPEECH = re.compile(rf"(?i:he|she){_WS}{_SPEECH}(?!\w)")


@dataclass
class _Person:
    start: int
    end: int
    person_id: str | None
    name: str
    how: str
    country_iso3: str | None = None  # unknown people: from a title such as "German Chancellor"


def _titled_regex(gaz: Gazetteer) -> re.Pattern[str]:
    cached = getattr(gaz, "_titled_rx", None)
    if cached is not None:
        return cached
    adjectives = [
        f
        for f in gaz.country_surface_forms()
        if (cf := gaz.country_form(f)) is not None and cf.kind == "adjective"
    ]
    qual = "(?:" + "|".join(_ci_first(q) for q in _QUALIFIERS) + r")(?:-|" + _WS + ")"
    adj = "(?:(?P<adj>" + trie_pattern(adjectives) + ")|" + trie_pattern(_ORGS) + ")" + _WS
    titles = "|".join(_ci_first(t) for t in sorted(_TITLES, key=len, reverse=True))
    honor = "|".join(_HONORIFICS + _ABBR_TITLES)
    pattern = (
        rf"(?<!\w)(?P<title>(?:{qual})*(?:{adj})?"
        rf"(?:(?P<honor>(?:{honor})\.?)|(?P<office>{titles})))"
        rf"{_WS}(?P<name>{_NAME})(?!\w)"
    )
    rx = re.compile(pattern)
    firsts = [*_QUALIFIERS, *adjectives, *_ORGS, *_HONORIFICS, *_ABBR_TITLES, *_TITLES]
    gaz._titled_rx = rx  # type: ignore[attr-defined]
    gaz._titled_trigger = _trigger_regex(  # type: ignore[attr-defined]
        [re.split(r"[\s.'’-]", f)[0] for f in firsts]
    )
    return rx


def _titled_matches(text: str, gaz: Gazetteer) -> list[re.Match[str]]:
    rx = _titled_regex(gaz)
    return _scan_at(rx, gaz._titled_trigger, text)  # type: ignore[attr-defined]


_SPEECH_SCAN = re.compile(_SPEECH)  # no leading assertion: the engine can skip ahead fast
_NAME_BEFORE = re.compile(rf"(?<!\w)(?P<name>{_NAME}){_WS}\Z")
_NAME_AFTER = re.compile(rf"{_WS}(?P<name>{_NAME})(?!\w)")


def _said_names(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised names right before or after a speech verb (*Jane Doe said*)."""
    out = []
    for v in _SPEECH_SCAN.finditer(text):
        s, e = v.start(), v.end()
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_")) or (
            e < len(text) and (text[e].isalnum() or text[e] == "_")
        ):
            continue
        before = _NAME_BEFORE.search(text, max(0, s - 120), s)
        if before is not None:
            out.append((before.start("name"), before.end("name")))
        after = _NAME_AFTER.match(text, e)
        if after is not None:
            out.append((after.start("name"), after.end("name")))
    return out


_TITLE_WORDS = frozenset(
    w.casefold().rstrip(".")
    for t in [*_TITLES, *_HONORIFICS, *_ABBR_TITLES, *_QUALIFIERS]
    for w in re.split(r"[ -]", t)
    if w[0].isupper()
)


def _name_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Token spans of a matched name, cut before an all-capitals word, a month, a weekday
    or a title word (*Secretary General*: *General* is no name)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", text[start:end]):
        tok = m.group(0)
        low = tok.casefold()
        if (
            (len(tok) > 1 and tok.isupper() and "." not in tok)
            or low in _STOP_TOKENS
            or low.rstrip(".") in _TITLE_WORDS
        ):
            break
        if tok[0].islower():  # a particle (van, de) is kept only inside a name
            out.append((start + m.start(), start + m.end()))
            continue
        if not tok[0].isupper():
            break
        out.append((start + m.start(), start + m.end()))
    while out and text[out[-1][0]].islower():
        out.pop()
    return out


class _PeopleFinder:
    def __init__(self, text: str, gaz: Gazetteer, loc: _Locator, countries: set[str]) -> None:
        self.text = text
        self.gaz = gaz
        self.loc = loc
        self.country_words = countries
        self.unknown_by_surname: dict[str, str] = {}
        self.unknown_country: dict[str, str] = {}

    def resolve_name(self, toks: list[tuple[int, int]]) -> tuple[int, str | None, str]:
        """(tokens used, person_id or None, display name) for the name tokens."""
        text, gaz = self.text, self.gaz
        for k in range(len(toks), 0, -1):
            form = text[toks[0][0] : toks[k - 1][1]]
            pf = gaz.person_form(form)
            if pf is not None and pf.kind == "name":
                return k, pf.person_id, gaz.person_names[pf.person_id]
        words = [text[s:e] for s, e in toks]
        if len(words) == 1:
            ids = gaz.people_with_surname(words[0])
            if len(ids) == 1:
                pid = next(iter(ids))
                return 1, pid, gaz.person_names[pid]
            earlier = self.unknown_by_surname.get(fold(words[0]))
            return 1, None, earlier or words[0]
        name = " ".join(words)
        return len(toks), None, name

    def find(self) -> list[_Person]:
        text, gaz = self.text, self.gaz
        cands: list[tuple[int, int, int, Any]] = []
        for m in gaz.person_regex.finditer(text):
            pf = gaz.person_form(m.group(0))
            if pf is not None:
                cands.append((m.start(), m.end(), 0, ("alias", pf.person_id, pf.kind)))
        for m in _titled_matches(text, gaz):
            toks = _name_tokens(text, m.start("name"), m.end("name"))
            if not toks:
                continue
            in_title = self.loc.block_kind(m.start()) in ("headline", "heading")
            cands.append((m.start(), toks[-1][1], 1, ("titled", toks, in_title, m)))
        for name_start, name_end in _said_names(text):
            toks = _name_tokens(text, name_start, name_end)
            words = [text[s:e] for s, e in toks]
            if len(words) < 2 or any(
                w.casefold() in _NOT_NAMES or w in self.country_words for w in words
            ):
                continue
            cands.append((toks[0][0], toks[-1][1], 2, ("said", toks)))

        people: list[_Person] = []
        for start, end, _prio, data in _greedy(cands):
            if data[0] == "alias":
                _, pid, kind = data
                people.append(_Person(start, end, pid, gaz.person_names[pid], kind))
                continue
            toks = data[1]
            k, pid, name = self.resolve_name(toks)
            end = toks[k - 1][1]
            if data[0] == "said":
                if pid is None:
                    self.unknown_by_surname.setdefault(fold(text[toks[k - 1][0] : end]), name)
                people.append(_Person(start, end, pid, name, "name"))
                continue
            _, _, in_title, m = data
            iso3 = None
            if pid is None:
                capital_title = text[m.start("title")].isupper()
                if in_title or (k == 1 and not capital_title and m.group("honor") is None):
                    continue
                if k >= 2:
                    self.unknown_by_surname.setdefault(fold(text[toks[k - 1][0] : end]), name)
                adj = m.group("adj")
                cf = gaz.country_form(adj) if adj else None
                iso3 = cf.iso3 if cf is not None else self.unknown_country.get(name)
                if iso3:
                    self.unknown_country.setdefault(name, iso3)
            people.append(_Person(start, end, pid, name, "title", iso3))

        named = {p.person_id for p in people if p.how != "role" and p.person_id}
        people = [p for p in people if p.how != "role" or p.person_id in named]
        return self._later_references(people)

    def _later_references(self, people: list[_Person]) -> list[_Person]:
        """Unknown people named in full: find their later surname-only references."""
        first_seen: dict[str, int] = {}
        for p in people:
            if p.person_id is None and len(p.name.split()) >= 2:
                first_seen.setdefault(p.name, p.end)
        if not first_seen:
            return people
        by_form: dict[str, str] = {}
        for full in first_seen:
            by_form.setdefault(fold(full), full)
            by_form.setdefault(fold(full.split()[-1]), full)
        forms = tuple(sorted({*first_seen, *(n.split()[-1] for n in first_seen)}))
        extra: list[_Person] = []
        i = 0  # walk the (sorted) mentions alongside the matches: linear, no inserts
        for m in _cached_name_regex(forms).finditer(self.text):
            while i < len(people) and people[i].end <= m.start():
                i += 1
            if i < len(people) and people[i].start < m.end():
                continue  # overlaps a mention already found
            name = by_form.get(fold(" ".join(m.group(0).split())))
            if name is None or m.start() < first_seen[name]:
                continue
            how = "name" if len(m.group(0).split()) > 1 else "surname"
            extra.append(
                _Person(m.start(), m.end(), None, name, how, self.unknown_country.get(name))
            )
        return sorted(people + extra, key=lambda p: p.start)


@functools.lru_cache(maxsize=256)
def _cached_name_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    return name_regex(forms)


def _people_frame(people: list[_Person], gaz: Gazetteer, text: str) -> pd.DataFrame:
    rows = [
        {
            "mention_id": f"m{i}",
            "start": p.start,
            "end": p.end,
            "text": text[p.start : p.end],
            "person_id": p.person_id,
            "name": p.name,
            "country_iso3": gaz.person_country.get(p.person_id) if p.person_id else p.country_iso3,
            "how": p.how,
        }
        for i, p in enumerate(people, 1)
    ]
    return _frame(_PEOPLE_COLUMNS, rows)


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


def _skip_lead(text: str, pos: int, end: int) -> int:
    """Past the spaces, commas and dashes at ``pos`` (there may be none)."""
    m = _LEAD_OUT.match(text, pos, end)
    return m.end() if m else pos


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
    pos = _skip_lead(text, q.outer_end, block_end)
    verb = _SPEECH_RX.match(text, pos, block_end)
    if verb is not None:
        p2 = _skip_lead(text, verb.end(), block_end)
        if p2 in by_start:
            return by_start[p2], "after"
    elif pos in by_start:
        who: _Person | None = by_start[pos]
        assert who is not None
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


# --------------------------------------------------------------------------
# Dates

_DATE_COLUMNS = {
    "date_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "rule": "string",
    "is_relative": "boolean",
    "resolved_start": "datetime64[ns]",
    "resolved_end": "datetime64[ns]",
    "precision": "category:day,month,year,range",
}

_MONTHS = {m.casefold(): i for i, m in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({m[:3].casefold(): i for i, m in enumerate(_MONTH_NAMES, 1)} | {"sept": 9})
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_NUM_WORDS = (
    "(?:(?:"
    + "|".join(_TENS)
    + ")(?:-(?:"
    + "|".join(list(_UNITS)[:9])
    + "))?|"
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + ")"
)
_NUM = rf"(?:\d{{1,3}}|(?i:{_NUM_WORDS}))"
_MON_FULL = "(?:" + "|".join(_MONTH_NAMES) + ")"
_MON = "(?:" + "|".join(_MONTH_NAMES) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_ORD = r"(?:st|nd|rd|th)?"
_UNIT = r"(?i:days?|weeks?|months?|years?|decades?)"
_WD = "(?:" + "|".join(_WEEKDAYS) + ")"

# One leading (?<!\w) for all branches, then the first letters any branch can start with:
# most positions are inside a word, or start a word no branch can match, and fail at once.
_DATE_RX = re.compile(
    r"(?<!\w)(?=[\dAaBbDdEeFfIiJjLlMmNnOoSsTtUuWwYy])(?:"
    + "|".join(
        [
            r"(?P<iso>(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-]))",
            rf"(?P<dmy>(?<![\w.])\d{{1,2}}{_ORD}{_WS}(?:of{_WS})?{_MON},?{_WS}\d{{4}}(?!\d))",
            rf"(?P<mdy>{_MON}{_WS}\d{{1,2}}{_ORD},?{_WS}\d{{4}}(?!\d))",
            rf"(?P<my>{_MON_FULL}{_WS}\d{{4}}(?!\d))",
            rf"(?P<dm>(?<![\w.])\d{{1,2}}{_ORD}{_WS}(?:of{_WS})?{_MON_FULL}(?!\w))",
            rf"(?P<md>{_MON_FULL}{_WS}\d{{1,2}}{_ORD}(?![\w,.]\d|\w))",
            rf"(?P<pm>(?i:(?:in|by|until|till|since|from|before|after|during|this|next"
            rf"|last|earlier{_WS}in|later{_WS}in){_WS}(?:(?:early|late|mid)[- ])?"
            rf"|(?:early|late|mid)[- ]){_MON_FULL}(?!\w|{_WS}\d))",
            rf"(?P<coming>(?i:(?:in|over|during|within){_WS})?(?i:the){_WS}"
            rf"(?i:coming|next{_WS}few|following){_WS}(?i:days|weeks|months|years)(?!\w))",
            rf"(?P<span>(?i:the{_WS}(?:next|past|last|previous|coming|following))"
            rf"{_WS}{_NUM}{_WS}{_UNIT}(?!\w))",
            rf"(?P<ago>(?:{_NUM}|(?i:an?)){_WS}{_UNIT}{_WS}(?i:ago)(?!\w))",
            rf"(?P<rel>(?i:(?:last|next|this|(?:earlier|later){_WS}this){_WS}"
            rf"(?:week|month|year)|yesterday|today|tomorrow)(?!\w))",
            rf"(?P<wd>(?:(?i:on|last|next|this){_WS})?{_WD}(?!\w))",
            rf"(?P<anniv>\d{{1,3}}(?:st|nd|rd|th){_WS}(?i:anniversary)(?!\w))",
            rf"(?P<dur>(?<![\w-]){_NUM}{_WS}{_UNIT}(?!\w))",
            r"(?P<year>(?<![\w.,$£€/-])(?:1[89]\d{2}|20\d{2})(?![\w%/-]|[.,]\d))",
        ]
    )
    + ")"
)

# The words a date expression can start with (or a digit).
_DATE_TRIGGER = _trigger_regex(
    [
        "in",
        "by",
        "until",
        "till",
        "since",
        "from",
        "before",
        "after",
        "during",
        "this",
        "next",
        "last",
        "earlier",
        "later",
        "early",
        "late",
        "mid",
        "over",
        "within",
        "the",
        "on",
        "yesterday",
        "today",
        "tomorrow",
        "a",
        "an",
        "sept",
    ]
    + _MONTH_NAMES
    + [m[:3] for m in _MONTH_NAMES]
    + _WEEKDAYS
    + list(_UNITS)
    + list(_TENS),
    digits=True,
)


Resolution = tuple[pd.Timestamp, pd.Timestamp, str]


def _month_span(year: int, month: int) -> Resolution:
    start = pd.Timestamp(year=year, month=month, day=1)
    return start, start + pd.offsets.MonthEnd(0), "month"


def _year_span(year: int) -> Resolution:
    return (
        pd.Timestamp(year=year, month=1, day=1),
        pd.Timestamp(year=year, month=12, day=31),
        "year",
    )


def _week_of(d: pd.Timestamp, shift: int = 0) -> Resolution:
    monday = d - pd.Timedelta(days=d.weekday()) + pd.Timedelta(days=7 * shift)
    return monday, monday + pd.Timedelta(days=6), "range"


def _day(d: pd.Timestamp) -> Resolution:
    return d, d, "day"


def _number(word: str) -> int:
    w = word.casefold()
    if w.isdigit():
        return int(w)
    if w in ("a", "an"):
        return 1
    if "-" in w:
        tens, unit = w.split("-", 1)
        return _TENS[tens] + _UNITS[unit]
    return _UNITS.get(w) or _TENS[w]


def _offset(n: int, unit: str) -> pd.DateOffset:
    unit = unit.casefold().rstrip("s")
    if unit == "decade":
        return pd.DateOffset(years=10 * n)
    return pd.DateOffset(**{unit + "s": n})


_PERFECT = re.compile(r"(?i)\b(?:has|have|had|'s|’s)\b")
_FUTURE = re.compile(r"(?i)\b(?:will|would|shall|to\s+serve)\b")
_SERVICE_AFTER = re.compile(
    rf"{_WS}(?i:of{_WS}service|in{_WS}office|in{_WS}power|at{_WS}the{_WS}helm)(?!\w)"
)
_CELEBRATE = re.compile(r"(?i)\b(?:celebrates|celebrating|marks|marking)\b")


@dataclass
class _DateExpr:
    start: int
    end: int
    rule: str
    relative: bool
    fixed: Resolution | None = None  # absolute expressions
    resolve: Callable[[pd.Timestamp], Resolution | None] | None = None


def _date_expr(m: re.Match[str], text: str, loc: _Locator) -> _DateExpr | None:
    kind = m.lastgroup
    s = m.group(0)
    start, end = m.start(), m.end()
    words = s.split()
    if kind == "iso":
        try:
            d = pd.Timestamp(date.fromisoformat(s))
        except ValueError:
            return None
        return _DateExpr(start, end, "absolute_date", False, _day(d))
    if kind in ("dmy", "mdy"):
        nums = re.findall(r"\d+", s)
        mon = _MONTHS[_found(r"[A-Za-z]{3,}", s.replace("of ", ""))[:3].casefold()]
        day_n = int(nums[0])
        year = int(nums[-1])
        try:
            return _DateExpr(
                start, end, "absolute_date", False, _day(pd.Timestamp(year, mon, day_n))
            )
        except ValueError:
            return None
    if kind == "my":
        return _DateExpr(
            start,
            end,
            "absolute_month",
            False,
            _month_span(int(words[-1]), _MONTHS[fold(words[0])]),
        )
    if kind == "year":
        return _DateExpr(start, end, "absolute_year", False, _year_span(int(s)))
    if kind in ("dm", "md"):
        day_n = int(_found(r"\d+", s))
        mon = _MONTHS[fold(_found(r"[A-Za-z]{3,}", s.replace("of ", "")))]
        if day_n < 1 or day_n > 31:
            return None

        def nearest(d: pd.Timestamp) -> Resolution | None:
            options = []
            for y in (d.year - 1, d.year, d.year + 1):
                try:
                    options.append(pd.Timestamp(y, mon, day_n))
                except ValueError:
                    continue
            if not options:
                return None
            return _day(min(options, key=lambda x: (abs((x - d).days), x)))

        return _DateExpr(start, end, "day_month", True, resolve=nearest)
    if kind == "pm":
        mon = _MONTHS[fold(words[-1].split("-")[-1])]
        prep = fold(words[0])

        def named_month(d: pd.Timestamp) -> Resolution:
            if prep in ("last", "since"):
                year = d.year if mon < d.month else d.year - 1
            elif prep == "next":
                year = d.year if mon > d.month else d.year + 1
            else:
                year = d.year if mon >= d.month else d.year + 1
            return _month_span(year, mon)

        return _DateExpr(start, end, "named_month", True, resolve=named_month)
    if kind == "coming":
        if fold(words[-1]) == "days" and "few" not in fold(s):
            return _DateExpr(
                start,
                end,
                "coming_days",
                True,
                resolve=lambda d: (d + pd.Timedelta(days=1), d + pd.Timedelta(days=14), "range"),
            )
        return _DateExpr(start, end, "coming_period", True)
    if kind == "span":
        n = _number(words[-2])
        off = _offset(n, words[-1])
        if fold(words[1]) in ("next", "coming", "following"):
            return _DateExpr(
                start,
                end,
                "next_period",
                True,
                resolve=lambda d: (d + pd.Timedelta(days=1), d + off, "range"),
            )
        return _DateExpr(start, end, "past_period", True, resolve=lambda d: (d - off, d, "range"))
    if kind == "ago":
        n = _number(words[0])
        unit = fold(words[1]).rstrip("s")

        def ago(d: pd.Timestamp) -> Resolution:
            then = d - _offset(n, unit)
            if unit in ("year", "decade"):
                return _year_span(then.year)
            if unit == "month":
                return _month_span(then.year, then.month)
            if unit == "week":
                return _week_of(then)
            return _day(then)

        return _DateExpr(start, end, "ago", True, resolve=ago)
    if kind == "rel":
        low = " ".join(fold(s).split())
        if low in ("yesterday", "today", "tomorrow"):
            shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[low]
            return _DateExpr(
                start,
                end,
                "relative_day",
                True,
                resolve=lambda d: _day(d + pd.Timedelta(days=shift)),
            )
        unit = low.split()[-1]
        which = low.split()[0]
        shift = {"last": -1, "this": 0, "next": 1, "earlier": 0, "later": 0}[which]

        def rel(d: pd.Timestamp) -> Resolution:
            if unit == "week":
                span = _week_of(d, shift)
            elif unit == "month":
                m0 = d + pd.DateOffset(months=shift)
                span = _month_span(m0.year, m0.month)
            else:
                span = _year_span(d.year + shift)
            if which == "earlier":
                return span[0], d, "range"
            if which == "later":
                return d, span[1], "range"
            return span

        return _DateExpr(start, end, f"relative_{unit}", True, resolve=rel)
    if kind == "wd":
        wd = _WEEKDAYS.index(words[-1])
        lead = fold(words[0]) if len(words) > 1 else ""

        def weekday(d: pd.Timestamp) -> Resolution:
            back = (d.weekday() - wd) % 7
            if lead == "next":
                return _day(d + pd.Timedelta(days=(wd - d.weekday()) % 7 or 7))
            if lead == "last" and back == 0:
                back = 7
            return _day(d - pd.Timedelta(days=back))

        return _DateExpr(start, end, "weekday", True, resolve=weekday)
    if kind == "anniv":
        sent_start = loc.sentence_start(start)
        if _CELEBRATE.search(text, max(sent_start, start - 40), start):
            return _DateExpr(start, end, "anniversary", True, resolve=lambda d: _year_span(d.year))
        return _DateExpr(start, end, "anniversary", True)
    if kind == "dur":
        n = _number(words[0])
        unit = fold(words[-1]).rstrip("s")
        sent_start = loc.sentence_start(start)
        before = text[max(sent_start, start - 100) : start]
        back = (
            _PERFECT.search(before) is not None or _SERVICE_AFTER.match(text, end) is not None
        ) and _FUTURE.search(before) is None
        if back and unit in ("year", "decade"):
            return _DateExpr(
                start,
                end,
                "years_back",
                True,
                resolve=lambda d: _year_span(d.year - n * (10 if unit == "decade" else 1)),
            )
        if back and unit == "month":
            return _DateExpr(
                start,
                end,
                "months_back",
                True,
                resolve=lambda d: _month_span(
                    (d - pd.DateOffset(months=n)).year, (d - pd.DateOffset(months=n)).month
                ),
            )
        return _DateExpr(start, end, "duration", True)
    return None  # pragma: no cover


def _found(pattern: str, s: str) -> str:
    """The first match of ``pattern`` in ``s``, which the date pattern guarantees."""
    m = re.search(pattern, s)
    if m is None:
        raise ValueError(f"{s!r} has no {pattern!r}")
    return m.group(0)


def _dates(text: str, loc: _Locator, window: Window | None) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for m in _scan_at(_DATE_RX, _DATE_TRIGGER, text):
        expr = _date_expr(m, text, loc)
        if expr is None:
            continue
        res: Resolution | None = expr.fixed
        if res is None and expr.resolve is not None and window is not None:
            a, b = expr.resolve(window[0]), expr.resolve(window[1])
            if a is not None and b is not None:
                res = a if a == b else (min(a[0], b[0]), max(a[1], b[1]), "range")
        rows.append(
            {
                "date_id": f"d{len(rows) + 1}",
                "start": expr.start,
                "end": expr.end,
                "text": text[expr.start : expr.end],
                "rule": expr.rule,
                "is_relative": expr.relative,
                "resolved_start": res[0] if res else None,
                "resolved_end": res[1] if res else None,
                "precision": res[2] if res else None,
            }
        )
    return _frame(_DATE_COLUMNS, rows)


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


# --------------------------------------------------------------------------
# The extractor


def extract_article(
    text: str,
    published: Any = None,
    *,
    data_dir: PathLike | None = None,
) -> dict[str, pd.DataFrame]:
    """Read a news text into five tidy tables: countries, people, quotes, dates, priorities.

    ``published`` is the publication day, a ``(first, last)`` window, or
    None (see the module documentation for what each changes). Returns a
    dict of DataFrames keyed by :data:`TABLES`; every row's
    ``text[start:end]`` is its ``text``.

    - **countries**: ``mention_id``, ``start``, ``end``, ``text``, ``iso3``,
      ``country`` (display name), ``form`` (name, alias, adjective, demonym,
      capital), ``is_capital_metonym`` (a capital standing for its state, as
      in *Moscow's position*; False for *talks in Moscow*), ``is_member``
      (NATO ally on ``member_on``; missing if that changes within the
      publication window), ``member_on``;
    - **people**: ``mention_id``, ``start``, ``end``, ``text``,
      ``person_id`` (missing for someone not in the people table), ``name``
      (the full name; for a surname-only or titled reference, the full name
      mentioned earlier), ``country_iso3``, ``how`` (name, role, title,
      surname). A role form such as *the NATO chief* counts only when the
      person is also named in the text;
    - **quotes**: ``quote_id``, ``start``, ``end``, ``text`` (without the
      marks), ``speaker``, ``person_id``, ``speaker_start``/``speaker_end``
      (the attributing mention) and ``attribution`` (before, after, pronoun;
      missing when the text does not say who spoke);
    - **dates**: ``date_id``, ``start``, ``end``, ``text``, ``rule``,
      ``is_relative``, ``resolved_start``, ``resolved_end`` and
      ``precision`` (day, month, year, range; missing when unresolved);
    - **priorities**: the text's list items in order: ``priority_id``
      (``p1``...), ``rank``, ``text``, ``start``, ``end``, ``topic`` (see
      :data:`TOPICS`: enlargement or defence-spending words first, then a
      mention of Ukraine, then of the United States or a US person) and
      ``evidence`` (the natoanalysis tables holding evidence for the topic,
      see :data:`EVIDENCE`).

    >>> t = extract_article('Romania\\'s president said: "We are ready." Kyiv welcomed it.')
    >>> t["quotes"][["text", "speaker"]].values.tolist()
    [['We are ready.', <NA>]]
    >>> t["countries"][["text", "form", "is_capital_metonym", "is_member"]].values.tolist()
    [['Romania', 'name', False, True], ['Kyiv', 'capital', True, False]]
    >>> [len(df) for df in extract_article("").values()]
    [0, 0, 0, 0, 0]
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_article() needs a str, not {type(text).__name__}")
    window = parse_published(published)
    gaz = load_gazetteer(data_dir)
    member_on = window[0] if window is not None else gaz.as_of
    art = parse(text)
    loc = _Locator(art)
    countries, found = _countries(text, gaz, window, member_on)
    country_words = set(countries["text"].astype(object))
    people = _PeopleFinder(text, gaz, loc, country_words).find()
    return {
        "countries": countries,
        "people": _people_frame(people, gaz, text),
        "quotes": _quotes(text, art, people, loc),
        "dates": _dates(text, loc, window),
        "priorities": _priorities(text, art, found, people, gaz),
    }


# --------------------------------------------------------------------------
# Reading files

_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|p|div|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)


def _decode(raw: bytes, name: str, encoding: str | None) -> str:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise DataError(
                f"this is {what}, not text; extract its text first (for example, save it "
                "as plain text) and pass that file",
                file=name,
            )
    if encoding is None:
        for bom, enc in _BOMS:
            if raw.startswith(bom):
                encoding = enc
                break
    if encoding is None:
        nul = raw.find(b"\x00", 0, 8192)
        if nul >= 0:
            raise DataError(
                "this looks like a binary file, not text (it contains a NUL byte); "
                "if it is text in UTF-16 or UTF-32, pass --encoding",
                file=name,
                offset=nul,
            )
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except LookupError:
        raise DataError(f"unknown encoding {encoding!r}", file=name) from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = (
            "; if the file is not UTF-8, say which encoding it uses with --encoding "
            "(for example --encoding cp1252)"
            if encoding == "utf-8"
            else ""
        )
        raise DataError(
            f"line {line}: not {encoding}: byte 0x{raw[exc.start]:02x} cannot be decoded{hint}",
            file=name,
            offset=exc.start,
        ) from None
    return text


def read_text_file(path: PathLike, encoding: str | None = None) -> str:
    """Read a text file for :func:`extract_article`.

    UTF-8 (with or without a byte-order mark) unless ``encoding`` says
    otherwise; UTF-16/32 with a byte-order mark are recognised. Raises
    :class:`natoanalysis.DataError` naming the file and the byte offset when
    the bytes are not valid in the encoding, and refuses binary files (PDF,
    ZIP/Office, images, anything with NUL bytes) with a clear message. An
    HTML page is reduced to its text with :func:`html_to_text`; offsets in
    the output then index that text, not the HTML. Line endings and a UTF-8
    byte-order mark are kept, so offsets index the file's characters.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise DataError("is a folder, not a text file", file=str(p)) from None
    text = _decode(raw, p.name, encoding)
    if encoding is None and raw.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text  # keep the BOM: offsets index the file as the reader sees it
    if _HTML_START.match(raw[:2048].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf")):
        text = html_to_text(text)
    return text


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "form"})
    _BLOCK = frozenset(
        [
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "br",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "main",
            "aside",
            "blockquote",
            "pre",
            "table",
            "tr",
            "figure",
            "figcaption",
            "dl",
            "dt",
            "dd",
            "address",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.saw_h1 = False

    def _flush(self) -> None:
        # HTML collapses runs of ASCII white space; a non-breaking space stays
        line = _HTML_SPACE.sub(" ", "".join(self.current)).strip(" ")
        if line and line != "•":
            self.blocks.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self._SKIP:
            self.skip += 1
            return
        if tag in self._BLOCK:
            self._flush()
        if tag == "h1":
            self.saw_h1 = True
        if tag == "li" and not self.skip:
            self.current.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """Reduce an HTML page to plain text: one block per paragraph, heading or list item.

    Scripts, styles, the head, navigation and forms are dropped; list items
    become ``•`` bullets; the page title leads when the body has no ``<h1>``.

    >>> html_to_text("<html><head><title>T</title></head><body><p>A &amp; B</p>"
    ...              "<ul><li>one</li><li>two</li></ul></body></html>")
    'T\\n\\nA & B\\n\\n• one\\n\\n• two'
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    parser._flush()
    blocks = parser.blocks
    title = _HTML_SPACE.sub(" ", "".join(parser.title)).strip(" ")
    if title and not parser.saw_h1 and (not blocks or blocks[0] != title):
        blocks = [title, *blocks]
    return "\n\n".join(blocks)


def extract_file(
    path: PathLike,
    published: Any = None,
    *,
    encoding: str | None = None,
    data_dir: PathLike | None = None,
) -> dict[str, pd.DataFrame]:
    """:func:`read_text_file` then :func:`extract_article`."""
    return extract_article(read_text_file(path, encoding), published, data_dir=data_dir)


# --------------------------------------------------------------------------
# Writing tables


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.BooleanDtype):
            out[col] = s.astype(object).map(
                lambda v: None if v is pd.NA else ("true" if v else "false")
            )
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out


def _serialise(df: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return _plain(df).to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        plain = _plain(df)
        for col in df.columns:
            if isinstance(df[col].dtype, pd.BooleanDtype):
                plain[col] = df[col].astype(object).where(df[col].notna(), None)
            elif pd.api.types.is_integer_dtype(df[col].dtype):
                plain[col] = [None if v is pd.NA else int(v) for v in df[col]]
        records = plain.to_dict(orient="records")
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: PathLike,
    *,
    stem: str,
    fmt: str = "csv",
    force: bool = False,
) -> list[Path]:
    """Write each table to ``out_dir/<stem>_<table>.<fmt>``; return the paths.

    Every file is written whole or not at all (a temporary file renamed into
    place). Unless ``force`` is true, nothing is written when any target
    already exists: :class:`FileExistsError` names them all.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    targets = {name: out / f"{stem}_{name}.{fmt}" for name in tables}
    if not force:
        existing = [str(p) for p in targets.values() if p.exists()]
        if existing:
            raise FileExistsError(
                f"refusing to overwrite {', '.join(existing)} (use --force to replace)"
            )
    payloads = {name: _serialise(df, fmt) for name, df in tables.items()}
    written = []
    for name, data in payloads.items():
        written.append(atomic_write_bytes(targets[name], data))
    return written
