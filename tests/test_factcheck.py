"""The fact-check: claims anchored in the article, verdicts backed by sources, computed checks.

Expected verdicts and values are typed from the cited sources (NATO's
statements, agency reports, the Dutch government), not copied from the
tables or the code's output.
"""

from __future__ import annotations

import argparse
import csv
import io
import json

import pandas as pd
import pytest

import natoanalysis as na
from natoanalysis import charts, cli_factcheck, factcheck
from natoanalysis.datapackage import load_package

T = pd.Timestamp


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return na.load_claims()


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return na.load_claim_evidence()


def by_quote(claims: pd.DataFrame, words: str) -> pd.Series:
    """The claim whose quote contains ``words`` (the shortest, if claims nest)."""
    rows = claims[claims["quote"].str.contains(words, regex=False)]
    rows = rows[rows["quote"].str.len() == rows["quote"].str.len().min()]
    assert len(rows) == 1, f"{len(rows)} claims quote {words!r}"
    return rows.iloc[0]


# --- the claims table -------------------------------------------------------


def test_spans_slice_the_article(claims, article_text):
    assert na.load_article_text() == article_text
    for r in claims.itertuples():
        assert article_text[r.article_start : r.article_end] == r.quote, r.claim_id
        assert article_text.count(r.quote) == 1, r.claim_id


def test_at_least_twelve_claims_on_the_fixed_scales(claims):
    assert len(claims) >= 12
    assert claims["claim_id"].is_unique
    assert list(claims["verdict"].cat.categories) == [
        "supported",
        "partly supported",
        "contradicted",
        "unverified",
    ]
    assert claims["verdict"].cat.ordered
    assert set(claims["claim_type"].cat.categories) == {
        "count",
        "date",
        "duration",
        "place",
        "attribution",
        "quote",
        "causal",
        "commitment",
    }
    assert claims[["statement", "explanation"]].notna().all().all()
    assert (claims["source_id"] == "article").all()


# What the issue asks us to cover, with the verdict the sources give.
EXPECTED = {
    # NATO: Sweden became the 32nd ally on 2024-03-07.
    "32-member alliance": ("count", "supported"),
    # Rutte PM 2010-10-14 to 2024-07-02: 13 years 8 months, rounded up to 14.
    "for 14 years": ("duration", "partly supported"),
    # NATO: he took up his functions on 2024-10-01.
    "in October": ("date", "supported"),
    # Treaty signed 1949-04-04; NATO marked 75 years on 2024-04-04.
    "75th anniversary": ("date", "supported"),
    # Romanian presidency: withdrawal announced 2024-06-20.
    "officially withdrew from contention": ("attribution", "supported"),
    # Reuters: Iohannis was Rutte's only rival.
    "his only remaining rival": ("count", "supported"),
    # NATO/AP: no Hungarian personnel or funds for NATO's Ukraine effort.
    "provide personnel or funds": ("commitment", "supported"),
    # Orbán: "yesterday's meeting in Brussels"; Budapest talks were Stoltenberg's.
    "visited Budapest": ("place", "contradicted"),
    # Orbán's X post of 2024-06-18 has different words.
    "We have reached a crucial agreement": ("quote", "contradicted"),
    # No source reports a US assurance on Hungary's Gripens.
    "the United States committed": ("attribution", "unverified"),
    # NATO: an initial four-year term.
    "for the next five years": ("duration", "contradicted"),
    # One North Atlantic Council decision on 2024-06-26, not 32 ratifications.
    "expected to formally ratify": ("date", "partly supported"),
}


@pytest.mark.parametrize(("words", "expected"), sorted(EXPECTED.items()))
def test_required_claims_and_their_verdicts(claims, words, expected):
    row = by_quote(claims, words)
    assert (row["claim_type"], row["verdict"]) == expected


def test_verdict_rule_is_documented_in_the_descriptor():
    field = load_package().resource("claims").field("verdict")
    text = field.description
    for words in ("quotation", "record in full", "unverified", "completed years", "RATING"):
        assert words in text, words


