"""Shared pieces of the article checker: numbers, hedges, dates, the verdict rules.

Every kind of statement is judged by the same few rules, written here once:

- :func:`judge_number` compares a number the text asserts, with its hedge
  ("nearly", "more than", "about", ...), against the number the data holds;
- :func:`judge_years` does the same for "N years" of service, where news
  copy rounds up a tenure that is most of a year short;
- :func:`combine` merges the verdicts reached on the first and the last
  possible publication day when only a window is known.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "HEDGE",
    "MONTH",
    "NUM",
    "Finding",
    "combine",
    "judge_number",
    "judge_years",
    "parse_number",
    "parse_published",
    "period_of",
]

_DAYS_PER_YEAR = 365.2425

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_SPECIAL = {"a decade": 10, "a dozen": 12, "half a century": 50, "a quarter of a century": 25}

_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy)(?:[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten)"
)
#: A number as news copy writes it: digits (``4.12``, ``1,000``) or words up to 79.
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?i:{_WORD_NUM})(?!\w))"
#: A hedge before a number. Groups are read by :func:`hedge_of`.
HEDGE = (
    r"(?i:nearly|almost|close to|just under|just shy of|not quite|more than|over|above|"
    r"upwards of|in excess of|exceeding|at least|no fewer than|no less than|less than|"
    r"under|below|fewer than|about|around|roughly|some|approximately|an estimated|"
    r"only|just|exactly|precisely)"
)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
#: A month name, full or abbreviated (``Oct.``).
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?!\w)"
)

#: Hedge words grouped by the rule they trigger.
_HEDGE_RULES = {
    "below": ("nearly", "almost", "close to", "just under", "just shy of", "not quite"),
    "above": ("more than", "over", "above", "upwards of", "in excess of", "exceeding"),
    "at_least": ("at least", "no fewer than", "no less than"),
    "under": ("less than", "under", "below", "fewer than"),
    "about": ("about", "around", "roughly", "some", "approximately", "an estimated"),
}


def hedge_of(word: str | None) -> str:
    """The rule a hedge word triggers: below, above, at_least, under, about or exact.

    >>> hedge_of("nearly"), hedge_of("More than"), hedge_of(None), hedge_of("only")
    ('below', 'above', 'exact', 'exact')
    """
    if not word:
        return "exact"
    w = " ".join(word.lower().split())
    for rule, words in _HEDGE_RULES.items():
        if w in words:
            return rule
    return "exact"


def parse_number(text: str) -> float:
    """A number written in digits or words.

    >>> parse_number("thirty-two"), parse_number("4.12"), parse_number("a decade")
    (32.0, 4.12, 10.0)
    """
    t = " ".join(text.lower().replace("-", " ").split())
    if t in _SPECIAL:
        return float(_SPECIAL[t])
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    parts = t.split()
    if len(parts) == 1 and parts[0] in _UNITS:
        return float(_UNITS[parts[0]])
    if parts and parts[0] in _TENS:
        return float(_TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0))
    raise ValueError(f"not a number: {text!r}")


def decimals(text: str) -> int:
    """How many decimals a number is written with (its stated precision).

    >>> decimals("4.12"), decimals("2"), decimals("two")
    (2, 0, 0)
    """
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation.

    >>> month_number("Sept."), month_number("october")
    (9, 10)
    """
    return _MONTHS[name.lower().rstrip(".")]


# --------------------------------------------------------------------------
# publication date


