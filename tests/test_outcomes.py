"""What came of the article's priorities: the outcomes table, its links and its charts.

Expected dates and figures are typed from the cited sources (agency reports
of the handover, the inauguration and The Hague summit; NATO's summit
declaration as reported), not from the tables.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.figure import Figure

import natoanalysis as na
from natoanalysis import charts

T = pd.Timestamp


@pytest.fixture(scope="module")
def outcomes() -> pd.DataFrame:
    return na.load_outcomes()


@pytest.fixture(scope="module")
def priorities() -> pd.DataFrame:
    return na.load_priorities()


@pytest.fixture(scope="module")
def guidelines() -> pd.DataFrame:
    return na.load_guidelines().set_index("guideline_id")


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return na.load_defence_spending()


# --- Links ------------------------------------------------------------------


def test_every_outcome_links_to_an_existing_priority(outcomes, priorities):
    assert set(outcomes["priority_id"]) <= set(priorities["priority_id"])


def test_every_priority_has_at_least_three_outcomes(outcomes, priorities):
    per = outcomes.groupby("priority_id").size()
    for pid in priorities["priority_id"]:
        assert per.get(pid, 0) >= 3, pid


def test_every_outcome_cites_an_existing_public_source(outcomes):
    sources = na.load_sources().set_index("source_id")
    assert outcomes["source_id"].notna().all()
    assert set(outcomes["source_id"]) <= set(sources.index)
    # Developments after the article come from public sources, never the article.
    assert "article" not in set(outcomes["source_id"])
    assert sources.loc[list(set(outcomes["source_id"])), "url"].notna().all()


def test_outcome_ids_follow_their_priority(outcomes):
    for r in outcomes.itertuples():
        assert r.outcome_id.split("_")[0] == r.priority_id, r.outcome_id


def test_people_and_countries_resolve(outcomes):
    people = set(na.load_people()["person_id"])
    for r in outcomes.dropna(subset=["person_ids"]).itertuples():
        assert set(r.person_ids.split(";")) <= people, r.outcome_id
    assert outcomes["country_iso3s"].notna().all()


def test_every_outcome_has_a_direction_and_a_reason(outcomes):
    assert list(outcomes["direction"].cat.categories) == list(charts.DIRECTIONS)
    assert outcomes["direction"].notna().all()
    assert outcomes["direction_reason"].str.len().gt(10).all()
    assert outcomes["description"].str.len().gt(40).all()


# --- Dates ------------------------------------------------------------------


def test_dates_fall_after_the_article_and_by_the_as_of_date(outcomes):
    published_by = na.article_metadata()["published_window"][1]
    assert (outcomes["event_date"] > published_by).all()
    last = outcomes["end_date"].fillna(outcomes["event_date"])
    assert (last <= na.as_of()).all()


def test_precision_ranges_are_consistent(outcomes):
    for r in outcomes.itertuples():
        start, end, p = r.event_date, r.end_date, r.date_precision
        if p == "day":
            assert pd.isna(end), r.outcome_id
        elif p == "month":
            assert start.day == 1 and end == start + pd.offsets.MonthEnd(0), r.outcome_id
        else:
            assert p == "year", r.outcome_id
            assert (start.month, start.day) == (1, 1), r.outcome_id
            assert end == start + pd.offsets.YearEnd(0), r.outcome_id


def test_ids_run_in_date_order_within_each_priority(outcomes):
    for _, group in outcomes.groupby("priority_id"):
        by_id = group.sort_values("outcome_id")
        assert by_id["event_date"].is_monotonic_increasing, by_id["outcome_id"].tolist()


# --- Key facts, typed from the sources -------------------------------------


def row(outcomes: pd.DataFrame, outcome_id: str) -> pd.Series:
    return outcomes.set_index("outcome_id").loc[outcome_id]


def test_rutte_took_office_on_1_october_2024(outcomes):
    r = row(outcomes, "p1_03")
    assert r["event_date"] == T("2024-10-01") and r["date_precision"] == "day"
    assert "mark_rutte" in r["person_ids"].split(";")
    # The same date as the Secretaries General table's start of his tenure.
    sg = na.load_secretaries_general().set_index("name")
    assert sg.loc["Mark Rutte", "start_date"] == r["event_date"]


def test_trump_was_inaugurated_on_20_january_2025(outcomes):
    r = row(outcomes, "p2_04")
    assert r["event_date"] == T("2025-01-20") and r["priority_id"] == "p2"
    assert r["person_ids"] == "donald_trump"


def test_the_hague_summit_24_25_june_2025(outcomes):
    hague = outcomes[outcomes["title"].str.contains("Hague")]
    assert set(hague["event_date"]) == {T("2025-06-24"), T("2025-06-25")}
    # The declaration itself is dated to the summit's second day, for every priority.
    declaration = outcomes[outcomes["event_date"] == T("2025-06-25")]
    assert set(declaration["priority_id"]) == {"p1", "p2", "p3", "p4"}


def test_the_hague_commitment_matches_the_guidelines_table(outcomes, guidelines):
    r = row(outcomes, "p4_08")
    head = guidelines.loc["hague_2025_5pct"]
    assert r["event_date"] == head["agreed_date"] == T("2025-06-25")
    assert (float(head["share_pct"]), int(head["target_year"])) == (5.0, 2035)
    assert int(head["review_year"]) == 2029
    parts = guidelines[guidelines["parent_id"] == "hague_2025_5pct"]
    assert sorted(parts["share_pct"].astype(float)) == [1.5, 3.5]
    assert (parts["target_year"] == 2035).all() and (parts["review_year"] == 2029).all()
    # ... and the row's words say the same.
    for words in ("5% of GDP", "2035", "3.5%", "1.5%"):
        assert words in r["description"], words


def test_spain_exception_and_2029_review_are_recorded(outcomes):
    spain = outcomes[outcomes["country_iso3s"].str.contains("ESP")]
    assert {"p4_06", "p4_07"} <= set(spain["outcome_id"])
    assert "2029" in row(outcomes, "p4_07")["description"]


def test_no_state_joined_after_sweden(outcomes):
    members = na.load_members()
    latest = members["accession_date"].max()
    assert latest == T("2024-03-07")
    assert members.loc[members["accession_date"] == latest, "iso3"].tolist() == ["SWE"]
    assert len(members) == 32
    # No development on expansion "advanced" by admitting anyone: none names a new ally.
    sweden = outcomes[outcomes["priority_id"] == "p3"]
    assert not sweden["title"].str.contains("joins|accedes|invited", case=False).any()


def test_all_allies_with_a_2025_figure_meet_two_percent(spending, guidelines):
    two = float(guidelines.loc["wales_2014_2pct", "share_pct"])
    core = float(guidelines.loc["hague_2025_core_3_5pct", "share_pct"])
    y25 = spending[(spending["year"] == 2025) & spending["pct_gdp"].notna()]
    assert (y25["pct_gdp"] >= two).all()
    # NATO's August 2025 estimates: only Poland, Lithuania and Latvia above 3.5%.
    assert sorted(y25.loc[y25["pct_gdp"] >= core, "iso3"]) == ["LTU", "LVA", "POL"]


def test_spending_table_has_a_value_or_a_reason_for_every_ally_and_year(spending):
    assert not spending.duplicated(["iso3", "year"]).any()
    assert (spending["pct_gdp"].notna() | spending["missing_reason"].notna()).all()


# --- Charts -----------------------------------------------------------------


def test_direction_styles_differ_by_colour_and_by_shape():
    styles = charts.DIRECTION_STYLES
    assert set(styles) == set(charts.DIRECTIONS)
    colours = {mcolors.to_hex(c) for c, _, _ in styles.values()}
    markers = {m for _, m, _ in styles.values()}
    hatches = {h for _, _, h in styles.values()}
    assert len(colours) == len(markers) == len(hatches) == len(styles)
    allowed = {mcolors.to_hex(c) for c in (*charts.OKABE_ITO, charts.NEUTRAL)}
    assert colours <= allowed


@pytest.mark.parametrize("pid", ["p1", "p2", "p3", "p4"])
def test_timeline_draws_every_outcome_of_the_priority(outcomes, priorities, pid):
    fig = charts.outcomes_timeline(outcomes, pid, priorities)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    mine = outcomes[outcomes["priority_id"] == pid]
    assert len(ax.get_yticklabels()) == len(mine)
    text = priorities.set_index("priority_id").loc[pid, "text"]
    title = " ".join(fig.get_suptitle().split())
    n_adv = int((mine["direction"] == "advanced").sum())
    n_back = int((mine["direction"] == "set back").sum())
    assert title == (
        f"“{text}”: {n_adv} of {len(mine)} developments since the article advanced it, "
        f"{n_back} set it back"
    )
    assert ax.get_xlabel() and ax.get_ylabel()
    assert any(t.get_text().startswith("Source") for t in fig.texts)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for d in charts.DIRECTIONS:
        n = int((mine["direction"] == d).sum())
        if n:
            assert f"{d} ({n})" in labels
        else:  # no legend entry for a direction that never occurs
            assert not any(label.startswith(f"{d} (") for label in labels)
    # the axis ends shortly after the last development, not at the as-of date
    last = mine["event_date"].max()
    assert mdates.num2date(ax.get_xlim()[1]).replace(tzinfo=None) < last + pd.Timedelta(days=200)


def test_timeline_rejects_an_unknown_priority(outcomes):
    with pytest.raises(ValueError, match="p9"):
        charts.outcomes_timeline(outcomes, "p9")


def test_direction_overview_counts(outcomes, priorities):
    fig = charts.outcomes_by_direction(outcomes, priorities)
    n_adv = int((outcomes["direction"] == "advanced").sum())
    assert fig.get_suptitle().startswith(f"{n_adv} of {len(outcomes)} entries record an advance")
    # what is counted is said: a summit entered under every priority it bears on
    per_day = outcomes.groupby("event_date")["priority_id"].nunique()
    subtitle = " ".join(fig.texts[1].get_text().split())
    assert f"{per_day.max()} entries, under different priorities" in subtitle


def spending_chart(spending, guidelines, **kw):
    return charts.spending_against_commitments(
        spending, guidelines.reset_index(), na.load_members(), **kw
    )


def test_spending_chart_reads_both_thresholds_from_the_table(spending, guidelines):
    fig = spending_chart(spending, guidelines)
    xs = sorted(float(line.get_xdata()[0]) for line in fig.axes[0].lines)
    assert xs == [2.0, 3.5]
    moved = guidelines.copy()
    moved.loc["hague_2025_core_3_5pct", "share_pct"] = 3.0
    fig = spending_chart(spending, moved)
    xs = sorted(float(line.get_xdata()[0]) for line in fig.axes[0].lines)
    assert xs == [2.0, 3.0]


def test_spending_chart_shows_missing_figures_as_missing(spending, guidelines):
    fig = spending_chart(spending, guidelines)
    ax = fig.axes[0]
    y25 = spending[spending["year"] == 2025]
    assert len(ax.get_yticklabels()) == len(y25)
    notes = [t.get_text() for t in ax.texts if t.get_text().startswith("no figure")]
    assert len(notes) == int(y25["pct_gdp"].isna().sum())
    assert "no figure: no armed forces" in notes
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"no figure ({len(notes)})" in legend


def test_spending_chart_gives_blank_figures_one_row_per_reason(spending, guidelines):
    """Allies without a figure never crowd out the bars: one row per reason, and the
    title's denominator says which allies it counts."""
    blanked = spending.copy()
    gone = ["BEL", "CAN", "ESP", "PRT"]
    rows = (blanked["year"] == 2025) & blanked["iso3"].isin(gone)
    blanked.loc[rows, "pct_gdp"] = float("nan")
    blanked.loc[rows, "missing_reason"] = "published_value_not_found"
    fig = spending_chart(blanked, guidelines)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # The bars, plus one row per reason: not found, not in NATO's release (Germany),
    # no armed forces (Iceland).
    assert len(labels) == 32 - len(gone) - 2 + 3
    assert "Belgium, Canada, Portugal, Spain" in labels and "Iceland" in labels
    assert "Germany" in labels
    assert fig.get_suptitle().startswith("All 26 allies with a published figure")


def test_spending_chart_title_counts_from_the_data(spending, guidelines):
    fig = spending_chart(spending, guidelines)
    have = spending[(spending["year"] == 2025) & spending["pct_gdp"].notna()]
    n2, _, _ = charts.allies_meeting(spending, 2.0, 2025)
    n35, _, _ = charts.allies_meeting(spending, 3.5, 2025)
    title = " ".join(fig.get_suptitle().split())
    count = f"All {len(have)}" if n2 == len(have) else f"{n2} of {len(have)}"
    assert title == (
        f"{count} allies with a published figure spent at least 2% of GDP on defence in 2025; "
        f"{n35} reached 3.5%"
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert not any(label.endswith("(0)") for label in legend)


def test_spending_chart_refuses_thresholds_in_the_wrong_order(spending, guidelines):
    with pytest.raises(ValueError, match="must be below"):
        spending_chart(
            spending, guidelines, lower_id="hague_2025_core_3_5pct", upper_id="wales_2014_2pct"
        )
