"""The classroom outputs of the report: editions, glossary, gallery, slides, handouts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import nbformat
import pytest

from natoanalysis import report
from natoanalysis.classroom import editions, gallery, slides
from natoanalysis.classroom.editions import GlossaryEntry

NOTEBOOKS = report.find_notebooks()
STEMS = [p.stem for p in NOTEBOOKS]
A4 = (595.28, 841.89)  # points


def _md(text):
    return nbformat.v4.new_markdown_cell(text)


def test_takeaways_move_to_the_top_and_are_tagged():
    nb = nbformat.v4.new_notebook(
        cells=[
            _md("# Title\n\nSummary."),
            _md("## Part one"),
            nbformat.v4.new_code_cell("x = 1"),
            _md("## Takeaways"),
            nbformat.v4.new_code_cell("Markdown('- one')"),
            _md("## After"),
        ]
    )
    out = editions.hoist_takeaways(nb)
    assert [c.source[:12] for c in out.cells] == [
        "# Title\n\nSum",
        "## Takeaways",
        "Markdown('- ",
        "## Part one",
        "x = 1",
        "## After",
    ]
    assert all("takeaways" in c.metadata["tags"] for c in out.cells[1:3])
    assert "tags" not in nb.cells[3].metadata, "the executed notebook is not modified"


def test_glossary_links_first_use_only_and_never_in_code_headings_or_links():
    entries = [
        GlossaryEntry("NSATU", ("NSATU",), "A NATO command.", "NATO", ""),
        GlossaryEntry("summit", ("summit", "NATO summit"), "A meeting.", "NATO", ""),
    ]
    nb = nbformat.v4.new_notebook(
        cells=[
            _md("## NSATU in a heading\n\nCode `NSATU` and [NSATU](https://x.org/NSATU)."),
            _md("The Summit agreed; NSATU began. NSATU again, and the summit again."),
            _md("NSATUX and summits are other words."),
        ]
    )
    out = editions.link_glossary(nb, entries, "../glossary.html")
    first, second, third = (c.source for c in out.cells)
    nb2 = nbformat.v4.new_notebook(cells=[_md("# The summit\n\nThe summit met.")])
    linked = editions.link_glossary(nb2, entries).cells[0].source
    assert linked.startswith('# The summit\n\nThe <a class="glossary-term"')
    assert "glossary-term" not in first
    assert second.count("glossary-term") == 2
    assert 'href="../glossary.html#g-nsatu"' in second
    assert ">Summit</a> agreed" in second and "the summit again" in second
    assert "glossary-term" not in third


def test_every_glossary_term_has_a_source_and_an_anchor():
    entries = editions.glossary_entries()
    assert len(entries) >= 18
    anchors = [e.anchor for e in entries]
    assert len(set(anchors)) == len(anchors)
    for e in entries:
        assert e.source and e.url.startswith("http"), e.term


def test_alt_text_is_built_from_the_chart_title():
    from natoanalysis.figures import FIGURES

    info = gallery.describe(FIGURES["spending_by_ally_2024"](), "spending_by_ally_2024")
    assert info["alt"].startswith("Bar chart: ")
    assert info["takeaway"] and info["takeaway"] in info["alt"]
    assert info["source"].startswith("Source")


def test_slide_metadata_keeps_a_notebooks_own():
    nb = nbformat.v4.new_notebook(cells=[_md("## A"), _md("## B"), nbformat.v4.new_code_cell("")])
    nb.cells[1].metadata["slideshow"] = {"slide_type": "fragment"}
    kinds = [c.metadata.slideshow["slide_type"] for c in slides.add_slide_metadata(nb).cells]
    assert kinds == ["slide", "fragment", "skip"]


def _nav_links(page: str) -> dict[str, str]:
    """The first navigation bar's links: by rel (prev/next) or by label."""
    from html.parser import HTMLParser

    links: dict[str, str] = {}

    class Nav(HTMLParser):
        depth, href, key = 0, None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "nav" and "site-nav" in (a.get("class") or "") and not links:
                self.depth = 1
            elif tag == "a" and self.depth:
                self.href, self.key = a.get("href"), a.get("rel")

        def handle_data(self, data):
            if self.href is not None and self.key is None:
                self.key = data.strip()

        def handle_endtag(self, tag):
            if tag == "a" and self.href is not None:
                links[self.key] = self.href
                self.href = None
            elif tag == "nav":
                self.depth = 0

    Nav().feed(page)
    return links


