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
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._io import atomic_write_text
from ._page import NavLink, nav_html, page
from .editions import Page, glossary_entries, glossary_page, prepare, write_editions
from .gallery import export_figures, write_gallery
from .handouts import find_chromium, print_pdfs
from .slides import copy_reveal, find_reveal, write_deck

__all__ = ["Classroom", "build_classroom", "export_figures", "index_section"]


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
        items.append(
            f'<li><a href="{p.stem}.html">{html.escape(p.title)}</a>'
            f"<p>{html.escape(summaries.get(p.stem, ''))}</p>"
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
    out: Path,
    notebooks: Sequence[tuple[object, object]],
    *,
    progress: Callable[[str], None] | None = None,
) -> Classroom:
    """Write the editions, glossary, gallery, slides and handouts into ``out``.

    ``notebooks`` holds ``(info, executed_notebook)`` pairs in reading order,
    where ``info`` is a :class:`natoanalysis.report.NotebookInfo`.
    """
    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    start = time.perf_counter()
    done = Classroom()
    entries = glossary_entries()
    pages = [Page(info.path.stem, info.title, nb) for info, nb in notebooks]
    summaries = {info.path.stem: info.summary for info, _ in notebooks}
    done.gallery = write_gallery(out) is not None
    reveal = find_reveal()
    chromium = find_chromium()
    write_editions(
        out,
        pages,
        entries,
        slides=reveal is not None,
        handouts=chromium is not None,
        gallery=done.gallery,
    )
    printing = None
    if chromium is None:
        done.skipped.append(
            "handouts: Chromium is not installed (Debian: apt-get install chromium)"
        )
    else:  # in a child process, while the slides are written
        jobs = [
            (out / "class" / f"{p.stem}.html", out / "handouts" / f"{p.stem}.pdf") for p in pages
        ]
        try:
            printing = print_pdfs(jobs, chromium)
        except OSError as exc:
            done.skipped.append(f"handouts: {exc}")
    try:
        glossary_nav = nav_html(
            [
                NavLink("index.html", "All notebooks"),
                NavLink("class/index.html", "Class edition"),
                *([NavLink("gallery.html", "Figure gallery")] if done.gallery else []),
            ]
        )
        atomic_write_text(out / "glossary.html", glossary_page(entries, glossary_nav))
        if reveal is None:
            done.skipped.append(
                "slides: reveal.js is not installed (run `make reveal`, which uses npm)"
            )
        else:
            copy_reveal(reveal, out / "slides")
            for p in pages:
                write_deck(prepare(p.nb, entries, "../glossary.html"), out / "slides", p.stem)
                done.slides.append(f"slides/{p.stem}.slides.html")
    except BaseException:
        if printing is not None:
            printing.kill()  # never leave a browser behind
        raise
    if printing is not None:
        try:
            printing.wait()
            done.handouts = [f"handouts/{p.stem}.pdf" for p in pages]
        except RuntimeError as exc:
            done.skipped.append(f"handouts: {exc}")
    atomic_write_text(out / "class" / "index.html", _class_index(pages, summaries, done))
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
