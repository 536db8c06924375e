"""Fact-check the article: computed checks, claims with evidence, ClaimReview export.

The claims and their verdicts live in the data package (``claims`` and
``claim_evidence``, loaded by :func:`natoanalysis.load_claims` and
:func:`natoanalysis.load_claim_evidence`). Each verdict rests on public
sources, never on the article. Where a claim can also be tested from our own
tables, a *computed check* here recomputes the fact and the verdict it
implies, so a test can prove that the recorded verdict still agrees with the
data:

================  ==========================================================
``member_count``  allies on the publication dates (members + the window)
``still_prime_minister``  Rutte still Dutch PM when the article appeared
``meeting_place``  where the article and the sources put the Rutte–Orbán talks
``newest_member``  Sweden is the most recent ally at publication
``pm_years``      years between Rutte taking and leaving office as PM
``takeover_month``  when Rutte took over, and the gap from the article
``anniversary``   the anniversary year counted from the Treaty's signing
``appointment_timing``  the formal appointment against "in the coming days"
``formally_confirmed``  whether the appointment was formal at publication
``term_length``   a Secretary General's term: formal and in practice
================  ==========================================================

The publication date is not printed in the article; every check that needs
it uses the whole inferred window (:func:`natoanalysis.article_metadata`),
and a claim must hold on every day of it to be ``supported``.

Our verdict scale maps to schema.org ``Rating`` values for the ClaimReview
export (:data:`RATING`): ``supported`` 4 (best), ``partly supported`` 3,
``unverified`` 2, ``contradicted`` 1 (worst). The number orders the claims by
how far the evidence bears them out, so a claim no source settles sits
above one the sources refute; ``alternateName`` carries our own label.

>>> member_count().verdict
'supported'
>>> pm_years().value
13.72
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .datapackage import DataPackage, load_package
from .errors import DataError
from .tables import (
    article_metadata,
    as_of,
    load_claim_evidence,
    load_claims,
    load_events,
    load_members,
    load_secretaries_general,
    load_sources,
)

__all__ = [
    "CHECKS",
    "FORMATS",
    "INITIAL_TERM_SOURCES",
    "INITIAL_TERM_YEARS",
    "RATING",
    "VERDICTS",
    "CheckResult",
    "anniversary",
    "appointment_timing",
    "check_claims",
    "claimreview",
    "claims_csv",
    "formally_confirmed",
    "meeting_place",
    "member_count",
    "newest_member",
    "pm_years",
    "render",
    "run_checks",
    "still_prime_minister",
    "takeover_month",
    "term_length",
    "validate_claimreview",
    "write_claimreview",
]

PathLike = str | os.PathLike[str] | DataPackage | None

#: The verdict scale, in the order of the ``verdict`` category.
VERDICTS = ("supported", "partly supported", "contradicted", "unverified")

#: schema.org ``ratingValue`` for each verdict (``bestRating`` 4, ``worstRating`` 1).
RATING = {"supported": 4, "partly supported": 3, "unverified": 2, "contradicted": 1}
BEST_RATING = max(RATING.values())
WORST_RATING = min(RATING.values())

#: A Secretary General's initial term in years, extendable by the allies. Not in a
#: table: stated by the sources below (both in ``sources.csv``).
INITIAL_TERM_YEARS = 4
INITIAL_TERM_SOURCES = ("govnl_what_does_nato_sg_do", "nato_explainer_sg_term_copy_fifthestate")

_DAYS_PER_YEAR = 365.2425
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


# --------------------------------------------------------------------------
# ClaimReview (schema.org) export


def _label(verdict: str) -> str:
    return verdict[:1].upper() + verdict[1:]


def claimreview(
    data_dir: PathLike = None,
    *,
    url: str | None = None,
    claims: pd.DataFrame | None = None,
    evidence: pd.DataFrame | None = None,
    appearance: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The verdicts as schema.org ``ClaimReview`` objects (JSON-LD), one per claim.

    Each object has ``@context``, ``@type``, ``claimReviewed`` (our
    statement of the claim), ``reviewBody`` (the explanation),
    ``reviewRating`` (a ``Rating`` with ``ratingValue`` from :data:`RATING`,
    ``bestRating`` 4, ``worstRating`` 1 and our label as
    ``alternateName``), ``itemReviewed`` (a ``Claim``: the article's words,
    its author and the article it appears in), ``citation`` (the public
    sources weighed) and ``datePublished`` (the data package's as-of date).
    With ``url`` (the page the reviews are published on) each gets
    ``url`` = ``{url}#{claim_id}``.

    Any other article's checked statements (:func:`natoanalysis.check_article`)
    go through the same export: pass them as ``claims`` and ``evidence`` (the
    shapes of :func:`~natoanalysis.load_claims` and
    :func:`~natoanalysis.load_claim_evidence`) with ``appearance``, a
    schema.org ``CreativeWork`` dict for the text (an ``author`` key inside it
    becomes the claim's author).

    >>> reviews = claimreview()
    >>> r = next(r for r in reviews if r["identifier"] == "C23")
    >>> r["reviewRating"]["ratingValue"], r["reviewRating"]["alternateName"]
    (1, 'Contradicted')
    >>> validate_claimreview(reviews)
    []
    """
    if claims is None:
        claims = load_claims(data_dir)
        evidence = load_claim_evidence(data_dir)
    elif evidence is None:
        raise ValueError("claims given without their evidence")
    claims = claims.sort_values("claim_id")
    if appearance is None:
        sources = load_sources(data_dir).set_index("source_id")
        meta = article_metadata(data_dir)
        article = sources.loc[str(meta["source_id"])]
        window: Any = meta["published_window"]
        start, end = window
        appearance = {
            "@type": "NewsArticle",
            "headline": str(article["title"]),
            "description": (
                f"Publication date not printed; inferred to lie between {_day(start)} and "
                f"{_day(end)}."
            ),
        }
        if pd.notna(article["url"]):
            appearance["url"] = str(article["url"])
        author = {"@type": "Organization", "name": str(article["publisher"])}
    else:
        appearance = dict(appearance)
        author = appearance.pop("author", {"@type": "Organization", "name": "unknown"})
    assert evidence is not None
    published = _day(as_of(data_dir))
    out = []
    for c in claims.itertuples(index=False):
        verdict = str(c.verdict)
        cites = []
        for e in evidence[evidence["claim_id"] == c.claim_id].itertuples(index=False):
            cite: dict[str, Any] = {
                "@type": "CreativeWork",
                "name": str(e.title),
                "url": str(e.url),
                "publisher": {"@type": "Organization", "name": str(e.publisher)},
                "description": f"{e.stance}: {e.summary}",
            }
            if pd.notna(e.published_date):
                cite["datePublished"] = _day(e.published_date)
            cites.append(cite)
        review: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": str(c.claim_id),
            "claimReviewed": str(c.statement),
            "reviewBody": str(c.explanation),
            "datePublished": published,
            "author": {"@type": "Organization", "name": "natoanalysis"},
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": RATING[verdict],
                "bestRating": BEST_RATING,
                "worstRating": WORST_RATING,
                "alternateName": _label(verdict),
            },
            "itemReviewed": {
                "@type": "Claim",
                "text": str(c.quote),
                "author": author,
                "appearance": appearance,
            },
            "citation": cites,
        }
        if url:
            review["url"] = f"{url}#{c.claim_id}"
        out.append(review)
    return out


