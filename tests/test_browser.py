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

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
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
