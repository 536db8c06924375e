"""The report in a real browser: headless Chromium opens every page.

Needs Debian's ``chromium`` package (``.ci/run`` installs it) and the
``playwright`` Python package, which drives that browser; neither downloads
anything. Without Chromium the test is skipped with the reason.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _open(browser, path: Path, outside: list[str] | None = None):
    """Open a report page; every request outside the page's folder is blocked and recorded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    folder = path.parent.resolve().as_uri() + "/"
    blocked = outside if outside is not None else errors

    def intercept(route):
        url = route.request.url
        if url.startswith(folder) or url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(f"request outside the report folder: {url}")
            route.abort()

    page.route("**/*", intercept)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "requestfailed",
        lambda r: None if outside is not None else errors.append(f"request failed: {r.url}"),
    )
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, errors


def test_index_opens_and_links_every_page(browser, built_report):
    page, errors = _open(browser, built_report / "index.html")
    links = page.eval_on_selector_all("ol a", "els => els.map(e => e.getAttribute('href'))")
    assert links and all((built_report / href).is_file() for href in links)
    shot = ROOT / "build" / "report-index.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert errors == []
    page.close()


def test_every_page_loads_its_images_without_console_errors(browser, built_report):
    pages = sorted(built_report.glob("[0-9][0-9]_*.html"))
    assert pages
    for path in pages:
        page, errors = _open(browser, path)
        n_images, all_loaded = page.evaluate(
            "() => [document.images.length,"
            " Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)]"
        )
        assert n_images >= 1, path.name
        assert all_loaded, f"{path.name}: an image did not load"
        visible = page.inner_text("body")
        for tag in ("<h1", "<h2", "<p>", "<mark", "<table border", "<div"):
            assert tag not in visible, f"{path.name}: markup {tag!r} shown as text"
        assert page.locator("h1").count() >= 1, path.name
        assert errors == [], f"{path.name}: {errors}"
        page.close()


def test_seeded_markup_fetches_nothing(browser, tmp_path, data_copy):
    """Markup planted in a data field cannot make a report page fetch anything."""
    import csv

    import nbformat

    from natoanalysis import cli

    hostile = (
        '<img src="https://example.invalid/pixel.png"> '
        '<img src="//example.invalid/protocol-relative.png"> '
        '<span style="background: url(https://example.invalid/bg.png)">styled</span> '
        '<span style="background-image: u\\72l(https://example.invalid/e.png)">esc</span> '
        '<a href="data:text/html,<script>alert(1)</script>">a data link</a> '
        '<a href="https://example.invalid/page">a web link</a>'
    )
    sources = data_copy / "sources.csv"
    with sources.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][1] = "Seeded " + hostile
    with sources.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Seeded\n\nA source title with markup in it."),
        nbformat.v4.new_code_cell(
            "import natoanalysis as na\n"
            "from IPython.display import HTML, Markdown, display\n"
            "title = na.load_sources()['title'].iloc[0]\n"
            "display(HTML(title))\n"
            "display(Markdown(title))\n"
            "na.load_sources().head(2)"
        ),
    ]
    nbformat.write(nb, nbdir / "01_seeded.ipynb")
    out = tmp_path / "out"
    argv = ["report", "--out", str(out), "--notebooks", str(nbdir), "--no-exports"]
    assert cli.main([*argv, "--data-dir", str(data_copy)]) == 0
    html = (out / "01_seeded.html").read_text(encoding="utf-8")
    assert "Seeded" in html and "a web link" in html  # the text is kept
    outside: list[str] = []
    page, _ = _open(browser, out / "01_seeded.html", outside)
    assert page.locator("text=a data link").count() >= 1
    page.close()
    assert outside == []
