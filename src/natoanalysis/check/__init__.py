"""Check any NATO news text against the data package: :func:`check_article`.

The checker reads a text, finds the statements of the kinds in :data:`KINDS`
that the tables can settle, and judges each on the fact-check's verdict
scale (supported, partly supported, contradicted, unverified). It returns
the same two tables as the hand-made fact-check of the bundled article,
``claims`` and ``claim_evidence``, so the charts
(:func:`natoanalysis.charts.verdicts_by_type`,
:func:`natoanalysis.charts.highlight_article`) and the ClaimReview export
(:func:`natoanalysis.factcheck.claimreview`) work on any text.

>>> import natoanalysis as na
>>> result = na.check_article("Sweden became NATO's 32nd member in 2024.", published="2024-06-21")
>>> result.claims[["quote", "verdict"]].values.tolist()
[["Sweden became NATO's 32nd member", 'supported']]

A statement of a kind that is not covered, or one the tables cannot settle
(an office with no recorded holder, a year with no spending figure), is not
reported at all: the output is not padded with "unverified" rows. The rules
for each kind, and their tolerances, are in the kind's module docstring and
in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..tables import as_of, load_sources, load_table
from . import dated, events, members, offices, spending, starts
from ._common import Finding, fmt_day, parse_published
from ._context import Context

__all__ = ["KINDS", "ArticleCheck", "check_article"]

#: Every kind of statement the checker looks for, with the module that judges it.
KINDS: dict[str, str] = {
    "alliance_size": "how many allies NATO had on the publication date",
    "accession": "when a state joined NATO, or its rank by accession",
    "membership": "member, non-member, newest or founding member on the publication date",
    "office_holder": "who held an office (Secretary General, a dated head of government) then",
    "tenure": "how long a person had held an office",
    "term_length": "the length of a Secretary General's term",
    "office_start": "when a person took, or would take, office",
    "ally_spending": "an ally's defence spending as a share of GDP in a year",
    "allies_meeting": "how many allies spent at least a share of GDP in a year",
    "summit": "when a summit took place",
    "summit_decision": "what share of GDP (and deadline) a summit agreed",
    "founding": "NATO's founding year and anniversaries",
    "event": "the date of a one-off event in the events and outcomes tables",
}
_FINDERS = (members.find, offices.find, starts.find, spending.find, events.find, dated.find)
_PRIORITY = {k: i for i, k in enumerate(KINDS)}


@dataclass
class ArticleCheck:
    """What :func:`check_article` found.

    ``claims`` has the columns of :func:`natoanalysis.load_claims`
    (``claim_id``, ``article_start``, ``article_end``, ``quote``,
    ``statement``, ``claim_type``, ``verdict``, ``explanation``,
    ``check_id`` (the rule), ``source_id``, ``evidence_source_ids``,
    ``n_evidence``, ...) plus ``kind``, ``asserted`` (the value the text
    states) and ``data_value`` (the value the tables hold). ``evidence`` has
    the columns of :func:`natoanalysis.load_claim_evidence`. ``kinds`` lists
    the kinds looked for; ``published`` is the publication window used.
    """

    text: str
    claims: pd.DataFrame
    evidence: pd.DataFrame
    kinds: tuple[str, ...]
    published: tuple[pd.Timestamp, pd.Timestamp]
    title: str = "the checked text"

    def table(self) -> pd.DataFrame:
        """One line per statement: id, kind, quote, asserted, data value, verdict, rule."""
        cols = ["claim_id", "kind", "quote", "asserted", "data_value", "verdict", "check_id"]
        return self.claims[cols].rename(columns={"check_id": "rule"})

    def to_csv(self) -> str:
        """The statements as CSV (sources joined with ``;``)."""
        df = self.claims.drop(columns=["n_supports", "n_contradicts", "n_context"]).copy()
        df["evidence_source_ids"] = [";".join(x) for x in df["evidence_source_ids"]]
        return df.to_csv(index=False, lineterminator="\n")

    def claimreview(self, url: str | None = None) -> list[dict[str, Any]]:
        """The verdicts as schema.org ClaimReview objects, by the fact-check's own exporter."""
        from ..factcheck import claimreview

        first, last = self.published
        when = fmt_day(first) if first == last else f"between {fmt_day(first)} and {fmt_day(last)}"
        appearance = {
            "@type": "NewsArticle",
            "headline": self.title,
            "description": f"Checked as published {when}.",
            "author": {"@type": "Organization", "name": "unknown"},
        }
        if not len(self.claims):
            return []
        return claimreview(
            url=url, claims=self.claims, evidence=self.evidence, appearance=appearance
        )

    def summary(self) -> str:
        """One line: how many statements of which verdicts, and the kinds looked for."""
        counts = self.claims["verdict"].value_counts().reindex(list(_VERDICTS), fill_value=0)
        parts = ", ".join(f"{int(n)} {v}" for v, n in counts.items() if n)
        return (
            f"{len(self.claims)} statement(s) the data settles"
            + (f" ({parts})" if parts else "")
            + f"; kinds looked for: {', '.join(self.kinds)}"
        )


