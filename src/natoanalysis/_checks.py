"""The computed checks: each recomputes one of the article's facts from the tables.

Private: import from :mod:`natoanalysis.factcheck`, whose docstring lists the
checks and the verdict scale.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .datapackage import DataPackage, load_package
from .errors import DataError
from .tables import (
    article_metadata,
    load_claims,
    load_events,
    load_members,
    load_secretaries_general,
)

#: A data folder, a :class:`~natoanalysis.datapackage.DataPackage` handle, or
#: ``None`` for the default.
PathLike = str | os.PathLike[str] | DataPackage | None

#: The verdict scale, in the order of the ``verdict`` category.
VERDICTS = ("supported", "partly supported", "contradicted", "unverified")

#: A Secretary General's initial term in years, extendable by the allies. Not in a
#: table: stated by the sources below (both in ``sources.csv``).
INITIAL_TERM_YEARS = 4
INITIAL_TERM_SOURCES = ("govnl_what_does_nato_sg_do", "nato_explainer_sg_term_copy_fifthestate")

_DAYS_PER_YEAR = 365.2425


@dataclass(frozen=True)
class CheckResult:
    """What a computed check found.

    ``article_says`` is the article's own words for the fact (they occur in
    the quote of the claim the check tests); ``value`` is the computed fact
    in ``unit`` (a ``(low, high)`` pair where it depends on the unknown day
    of publication); ``verdict`` is the verdict the value implies on our
    scale; ``detail`` says how, in one sentence; ``source_ids`` are the
    sources of the rows used; ``extra`` holds further computed context.
    """

    check_id: str
    question: str
    article_says: str
    value: Any
    unit: str
    verdict: str
    detail: str
    source_ids: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The result as a plain dict (lists instead of tuples; JSON-ready).

        >>> member_count().as_dict()["value"]
        32
        """
        out = {
            "check_id": self.check_id,
            "question": self.question,
            "article_says": self.article_says,
            "value": list(self.value) if isinstance(self.value, tuple) else self.value,
            "unit": self.unit,
            "verdict": self.verdict,
            "detail": self.detail,
            "source_ids": list(self.source_ids),
        }
        out.update(self.extra)
        return out


# --------------------------------------------------------------------------
# helpers


def _window(data_dir: PathLike) -> tuple[pd.Timestamp, pd.Timestamp]:
    window: Any = article_metadata(data_dir)["published_window"]
    return pd.Timestamp(window[0]), pd.Timestamp(window[1])


def _event(events: pd.DataFrame, event_id: str) -> pd.Series:
    rows = events[events["event_id"] == event_id]
    if rows.empty:
        raise DataError(f"the check needs event {event_id!r}, which is missing", file="events.csv")
    return rows.iloc[0]


def _day(ts: pd.Timestamp) -> str:
    return ts.date().isoformat()


def _span(low: int, high: int) -> int | tuple[int, int]:
    return low if low == high else (low, high)


def _fmt_span(value: int | tuple[int, int]) -> str:
    return f"{value[0]}–{value[1]}" if isinstance(value, tuple) else str(value)


