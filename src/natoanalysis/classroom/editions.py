"""Two editions of every executed notebook, and the glossary page they link to.

- The **analyst** edition (``NN_topic.html``): every cell, with the code
  folded in a ``<details>`` element (one click shows it).
- The **class** edition (``class/NN_topic.html``): narrative, tables and
  charts only; no code cell at all.

Both open with the notebook's takeaways (its closing "Takeaways" section,
lifted to the top), carry links to the index and the previous and next
notebook, and link the first use of every glossary term on the page to
``glossary.html``. Pages are written by nbconvert with the report's own
sanitiser, so text from an article never becomes a live script.
"""

from __future__ import annotations

import copy
import functools
import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._page import CSS, NavLink, nav_html, page

__all__ = [
    "GlossaryEntry",
    "glossary_entries",
    "glossary_page",
    "hoist_takeaways",
    "link_glossary",
    "render_page",
    "takeaway_text",
]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TAKEAWAYS_TAG = "takeaways"
#: The tag of the cell that states a notebook's one-paragraph takeaway (right after its main chart).
TAKEAWAY_TAG = "takeaway"
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    forms: tuple[str, ...]
    definition: str
    source: str
    url: str

    @property
    def anchor(self) -> str:
        return "g-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


def glossary_entries(data_dir=None) -> list[GlossaryEntry]:
    """The glossary (``na.load_glossary()``) with each definition's source."""
    from ..tables import load_glossary, load_sources

    glossary = load_glossary(data_dir)
    sources = load_sources(data_dir).set_index("source_id")
    out = []
    for row in glossary.itertuples(index=False):
        also = row.also if isinstance(row.also, str) else ""
        forms = (row.term, *(a.strip() for a in also.split(";") if a.strip()))
        src = sources.loc[row.source_id] if row.source_id in sources.index else None
        source = f"{src['publisher']}, “{src['title']}”" if src is not None else str(row.source_id)
        url = str(src["url"]) if src is not None else ""
        out.append(GlossaryEntry(row.term, forms, row.definition, source, url))
    return sorted(out, key=lambda e: e.term.lower())


def glossary_page(entries: Sequence[GlossaryEntry], nav: str) -> str:
    items = []
    for e in entries:
        also = [f for f in e.forms[1:]]
        also_html = (
            f'<span class="also"> (also: {html.escape(", ".join(also))})</span>' if also else ""
        )
        source = html.escape(e.source)
        if e.url.startswith(("http://", "https://")):
            source = f'<a href="{html.escape(e.url, quote=True)}">{source}</a>'
        items.append(
            f'<dt id="{e.anchor}">{html.escape(e.term)}{also_html}</dt>\n'
            f"<dd><p>{html.escape(e.definition)}</p>"
            f'<p class="source">Source: {source}</p></dd>'
        )
    body = (
        "<p>The words and abbreviations the notebooks use, explained for a reader of "
        "sixteen. Each definition names the source it was checked against. On every page "
        "the first use of a term links here.</p>\n"
        '<dl class="glossary">\n' + "\n".join(items) + "\n</dl>"
    )
    return page("Glossary", body, nav=nav)


def _section_cells(nb, start: int) -> int:
    """Index after the last cell of the section whose heading cell is ``start``."""
    heading = _HEADING.search(nb.cells[start].source)
    if heading is None:
        raise ValueError(f"cell {start} is not a heading")
    level = len(heading.group(1))
    for i in range(start + 1, len(nb.cells)):
        cell = nb.cells[i]
        if cell.cell_type == "markdown":
            m = _HEADING.search(cell.source)
            if m and m.start() == 0 and len(m.group(1)) <= level:
                return i
    return len(nb.cells)


def hoist_takeaways(nb):
    """A copy of ``nb`` with its "Takeaways" section moved right after the title cell.

    The moved cells are tagged ``takeaways`` (the pages highlight them).
    A notebook without such a section is returned unchanged (as a copy).
    """
    nb = copy.deepcopy(nb)
    start = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.match(r"#{1,6}\s+Takeaways\b", cell.source):
            start = i
            break
    if start is None or start == 0:
        return nb
    end = _section_cells(nb, start)
    moved = nb.cells[start:end]
    del nb.cells[start:end]
    for cell in moved:
        tags = cell.metadata.setdefault("tags", [])
        if TAKEAWAYS_TAG not in tags:
            tags.append(TAKEAWAYS_TAG)
    nb.cells[1:1] = moved
    return nb


