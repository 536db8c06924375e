"""The date expressions the extractor recognises, as one regular expression, and
the calendar helpers that resolve them."""

from __future__ import annotations

import re

import pandas as pd

from .base import _MONTH_NAMES, _WEEKDAYS, _WS, _trigger_regex

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
            rf"(?P<dm>(?<![\w.])\d{{1,2}}{_ORD}(?:[-–]\d{{1,2}}{_ORD})?{_WS}(?:of{_WS})?{_MON}(?!\w))",
            rf"(?P<md>{_MON}{_WS}\d{{1,2}}{_ORD}(?:[-–]\d{{1,2}}{_ORD})?(?![\w,.]\d|\w))",
            rf"(?P<pm>(?i:(?:in|by|until|till|since|from|before|after|during|this|next"
            rf"|last|earlier{_WS}in|later{_WS}in){_WS}(?:(?:early|late|mid)[- ])?"
            rf"|(?:early|late|mid)[- ]){_MON_FULL}(?!\w|{_WS}\d))",
            rf"(?P<coming>(?i:(?:in|over|during|within){_WS})?(?i:the){_WS}"
            rf"(?i:coming|next{_WS}few|following){_WS}(?i:days|weeks|months|years)(?!\w))",
            rf"(?P<span>(?i:the{_WS}(?:next|past|last|previous|coming|following))"
            rf"{_WS}{_NUM}{_WS}{_UNIT}(?!\w))",
            rf"(?P<ago>(?:{_NUM}|(?i:an?)){_WS}{_UNIT}{_WS}(?i:ago)(?!\w))",
            rf"(?P<rel>(?i:(?:last|next|this|(?:earlier|later){_WS}this){_WS}"
            rf"(?:week|month|year)|yesterday|today|tomorrow|tonight|last{_WS}night|this{_WS}(?:morning|afternoon|evening))(?!\w))",
            rf"(?P<wd>(?:(?i:on|last|next|this){_WS})?{_WD}(?!\w))",
            rf"(?P<anniv>\d{{1,3}}(?:st|nd|rd|th){_WS}(?i:anniversary)(?!\w))",
            rf"(?P<inper>(?i:in){_WS}(?:{_NUM}|(?i:an?)){_WS}{_UNIT}(?!\w))",
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
        "tonight",
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


_PERFECT = re.compile(r"(?i)\b(?:has|have|had|(?:he|she|it|who|that)['’]s)\b")
_FUTURE = re.compile(r"(?i)\b(?:will|would|shall|to\s+serve)\b")
_SERVICE_AFTER = re.compile(
    rf"{_WS}(?i:of{_WS}service|in{_WS}office|in{_WS}power|at{_WS}the{_WS}helm)(?!\w)"
)
_CELEBRATE = re.compile(r"(?i)\b(?:celebrates|celebrating|marks|marking)\b")