def test_linked_events_and_checks_exist(claims):
    events = set(na.load_events()["event_id"])
    assert set(claims["event_id"].dropna()) <= events
    used = claims["check_id"].dropna()
    assert set(used) == set(factcheck.CHECKS), "every check tests a claim, and only known checks"
    assert used.is_unique


# --- the evidence -----------------------------------------------------------


def test_every_claim_has_independent_evidence(claims, evidence):
    assert not (evidence["source_id"] == "article").any()
    assert evidence["url"].str.match(r"https?://").all()
    assert set(evidence["claim_id"]) == set(claims["claim_id"])
    assert (claims["n_evidence"] >= 1).all()
    counts = evidence.groupby("claim_id").size()
    assert (claims.set_index("claim_id")["n_evidence"] == counts).all()


def test_stances_fit_the_verdicts(claims):
    for r in claims.itertuples():
        if r.verdict == "supported":
            assert r.n_supports >= 1, r.claim_id
        elif r.verdict == "contradicted":
            assert r.n_contradicts >= 1, r.claim_id
        elif r.verdict == "partly supported":
            assert r.n_supports >= 1 and r.n_contradicts + r.n_context >= 1, r.claim_id
        else:  # unverified: no source either way
            assert r.n_supports == 0 and r.n_contradicts == 0, r.claim_id


def test_evidence_for_the_orban_quote_is_his_own_post(claims, evidence):
    c10 = by_quote(claims, "We have reached")
    ev = evidence[evidence["claim_id"] == c10["claim_id"]]
    assert "budapesttimes_2024_06_19_orban_ready_back_rutte" in set(ev["source_id"])
    assert (ev["stance"] == "contradicts").sum() >= 2


# --- computed checks --------------------------------------------------------


@pytest.mark.parametrize("check_id", sorted(factcheck.CHECKS))
def test_recorded_verdict_agrees_with_the_computed_check(claims, check_id):
    result = factcheck.CHECKS[check_id]()
    row = claims[claims["check_id"] == check_id].iloc[0]
    assert result.verdict == row["verdict"], (check_id, result.detail)
    assert result.article_says in row["quote"]
    sources = set(na.load_sources()["source_id"])
    assert result.source_ids and set(result.source_ids) <= sources - {"article"}


def test_check_claims_all_agree():
    table = factcheck.check_claims()
    assert len(table) == len(factcheck.CHECKS)
    assert table["agrees"].all(), table.loc[~table["agrees"], ["claim_id", "detail"]]


def test_member_count_on_the_publication_dates():
    r = factcheck.member_count()
    assert (r.value, r.verdict) == (32, "supported")


def test_member_count_follows_the_data(data_copy):
    """Move Sweden's accession after publication: the check must say 31."""
    path = data_copy / "members.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("SWE,SE,Sweden,2024-03-07", "SWE,SE,Sweden,2024-07-01"))
    r = factcheck.member_count(data_dir=data_copy)
    assert (r.value, r.verdict) == (31, "contradicted")


def test_pm_years():
    r = factcheck.pm_years()
    # 14 Oct 2010 to 2 Jul 2024 (DutchNews: Schoof sworn in 2 July 2024).
    assert r.extra["days"] == (T("2024-07-02") - T("2010-10-14")).days == 5010
    assert r.extra["completed_years"] == 13
    assert r.value == pytest.approx(13.72, abs=0.01)
    assert factcheck.pm_years(claimed=13).verdict == "supported"
    assert factcheck.pm_years(claimed=15).verdict == "contradicted"


def test_anniversary_from_the_treaty_signing():
    signed = na.load_events().set_index("event_id").loc["treaty_signed"]
    assert signed["event_date"] == T("1949-04-04")
    assert signed["place"] == "Washington, D.C."
    r = factcheck.anniversary()
    assert (r.value, r.extra["anniversary_date"], r.verdict) == (75, "2024-04-04", "supported")


def test_takeover_gap():
    r = factcheck.takeover_month()
    # Publication 2024-06-20..25; NATO: takes office 2024-10-01.
    assert r.extra["takeover_date"] == "2024-10-01"
    assert r.value == ((T("2024-10-01") - T("2024-06-25")).days, 103)


