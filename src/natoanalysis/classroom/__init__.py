"""The report for a classroom: two editions, glossary, gallery, slides and handouts.

:func:`build_classroom` runs at the end of ``natoanalysis report`` with the
executed notebooks and writes, into the report folder:

- ``NN_topic.html``: the analyst edition (code folded, one click to show);
- ``class/index.html`` and ``class/NN_topic.html``: the class edition (no code);
- ``glossary.html``: the glossary of ``data/glossary.csv`` with sources;
- ``gallery.html``: every exported chart (see :mod:`.gallery`);
- ``slides/NN_topic.slides.html``: reveal.js decks, working offline;
- ``handouts/NN_topic.pdf``: A4 handouts of the class edition.

Slides need the reveal.js npm package (``make reveal``) and handouts need
Chromium; without either, the report says what it skipped and carries on.
"""

from __future__ import annotations

import html
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._page import NavLink, nav_html, page

if TYPE_CHECKING:
    from ..report import NotebookInfo
from .editions import (
    Page,
    edition_files,
    glossary_entries,
    glossary_page,
    prepare,
    takeaway_text,
)
from .gallery import GalleryRecord, gallery_html
from .handouts import find_chromium, print_pdfs
from .slides import deck_html, find_reveal, reveal_files

__all__ = ["Classroom", "GalleryRecord", "build_classroom", "index_section"]


@dataclass
class Classroom:
    """What :func:`build_classroom` wrote (paths relative to the report folder)."""

    gallery: bool = False
    slides: list[str] = field(default_factory=list)
    handouts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _class_index(pages: Sequence[Page], summaries: dict[str, str], done: Classroom) -> str:
    items = []
    for p in pages:
        extra = []
        if f"slides/{p.stem}.slides.html" in done.slides:
            extra.append(f'<a href="../slides/{p.stem}.slides.html">Slides</a>')
        if f"handouts/{p.stem}.pdf" in done.handouts:
            extra.append(f'<a href="../handouts/{p.stem}.pdf">Handout (PDF, A4)</a>')
        extra.append(f'<a href="../{p.stem}.html">Analyst edition (with code)</a>')
        takeaway = takeaway_text(p.nb)
        about = (
            f'<p class="takeaway"><strong>Takeaway:</strong> {html.escape(takeaway)}</p>'
            if takeaway
            else f"<p>{html.escape(summaries.get(p.stem, ''))}</p>"
        )
        items.append(
            f'<li><a href="{p.stem}.html">{html.escape(p.title)}</a>'
            f"{about}"
            f"<p>{' · '.join(extra)}</p></li>"
        )
    body = (
        "<p>The notebooks without code: narrative, tables and charts, each opening "
        "with its takeaways. Present them as slides, print the handouts, or show a "
        "page full screen (F11).</p>\n"
        f'<ol class="notebooks">\n{chr(10).join(items)}\n</ol>'
    )
    nav = nav_html(
        [
            NavLink("../index.html", "Analyst edition and downloads"),
            NavLink("../glossary.html", "Glossary"),
            *([NavLink("../gallery.html", "Figure gallery")] if done.gallery else []),
        ]
    )
    return page("natoanalysis for the classroom", body, nav=nav)


