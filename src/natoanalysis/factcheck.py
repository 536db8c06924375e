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

# The computed checks live in ._checks, the ClaimReview and CSV export in
# ._claimreview; this module is where users import them from.
from ._checks import (
    CHECKS,
    INITIAL_TERM_SOURCES,
    INITIAL_TERM_YEARS,
    VERDICTS,
    CheckResult,
    anniversary,
    appointment_timing,
    check_claims,
    formally_confirmed,
    meeting_place,
    member_count,
    newest_member,
    pm_years,
    run_checks,
    still_prime_minister,
    takeover_month,
    term_length,
)
from ._checks import PathLike as PathLike
from ._claimreview import BEST_RATING as BEST_RATING
from ._claimreview import (
    FORMATS,
    RATING,
    claimreview,
    claims_csv,
    render,
    validate_claimreview,
    write_claimreview,
)
from ._claimreview import WORST_RATING as WORST_RATING

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
