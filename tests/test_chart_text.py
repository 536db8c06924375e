"""Every exported chart's text is legible: no label covers another, none leaves the figure.

Each figure of :data:`natoanalysis.figures.FIGURES` is drawn as the export
draws it, and the rendered bounding box of every piece of text is
collected: the title and subtitle, axis labels, tick labels, annotations and
value labels, legend entries and titles, and the source caption. Two boxes
may not overlap, and every box must lie inside the figure.

Exempt, each for a reason:

- tick labels of one axis among themselves: matplotlib's locators space
  them, and a label that collides with its neighbour shows as a thinned
  axis rather than as unreadable text; they are still checked against every
  other text and against the figure's edge;
- text inside one legend among itself: the legend lays out its own rows.
"""

from __future__ import annotations

import itertools
import math

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from natoanalysis.charts import style
from natoanalysis.figures import FIGURES, PNG_WIDTH

PAD = 0.5  # pixels at 100 dpi: boxes that merely touch are not an overlap


def _texts(fig):
    """(kind, group, Text) for every visible, non-empty text of the figure."""
    out = []

    def add(kind, group, t):
        if isinstance(t, Text) and t.get_visible() and t.get_text().strip():
            out.append((kind, group, t))

    for t in fig.texts:
        add("figure text", "figure", t)
    for i, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        for t in (ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label):
            add("axes label", f"axes{i}", t)
        for t in ax.texts:
            add("annotation", f"axes{i}", t)
        if ax.axison:
            for which, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                # the ticks drawn: those inside the view limits
                for tick in axis._update_ticks():
                    for t in (tick.label1, tick.label2):
                        add("tick label", f"axes{i}-{which}ticks", t)
        legend = ax.get_legend()
        if legend is not None:
            add("legend", f"axes{i}-legend", legend.get_title())
            for t in legend.get_texts():
                add("legend", f"axes{i}-legend", t)
    return out


def text_problems(fig) -> list[str]:
    """Overlapping or escaping texts of ``fig``, drawn at the PNG export's resolution
    (at least :data:`~natoanalysis.figures.PNG_WIDTH` pixels wide), as sentences."""
    fig.set_dpi(max(100, math.ceil(PNG_WIDTH / fig.get_figwidth())))
    pad = PAD * fig.dpi / 100
    with style():
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        page = fig.bbox
        boxes = [(kind, group, t, t.get_window_extent(renderer)) for kind, group, t in _texts(fig)]
    problems = []
    for kind, _group, t, box in boxes:
        if (
            box.x0 < page.x0 - pad
            or box.y0 < page.y0 - pad
            or box.x1 > page.x1 + pad
            or box.y1 > page.y1 + pad
        ):
            problems.append(f"{kind} {t.get_text()!r} leaves the figure ({box.bounds})")
    for (k1, g1, t1, b1), (k2, g2, t2, b2) in itertools.combinations(boxes, 2):
        if g1 == g2 and (k1 == k2 == "tick label" or k1 == k2 == "legend"):
            continue
        if (
            min(b1.x1, b2.x1) - max(b1.x0, b2.x0) > pad
            and min(b1.y1, b2.y1) - max(b1.y0, b2.y0) > pad
        ):
            problems.append(f"{k1} {t1.get_text()!r} overlaps {k2} {t2.get_text()!r}")
    return problems


@pytest.mark.slow  # draws every exported chart at export size
@pytest.mark.parametrize("name", list(FIGURES))
def test_text_does_not_collide_or_leave_the_figure(name):
    fig = FIGURES[name]()
    assert text_problems(fig) == []


def test_the_check_catches_a_collision_and_an_escape():
    from natoanalysis.charts import new_figure

    fig = new_figure((4, 3))
    ax = fig.add_subplot()
    ax.set_xlabel("an axis label")
    ax.text(0.5, 0.5, "one label", transform=ax.transAxes)
    ax.text(0.52, 0.5, "another label", transform=ax.transAxes)
    # kept out of the layout, which would otherwise shrink the axes to make room
    ax.annotate("far out", (1.0, 0.5), xycoords="axes fraction", xytext=(200, 0),
                textcoords="offset points", in_layout=False)  # fmt: skip
    problems = text_problems(fig)
    assert any("'one label' overlaps annotation 'another label'" in p for p in problems)
    assert any("'far out' leaves the figure" in p for p in problems)