# --- the built report -------------------------------------------------------


@pytest.fixture(scope="module")
def built(built_report) -> Path:
    return built_report


@pytest.mark.parametrize("stem", STEMS)
def test_both_editions_with_navigation_and_takeaways_first(built, stem):
    nb = nbformat.read(report.default_notebook_dir() / f"{stem}.ipynb", as_version=4)
    n_code = sum(1 for c in nb.cells if c.cell_type == "code" and c.source.strip())
    analyst = (built / f"{stem}.html").read_text(encoding="utf-8")
    klass = (built / "class" / f"{stem}.html").read_text(encoding="utf-8")
    assert analyst.count('<details class="code-fold">') == n_code
    klass_body = klass.split("</head>", 1)[1]
    assert "jp-CodeMirrorEditor" not in klass_body and "code-fold" not in klass_body
    assert "jp-InputPrompt" not in klass_body
    assert "<script" not in klass_body
    i = STEMS.index(stem)
    for folder, page in ((built, analyst), (built / "class", klass)):
        links = _nav_links(page)
        assert links["All notebooks"] == "index.html"
        assert (folder / links["Glossary"]).resolve() == built / "glossary.html"
        if i > 0:
            assert links["prev"] == f"{STEMS[i - 1]}.html"
        if i + 1 < len(STEMS):
            assert links["next"] == f"{STEMS[i + 1]}.html"
        assert all((folder / href).resolve().is_file() for href in links.values()), links
    # the takeaways come before the notebook's first section
    body = klass.split("</nav>", 1)[1]
    headings = re.findall(r"<h2[^>]*>(.*?)<", body)
    assert headings[0].startswith("Takeaways"), headings[:3]


