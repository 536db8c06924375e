"""Maps of the alliance, drawn with matplotlib alone from the shipped country shapes.

Two panels share one figure: North America (with Greenland) and Europe, each
in an Albers equal-area conic projection computed here with numpy (no
cartographic library is needed at run time). Shapes come from
:func:`natoanalysis.load_country_shapes`; a dependency such as Greenland is
drawn as its sovereign state (``sovereign_iso3``). A map's title spans both
panels, so it is the figure's ``suptitle``; its legend sits in the axes
below North America.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from ._style import (
    add_caption,
    allies_phrase,
    attach_info,
    extreme_text,
    new_figure,
    set_titles,
    source_caption,
    style,
)
from .spending import guideline_pct

__all__ = ["PANELS", "WAVE_COLOURS", "Panel", "albers", "alliance_map", "spending_map"]

LAND = "#E9E9E9"  # non-members
SEA = "#F4F8FB"
BORDER = "#FFFFFF"
NO_DATA = "#BDBDBD"


def albers(
    lon: np.ndarray,
    lat: np.ndarray,
    *,
    lon0: float,
    lat0: float,
    parallels: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic projection of degrees to unit-sphere coordinates.

    >>> x, y = albers(np.array([15.0]), np.array([52.0]), lon0=15, lat0=52, parallels=(43, 62))
    >>> float(abs(x[0])) < 1e-12 and float(abs(y[0])) < 1e-12
    True
    """
    phi1, phi2 = np.radians(parallels)
    n = (np.sin(phi1) + np.sin(phi2)) / 2
    c = np.cos(phi1) ** 2 + 2 * n * np.sin(phi1)
    rho0 = np.sqrt(c - 2 * n * np.sin(np.radians(lat0))) / n
    theta = n * np.radians(np.asarray(lon, dtype=float) - lon0)
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(np.asarray(lat, dtype=float)))) / n
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


