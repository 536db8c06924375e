"""Charts of the leadership tables: Secretaries General and the 2024 race."""

from __future__ import annotations

import re

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
    attach_info,
    new_figure,
    set_titles,
    source_caption,
    style,
    table_as_of,
)

__all__ = ["race_timeline", "secretaries_general_by_country", "secretaries_general_tenures"]


def _country_names(codes: pd.Series) -> dict[str, str]:
    import pycountry

    names = {}
    for code in codes.dropna().unique():
        country = pycountry.countries.get(alpha_3=code)
        names[code] = getattr(country, "common_name", None) or getattr(country, "name", code)
    return names


def _country_colours(codes: list[str]) -> dict[str, str]:
    palette = [c for c in OKABE_ITO]
    return {code: palette[i % len(palette)] for i, code in enumerate(codes)}


def secretaries_general_tenures(sg: pd.DataFrame, *, as_of: str | None = None) -> Figure:
    """Gantt chart of every Secretary General's tenure, coloured by nationality.

    ``sg`` is :func:`natoanalysis.load_secretaries_general`. Acting tenures
    are hatched and labelled "(acting)"; the incumbent's bar runs to
    ``as_of`` (default: the as-of date the table carries in ``sg.attrs``)
    and is marked.
    """
    end_default = pd.Timestamp(as_of) if as_of else table_as_of(sg)
    df = sg.sort_values("start_date").reset_index(drop=True)
    order = list(dict.fromkeys(df["nationality_iso3"]))
    colours = _country_colours(order)
    names = _country_names(df["nationality_iso3"])
    with style():
        fig = new_figure((10.0, 6.5))
        ax = fig.add_subplot()
        for i, row in df.iterrows():
            end = row["end_date"] if pd.notna(row["end_date"]) else end_default
            width = end - row["start_date"]
            acting = bool(row["is_acting"])
            ax.barh(
                i,
                width,
                left=row["start_date"],
                height=0.7 if not acting else 0.45,
                color=colours[row["nationality_iso3"]],
                alpha=0.45 if acting else 1.0,
                hatch="////" if acting else None,
                edgecolor="#333333" if acting else "none",
                linewidth=0.6,
            )
            label = row["name"] + (" (acting)" if acting else "")
            if pd.isna(row["end_date"]):
                label += " (incumbent)"
            ax.annotate(
                label,
                (end, i),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9.5,
                color="#222222",
            )
        ax.set_yticks([])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.set_xlim(pd.Timestamp("1950-01-01"), end_default + pd.DateOffset(years=14))
        ax.xaxis.set_major_locator(mdates.YearLocator(10))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel("Year")
        ax.set_ylabel("Tenures in order (first at the top)")
        appointed = df[~df["is_acting"].astype(bool)]
        ends = appointed["end_date"].fillna(end_default)
        years = (ends - appointed["start_date"]).dt.days / 365.25
        per_person = years.groupby(appointed["name"]).sum().sort_values(ascending=False)
        longest, span = str(per_person.index[0]), float(per_person.iloc[0])
        first_year = int(df["start_date"].min().year)
        title = (
            f"{longest} served longest of NATO's {per_person.size} Secretaries General "
            f"since {first_year}: {span:.1f} years"
        )
        n_acting = int(df["is_acting"].astype(bool).sum())
        set_titles(
            fig,
            title,
            f"Each tenure from start to end date (years), coloured by nationality; "
            f"{n_acting} acting tenures hatched",
        )
        handles = [Patch(color=colours[c], label=names[c]) for c in order]
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="////", label="acting"))
        ax.legend(handles=handles, loc="upper right", fontsize=9.5, ncols=2, title="Nationality")
        add_caption(fig, source_caption(df["source_id"]))
        incumbent = df.loc[df["end_date"].isna(), "name"]
        attach_info(
            fig,
            title="Secretaries General, tenure by tenure",
            alt=f"Timeline: {title}. {len(df)} tenures from {first_year}, {n_acting} of them "
            "acting" + (f"; {incumbent.iloc[-1]} is the incumbent" if len(incumbent) else ""),
        )
    return fig


