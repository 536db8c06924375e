"""Charts of the leadership tables: Secretaries General and the 2024 race."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ._style import NEUTRAL, OKABE_ITO, add_caption, new_figure, source_caption, style, table_as_of

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
                fontsize=8.5,
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
        appointed = int((~df["is_acting"]).sum())
        ax.set_title(f"NATO's {appointed} Secretaries General since 1952, and acting ones")
        handles = [Patch(color=colours[c], label=names[c]) for c in order]
        handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="////", label="acting"))
        ax.legend(handles=handles, loc="upper right", fontsize=8.5, ncols=2, title="Nationality")
        add_caption(fig, source_caption(df["source_id"]))
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
    with style():
        fig = new_figure((10.0, 5.0))
        ax = fig.add_subplot()
        labels = [names[c] for c in counts.index]
        base = ax.bar(labels, counts["appointed"], color=OKABE_ITO[0], label="appointed")
        for bar, code in zip(base, counts.index):
            appointed, acting = (int(counts.loc[code, k]) for k in ("appointed", "acting"))
            x = bar.get_x() + bar.get_width() / 2
            if code == highlight:
                bar.set_color(OKABE_ITO[1])
            if acting:
                ax.bar(
                    bar.get_x(),
                    acting,
                    width=bar.get_width(),
                    align="edge",
                    bottom=appointed,
                    color="white",
                    edgecolor=OKABE_ITO[0],
                    hatch="////",
                )
                ax.annotate(
                    f"+{acting} acting",
                    (x, appointed + acting),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=9,
                )
            ax.annotate(
                str(appointed),
                (x, appointed / 2),
                ha="center",
                va="center",
                fontsize=11,
                weight="bold",
                color="white" if code != highlight else "black",
            )
        ax.set_ylim(0, counts.sum(axis=1).max() + 1)
        ax.set_ylabel("Tenures")
        ax.set_xlabel("Nationality of the Secretary General")
        ax.grid(axis="x", visible=False)
        top = counts["appointed"].idxmax()
        the = "The " if names[top] in {"Netherlands", "United Kingdom", "United States"} else ""
        ax.set_title(
            f"{the}{names[top]} has provided the most Secretaries General "
            f"({int(counts.loc[top, 'appointed'])} appointed)"
        )
        ax.legend(
            handles=[
                Patch(color=OKABE_ITO[0], label="appointed"),
                Patch(color=OKABE_ITO[1], label=f"appointed, {names[highlight]}"),
                Patch(facecolor="white", edgecolor=OKABE_ITO[0], hatch="////", label="acting"),
            ],
            loc="upper right",
        )
        add_caption(fig, source_caption(sg["source_id"]))
    return fig


def race_timeline(
    events: pd.DataFrame,
    people: pd.DataFrame,
    *,
    start: str = "2024-02-01",
    end: str = "2024-10-15",
) -> Figure:
    """Timeline of the 2024 race in two panels sharing one date axis.

    Top: sourced events, one row per main actor (the first person listed).
    Bottom: one row per dated claim of the article: a hollow diamond (or a
    bar, for a range such as "last week") where the article puts it, a dot
    where the sources put the event it describes, joined by a dashed line;
    vermillion where the accounts differ (place, date or who), green where
    they agree. Events outside ``start``..``end`` are left out.
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    ev = events[(events["plot_date"] >= lo) & (events["plot_date"] <= hi)].copy()
    by_id = events.set_index("event_id")
    names = people.set_index("person_id")["name"]
    sourced = ev[ev["kind"] == "sourced"].copy()
    sourced["actor"] = sourced["person_ids"].fillna("").str.split(";").str[0]
    sourced = sourced[sourced["actor"] != ""]
    actors = sourced.groupby("actor")["plot_date"].min().sort_values().index.tolist()
    article = ev[ev["kind"] == "article"].sort_values("plot_date")
    with style():
        fig = new_figure((10.5, 7.5))
        top, bottom = fig.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": [len(actors), len(article) + 1]}
        )
        y = {a: i for i, a in enumerate(actors)}
        top.scatter(sourced["plot_date"], sourced["actor"].map(y), s=40, color=OKABE_ITO[0])
        top.set_yticks(range(len(actors)), [names.get(a, a) for a in actors], fontsize=9)
        top.invert_yaxis()
        top.set_title("The 2024 race: what sources report, and what the article says")
        top.set_ylabel("Sourced events\nby main actor", fontsize=9)
        for i, r in enumerate(article.itertuples()):
            differs = isinstance(r.differs, str) and r.differs != ""
            colour = OKABE_ITO[3] if differs else OKABE_ITO[2]
            if str(r.date_precision) == "range" and pd.notna(r.end_date):
                bottom.plot([r.event_date, r.end_date], [i, i], color=colour, lw=5, alpha=0.35)
            x = r.plot_date
            bottom.scatter(
                [x], [i], marker="D", s=44, facecolor="white", edgecolor=colour, lw=1.8, zorder=3
            )
            lx = by_id.loc[r.linked_event_id, "event_date"]
            bottom.scatter([lx], [i], s=40, color=OKABE_ITO[0], zorder=4)
            bottom.plot([x, lx], [i, i], ls="--", lw=1, color=colour)
        labels = [t.removesuffix(" (article)") for t in article["title"]]
        bottom.set_yticks(range(len(article)), labels, fontsize=9)
        bottom.set_ylim(len(article) - 0.5, -0.7)
        bottom.set_ylabel("The article's claims", fontsize=9)
        bottom.set_xlim(lo, hi)
        bottom.xaxis.set_major_locator(mdates.MonthLocator())
        bottom.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
        bottom.set_xlabel("Date (2024)")
        bottom.legend(
            handles=[
                Line2D([], [], marker="o", ls="", color=OKABE_ITO[0], label="sourced date"),
                Line2D(
                    [],
                    [],
                    marker="D",
                    ls="--",
                    mfc="white",
                    color=OKABE_ITO[2],
                    label="article's date, agrees",
                ),
                Line2D(
                    [],
                    [],
                    marker="D",
                    ls="--",
                    mfc="white",
                    color=OKABE_ITO[3],
                    label="article differs (place/date/who)",
                ),
                Line2D([], [], lw=5, alpha=0.35, color=NEUTRAL, label="article's date range"),
            ],
            loc="lower right",
            fontsize=8,
        )
        add_caption(fig, source_caption(ev["source_id"]))
    return fig
