"""Charts of what came of the article's priorities: outcome timelines and 2025 spending.

A development's direction (advanced, mixed, no change, set back) is shown by
colour *and* by marker shape, so the charts read in greyscale and for every
common form of colour-vision deficiency. The spending thresholds (the 2%
guideline, the 3.5% core commitment) are read from the guidelines table.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..fmt import fmt_day
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
    table_as_of,
)
from .spending import guideline_pct

__all__ = [
    "DIRECTIONS",
    "DIRECTION_STYLES",
    "direction_counts",
    "outcomes_by_direction",
    "outcomes_timeline",
    "spending_against_commitments",
]

#: The outcome directions, from the priority's point of view, in display order.
DIRECTIONS = ("advanced", "mixed", "no change", "set back")

#: direction -> (colour, marker, bar hatch): Okabe–Ito colours plus a distinct
#: marker shape and hatch, so that no reader depends on colour alone.
DIRECTION_STYLES: dict[str, tuple[str, str, str]] = {
    "advanced": (OKABE_ITO[0], "^", ""),  # blue, triangle up
    "mixed": (OKABE_ITO[4], "D", "xx"),  # reddish purple, diamond
    "no change": (NEUTRAL, "o", ".."),  # grey, circle
    "set back": (OKABE_ITO[3], "v", "////"),  # vermillion, triangle down
}


def direction_counts(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcomes per priority (rows) and direction (columns, every direction present).

    >>> import natoanalysis as na
    >>> counts = direction_counts(na.load_outcomes())
    >>> list(counts.columns)
    ['advanced', 'mixed', 'no change', 'set back']
    >>> int(counts.loc["p4", "advanced"]) >= 1
    True
    """
    table = pd.crosstab(outcomes["priority_id"].astype(str), outcomes["direction"].astype(str))
    return table.reindex(columns=list(DIRECTIONS), fill_value=0).astype(int)