def secretaries_general_by_country(sg: pd.DataFrame, *, highlight: str = "NLD") -> Figure:
    """Bar chart: appointed Secretaries General per country (acting ones counted apart).

    People who held the office more than once count once per appointed
    tenure; acting tenures are shown as a separate, hatched segment. The
    ``highlight`` country (default the Netherlands, Rutte's) is outlined.
    """
    names = _country_names(sg["nationality_iso3"])
    counts = (
        sg.assign(kind=sg["is_acting"].map({True: "acting", False: "appointed"}))
        .groupby(["nationality_iso3", "kind"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["appointed", "acting"], fill_value=0)
        .sort_values(["appointed", "acting"], ascending=[False, False])
    )
    appointed_colour, acting_colour = OKABE_ITO[0], "#A9CBE3"  # blue; a pale blue for acting
    with style():
        fig = new_figure((10.0, 5.0))
        ax = fig.add_subplot()
        labels = [names[c] for c in counts.index]
        xs = list(range(len(counts)))
        # Appointed tenures are the wide, solid bars the eye counts; acting terms
        # (caretakers while the post was vacant) stand beside them, narrow, pale
        # and hatched, never stacked on top, so 1 + 3 acting does not read as 4.
        base = ax.bar(xs, counts["appointed"], width=0.56, color=appointed_colour)
        for x, bar, code in zip(xs, base, counts.index):
            appointed, acting = (int(counts.loc[code, k]) for k in ("appointed", "acting"))
            if code == highlight:
                bar.set_color(OKABE_ITO[1])
            if appointed:
                ax.annotate(
                    str(appointed),
                    (x, appointed),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=12,
                    weight="bold",
                )
            if acting:
                ax.bar(
                    x + 0.4,
                    acting,
                    width=0.2,
                    color=acting_colour,
                    edgecolor="#5A8DB5",
                    hatch="///",
                    linewidth=0.6,
                )
                ax.annotate(
                    f"{acting}\nacting",
                    (x + 0.4, acting),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=9,
                    color="#333333",
                )
        ax.set_xticks(xs, labels)
        ax.set_ylim(0, counts.to_numpy().max() + 1.2)
        ax.set_ylabel("Tenures (count)")
        ax.set_xlabel("Nationality of the Secretary General")
        ax.grid(axis="x", visible=False)
        top = counts["appointed"].idxmax()
        n_top = int(counts.loc[top, "appointed"])
        runners = counts["appointed"].drop(top)
        the = "The " if names[top] in {"Netherlands", "United Kingdom", "United States"} else ""
        title = f"{the}{names[top]} has provided the most Secretaries General: {n_top} appointed"
        if len(runners):
            second = runners.idxmax()
            plural = {"Netherlands", "United Kingdom", "United States"}
            the2 = "the " if names[second] in plural else ""
            title += f"; next, {the2}{names[second]} with {int(runners.max())}"
        set_titles(
            fig,
            title,
            "Appointed Secretaries General per nationality (count); acting terms, held while "
            "the post was vacant, drawn apart",
        )
        ax.legend(
            handles=[
                Patch(color=appointed_colour, label="appointed"),
                Patch(color=OKABE_ITO[1], label=f"appointed, {names[highlight]}"),
                Patch(facecolor=acting_colour, edgecolor="#5A8DB5", hatch="///", label="acting"),
            ],
            loc="upper right",
        )
        add_caption(fig, source_caption(sg["source_id"]))
        acting_text = ", ".join(
            f"{names[c]} {int(counts.loc[c, 'acting'])}"
            for c in counts.index
            if counts.loc[c, "acting"]
        )
        attach_info(
            fig,
            title="Secretaries General by nationality",
            alt=f"Bar chart: {title}. Appointed: "
            + ", ".join(f"{names[c]} {int(counts.loc[c, 'appointed'])}" for c in counts.index)
            + (f". Acting terms, shown apart: {acting_text}" if acting_text else ""),
        )
    return fig


def race_timeline(
    events: pd.DataFrame,
    people: pd.DataFrame,
    *,
    start: str = "2024-02-01",
    end: str = "2024-10-15",
) -> Figure:
    """Timeline of the 2024 race in two panels sharing one date axis.

    Top: every sourced event of the window, one labelled row each, in date
    order (the events an article claim refers to in bold). Bottom: one row
    per dated claim of the article: a hollow diamond (or a grey bar, for a
    range such as "last week") where the article puts it, a dot where the
    sources put the event it describes, joined by a dashed line; vermillion
    where the accounts differ (place, date or who), green where they agree.
    Events outside ``start``..``end`` are left out. The title counts the
    claims that differ. ``people`` is accepted for compatibility; the event
    titles already name the people.
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    ev = events[(events["plot_date"] >= lo) & (events["plot_date"] <= hi)].copy()
    by_id = events.set_index("event_id")
    sourced = ev[ev["kind"] == "sourced"].sort_values(["plot_date", "event_id"])
    article = ev[ev["kind"] == "article"].sort_values("plot_date")
    linked = set(article["linked_event_id"].dropna().astype(str))
    differs = article["differs"].fillna("").astype(str)
    n_differ = int((differs != "").sum())
    with style():
        fig = new_figure((10.5, 9.5))
        top, bottom = fig.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": [len(sourced) + 1, len(article) + 1]}
        )
        ys = list(range(len(sourced)))
        is_linked = sourced["event_id"].astype(str).isin(linked).to_numpy()
        top.scatter(sourced["plot_date"], ys, s=40, color=OKABE_ITO[0], zorder=3)
        top.set_yticks(ys, sourced["title"].astype(str).tolist(), fontsize=9)
        for tick, bold in zip(top.get_yticklabels(), is_linked):
            if bold:
                tick.set_fontweight("bold")
        top.set_ylim(len(sourced) - 0.4, -0.7)
        top.grid(axis="y", color="#EEEEEE")
        top.set_ylabel("What the sources report\n(bold: an article claim refers to it)")
        for i, r in enumerate(article.itertuples()):
            differ = differs.iloc[i] != ""
            colour = OKABE_ITO[3] if differ else OKABE_ITO[2]
            if str(r.date_precision) == "range" and pd.notna(r.end_date):
                bottom.plot([r.event_date, r.end_date], [i, i], color=NEUTRAL, lw=5, alpha=0.35)
            x = r.plot_date
            bottom.scatter(
                [x], [i], marker="D", s=44, facecolor="white", edgecolor=colour, lw=1.8, zorder=3
            )
            lx = by_id.loc[r.linked_event_id, "event_date"]
            bottom.scatter([lx], [i], s=40, color=OKABE_ITO[0], zorder=4)
            bottom.plot([x, lx], [i, i], ls="--", lw=1, color=colour)
        labels = [
            re.sub(r" \(article(?:, ([^)]*))?\)$", lambda m: f" ({m[1]})" if m[1] else "", t)
            + (f" ({d.replace(';', ', ')})" if d else "")
            for t, d in zip(article["title"].astype(str), differs)
        ]
        bottom.set_yticks(range(len(article)), labels, fontsize=9)
        for tick, d in zip(bottom.get_yticklabels(), differs):
            if d:
                tick.set_color("#A33A00")
        bottom.set_ylim(len(article) - 0.5, -0.7)
        bottom.set_ylabel("What the article says")
        bottom.set_xlim(lo, hi)
        bottom.xaxis.set_major_locator(mdates.MonthLocator())
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
        bottom.set_xlabel(f"Date ({lo.year})" if lo.year == hi.year else "Date")
        top.legend(
            title="Lower panel",
            handles=[
                Line2D([], [], marker="o", ls="", color=OKABE_ITO[0], label="sourced date"),
                Line2D([], [], marker="D", ls="--", mfc="white", color=OKABE_ITO[2],
                       label="article's date, agrees"),
                Line2D([], [], marker="D", ls="--", mfc="white", color=OKABE_ITO[3],
                       label="article differs (place, date or who)"),
                Line2D([], [], lw=5, alpha=0.35, color=NEUTRAL, label="article's date range"),
            ],
            loc="lower left",
            fontsize=9.5,
            frameon=True,
            framealpha=0.95,
        )  # fmt: skip
        title = (
            f"{n_differ} of the article's {len(article)} dated claims about the race "
            "differ from the sources"
        )
        set_titles(
            fig,
            title,
            f"Top: {len(sourced)} sourced events, one per row, by date. Bottom: each claim where "
            "the article puts it and where the sources do; in brackets, what differs",
        )
        add_caption(fig, source_caption(ev["source_id"]))
        which = "; ".join(lab for lab, d in zip(labels, differs) if d)
        attach_info(
            fig,
            title="The 2024 race, sources and article",
            alt=f"Timeline in two panels: {title}: {which}. The sources date "
            f"{len(sourced)} events between {fmt_day(sourced['plot_date'].min(), '%-d %B')} and "
            f"{fmt_day(sourced['plot_date'].max())}",
        )
    return fig