def takeaway_text(nb) -> str:
    """The notebook's takeaway as plain text: what its ``takeaway``-tagged cell shows.

    For a code cell that is its Markdown (or plain-text) output, so the
    sentence carries the numbers computed when the notebook last ran; for a
    markdown cell, its source. Empty when no cell is tagged.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("Markdown(...)", metadata={"tags": ["takeaway"]})
    >>> cell.outputs = [nbformat.v4.new_output("execute_result",
    ...     {"text/markdown": "NATO has **32** allies.", "text/plain": "<Markdown>"})]
    >>> takeaway_text(nbformat.v4.new_notebook(cells=[cell]))
    'NATO has 32 allies.'
    """
    from ..report import _plain

    for cell in nb.cells:
        if TAKEAWAY_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "markdown":
            return _plain(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/markdown"), str):
                return _plain(data["text/markdown"])
        return ""
    return ""


# Spans never rewritten: code, links, HTML tags, URLs and headings.
_PROTECTED = re.compile(
    r"```.*?```|`[^`\n]*`|!?\[[^\]]*\]\([^)]*\)|<a\b.*?</a>|<[^>]+>|https?://\S+|^#[^\n]*$",
    re.M | re.S,
)


def _term_pattern(
    entries: Iterable[GlossaryEntry],
) -> tuple[re.Pattern[str], dict[str, GlossaryEntry]]:
    by_form: dict[str, GlossaryEntry] = {}
    alts = []
    for e in entries:
        for form in e.forms:
            if len(form) < 2:
                continue
            if form[1:] == form[1:].lower():  # a word: either case for its first letter
                key = form.lower()
                alt = f"[{re.escape(form[0].upper())}{re.escape(form[0].lower())}]" + re.escape(
                    form[1:]
                )
            else:  # an acronym or a proper name: exactly as written
                key = form
                alt = re.escape(form)
            by_form.setdefault(key, e)
            alts.append((len(form), alt))
    alts.sort(key=lambda a: -a[0])
    pattern = re.compile(r"(?<![\w-])(" + "|".join(a for _, a in alts) + r")(?![\w-])")
    return pattern, by_form


class _Linker:
    """Links the first use of each term, across the cells of one page."""

    def __init__(self, entries: Sequence[GlossaryEntry], href: str) -> None:
        self.pattern, self.by_form = _term_pattern(entries)
        self.href = href
        self.done: set[str] = set()

    def _entry(self, word: str) -> GlossaryEntry | None:
        return self.by_form.get(word) or self.by_form.get(word.lower())

    def _replace(self, match: re.Match[str]) -> str:
        word = match.group(1)
        entry = self._entry(word)
        if entry is None or entry.term in self.done:
            return word
        self.done.add(entry.term)
        return (
            f'<a class="glossary-term" href="{html.escape(self.href, quote=True)}#{entry.anchor}" '
            f'title="{html.escape(entry.definition, quote=True)}">{word}</a>'
        )

    def __call__(self, text: str) -> str:
        out, pos = [], 0
        for m in _PROTECTED.finditer(text):
            out.append(self.pattern.sub(self._replace, text[pos : m.start()]))
            out.append(m.group(0))
            pos = m.end()
        out.append(self.pattern.sub(self._replace, text[pos:]))
        return "".join(out)


def link_glossary(nb, entries: Sequence[GlossaryEntry], href: str = "glossary.html"):
    """Link the first use of each glossary term in ``nb`` (in place; returns ``nb``).

    Looks in markdown cells and markdown outputs, in page order; headings,
    code, links and URLs are left alone.

    >>> import nbformat
    >>> e = [GlossaryEntry("NSATU", ("NSATU",), "A NATO command.", "NATO", "")]
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("NSATU and NSATU")])
    >>> link_glossary(nb, e).cells[0].source.count("glossary-term")
    1
    """
    linker = _Linker(entries, href)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = linker(cell.source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/markdown"), str):
                data["text/markdown"] = linker(data["text/markdown"])
    return nb


def describe_images(nb) -> None:
    """Give every chart output an ``alt`` text unless it has one (in place).

    The alt names the chart's section; a chart displayed with
    ``metadata={"image/png": {"alt": ...}}`` keeps its own.
    """
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for m in _HEADING.finditer(cell.source):
                heading = re.sub(r"[*_`]", "", m.group(2)).strip()
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue
            meta = output.setdefault("metadata", {}).setdefault("image/png", {})
            meta.setdefault("alt", f"Chart for the section “{heading}”" if heading else "Chart")


def prepare(nb, entries: Sequence[GlossaryEntry], glossary_href: str):
    """Takeaways first, glossary links, alt texts: the page-ready copy of ``nb``."""
    nb = hoist_takeaways(nb)
    link_glossary(nb, entries, glossary_href)
    describe_images(nb)
    return nb


@functools.lru_cache(maxsize=2)
def _exporter(edition: str):
    from nbconvert import HTMLExporter

    from ..sanitize import safe_html
    from ._nbconvert import without_soup

    class_edition = edition == "class"
    return without_soup(HTMLExporter)(
        extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)],
        template_name="natoanalysis_edition",
        sanitize_html=True,
        filters={"clean_html": safe_html},
        exclude_input=class_edition,
        exclude_input_prompt=class_edition,
        exclude_output_prompt=class_edition,
    )


