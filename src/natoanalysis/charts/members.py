"""Charts of the members table: growth over time and allies per wave."""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from ._style import (
    OKABE_ITO,
    add_caption,
    attach_info,
    new_figure,
    set_titles,
    source_caption,
    style,
)

__all__ = ["allies_per_wave", "membership_over_time"]

#: Waves less than four years apart share one label (their labels would collide).
MERGE_DAYS = 4 * 365


def membership_over_time(members: pd.DataFrame, *, until: str | None = None) -> Figure:
    """Step chart of the number of allies over time, each wave annotated.

    ``members`` is :func:`natoanalysis.load_members` (or a subset with
    ``accession_date``, ``wave`` and ``source_id``). The line runs to
    ``until`` (default: the last accession plus two years).
    """
    with style():
        per_wave = (
            members.groupby("wave", observed=True)
            .agg(
                date=("accession_date", "min"),
                joined=("iso3", "size"),
                names=("iso3", lambda s: ", ".join(sorted(s))),
            )
            .reset_index()
            .sort_values("date")
        )
        per_wave["total"] = per_wave["joined"].cumsum()
        end = pd.Timestamp(until) if until else per_wave["date"].max() + pd.DateOffset(years=2)
        xs = [*per_wave["date"], end]
        ys = [*per_wave["total"], per_wave["total"].iloc[-1]]

        fig = new_figure((9.0, 5.5))
        ax = fig.add_subplot()
        ax.step(xs, ys, where="post", color=OKABE_ITO[0], linewidth=2.2)
        ax.fill_between(xs, ys, step="post", color=OKABE_ITO[0], alpha=0.12)
        ax.scatter(per_wave["date"], per_wave["total"], color=OKABE_ITO[0], zorder=3, s=22)
        xmin = per_wave["date"].min() - pd.DateOffset(years=3)
        rows = list(per_wave.itertuples())
        labels = []  # (date, total, text, placement); close waves share a label
        for i, row in enumerate(rows):
            codes = sorted(row.names.split(", "))
            if i + 1 < len(rows) and (rows[i + 1].date - row.date).days < MERGE_DAYS:
                continue  # folded into the next wave's label
            first = i
            while first > 1 and (row.date - rows[first - 1].date).days < MERGE_DAYS:
                first -= 1
            group = rows[first : i + 1]
            n = sum(r.joined for r in group)
            codes = sorted(c for r in group for c in r.names.split(", "))
            years = (
                f"{group[0].date.year}–{str(row.date.year)[-2:]}"
                if len(group) > 1
                else f"{row.date.year}"
            )
            shown = f" ({' '.join(codes)})" if n <= 3 else ""
            gap_next = (rows[i + 1].date - row.date).days / 365.25 if i + 1 < len(rows) else 0
            if i == 0:
                labels.append((row, f"{years}: {n} founders", "below"))
            elif (row.date - xmin).days / 365.25 < 12:
                labels.append((row, f"{years}: +{n}{shown}", "below"))
            elif gap_next >= 10:
                labels.append((row, f"{years}: +{n}{shown}", "right"))
            else:
                labels.append((row, f"{years}: +{n}{shown}", "left"))
        placement: dict[str, dict[str, Any]] = {
            "below": dict(xytext=(4, -6), ha="left", va="top"),
            "right": dict(xytext=(4, 2), ha="left", va="bottom"),
            "left": dict(xytext=(-4, 2), ha="right", va="bottom"),
        }
        for row, text, where in labels:
            ax.annotate(
                text,
                (row.date, row.total),
                textcoords="offset points",
                fontsize=8.5,
                color="#333333",
                **placement[where],
            )
        founders, total = int(per_wave["total"].iloc[0]), int(per_wave["total"].iloc[-1])
        first, last = per_wave["date"].iloc[0].year, per_wave["date"].iloc[-1].year
        title = f"NATO grew from {founders} founders to {total} allies"
        set_titles(
            fig,
            title,
            f"Number of allies (count) after each enlargement, {first}–{last}",
        )
        ax.set_xlabel("Year")
        ax.set_ylabel("Number of allies")
        ax.set_ylim(0, max(ys) + 3)
        ax.set_xlim(xmin, end)
        add_caption(fig, source_caption(members["source_id"]))
        enlargements = per_wave.iloc[1:] if len(per_wave) > 1 else per_wave
        biggest = enlargements.sort_values(["joined", "date"], ascending=[False, True]).iloc[0]
        attach_info(
            fig,
            title="NATO's growth",
            alt=f"Step chart: {title}, from {first} to {last}, in {len(per_wave) - 1} "
            f"enlargements; the largest, in {biggest['date'].year}, added "
            f"{int(biggest['joined'])} allies",
        )
    return fig


def allies_per_wave(members: pd.DataFrame) -> Figure:
    """Bar chart: how many allies joined in each enlargement wave.

    Bars are labelled with the count and the joiners' ISO codes.
    """
    with style():
        counts = members.groupby("wave", observed=False)["iso3"].agg(["size", list])
        fig = new_figure((9.0, 5.0))
        ax = fig.add_subplot()
        labels = [str(w) for w in counts.index]
        colors = [
            OKABE_ITO[1] if str(w) == str(counts.index[0]) else OKABE_ITO[0] for w in counts.index
        ]
        bars = ax.bar(labels, counts["size"], color=colors)
        for bar, n, codes in zip(bars, counts["size"], counts["list"]):
            ax.annotate(
                str(n),
                (bar.get_x() + bar.get_width() / 2, n),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                fontsize=10,
                weight="bold",
            )
            if n <= 7:
                ax.annotate(
                    "\n".join(sorted(codes)),
                    (bar.get_x() + bar.get_width() / 2, 0),
                    xytext=(0, 4),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8.5,
                    color="white",
                )
        sizes = counts["size"].astype(int)
        founders = int(sizes.iloc[0])
        later = sizes.iloc[1:]
        top = str(later.idxmax()) if len(later) else str(sizes.index[0])
        if len(later):
            title = (
                f"The {top} wave was the largest: {int(later.max())} of the "
                f"{int(later.sum())} allies admitted after the {founders} founders"
            )
        else:
            title = f"{founders} founders"
        set_titles(fig, title, "Allies admitted per enlargement wave (count)")
        ax.set_xlabel("Enlargement wave (year of accession; 1949 = founders)")
        ax.set_ylabel("Allies admitted")
        ax.set_ylim(0, counts["size"].max() * 1.15)
        ax.grid(axis="x", visible=False)
        add_caption(fig, source_caption(members["source_id"]))
        attach_info(
            fig,
            title="Allies per wave",
            alt=f"Bar chart: {title}. Allies per wave: "
            + ", ".join(f"{w} {int(n)}" for w, n in sizes.items()),
        )
    return fig
