"""Shared pieces of the extractor: the publication date, name patterns, scanning helpers,
the sentence locator and typed table columns."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from ..article import Article
from ..gazetteer import trie_pattern

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


_FIRST_DAY = date(1677, 9, 22)  # the days a nanosecond timestamp can hold
_LAST_DAY = date(2262, 4, 11)


def _in_range(day: date, shown: str) -> pd.Timestamp:
    plain = day.date() if isinstance(day, datetime) else day
    if not _FIRST_DAY <= plain <= _LAST_DAY:
        raise ValueError(
            f"publication date {shown!r} is out of range (use a date from {_FIRST_DAY} "
            f"to {_LAST_DAY})"
        )
    return pd.Timestamp(day).as_unit("ns")


def _one_day(value: Any) -> pd.Timestamp:
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(f"publication date {value!r} is not a date (expected YYYY-MM-DD)")
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"publication date {value!r} is not a valid date") from None
        return _in_range(day, value)
    if isinstance(value, (pd.Timestamp, datetime, date)):
        ts = _in_range(value, str(value))
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        return ts.normalize()
    raise ValueError(f"publication date {value!r} is not a date (expected YYYY-MM-DD)")


# --------------------------------------------------------------------------
# Helpers


_WS = r"[^\S\r\n]+"
_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_NAME_PART = rf"(?:(?:[{_UPPER}]\.){{1,3}}|[{_UPPER}][\w]*(?:[-'’][{_UPPER}][\w]*)*)"
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