def render_page(nb, edition: str, nav: str) -> str:
    """One page of ``edition`` ("analyst" or "class") as HTML."""
    body, _ = _exporter(edition).from_notebook_node(
        nb, resources={"edition": edition, "nav_html": nav, "classroom_css": CSS}
    )
    return body


@dataclass(frozen=True)
class Page:
    """One notebook's place in the report."""

    stem: str
    title: str
    nb: object  # the executed notebook


def _neighbours(pages: Sequence[Page], i: int, prefix: str) -> list[NavLink]:
    links = []
    if i > 0:
        p = pages[i - 1]
        links.append(NavLink(f"{prefix}{p.stem}.html", f"← Previous: {p.title}", "prev", "prev"))
    if i + 1 < len(pages):
        p = pages[i + 1]
        links.append(NavLink(f"{prefix}{p.stem}.html", f"Next: {p.title} →", "next", "next"))
    return links


def page_files(
    pages: Sequence[Page],
    i: int,
    entries: Sequence[GlossaryEntry],
    *,
    slides: bool,
    handouts: bool,
    gallery: bool,
) -> dict[str, bytes]:
    """Both editions of ``pages[i]``: report-relative path -> bytes.

    Only ``pages[i]`` needs its notebook; the others give their stem and
    title to the previous/next links.
    """
    p = pages[i]
    analyst_nav = [
        NavLink("index.html", "All notebooks"),
        NavLink("glossary.html", "Glossary"),
        *([NavLink("gallery.html", "Figure gallery")] if gallery else []),
        NavLink(f"class/{p.stem}.html", "Class edition (no code)", "edition"),
        *_neighbours(pages, i, ""),
    ]
    class_nav = [
        NavLink("index.html", "All notebooks"),
        NavLink("../glossary.html", "Glossary"),
        *([NavLink("../gallery.html", "Figure gallery")] if gallery else []),
        *([NavLink(f"../slides/{p.stem}.slides.html", "Slides")] if slides else []),
        *([NavLink(f"../handouts/{p.stem}.pdf", "Handout (PDF)")] if handouts else []),
        NavLink(f"../{p.stem}.html", "Analyst edition (with code)", "edition"),
        *_neighbours(pages, i, ""),
    ]
    analyst = render_page(prepare(p.nb, entries, "glossary.html"), "analyst", nav_html(analyst_nav))
    klass = render_page(prepare(p.nb, entries, "../glossary.html"), "class", nav_html(class_nav))
    return {
        f"{p.stem}.html": analyst.encode("utf-8"),
        f"class/{p.stem}.html": klass.encode("utf-8"),
    }
