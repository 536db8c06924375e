"""Charts: titled, labelled, captioned, and drawing what the data says."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.figure import Figure

import natoanalysis as na
from natoanalysis import charts

CHARTS = {
    "membership_over_time": lambda: charts.membership_over_time(na.load_members()),
    "allies_per_wave": lambda: charts.allies_per_wave(na.load_members()),
    "secretaries_general_tenures": lambda: charts.secretaries_general_tenures(
        na.load_secretaries_general()
    ),
    "secretaries_general_by_country": lambda: charts.secretaries_general_by_country(
        na.load_secretaries_general()
    ),
    "race_timeline": lambda: charts.race_timeline(na.load_events(), na.load_people()),
}


@pytest.fixture(scope="module")
def members():
    return na.load_members()


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_is_a_titled_labelled_captioned_figure(chart):
    fig = chart()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert fig.get_suptitle() and ax.get_ylabel()
    assert fig.axes[-1].get_xlabel()
    info = fig.chart_info
    assert info["takeaway"] == " ".join(fig.get_suptitle().split())
    assert info["alt"] and info["source"].startswith("Source")
    captions = [t.get_text() for t in fig.texts]
    assert any(c.startswith("Source") for c in captions)


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_does_not_touch_pyplot_state(chart):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    chart()
    assert plt.get_fignums() == before


def test_membership_steps_from_12_to_32(members):
    fig = charts.membership_over_time(members)
    line = fig.axes[0].lines[0]
    ys = list(line.get_ydata())
    assert ys[0] == 12 and ys[-1] == 32
    assert ys == sorted(ys)
    assert "12 founders to 32 allies" in fig.get_suptitle()


def test_membership_chart_of_a_subset(members):
    early = members[members["accession_date"] < "1960-01-01"]
    fig = charts.membership_over_time(early)
    assert list(fig.axes[0].lines[0].get_ydata())[-1] == 15


def test_allies_per_wave_bars_match_counts(members):
    fig = charts.allies_per_wave(members)
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [12, 2, 1, 1, 3, 7, 2, 1, 1, 1, 1]


def test_caption_names_publishers(members):
    sources = na.load_sources().set_index("source_id")
    ids = members["source_id"]
    full = charts.source_caption(ids, max_listed=100)
    for sid in ids.unique():
        assert sources.loc[sid, "publisher"] in full
    short = charts.source_caption(ids)
    assert short.startswith(f"Sources: {ids.nunique()} sources, chiefly ")
    assert len(short) < 200


def test_palette_is_okabe_ito():
    assert charts.OKABE_ITO[0] == "#0072B2"
    with charts.style():
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][:3] == [
            "#0072B2",
            "#E69F00",
            "#009E73",
        ]


def test_svg_output_is_deterministic(members, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    with charts.style():
        charts.allies_per_wave(members).savefig(a, metadata={"Date": None})
        charts.allies_per_wave(members).savefig(b, metadata={"Date": None})
    assert a.read_bytes() == b.read_bytes()


def test_tenures_chart_draws_every_tenure_with_acting_hatched():
    sg = na.load_secretaries_general()
    fig = charts.secretaries_general_tenures(sg)
    bars = fig.axes[0].patches
    assert len(bars) == len(sg)
    hatched = [b for b in bars if b.get_hatch()]
    assert len(hatched) == int(sg["is_acting"].sum())
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "Mark Rutte (incumbent)" in labels


def test_by_country_chart_counts_appointed_tenures():
    sg = na.load_secretaries_general()
    fig = charts.secretaries_general_by_country(sg)
    ax = fig.axes[0]
    assert fig.get_suptitle().startswith("The Netherlands has provided the most")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "Netherlands" and len(ticks) == sg["nationality_iso3"].nunique()


def test_race_timeline_marks_every_dated_article_claim():
    events = na.load_events()
    fig = charts.race_timeline(events, na.load_people())
    bottom = fig.axes[1]
    in_window = events[
        (events["kind"] == "article") & events["plot_date"].between("2024-02-01", "2024-10-15")
    ]
    assert len(bottom.get_yticks()) == len(in_window)
