"""The fact-check's tables: the claims joined with their evidence, and the evidence.

Private: import the loaders from :mod:`natoanalysis.tables` (or
:mod:`natoanalysis`).
"""

from __future__ import annotations

import pandas as pd

from .datapackage import load_package
from .tables import PathLike, _Metadata, load_table
from .tables import load_article_text as load_article_text  # used by the doctests


def load_claims(data_dir: PathLike = None) -> pd.DataFrame:
    """The article's checkable claims, one row per claim, joined with their evidence.

    Columns from the data package (``claims``): ``claim_id`` (key),
    ``article_start`` and ``article_end`` (code-point offsets into
    :func:`load_article_text`; the slice is ``quote``), ``quote``,
    ``statement`` (the claim in our words), ``claim_type`` (category: count,
    date, duration, place, attribution, quote, causal, commitment),
    ``verdict`` (ordered category: supported, partly supported,
    contradicted, unverified; the rule is in the field's description),
    ``explanation``, ``event_id`` (the sourced event the claim is about, or
    missing), ``check_id`` (the computed check in
    :data:`natoanalysis.factcheck.CHECKS`, or missing) and ``source_id``
    (always ``"article"``: where the claim comes from). Joined from
    ``claim_evidence``:

    - ``evidence_source_ids`` (list of str): the public sources weighed;
    - ``n_evidence``, ``n_supports``, ``n_contradicts``, ``n_context``
      (Int64): how many of them support, contradict or only give context.

    The evidence rows themselves, with each source's publisher, title and
    URL, are :func:`load_claim_evidence`. A span that does not slice its
    quote out of the article raises :class:`natoanalysis.DataError`.

    >>> claims = load_claims()
    >>> len(claims) >= 12, claims["verdict"].cat.ordered
    (True, True)
    >>> row = claims.set_index("claim_id").loc["C07"]
    >>> row["verdict"], int(row["n_contradicts"])
    ('contradicted', 4)
    >>> text = load_article_text()
    >>> all(text[r.article_start : r.article_end] == r.quote for r in claims.itertuples())
    True
    """
    pkg = load_package(data_dir)
    claims = load_table("claims", pkg)
    ev = load_table("claim_evidence", pkg)
    grouped = ev.groupby("claim_id", observed=True, sort=False)
    ids = grouped["source_id"].agg(list)
    claims["evidence_source_ids"] = [ids.get(c, []) for c in claims["claim_id"]]
    counts = pd.crosstab(ev["claim_id"], ev["stance"]).reindex(
        index=claims["claim_id"], columns=["supports", "contradicts", "context"], fill_value=0
    )
    claims["n_evidence"] = pd.array(counts.sum(axis=1).to_numpy(), dtype="Int64")
    for stance in ("supports", "contradicts", "context"):
        claims[f"n_{stance}"] = pd.array(counts[stance].to_numpy(), dtype="Int64")
    claims.attrs["sources"] = _Metadata(
        {**claims.attrs.get("sources", {}), **ev.attrs.get("sources", {})}
    )
    return claims


def load_claim_evidence(data_dir: PathLike = None) -> pd.DataFrame:
    """The evidence behind each verdict: one row per claim and public source.

    Columns from the data package (``claim_evidence``): ``claim_id``,
    ``source_id`` (together the key), ``summary`` (what the source says, in
    our words) and ``stance`` (category: supports, contradicts, context).
    Joined on load: the claim's ``verdict`` and ``claim_type``, and the
    source's ``publisher``, ``title``, ``url`` and ``published_date``.

    >>> ev = load_claim_evidence()
    >>> "article" in set(ev["source_id"])
    False
    >>> sorted(set(ev.loc[ev["claim_id"] == "C23", "stance"]))
    ['context', 'contradicts']
    """
    ev = load_table("claim_evidence", data_dir)
    claims = load_table("claims", data_dir)[["claim_id", "verdict", "claim_type"]]
    sources = load_table("sources", data_dir)[
        ["source_id", "publisher", "title", "url", "published_date"]
    ]
    out = ev.merge(claims, on="claim_id", how="left", validate="many_to_one").merge(
        sources, on="source_id", how="left", validate="many_to_one"
    )
    out.attrs = ev.attrs
    return out
