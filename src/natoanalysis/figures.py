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
from typing import Any

from matplotlib.figure import Figure

from .datapackage import DataPackage, load_package

__all__ = ["FIGURES", "PNG_WIDTH", "figure_files", "render_figure", "write_figures"]

#: Exported PNGs are at least this many pixels wide: a projector's full HD.
PNG_WIDTH = 1920


def _members_growth(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.membership_over_time(tables.load_members(pkg))


def _members_waves(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.allies_per_wave(tables.load_members(pkg))


def _sg_tenures(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.secretaries_general_tenures(tables.load_secretaries_general(pkg))


def _sg_by_country(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.secretaries_general_by_country(tables.load_secretaries_general(pkg))


def _race(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.race_timeline(tables.load_events(pkg), tables.load_people(pkg))


def _verdicts(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.verdicts_by_type(tables.load_claims(pkg))


def _spending_2024(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.spending_by_ally(
        tables.load_defence_spending(pkg),
        tables.load_guidelines(pkg),
        tables.load_members(pkg),
        year=2024,
    )


def _spending_change(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.spending_change(
        tables.load_defence_spending(pkg), tables.load_guidelines(pkg), tables.load_members(pkg)
    )


def _spending_series(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.spending_series(
        tables.load_defence_spending(pkg), tables.load_guidelines(pkg), tables.load_members(pkg)
    )


def _alliance_map(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.alliance_map(tables.load_members(pkg), tables.load_country_shapes(pkg))


def _spending_map(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.spending_map(
        tables.load_defence_spending(pkg),
        tables.load_guidelines(pkg),
        tables.load_members(pkg),
        tables.load_country_shapes(pkg),
        year=2024,
    )


def _outcomes_by_direction(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.outcomes_by_direction(tables.load_outcomes(pkg), tables.load_priorities(pkg))


def _outcomes_timeline(priority_id: str) -> Callable[..., Figure]:
    def build(pkg: DataPackage | None = None) -> Figure:
        from . import charts, tables

        return charts.outcomes_timeline(
            tables.load_outcomes(pkg), priority_id, tables.load_priorities(pkg)
        )

    return build


def _spending_commitments(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    return charts.spending_against_commitments(
        tables.load_defence_spending(pkg), tables.load_guidelines(pkg), tables.load_members(pkg)
    )


def _corpus_mentions(pkg: DataPackage | None = None) -> Figure:
    from . import charts, corpus

    tables = corpus.sample_corpus(data_dir=pkg)
    return charts.corpus_mentions_over_time(corpus.mentions_per_state(tables, freq="month"))


def _corpus_quotes(pkg: DataPackage | None = None) -> Figure:
    from . import charts, corpus

    return charts.corpus_quotes_by_speaker(
        corpus.quotes_per_speaker(corpus.sample_corpus(data_dir=pkg))
    )


def _article_tables(pkg: DataPackage | None = None) -> dict[str, Any]:
    """The extractor's tables of the bundled article, as notebook 04 builds them."""
    from . import extract, tables

    window: Any = tables.article_metadata(pkg)["published_window"]
    return extract.extract_article(
        tables.load_article_text(pkg),
        published=(window[0], window[1]),
        data_dir=pkg.root if pkg is not None else None,
    )


def _mentions_by_country(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    countries = _article_tables(pkg)["countries"]
    return charts.mentions_by_country(countries, sources=tables.load_sources(pkg))


def _mentions_by_person(pkg: DataPackage | None = None) -> Figure:
    from . import charts, tables

    people = _article_tables(pkg)["people"]
    return charts.mentions_by_person(people, sources=tables.load_sources(pkg))


#: name -> a function that loads the tables it needs from a data handle
#: (default: the default data folder) and returns the Figure.
FIGURES: dict[str, Callable[..., Figure]] = {
    "membership_over_time": _members_growth,
    "allies_per_wave": _members_waves,
    "secretaries_general_tenures": _sg_tenures,
    "secretaries_general_by_country": _sg_by_country,
    "race_timeline": _race,
    "verdicts_by_type": _verdicts,
    "spending_by_ally_2024": _spending_2024,
    "spending_change_2014_2024": _spending_change,
    "spending_series_2014_2025": _spending_series,
    "alliance_map": _alliance_map,
    "spending_map_2024": _spending_map,
    "outcomes_by_direction": _outcomes_by_direction,
    **{f"outcomes_timeline_{p}": _outcomes_timeline(p) for p in ("p1", "p2", "p3", "p4")},
    "spending_against_commitments_2025": _spending_commitments,
    "corpus_mentions_over_time": _corpus_mentions,
    "corpus_quotes_by_speaker": _corpus_quotes,
    "mentions_by_country": _mentions_by_country,
    "mentions_by_person": _mentions_by_person,
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
        if fmt == "png":
            dpi = max(mpl.rcParams["savefig.dpi"], math.ceil(PNG_WIDTH / fig.get_figwidth()))
            # zlib level 3, not Pillow's 6: a fifth less time, about 1% more bytes
            options = {"dpi": dpi, "pil_kwargs": {"compress_level": 3}}
        else:
            options = {"dpi": "figure"}
        fig.savefig(buf, format=fmt, metadata=metadata, **options)
    return buf.getvalue()


def figure_files(
    names: list[str] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    *,
    data_dir: str | os.PathLike[str] | DataPackage | None = None,
    on_figure: Callable[[str, Figure], None] | None = None,
) -> dict[str, bytes]:
    """Every figure (or ``names``) rendered: ``NAME.fmt`` -> bytes.

    ``on_figure(name, fig)`` is called with each Figure (the gallery reads
    its title and caption there).
    """
    pkg = load_package(data_dir)
    files: dict[str, bytes] = {}
    for name in names or list(FIGURES):
        if name not in FIGURES:
            raise KeyError(f"no figure named {name!r}; known: {', '.join(FIGURES)}")
        fig = FIGURES[name](pkg)
        # SVG first, whatever order was asked for: a PNG render at
        # presentation size settles the layout at its own resolution, and
        # an SVG drawn after it would differ from one drawn alone, so that
        # `--format svg` and `--format png svg` give the same SVG bytes.
        for fmt in sorted(formats, key=lambda f: f != "svg"):
            files[f"{name}.{fmt}"] = render_figure(fig, fmt)
        if on_figure is not None:
            on_figure(name, fig)
    return files


def write_figures(
    out: str | os.PathLike[str],
    names: list[str] | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    *,
    data_dir: str | os.PathLike[str] | DataPackage | None = None,
    force: bool = False,
) -> list[Path]:
    """Render figures into ``out`` as ``NAME.png`` and ``NAME.svg``, all or nothing."""
    from .export import write_files

    return write_files(out, figure_files(names, formats, data_dir=data_dir), force=force)
