"""The report for a classroom: two editions, glossary, gallery, slides and handouts.

:class:`ClassroomBuild` runs alongside ``natoanalysis report``, taking each
notebook as soon as it has run, and writes, into the report folder:

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
    glossary_entries,
    glossary_page,
    page_files,
    prepare,
    takeaway_text,
)
from .gallery import GalleryRecord, gallery_html
from .handouts import PrintJob, find_chromium
from .slides import deck_html, find_reveal, reveal_files

__all__ = ["Classroom", "ClassroomBuild", "GalleryRecord", "index_section"]


@dataclass
class Classroom:
    """What :class:`ClassroomBuild` wrote (paths relative to the report folder)."""

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


class ClassroomBuild:
    """The classroom outputs, made notebook by notebook while a report runs.

    Start it with every notebook's :class:`~natoanalysis.report.NotebookInfo`
    before the first one runs. :meth:`add` each executed notebook as it
    comes (its two pages and its slides are made, and its handout is
    printed by a Chromium started with the first, while later notebooks
    still run), then :meth:`finish`. :meth:`abort` if the report fails, so
    that no browser outlives it.

    ``gallery`` says whether the pages link to the gallery page, which
    :meth:`finish` makes from the exported figures' manifest.
    """

    def __init__(
        self,
        infos: Sequence[NotebookInfo],
        *,
        data_dir: object = None,
        gallery: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self._say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self.done = Classroom()
        self._entries = glossary_entries(data_dir)
        self._pages = [Page(info.path.stem, info.title, None) for info in infos]
        self._summaries = {info.path.stem: info.summary for info in infos}
        self._added = 0
        self._gallery = gallery
        self._reveal = find_reveal()
        self._chromium = find_chromium()
        self._files: dict[str, bytes] = {}
        self._tmp = tempfile.TemporaryDirectory(prefix="natoanalysis-handouts-")
        self._printing: PrintJob | None = None
        if self._chromium is None:
            self.done.skipped.append(
                "handouts: Chromium is not installed (Debian: apt-get install chromium)"
            )
        if self._reveal is None:
            self.done.skipped.append(
                "slides: reveal.js is not installed (run `make reveal`, which uses npm)"
            )
        else:
            self._files.update(reveal_files(self._reveal))

    def add(self, info: NotebookInfo, nb: Any) -> None:
        """The next notebook in reading order, executed: its pages, slides and handout."""
        try:
            i = self._added
            if i >= len(self._pages) or self._pages[i].stem != info.path.stem:
                raise ValueError(f"{info.path.name} is not the next notebook of this report")
            self._added += 1
            stem = info.path.stem
            self._pages[i] = Page(stem, info.title, nb)
            self._files.update(self._page_files(i, handouts=self._chromium is not None))
            if i == 0 and self._chromium is not None:
                # started with the first page, so a report whose first
                # notebook fails never starts a browser
                try:
                    self._printing = PrintJob(self._chromium)
                except OSError as exc:
                    self.done.skipped.append(f"handouts: {exc}")
            if self._printing is not None:
                page_path = Path(self._tmp.name) / f"{stem}.html"
                page_path.write_bytes(self._files[f"class/{stem}.html"])
                self._printing.add(page_path, Path(self._tmp.name) / f"{stem}.pdf")
            if self._reveal is not None:
                deck = deck_html(prepare(nb, self._entries, "../glossary.html"))
                self._files[f"slides/{stem}.slides.html"] = deck.encode("utf-8")
                self.done.slides.append(f"slides/{stem}.slides.html")
        except BaseException:
            self.abort()
            raise

    def _page_files(self, i: int, *, handouts: bool) -> dict[str, bytes]:
        return page_files(
            self._pages,
            i,
            self._entries,
            slides=self._reveal is not None,
            handouts=handouts,
            gallery=self._gallery,
        )

    def finish(
        self, files: dict[str, bytes], before_gallery: Callable[[], None] | None = None
    ) -> Classroom:
        """Add every classroom file to ``files`` (the report writes them in one batch).

        ``before_gallery`` is called first, while the last handouts print:
        the report adds its exported figures to ``files`` there.
        """
        done = self.done
        start, waited = time.perf_counter(), 0.0
        try:
            if self._added != len(self._pages):
                raise ValueError(f"{len(self._pages) - self._added} notebooks were never added")
            glossary_nav = nav_html(
                [
                    NavLink("index.html", "All notebooks"),
                    NavLink("class/index.html", "Class edition"),
                    *([NavLink("gallery.html", "Figure gallery")] if self._gallery else []),
                ]
            )
            files["glossary.html"] = glossary_page(self._entries, glossary_nav).encode("utf-8")
            if before_gallery is not None:
                mark = time.perf_counter()
                before_gallery()
                waited = time.perf_counter() - mark
            manifest = files.get("figures/figures.json")
            if self._gallery and manifest is not None:
                files["gallery.html"] = gallery_html(manifest).encode("utf-8")
                done.gallery = True
            if self._printing is not None:
                try:
                    for p, pdf in zip(self._pages, self._printing.wait()):
                        files[f"handouts/{p.stem}.pdf"] = pdf.read_bytes()
                        done.handouts.append(f"handouts/{p.stem}.pdf")
                except RuntimeError as exc:
                    done.skipped.append(f"handouts: {exc}")
            if self._chromium is not None and not done.handouts:
                # The pages were made linking to handouts that never came:
                # make them again without the link.
                for i in range(len(self._pages)):
                    self._files.update(self._page_files(i, handouts=False))
        except BaseException:
            self.abort()
            raise
        self._tmp.cleanup()
        files.update(self._files)
        files["class/index.html"] = _class_index(self._pages, self._summaries, done).encode("utf-8")
        for note in done.skipped:
            self._say(f"skipped {note}")
        tail = time.perf_counter() - start - waited
        self._say(
            f"classroom: 2 editions of {len(self._pages)} notebooks, {len(done.slides)} slide "
            f"decks, {len(done.handouts)} handouts, made alongside the notebooks "
            f"({tail:.1f} s after the last one)"
        )
        return done

    def abort(self) -> None:
        """Stop printing (the child process and its browser) and remove the pages it had."""
        if self._printing is not None:
            self._printing.kill()
        self._tmp.cleanup()


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
