"""Alt text: every exported chart describes itself with the numbers of its title.

Each chart function attaches ``fig.chart_info`` (title, takeaway, alt text,
source), which the figure gallery shows. The expected numbers here are
computed straight from the CSV files with plain pandas, not through the
package's loaders or chart helpers, so a chart that miscounts cannot pass by
agreeing with itself. Where a published figure is known (NATO's 2024 table:
23 of 31 allies at 2%, Poland highest at 4.12%), it is asserted as well.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from natoanalysis.classroom import gallery
from natoanalysis.figures import FIGURES

DATA = Path(__file__).resolve().parents[1] / "data"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def spending():
    return _csv("defence_spending")


@pytest.fixture(scope="module")
def names():
    members = _csv("members")
    return dict(zip(members["iso3"], members["name"]))


def _info(name: str) -> dict[str, str]:
    return FIGURES[name]().chart_info


@pytest.mark.slow  # draws every exported chart
@pytest.mark.parametrize("name", list(FIGURES))
def test_every_exported_chart_carries_its_description(name):
    fig = FIGURES[name]()
    info = fig.chart_info
    assert set(info) == {"title", "takeaway", "alt", "source"}
    takeaway = " ".join(fig.get_suptitle().split())
    assert info["takeaway"] == takeaway  # the title, unwrapped
    kind, _, rest = info["alt"].partition(": ")
    assert kind.split()[0] in {"Bar", "Stacked", "Dot", "Step", "Line", "Timeline", "Map"}
    # the alt text opens with the title's statement, so both carry the same numbers
    assert rest.startswith(takeaway[:40]), (rest, takeaway)
    assert info["alt"].endswith(".")
    assert info["source"].startswith("Source")
    # the gallery takes the chart's own description
    described = gallery.describe(fig, name)
    assert described["alt"] == info["alt"] and described["title"] == info["title"]


def test_spending_bar_chart_alt_text(spending, names):
    y = spending[spending["year"] == 2024]
    have = y[y["pct_gdp"].notna()]
    n = int((have["pct_gdp"] >= 2.0).sum())
    top = have.loc[have["pct_gdp"].idxmax()]
    low = have.loc[have["pct_gdp"].idxmin()]
    assert (n, len(have), top["iso3"], top["pct_gdp"]) == (23, 31, "POL", 4.12)  # NATO, June 2024
    alt = _info("spending_by_ally_2024")["alt"]
    assert alt.startswith(
        f"Bar chart: {n} of {len(have)} allies with armed forces spent at least 2% of GDP on "
        f"defence in 2024; {names[top['iso3']]} highest at {top['pct_gdp']:.2f}%, "
        f"{names[low['iso3']]} lowest at {low['pct_gdp']:.2f}%"
    )
    missing = y.loc[y["pct_gdp"].isna(), "iso3"].map(names).tolist()
    assert missing == ["Iceland"] and "Iceland has no armed forces" in alt


def test_commitments_chart_alt_text(spending, names):
    y = spending[(spending["year"] == 2025) & spending["pct_gdp"].notna()]
    n2, n35 = int((y["pct_gdp"] >= 2.0).sum()), int((y["pct_gdp"] >= 3.5).sum())
    lowest = y["pct_gdp"].min()
    tied = int((y["pct_gdp"] == lowest).sum())
    alt = _info("spending_against_commitments_2025")["alt"]
    count = f"All {len(y)}" if n2 == len(y) else f"{n2} of {len(y)}"
    assert alt.startswith(
        f"Bar chart: {count} allies with a published figure spent at least 2% of GDP on "
        f"defence in 2025; {n35} reached 3.5%"
    )
    # Germany's 2025 cell is blank in NATO's table; the alt text says so, with the reason.
    assert "Germany: no figure (not in release)" in alt
    top = y.loc[y["pct_gdp"].idxmax()]
    assert f"{names[top['iso3']]} highest at {top['pct_gdp']:.2f}%" in alt
    # a tie for lowest names no single ally
    if tied > 3:
        assert f"lowest at {lowest:.2f}%: {tied} allies" in alt


def test_secretaries_general_alt_text(names):
    sg = _csv("secretaries_general")
    acting = sg["is_acting"].astype(str).str.lower() == "true"
    appointed = sg[~acting]["nationality_iso3"].value_counts()
    acting_by = sg[acting]["nationality_iso3"].value_counts()
    alt = _info("secretaries_general_by_country")["alt"]
    for code, n in appointed.items():
        assert f"{names[code]} {n}" in alt.split("Appointed: ")[1].split(".")[0]
    for code, n in acting_by.items():
        assert f"{names[code]} {n}" in alt.split("Acting terms, shown apart: ")[1]
    top = appointed.idxmax()
    assert (names[top], int(appointed.max())) == ("Netherlands", 4)
    assert alt.startswith(
        f"Bar chart: The Netherlands has provided the most Secretaries General: {appointed.max()}"
    )


def test_outcomes_alt_text_counts_entries():
    outcomes = _csv("outcomes")
    alt = _info("outcomes_by_direction")["alt"]
    adv = int((outcomes["direction"] == "advanced").sum())
    back = int((outcomes["direction"] == "set back").sum())
    assert alt.startswith(
        f"Stacked bar chart: {adv} of {len(outcomes)} entries record an advance for one of the "
        f"article's priorities, {back} a setback"
    )
    for pid, rows in outcomes.groupby("priority_id"):
        counts = rows["direction"].value_counts()
        expected = ", ".join(
            f"{int(counts.get(d, 0))} {d}" for d in ("advanced", "mixed", "no change", "set back")
        )
        assert f"{pid}: {expected}" in alt


@pytest.mark.parametrize("pid", ["p1", "p2", "p3", "p4"])
def test_outcome_timeline_alt_text(pid):
    rows = _csv("outcomes").query("priority_id == @pid")
    priority = _csv("priorities").set_index("priority_id").loc[pid, "text"]
    counts = rows["direction"].value_counts()
    alt = _info(f"outcomes_timeline_{pid}")["alt"]
    assert alt.startswith(
        f"Timeline: “{priority}”: {int(counts.get('advanced', 0))} of {len(rows)} developments "
        f"since the article advanced it, {int(counts.get('set back', 0))} set it back"
    )


def test_alliance_map_alt_text_names_every_ally_under_its_wave(names):
    members = _csv("members")
    alt = _info("alliance_map")["alt"]
    for wave, group in members.groupby("wave"):
        listed = ", ".join(sorted(group["name"]))
        assert f"{wave}: {listed}" in alt
    assert alt.startswith(f"Map of North America and Europe: The {len(members)} allies")


def test_race_timeline_alt_text_counts_claims_that_differ():
    events = _csv("events")
    alt = _info("race_timeline")["alt"]
    m = re.match(r"Timeline in two panels: (\d+) of the article's (\d+) dated claims", alt)
    assert m
    article = events[events["kind"] == "article"]
    # every claim the chart counts as differing carries a 'differs' value in the table
    assert int(m[1]) <= int(article["differs"].notna().sum())
    assert int(m[1]) == alt.count("(who)") + alt.count("(place")


def test_mentions_alt_text_matches_the_extractor():
    import natoanalysis as na

    first, last = na.article_metadata()["published_window"]
    countries = na.extract_article(na.load_article_text(), published=(first, last))["countries"]
    per_state = countries.groupby("country").size().sort_values()
    alt = _info("mentions_by_country")["alt"]
    assert alt.startswith(f"Bar chart: The text mentions {len(per_state)} states")
    assert f"{per_state.index[-1]} most often ({per_state.iloc[-1]} times)" in alt