def test_appointment_timing_and_confirmation():
    # North Atlantic Council decision 2024-06-26: 1 to 6 days after publication.
    assert factcheck.appointment_timing().value == (1, 6)
    assert factcheck.formally_confirmed().verdict == "partly supported"


def test_term_length_formal_and_in_practice():
    r = factcheck.term_length()
    assert r.value == 4 and r.verdict == "contradicted"
    assert factcheck.term_length(claimed=4).verdict == "supported"
    # 13 appointed holders have left office; the middle one is Lord Ismay,
    # 1952-04-04 to 1957-05-16 (NATO).
    assert r.extra["holders_counted"] == 13
    ismay = (T("1957-05-16") - T("1952-04-04")).days / 365.2425
    assert r.extra["median_tenure_years"] == pytest.approx(ismay, abs=0.01)
    assert set(factcheck.INITIAL_TERM_SOURCES) <= set(r.source_ids)


def test_meeting_place():
    r = factcheck.meeting_place()
    assert (r.article_says, r.value, r.verdict) == ("Budapest", "Brussels", "contradicted")


def test_run_checks_table():
    table = factcheck.run_checks()
    assert list(table["check_id"]) == list(factcheck.CHECKS)
    assert set(table["verdict"]) <= set(factcheck.VERDICTS)
    json.dumps([factcheck.CHECKS[c]().as_dict() for c in factcheck.CHECKS])


# --- ClaimReview ------------------------------------------------------------


def test_claimreview_is_valid_json_ld(claims):
    reviews = factcheck.claimreview()
    assert factcheck.validate_claimreview(reviews) == []
    parsed = json.loads(factcheck.render("claimreview"))
    assert parsed == json.loads(json.dumps(reviews, ensure_ascii=False))
    assert len(parsed) == len(claims)
    for r in parsed:
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["datePublished"] == na.as_of().date().isoformat()
        rating = r["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["bestRating"], rating["worstRating"]) == (4, 1)
        assert r["itemReviewed"]["@type"] == "Claim"
        assert r["itemReviewed"]["appearance"]["headline"].startswith("Mark Rutte Secures")
        assert r["citation"] and all(c["url"].startswith("http") for c in r["citation"])


def test_claimreview_rating_mapping(claims):
    reviews = {r["identifier"]: r for r in factcheck.claimreview()}
    expected = {"supported": 4, "partly supported": 3, "unverified": 2, "contradicted": 1}
    assert expected == factcheck.RATING
    for c in claims.itertuples():
        rating = reviews[c.claim_id]["reviewRating"]
        assert rating["ratingValue"] == expected[c.verdict]
        assert rating["alternateName"].lower() == c.verdict
        assert reviews[c.claim_id]["itemReviewed"]["text"] == c.quote
        assert len(reviews[c.claim_id]["citation"]) == c.n_evidence


def test_claimreview_url_option():
    reviews = factcheck.claimreview(url="https://example.org/factcheck")
    assert reviews[0]["url"] == "https://example.org/factcheck#C01"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda r: r.pop("claimReviewed"), "missing 'claimReviewed'"),
        (lambda r: r.__setitem__("@type", "Review"), "not 'ClaimReview'"),
        (lambda r: r["reviewRating"].__setitem__("ratingValue", 9), "between worst and best"),
        (lambda r: r["reviewRating"].pop("alternateName"), "reviewRating needs"),
        (lambda r: r.__setitem__("citation", []), "no citation"),
        (lambda r: r["itemReviewed"].__setitem__("@type", "Thing"), "not a Claim"),
    ],
)
def test_validator_catches_broken_reviews(mutate, problem):
    reviews = factcheck.claimreview()
    mutate(reviews[2])
    problems = factcheck.validate_claimreview(reviews)
    assert len(problems) == 1 and problems[0].startswith("review 2:") and problem in problems[0]


def test_write_claimreview_refuses_to_overwrite(tmp_path):
    out = tmp_path / "reviews.jsonld"
    factcheck.write_claimreview(out)
    first = out.read_bytes()
    assert factcheck.validate_claimreview(json.loads(first)) == []
    out.write_text("my own notes", encoding="utf-8")
    with pytest.raises(FileExistsError):
        factcheck.write_claimreview(out)
    assert out.read_text(encoding="utf-8") == "my own notes"
    factcheck.write_claimreview(out, force=True)
    assert out.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.jsonld"]  # no temp files


