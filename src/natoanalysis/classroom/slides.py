"""One reveal.js slide deck per notebook, working offline.

The decks are written by nbconvert's :class:`~nbconvert.SlidesExporter`
from the class edition of each notebook (no code, takeaways first). Every
notebook carries its own slide metadata (``slideshow.slide_type``, the
same that JupyterLab's RISE presents live): section headings start slides,
each chart has a slide of its own, the takeaway and the answers appear as
fragments, and set-up code is skipped. A cell without slide metadata gets
it at export time: a ``#`` or ``##`` heading starts a slide, a ``###``
heading a sub-slide, and code with nothing to show is skipped.

reveal.js comes from the npm registry (``make reveal`` runs ``npm ci``
with the project's ``package.json``) and is copied into ``slides/reveal.js``
beside the decks, so they open from a USB stick with no network.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

from ._page import CSS

__all__ = ["REVEAL_FILES", "add_slide_metadata", "deck_html", "find_reveal", "reveal_files"]

#: The files of the reveal.js npm package a deck needs (paths inside the package).
REVEAL_FILES = (
    "dist/reveal.js",
    "dist/reveal.css",
    "dist/theme/white.css",
    "dist/plugin/notes.js",
    "LICENSE",
)
REVEAL_PREFIX = "reveal.js"
_HEADING = re.compile(r"\s*(#{1,6})\s")

SLIDE_CSS = """
.reveal .slides section { overflow-y: auto; max-height: 100%; text-align: left; }
.reveal .slides section .jp-RenderedImage img { max-height: 600px; width: auto; }
.reveal table { font-size: .55em; }
.reveal .jp-RenderedMarkdown p, .reveal .jp-RenderedMarkdown li { font-size: .8em; }
.reveal h1 { font-size: 1.6em; } .reveal h2 { font-size: 1.3em; } .reveal h3 { font-size: 1.1em; }
"""


def find_reveal() -> Path | None:
    """The reveal.js npm package in ``node_modules/`` of the source checkout
    (``make reveal``); None when it is not installed."""
    path = Path(__file__).resolve().parents[3] / "node_modules" / "reveal.js"
    return path if (path / "dist" / "reveal.js").is_file() else None


def add_slide_metadata(nb):
    """A copy of ``nb`` where headings start slides (see the module docstring).

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## A"),
    ...     nbformat.v4.new_markdown_cell("text"), nbformat.v4.new_markdown_cell("### B")])
    >>> [c.metadata.slideshow["slide_type"] for c in add_slide_metadata(nb).cells]
    ['slide', '-', 'subslide']
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if "slideshow" in cell.metadata:
            continue
        kind = "-"
        if cell.cell_type == "markdown":
            m = _HEADING.match(cell.source)
            if m:
                kind = "slide" if len(m.group(1)) <= 2 else "subslide"
        elif cell.cell_type == "code" and not cell.get("outputs"):
            kind = "skip"
        cell.metadata["slideshow"] = {"slide_type": kind}
    return nb


def reveal_files(src: Path) -> dict[str, bytes]:
    """The deck's reveal.js files, as ``slides/reveal.js/...`` -> bytes."""
    return {f"slides/{REVEAL_PREFIX}/{rel}": (src / rel).read_bytes() for rel in REVEAL_FILES}


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import SlidesExporter

    from ..sanitize import safe_html
    from ._nbconvert import without_soup
    from .editions import TEMPLATES

    return without_soup(SlidesExporter)(
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        template_name="natoanalysis_slides",
        reveal_url_prefix=REVEAL_PREFIX,
        reveal_theme="white",
        sanitize_html=True,
        filters={"clean_html": safe_html},
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def deck_html(nb) -> str:
    """The reveal.js deck of a page-ready notebook (see ``editions.prepare``)."""
    body, _ = _exporter().from_notebook_node(
        add_slide_metadata(nb), resources={"classroom_css": CSS + SLIDE_CSS}
    )
    return body
