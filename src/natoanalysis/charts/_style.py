"""The shared chart style: palette, rc settings, caption and figure factory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["NEUTRAL", "OKABE_ITO", "add_caption", "new_figure", "source_caption", "style"]

#: The Okabe–Ito palette (Okabe & Ito 2008), safe for the common forms of
#: colour-vision deficiency.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
NEUTRAL = "#8C8C8C"

_RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10.5,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO)),
    "legend.frameon": False,
    "svg.hashsalt": "natoanalysis",  # deterministic SVG ids
    "svg.fonttype": "none",
}


@contextmanager
def style() -> Iterator[None]:
    """Apply the package's chart style inside a ``with`` block."""
    with mpl.rc_context(_RC):
        yield


def source_caption(
    source_ids: Iterable[str], sources: pd.DataFrame | None = None, *, max_listed: int = 3
) -> str:
    """A one-line caption naming the sources (or, when many, their publishers).

    Up to ``max_listed`` sources are named with publisher and title; beyond
    that the caption counts them and names the most cited publishers, and
    points to the sources table.

    >>> source_caption(["nato_news_2012_greece_turkey_60_years"])  # doctest: +ELLIPSIS
    'Source: NATO, ...'
    """
    ids = [s for s in source_ids if isinstance(s, str)]
    unique = list(dict.fromkeys(ids))
    if sources is None:
        from ..tables import load_sources

        sources = load_sources()
    by_id = sources.set_index("source_id")
    known = [sid for sid in unique if sid in by_id.index]
    if len(unique) <= max_listed:
        parts = [
            f"{by_id.loc[sid, 'publisher']}, “{by_id.loc[sid, 'title']}”" if sid in known else sid
            for sid in unique
        ]
        label = "Source" if len(parts) == 1 else "Sources"
        return f"{label}: " + "; ".join(parts) + ". Chart: natoanalysis."
    publishers = pd.Series(
        [by_id.loc[sid, "publisher"] for sid in ids if sid in by_id.index and sid != "article"]
    )
    top = publishers.value_counts(sort=True).index[:max_listed].tolist()
    return (
        f"Sources: {len(unique)} sources, chiefly {', '.join(top)}"
        + (", and the article itself" if "article" in unique else "")
        + "; every row cites its own (natoanalysis sources table). Chart: natoanalysis."
    )


def add_caption(fig: Figure, text: str) -> None:
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="#555555", wrap=True)


def new_figure(figsize: tuple[float, float] | None = None) -> Figure:
    fig = Figure(figsize=figsize or _RC["figure.figsize"], layout="constrained")
    # Keep the bottom strip free for the source caption.
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    return fig