def test_glossary_links_resolve_and_each_term_is_linked_once(built):
    glossary = (built / "glossary.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<dt id="([^"]+)"', glossary))
    assert "g-nsatu" in anchors and "g-north-atlantic-council" in anchors
    seen_terms = set()
    for stem in STEMS:
        page = (built / "class" / f"{stem}.html").read_text(encoding="utf-8")
        targets = re.findall(r'class="glossary-term" href="\.\./glossary\.html#([^"]+)"', page)
        assert len(targets) == len(set(targets)), f"{stem}: a term linked twice"
        assert set(targets) <= anchors
        seen_terms.update(targets)
    assert {"g-nsatu", "g-purl", "g-article-5", "g-claimreview"} <= seen_terms
    assert "Source:" in glossary and 'href="https://' in glossary


def test_gallery_lists_every_chart_at_presentation_size(built):
    from PIL import Image

    from natoanalysis.figures import FIGURES

    text = (built / "gallery.html").read_text(encoding="utf-8")
    record = {f["name"]: f for f in json.loads((built / "figures" / "figures.json").read_text())}
    assert set(record) == set(FIGURES)
    for name, f in record.items():
        assert f'href="figures/{name}.png"' in text and f'href="figures/{name}.svg"' in text
        assert f["takeaway"] and f["alt"] and f["source"].startswith("Source"), name
        png = built / "figures" / f"{name}.png"
        assert Image.open(png).width >= 1920, name
        assert Image.open(built / "figures" / "thumbs" / f"{name}.png").width == gallery.THUMB_WIDTH
        svg = (built / "figures" / f"{name}.svg").read_text(encoding="utf-8")
        assert "<text" not in svg, f"{name}: SVG text depends on installed fonts"


def test_slides_work_offline(built):
    if slides.find_reveal() is None:
        pytest.fail("reveal.js is not installed: run `make reveal` (npm)")
    for rel in slides.REVEAL_FILES:
        assert (built / "slides" / "reveal.js" / rel).is_file(), rel
    for stem in STEMS:
        deck = (built / "slides" / f"{stem}.slides.html").read_text(encoding="utf-8")
        assert '<script src="reveal.js/dist/reveal.js"></script>' in deck
        # nothing fetched from the network (links to sources are fine)
        assert not re.search(r'src="(https?:)?//', deck), stem
        assert not re.search(r'<link[^>]+href="(https?:)?//', deck), stem
        assert deck.count("<section") >= 3
        assert "jp-CodeMirrorEditor" not in deck.split("</head>", 1)[1]


def test_handouts_are_a4_pdfs(built):
    from natoanalysis.classroom.handouts import find_chromium

    if find_chromium() is None:
        pytest.skip("Chromium is not installed; the report skips handouts")
    pypdf = pytest.importorskip("pypdf")
    for stem in STEMS:
        reader = pypdf.PdfReader(io.BytesIO((built / "handouts" / f"{stem}.pdf").read_bytes()))
        assert len(reader.pages) >= 1
        for page in reader.pages:
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1), stem
    text = pypdf.PdfReader(str(built / "handouts" / f"{STEMS[0]}.pdf")).pages[0].extract_text()
    assert "Takeaways" in text and "import" not in text


def test_index_links_the_classroom_outputs(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    for href in ("class/index.html", "gallery.html", "glossary.html"):
        assert f'href="{href}"' in index
        assert (built / href).is_file()
    klass = (built / "class" / "index.html").read_text(encoding="utf-8")
    for stem in STEMS:
        for href in (f"{stem}.html", f"../slides/{stem}.slides.html", f"../handouts/{stem}.pdf"):
            assert f'href="{href}"' in klass
            assert (built / "class" / href).resolve().is_file(), href


def _awkward_notebook():
    """Markup the page pass must get right: images without alt, a ``>`` inside a
    quoted attribute, single-quoted and bare attributes, a self-closed tag, an
    HTML output posing as an output area, JPEG and SVG outputs."""
    jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHR"
    html = (
        "<div class='jp-OutputArea-output'>posing</div>"
        '<img title="a>b" src="data:image/png;base64,iVBORw0KGgo=">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="kept"/>'
        "<p title='<img src=x>'>text</p>"
    )
    return nbformat.v4.new_notebook(
        cells=[
            _md("# Awkward\n\n![](data:image/png;base64,iVBORw0KGgo=) and <img src=x>"),
            nbformat.v4.new_code_cell(
                "x",
                outputs=[
                    nbformat.v4.new_output("display_data", {"text/html": html}),
                    nbformat.v4.new_output("display_data", {"image/jpeg": jpeg}),
                    nbformat.v4.new_output(
                        "display_data",
                        {"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
                    ),
                    nbformat.v4.new_output("stream", name="stdout", text="out\n"),
                ],
            ),
        ],
        metadata={"language_info": {"name": "python"}},
    )


@pytest.mark.slow
def test_pages_are_what_nbconverts_own_page_pass_gives():
    """The exporters skip nbconvert's BeautifulSoup pass (alt on every image,
    tabindex on code and output areas) and make the same edits on the text:
    each page parses to exactly the page nbconvert's pass writes."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from natoanalysis.classroom import glossary_entries

    entries = glossary_entries()
    nav = '<nav aria-label="Report"><a href="index.html">All notebooks</a></nav>'
    notebooks = [
        editions.prepare(nbformat.read(report.find_notebooks()[i], 4), entries, "glossary.html")
        for i in (STEMS.index("05_fact_check"),)  # the most varied: HTML tables, highlights
    ]
    checked = 0
    for nb in [*notebooks, _awkward_notebook()]:
        for edition in ("analyst", "class"):
            resources = {"edition": edition, "nav_html": nav, "classroom_css": editions.CSS}
            ours = editions.render_page(nb, edition, nav)
            theirs, _ = HTMLExporter.from_notebook_node(editions._exporter(edition), nb, resources)
            assert str(BeautifulSoup(ours, features="html.parser")) == theirs
            checked += 1
        deck = slides.add_slide_metadata(nb)
        theirs, _ = HTMLExporter.from_notebook_node(
            slides._exporter(), deck, {"classroom_css": slides.CSS + slides.SLIDE_CSS}
        )
        assert str(BeautifulSoup(slides.deck_html(nb), features="html.parser")) == theirs
        checked += 1
    assert checked == 6
    awkward = editions.render_page(_awkward_notebook(), "analyst", nav)
    assert 'alt="No description has been provided for this image"' in awkward
    assert 'alt="kept"' in awkward and awkward.count(" alt=") == awkward.count("<img")
