"""Charts: titled, labelled, captioned, and drawing what the data says."""

from __future__ import annotations

import matplotlib
import pytest
from matplotlib.figure import Figure

import natoanalysis as na
from natoanalysis import charts

CHARTS = [charts.membership_over_time, charts.allies_per_wave]


@pytest.fixture(scope="module")
def members():
    return na.load_members()


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_is_a_titled_labelled_captioned_figure(chart, members):
    fig = chart(members)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") and ax.get_xlabel() and ax.get_ylabel()
    captions = [t.get_text() for t in fig.texts]
    assert any(c.startswith("Source") for c in captions)


@pytest.mark.parametrize("chart", CHARTS)
def test_chart_does_not_touch_pyplot_state(chart, members):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    chart(members)
    assert plt.get_fignums() == before


def test_membership_steps_from_12_to_32(members):
    fig = charts.membership_over_time(members)
    line = fig.axes[0].lines[0]
    ys = list(line.get_ydata())
    assert ys[0] == 12 and ys[-1] == 32
    assert ys == sorted(ys)
    assert "12 founders to 32 allies" in fig.axes[0].get_title(loc="left")


def test_membership_chart_of_a_subset(members):
    early = members[members["accession_date"] < "1960-01-01"]
    fig = charts.membership_over_time(early)
    assert list(fig.axes[0].lines[0].get_ydata())[-1] == 15


def test_allies_per_wave_bars_match_counts(members):
    fig = charts.allies_per_wave(members)
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == [12, 2, 1, 1, 3, 7, 2, 1, 1, 1, 1]


def test_caption_names_publishers(members):
    caption = charts.source_caption(members["source_id"])
    sources = na.load_sources().set_index("source_id")
    for sid in members["source_id"].unique():
        assert sources.loc[sid, "publisher"] in caption


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
