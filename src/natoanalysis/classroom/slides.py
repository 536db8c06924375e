"""One reveal.js slide deck per notebook, working offline.

The decks are written by nbconvert's :class:`~nbconvert.SlidesExporter`
from the class edition of each notebook (no code, takeaways first). The
notebooks carry no slide metadata of their own: at export time every
markdown cell that opens with a ``#`` or ``##`` heading starts a slide and
a ``###`` heading a sub-slide (a cell that already has slide metadata keeps
it, so a notebook can fine-tune its deck).

reveal.js comes from the npm registry (``make reveal`` runs ``npm ci``
with the project's ``package.json``) and is copied into ``slides/reveal.js``
beside the decks, so they open from a USB stick with no network.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from pathlib import Path

from .._io import atomic_write_bytes, atomic_write_text
from ._page import CSS

__all__ = ["REVEAL_FILES", "add_slide_metadata", "find_reveal", "write_deck"]

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
    """The reveal.js npm package: ``$NATOANALYSIS_REVEAL_JS`` or ``node_modules/reveal.js``
    of the source checkout; None when neither holds ``dist/reveal.js``."""
    candidates = []
    if os.environ.get("NATOANALYSIS_REVEAL_JS"):
        candidates.append(Path(os.environ["NATOANALYSIS_REVEAL_JS"]))
    candidates.append(Path(__file__).resolve().parents[3] / "node_modules" / "reveal.js")
    for path in candidates:
        if (path / "dist" / "reveal.js").is_file():
            return path
    return None


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


def copy_reveal(src: Path, out: Path) -> list[Path]:
    """Copy the deck's reveal.js files into ``out/reveal.js`` (atomically, file by file)."""
    written = []
    for rel in REVEAL_FILES:
        target = out / REVEAL_PREFIX / rel
        written.append(atomic_write_bytes(target, (src / rel).read_bytes()))
    return written


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import SlidesExporter

    from ..report import safe_html
    from .editions import TEMPLATES

    return SlidesExporter(
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


def write_deck(nb, out: Path, stem: str) -> Path:
    """Write ``out/STEM.slides.html`` from a page-ready notebook (see editions.prepare)."""
    body, _ = _exporter().from_notebook_node(
        add_slide_metadata(nb), resources={"classroom_css": CSS + SLIDE_CSS}
    )
    return atomic_write_text(out / f"{stem}.slides.html", body)
