"""Notebooks a class can follow: chart first, slides, exercises with computed answers.

These read the stored (executed) notebooks, the same files nbval checks, so
they test what a teacher sees: what the first screen shows, how the deck is
cut into slides, and that every exercise has an answer computed from data.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import natoanalysis as na
from natoanalysis import evidence, narrative
from natoanalysis.classroom.editions import takeaway_text
from natoanalysis.classroom.slides import add_slide_metadata, deck_html, find_reveal

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
HEADING = re.compile(r"\s*(#{1,6})\s+(.*)")


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _heading(cell) -> str | None:
    if cell.cell_type != "markdown":
        return None
    m = HEADING.match(cell.source)
    return m.group(2).strip() if m else None


def _has_image(cell) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def test_every_notebook_is_checked():
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{i:02d}" for i in range(1, 10)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_has_slide_metadata(path):
    nb = _read(path)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert None not in kinds, f"{path.name}: cell {kinds.index(None)} has no slide_type"
    assert set(kinds) <= SLIDE_TYPES
    assert kinds[0] == "slide", "the title opens the deck"
    for i, (cell, kind) in enumerate(zip(nb.cells, kinds)):
        if cell.cell_type == "code" and not cell.get("outputs"):
            assert kind in ("skip", "notes"), f"{path.name} cell {i}: code with nothing to show"
        if _heading(cell) is not None and len(HEADING.match(cell.source).group(1)) <= 2:
            assert kind == "slide", f"{path.name} cell {i}: a section heading starts a slide"
        if _has_image(cell):  # one slide per chart: it starts one, or sits under its heading
            starts = kind in ("slide", "subslide")
            under_heading = i > 0 and _heading(nb.cells[i - 1]) is not None
            assert starts or (kind == "-" and under_heading), f"{path.name} cell {i}"
    # The notebook's own metadata is what the deck uses: nothing is left to guess.
    assert [c.metadata.slideshow for c in add_slide_metadata(nb).cells] == [
        c.metadata.slideshow for c in nb.cells
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_the_main_chart_and_its_takeaway(path):
    """Title, a set-up cell that shows nothing, then the chart and its takeaway."""
    nb = _read(path)
    assert _heading(nb.cells[0]) and nb.cells[0].source.startswith("# ")
    setup = nb.cells[1]
    assert setup.cell_type == "code" and not setup.outputs, "the set-up cell shows nothing"
    first_output = next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("outputs")
    )
    assert first_output <= 3 and _has_image(nb.cells[first_output]), "a chart comes first"
    after = nb.cells[first_output + 1]
    assert "takeaway" in after.metadata.get("tags", []), "the takeaway follows the chart"
    text = takeaway_text(nb)
    assert re.search(r"\d", text), "the takeaway states a number computed from the data"
    assert 40 < len(text) < 800


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_ends_with_exercises_and_computed_answers(path):
    nb = _read(path)
    headings = [(i, _heading(c)) for i, c in enumerate(nb.cells) if _heading(c)]
    names = [h for _, h in headings]
    assert "Exercises" in names and "Answers" in names
    ex = next(i for i, h in headings if h == "Exercises")
    ans = next(i for i, h in headings if h == "Answers")
    assert ex < ans
    questions = re.findall(r"(?m)^\d+\. ", nb.cells[ex].source)
    assert 2 <= len(questions) <= 4
    answer_cells = [c for c in nb.cells[ans + 1 :] if c.cell_type == "code" and c.outputs]
    assert answer_cells, "answers are computed in code cells"
    shown = "".join(
        o["data"]["text/markdown"]
        for c in answer_cells
        for o in c.outputs
        if "text/markdown" in o.get("data", {})
    )
    answered = re.findall(r"(?m)^\d+\. ", shown)
    assert len(answered) == len(questions), "one computed answer per exercise"
    # The answers come after every other section, takeaways included.
    assert "Takeaways" in names and names.index("Takeaways") < names.index("Exercises")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_truncated_cells(path):
    """No table cell cut short with an ellipsis, and no rows or columns elided."""
    nb = _read(path)
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            html = "".join(output.get("data", {}).get("text/html", ""))
            assert not re.search(r"(\.\.\.|…)</t[dh]>", html), f"{path.name} cell {i}"
            text = "".join(output.get("data", {}).get("text/plain", ""))
            if "<table" in html:
                assert not re.search(r"\.\.\.\s*$", text, re.M), f"{path.name} cell {i}"


def test_notebook_07_words_the_aid_pause_as_its_row_does():
    """One length for the US aid pause, from its two dated rows, in notebook and data."""
    outcomes = na.load_outcomes().set_index("outcome_id")
    pause, lifted = outcomes.loc["p1_05", "event_date"], outcomes.loc["p1_07", "event_date"]
    length = narrative.days_between(pause, lifted)
    assert length == "6 days"  # 5 to 11 March 2025
    assert length in outcomes.loc["p1_07", "direction_reason"]
    assert "about a week" not in outcomes.loc["p1_07", "direction_reason"]
    text = Path(NOTEBOOKS[6]).read_text(encoding="utf-8")
    assert "6 days later" in text and "about a week" not in text


def test_notebooks_03_and_05_follow_the_claims_verdict_on_gripen():
    gripen = na.load_claims().set_index("claim_id").loc["C16"]
    assert gripen["verdict"] == "unverified"
    nb03 = Path(NOTEBOOKS[2]).read_text(encoding="utf-8")
    assert "Gripen jets* (who): **unverified** (C16)" in nb03
    assert "differ from the sources" not in nb03


def test_an_election_is_not_judged_an_advance():
    row = na.load_outcomes().set_index("outcome_id").loc["p1_15"]
    assert "election" in row["title"]
    assert row["direction"] == "no change"
    assert "Orbán" in row["title"]  # spelled as in the people table


def test_class_index_shows_each_takeaway(tmp_path):
    from natoanalysis.classroom import Classroom, _class_index
    from natoanalysis.classroom.editions import Page

    pages = [Page(p.stem, p.stem, _read(p)) for p in NOTEBOOKS[:2]]
    html = _class_index(pages, {}, Classroom())
    for p in pages:
        assert takeaway_text(p.nb)[:60].replace("'", "&#x27;") in html
    assert html.count('class="takeaway"') == 2


@pytest.mark.skipif(find_reveal() is None, reason="reveal.js not installed (make reveal)")
def test_deck_cuts_a_notebook_into_slides():
    from natoanalysis.classroom.editions import prepare

    nb = _read(NOTEBOOKS[0])
    deck = deck_html(prepare(nb, [], "../glossary.html"))
    top = [c for c in nb.cells if c.metadata.slideshow["slide_type"] == "slide"]
    assert deck.count("<section") >= len(top)
    assert "import natoanalysis" not in deck  # no code in the deck


def test_narrative_when_keeps_the_precision():
    outcomes = na.load_outcomes()
    month = outcomes[outcomes["date_precision"] == "month"].iloc[0]
    assert narrative.when(month) == f"{month['event_date']:%B %Y}"
    assert narrative.tally(outcomes, "p9") == "no developments"
    counts = narrative.direction_counts(outcomes)
    assert counts.to_numpy().sum() == len(outcomes)


def test_priority_quote_refuses_a_wrong_span():
    priorities = na.load_priorities()
    bad = priorities.copy()
    bad.loc[bad["priority_id"] == "p2", "article_start"] += 1
    with pytest.raises(na.DataError, match=r"priorities\.csv, priority p2"):
        narrative.priority_quote("p2", bad, na.load_article_text())


def test_evidence_line_per_topic():
    text = na.load_article_text()
    first, last = na.article_metadata()["published_window"]
    t = na.extract_article(text, published=(first, last))
    lines = {
        r["topic"]: evidence.evidence_line(r, t["countries"], first)
        for _, r in t["priorities"].iterrows()
    }
    members = na.load_members()
    assert lines["enlargement"].startswith(
        f"`members`: {int((members['accession_date'] <= first).sum())} allies"
    )
    us = na.load_people().query("country_iso3 == 'USA'")
    assert f"{len(us)} US people" in lines["united_states"]
    assert "Donald Trump" in lines["united_states"]
    spending = na.load_defence_spending()
    n = spending.loc[spending["year"] == pd.Timestamp(first).year, "iso3"].nunique()
    assert f"for {n} allies" in lines["defence_spending"]
    assert lines["ukraine_support"].startswith("`events`: ")
