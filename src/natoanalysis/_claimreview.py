"""The fact-check's export: schema.org ClaimReview (JSON-LD) and CSV.

Private: import from :mod:`natoanalysis.factcheck`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ._checks import PathLike, _day, run_checks
from .datapackage import load_package
from .tables import article_metadata, as_of, load_claim_evidence, load_claims, load_sources

#: schema.org ``ratingValue`` for each verdict (``bestRating`` 4, ``worstRating`` 1).
RATING = {"supported": 4, "partly supported": 3, "unverified": 2, "contradicted": 1}
BEST_RATING = max(RATING.values())
WORST_RATING = min(RATING.values())

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