def test_csv_export(tmp_path, claims):
    out = factcheck.write_claimreview(tmp_path / "claims.csv", fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(claims)
    c07 = next(r for r in rows if r["claim_id"] == "C07")
    assert (c07["verdict"], c07["rating_value"], c07["computed_verdict"]) == (
        "contradicted",
        "1",
        "contradicted",
    )
    with pytest.raises(ValueError, match="unknown format"):
        factcheck.render("xml")


# --- command line -----------------------------------------------------------


def run_cli(argv):
    parser = argparse.ArgumentParser(prog="natoanalysis")
    cli_factcheck.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["factcheck", *argv])
    return args.func(args)


def test_cli_writes_claimreview_to_stdout(capsys):
    assert run_cli([]) == 0
    reviews = json.loads(capsys.readouterr().out)
    assert factcheck.validate_claimreview(reviews) == []


def test_cli_out_and_force(tmp_path, capsys):
    out = tmp_path / "claims.csv"
    assert run_cli(["--format", "csv", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("claim_id,")
    assert run_cli(["--format", "csv", "--out", str(out)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert run_cli(["--out", str(out), "--force"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))[0]["@type"] == "ClaimReview"


def test_cli_reports_bad_data(data_copy, capsys):
    path = data_copy / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",contradicted,", ",false,", 1), encoding="utf-8"
    )
    assert run_cli(["--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "claims.csv" in err and "'verdict'" in err and "'false'" in err


# --- bad input --------------------------------------------------------------


def test_negative_span_is_caught(data_copy):
    path = data_copy / "claims.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("C01,1270,1288,", "C01,1270,-5,"), encoding="utf-8")
    with pytest.raises(na.DataError, match=r"claims\.csv, line 2.*article_end"):
        na.load_claims(data_dir=data_copy)


def test_shifted_span_is_caught(data_copy):
    path = data_copy / "claims.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("C01,1270,1288,", "C01,1271,1289,"), encoding="utf-8")
    with pytest.raises(na.DataError, match=r"claims\.csv, line 2.*'32-member alliance'"):
        na.load_claims(data_dir=data_copy)


def test_dangling_evidence_is_caught(data_copy):
    path = data_copy / "claim_evidence.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("C99,dvids_2024_04_01_celebrating_75_years,Nothing.,context\n")
    with pytest.raises(na.DataError, match="dangling reference"):
        na.load_claims(data_dir=data_copy)


# --- charts -----------------------------------------------------------------


def test_verdicts_by_type_chart(claims):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = charts.verdicts_by_type(claims)
    assert plt.get_fignums() == before
    ax = fig.axes[0]
    assert fig.get_suptitle() and ax.get_xlabel() and ax.get_ylabel()
    assert sum(p.get_width() for p in ax.patches) == len(claims)
    assert any(t.get_text().startswith("Source") for t in fig.texts)
    n_ok = int((claims["verdict"] == "supported").sum())
    assert fig.get_suptitle().startswith(f"{n_ok} of the article's {len(claims)}")


def test_highlight_article_marks_every_claim(claims, article_text):
    out = charts.highlight_article(article_text, claims)
    for cid in claims["claim_id"]:
        assert f">{cid}" in out
    assert "Hungary&#x27;s" in out and "Hungary's" not in out  # escaped


def test_highlight_article_escapes_and_checks_spans():
    text = 'He said "<script>alert(1)</script>" & left.'
    claims = pd.DataFrame(
        {
            "claim_id": ["X1"],
            "article_start": [9],
            "article_end": [35],
            "verdict": ["unverified"],
            "statement": ['A <b>"bold"</b> claim'],
        }
    )
    out = charts.highlight_article(text, claims)
    assert "<script>" not in out and "&lt;script&gt;" in out and "<b>" not in out
    bad = claims.assign(article_end=[99])
    with pytest.raises(ValueError, match="X1: span 9:99"):
        charts.highlight_article(text, bad)
    wrong = claims.assign(quote=["something else"])
    with pytest.raises(ValueError, match="X1"):
        charts.highlight_article(text, wrong)