def _completed_years(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole years from ``start`` to ``end`` (an anniversary counts as completed)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


# --------------------------------------------------------------------------
# the checks


def member_count(claimed: int = 32, data_dir: PathLike = None) -> CheckResult:
    """How many allies NATO had on the first and last possible publication day.

    >>> member_count().value
    32
    """
    start, end = _window(data_dir)
    members = load_members(data_dir)
    n_start = int((members["accession_date"] <= start).sum())
    n_end = int((members["accession_date"] <= end).sum())
    if n_start == n_end == claimed:
        verdict = "supported"
    elif claimed in (n_start, n_end):
        verdict = "partly supported"
    else:
        verdict = "contradicted"
    joined = members[members["accession_date"] <= end]
    newest = joined.loc[joined["accession_date"].idxmax()]
    return CheckResult(
        check_id="member_count",
        question="How many member states did NATO have when the article appeared?",
        article_says=f"{claimed}-member",
        value=_span(n_start, n_end),
        unit="allies",
        verdict=verdict,
        detail=(
            f"{n_start} allies had joined by {_day(start)} and {n_end} by {_day(end)}; the "
            f"newest, {newest['name']}, joined on {_day(newest['accession_date'])}."
        ),
        source_ids=tuple(sorted(set(joined["source_id"]))),
    )


def still_prime_minister(data_dir: PathLike = None) -> CheckResult:
    """Whether Rutte was still Dutch Prime Minister on every possible publication day.

    >>> still_prime_minister().verdict
    'supported'
    """
    start, end = _window(data_dir)
    events = load_events(data_dir)
    took = _event(events, "rutte_becomes_pm")
    left = _event(events, "schoof_cabinet_sworn_in")
    in_office = took["event_date"] <= start and end < left["event_date"]
    days_left = (left["event_date"] - end).days
    return CheckResult(
        check_id="still_prime_minister",
        question="Was Rutte still the Dutch Prime Minister when the article appeared?",
        article_says="Dutch Prime Minister",
        value=days_left,
        unit="days in office after the last possible publication day",
        verdict="supported" if in_office else "contradicted",
        detail=(
            f"He was Prime Minister from {_day(took['event_date'])} until the Schoof cabinet "
            f"was sworn in on {_day(left['event_date'])}, {days_left} days after the last "
            f"possible publication day ({_day(end)})."
        ),
        source_ids=(took["source_id"], left["source_id"]),
    )


def meeting_place(data_dir: PathLike = None) -> CheckResult:
    """Where the article puts Rutte's talks with Orbán, against where the sources put them.

    >>> meeting_place().value
    'Brussels'
    """
    events = load_events(data_dir)
    art = _event(events, "art_rutte_visits_budapest")
    real = _event(events, str(art["linked_event_id"]))
    same = art["place"] == real["place"]
    budapest = _event(events, "stoltenberg_orban_budapest_deal")
    return CheckResult(
        check_id="meeting_place",
        question="Where did Rutte meet Orbán to settle Hungary's objections?",
        article_says=str(art["place"]),
        value=str(real["place"]),
        unit="city",
        verdict="supported" if same else "contradicted",
        detail=(
            f"The article says {art['place']}; the sources put the meeting in {real['place']} "
            f"on {_day(real['event_date'])}, while the {budapest['place']} talks of "
            f"{_day(budapest['event_date'])} were Stoltenberg's."
        ),
        source_ids=(real["source_id"], budapest["source_id"]),
    )


def newest_member(claimed: str = "Sweden", data_dir: PathLike = None) -> CheckResult:
    """Whether ``claimed`` was NATO's most recent member when the article appeared.

    >>> newest_member().extra["days_a_member"]
    (105, 110)
    """
    start, end = _window(data_dir)
    members = load_members(data_dir)
    joined = members[members["accession_date"] <= start]
    newest = joined.loc[joined["accession_date"].idxmax()]
    days = _span((start - newest["accession_date"]).days, (end - newest["accession_date"]).days)
    return CheckResult(
        check_id="newest_member",
        question="Was Sweden NATO's newest member when the article appeared?",
        article_says=f"new member {claimed}",
        value=str(newest["name"]),
        unit="ally",
        verdict="supported" if newest["name"] == claimed else "contradicted",
        detail=(
            f"{newest['name']} joined on {_day(newest['accession_date'])}, "
            f"{_fmt_span(days)} days before publication, the most recent accession."
        ),
        source_ids=(newest["source_id"],),
        extra={"days_a_member": days},
    )


def pm_years(claimed: int = 14, data_dir: PathLike = None) -> CheckResult:
    """Years between Rutte taking and leaving office as Dutch Prime Minister.

    Verdict rule for "N years": N equal to the completed years is
    ``supported``, one more (rounded up) is ``partly supported``, anything
    else ``contradicted``.

    >>> r = pm_years()
    >>> r.value, r.extra["completed_years"], r.verdict
    (13.72, 13, 'partly supported')
    """
    events = load_events(data_dir)
    took = _event(events, "rutte_becomes_pm")
    left = _event(events, "schoof_cabinet_sworn_in")
    days = int((left["event_date"] - took["event_date"]).days)
    years = round(days / _DAYS_PER_YEAR, 2)
    completed = _completed_years(took["event_date"], left["event_date"])
    if claimed == completed:
        verdict = "supported"
    elif claimed == completed + 1:
        verdict = "partly supported"
    else:
        verdict = "contradicted"
    return CheckResult(
        check_id="pm_years",
        question="For how many years had Rutte been Prime Minister?",
        article_says=f"{claimed} years",
        value=years,
        unit="years",
        verdict=verdict,
        detail=(
            f"{days:,} days from {_day(took['event_date'])} to {_day(left['event_date'])} is "
            f"{years:.2f} years: {completed} completed, so '{claimed}' "
            + ("is exact." if verdict == "supported" else "is rounded up.")
        ),
        source_ids=(took["source_id"], left["source_id"]),
        extra={"days": days, "completed_years": completed},
    )


def takeover_month(data_dir: PathLike = None) -> CheckResult:
    """When Rutte took over from Stoltenberg, and how long after the article.

    >>> r = takeover_month()
    >>> r.extra["takeover_date"], r.value
    ('2024-10-01', (98, 103))
    """
    start, end = _window(data_dir)
    sg = load_secretaries_general(data_dir)
    rutte = sg[sg["person_id"] == "mark_rutte"].iloc[0]
    stoltenberg = sg[sg["person_id"] == "jens_stoltenberg"].iloc[0]
    takeover = rutte["start_date"]
    handover = stoltenberg["end_date"] == takeover
    in_october = (takeover.year, takeover.month) == (start.year, 10)
    gap = _span((takeover - end).days, (takeover - start).days)
    return CheckResult(
        check_id="takeover_month",
        question="Did Rutte take over from Stoltenberg in October 2024?",
        article_says="in October",
        value=gap,
        unit="days after publication",
        verdict="supported" if in_october and handover else "contradicted",
        detail=(
            f"Rutte took office on {_day(takeover)}, the day Stoltenberg's tenure ended, "
            f"{_fmt_span(gap)} days after the article appeared."
        ),
        source_ids=(rutte["source_id"], stoltenberg["source_id"]),
        extra={"takeover_date": _day(takeover)},
    )


def anniversary(claimed: int = 75, data_dir: PathLike = None) -> CheckResult:
    """Which anniversary of the North Atlantic Treaty's signing fell in the publication year.

    >>> anniversary().value
    75
    """
    start, _ = _window(data_dir)
    signed = _event(load_events(data_dir), "treaty_signed")
    ordinal = start.year - signed["event_date"].year
    day = signed["event_date"] + pd.DateOffset(years=ordinal)
    return CheckResult(
        check_id="anniversary",
        question="Which anniversary did NATO mark in 2024?",
        article_says=f"{claimed}th anniversary",
        value=ordinal,
        unit="years since the Treaty was signed",
        verdict="supported" if ordinal == claimed else "contradicted",
        detail=(
            f"The Treaty was signed in {signed['place']} on {_day(signed['event_date'])}, so "
            f"its {ordinal}th anniversary fell on {_day(day)}."
        ),
        source_ids=(signed["source_id"],),
        extra={"anniversary_date": _day(day)},
    )


def _formal_appointment(data_dir: PathLike) -> tuple[pd.Series, pd.Series, tuple[int, int]]:
    start, end = _window(data_dir)
    events = load_events(data_dir)
    art = _event(events, "art_formal_appointment")
    nac = _event(events, str(art["linked_event_id"]))
    return art, nac, ((nac["event_date"] - end).days, (nac["event_date"] - start).days)


def appointment_timing(data_dir: PathLike = None) -> CheckResult:
    """The formal appointment against the article's "in the coming days" and its mechanism.

    Supported if the decision fell in the range "in the coming days"
    resolves to (see the ``art_formal_appointment`` event) and the sources
    describe it as the article does; partly supported if the timing is
    right but the events table flags a difference (here: who decided).

    >>> r = appointment_timing()
    >>> r.value, r.verdict
    ((1, 6), 'partly supported')
    """
    art, nac, gap = _formal_appointment(data_dir)
    inside = art["event_date"] <= nac["event_date"] <= art["end_date"]
    differs = [] if pd.isna(art["differs"]) else str(art["differs"]).split(";")
    if not inside:
        verdict = "contradicted"
    elif differs:
        verdict = "partly supported"
    else:
        verdict = "supported"
    return CheckResult(
        check_id="appointment_timing",
        question="Was the appointment formalised by all 32 states in the coming days?",
        article_says="in the coming days",
        value=_span(*gap),
        unit="days after publication",
        verdict=verdict,
        detail=(
            f"The North Atlantic Council decided on {_day(nac['event_date'])}, "
            f"{_fmt_span(_span(*gap))} days after publication and inside the "
            f"{_day(art['event_date'])} to {_day(art['end_date'])} range"
            + (
                f", but the events table records that the sources differ on: {', '.join(differs)}."
                if differs
                else "; the sources describe it as the article does."
            )
        ),
        source_ids=(nac["source_id"],),
        extra={"differs": differs},
    )


def formally_confirmed(data_dir: PathLike = None) -> CheckResult:
    """Whether Rutte's appointment was already formal when the article appeared.

    Supported if the Council had decided by the first possible publication
    day; partly supported if not yet, but his last rival had withdrawn
    (every ally backed him); contradicted otherwise.

    >>> formally_confirmed().verdict
    'partly supported'
    """
    start, _ = _window(data_dir)
    _, nac, gap = _formal_appointment(data_dir)
    rival = _event(load_events(data_dir), "iohannis_withdraws")
    if nac["event_date"] <= start:
        verdict = "supported"
    elif rival["event_date"] <= start:
        verdict = "partly supported"
    else:
        verdict = "contradicted"
    return CheckResult(
        check_id="formally_confirmed",
        question="Had Rutte been formally confirmed when the article appeared?",
        article_says="confirmed",
        value=_span(*gap),
        unit="days until the formal decision",
        verdict=verdict,
        detail=(
            f"His last rival withdrew on {_day(rival['event_date'])}, but the North Atlantic "
            f"Council's formal decision came on {_day(nac['event_date'])}, "
            f"{_fmt_span(_span(*gap))} days after the article."
        ),
        source_ids=(rival["source_id"], nac["source_id"]),
    )


def term_length(claimed: int = 5, data_dir: PathLike = None) -> CheckResult:
    """A Secretary General's term: the formal initial term, and tenures in practice.

    The verdict compares the article's years with the formal initial term
    (:data:`INITIAL_TERM_YEARS`, from :data:`INITIAL_TERM_SOURCES`): an
    appointment settles that term, not any later extension. The
    ``secretaries_general`` table gives the context: the median completed
    tenure of appointed (not acting) holders.

    >>> r = term_length()
    >>> r.value, r.verdict, r.extra["median_tenure_years"]
    (4, 'contradicted', 5.11)
    """
    sg = load_secretaries_general(data_dir)
    done = sg[~sg["is_acting"].astype(bool) & sg["end_date"].notna()]
    years = done["tenure_days"].astype(float) / _DAYS_PER_YEAR
    median = round(float(years.median()), 2)
    shortest = done.loc[years.idxmin()]
    longest = done.loc[years.idxmax()]
    return CheckResult(
        check_id="term_length",
        question="For how long is a Secretary General appointed?",
        article_says=f"{_WORDS.get(claimed, str(claimed))} years",
        value=INITIAL_TERM_YEARS,
        unit="years (initial term)",
        verdict="supported" if claimed == INITIAL_TERM_YEARS else "contradicted",
        detail=(
            f"The initial term is {INITIAL_TERM_YEARS} years, extendable; the {len(done)} "
            f"appointed holders who have left office served a median of {median:.1f} years "
            f"(from {years.min():.1f} for {shortest['name']} to {years.max():.1f} for "
            f"{longest['name']})."
        ),
        source_ids=tuple(INITIAL_TERM_SOURCES) + tuple(sorted(set(done["source_id"]))),
        extra={
            "median_tenure_years": median,
            "holders_counted": len(done),
            "shortest_tenure_years": round(float(years.min()), 2),
            "longest_tenure_years": round(float(years.max()), 2),
        },
    )


_WORDS = {4: "four", 5: "five", 6: "six"}

#: Every computed check by ``check_id`` (the ``check_id`` column of ``claims``).
CHECKS: dict[str, Callable[..., CheckResult]] = {
    "member_count": member_count,
    "still_prime_minister": still_prime_minister,
    "meeting_place": meeting_place,
    "newest_member": newest_member,
    "pm_years": pm_years,
    "takeover_month": takeover_month,
    "anniversary": anniversary,
    "appointment_timing": appointment_timing,
    "formally_confirmed": formally_confirmed,
    "term_length": term_length,
}


def run_checks(data_dir: PathLike = None) -> pd.DataFrame:
    """Run every computed check: one row per check.

    Columns: ``check_id``, ``question``, ``article_says``, ``value``,
    ``unit``, ``verdict`` (the verdict the value implies), ``detail``.

    >>> run_checks().set_index("check_id").loc["anniversary", "value"]
    75
    """
    pkg = load_package(data_dir)
    rows = [CHECKS[c](data_dir=pkg).as_dict() for c in CHECKS]
    cols = ["check_id", "question", "article_says", "value", "unit", "verdict", "detail"]
    df = pd.DataFrame([{k: r[k] for k in cols} for r in rows])
    df["value"] = [tuple(v) if isinstance(v, list) else v for v in df["value"]]
    return df


def check_claims(data_dir: PathLike = None) -> pd.DataFrame:
    """Each claim that has a computed check, with the recorded and the computed verdict.

    Columns: ``claim_id``, ``check_id``, ``quote``, ``verdict`` (recorded),
    ``computed_verdict``, ``value``, ``unit``, ``detail`` and ``agrees``.

    >>> bool(check_claims()["agrees"].all())
    True
    """
    claims = load_claims(data_dir).dropna(subset=["check_id"])
    checks = run_checks(data_dir).set_index("check_id")
    out = claims[["claim_id", "check_id", "quote", "verdict"]].copy()
    out["verdict"] = out["verdict"].astype(str)
    out["computed_verdict"] = [checks.loc[c, "verdict"] for c in out["check_id"]]
    out["value"] = [checks.loc[c, "value"] for c in out["check_id"]]
    out["unit"] = [checks.loc[c, "unit"] for c in out["check_id"]]
    out["detail"] = [checks.loc[c, "detail"] for c in out["check_id"]]
    out["agrees"] = out["verdict"] == out["computed_verdict"]
    return out.reset_index(drop=True)