@dataclass(frozen=True)
class Panel:
    """One map panel: its projection and the longitude/latitude frame it shows."""

    name: str
    lon0: float
    lat0: float
    parallels: tuple[float, float]
    frame: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    parts: tuple[float, float]  # polygons whose centre longitude falls here are drawn

    def project(self, lonlat: np.ndarray) -> np.ndarray:
        x, y = albers(
            lonlat[:, 0], lonlat[:, 1], lon0=self.lon0, lat0=self.lat0, parallels=self.parallels
        )
        return np.column_stack([x, y])

    def limits(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Projected x and y limits that show the whole frame."""
        lo_x, lo_y, hi_x, hi_y = self.frame
        t = np.linspace(0, 1, 50)
        edge = np.concatenate(
            [
                np.column_stack([lo_x + (hi_x - lo_x) * t, np.full_like(t, lo_y)]),
                np.column_stack([lo_x + (hi_x - lo_x) * t, np.full_like(t, hi_y)]),
                np.column_stack([np.full_like(t, lo_x), lo_y + (hi_y - lo_y) * t]),
                np.column_stack([np.full_like(t, hi_x), lo_y + (hi_y - lo_y) * t]),
            ]
        )
        xy = self.project(edge)
        return (xy[:, 0].min(), xy[:, 0].max()), (xy[:, 1].min(), xy[:, 1].max())


#: The two panels every alliance map draws. Frames leave out far islands
#: (Hawaii, the Azores, the Canaries, Svalbard), as maps of Europe usually do.
PANELS = (
    Panel("North America (smaller scale)", lon0=-85.0, lat0=55.0, parallels=(40.0, 65.0),
          frame=(-165.0, 25.0, -20.0, 83.5), parts=(-180.0, -30.0)),
    Panel("Europe", lon0=12.0, lat0=52.0, parallels=(40.0, 64.0),
          frame=(-24.0, 35.5, 45.5, 72.0), parts=(-30.0, 180.0)),
)  # fmt: skip


def _path(polygons: list[list[np.ndarray]], panel: Panel) -> Path:
    verts, codes = [], []
    for poly in polygons:
        for ring in poly:
            xy = panel.project(ring)
            verts.append(xy)
            codes.append(
                np.r_[Path.MOVETO, np.full(len(xy) - 2, Path.LINETO), Path.CLOSEPOLY].astype(
                    Path.code_type
                )
            )
    return Path(np.concatenate(verts), np.concatenate(codes))


@dataclass(frozen=True)
class _Style:
    facecolor: str
    hatch: str | None = None
    edgecolor: str = BORDER


def _label_point(polygons: list[list[np.ndarray]], panel: Panel) -> tuple[float, float, float]:
    """A point inside the largest polygon (projected) and the width available there.

    Horizontal lines at several heights cut the polygon's exterior; the
    midpoint of the widest inside segment wins.
    """
    areas = []
    for poly in polygons:
        q = panel.project(poly[0])
        areas.append(abs(np.dot(q[:-1, 0], q[1:, 1]) - np.dot(q[1:, 0], q[:-1, 1])) / 2)
    xy = panel.project(polygons[int(np.argmax(areas))][0])
    a, b = xy[:-1], xy[1:]
    lo, hi = xy[:, 1].min(), xy[:, 1].max()
    best = (float(xy[:, 0].mean()), float((lo + hi) / 2), 0.0)
    for f in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        y = lo + f * (hi - lo)
        cross = (a[:, 1] - y) * (b[:, 1] - y) < 0
        if not cross.any():
            continue
        t = (y - a[cross, 1]) / (b[cross, 1] - a[cross, 1])
        xs = np.sort(a[cross, 0] + t * (b[cross, 0] - a[cross, 0]))
        pairs = xs[: len(xs) // 2 * 2].reshape(-1, 2)
        widths = pairs[:, 1] - pairs[:, 0]
        k = int(np.argmax(widths))
        if widths[k] > best[2] * 1.25:  # prefer central lines unless clearly wider
            best = (float(pairs[k].mean()), float(y), float(widths[k]))
    return best


def _draw(
    fig: Figure,
    shapes: pd.DataFrame,
    style_of: Callable[[str], _Style | None],
    *,
    labels: dict[str, str] | None = None,
    panels: tuple[Panel, ...] = PANELS,
) -> tuple[list[Axes], Axes]:
    """Draw every shape on every panel; ``style_of(sovereign_iso3)`` styles members.

    Returns the map axes and an empty axes (below North America) for the
    legend. ``labels`` maps an ISO code to a short text written inside the
    country where it fits.
    """
    grid = fig.add_gridspec(2, 2, width_ratios=[0.9, 1.25], height_ratios=[1.0, 0.95])
    slots = [grid[0, 0], grid[:, 1]]
    axes = []
    for slot, panel in zip(slots, panels):
        ax = fig.add_subplot(slot)
        ax.set_facecolor(SEA)
        (x0, x1), (y0, y1) = panel.limits()
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        for row in shapes.itertuples():
            polygons = [
                p
                for p in row.polygons
                if panel.parts[0] <= (p[0][:, 0].min() + p[0][:, 0].max()) / 2 < panel.parts[1]
            ]
            if not polygons:
                continue
            sov = row.sovereign_iso3 if isinstance(row.sovereign_iso3, str) else ""
            st = style_of(sov) or _Style(LAND)
            # add_artist, not add_patch: the limits are fixed above, and
            # add_patch would walk every Bézier segment of the outline to
            # update data limits nobody reads (two thirds of the map's cost).
            ax.add_artist(
                PathPatch(
                    _path(polygons, panel),
                    facecolor=st.facecolor,
                    edgecolor=st.edgecolor,
                    linewidth=0.5,
                    hatch=st.hatch,
                )
            )
            code = row.iso3 if isinstance(row.iso3, str) else ""
            if labels and code in labels and code == sov:
                _write_label(ax, fig, labels[code], polygons, panel, st.facecolor)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(True)
            ax.spines[side].set_color("#CCCCCC")
        ax.set_xlabel(panel.name, fontsize=9.5, color="#555555", labelpad=2)
        axes.append(ax)
    legend_ax = fig.add_subplot(grid[1, 0])
    legend_ax.axis("off")
    return axes, legend_ax


def _write_label(
    ax: Axes, fig: Figure, text: str, polygons: list[list[np.ndarray]], panel: Panel, face: str
) -> None:
    """Write ``text`` inside the country if it fits, in black or white for contrast."""
    x, y, width = _label_point(polygons, panel)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if not (x0 < x < x1 and y0 < y < y1):
        return
    # Points per data unit, from the slot the map fills (equal aspect).
    bbox = ax.get_position()
    scale = min(
        bbox.width * fig.get_figwidth() * 72 / (x1 - x0),
        bbox.height * fig.get_figheight() * 72 / (y1 - y0),
    )
    needed = (len(text) * 7.5 * 0.55 + 1) / scale
    if width < needed:
        return
    r, g, b = mpl.colors.to_rgb(face)
    light = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=7.5,
        color="#111111" if light else "#FFFFFF",
        zorder=5,
        # A box in the fill colour keeps the text legible over hatching.
        bbox={"boxstyle": "round,pad=0.12", "facecolor": face, "edgecolor": "none"},
    )


#: Qualitative colours for the enlargement waves, in time order: Okabe–Ito
#: and Paul Tol's "muted" scheme, ordered so that waves whose allies border
#: each other (the founders and Germany, 2004 and 2009, Finland and Sweden)
#: get clearly different hues.
WAVE_COLOURS = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#882255",  # wine
    "#F0E442",  # yellow
    "#332288",  # indigo
    "#44AA99",  # teal
    "#DDCC77",  # sand
    "#999933",  # olive
    "#AA4499",  # purple
)


def _wave_colours(waves: list[object]) -> dict[str, str]:
    """One distinct colour per wave, in time order (a qualitative palette: waves are
    categories, and a sequential scale made neighbouring waves indistinguishable)."""
    return {str(w): WAVE_COLOURS[i % len(WAVE_COLOURS)] for i, w in enumerate(waves)}


def alliance_map(
    members: pd.DataFrame,
    shapes: pd.DataFrame,
    *,
    figsize: tuple[float, float] = (10.0, 7.0),
) -> Figure:
    """Map of the allies, coloured by the enlargement wave in which each joined.

    ``members`` is :func:`natoanalysis.load_members` (``iso3``, ``wave``,
    ``source_id``); ``shapes`` is :func:`natoanalysis.load_country_shapes`.
    Each wave has its own colour from a qualitative palette
    (:data:`WAVE_COLOURS`), and each ally large enough to hold it carries its
    year of accession; the legend counts the allies of each wave and names
    every one of them by ISO code, so small allies are named too.
    """
    with style():
        wave_cat = members["wave"]
        waves = (
            list(wave_cat.cat.categories)
            if isinstance(wave_cat.dtype, pd.CategoricalDtype)
            else sorted(wave_cat.unique())
        )
        waves = [w for w in waves if (members["wave"] == w).any()]
        colours = _wave_colours(waves)
        wave_of = dict(zip(members["iso3"].astype(str), members["wave"].astype(str)))

        def style_of(iso3: str) -> _Style | None:
            wave = wave_of.get(iso3)
            return _Style(colours[wave]) if wave else None

        fig = new_figure(figsize)
        year_of = dict(zip(members["iso3"].astype(str), members["accession_date"].dt.year))
        _, legend_ax = _draw(fig, shapes, style_of, labels={k: str(v) for k, v in year_of.items()})
        handles = []
        for w in waves:
            codes = sorted(members.loc[members["wave"] == w, "iso3"].astype(str))
            label = f"{w}: {len(codes)}" + (" founders" if w == waves[0] else "")
            listed = ", ".join(codes)
            if len(codes) > 4:  # two lines, so the legend stays narrow
                half = (len(codes) + 1) // 2
                listed = ", ".join(codes[:half]) + ",\n" + ", ".join(codes[half:])
            label += f" ({listed})"
            handles.append(Patch(facecolor=colours[str(w)], edgecolor="none", label=label))
        handles.append(Patch(facecolor=LAND, edgecolor="#BBBBBB", label="not a member"))
        legend_ax.legend(
            handles=handles,
            title="Joined in (allies)",
            loc="upper left",
            fontsize=8.5,
            title_fontsize=9.5,
            frameon=True,
            framealpha=0.92,
            edgecolor="#DDDDDD",
        )
        n = len(members)
        sizes = members.groupby("wave", observed=True)["iso3"].size()
        later = sizes.drop(index=waves[0])
        founders = int(sizes.loc[waves[0]])
        title = f"The {n} allies: {founders} founders and {len(waves) - 1} enlargements"
        if len(later):
            title += f"; the largest, in {later.idxmax()}, added {int(later.max())}"
        set_titles(
            fig,
            title,
            "Allies coloured by the enlargement in which they joined; the year is written in "
            "each ally large enough to hold it, and the legend names every ally",
        )
        add_caption(
            fig,
            source_caption(members["source_id"])
            + " Outlines: Natural Earth (public domain), simplified.",
        )
        attach_info(
            fig,
            title="The alliance by enlargement wave",
            alt=f"Map of North America and Europe: {title}. Joined: "
            + "; ".join(
                f"{w}: " + ", ".join(sorted(members.loc[members["wave"] == w, "name"].astype(str)))
                for w in waves
            ),
        )
    return fig


def _spending_bins(threshold: float) -> list[tuple[float, float, str]]:
    """(low, high, label) bins around the guideline, in percent of GDP."""
    edges = [0.0, threshold - 0.5, threshold, threshold + 0.5, threshold + 1.0, np.inf]
    labels = [
        f"under {edges[1]:g}%",
        f"{edges[1]:g}% to under {edges[2]:g}%",
        f"{edges[2]:g}% to under {edges[3]:g}%",
        f"{edges[3]:g}% to under {edges[4]:g}%",
        f"{edges[4]:g}% or more",
    ]
    return [(edges[i], edges[i + 1], labels[i]) for i in range(5)]


# Two warm shades below the guideline, three cool ones above (ColorBrewer PuOr,
# safe for colour-vision deficiency); below-guideline bins are also hatched.
_BIN_COLOURS = ("#E08214", "#FDB863", "#B2ABD2", "#8073AC", "#542788")


def spending_map(
    spending: pd.DataFrame,
    guidelines: pd.DataFrame,
    members: pd.DataFrame,
    shapes: pd.DataFrame,
    *,
    year: int = 2024,
    guideline_id: str = "wales_2014_2pct",
    figsize: tuple[float, float] = (10.0, 6.0),
) -> Figure:
    """Map of the allies coloured by defence spending as a share of GDP in ``year``.

    Bins are placed around the guideline taken from ``guidelines`` (never a
    literal): two below it (warm colours, hatched) and three at or above it
    (cool colours). Allies without a figure are grey and labelled with the
    reason from ``missing_reason`` (Iceland: no armed forces).
    """
    with style():
        threshold = guideline_pct(guidelines, guideline_id)
        g = guidelines.set_index("guideline_id").loc[guideline_id]
        rows = spending[spending["year"] == year]
        if rows.empty:
            raise ValueError(f"no defence_spending rows for {year}")
        bins = _spending_bins(threshold)
        styles: dict[str, _Style] = {}
        counts = [0] * len(bins)
        missing: dict[str, list[str]] = {}
        for r in rows.itertuples():
            if pd.isna(r.pct_gdp):
                reason = str(r.missing_reason) if pd.notna(r.missing_reason) else "no figure"
                missing.setdefault(reason, []).append(str(r.iso3))
                hatch = "xxx" if reason == "no_armed_forces" else "..."
                styles[str(r.iso3)] = _Style(NO_DATA, hatch, "#FFFFFF")
                continue
            for i, (lo, hi, _) in enumerate(bins):
                if lo <= r.pct_gdp < hi:
                    counts[i] += 1
                    below = r.pct_gdp < threshold
                    styles[str(r.iso3)] = _Style(_BIN_COLOURS[i], "////" if below else None)
                    break

        fig = new_figure(figsize)
        values = {str(r.iso3): f"{r.pct_gdp:.2f}" for r in rows.itertuples() if pd.notna(r.pct_gdp)}
        _, legend_ax = _draw(fig, shapes, styles.get, labels=values)
        handles = [
            Patch(
                facecolor=_BIN_COLOURS[i],
                hatch="////" if hi <= threshold else None,
                edgecolor="#FFFFFF",
                label=f"{label} ({counts[i]})",
            )
            for i, (lo, hi, label) in enumerate(bins)
        ]
        reason_label = {
            "no_armed_forces": "no armed forces, no figure",
            "not_in_release": "no figure in NATO's release",
            "published_value_not_found": "figure not found in sources",
        }
        for reason, codes in missing.items():
            handles.append(
                Patch(
                    facecolor=NO_DATA,
                    hatch="xxx" if reason == "no_armed_forces" else "...",
                    edgecolor="#FFFFFF",
                    label=f"{reason_label.get(reason, reason)} ({', '.join(sorted(codes))})"
                    if len(codes) <= 3
                    else f"{reason_label.get(reason, reason)} ({len(codes)})",
                )
            )
        handles.append(Patch(facecolor=LAND, edgecolor="#BBBBBB", label="not a member"))
        estimate = bool(rows["is_estimate"].fillna(False).all())
        legend_ax.legend(
            handles=handles,
            title=f"Defence spending, % of GDP, {year}{' (estimate)' if estimate else ''}",
            loc="upper left",
            fontsize=8.5,
            title_fontsize=9,
            frameon=True,
            framealpha=0.92,
            edgecolor="#DDDDDD",
        )
        at = int((rows["pct_gdp"] >= threshold).sum())
        have = int(rows["pct_gdp"].notna().sum())
        title = (
            f"{at} of {allies_phrase(have, len(rows), missing)} spent at least "
            f"{threshold:g}% of GDP on defence in {year}"
        )
        set_titles(
            fig,
            title,
            f"Defence expenditure as a share of GDP, {year} (%), against the {threshold:g}% "
            f"guideline ({g['summit']} {g['agreed_date'].year}); allies below it are hatched",
        )
        add_caption(
            fig,
            source_caption(rows["source_id"]) + " Outlines: Natural Earth (public domain).",
        )
        named = dict(zip(members["iso3"].astype(str), members["name"].astype(str)))
        ranked = rows.dropna(subset=["pct_gdp"]).assign(
            name=lambda d: d["iso3"].astype(str).map(named)
        )
        attach_info(
            fig,
            title=f"Map of defence spending, {year}",
            alt=f"Map of North America and Europe: {title}. "
            f"{extreme_text(ranked['pct_gdp'], ranked['name'], 'highest')}; "
            f"{extreme_text(ranked['pct_gdp'], ranked['name'], 'lowest')}"
            + "".join(
                f". No figure ({reason.replace('_', ' ')}): "
                + ", ".join(named.get(c, c) for c in sorted(codes))
                for reason, codes in missing.items()
            ),
        )
    return fig
