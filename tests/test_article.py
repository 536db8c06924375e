"""The reader: headline, standfirst, headings, paragraphs, sentences, list items, quotes.

Expected items are typed from reading the texts, not from the reader's output.
Every item must slice the text it came from exactly.
"""

from __future__ import annotations

import pytest

import natoanalysis as na
from natoanalysis.article import Article, parse


def _all_items(art: Article):
    yield from art.blocks
    yield from art.sentences
    yield from art.quotes


def _check_offsets(art: Article) -> None:
    for item in _all_items(art):
        assert art.text[item.start : item.end] == item.text, item
        assert item.text == item.text.strip(), item


@pytest.fixture(scope="module")
def bundled() -> Article:
    return parse(na.load_article_text())


def test_bundled_headline_and_standfirst(bundled):
    assert bundled.headline.text == (
        "Mark Rutte Secures NATO Leadership After Hungary's Last-Minute Backing"
    )
    assert bundled.standfirst.text == "Mark Rutte confirmed as next NATO Secretary General"


def test_bundled_section_headings(bundled):
    assert [h.text for h in bundled.headings] == [
        "Diplomatic Breakthrough in Budapest",
        "Romanian Candidate Withdraws",
        "Fighter Jet Assurance Seals Deal",
        "Taking the Helm in Turbulent Times",
    ]


def test_bundled_paragraphs(bundled):
    assert len(bundled.paragraphs) == 9
    assert bundled.paragraphs[0].text.startswith("Dutch Prime Minister Mark Rutte has clinched")
    assert bundled.paragraphs[-1].text.endswith("for the next five years.")


def test_bundled_list_items(bundled):
    items = bundled.list_items
    assert [i.text for i in items] == [
        "Maintaining unity among member states regarding Ukraine support",
        "Managing the potential return of Donald Trump to the White House",
        "Overseeing NATO's ongoing expansion with new member Sweden",
        "Coordinating defence spending increases across the alliance",
    ]
    assert [i.number for i in items] == [1, 2, 3, 4]
    assert {i.marker for i in items} == {"•"} and len({i.list_id for i in items}) == 1


def test_bundled_sentences(bundled):
    texts = [s.text for s in bundled.sentences]
    assert "His immediate priorities will include:" in texts
    assert (
        "President Iohannis had mounted a late challenge but ultimately conceded that the "
        "32-member alliance had overwhelmingly rallied behind the Dutch leader."
    ) in texts
    # standfirst (1) + paragraphs (1+1+2+1+2+2+2+2+1) + list items (4)
    assert len(texts) == 1 + 14 + 4


def test_bundled_quote(bundled):
    (q,) = bundled.quotes
    assert q.text == (
        "We have reached a crucial agreement that guarantees Hungary's sovereignty while "
        "maintaining NATO unity."
    )
    outer = bundled.text[q.outer_start : q.outer_end]
    assert outer == f'"{q.text}"'


def test_bundled_offsets(bundled):
    _check_offsets(bundled)


def test_crlf_bom_and_no_trailing_newline():
    text = (
        "\ufeffAllies meet\r\nA short standfirst\r\n\r\nThey met. They left.\r\n\r\n- One\r\n- Two"
    )
    art = parse(text)
    _check_offsets(art)
    assert art.headline.text == "Allies meet" and art.headline.start == 1
    assert art.standfirst.text == "A short standfirst"
    assert [s.text for s in art.sentences] == [
        "A short standfirst",
        "They met.",
        "They left.",
        "One",
        "Two",
    ]
    assert [i.marker for i in art.list_items] == ["-", "-"]


def test_old_mac_line_endings():
    art = parse("Title\r\rFirst paragraph.\r\rSecond paragraph.")
    assert [p.text for p in art.paragraphs] == ["First paragraph.", "Second paragraph."]


def test_numbered_list_with_blank_lines_is_one_list():
    art = parse("Goals\n\nThe plan:\n\n1. Build\n\n2) Train\n\n(3) Deploy\n")
    assert [(i.number, i.marker, i.text) for i in art.list_items] == [
        (1, "1.", "Build"),
        (2, "2)", "Train"),
        (3, "(3)", "Deploy"),
    ]
    assert len({i.list_id for i in art.list_items}) == 1


def test_two_lists_are_numbered_separately():
    art = parse("T\n\n* a\n* b\n\nBetween them.\n\n* c\n")
    assert [(i.list_id, i.number) for i in art.list_items] == [(1, 1), (1, 2), (2, 1)]


def test_indented_continuation_of_a_list_item():
    art = parse("T\n\n• A long item\n  that wraps\n• Short\n")
    assert [i.text for i in art.list_items] == ["A long item\n  that wraps", "Short"]


def test_curly_quotes_em_dash_and_nbsp():
    text = "Title\n\nMr\u00a0Rutte said: “Unity matters — now.” Others agreed.\n"
    art = parse(text)
    _check_offsets(art)
    assert [q.text for q in art.quotes] == ["Unity matters — now."]
    assert [s.text for s in art.sentences] == [
        "Mr\u00a0Rutte said: “Unity matters — now.”",
        "Others agreed.",
    ]


def test_straight_quotes_pair_up_and_a_stray_mark_is_ignored():
    art = parse('T\n\nShe said "yes" and "no". He wrote "maybe\n\nNext paragraph.')
    assert [q.text for q in art.quotes] == ["yes", "no"]


def test_quote_keeps_its_full_stop_but_not_a_sentence_comma():
    art = parse('T\n\n"We are ready," he said. "We act now."')
    assert [q.text for q in art.quotes] == ["We are ready", "We act now."]


def test_abbreviations_and_initials_do_not_end_sentences():
    art = parse("T\n\nMr. Biden met Donald J. Trump in the U.S. capital. Dr. Smith agreed.")
    assert [s.text for s in art.sentences] == [
        "Mr. Biden met Donald J. Trump in the U.S. capital.",
        "Dr. Smith agreed.",
    ]


def test_headline_only():
    art = parse("NATO allies gather in Vilnius")
    assert art.headline.text == "NATO allies gather in Vilnius"
    assert art.paragraphs == () and art.sentences == () and art.list_items == ()


def test_a_first_line_that_is_a_sentence_is_not_a_headline():
    art = parse("Sweden joined NATO in 2024. Finland joined a year earlier.")
    assert art.headline is None
    assert len(art.paragraphs) == 1 and len(art.sentences) == 2


def test_one_paragraph_per_line_when_there_are_no_blank_lines():
    art = parse("Headline here\nFirst paragraph.\nSecond paragraph.\nThird one.")
    assert art.headline.text == "Headline here"
    assert [p.text for p in art.paragraphs] == [
        "First paragraph.",
        "Second paragraph.",
        "Third one.",
    ]


def test_markdown_headings():
    art = parse("# The title\n\nIntro.\n\n## A section ##\n\nBody.")
    assert art.headline.text == "The title"
    assert [h.text for h in art.headings] == ["A section"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n", "\ufeff"])
def test_empty_text(text):
    art = parse(text)
    assert art.headline is None and not art.blocks and not art.sentences and not art.quotes


def test_to_frame_is_tidy_and_ordered(bundled):
    df = bundled.to_frame()
    assert list(df.columns) == ["kind", "start", "end", "text", "block"]
    assert df["start"].is_monotonic_increasing
    assert set(df["kind"]) == {
        "headline",
        "standfirst",
        "heading",
        "paragraph",
        "list_item",
        "sentence",
        "quote",
    }


def test_not_a_string():
    with pytest.raises(TypeError, match="needs a str"):
        parse(b"bytes")  # type: ignore[arg-type]