def _priority_text(priorities: pd.DataFrame | None, priority_id: str) -> str | None:
    if priorities is None:
        return None
    rows = priorities[priorities["priority_id"] == priority_id]
    return None if rows.empty else str(rows["text"].iloc[0])


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def outcomes_timeline(
    outcomes: pd.DataFrame,
    priority_id: str,
    priorities: pd.DataFrame | None = None,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    title: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Dated timeline of the outcomes of one priority, one row per development.

    ``outcomes`` is :func:`natoanalysis.load_outcomes`; ``priorities``
    (:func:`natoanalysis.load_priorities`, optional) supplies the article's
    words for the title. Rows run in date order from the top. Each marker's
    colour and shape give the direction (:data:`DIRECTION_STYLES`); a date
    known only to the month (or year) is drawn as a bar across that period
    with a hollow marker in its middle. A dotted line marks the end of the
    article's publication window (from ``outcomes.attrs``); the axis runs
    from just before it to just after the last development (override with
    ``start``/``end``), and the subtitle gives the data's as-of date. The
    title counts the developments that advanced and set back the priority;
    the legend lists only the directions that occur.

    >>> import natoanalysis as na
    >>> fig = outcomes_timeline(na.load_outcomes(), "p4")
    >>> len(fig.axes[0].get_yticklabels()) == int((na.load_outcomes()["priority_id"] == "p4").sum())
    True
    """
    rows = outcomes[outcomes["priority_id"] == priority_id]
    if rows.empty:
        known = ", ".join(sorted(outcomes["priority_id"].astype(str).unique()))
        raise ValueError(f"no outcomes for priority {priority_id!r} (known: {known})")
    rows = rows.sort_values(["event_date", "outcome_id"]).reset_index(drop=True)
    window = outcomes.attrs.get("article_published_window")
    if window is None and start is None:
        raise ValueError(
            "outcomes carries no article window in .attrs: load it with "
            "natoanalysis.load_outcomes, or pass start="
        )
    published = pd.Timestamp(window[1]) if window is not None else None
    lo = pd.Timestamp(start) if start is not None else published - pd.Timedelta(days=20)
    as_of = table_as_of(outcomes) if end is None else pd.Timestamp(end)
    if end is not None:
        hi = pd.Timestamp(end)
    else:
        # Just past the last development, leaving room for its date label:
        # the as-of date can lie months later, and an empty stretch says nothing.
        last = pd.concat([rows["event_date"], rows["end_date"]]).max()
        hi = min(as_of, last + (last - lo) * 0.24)
        # The last tick (1 Jan, Apr, Jul, Oct) keeps room for its label inside the
        # axes: a label hanging past the edge would keep the layout from settling.
        tick = pd.Timestamp(year=hi.year, month=(hi.month - 1) // 3 * 3 + 1, day=1)
        hi = max(hi, tick + pd.Timedelta(days=50))
    counts = rows["direction"].astype(str).value_counts()
    n = len(rows)
    with style():
        fig = new_figure(figsize or (9.4, 2.1 + 0.3 * n))
        ax = fig.add_subplot()
        for i, r in rows.iterrows():
            colour, marker, _ = DIRECTION_STYLES[str(r["direction"])]
            exact = str(r["date_precision"]) == "day"
            x = r["event_date"]
            if not exact and pd.notna(r["end_date"]):
                ax.plot([r["event_date"], r["end_date"]], [i, i], color=colour, lw=7, alpha=0.3)
                x = r["event_date"] + (r["end_date"] - r["event_date"]) / 2
            ax.scatter(
                [x],
                [i],
                s=70,
                marker=marker,
                color=colour if exact else "white",
                edgecolor=colour,
                linewidth=1.6,
                zorder=3,
            )
            when = fmt_day(x, "%-d %b %Y") if exact else r["event_date"].strftime("%b %Y")
            ax.annotate(
                when,
                (r["end_date"] if not exact and pd.notna(r["end_date"]) else x, i),
                xytext=(7, 0),
                textcoords="offset points",
                va="center",
                fontsize=8.5,
                color="#555555",
                # inside the axes (its limits leave room), so the layout ignores it:
                # a label that moved with the axes would keep the layout from settling
                in_layout=False,
            )
        ax.set_yticks(range(n), [_wrap(str(t), 58) for t in rows["title"]], fontsize=9.5)
        ax.set_ylim(n - 0.4, -0.9)
        ax.grid(axis="y", visible=False)
        if published is not None:
            ax.axvline(published, color="#222222", linestyle=":", linewidth=1.2)
            ax.annotate(
                "article\npublished",
                (published, n - 0.4),
                xytext=(3, 3),
                textcoords="offset points",
                va="bottom",
                fontsize=8.5,
                color="#333333",
            )
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.set_xlabel("Date of the development")
        ax.set_ylabel("Development (in date order)")
        text = _priority_text(priorities, priority_id)
        name = f"“{text}”" if text else f"Priority {priority_id}"
        n_adv, n_back = int(counts.get("advanced", 0)), int(counts.get("set back", 0))
        takeaway = (
            f"{name}: {n_adv} of {n} developments since the article advanced it, "
            f"{n_back} set it back"
        )
        set_titles(
            fig,
            title or takeaway,
            "Each development by date (day; a bar where only the month is known); colour and "
            f"shape give its direction for the priority. Recorded to {fmt_day(as_of)}",
        )
        handles = []
        for d in DIRECTIONS:
            if not counts.get(d, 0):
                continue  # a direction that never occurs has nothing to explain
            colour, marker, _ = DIRECTION_STYLES[d]
            handles.append(
                Line2D(
                    [], [], marker=marker, ls="", color=colour, markersize=8,
                    label=f"{d} ({int(counts.get(d, 0))})",
                )
            )  # fmt: skip
        if (rows["date_precision"].astype(str) != "day").any():
            handles.append(
                Line2D(
                    [], [], marker="o", ls="-", lw=6, alpha=0.45, color=NEUTRAL, mfc="white",
                    label="date known to the month only",
                )
            )  # fmt: skip
        ax.legend(
            handles=handles,
            title="Direction for the priority",
            title_fontsize=9.5,
            loc="upper right",
            fontsize=9.5,
            frameon=True,
            framealpha=0.95,
        )
        add_caption(fig, source_caption(rows["source_id"]))
        first, last_row = rows.iloc[0], rows.iloc[-1]
        attach_info(
            fig,
            title=f"What followed: {text}" if text else f"What followed: priority {priority_id}",
            takeaway=takeaway,
            alt=f"Timeline: {takeaway}"
            + "".join(
                f"; {int(counts.get(d, 0))} {d}" for d in ("mixed", "no change") if counts.get(d, 0)
            )
            + f". From {first['title']} ({fmt_day(first['event_date'])}) to "
            f"{last_row['title']} ({fmt_day(last_row['event_date'])})",
        )
    return fig


def outcomes_by_direction(
    outcomes: pd.DataFrame,
    priorities: pd.DataFrame | None = None,
    *,
    figsize: tuple[float, float] = (10.0, 5.0),
) -> Figure:
    """Stacked horizontal bars: how many developments of each direction, per priority.

    Segments carry the direction's colour and a hatch (none for advanced),
    with the count written inside; a priority's label is the article's words
    when ``priorities`` is given. What is counted is a row of ``outcomes``:
    an *entry*, a development as it bears on one priority. A development
    that bears on several priorities (a summit) is entered under each, so
    the subtitle says so and names the date with the most such entries.

    >>> import natoanalysis as na
    >>> fig = outcomes_by_direction(na.load_outcomes())
    >>> fig.axes[0].get_xlabel()
    'Developments since the article (entries)'
    """
    counts = direction_counts(outcomes)
    order = sorted(counts.index)
    counts = counts.loc[order]
    labels = []
    for pid in order:
        text = _priority_text(priorities, pid)
        labels.append(_wrap(f"{pid}: {text}", 34) if text else pid)
    with style():
        fig = new_figure(figsize)
        ax = fig.add_subplot()
        left = pd.Series(0, index=order)
        for d in DIRECTIONS:
            colour, _, hatch = DIRECTION_STYLES[d]
            vals = counts[d]
            ax.barh(
                range(len(order)),
                vals,
                left=left,
                height=0.62,
                color=colour,
                hatch=hatch or None,
                edgecolor="white",
                linewidth=0.8,
                label=d,
            )
            for y, (v, lft) in enumerate(zip(vals, left)):
                if v:
                    ax.text(
                        lft + v / 2, y, str(v), ha="center", va="center", fontsize=10.5,
                        color="white" if d in ("advanced", "set back") else "#111111",
                        fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "fc": colour, "ec": "none"},
                    )  # fmt: skip
            left = left + vals
        ax.set_yticks(range(len(order)), labels, fontsize=9.5)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlim(0, float(left.max()) * 1.05)
        ax.set_xlabel("Developments since the article (entries)")
        ax.set_ylabel("The article's priority")
        total = int(counts.to_numpy().sum())
        adv = int(counts["advanced"].sum())
        back = int(counts["set back"].sum())
        title = (
            f"{adv} of {total} entries record an advance for one of the article's priorities, "
            f"{back} a setback"
        )
        per_day = outcomes.groupby("event_date")["priority_id"].nunique()
        shared = per_day[per_day > 1]
        note = ""
        if len(shared):
            day = shared.sort_values(ascending=False, kind="stable").index[0]
            note = (
                f". A development that bears on several priorities is entered under each: "
                f"{int(shared[day])} entries, under different priorities, are dated "
                f"{fmt_day(day)}"
            )
        set_titles(fig, title, "Entries per priority and direction (count)" + note)
        ax.legend(loc="lower right", fontsize=9.5, frameon=True, framealpha=0.95)
        add_caption(fig, source_caption(outcomes["source_id"]))
        attach_info(
            fig,
            title="What followed, priority by priority",
            alt=f"Stacked bar chart: {title}. "
            + "; ".join(
                f"{pid}: " + ", ".join(f"{int(counts.loc[pid, d])} {d}" for d in DIRECTIONS)
                for pid in order
            )
            + note,
        )
    return fig


def _guideline_label(guidelines: pd.DataFrame, guideline_id: str) -> str:
    row = guidelines.set_index("guideline_id").loc[guideline_id]
    label = f"{float(row['share_pct']):g}% ({row['summit']} {row['agreed_date'].year}"
    if pd.notna(row["target_year"]):
        label += f", by {int(row['target_year'])}"
    return label + ")"


def spending_against_commitments(
    spending: pd.DataFrame,
    guidelines: pd.DataFrame,
    members: pd.DataFrame,
    *,
    year: int = 2025,
    lower_id: str = "wales_2014_2pct",
    upper_id: str = "hague_2025_core_3_5pct",
    figsize: tuple[float, float] = (10.0, 8.5),
) -> Figure:
    """Each ally's defence spending in ``year`` against two guidelines of the table.

    By default the 2% of GDP guideline (Wales 2014) and the 3.5% core-defence
    commitment of The Hague (2025, due by 2035), both read from
    ``guidelines`` by id. Bars are sorted by value and grouped in three tiers,
    told apart by colour and hatch: at or above the upper threshold (solid
    blue), between the two (sky blue, dotted), below the lower (orange,
    hatched); the legend lists only the tiers that occur. Allies without a
    figure share one row per reason at the bottom, so that blank rows never
    crowd out the allies with figures. The title's denominator says which
    allies it counts. The Hague's 1.5% for defence-related spending is not
    drawn: it is not defence expenditure in NATO's sense.

    >>> import natoanalysis as na
    >>> fig = spending_against_commitments(
    ...     na.load_defence_spending(), na.load_guidelines(), na.load_members()
    ... )
    >>> sorted(round(line.get_xdata()[0], 1) for line in fig.axes[0].lines)
    [2.0, 3.5]
    """
    lower = guideline_pct(guidelines, lower_id)
    upper = guideline_pct(guidelines, upper_id)
    if not lower < upper:
        raise ValueError(f"{lower_id} ({lower}%) must be below {upper_id} ({upper}%)")
    rows = spending[spending["year"] == year].copy()
    if rows.empty:
        raise ValueError(f"no defence_spending rows for {year}")
    names = dict(zip(members["iso3"].astype(str), members["name"].astype(str)))
    rows["name"] = rows["iso3"].astype(str).map(names).fillna(rows["iso3"].astype(str))
    have = rows[rows["pct_gdp"].notna()].sort_values(["pct_gdp", "name"], ascending=[True, False])
    lack = rows[rows["pct_gdp"].isna()].sort_values("name")
    reasons = lack["missing_reason"].astype(object).where(lack["missing_reason"].notna(), None)
    missing: dict[str, list[str]] = {}
    for reason, name in zip(reasons, lack["name"]):
        missing.setdefault(str(reason) if reason is not None else "no_reason_given", []).append(
            str(name)
        )
    # One row per reason, whatever the number of allies without a figure.
    blank = pd.DataFrame(
        {
            "name": [", ".join(who) for who in missing.values()],
            "pct_gdp": [float("nan")] * len(missing),
            "missing_reason": list(missing),
        }
    )
    order = pd.concat([blank, have]).reset_index(drop=True)
    tiers = {
        "top": (OKABE_ITO[0], None),
        "mid": (OKABE_ITO[5], "...."),
        "low": (OKABE_ITO[1], "////"),
    }
    n_up = int((have["pct_gdp"] >= upper).sum())
    n_low = int((have["pct_gdp"] >= lower).sum())
    n_have = len(have)
    with style():
        fig = new_figure(figsize)
        ax = fig.add_subplot()
        for y, r in order.iterrows():
            if pd.isna(r["pct_gdp"]):
                why = str(r["missing_reason"]).replace("_", " ")
                ax.text(0.03, y, f"no figure: {why}", va="center", fontsize=9, color="#555555")
                continue
            v = float(r["pct_gdp"])
            tier = "top" if v >= upper else ("mid" if v >= lower else "low")
            colour, hatch = tiers[tier]
            ax.barh(y, v, height=0.72, color=colour, hatch=hatch, edgecolor="white", linewidth=0)
            # A figure NATO's own table leaves blank (quoted from its charts) is provisional.
            provisional = "latest_pct_gdp" in order.columns and pd.isna(r["latest_pct_gdp"])
            label = f"{v:.2f}" + (" (provisional)" if provisional else "")
            ax.text(v + 0.04, y, label, va="center", fontsize=9, color="#333333")
        ax.set_yticks(range(len(order)), order["name"].tolist(), fontsize=9.5)
        ax.set_ylim(-0.6, len(order) - 0.4)
        ax.grid(axis="y", visible=False)
        ax.axvline(lower, color="#222222", linestyle="--", linewidth=1.2, zorder=3)
        ax.axvline(upper, color="#222222", linestyle="-.", linewidth=1.2, zorder=3)
        top = max(float(have["pct_gdp"].max()) if n_have else upper, upper)
        ax.set_xlim(0, top * 1.12)
        ax.set_xlabel("Defence expenditure, % of GDP")
        ax.set_ylabel("")
        denominator = allies_phrase(n_have, len(rows), missing)
        count = f"All {denominator}" if n_low == n_have else f"{n_low} of {denominator}"
        title = (
            f"{count} spent at least {lower:g}% of GDP on defence in {year}; "
            f"{n_up} reached {upper:g}%"
        )
        estimate = bool(rows["is_estimate"].fillna(False).all())
        without = "; ".join(
            f"{', '.join(who)}: no figure ({reason.replace('_', ' ')})"
            for reason, who in missing.items()
        )
        set_titles(
            fig,
            title,
            f"Defence expenditure as a share of GDP, {year} (%"
            + (", NATO estimates" if estimate else "")
            + f"), against the {_guideline_label(guidelines, lower_id)} and "
            f"{_guideline_label(guidelines, upper_id)} commitments"
            + (f". {without}" if without else "")
            + (
                ". Provisional: quoted from NATO's charts, blank in its table"
                if "latest_pct_gdp" in have.columns and have["latest_pct_gdp"].isna().any()
                else ""
            ),
        )
        handles = [
            Patch(facecolor=tiers["top"][0], label=f"at or above {upper:g}% ({n_up})"),
            Patch(
                facecolor=tiers["mid"][0],
                hatch=tiers["mid"][1],
                edgecolor="white",
                label=f"{lower:g}% to {upper:g}% ({n_low - n_up})",
            ),
            Patch(
                facecolor=tiers["low"][0],
                hatch=tiers["low"][1],
                edgecolor="white",
                label=f"below {lower:g}% ({n_have - n_low})",
            ),
            Line2D([], [], color="#222222", ls="--", label=_guideline_label(guidelines, lower_id)),
            Line2D([], [], color="#222222", ls="-.", label=_guideline_label(guidelines, upper_id)),
        ]
        tier_counts = [n_up, n_low - n_up, n_have - n_low]
        handles = [h for h, k in zip(handles[:3], tier_counts) if k] + handles[3:]
        if len(lack):
            handles.append(
                Patch(facecolor="white", edgecolor=NEUTRAL, label=f"no figure ({len(lack)})")
            )
        ax.legend(handles=handles, loc="lower right", fontsize=9.5, frameon=True, framealpha=0.95)
        add_caption(fig, source_caption(rows["source_id"]))
        attach_info(
            fig,
            title=f"Defence spending against the commitments, {year}",
            alt=f"Bar chart: {title}; {extreme_text(have['pct_gdp'], have['name'], 'highest')}, "
            f"{extreme_text(have['pct_gdp'], have['name'], 'lowest')}"
            + (f". {without}" if without else ""),
        )
    return fig
