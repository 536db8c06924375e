"""Date phrases in news copy: ``4 April 2023``, ``April 4, 2023``, ``April 2023``, ``2023``,
``in March`` (the month before or after publication, by tense), ``this year``, ``last year``."""

from __future__ import annotations

import re

import pandas as pd

from ._common import MONTH, month_number, period_of

__all__ = ["DATE", "ORDINAL", "RELATIVE", "parse_date", "parse_ordinal", "resolve", "sentence_year"]

#: A date phrase with a year (no groups).
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+(?:19|20)\d{{2}}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?"
    rf"\s+(?:19|20)\d{{2}}|{MONTH}\s+(?:of\s+)?(?:19|20)\d{{2}}|(?:19|20)\d{{2}})(?!\d)"
)
_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH}),?\s+(\d{{4}})")
_MDY = re.compile(rf"({MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_MY = re.compile(rf"({MONTH})\s+(?:of\s+)?(\d{{4}})")
_Y = re.compile(r"(\d{4})")

_ORD_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
}
#: An ordinal number: ``32nd``, ``thirty-second``, ``75th``.
ORDINAL = (
    r"(?:\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy)[- ])?(?:first|second|"
    r"third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|twentieth|thirtieth)"
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}


def parse_ordinal(text: str) -> int:
    """``32nd`` -> 32, ``thirty-second`` -> 32.

    >>> parse_ordinal("thirty-second"), parse_ordinal("75th"), parse_ordinal("Fourth")
    (32, 75, 4)
    """
    t = text.lower().replace("-", " ")
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    parts = t.split()
    if len(parts) == 2:
        return _TENS[parts[0]] + _ORD_WORDS[parts[1]]
    return _ORD_WORDS[parts[0]]


def parse_date(text: str) -> tuple[tuple[pd.Timestamp, pd.Timestamp], str] | None:
    """The period a date phrase names, and its precision (day, month, year).

    >>> p, precision = parse_date("4 April 2023")
    >>> p[0].date().isoformat(), precision
    ('2023-04-04', 'day')
    >>> parse_date("April 2023")[1], parse_date("2023")[1]
    ('month', 'year')
    """
    if m := _DMY.search(text):
        period = period_of(int(m[3]), month_number(m[2]), int(m[1]))
        return (period, "day") if period else None
    if m := _MDY.search(text):
        period = period_of(int(m[3]), month_number(m[1]), int(m[2]))
        return (period, "day") if period else None
    if m := _MY.search(text):
        return period_of(int(m[2]), month_number(m[1])), "month"  # type: ignore[return-value]
    if m := _Y.search(text):
        return period_of(int(m[1])), "year"  # type: ignore[return-value]
    return None


_YEAR_WORDS = re.compile(
    r"\b(?:in|during|for|by|of|since)\s+((?:19|20)\d{2})\b|\b(this|last|next)\s+year\b|"
    r"\b((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def sentence_year(text: str, day: pd.Timestamp) -> tuple[int, str] | None:
    """The year a sentence speaks of: an explicit year, or *this*/*last*/*next year*.

    Returns ``(year, how)``; None if the sentence names none. With more than
    one year, the one after *in* wins, else the last one written.

    >>> sentence_year("Poland spent 4.1% last year", pd.Timestamp("2025-03-01"))
    (2024, "'last year'")
    >>> sentence_year("Poland spends 4.1% of GDP in 2024, up from 2014", pd.Timestamp("2025-03-01"))
    (2024, "'in 2024'")
    """
    found: list[tuple[int, str, bool]] = []
    for m in _YEAR_WORDS.finditer(text):
        if m.group(1):
            found.append((int(m.group(1)), f"'{m.group(0)}'", m.group(0).lower().startswith("in")))
        elif m.group(2):
            shift = {"this": 0, "last": -1, "next": 1}[m.group(2).lower()]
            found.append((day.year + shift, f"'{m.group(0)}'", True))
        else:
            found.append((int(m.group(3)), f"'{m.group(0)}'", False))
    if not found:
        return None
    preferred = [f for f in found if f[2]]
    year, how, _ = (preferred or found)[0] if preferred else found[-1]
    return year, how


#: A date phrase without a year, or relative to publication (no groups):
#: ``April last year``, ``last year``, ``this year``, ``in March``, ``Oct. 1``.
RELATIVE = (
    rf"(?:(?:{MONTH}\s+)?(?:last|this)\s+year|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?!,?\s+\d)|"
    rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!,?\s+\d|\d)|{MONTH}(?!,?\s+(?:of\s+)?\d))"
)
_REL_YEAR = re.compile(r"\b(last|this)\s+year\b", re.IGNORECASE)


def resolve(
    text: str, day: pd.Timestamp, future: bool = False
) -> tuple[tuple[pd.Timestamp, pd.Timestamp], str] | None:
    """The period a date phrase names, seen from publication day ``day``.

    A phrase with a year is read as written. *last year* and *this year*
    count from ``day``'s year. A month (or day and month) without a year is
    the last such month on or before ``day``, or the next one on or after it
    when ``future``.

    >>> p, prec = resolve("April last year", pd.Timestamp("2024-07-10"))
    >>> p[0].date().isoformat(), prec
    ('2023-04-01', 'month')
    >>> resolve("March", pd.Timestamp("2024-07-10"))[0][0].date().isoformat()
    '2024-03-01'
    >>> resolve("October", pd.Timestamp("2024-07-10"), future=True)[0][0].year
    2024
    """
    if re.search(r"(?:19|20)\d{2}", text):
        return parse_date(text)
    rel = _REL_YEAR.search(text)
    mon = re.search(MONTH, text)
    dm = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})|({MONTH})\s+(\d{{1,2}})", text)
    if rel:
        year = day.year - (1 if rel.group(1).lower() == "last" else 0)
        if mon is None:
            return period_of(year), "year"  # type: ignore[return-value]
        return period_of(year, month_number(mon.group(0))), "month"  # type: ignore[return-value]
    if mon is None:
        return None
    month = month_number((dm[2] or dm[3]) if dm else mon.group(0))
    d = int(dm[1] or dm[4]) if dm else None
    year = day.year
    here, there = (day.month, day.day if d else 0), (month, d or 0)
    if future and there < here:
        year += 1
    if not future and there > here:
        year -= 1
    period = period_of(year, month, d)
    return (period, "day" if d else "month") if period else None
