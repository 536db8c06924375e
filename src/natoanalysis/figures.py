"""Every chart the package can draw from its own tables, by name.

The registry lets ``natoanalysis figures`` and the report export every
chart (PNG for slides, SVG for print) without running any notebook.

>>> "membership_over_time" in FIGURES
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from ._io import atomic_write_bytes

__all__ = ["FIGURES", "PNG_WIDTH", "render_figure", "write_figures"]

#: Exported PNGs are at least this many pixels wide: a projector's full HD.
PNG_WIDTH = 1920


def _members_growth() -> Figure:
    from . import charts, tables

    return charts.membership_over_time(tables.load_members())


def _members_waves() -> Figure:
    from . import charts, tables

    return charts.allies_per_wave(tables.load_members())


def _sg_tenures() -> Figure:
    from . import charts, tables

    return charts.secretaries_general_tenures(tables.load_secretaries_general())


def _sg_by_country() -> Figure:
    from . import charts, tables

    return charts.secretaries_general_by_country(tables.load_secretaries_general())


def _race() -> Figure:
    from . import charts, tables

    return charts.race_timeline(tables.load_events(), tables.load_people())


def _verdicts() -> Figure:
    from . import charts, tables

    return charts.verdicts_by_type(tables.load_claims())


def _spending_2024() -> Figure:
    from . import charts, tables

    return charts.spending_by_ally(
        tables.load_defence_spending(), tables.load_guidelines(), tables.load_members(), year=2024
    )


def _spending_change() -> Figure:
    from . import charts, tables

    return charts.spending_change(
        tables.load_defence_spending(), tables.load_guidelines(), tables.load_members()
    )


def _alliance_map() -> Figure:
    from . import charts, tables

    return charts.alliance_map(tables.load_members(), tables.load_country_shapes())


def _spending_map() -> Figure:
    from . import charts, tables

    return charts.spending_map(
        tables.load_defence_spending(),
        tables.load_guidelines(),
        tables.load_members(),
        tables.load_country_shapes(),
        year=2024,
    )


def _outcomes_by_direction() -> Figure:
    from . import charts, tables

    return charts.outcomes_by_direction(tables.load_outcomes(), tables.load_priorities())


def _outcomes_timeline(priority_id: str) -> Callable[[], Figure]:
    def build() -> Figure:
        from . import charts, tables

        return charts.outcomes_timeline(
            tables.load_outcomes(), priority_id, tables.load_priorities()
        )

    return build


def _spending_commitments() -> Figure:
    from . import charts, tables

    return charts.spending_against_commitments(
        tables.load_defence_spending(), tables.load_guidelines(), tables.load_members()
    )


#: name -> a function that loads the tables it needs and returns the Figure.
FIGURES: dict[str, Callable[[], Figure]] = {
    "membership_over_time": _members_growth,
    "allies_per_wave": _members_waves,
    "secretaries_general_tenures": _sg_tenures,
    "secretaries_general_by_country": _sg_by_country,
    "race_timeline": _race,
    "verdicts_by_type": _verdicts,
    "spending_by_ally_2024": _spending_2024,
    "spending_change_2014_2024": _spending_change,
    "alliance_map": _alliance_map,
    "spending_map_2024": _spending_map,
    "outcomes_by_direction": _outcomes_by_direction,
    **{f"outcomes_timeline_{p}": _outcomes_timeline(p) for p in ("p1", "p2", "p3", "p4")},
    "spending_against_commitments_2025": _spending_commitments,
}


def render_figure(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG (at least :data:`PNG_WIDTH` pixels wide) or SVG (text
    as outlines) bytes, with no timestamp or random ids.

    >>> from natoanalysis.figures import FIGURES
    >>> render_figure(FIGURES["allies_per_wave"](), "svg")[:5]
    b'<?xml'
    """
    import io
    import math

    import matplotlib as mpl

    from .charts import style

    buf = io.BytesIO()
    metadata: dict[str, str | None] = (
        {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    )
    # carries svg.hashsalt, so SVG ids are stable; text as paths, so an SVG
    # looks the same on a computer without the fonts
    with style(), mpl.rc_context({"svg.fonttype": "path"}):
        dpi = max(mpl.rcParams["savefig.dpi"], math.ceil(PNG_WIDTH / fig.get_figwidth()))
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=dpi if fmt == "png" else "figure")
    return buf.getvalue()


def write_figures(
    out: str | os.PathLike[str],
    names: list[str] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
) -> list[Path]:
    """Render figures into ``out`` as ``NAME.png`` and ``NAME.svg`` (atomically)."""
    folder = Path(out)
    written = []
    for name in names or list(FIGURES):
        if name not in FIGURES:
            raise KeyError(f"no figure named {name!r}; known: {', '.join(FIGURES)}")
        fig = FIGURES[name]()
        for fmt in formats:
            written.append(atomic_write_bytes(folder / f"{name}.{fmt}", render_figure(fig, fmt)))
    return written
