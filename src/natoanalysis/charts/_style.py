"""The shared chart style: palette, rc settings, caption and figure factory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "NEUTRAL",
    "OKABE_ITO",
    "add_caption",
    "compact_png",
    "new_figure",
    "palette_png",
    "source_caption",
    "style",
    "table_as_of",
]

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


def _source_lookup(source_ids: Any, sources: Any) -> dict[str, dict[str, Any]]:
    """source_id -> {"publisher", "title", ...} from a sources table, a mapping or attrs."""
    if sources is None:
        sources = getattr(source_ids, "attrs", {}).get("sources")
    if sources is None:
        return {}
    if isinstance(sources, pd.DataFrame):
        return {
            str(r["source_id"]): {"publisher": r["publisher"], "title": r["title"]}
            for _, r in sources.iterrows()
        }
    return {str(k): dict(v) for k, v in sources.items()}


def source_caption(source_ids: Iterable[str], sources: Any = None, *, max_listed: int = 3) -> str:
    """A one-line caption naming the sources (or, when many, their publishers).

    Publisher and title come from ``sources`` (the sources table, or the
    ``attrs["sources"]`` mapping a loaded table carries) or, by default,
    from the metadata of ``source_ids`` itself: a column of a loaded table
    carries its table's sources in ``.attrs``. Nothing is loaded here.

    Up to ``max_listed`` sources are named with publisher and title; beyond
    that the caption counts them and names the most cited publishers, and
    points to the sources table.

    >>> import natoanalysis as na
    >>> members = na.load_members()
    >>> source_caption(members.loc[members["iso3"] == "SWE", "source_id"])  # doctest: +ELLIPSIS
    'Source: ...'
    """
    by_id = _source_lookup(source_ids, sources)
    ids = [s for s in source_ids if isinstance(s, str)]
    unique = list(dict.fromkeys(ids))
    if len(unique) <= max_listed:
        parts = [
            f"{by_id[sid]['publisher']}, “{by_id[sid]['title']}”" if sid in by_id else sid
            for sid in unique
        ]
        label = "Source" if len(parts) == 1 else "Sources"
        return f"{label}: " + "; ".join(parts) + ". Chart: natoanalysis."
    publishers = pd.Series(
        [by_id[sid]["publisher"] for sid in ids if sid in by_id and sid != "article"],
        dtype=object,
    )
    top = publishers.value_counts(sort=True).index[:max_listed].tolist()
    chiefly = f", chiefly {', '.join(top)}" if top else ""
    return (
        f"Sources: {len(unique)} sources{chiefly}"
        + (", and the article itself" if "article" in unique else "")
        + "; every row cites its own (natoanalysis sources table). Chart: natoanalysis."
    )


def table_as_of(df: pd.DataFrame) -> pd.Timestamp:
    """The as-of date a loaded table carries in ``df.attrs`` (set by the loaders)."""
    value = df.attrs.get("as_of")
    if value is None:
        raise ValueError(
            "the table carries no as-of date in .attrs: load it with a natoanalysis "
            "loader, or pass as_of= / end="
        )
    return pd.Timestamp(value)


def add_caption(fig: Figure, text: str) -> None:
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=8, color="#555555", wrap=True)


def new_figure(figsize: tuple[float, float] | None = None) -> Figure:
    fig = Figure(figsize=figsize or _RC["figure.figsize"], layout="constrained")
    # Keep the bottom strip free for the source caption.
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    return fig


def _quantized_png(fig: Figure, quantize: Callable[[Any], Any]) -> bytes:
    """Render ``fig`` to PNG, reduce it to a palette with ``quantize``, re-encode."""
    import io

    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="png")
    image = Image.open(io.BytesIO(raw.getvalue())).convert("RGB")
    out = io.BytesIO()
    quantize(image).save(out, format="png", optimize=True)
    return out.getvalue()


def compact_png(fig: Figure, *, colors: int = 128) -> bytes:
    """The figure as a palette PNG of at most ``colors`` colours (about a third the bytes).

    Maps and hatched charts make large full-colour PNGs; a notebook can
    register this as the PNG formatter for figures to stay small::

        get_ipython().display_formatter.formatters["image/png"].for_type(Figure, compact_png)

    A median-cut palette may merge a colour that covers few pixels (a legend
    marker) into its neighbour; :func:`palette_png` keeps chart colours exact.

    >>> compact_png(new_figure((2, 1)))[:8] == bytes([137, 80, 78, 71, 13, 10, 26, 10])
    True
    """
    from PIL import Image

    return _quantized_png(
        fig,
        lambda im: im.quantize(
            colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        ),
    )


def _palette() -> list[tuple[int, int, int]]:
    """The chart colours (Okabe–Ito, the neutral grey, text greys), each with tints toward white,
    plus a grey ramp: every colour the package's charts draw, and their anti-aliased edges."""
    bases = [*OKABE_ITO, NEUTRAL, "#BBBBBB", "#DDDDDD"]
    out: dict[tuple[int, int, int], None] = {}
    for base in bases:
        r, g, b = (int(base[i : i + 2], 16) for i in (1, 3, 5))
        for k in range(14):
            t = k / 14
            out[(round(r + (255 - r) * t), round(g + (255 - g) * t), round(b + (255 - b) * t))] = (
                None
            )
    for k in range(52):
        v = round(255 * k / 51)
        out[(v, v, v)] = None
    return list(out)[:256]


def palette_png(fig: Figure) -> bytes:
    """The figure as a small palette PNG that keeps the chart colours exact.

    Unlike a median-cut palette (:func:`compact_png`), which may merge a
    colour that covers few pixels (a legend marker) into its neighbour, every
    pixel here maps to the nearest of a fixed palette built from
    :data:`OKABE_ITO`, so a colour in the legend is the colour in the chart.
    Register it in a notebook with
    ``get_ipython().display_formatter.formatters["image/png"].for_type(Figure, palette_png)``.

    >>> import io
    >>> from PIL import Image
    >>> import natoanalysis as na
    >>> from natoanalysis.charts import DIRECTION_STYLES, outcomes_timeline
    >>> png = palette_png(outcomes_timeline(na.load_outcomes(), "p3"))
    >>> colours = {c for _, c in Image.open(io.BytesIO(png)).convert("RGB").getcolors(4096)}
    >>> all(tuple(int(h[i : i + 2], 16) for i in (1, 3, 5)) in colours
    ...     for h, _, _ in DIRECTION_STYLES.values())
    True
    """
    from PIL import Image

    colours = _palette()
    flat = [v for c in colours for v in c]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[-3:] * (256 - len(colours)))
    return _quantized_png(fig, lambda im: im.quantize(palette=palette, dither=Image.Dither.NONE))
