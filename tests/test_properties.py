"""Property-based tests (hypothesis) of the article reader and the extractor.

For arbitrary Unicode text, and for text assembled from news-like pieces
(names, demonyms, quotes, bullets, dates, odd whitespace), nothing crashes,
every span slices back to its item, spans never overlap within a table, and
the output is deterministic.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import natoanalysis as na
from natoanalysis import article

pytestmark = pytest.mark.slow  # hundreds of generated texts

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PIECES = [
    "Mark Rutte",
    "Mr Rutte",
    "the Dutch leader",
    "Viktor Orbán",
    "Hungary",
    "Hungarian",
    "Budapest",
    "Washington",
    "the US",
    "Türkiye",
    "Turkey",
    "Swedish-made",
    "Ukraine",
    "NATO",
    "President Iohannis",
    "Jens Stoltenberg",
    "Donald Trump",
    "Ms Kowalska said",
    "last week",
    "in October",
    "14 years",
    "the next five years",
    "in the coming days",
    "on 12 March 2024",
    "\u201cWe agree,\u201d he said.",
    '"No," she said.',
    "\u2014",
    "\u00a0",
    "\n",
    "\r\n",
    "\n\n",
    "  \u2022 ",
    "\n- ",
    "\n* ",
    "\n1. ",
    ". ",
    ", ",
    "'",
    "\ufeff",
    "<p>",
    "</p>",
    "&amp;",
    "x" * 30,
]
news_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
any_text = st.text(max_size=400)
texts = st.one_of(any_text, news_text)


def _check_spans(df: pd.DataFrame, text: str, name: str) -> None:
    if df.empty:
        return
    starts, ends = df["start"].astype(int), df["end"].astype(int)
    assert (starts >= 0).all() and (ends <= len(text)).all() and (starts <= ends).all(), name
    if "text" in df:
        for s, e, t in zip(starts, ends, df["text"]):
            assert text[s:e] == t, (name, s, e, t)
    ordered = sorted(zip(starts, ends))
    for (s1, e1), (s2, e2) in itertools.pairwise(ordered):
        assert e1 <= s2, f"{name}: spans {s1}:{e1} and {s2}:{e2} overlap"


@SETTINGS
@given(texts)
def test_reader_spans_slice_back(text):
    doc = article.parse(text)
    frame = doc.to_frame()
    for s, e, t in zip(frame["start"], frame["end"], frame["text"]):
        assert text[s:e] == t
    for kind in ("sentence", "quote"):
        _check_spans(frame[frame["kind"] == kind], text, kind)


@SETTINGS
@given(texts)
def test_extractor_spans_and_determinism(text):
    first = na.extract_article(text, published="2024-06-21")
    second = na.extract_article(text, published="2024-06-21")
    assert first.keys() == second.keys()
    for name, df in first.items():
        pd.testing.assert_frame_equal(df, second[name])
        _check_spans(df, text, name)


@SETTINGS
@given(texts)
def test_extractor_without_a_date_never_crashes(text):
    tables = na.extract_article(text)
    assert set(tables) == {"countries", "people", "quotes", "dates", "priorities"}


CHECK_PIECES = [
    *PIECES,
    "North\nMacedonia",
    "Macedonia",
    "the United\u00a0Kingdom",
    "Bosnia and\r\nHerzegovina",
    "Côte d’Ivoire",
    "Guinea\u2010Bissau",
    " joined NATO in 2004",
    " became the 31st member",
    " is not a member of NATO",
    " spent 2.1% of GDP on defence in 2024",
    " NATO ally ",
    "Secretary General ",
]
check_text = st.lists(st.sampled_from(CHECK_PIECES), max_size=40).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(check_text)
@example("North\nMacedonia joined NATO in 2020. The United\u00a0Kingdom is a NATO ally.")
@example("Bosnia and\r\nHerzegovina is not a member of NATO. Guinea\u2010Bissau is not a member.")
@example("Mark\nRutte became NATO Secretary General on 1 October 2024.")
def test_checker_finds_the_same_with_only_the_names_in_the_text(text):
    """The checker's rules embed only the names that occur in the text (``forms_in``).

    That is a speed-up, so it must change nothing: with every name in the
    patterns, as before, the checker finds the same statements and verdicts.
    """
    from natoanalysis.check import _context

    fast = na.check_article(text, published="2024-06-21").claims
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_context, "forms_in", lambda forms, text: list(forms))
        full = na.check_article(text, published="2024-06-21").claims
    pd.testing.assert_frame_equal(fast, full)
