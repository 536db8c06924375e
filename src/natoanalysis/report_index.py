"""The report's index page: notebooks in reading order, figures and tables."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import NotebookInfo


def _links(paths: list[Path], root: Path) -> str:
    return ", ".join(
        f'<a href="{html.escape(p.relative_to(root).as_posix(), quote=True)}">'
        f"{html.escape(p.suffix.lstrip('.').upper())}</a>"
        for p in paths
    )


def _grouped(paths: list[Path], root: Path) -> str:
    groups: dict[str, list[Path]] = {}
    for p in sorted(paths):
        groups.setdefault(p.stem, []).append(p)
    return "\n".join(
        f"    <li>{html.escape(stem)}: {_links(group, root)}</li>" for stem, group in groups.items()
    )


def _source_kinds() -> str:
    from .provenance import describe_source_kinds

    return describe_source_kinds()


def _index_html(
    infos: list[NotebookInfo],
    title: str,
    *,
    root: Path | None = None,
    figures: list[Path] | None = None,
    tables: list[Path] | None = None,
    classroom: str = "",
) -> str:
    items = "\n".join(
        f'    <li><a href="{html.escape(i.html_name, quote=True)}">{html.escape(i.title)}</a>'
        f"<p>{html.escape(i.summary)}</p></li>"
        for i in infos
    )
    extra = ""
    if root is not None and figures:
        extra += (
            "<h2>Figures</h2>\n<p>Every chart, as PNG for slides and SVG for print.</p>\n"
            f"<ul>\n{_grouped(figures, root)}\n</ul>\n"
        )
    if root is not None and tables:
        extra += (
            "<h2>Tables</h2>\n<p>Every table of the data package as CSV, Parquet and JSON; "
            "the data package itself (descriptor, sources, article) is in "
            '<a href="data/">data/</a>, '
            'with every source listed in <a href="data/sources.csv">sources.csv</a>. '
            f"{html.escape(_source_kinds())}</p>\n"
            f"<ul>\n{_grouped(tables, root)}\n</ul>\n"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }}
ol {{ padding-left: 1.2rem; }} li {{ margin-bottom: 1rem; }}
li a {{ font-weight: 600; font-size: 1.1rem; }} li p {{ margin: .2rem 0 0; color: #444; }}
footer {{ margin-top: 2rem; font-size: .9rem; color: #555; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>Notebooks in reading order. Each page was executed top to bottom in a fresh
kernel from the tables of the natoanalysis data package.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
{classroom}{extra}<footer>Built by natoanalysis. Every chart cites its sources; the tables and
their sources are in the data package.</footer>
</main>
</body>
</html>
"""