def parse_published(published: Any, default: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The publication window: a day, ``FIRST..LAST``, a pair, or None (``default``).

    >>> parse_published("2024-06-20..2024-06-25", pd.Timestamp("2026-01-01"))[1].day
    25
    >>> parse_published(None, pd.Timestamp("2026-01-01"))[0].year
    2026
    """
    if published is None:
        return default, default
    if isinstance(published, str) and ".." in published:
        published = tuple(published.split("..", 1))
    if isinstance(published, (tuple, list)):
        if len(published) != 2:
            raise ValueError(
                f"published: expected a day or a (first, last) pair, not {published!r}"
            )
        first, last = (_day(p) for p in published)
    else:
        first = last = _day(published)
    if last < first:
        raise ValueError(
            f"published: the window ends ({last.date()}) before it starts ({first.date()})"
        )
    return first, last


def _day(value: Any) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"published: {value!r} is not a date (expected YYYY-MM-DD)") from exc
    if ts is pd.NaT or not 1900 <= ts.year <= 2100:
        raise ValueError(f"published: {value!r} is not a date between 1900 and 2100")
    return ts.normalize()


def period_of(
    year: int | None, month: int | None = None, day: int | None = None
) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last day of a year, a month or a day (None without a year).

    >>> [d.date().isoformat() for d in period_of(2024, 2)]
    ['2024-02-01', '2024-02-29']
    """
    if year is None:
        return None
    if month is None:
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    if day is None:
        last = calendar.monthrange(year, month)[1]
        return pd.Timestamp(year, month, 1), pd.Timestamp(year, month, last)
    try:
        ts = pd.Timestamp(year, month, day)
    except ValueError:  # 30 February: no such day
        return None
    return ts, ts


# --------------------------------------------------------------------------
# verdict rules

_WORSE = ("supported", "partly supported", "contradicted")


def judge_number(value: float, asserted: float, hedge: str, *, count: bool, places: int = 0):
    """Verdict for a number: ``value`` (the data) against ``asserted`` with its hedge rule.

    Returns ``(verdict, rule)``. ``count`` is True for counts (allies,
    states): an unhedged count must be exact. Otherwise (a percentage) an
    unhedged number is read at its stated precision (``places``): the data
    rounded to it must equal it (supported), or be one step off (partly
    supported). Hedges: *below* ("nearly", "almost") needs the data under the
    number by at most 10% (at least 1 for counts); *above* ("more than",
    "over") needs it over; *at_least* at or over; *under* ("less than")
    under; *about* ("around", "some") within 10%, partly within 20%. A hedge
    the data misses only at its edge (equal where "more than" needs over) is
    partly supported.

    >>> judge_number(4.12, 4, "above", count=False)[0]
    'supported'
    >>> judge_number(32, 32, "below", count=True)[0]
    'partly supported'
    >>> judge_number(2.03, 2.1, "exact", count=False, places=1)[0]
    'partly supported'
    """
    step = 10.0**-places
    if hedge == "exact":
        if count:
            ok = value == asserted
            return ("supported" if ok else "contradicted"), "count: must be exact"
        diff = abs(round(value, places) - asserted)
        if diff < step / 2:
            return "supported", f"rounded to the stated {places} decimal(s)"
        if diff < step * 1.5:
            return "partly supported", f"one step off at the stated {places} decimal(s)"
        return "contradicted", f"more than one step off at the stated {places} decimal(s)"
    tol = max(abs(asserted) * 0.1, 1.0 if count else 0.0)
    if hedge == "below":
        if asserted - tol <= value < asserted:
            return "supported", "'nearly': under the number by at most 10%"
        if value == asserted or (not count and round(value, places) == asserted):
            return "partly supported", "'nearly': the number itself, not under it"
        return "contradicted", "'nearly': not just under the number"
    if hedge == "above":
        if value > asserted:
            return "supported", "'more than': over the number"
        if value == asserted:
            return "partly supported", "'more than': equal, not over"
        return "contradicted", "'more than': not over the number"
    if hedge == "at_least":
        ok = value >= asserted
        return ("supported" if ok else "contradicted"), "'at least': at or over the number"
    if hedge == "under":
        if value < asserted:
            return "supported", "'less than': under the number"
        if value == asserted:
            return "partly supported", "'less than': equal, not under"
        return "contradicted", "'less than': not under the number"
    # about
    gap = abs(value - asserted)
    if gap <= max(abs(asserted) * 0.1, 0.5 if count else 0.0):
        return "supported", "'about': within 10%"
    if gap <= abs(asserted) * 0.2:
        return "partly supported", "'about': within 20%"
    return "contradicted", "'about': more than 20% off"


def judge_years(years: float, asserted: float, hedge: str):
    """Verdict for "N years" of service: ``years`` (the data, fractional) against N.

    Unhedged: N equal to the completed years is supported; one more than
    the completed years, with at least half of that year served, is partly
    supported (rounded up, as in the hand-made check of "14 years"); anything
    else is contradicted. *below* ("nearly N"): from N-1 up to N is
    supported. *above* ("more than N"): over N. *about*: within half a year,
    partly within one year. *at_least*: N or more.

    >>> judge_years(13.7, 14, "exact")[0], judge_years(13.7, 14, "below")[0]
    ('partly supported', 'supported')
    >>> judge_years(9.7, 5, "exact")[0]
    'contradicted'
    """
    completed = int(years + 1e-9)
    if hedge == "exact":
        if asserted == completed:
            return "supported", "'N years': N completed years"
        if asserted == completed + 1 and years - completed >= 0.5:
            return "partly supported", "'N years': rounded up from a year not yet completed"
        return "contradicted", "'N years': neither the completed years nor rounded up"
    if hedge == "below":
        if asserted - 1 <= years < asserted:
            return "supported", "'nearly N years': within the year before N"
        if asserted <= years < asserted + 0.5:
            return "partly supported", "'nearly N years': N already reached"
        return "contradicted", "'nearly N years': not within the year before N"
    if hedge in ("above", "at_least"):
        ok = years > asserted if hedge == "above" else years >= asserted
        if ok:
            return "supported", "'more than N years': over N"
        if asserted - 0.5 <= years:
            return "partly supported", "'more than N years': close to N, not over"
        return "contradicted", "'more than N years': not over N"
    if hedge == "under":
        ok = years < asserted
        return ("supported" if ok else "contradicted"), "'less than N years': under N"
    gap = abs(years - asserted)
    if gap <= 0.5:
        return "supported", "'about N years': within half a year"
    if gap <= 1:
        return "partly supported", "'about N years': within a year"
    return "contradicted", "'about N years': more than a year off"


def combine(first: str, last: str) -> str:
    """One verdict from the verdicts on the first and last possible publication day.

    The same verdict stands; supported on one day and not the other is
    partly supported; otherwise the worse of the two.

    >>> combine("supported", "contradicted"), combine("contradicted", "contradicted")
    ('partly supported', 'contradicted')
    """
    if first == last:
        return first
    if "supported" in (first, last):
        return "partly supported"
    return max(first, last, key=_WORSE.index)


# --------------------------------------------------------------------------
# a finding


@dataclass
class Finding:
    """One statement the data settles: where it is, what it says, what the data says.

    ``kind`` is one of :data:`natoanalysis.check.KINDS`; ``claim_type`` is the
    hand-made table's type (count, date, duration, attribution);
    ``rule`` names the comparison (``kind/rule``) and ``detail`` explains it
    in one sentence; ``source_ids`` are the sources of the rows used.
    """

    kind: str
    claim_type: str
    start: int
    end: int
    quote: str
    statement: str
    asserted: str
    data_value: str
    verdict: str
    rule: str
    detail: str
    source_ids: tuple[str, ...] = field(default_factory=tuple)


def fmt_day(ts: pd.Timestamp) -> str:
    """ISO day.

    >>> fmt_day(pd.Timestamp("2024-03-07"))
    '2024-03-07'
    """
    return ts.date().isoformat()


def years_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Fractional years from ``start`` to ``end`` (365.2425-day years).

    >>> round(years_between(pd.Timestamp("2010-10-14"), pd.Timestamp("2024-07-02")), 2)
    13.72
    """
    return (end - start).days / _DAYS_PER_YEAR