def build_classroom(
    files: dict[str, bytes],
    notebooks: Sequence[tuple[NotebookInfo, Any]],
    *,
    data_dir: object = None,
    progress: Callable[[str], None] | None = None,
    gallery: bool | None = None,
    before_gallery: Callable[[], None] | None = None,
) -> Classroom:
    """Add the editions, glossary, gallery, slides and handouts to ``files``.

    ``files`` maps report-relative paths to bytes (the report writes them
    in one batch). ``notebooks`` holds ``(info, executed_notebook)`` pairs
    in reading order, where ``info`` is a :class:`natoanalysis.report.NotebookInfo`.

    The gallery page is made from the exported figures' manifest in
    ``files``. ``gallery`` says whether the pages link to it (default:
    whether ``files`` holds the manifest already). ``before_gallery`` is
    called once the pages and slides are made and the handouts are being
    printed, before the gallery page: the report adds its figures to
    ``files`` there, rendered in a thread meanwhile.
    """
    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    start = time.perf_counter()
    done = Classroom()
    entries = glossary_entries(data_dir)
    pages = [Page(info.path.stem, info.title, nb) for info, nb in notebooks]
    summaries = {info.path.stem: info.summary for info, _ in notebooks}
    linked = ("figures/figures.json" in files) if gallery is None else gallery
    reveal = find_reveal()
    chromium = find_chromium()
    files.update(
        edition_files(
            pages,
            entries,
            slides=reveal is not None,
            handouts=chromium is not None,
            gallery=linked,
        )
    )
    with tempfile.TemporaryDirectory(prefix="natoanalysis-handouts-") as tmp:
        printing = None
        if chromium is None:
            done.skipped.append(
                "handouts: Chromium is not installed (Debian: apt-get install chromium)"
            )
        else:  # in a child process, while the slides (and the figures) are made
            jobs = []
            for p in pages:
                page_path = Path(tmp) / f"{p.stem}.html"
                page_path.write_bytes(files[f"class/{p.stem}.html"])
                jobs.append((page_path, Path(tmp) / f"{p.stem}.pdf"))
            try:
                printing = print_pdfs(jobs, chromium)
            except OSError as exc:
                done.skipped.append(f"handouts: {exc}")
        try:
            glossary_nav = nav_html(
                [
                    NavLink("index.html", "All notebooks"),
                    NavLink("class/index.html", "Class edition"),
                    *([NavLink("gallery.html", "Figure gallery")] if linked else []),
                ]
            )
            files["glossary.html"] = glossary_page(entries, glossary_nav).encode("utf-8")
            if reveal is None:
                done.skipped.append(
                    "slides: reveal.js is not installed (run `make reveal`, which uses npm)"
                )
            else:
                files.update(reveal_files(reveal))
                for p in pages:
                    deck = deck_html(prepare(p.nb, entries, "../glossary.html"))
                    files[f"slides/{p.stem}.slides.html"] = deck.encode("utf-8")
                    done.slides.append(f"slides/{p.stem}.slides.html")
            if before_gallery is not None:
                before_gallery()
            manifest = files.get("figures/figures.json")
            if linked and manifest is not None:
                files["gallery.html"] = gallery_html(manifest).encode("utf-8")
                done.gallery = True
        except BaseException:
            if printing is not None:
                printing.kill()  # never leave a browser behind
            raise
        if printing is not None:
            try:
                for p, pdf in zip(pages, printing.wait()):
                    files[f"handouts/{p.stem}.pdf"] = pdf.read_bytes()
                    done.handouts.append(f"handouts/{p.stem}.pdf")
            except RuntimeError as exc:
                done.skipped.append(f"handouts: {exc}")
    files["class/index.html"] = _class_index(pages, summaries, done).encode("utf-8")
    for note in done.skipped:
        say(f"skipped {note}")
    say(
        f"classroom: 2 editions of {len(pages)} notebooks, {len(done.slides)} slide decks, "
        f"{len(done.handouts)} handouts in {time.perf_counter() - start:.1f} s"
    )
    return done


def index_section(done: Classroom) -> str:
    """The report index's "For the classroom" section."""
    links = [
        '<li><a href="class/index.html">Class edition</a>: every notebook without code, '
        "takeaways first, with slides and printable handouts</li>",
        '<li><a href="glossary.html">Glossary</a>: the terms the notebooks use, with sources</li>',
    ]
    if done.gallery:
        links.insert(
            1,
            '<li><a href="gallery.html">Figure gallery</a>: every chart with its takeaway, '
            "description and source, full size for a projector</li>",
        )
    notes = "".join(f"<p>Not built here: {html.escape(s)}.</p>\n" for s in done.skipped)
    return "<h2>For the classroom</h2>\n<ul>\n" + "\n".join(links) + "\n</ul>\n" + notes
