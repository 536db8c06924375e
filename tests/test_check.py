"""The article checker: the seed article against the hand-made claims, rules, CLI, export."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import natoanalysis as na
from natoanalysis import charts, factcheck
from natoanalysis.check import KINDS, check_article
from natoanalysis.cli import main

ROOT = Path(__file__).resolve().parents[1]

#: Hand-made claims of the kinds the checker covers, with the kind that should find them.
COVERED = {
    "C01": "alliance_size",  # "32-member alliance"
    "C02": "office_holder",  # "Dutch Prime Minister Mark Rutte" in June 2024
    "C18": "membership",  # "new member Sweden"
    "C19": "tenure",  # "who has served as prime minister for 14 years"
    "C20": "office_start",  # "will take over from ... Stoltenberg in October"
    "C21": "founding",  # "NATO celebrates its 75th anniversary"
    "C23": "term_length",  # "for the next five years"
}


@pytest.fixture(scope="module")
def seed():
    window = tuple(na.article_metadata()["published_window"])
    return check_article(na.load_article_text(), published=window)


def _overlapping(found: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return found[(found["article_start"] < end) & (found["article_end"] > start)]


@pytest.mark.parametrize("claim_id", sorted(COVERED))
def test_seed_finds_covered_claims_with_the_hand_verdict(seed, claim_id):
    hand = na.load_claims().set_index("claim_id").loc[claim_id]
    found = _overlapping(seed.claims, int(hand["article_start"]), int(hand["article_end"]))
    found = found[found["kind"] == COVERED[claim_id]]
    assert len(found) == 1, f"{claim_id} ({hand['quote']!r}) not found as {COVERED[claim_id]}"
    assert found.iloc[0]["verdict"] == hand["verdict"]


def test_seed_statements_are_the_articles_words(seed):
    text = na.load_article_text()
    for r in seed.claims.itertuples():
        assert text[r.article_start : r.article_end] == r.quote


def test_seed_reports_nothing_outside_the_covered_kinds(seed):
    assert set(seed.claims["kind"]) <= set(KINDS)
    assert seed.kinds == tuple(KINDS)
    # Claims of uncovered kinds (quotes, causes, the Budapest meeting) get no row.
    hand = na.load_claims().set_index("claim_id")
    for cid in ("C07", "C10", "C11", "C16"):
        r = hand.loc[cid]
        assert _overlapping(seed.claims, r["article_start"], r["article_end"]).empty, cid


def test_every_statement_cites_sources_that_resolve(seed):
    sources = set(na.load_sources()["source_id"])
    assert (seed.claims["n_evidence"] > 0).all()
    assert set(seed.evidence["source_id"]) <= sources
    assert "article" not in set(seed.evidence["source_id"])


def test_existing_charts_and_export_accept_the_result(seed):
    fig = charts.verdicts_by_type(seed.claims)
    assert fig.axes[0].get_xlabel() == "Number of claims"
    html = charts.highlight_article(seed.text, seed.claims, legend=False)
    assert html.count("<mark") >= len(seed.claims)
    reviews = seed.claimreview()
    assert factcheck.validate_claimreview(reviews) == []
    by_id = {r["identifier"]: r for r in reviews}
    term = seed.claims[seed.claims["kind"] == "term_length"].iloc[0]
    assert by_id[term["claim_id"]]["reviewRating"]["alternateName"] == "Contradicted"


def test_the_hand_made_export_is_unchanged():
    assert factcheck.validate_claimreview(factcheck.claimreview()) == []
    assert len(factcheck.claimreview()) == len(na.load_claims())


@pytest.mark.parametrize(
    ("text", "published", "kind", "verdict"),
    [
        # hedges
        ("Poland spends nearly 4.5% of GDP.", "2024-06-21", "ally_spending", "supported"),
        ("Poland spends nearly 4% of GDP.", "2024-06-21", "ally_spending", "partly supported"),
        ("Poland spends less than 4% of GDP.", "2024-06-21", "ally_spending", "contradicted"),
        ("Poland spends about 4% of GDP on defence.", "2024-06-21", "ally_spending", "supported"),
        ("Poland spends 4% of GDP on defence.", "2024-06-21", "ally_spending", "supported"),
        ("NATO's more than 30 allies met.", "2024-06-21", "alliance_size", "supported"),
        ("NATO's nearly 32 allies met.", "2024-06-21", "alliance_size", "partly supported"),
        # the publication window: true on one day only
        ("NATO's newest member Sweden hosted it.", "2024-03-01..2024-03-10", "membership",
         "partly supported"),
        # tenure rounded up, and "nearly"
        ("Rutte, who has served as prime minister for 14 years, left.", "2024-06-21", "tenure",
         "partly supported"),
        ("Rutte, who has served as prime minister for 13 years, left.", "2024-06-21", "tenure",
         "supported"),
        ("Rutte, who has served as prime minister for 12 years, left.", "2024-06-21", "tenure",
         "contradicted"),
        # founders count both the Treaty's signing and its entry into force
        ("France, a member since April 1949, agreed.", "2024-06-21", "accession", "supported"),
        # new member: the most recent accession, or partly within two years
        ("New member Finland agreed.", "2024-06-21", "membership", "partly supported"),
        # NATO's 2025 table gives every ally with armed forces at least 2%.
        ("Twenty-five allies meet the 2% target this year.", "2025-09-01",
         "allies_meeting", "contradicted"),
    ],
)  # fmt: skip
def test_rules(text, published, kind, verdict):
    found = check_article(text, published=published).claims
    found = found[found["kind"] == kind]
    assert len(found) == 1, found
    assert found.iloc[0]["verdict"] == verdict


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The three allies met in Riga.", "2025-09-01"),  # a subset, not the alliance
        ("President Joe Biden met Mr Orbán.", "2024-01-10"),  # no dated holder that day
        ("The Washington summit in 1999 admitted no one.", "2025-09-01"),  # before the tables
        ("Poland plans to spend 5% of GDP on defence by 2026.", "2025-09-01"),  # a plan
        ("Twenty-five allies meet the 2% target this year.", "2026-09-01"),  # no 2026 figures
        ("The 27 member states of the EU agreed.", "2024-06-21"),  # another union
        ("Croatia, which joined in 2013, is the EU's newest member.", "2024-06-21"),
        ("Klaus Iohannis withdrew on 31 June.", "2024-07-01"),  # no such day
        ("Former President Donald Trump attacked NATO.", "2024-05-01"),  # before the records
        ("Biden, President Trump's predecessor, spoke.", "2023-05-01"),  # apposition
    ],
)
def test_statements_the_data_cannot_settle_are_not_reported(text, published):
    assert check_article(text, published=published).claims.empty


def test_an_office_held_by_someone_else_on_the_day_is_contradicted():
    found = check_article("President Joe Biden met Mr Orbán.", published="2025-09-01").claims
    assert found.iloc[0]["verdict"] == "contradicted"
    assert found.iloc[0]["data_value"] == "holder: Donald Trump"


def test_data_dir_reaches_the_tables(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    csv = copy / "defence_spending.csv"
    csv.write_text(csv.read_text().replace("POL,2024,4.12,", "POL,2024,3.12,"), encoding="utf-8")
    text = "Poland spends more than 4% of GDP on defence."
    assert check_article(text, "2024-06-21").claims.iloc[0]["verdict"] == "supported"
    edited = check_article(text, "2024-06-21", data_dir=copy).claims.iloc[0]
    assert (edited["verdict"], edited["data_value"]) == ("contradicted", "3.12%")


def test_bad_published_names_the_argument():
    with pytest.raises(ValueError, match="published"):
        check_article("NATO's 32 allies.", published="2024-13-01")
    with pytest.raises(ValueError, match="before it starts"):
        check_article("NATO's 32 allies.", published="2024-06-25..2024-06-20")


def test_cli_formats_and_refusal(tmp_path, capsys):
    src = tmp_path / "story.txt"
    src.write_text("Leaders of the 31-member alliance met.\n", encoding="utf-8")
    assert main(["check", str(src), "--published", "2024-06-21"]) == 0
    out = capsys.readouterr().out
    assert "[contradicted]  alliance_size" in out and "kinds looked for: alliance_size" in out
    assert main(["check", str(src), "--published", "2024-06-21", "--format", "csv"]) == 0
    df = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert df.loc[0, "verdict"] == "contradicted" and df.loc[0, "data_value"] == 32
    target = tmp_path / "out.json"
    args = ["check", str(src), "--published", "2024-06-21", "--format", "claimreview"]
    assert main([*args, "--out", str(target)]) == 0
    reviews = json.loads(target.read_text(encoding="utf-8"))
    assert reviews[0]["reviewRating"]["ratingValue"] == 1
    target.write_text("mine", encoding="utf-8")
    assert main([*args, "--out", str(target)]) == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["check", str(tmp_path / "missing.txt")]) == 1
    assert "no such file" in capsys.readouterr().err


@pytest.mark.slow
def test_evaluation_meets_its_targets():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "check_eval.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "altered statements rated supported: 0" in proc.stdout


@pytest.mark.parametrize(
    ("text", "published", "verdict"),
    [
        ("Klaus Iohannis withdrew from the race on Thursday.", "2024-06-21", "supported"),
        ("Klaus Iohannis withdrew from the race last week.", "2024-06-21", "contradicted"),
        ("Hungary's parliament ratified Sweden's accession in February.", "2024-03-08",
         "supported"),
    ],
)  # fmt: skip
def test_one_off_events(text, published, verdict):
    found = check_article(text, published=published).claims
    assert list(found["kind"]) == ["event"]
    assert found.iloc[0]["verdict"] == verdict


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Türkiye ratified Sweden's accession in January.", "2024-03-08"),  # another actor
        ("Trump was sworn in on January 20.", "2017-02-01"),  # another occurrence
    ],
)
def test_events_the_tables_do_not_hold_are_not_reported(text, published):
    assert check_article(text, published=published).claims.empty


CHECK_PIECES = [
    "NATO's 32 allies",
    "the 31-member alliance",
    "Finland, which joined NATO in April 2023,",
    "non-member Ukraine",
    "Secretary General Jens Stoltenberg",
    "who has led NATO for nearly a decade",
    "Poland spends more than 4% of GDP",
    "23 allies meet the 2% target",
    "the Washington summit in July",
    "NATO's 75th anniversary",
    "Iohannis withdrew on Thursday",
    "Oct.",
    "said",
    ",",
    ".",
    "\n\n",
    " ",
    "“",
    "”",
    "2024",
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(CHECK_PIECES), max_size=30).map(" ".join) | st.text(max_size=200),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
)
def test_any_text_checks_without_error_and_spans_hold(text, day):
    result = check_article(text, published=day.isoformat())
    for r in result.claims.itertuples():
        assert text[r.article_start : r.article_end] == r.quote
        assert r.verdict in ("supported", "partly supported", "contradicted")
        assert r.n_evidence > 0
    again = check_article(text, published=day.isoformat())
    assert again.claims.equals(result.claims)


def test_a_revised_figure_counts_once_it_was_published():
    from natoanalysis.check.spending import _revised

    row = pd.Series(
        {"pct_gdp": 4.12, "latest_pct_gdp": 3.79, "latest_release_date": pd.Timestamp("2025-08-28")}
    )
    assert _revised(row, pd.Timestamp("2025-09-01")) == 3.79
    assert _revised(row, pd.Timestamp("2025-06-26")) is None  # not yet released
    assert _revised(pd.Series({"pct_gdp": 4.12}), pd.Timestamp("2025-09-01")) is None
