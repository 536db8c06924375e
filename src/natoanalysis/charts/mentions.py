"""Charts of what a text mentions: states (allies vs non-members) and people.

Both take tables from :func:`natoanalysis.extract_article`. The extractor's
tables have no ``source_id`` column (they describe whatever text was given),
so the caption names the text's source through ``source_id`` (default
``"article"``, the bundled article), looked up in ``sources`` (the sources
table, :func:`natoanalysis.load_sources`) when it is given.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ._style import (
    NEUTRAL,
    OKABE_ITO,
    add_caption,
    attach_info,
    new_figure,
    set_titles,
    source_caption,
    style,
)

__all__ = ["mentions_by_country", "mentions_by_person"]

_MEMBER = OKABE_ITO[0]  # blue
_NON_MEMBER = OKABE_ITO[3]  # vermillion
_UNKNOWN = NEUTRAL


def _caption(df: pd.DataFrame, source_id: str, sources: pd.DataFrame | None) -> str:
    ids = list(df["source_id"]) if "source_id" in df.columns else [source_id]
    return source_caption(ids, sources if sources is not None else df.attrs.get("sources"))


def mentions_by_country(
    countries: pd.DataFrame,
    *,
    source_id: str = "article",
    title: str | None = None,
    sources: pd.DataFrame | None = None,
) -> Figure:
    """Horizontal bars: how often the text mentions each state, allies and others apart.

    ``countries`` is the ``countries`` table of :func:`natoanalysis.extract_article`.
    Every form counts (name, alias, adjective, demonym, capital). Allies are
    solid blue; states that were not members on the publication date are
    vermillion and hatched, so the two stay distinct without colour; a state
    whose membership is unknown is grey.

    >>> import natoanalysis as na
    >>> t = na.extract_article("Sweden and Ukraine. Swedish jets.", published="2024-06-21")
    >>> fig = mentions_by_country(t["countries"])
    >>> [int(p.get_width()) for p in fig.axes[0].patches]
    [1, 2]
    """
    with style():
        counts = (
            countries.assign(is_member=countries["is_member"].astype("object"))
            .groupby(["iso3", "country"], observed=True, dropna=False)
            .agg(mentions=("start", "size"), is_member=("is_member", "first"))
            .reset_index()
            .sort_values(["mentions", "country"], ascending=[True, False])
        )
        height = max(2.8, 0.42 * len(counts) + 1.6)
        fig = new_figure((8.0, height))
        ax = fig.add_subplot()
        colors, hatches = [], []
        for m in counts["is_member"]:
            if m is True:
                colors.append(_MEMBER)
                hatches.append("")
            elif m is False:
                colors.append(_NON_MEMBER)
                hatches.append("//")
            else:
                colors.append(_UNKNOWN)
                hatches.append("..")
        labels = list(counts["country"])
        bars = ax.barh(labels, counts["mentions"], color=colors, edgecolor="white", linewidth=0.5)
        for bar, hatch in zip(bars, hatches):
            bar.set_hatch(hatch)
        for bar, n in zip(bars, counts["mentions"]):
            ax.annotate(
                str(int(n)),
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=9.5,
            )
        n_states = len(counts)
        n_members = int((counts["is_member"] == True).sum())  # noqa: E712 - object column
        total = int(counts["mentions"].sum())
        lead = counts.iloc[-1] if n_states else None
        takeaway = f"The text mentions {n_states} states: {n_members} allies, " + (
            f"{n_states - n_members} others"
        )
        if lead is not None:
            takeaway += f"; {lead['country']} most often ({int(lead['mentions'])} times)"
        set_titles(
            fig,
            title or takeaway,
            f"Mentions per state (count; {total} in all), by name, alias, adjective, "
            "demonym or capital",
        )
        ax.set_xlabel("Mentions (by name, alias, adjective, demonym or capital)")
        ax.set_ylabel("State")
        ax.set_xlim(0, max(1, counts["mentions"].max()) * 1.15)
        ax.grid(axis="y", visible=False)
        handles = [
            Patch(facecolor=_MEMBER, label="NATO ally on the publication date"),
            Patch(facecolor=_NON_MEMBER, hatch="//", edgecolor="white", label="not a member"),
        ]
        if any(h == ".." for h in hatches):
            handles.append(Patch(facecolor=_UNKNOWN, hatch="..", label="membership unknown"))
        ax.legend(handles=handles, loc="lower right")
        add_caption(fig, _caption(countries, source_id, sources))
        attach_info(
            fig,
            title="States the text mentions",
            takeaway=title or takeaway,
            alt=f"Bar chart: {takeaway}. "
            + ", ".join(f"{r.country} {int(r.mentions)}" for r in counts.iloc[::-1].itertuples()),
        )
    return fig


def mentions_by_person(
    people: pd.DataFrame,
    *,
    source_id: str = "article",
    title: str | None = None,
    sources: pd.DataFrame | None = None,
) -> Figure:
    """Horizontal bars: how often the text refers to each person, split by how.

    ``people`` is the ``people`` table of :func:`natoanalysis.extract_article`.
    Each bar stacks references by full name (also with a title), by surname
    or title plus surname (*Mr Rutte*), and by a role or description that
    the people table lists for the person (*the Dutch leader*).
    People not in the package's people table are drawn in grey.

    >>> import natoanalysis as na
    >>> t = na.extract_article("Mark Rutte met Mr Orbán. Mr Rutte left.")
    >>> fig = mentions_by_person(t["people"])
    >>> fig.axes[0].get_yticklabels()[-1].get_text()
    'Mark Rutte'
    """
    with style():
        df = people.copy()
        text = df["text"].astype(str)
        name = df["name"].astype(str)
        full = pd.Series(
            [t == n or t.endswith(" " + n) for t, n in zip(text, name)], index=df.index
        )
        kind = pd.Series("by surname or title", index=df.index)
        kind[full] = "by full name"
        kind[df["how"].astype(str) == "role"] = "by role or description"
        df["kind"] = kind
        df["known"] = df["person_id"].notna()
        order = (
            df.groupby("name", observed=True)
            .agg(total=("start", "size"), known=("known", "first"))
            .sort_values(["total"], ascending=True, kind="stable")
        )
        # most referred-to on top; ties in alphabetical order from the top
        top_down = sorted(order.index, key=lambda n: (-order.loc[n, "total"], n))
        order = order.loc[top_down[::-1]]
        table = (
            df.groupby(["name", "kind"], observed=True)
            .size()
            .unstack(fill_value=0)
            .reindex(index=order.index)
        )
        kinds = [
            k
            for k in ("by full name", "by surname or title", "by role or description")
            if k in table.columns
        ]
        colours = {
            "by full name": OKABE_ITO[0],
            "by surname or title": OKABE_ITO[5],
            "by role or description": OKABE_ITO[1],
        }
        height = max(2.8, 0.5 * len(table) + 1.6)
        fig = new_figure((8.0, height))
        ax = fig.add_subplot()
        left = pd.Series(0, index=table.index, dtype=float)
        for k in kinds:
            cols = [colours[k] if order.loc[n, "known"] else _UNKNOWN for n in table.index]
            ax.barh(table.index, table[k], left=left, color=cols, label=k, edgecolor="white")
            left += table[k]
        for i, (_n, total) in enumerate(order["total"].items()):
            ax.annotate(
                str(int(total)),
                (total, i),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=9.5,
            )
        n_people = len(order)
        top = order.index[-1] if n_people else ""
        takeaway = (
            f"{top} is referred to most: {int(order['total'].iloc[-1])} of "
            f"{int(order['total'].sum())} references to {n_people} people"
            if n_people
            else "The text refers to no one"
        )
        set_titles(
            fig,
            title or takeaway,
            "References per person (count), by full name, by surname or title, and by role",
        )
        ax.set_xlabel("References in the text")
        ax.set_ylabel("Person")
        ax.set_xlim(0, max(1, order["total"].max() if n_people else 1) * 1.15)
        ax.grid(axis="y", visible=False)
        handles = [Patch(facecolor=colours[k], label=k) for k in kinds]
        if not order["known"].all():
            handles.append(Patch(facecolor=_UNKNOWN, label="not in the people table"))
        ax.legend(handles=handles, loc="lower right")
        add_caption(fig, _caption(people, source_id, sources))
        attach_info(
            fig,
            title="People the text refers to",
            takeaway=title or takeaway,
            alt=f"Stacked bar chart: {takeaway}. "
            + ", ".join(f"{n} {int(t)}" for n, t in order["total"].iloc[::-1].items()),
        )
    return fig
