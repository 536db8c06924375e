"""Date expressions: what each one means on the publication date."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..gazetteer import fold
from .base import _WEEKDAYS, Window, _Locator, _scan_at
from .date_patterns import (
    _CELEBRATE,
    _DATE_RX,
    _DATE_TRIGGER,
    _FUTURE,
    _MONTHS,
    _PERFECT,
    _SERVICE_AFTER,
    Resolution,
    _day,
    _month_span,
    _number,
    _offset,
    _week_of,
    _year_span,
)
from .tense import tense


@dataclass
class _DateExpr:
    start: int
    end: int
    rule: str
    relative: bool
    fixed: Resolution | None = None  # absolute expressions
    resolve: Callable[[pd.Timestamp], Resolution | None] | None = None


def _month_word(s: str) -> str:
    """The month name of a date expression the date pattern matched ("24 June")."""
    found = re.search(r"[A-Za-z]{3,}", s.replace("of ", ""))
    if found is None:  # the date pattern always has a month name
        raise ValueError(f"no month name in {s!r}")
    return found.group(0)


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
        mon = _MONTHS[_month_word(s)[:3].casefold()]
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
        days = [int(n) for n in re.findall(r"\d+", s)]
        day_n, last_n = days[0], days[-1]  # "June 24-25": a range of days
        mon = _MONTHS[fold(_month_word(s))]
        if day_n < 1 or day_n > 31 or last_n < day_n or last_n > 31:
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
            first = min(options, key=lambda x: (abs((x - d).days), x))
            if last_n == day_n:
                return _day(first)
            try:
                return first, pd.Timestamp(first.year, mon, last_n), "range"
            except ValueError:
                return None

        return _DateExpr(start, end, "day_month", True, resolve=nearest)
    if kind == "pm":
        mon = _MONTHS[fold(words[-1].split("-")[-1])]
        prep = fold(words[0])

        when = tense(text, loc.sentence_start(start), start)

        def named_month(d: pd.Timestamp) -> Resolution:
            if prep in ("last", "since"):
                year = d.year if mon < d.month else d.year - 1
            elif when == "past" and prep not in ("this", "next"):  # "had asked in March"
                year = d.year if mon <= d.month else d.year - 1
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
        shifts = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1}
        shifts.update({"this morning": 0, "this afternoon": 0, "this evening": 0})
        if low in shifts:
            shift = shifts[low]
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

        future = (
            lead not in ("last", "next")
            and tense(text, loc.sentence_start(start), start) == "future"
        )

        def weekday(d: pd.Timestamp) -> Resolution:
            back = (d.weekday() - wd) % 7
            if future:  # "the summit opens on Wednesday": the first on or after publication
                return _day(d + pd.Timedelta(days=(wd - d.weekday()) % 7))
            if lead == "next":
                return _day(d + pd.Timedelta(days=(wd - d.weekday()) % 7 or 7))
            if lead == "last" and back == 0:
                back = 7
            return _day(d - pd.Timedelta(days=back))

        return _DateExpr(start, end, "weekday", True, resolve=weekday)
    if kind == "inper":
        n = _number(words[1])
        unit = fold(words[-1]).rstrip("s")
        if re.search(
            r"(?i)\b(?:time|first|once|twice|lowest|highest|worst|best)\W*$",
            text[max(0, start - 20) : start],
        ):
            return _DateExpr(start, end, "duration", True)  # "the first time in two years"

        def in_period(d: pd.Timestamp) -> Resolution:
            then = d + _offset(n, unit)
            if unit in ("year", "decade"):
                return _year_span(then.year)
            if unit == "month":
                return _month_span(then.year, then.month)
            if unit == "week":
                return _week_of(then)
            return _day(then)

        return _DateExpr(start, end, "in_period", True, resolve=in_period)
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


def _dates(text: str, loc: _Locator, window: Window | None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
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
    return rows
