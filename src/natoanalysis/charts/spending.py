"""Charts of defence spending against NATO's guidelines.

The guideline a chart draws (by default the 2% of GDP agreed at Wales in
2014) is read from the guidelines table, never typed into the chart.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._style import (
    NEUTRAL,
    OKABE_ITO,
    add_caption,
    allies_phrase,
    attach_info,
    extreme_text,
    new_figure,
    set_titles,
    source_caption,
    style,
)

__all__ = [
    "ARTICLE_COUNTRIES",
    "ARTICLE_NAMED",
    "allies_meeting",
    "guideline_pct",
    "spending_by_ally",
    "spending_change",
    "spending_series",
]

#: States the article names (Dutch, Hungarian, Romanian, Swedish, US) and
#: Norway, the home of the outgoing Secretary General it names.
ARTICLE_COUNTRIES = ("NLD", "HUN", "ROU", "SWE", "USA", "NOR")

#: The allies the article itself names (Dutch, Hungarian, Romanian, Swedish
#: and US actors), in the order the article first names them.
ARTICLE_NAMED = ("NLD", "HUN", "ROU", "SWE", "USA")

MEETS = OKABE_ITO[0]  # blue, solid: at or above the guideline
BELOW = OKABE_ITO[1]  # orange, hatched: below it
BELOW_HATCH = "////"


def guideline_pct(guidelines: pd.DataFrame, guideline_id: str = "wales_2014_2pct") -> float:
    """The share of GDP, in percent, of one guideline (a row of the guidelines table).

    >>> import natoanalysis as na
    >>> guideline_pct(na.load_guidelines())
    2.0
    >>> guideline_pct(na.load_guidelines(), "hague_2025_core_3_5pct")
    3.5
    """
    rows = guidelines[guidelines["guideline_id"] == guideline_id]
    if rows.empty:
        known = ", ".join(guidelines["guideline_id"].astype(str))
        raise ValueError(f"no guideline {guideline_id!r} (known: {known})")
    row = rows.iloc[0]
    if str(row["share_of"]) != "gdp":
        raise ValueError(f"guideline {guideline_id!r} is a share of {row['share_of']}, not of GDP")
    return float(row["share_pct"])


def _label(guidelines: pd.DataFrame, guideline_id: str) -> str:
    row = guidelines.set_index("guideline_id").loc[guideline_id]
    return f"{float(row['share_pct']):g}% guideline ({row['summit']} {row['agreed_date'].year})"


def allies_meeting(
    spending: pd.DataFrame, threshold: float, year: int
) -> tuple[int, int, list[str]]:
    """(allies at or above ``threshold``, allies with a figure, their ISO codes) for ``year``.

    >>> import natoanalysis as na
    >>> n, of, codes = allies_meeting(na.load_defence_spending(), 2.0, 2014)
    >>> n, of, codes
    (3, 31, ['GBR', 'GRC', 'USA'])
    """
    rows = spending[(spending["year"] == year) & spending["pct_gdp"].notna()]
    meets = rows[rows["pct_gdp"] >= threshold]
    return len(meets), len(rows), sorted(meets["iso3"].astype(str))


def _names(members: pd.DataFrame) -> dict[str, str]:
    return dict(zip(members["iso3"].astype(str), members["name"].astype(str)))


def _missing(rows: pd.DataFrame, names: dict[str, str]) -> dict[str, list[str]]:
    """reason -> names of the allies of ``rows`` without a figure."""
    out: dict[str, list[str]] = {}
    for r in rows[rows["pct_gdp"].isna()].itertuples():
        reason = str(r.missing_reason) if pd.notna(r.missing_reason) else "no_reason_given"
        out.setdefault(reason, []).append(names.get(str(r.iso3), str(r.iso3)))
    return out


def _without(missing: dict[str, list[str]]) -> str:
    """'Iceland has no armed forces and no figure' and the like, for a subtitle."""
    parts = []
    for reason, who in missing.items():
        if reason == "no_armed_forces":
            verb = "has" if len(who) == 1 else "have"
            parts.append(f"{', '.join(who)} {verb} no armed forces and no figure")
        else:
            parts.append(f"no figure for {', '.join(who)} ({reason.replace('_', ' ')})")
    return "; ".join(parts)


def spending_by_ally(
    spending: pd.DataFrame,
    guidelines: pd.DataFrame,
    members: pd.DataFrame,
    *,
    year: int = 2024,
    guideline_id: str = "wales_2014_2pct",
    highlight: Iterable[str] = ARTICLE_COUNTRIES,
    highlight_label: str = "in the story (bold)",
    figsize: tuple[float, float] = (10.0, 8.5),
) -> Figure:
    """Sorted horizontal bars of each ally's spending (% of GDP) in ``year``.

    The guideline line comes from ``guidelines``. Allies at or above it are
    solid blue; allies below are orange and hatched (distinct without colour).
    Allies in ``highlight`` (default :data:`ARTICLE_COUNTRIES`) get a bold
    name and a black outline, explained in the legend by ``highlight_label``.
    An ally without a figure is listed at the bottom with its reason
    (Iceland: no armed forces).
    """
    with style():
        threshold = guideline_pct(guidelines, guideline_id)
        names = _names(members)
        marked = set(highlight)
        rows = spending[spending["year"] == year].copy()
        if rows.empty:
            raise ValueError(f"no defence_spending rows for {year}")
        rows["name"] = rows["iso3"].astype(str).map(names).fillna(rows["iso3"].astype(str))
        have = rows[rows["pct_gdp"].notna()].sort_values(
            ["pct_gdp", "name"], ascending=[True, False]
        )
        lack = rows[rows["pct_gdp"].isna()].sort_values("name", ascending=False)
        order = pd.concat([lack, have])
        fig = new_figure(figsize)
        ax = fig.add_subplot()
        ys = range(len(order))
        for y, r in zip(ys, order.itertuples()):
            code = str(r.iso3)
            edge = "#000000" if code in marked else "none"
            if pd.isna(r.pct_gdp):
                reason = (
                    str(r.missing_reason).replace("_", " ") if pd.notna(r.missing_reason) else ""
                )
                ax.text(0.03, y, f"no figure: {reason}", va="center", fontsize=9, color="#555555")
                continue
            meets = r.pct_gdp >= threshold
            ax.barh(
                y,
                r.pct_gdp,
                height=0.72,
                color=MEETS if meets else BELOW,
                hatch=None if meets else BELOW_HATCH,
                edgecolor=edge if code in marked else ("white" if not meets else "none"),
                linewidth=1.4 if code in marked else 0.0,
            )
            ax.text(
                r.pct_gdp + 0.04, y, f"{r.pct_gdp:.2f}", va="center", fontsize=9, color="#333333"
            )
        ax.set_yticks(list(ys), order["name"].tolist(), fontsize=9.5)
        for tick, code in zip(ax.get_yticklabels(), order["iso3"].astype(str)):
            if code in marked:
                tick.set_fontweight("bold")
        ax.set_ylim(-0.6, len(order) - 0.4)
        ax.axvline(threshold, color="#222222", linestyle="--", linewidth=1.2, zorder=3)
        ax.set_xlim(0, float(have["pct_gdp"].max()) * 1.1)
        ax.grid(axis="y", visible=False)
        n, of, _ = allies_meeting(spending, threshold, year)
        estimate = bool(rows["is_estimate"].fillna(False).all())
        missing = _missing(rows, names)
        title = (
            f"{n} of {allies_phrase(of, len(rows), missing)} spent at least {threshold:g}% of "
            f"GDP on defence in {year}"
        )
        without = _without(missing)
        set_titles(
            fig,
            title,
            f"Defence expenditure as a share of GDP, {year} (%"
            + (", NATO estimates" if estimate else "")
            + f"); dashed line: the {_label(guidelines, guideline_id)}"
            + (f". {without[0].upper()}{without[1:]}" if without else ""),
        )
        ax.set_xlabel("Defence expenditure, % of GDP")
        ax.set_ylabel(f"Ally (sorted by {year} share)")
        handles = [
            Patch(facecolor=MEETS, label=f"at or above {threshold:g}% ({n})"),
            Patch(
                facecolor=BELOW,
                hatch=BELOW_HATCH,
                edgecolor="white",
                label=f"below {threshold:g}% ({of - n})",
            ),
            Line2D([], [], color="#222222", linestyle="--", label=_label(guidelines, guideline_id)),
        ]
        if marked & set(order["iso3"].astype(str)):
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor="#000000",
                    linewidth=1.4,
                    label=highlight_label,
                )
            )
        ax.legend(handles=handles, loc="lower right", fontsize=9.5, frameon=True, framealpha=0.95)
        add_caption(fig, source_caption(rows["source_id"]))
        attach_info(
            fig,
            title=f"Defence spending by ally, {year}",
            alt=f"Bar chart: {title}; {extreme_text(have['pct_gdp'], have['name'], 'highest')}, "
            f"{extreme_text(have['pct_gdp'], have['name'], 'lowest')}"
            + (f". {without[0].upper()}{without[1:]}" if without else ""),
        )
    return fig


def spending_change(
    spending: pd.DataFrame,
    guidelines: pd.DataFrame,
    members: pd.DataFrame,
    *,
    start: int = 2014,
    end: int = 2024,
    guideline_id: str = "wales_2014_2pct",
    highlight: Iterable[str] = ARTICLE_COUNTRIES,
    figsize: tuple[float, float] = (10.0, 8.5),
) -> Figure:
    """Dumbbell chart: each ally's spending in ``start`` (hollow) and ``end`` (filled).

    Rows are sorted by the ``end`` value; the guideline line comes from
    ``guidelines``, and the title and legend count the allies at or above it
    in each year, computed from ``spending``. Filled dots are blue circles at
    or above the guideline and orange squares below it.
    """
    with style():
        threshold = guideline_pct(guidelines, guideline_id)
        names = _names(members)
        marked = set(highlight)
        wide = (
            spending[spending["year"].isin([start, end])]
            .pivot(index="iso3", columns="year", values="pct_gdp")
            .dropna()
            .sort_values([end, start])
        )
        if wide.empty:
            raise ValueError(f"no ally has figures for both {start} and {end}")
        fig = new_figure(figsize)
        ax = fig.add_subplot()
        ys = list(range(len(wide)))
        a = wide[start].astype(float)
        b = wide[end].astype(float)
        ax.hlines(ys, a, b, color="#BBBBBB", linewidth=2.0, zorder=1)
        ax.scatter(a, ys, s=34, facecolor="white", edgecolor=NEUTRAL, linewidth=1.4, zorder=2)
        up = (b >= threshold).to_numpy()
        yv = pd.Series(ys)
        ax.scatter(b[up], yv[up], s=40, color=MEETS, marker="o", zorder=3)
        ax.scatter(b[~up], yv[~up], s=40, color=BELOW, marker="s", zorder=3)
        ax.axvline(threshold, color="#222222", linestyle="--", linewidth=1.2, zorder=0)
        labels = [names.get(c, c) for c in wide.index]
        ax.set_yticks(ys, labels, fontsize=9.5)
        for tick, code in zip(ax.get_yticklabels(), wide.index):
            if code in marked:
                tick.set_fontweight("bold")
        ax.set_ylim(-0.6, len(ys) - 0.4)
        ax.grid(axis="y", visible=False)
        n0, of0, _ = allies_meeting(spending, threshold, start)
        n1, of1, _ = allies_meeting(spending, threshold, end)
        last = spending[spending["year"] == end]
        title = (
            f"Allies spending at least {threshold:g}% of GDP on defence: {n0} in {start}, "
            f"{n1} in {end}, of {allies_phrase(of1, len(last), _missing(last, names))}"
        )
        set_titles(
            fig,
            title,
            f"Defence expenditure as a share of GDP (%), {start} (hollow) and {end} (filled); "
            f"dashed line: the {_label(guidelines, guideline_id)}",
        )
        ax.set_xlabel("Defence expenditure, % of GDP")
        ax.set_ylabel(f"Ally (sorted by {end} share)")
        missing = sorted(set(spending.loc[spending["year"] == end, "iso3"]) - set(wide.index))
        handles = [
            Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
                   markeredgecolor=NEUTRAL, markersize=7,
                   label=f"{start}: {n0} of {of0} at or above {threshold:g}%"),
            Line2D([], [], marker="o", linestyle="none", color=MEETS, markersize=7,
                   label=f"{end}: {n1} of {of1} at or above"),
            Line2D([], [], marker="s", linestyle="none", color=BELOW, markersize=7,
                   label=f"{end}: below ({of1 - n1})"),
            Line2D([], [], color="#222222", linestyle="--", label=_label(guidelines, guideline_id)),
        ]  # fmt: skip
        ax.legend(handles=handles, loc="lower right", fontsize=9.5, frameon=True, framealpha=0.95)
        if missing:
            ax.annotate(
                "Not shown (no figure): " + ", ".join(names.get(c, c) for c in missing),
                (1.0, 1.0),
                xycoords="axes fraction",
                ha="right",
                va="bottom",
                fontsize=9,
                color="#555555",
            )
        sources = spending.loc[spending["year"].isin([start, end]), "source_id"]
        add_caption(fig, source_caption(sources))
        gain = (b - a).sort_values()
        attach_info(
            fig,
            title=f"Defence spending, {start} and {end}",
            alt=f"Dot chart: {title}. Largest rise: {names.get(gain.index[-1], gain.index[-1])}, "
            f"from {a[gain.index[-1]]:.2f}% to {b[gain.index[-1]]:.2f}%",
        )
    return fig


def spending_series(
    spending: pd.DataFrame,
    guidelines: pd.DataFrame,
    members: pd.DataFrame,
    *,
    allies: Iterable[str] = ARTICLE_NAMED,
    value: str = "latest_pct_gdp",
    guideline_id: str = "wales_2014_2pct",
    ncols: int = 3,
    figsize: tuple[float, float] = (12.0, 7.0),
) -> Figure:
    """Small multiples of the annual series: one panel per ally in ``allies``.

    Each panel draws that ally's share of GDP year by year (``value``: by
    default ``latest_pct_gdp``, the one NATO release that covers every year,
    so revisions do not show up as jumps) in blue over every other ally in
    light grey, with the guideline from ``guidelines`` dashed. The first
    and last points are labelled with their values; estimates (the last two
    years of that release) are drawn hollow. The title counts, from the
    data, how many of the allies shown were at or above the guideline in the
    first and last year; the caption names the release and every ally the
    chart could not draw.

    >>> import natoanalysis as na
    >>> fig = spending_series(
    ...     na.load_defence_spending(), na.load_guidelines(), na.load_members()
    ... )
    >>> [ax.get_title(loc="left") for ax in fig.axes][:2]
    ['Netherlands', 'Hungary']
    """
    allies = list(dict.fromkeys(allies))
    if not allies:
        raise ValueError("no allies to draw")
    if value not in spending.columns:
        raise ValueError(f"defence_spending has no column {value!r}")
    release_col = "latest_release_date" if value == "latest_pct_gdp" else "release_date"
    names = _names(members)
    unknown = [c for c in allies if c not in set(spending["iso3"].astype(str))]
    if unknown:
        raise ValueError(f"no defence_spending rows for {', '.join(unknown)}")
    with style():
        threshold = guideline_pct(guidelines, guideline_id)
        data = spending[spending[value].notna()]
        wide = data.pivot(index="year", columns="iso3", values=value).astype(float).sort_index()
        if value == "latest_pct_gdp":
            # NATO's release marks its last two years (the current one and the one
            # before) as estimates.
            est_years = set(sorted(wide.index)[-2:])
        else:
            flagged = data.groupby("year")["is_estimate"].all()
            est_years = {int(y) for y, e in flagged.items() if bool(e)}
        first, last = int(wide.index.min()), int(wide.index.max())
        top = float(wide.max().max())
        nrows = -(-len(allies) // ncols)
        fig = new_figure(figsize)
        axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False).ravel()
        met_first = met_last = 0
        for ax, code in zip(axes, allies):
            for other in wide.columns:
                if other != code:
                    ax.plot(wide.index, wide[other], color="#D9D9D9", linewidth=0.8, zorder=1)
            ax.axhline(threshold, color="#222222", linestyle="--", linewidth=1.0, zorder=2)
            ax.set_title(names.get(code, code), loc="left", fontsize=11.5)
            if code not in wide.columns:
                ax.text(0.5, 0.5, "no figure", transform=ax.transAxes, ha="center", color="#555555")
                continue
            series = wide[code].dropna()
            ax.plot(series.index, series.values, color=MEETS, linewidth=2.4, zorder=3)
            solid = [y for y in series.index if y not in est_years]
            hollow = [y for y in series.index if y in est_years]
            ax.scatter(solid, series[solid], s=16, color=MEETS, zorder=4)
            ax.scatter(hollow, series[hollow], s=22, facecolor="white", edgecolor=MEETS, zorder=4)
            y0, y1 = int(series.index.min()), int(series.index.max())
            met_first += bool(series[y0] >= threshold) if y0 == first else 0
            met_last += bool(series[y1] >= threshold) if y1 == last else 0
            ax.annotate(
                f"{series[y0]:.2f}",
                (y0, series[y0]),
                xytext=(0, 7),
                textcoords="offset points",
                ha="left",
                fontsize=8.5,
                color="#333333",
            )
            ax.annotate(f"{series[y1]:.2f}", (y1, series[y1]), xytext=(0, 7),
                        textcoords="offset points", ha="right", fontsize=8.5, color="#333333",
                        fontweight="bold")  # fmt: skip
        for ax in axes[len(allies) :]:
            ax.axis("off")
        legend_ax = axes[len(allies)] if len(allies) < len(axes) else axes[0]
        handles = [
            Line2D([], [], color=MEETS, linewidth=2.4, marker="o", markersize=4,
                   label="ally named in the article"),
            Line2D([], [], color=MEETS, linestyle="none", marker="o", markerfacecolor="white",
                   markersize=5, label=f"NATO estimate ({', '.join(map(str, sorted(est_years)))})"),
            Line2D([], [], color="#D9D9D9", linewidth=1.2, label="every other ally"),
            Line2D([], [], color="#222222", linestyle="--", label=_label(guidelines, guideline_id)),
        ]  # fmt: skip
        legend_ax.legend(handles=handles, loc="center left", fontsize=9.5, frameon=False)
        axes[0].set_ylim(0, top * 1.08)
        axes[0].set_xlim(first - 0.4, last + 0.4)
        ticks = [y for y in range(first, last + 1) if (y - first) % 3 == 0]
        if last not in ticks:
            ticks.append(last)
        for ax in axes[: len(allies)]:
            ax.set_xticks(ticks, [str(t) for t in ticks], fontsize=8.5)
            ax.tick_params(axis="x", labelbottom=True)
            ax.tick_params(axis="y", labelsize=8.5)
        for i, ax in enumerate(axes[: len(allies)]):
            if i % ncols == 0:
                ax.set_ylabel("% of GDP")
        n = len(allies)
        title = (
            f"Of the {n} allies the article names, {met_first} spent at least {threshold:g}% "
            f"of GDP on defence in {first}, {met_last} in {last}"
        )
        releases = data.loc[data["iso3"].isin(wide.columns), release_col].dropna().unique()
        when = ", ".join(pd.Timestamp(r).strftime("%d %B %Y") for r in sorted(releases))
        left_out = sorted(set(spending["iso3"].astype(str)) - set(wide.columns))
        gaps = spending[spending[value].isna() & ~spending["iso3"].isin(left_out)]
        gap_text = "; ".join(
            f"{names.get(str(r.iso3), r.iso3)} {int(r.year)}" for r in gaps.itertuples()
        )
        set_titles(
            fig,
            title,
            f"Defence expenditure as a share of GDP (%), {first}–{last}, every ally in one NATO "
            f"release (published {when})."
            + (f" No figure: {', '.join(names.get(c, c) for c in left_out)}" if left_out else "")
            + (f"; {gap_text}" if gap_text else "")
            + ".",
        )
        cited = data.loc[data["iso3"].isin(wide.columns), "source_id"]
        if value == "latest_pct_gdp":
            # The series is one release: the one the table's latest year cites.
            cited = cited[data["year"] == last]
        add_caption(fig, source_caption(cited, spending["source_id"].attrs.get("sources")))
        ends = "; ".join(
            f"{names.get(c, c)} {wide[c].dropna().iloc[0]:.2f}% in {int(wide[c].dropna().index[0])}"
            f" and {wide[c].dropna().iloc[-1]:.2f}% in {int(wide[c].dropna().index[-1])}"
            for c in allies
            if c in wide.columns
        )
        attach_info(
            fig,
            title="Defence spending of the allies in the article, year by year",
            alt=f"Line charts in {n} panels: {title}. {ends}",
        )
    return fig
