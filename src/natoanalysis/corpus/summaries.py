"""Corpus summaries: tidy tables from the output of :func:`natoanalysis.corpus.read_corpus`.

Each function takes the dict of tables (``documents`` plus the extractor's
tables, each with ``doc_id``) and returns one tidy DataFrame, one row per
observation. A document counts only when it was read (``status == "ok"``).
Over time, a document counts on the first day of its publication date or
window (``published_start``); documents without a date are left out of the
time series, and :func:`undated_documents` says how many.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["co_mentions", "mentions_per_state", "quotes_per_speaker", "undated_documents"]

_FREQS = {"day": "D", "week": "W-SUN", "month": "M"}


def _ok(corpus: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    docs = corpus["documents"]
    return docs.loc[docs["status"] == "ok", ["doc_id", "published_start"]]


def undated_documents(corpus: Mapping[str, pd.DataFrame]) -> int:
    """How many documents were read but have no publication date."""
    return int(_ok(corpus)["published_start"].isna().sum())


def mentions_per_state(corpus: Mapping[str, pd.DataFrame], *, freq: str = "week") -> pd.DataFrame:
    """Mentions of each state per day, week (Monday to Sunday) or month.

    Columns: ``period_start`` (the first day of the day, week or month),
    ``iso3``, ``country``, ``mentions`` (every form counts: name, adjective,
    capital ...) and ``documents`` (how many documents mention it at least
    once). Only periods in which a state is mentioned have a row.
    """
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {', '.join(_FREQS)}, not {freq!r}")
    dated = _ok(corpus).dropna(subset=["published_start"])
    c = corpus["countries"][["doc_id", "iso3", "country"]].merge(dated, on="doc_id")
    day = c["published_start"]
    period = day if freq == "day" else day.dt.to_period(_FREQS[freq]).dt.start_time
    out = (
        c.assign(period_start=period.astype("datetime64[ns]"))
        .groupby(["period_start", "iso3", "country"], observed=True)
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["period_start", "iso3"], ignore_index=True)
    )
    return out.astype({"mentions": "int64", "documents": "int64"})


def co_mentions(corpus: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Pairs of a person and a state named in the same document.

    Columns: ``person_id`` (missing for someone not in the people table),
    ``name``, ``iso3``, ``country``, ``documents`` (how many documents name
    both). Most frequent pairs first.
    """
    ok = _ok(corpus)[["doc_id"]]
    people = (
        corpus["people"][["doc_id", "person_id", "name"]].merge(ok, on="doc_id").drop_duplicates()
    )
    states = corpus["countries"][["doc_id", "iso3", "country"]].merge(ok, on="doc_id")
    pairs = people.merge(states.drop_duplicates(), on="doc_id")
    out = (
        pairs.groupby(["person_id", "name", "iso3", "country"], dropna=False, observed=True)
        .agg(documents=("doc_id", "nunique"))
        .reset_index()
        .sort_values(["documents", "name", "iso3"], ascending=[False, True, True])
        .reset_index(drop=True)
    )
    return out.astype({"documents": "int64"})


def quotes_per_speaker(corpus: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Quotations per speaker.

    Columns: ``speaker`` (missing where the text does not say who spoke),
    ``person_id`` (missing for someone not in the people table), ``quotes``
    and ``documents`` (how many documents quote them). Most quoted first; the
    row of quotations with no named speaker comes last.
    """
    ok = _ok(corpus)[["doc_id"]]
    q = corpus["quotes"][["doc_id", "speaker", "person_id"]].merge(ok, on="doc_id")
    out = (
        q.groupby(["speaker", "person_id"], dropna=False, observed=True)
        .agg(quotes=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    out = out.assign(_unnamed=out["speaker"].isna())
    out = out.sort_values(["_unnamed", "quotes", "speaker"], ascending=[True, False, True])
    out = out.drop(columns="_unnamed").reset_index(drop=True)
    return out.astype({"quotes": "int64", "documents": "int64"})