def validate_claimreview(reviews: Any) -> list[str]:
    """Problems with a list of ClaimReview objects (empty if valid).

    Checks that the list survives a JSON round trip and that each object has
    the keys fact-checkers' ClaimReview markup requires, with sensible
    values.

    >>> validate_claimreview([{"@type": "ClaimReview"}])[0]
    "review 0: missing '@context'"
    """
    problems: list[str] = []
    try:
        parsed = json.loads(json.dumps(reviews, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        return [f"not JSON-serialisable: {exc}"]
    if not isinstance(parsed, list) or not parsed:
        return ["expected a non-empty JSON array of ClaimReview objects"]
    for i, r in enumerate(parsed):
        where = f"review {i}"
        if not isinstance(r, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        for key in ("@context", "@type", "claimReviewed", "reviewRating", "itemReviewed"):
            if key not in r:
                problems.append(f"{where}: missing {key!r}")
        if problems and problems[-1].startswith(where):
            continue
        if r["@context"] not in ("https://schema.org", "http://schema.org"):
            problems.append(f"{where}: @context is not schema.org")
        if r["@type"] != "ClaimReview":
            problems.append(f"{where}: @type is {r['@type']!r}, not 'ClaimReview'")
        if not isinstance(r["claimReviewed"], str) or not r["claimReviewed"].strip():
            problems.append(f"{where}: claimReviewed is empty")
        if not _ISO_DATE.match(str(r.get("datePublished", ""))):
            problems.append(f"{where}: datePublished is not YYYY-MM-DD")
        rating = r["reviewRating"]
        need = ("@type", "ratingValue", "bestRating", "worstRating", "alternateName")
        if not isinstance(rating, dict) or any(k not in rating for k in need):
            problems.append(f"{where}: reviewRating needs {', '.join(need)}")
        elif rating["@type"] != "Rating" or not (
            rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        ):
            problems.append(f"{where}: reviewRating is not a Rating between worst and best")
        item = r["itemReviewed"]
        if not isinstance(item, dict) or item.get("@type") != "Claim":
            problems.append(f"{where}: itemReviewed is not a Claim")
        elif "author" not in item and "appearance" not in item:
            problems.append(f"{where}: itemReviewed needs an author or an appearance")
        cites = r.get("citation")
        if not isinstance(cites, list) or not cites:
            problems.append(f"{where}: no citation (every verdict rests on a source)")
        elif any(not str(c.get("url", "")).startswith("http") for c in cites):
            problems.append(f"{where}: a citation has no http(s) url")
    return problems


def claims_csv(data_dir: PathLike = None) -> str:
    """The claims with verdicts, computed checks and evidence ids as one CSV text.

    Columns: ``claim_id``, ``article_start``, ``article_end``, ``quote``,
    ``statement``, ``claim_type``, ``verdict``, ``rating_value``,
    ``explanation``, ``check_id``, ``computed_verdict`` and
    ``evidence_source_ids`` (semicolon-separated).

    >>> claims_csv().splitlines()[0].split(",")[:3]
    ['claim_id', 'article_start', 'article_end']
    """
    claims = load_claims(data_dir).sort_values("claim_id")
    computed = run_checks(data_dir).set_index("check_id")["verdict"]
    cols = [
        "claim_id",
        "article_start",
        "article_end",
        "quote",
        "statement",
        "claim_type",
        "verdict",
        "rating_value",
        "explanation",
        "check_id",
        "computed_verdict",
        "evidence_source_ids",
    ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for c in claims.itertuples(index=False):
        check = "" if pd.isna(c.check_id) else str(c.check_id)
        w.writerow(
            [
                c.claim_id,
                int(c.article_start),
                int(c.article_end),
                c.quote,
                c.statement,
                c.claim_type,
                c.verdict,
                RATING[str(c.verdict)],
                c.explanation,
                check,
                computed.get(check, "") if check else "",
                ";".join(c.evidence_source_ids),
            ]
        )
    return buf.getvalue()


#: Output formats of :func:`render` and ``natoanalysis factcheck --format``.
FORMATS = ("claimreview", "csv")


def render(fmt: str = "claimreview", data_dir: PathLike = None) -> str:
    """The fact-check as text: ClaimReview JSON-LD (validated) or CSV.

    >>> json.loads(render("claimreview"))[0]["@type"]
    'ClaimReview'
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    pkg = load_package(data_dir)
    if fmt == "csv":
        return claims_csv(pkg)
    reviews = claimreview(pkg)
    problems = validate_claimreview(reviews)
    if problems:
        raise ValueError("the ClaimReview export is invalid: " + "; ".join(problems))
    return json.dumps(reviews, ensure_ascii=False, indent=2) + "\n"


def write_claimreview(
    path: str | os.PathLike[str],
    force: bool = False,
    *,
    fmt: str = "claimreview",
    data_dir: PathLike = None,
) -> Path:
    """Write the fact-check to ``path`` (ClaimReview JSON-LD by default, or ``fmt="csv"``).

    The file is written atomically (complete or not at all). An existing
    file raises :class:`FileExistsError` and is left untouched, unless
    ``force=True``.
    """
    from .export import write_file

    text = render(fmt, data_dir)
    return write_file(path, text, force=force)
