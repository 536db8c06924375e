"""The shared chart style: palette, rc settings, caption and figure factory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.rcsetup import cycler

__all__ = [
    "NEUTRAL",
    "OKABE_ITO",
    "add_caption",
    "allies_phrase",
    "attach_info",
    "compact_png",
    "extreme_text",
    "new_figure",
    "palette_png",
    "set_titles",
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

_RC: dict[str, Any] = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
    "legend.frameon": False,
    "svg.hashsalt": "natoanalysis",  # deterministic SVG ids
    "svg.fonttype": "none",
}


@contextmanager
def style() -> Iterator[None]:
    """Apply the package's chart style inside a ``with`` block.

    The Okabe–Ito colour cycle, bold left-aligned titles, light grid, no top
    or right spine, 100 dpi and deterministic SVG ids. Build (and save) your
    own figures inside it to match the package's charts::

        with style():
            fig = new_figure()
            ax = fig.add_subplot()
            ...
            add_caption(fig, source_caption(df["source_id"]))
            fig.savefig("my_chart.svg")
    """
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
    """Write ``text`` (usually :func:`source_caption`) small and grey along the bottom edge.

    Long captions wrap to the figure's width, and the layout keeps the strip
    they need free.
    """
    text = _wrap_to(fig, text, CAPTION_SIZE)
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=CAPTION_SIZE, color="#555555")
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        # keep the caption's lines clear of the axes and their labels
        strip = ((text.count("\n") + 1) * CAPTION_SIZE * 1.2 + 8) / (fig.get_figheight() * 72)
        left, bottom, width, height = engine.get()["rect"]
        if strip > bottom:
            engine.set(rect=(left, strip, width, bottom + height - strip))


#: Font sizes (points) of the takeaway title, the subtitle and the source caption.
TITLE_SIZE = 14.0
SUBTITLE_SIZE = 10.5
CAPTION_SIZE = 8.5


def _wrap_to(fig: Figure, text: str, size: float, share: float = 0.97, em: float = 0.55) -> str:
    """``text`` wrapped to ``share`` of the figure's width at font ``size`` (points).

    The width of a character is taken as ``em`` (0.55 em: a little over the
    average of DejaVu Sans; bold text needs more), so wrapped lines stay
    inside the figure.
    """
    import textwrap

    chars = max(20, int(fig.get_figwidth() * 72 * share / (size * em)))
    return "\n".join(
        "\n".join(textwrap.wrap(part, chars)) if part else "" for part in text.split("\n")
    )


def set_titles(fig: Figure, title: str, subtitle: str | None = None) -> None:
    """The chart's takeaway as a bold title over the figure, and under it a
    subtitle naming the measure and its unit.

    The title is the figure's ``suptitle`` (left-aligned), the subtitle a
    figure text under it; both span every panel, wrap to the figure's width,
    and the layout keeps the axes below them.

    >>> fig = new_figure((6, 3))
    >>> ax = fig.add_subplot()
    >>> set_titles(fig, "Sweden joined in 2024", "Allies (count)")
    >>> fig.get_suptitle(), fig.texts[-1].get_text()
    ('Sweden joined in 2024', 'Allies (count)')
    """
    title = _wrap_to(fig, title, TITLE_SIZE, em=0.64)
    height = fig.get_figheight() * 72  # points
    suptitle = fig.suptitle(
        title, x=0.01, y=1 - 5 / height, ha="left", va="top",
        fontsize=TITLE_SIZE, fontweight="bold",
    )  # fmt: skip
    suptitle.set_in_layout(False)  # placed by hand; the layout keeps below it
    used = (title.count("\n") + 1) * TITLE_SIZE * 1.22 + 5
    if subtitle:
        subtitle = _wrap_to(fig, subtitle, SUBTITLE_SIZE)
        fig.text(
            0.01, 1 - (used + 3) / height, subtitle, ha="left", va="top",
            fontsize=SUBTITLE_SIZE, color="#444444",
        )  # fmt: skip
        used += 3 + (subtitle.count("\n") + 1) * SUBTITLE_SIZE * 1.22
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        left, bottom, width, _ = engine.get()["rect"]
        engine.set(rect=(left, bottom, width, 1 - (used + 8) / height - bottom))


def allies_phrase(n_with: int, n_all: int, missing: dict[str, list[str]] | None = None) -> str:
    """The denominator of a count of allies, saying which allies it covers.

    ``n_with`` allies have a figure out of ``n_all``; ``missing`` maps a
    reason (the ``missing_reason`` column) to the allies without one.

    >>> allies_phrase(31, 32, {"no_armed_forces": ["Iceland"]})
    '31 allies with armed forces'
    >>> allies_phrase(32, 32)
    '32 allies'
    >>> allies_phrase(29, 32, {"no_armed_forces": ["Iceland"], "published_value_not_found": ["X"]})
    '29 allies with a published figure'
    """
    if n_with == n_all:
        return f"{n_all} allies"
    reasons = set(missing or {})
    if reasons == {"no_armed_forces"}:
        return f"{n_with} allies with armed forces"
    return f"{n_with} allies with a published figure"


def extreme_text(values: pd.Series, names: pd.Series, which: str) -> str:
    """'Poland highest at 4.12%', or, for a tie, 'highest at 2.00%: A and B' (or 'N allies').

    >>> v, n = pd.Series([2.0, 2.0, 3.1]), pd.Series(["Spain", "Italy", "Poland"])
    >>> extreme_text(v, n, "lowest"), extreme_text(v, n, "highest")
    ('lowest at 2.00%: Italy and Spain', 'Poland highest at 3.10%')
    """
    value = float(values.min() if which == "lowest" else values.max())
    who = sorted(str(x) for x in names[values.round(2) == round(value, 2)])
    if len(who) == 1:
        return f"{who[0]} {which} at {value:.2f}%"
    listed = f"{', '.join(who[:-1])} and {who[-1]}" if len(who) <= 3 else f"{len(who)} allies"
    return f"{which} at {value:.2f}%: {listed}"


def attach_info(
    fig: Figure, *, title: str, alt: str, takeaway: str | None = None, source: str | None = None
) -> None:
    """Attach the chart's description as ``fig.chart_info`` (read by the figure gallery).

    ``title`` names the chart; ``takeaway`` (default: the figure's title)
    is its one-line message; ``alt`` is the alternative text, built by the
    chart function from the same numbers as its title; ``source`` defaults
    to the caption.
    """
    if takeaway is None:
        takeaway = " ".join(fig.get_suptitle().split())
    if source is None:
        captions = [t.get_text() for t in fig.texts if t.get_text().startswith("Source")]
        source = " ".join(captions[0].split()) if captions else ""
    fig.chart_info = {  # type: ignore[attr-defined]
        "title": title,
        "takeaway": takeaway,
        "alt": alt if alt.endswith(".") else alt + ".",
        "source": source,
    }


def new_figure(figsize: tuple[float, float] | None = None) -> Figure:
    """A :class:`~matplotlib.figure.Figure` with constrained layout and room for a caption.

    Made without pyplot, so nothing is shown or kept open behind your back;
    in a notebook, make it the cell's last value to display it. ``figsize``
    defaults to the style's 8 × 4.5 inches.

    >>> fig = new_figure((4, 3))
    >>> ax = fig.add_subplot()
    >>> fig.get_size_inches().tolist()
    [4.0, 3.0]
    """
    fig = Figure(figsize=figsize or _RC["figure.figsize"], layout="constrained")
    # Keep the bottom strip free for the source caption.
    set_layout_rect(fig, (0, 0.045, 1, 0.955))
    return fig


def set_layout_rect(fig: Figure, rect: tuple[float, float, float, float]) -> None:
    """Confine a :func:`new_figure`'s constrained layout to ``rect`` (left, bottom, width,
    height in figure fractions), for example to leave room for a longer caption."""
    engine = fig.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine):
        raise TypeError("expected a figure with constrained layout (see new_figure)")
    engine.set(rect=rect)


def _quantized_png(fig: Figure, quantize: Callable[[Any], Any]) -> bytes:
    """Render ``fig`` to PNG, reduce it to a palette with ``quantize``, re-encode."""
    import io

    from PIL import Image

    # Hand the rendered pixels to Pillow directly: the same pixels as
    # savefig(format="png") without encoding a PNG only to decode it again.
    # savefig.dpi and savefig.facecolor are honoured as savefig would.
    dpi = mpl.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else float(dpi)
    facecolor = mpl.rcParams["savefig.facecolor"]
    raw = io.BytesIO()
    fig.savefig(
        raw,
        format="rgba",
        dpi=dpi,
        facecolor=fig.get_facecolor() if facecolor == "auto" else facecolor,
    )
    size = (int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi))
    if len(raw.getvalue()) == size[0] * size[1] * 4:
        image = Image.frombuffer("RGBA", size, raw.getvalue(), "raw", "RGBA", 0, 1)
    else:  # pragma: no cover - a size Agg rounded differently: take the PNG route
        png = io.BytesIO()
        fig.savefig(png, format="png")
        image = Image.open(io.BytesIO(png.getvalue()))
    image = image.convert("RGB")
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
    >>> png = palette_png(outcomes_timeline(na.load_outcomes(), "p1"))  # all four directions
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
