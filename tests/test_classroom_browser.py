"""The classroom outputs in a real browser: what a teacher sees on a projector.

Drives Debian's ``chromium`` through Playwright (nothing is downloaded) and
measures accessibility with axe-core (``axe-playwright-python`` bundles it).
Screenshots go to ``build/`` for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FULL_HD = {"width": 1920, "height": 1080}

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
    page = browser.new_page(viewport=FULL_HD)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on(
        "request",
        lambda r: (
            errors.append(f"network request: {r.url}")
            if not r.url.startswith(("file:", "data:", "about:"))
            else None
        ),
    )
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


def test_class_edition_on_a_projector(browser, built_report):
    first = sorted((built_report / "class").glob("[0-9][0-9]_*.html"))[0]
    page, errors = _open(browser, first)
    shot = ROOT / "build" / "class-edition-1920x1080.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot))
    # no code anywhere, and the takeaways are in the first screen
    assert (
        page.locator(
            ".jp-CodeCell .jp-InputArea, .jp-CodeMirrorEditor, .jp-InputPrompt, details"
        ).count()
        == 0
    )
    takeaways = page.locator("h2", has_text="Takeaways").first.bounding_box()
    assert takeaways is not None and takeaways["y"] < FULL_HD["height"]
    # navigation: every link of the bar opens a file of the report
    hrefs = page.eval_on_selector_all(
        "nav.site-nav a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert {"index.html", "../glossary.html", "../gallery.html"} <= set(hrefs)
    assert all((first.parent / h).resolve().is_file() for h in hrefs), hrefs
    page.locator("nav.site-nav a.next").first.click()
    assert page.url.endswith("/class/02_secretaries_general.html")
    page.locator("nav.site-nav a.prev").first.click()
    assert page.url.endswith(f"/class/{first.name}")
    page.locator("nav.site-nav a", has_text="All notebooks").first.click()
    assert page.url.endswith("/class/index.html")
    assert errors == []
    page.close()


def test_gallery_opens_every_chart_full_size(browser, built_report):
    page, errors = _open(browser, built_report / "gallery.html")
    page.screenshot(path=str(ROOT / "build" / "gallery-1920x1080.png"))
    loaded = page.evaluate(
        "() => Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)"
    )
    assert loaded and all(loaded)
    page.locator(".gallery a").first.click()
    width = page.evaluate("() => document.images[0].naturalWidth")
    assert width >= 1920
    assert errors == []
    page.close()


def test_no_serious_accessibility_violations(browser, built_report):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = [
        built_report / "index.html",
        built_report / "gallery.html",
        built_report / "glossary.html",
        built_report / "class" / "index.html",
        *sorted(built_report.glob("[0-9][0-9]_*.html")),
        *sorted((built_report / "class").glob("[0-9][0-9]_*.html")),
    ]
    assert len(pages) >= 4 + 2 * 7
    found = {}
    page = browser.new_page(viewport=FULL_HD)
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        violations = axe.run(page).response["violations"]
        bad = [
            f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['nodes'][0]['html'][:120]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[str(path.relative_to(built_report))] = bad
    page.close()
    assert found == {}


def test_slide_deck_steps_forward_with_the_keyboard(browser, built_report):
    deck = sorted((built_report / "slides").glob("*.slides.html"))[0]
    page, errors = _open(browser, deck)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()")
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert total >= 3
    assert page.evaluate("() => Reveal.getIndices().h") == 0
    page.screenshot(path=str(ROOT / "build" / "slides-first.png"))
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getIndices().h === 1")
    title = page.evaluate("() => Reveal.getCurrentSlide().querySelector('h1, h2').textContent")
    assert title.strip()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Reveal.getIndices().h === 2")
    page.screenshot(path=str(ROOT / "build" / "slides-third.png"))
    assert errors == []
    page.close()