_VERDICTS = ("supported", "partly supported", "contradicted", "unverified")


def _dedupe(found: list[Finding]) -> list[Finding]:
    """One finding per span; a span inside another of the same kind and statement goes."""
    found = sorted(found, key=lambda f: (f.start, -(f.end - f.start), _PRIORITY[f.kind]))
    kept: list[Finding] = []
    for f in found:
        if any(
            (
                (k.kind, k.statement) == (f.kind, f.statement)
                and k.start <= f.start <= f.end <= k.end
            )
            or (k.start, k.end) == (f.start, f.end)
            for k in kept
        ):
            continue
        kept.append(f)
    return kept


def check_article(
    text: str,
    published: Any = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> ArticleCheck:
    """Check a news text against the data package.

    ``published`` is the publication day (``"2024-06-21"``), a window
    (``"2024-06-20..2024-06-25"`` or a pair), or None for the data
    package's as-of date. With a window a statement must hold on its first
    and last day to be *supported* (it is *partly supported* if it holds on
    only one). ``data_dir`` points every table at an edited copy.
    ``title`` names the text in the ClaimReview export.

    >>> r = check_article("Non-member Ukraine was at the 32-member alliance's summit.",
    ...                   published="2024-07-10")
    >>> r.table()[["kind", "verdict"]].values.tolist()
    [['membership', 'supported'], ['alliance_size', 'supported']]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    window = parse_published(published, as_of(data_dir))
    ctx = Context(text, window, data_dir)
    found: list[Finding] = []
    for finder in _FINDERS:
        found.extend(finder(ctx))
    found = sorted(_dedupe(found), key=lambda f: (f.start, f.end, _PRIORITY[f.kind]))
    if title is None:
        title = ctx.sentences[0].text if ctx.sentences else "the checked text"
    claims, evidence = _frames(found, load_sources(data_dir), data_dir)
    return ArticleCheck(text, claims, evidence, tuple(KINDS), window, title)


def _frames(found: list[Finding], sources: pd.DataFrame, data_dir: Any):
    hand = load_table("claims", data_dir)  # for the claim_type categories
    ids = [f"S{i:02d}" for i in range(1, len(found) + 1)]
    claims = pd.DataFrame(
        {
            "claim_id": pd.array(ids, dtype="string"),
            "article_start": pd.array([f.start for f in found], dtype="Int64"),
            "article_end": pd.array([f.end for f in found], dtype="Int64"),
            "quote": pd.array([f.quote for f in found], dtype="string"),
            "statement": pd.array([f.statement for f in found], dtype="string"),
            "claim_type": pd.Categorical(
                [f.claim_type for f in found], categories=hand["claim_type"].cat.categories
            ),
            "verdict": pd.Categorical(
                [f.verdict for f in found], categories=list(_VERDICTS), ordered=True
            ),
            "explanation": pd.array([f.detail for f in found], dtype="string"),
            "event_id": pd.array([pd.NA] * len(found), dtype="string"),
            "check_id": pd.array([f.rule for f in found], dtype="string"),
            "source_id": pd.array(["text"] * len(found), dtype="string"),
            "kind": pd.array([f.kind for f in found], dtype="string"),
            "asserted": pd.array([f.asserted for f in found], dtype="string"),
            "data_value": pd.array([f.data_value for f in found], dtype="string"),
        }
    )
    stance = {"supported": "supports", "contradicted": "contradicts"}
    rows = []
    for cid, f in zip(ids, found):
        for sid in dict.fromkeys(f.source_ids):
            rows.append(
                {
                    "claim_id": cid,
                    "source_id": sid,
                    "summary": f.detail,
                    "stance": stance.get(f.verdict, "context"),
                    "verdict": f.verdict,
                    "claim_type": f.claim_type,
                }
            )
    cols = ["claim_id", "source_id", "summary", "stance", "verdict", "claim_type"]
    ev = pd.DataFrame(rows, columns=cols)
    ev = ev.merge(
        sources[["source_id", "publisher", "title", "url", "published_date"]],
        on="source_id",
        how="left",
        validate="many_to_one",
    )
    by_claim = ev.groupby("claim_id", sort=False)
    claims["evidence_source_ids"] = pd.Series(
        [list(by_claim.get_group(c)["source_id"]) if c in by_claim.groups else [] for c in ids],
        dtype=object,
    )
    counts = pd.crosstab(ev["claim_id"], ev["stance"]).reindex(
        index=ids, columns=["supports", "contradicts", "context"], fill_value=0
    )
    claims["n_evidence"] = pd.array(counts.sum(axis=1).to_numpy(), dtype="Int64")
    for col in ("supports", "contradicts", "context"):
        claims[f"n_{col}"] = pd.array(counts[col].to_numpy(), dtype="Int64")
    return claims, ev
