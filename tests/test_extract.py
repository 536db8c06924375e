"""The extractor: the bundled article exactly, other texts as a careful reader would.

Expected rows are typed from reading each text and from the conventions in
the data package (``x-article`` -> ``relative_expressions``), not copied
from the extractor's output. Texts other than the bundled article were
written for these tests, in different shapes; people who must stay unknown
to the people table have fictional names.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

import natoanalysis as na
from natoanalysis import DataError, charts
from natoanalysis.cli_extract import add_parser
from natoanalysis.extract import (
    EVIDENCE,
    TABLES,
    extract_article,
    html_to_text,
    read_text_file,
    write_tables,
)

T = pd.Timestamp
SRC = Path(__file__).resolve().parents[1] / "src" / "natoanalysis"


def _rows(df: pd.DataFrame, cols: list[str]) -> list[tuple]:
    out = []
    for r in df[cols].itertuples(index=False):
        out.append(tuple(None if not isinstance(v, (list, tuple)) and pd.isna(v) else v for v in r))
    return out


def _check_spans(text: str, tables: dict[str, pd.DataFrame]) -> None:
    """Every row slices its text; spans within a table never overlap."""
    for name, df in tables.items():
        prev_end = -1
        for r in df.sort_values("start").itertuples():
            assert text[r.start : r.end] == r.text, (name, r)
            assert r.start >= prev_end, f"{name}: overlapping spans at {r.start}"
            prev_end = r.end


# --- The bundled article ------------------------------------------------------


@pytest.fixture(scope="module")
def article_text() -> str:
    return na.load_article_text()


@pytest.fixture(scope="module")
def window() -> tuple[pd.Timestamp, pd.Timestamp]:
    return tuple(na.article_metadata()["published_window"])


@pytest.fixture(scope="module")
def bundled(article_text, window) -> dict[str, pd.DataFrame]:
    return extract_article(article_text, published=window)


def test_returns_the_five_tables(bundled):
    assert tuple(bundled) == TABLES == ("countries", "people", "quotes", "dates", "priorities")


def test_bundled_spans(article_text, bundled):
    _check_spans(article_text, bundled)


# Every mention of a state, in order: the words, the state, the form, capital
# standing for its state, NATO member on the publication date (Sweden since
# 2024-03-07; Ukraine and Russia are not members).
BUNDLED_COUNTRIES = [
    ("Hungary", "HUN", "name", False, True),  # headline: Hungary's Last-Minute Backing
    ("Dutch", "NLD", "adjective", False, True),  # Dutch Prime Minister Mark Rutte
    ("Hungary", "HUN", "name", False, True),  # Hungary withdrew
    ("Hungarian", "HUN", "adjective", False, True),
    ("Budapest", "HUN", "capital", False, True),  # heading: ... in Budapest (a place)
    ("Budapest", "HUN", "capital", False, True),  # visited Budapest (a place)
    ("Hungary", "HUN", "name", False, True),  # Hungary's concerns
    ("Dutch", "NLD", "adjective", False, True),  # The Dutch leader
    ("Hungary", "HUN", "name", False, True),  # Hungary would not be obligated
    ("Ukraine", "UKR", "name", False, False),  # support initiative for Ukraine
    ("Hungary", "HUN", "name", False, True),  # (in the quote) Hungary's sovereignty
    ("Romanian", "ROU", "adjective", False, True),  # heading
    ("Romanian", "ROU", "adjective", False, True),  # Romanian President
    ("Dutch", "NLD", "adjective", False, True),  # the Dutch leader
    ("United States", "USA", "name", False, True),
    ("Hungary", "HUN", "name", False, True),  # Hungary receives
    ("Swedish", "SWE", "adjective", False, True),  # Swedish-made
    ("Budapest", "HUN", "capital", True, True),  # Budapest's concerns: the state
    ("Ukraine", "UKR", "name", False, False),  # Ukraine support
    ("Sweden", "SWE", "name", False, True),  # new member Sweden
    ("Dutch", "NLD", "adjective", False, True),  # The outgoing Dutch leader
    ("Russia", "RUS", "alias", False, False),  # Russia's ongoing aggression
    ("Ukraine", "UKR", "name", False, False),  # in Ukraine
]


def test_bundled_countries_exactly(bundled):
    got = _rows(bundled["countries"], ["text", "iso3", "form", "is_capital_metonym", "is_member"])
    assert got == BUNDLED_COUNTRIES
    assert bundled["countries"]["member_on"].eq(T("2024-06-20")).all()


BUNDLED_PEOPLE = [
    ("Mark Rutte", "mark_rutte"),  # headline
    ("Mark Rutte", "mark_rutte"),  # standfirst
    ("Dutch Prime Minister Mark Rutte", "mark_rutte"),
    ("Hungarian Prime Minister Viktor Orbán", "viktor_orban"),
    ("Mr Rutte", "mark_rutte"),
    ("The Dutch leader", "mark_rutte"),
    ("Mr Orbán", "viktor_orban"),
    ("Mr Rutte", "mark_rutte"),
    ("Romanian President Klaus Iohannis", "klaus_iohannis"),
    ("President Iohannis", "klaus_iohannis"),
    ("the Dutch leader", "mark_rutte"),
    ("Mr Rutte", "mark_rutte"),
    ("Donald Trump", "donald_trump"),
    ("The outgoing Dutch leader", "mark_rutte"),
    ("current Secretary General Jens Stoltenberg", "jens_stoltenberg"),
    ("Mr Rutte", "mark_rutte"),  # Mr Rutte's appointment
]


def test_bundled_people_exactly(bundled):
    people = bundled["people"]
    assert _rows(people, ["text", "person_id"]) == BUNDLED_PEOPLE
    assert set(people["name"]) == {
        "Mark Rutte",
        "Viktor Orbán",
        "Klaus Iohannis",
        "Donald Trump",
        "Jens Stoltenberg",
    }
    roles = people[people["how"] == "role"]
    assert set(roles["text"].str.lower()) == {"the dutch leader", "the outgoing dutch leader"}


def test_bundled_quote_and_speaker(article_text, bundled):
    (q,) = bundled["quotes"].itertuples()
    assert q.text == (
        "We have reached a crucial agreement that guarantees Hungary's sovereignty while "
        "maintaining NATO unity."
    )
    assert (q.speaker, q.person_id, q.attribution) == ("Viktor Orbán", "viktor_orban", "before")
    assert article_text[q.speaker_start : q.speaker_end] == "Mr Orbán"


# The relative expressions, resolved over the publication window 2024-06-20..25
# with the package's conventions.
BUNDLED_DATES = [
    # Monday-Sunday week before the publication week, for every day of the window
    ("last week", "2024-06-10", "2024-06-23", "range"),
    # "has served as prime minister for 14 years": 2024 - 14
    ("14 years", "2010-01-01", "2010-12-31", "year"),
    # the next October after publication, month precision
    ("in October", "2024-10-01", "2024-10-31", "month"),
    # "celebrates its 75th anniversary": the year of publication
    ("75th anniversary", "2024-01-01", "2024-12-31", "year"),
    # the 14 days after publication: 06-21 (after 06-20) to 07-09 (after 06-25)
    ("in the coming days", "2024-06-21", "2024-07-09", "range"),
    # the day after publication to five years after it
    ("the next five years", "2024-06-21", "2029-06-25", "range"),
]


def test_bundled_dates_exactly(bundled):
    got = [
        (r.text, str(r.resolved_start.date()), str(r.resolved_end.date()), r.precision)
        for r in bundled["dates"].itertuples()
    ]
    assert got == BUNDLED_DATES
    assert bundled["dates"]["is_relative"].all()


def test_bundled_dates_follow_the_events_table(article_text, bundled):
    """The events table's article rows use the same conventions as the extractor."""
    events = na.load_events()
    art = events[(events["kind"] == "article") & events["time_expression"].notna()]
    assert len(art) >= 4
    dates = bundled["dates"]
    for ev in art.itertuples():
        inside = dates[(dates["start"] >= ev.article_start) & (dates["end"] <= ev.article_end)]
        assert len(inside) == 1, ev.event_id
        d = inside.iloc[0]
        assert d["text"] in ev.time_expression or ev.time_expression in d["text"], ev.event_id
        assert (d["resolved_start"], d["resolved_end"]) == (ev.event_date, ev.end_date)
        assert d["precision"] == ev.date_precision, ev.event_id


def test_bundled_dates_without_a_publication_date(article_text):
    t = extract_article(article_text)
    dates = t["dates"]
    assert list(dates["text"]) == [d[0] for d in BUNDLED_DATES]
    assert dates["resolved_start"].isna().all() and dates["precision"].isna().all()
    # membership is then judged on the data package's as-of date (today's alliance)
    countries = t["countries"]
    assert countries["member_on"].eq(na.as_of()).all()
    assert _rows(countries, ["iso3", "is_member"]) == [(c[1], c[4]) for c in BUNDLED_COUNTRIES]


def test_bundled_priorities(article_text, bundled):
    pr = bundled["priorities"]
    assert _rows(pr, ["priority_id", "rank", "topic", "evidence"]) == [
        ("p1", 1, "ukraine_support", "events"),
        ("p2", 2, "united_states", "people;events"),
        ("p3", 3, "enlargement", "members"),
        ("p4", 4, "defence_spending", "defence_spending"),
    ]
    assert pr["text"].tolist() == [
        "Maintaining unity among member states regarding Ukraine support",
        "Managing the potential return of Donald Trump to the White House",
        "Overseeing NATO's ongoing expansion with new member Sweden",
        "Coordinating defence spending increases across the alliance",
    ]


def test_bundled_priorities_equal_the_priorities_table(bundled):
    table = na.load_priorities()
    got = bundled["priorities"].rename(columns={"start": "article_start", "end": "article_end"})
    cols = ["priority_id", "rank", "text", "article_start", "article_end", "topic"]
    pd.testing.assert_frame_equal(
        got[cols].astype(str).reset_index(drop=True),
        table[cols].astype(str).reset_index(drop=True),
    )
    assert set(table["source_id"]) == {"article"}


def test_evidence_names_tables_of_the_package():
    names = set(na.table_names())
    for topic, evidence in EVIDENCE.items():
        if evidence is None:
            assert topic == "other"
            continue
        for table in evidence.split(";"):
            assert table in names, (topic, table)


def test_output_is_deterministic(article_text, window, bundled):
    again = extract_article(article_text, published=window)
    for name in TABLES:
        pd.testing.assert_frame_equal(bundled[name], again[name])


def test_extractor_does_not_special_case_the_bundled_article(article_text):
    """No run of five words from the article appears in the reader's or extractor's code."""
    words = re.findall(r"[\w’']+", article_text.lower())
    grams = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
    modules = [SRC / "article.py", SRC / "gazetteer.py", *sorted((SRC / "extract").glob("*.py"))]
    for module in modules:
        code = " ".join(re.findall(r"[\w’']+", module.read_text("utf-8").lower()))
        found = sorted(g for g in grams if g in code)
        assert not found, (module, found)


# --- Other texts, in different shapes -----------------------------------------

NO_LIST = (
    "Allies agree new air defence plan for Ukraine\n\n"
    "Defence ministers met in Brussels on Thursday. Germany and the Netherlands pledged more "
    "Patriot systems.\n\n"
    '"We will not let Kyiv stand alone," said German Defence Minister Karla Beispiel. '
    "Moscow's response was swift."
)


def test_text_without_a_list():
    t = extract_article(NO_LIST, published="2024-06-21")  # a Friday
    _check_spans(NO_LIST, t)
    assert _rows(t["countries"], ["text", "iso3", "form", "is_capital_metonym", "is_member"]) == [
        ("Ukraine", "UKR", "name", False, False),
        ("Brussels", "BEL", "capital", False, True),  # met in Brussels: a place
        ("Germany", "DEU", "name", False, True),
        ("Netherlands", "NLD", "name", False, True),
        ("Kyiv", "UKR", "capital", True, False),  # let Kyiv stand alone: the state
        ("German", "DEU", "adjective", False, True),
        ("Moscow", "RUS", "capital", True, False),  # Moscow's response
    ]
    # someone not in the people table is kept, with the country of his title
    assert _rows(t["people"], ["text", "person_id", "name", "country_iso3"]) == [
        ("German Defence Minister Karla Beispiel", None, "Karla Beispiel", "DEU")
    ]
    assert _rows(t["quotes"], ["text", "speaker", "attribution"]) == [
        ("We will not let Kyiv stand alone", "Karla Beispiel", "after")
    ]
    assert _rows(t["dates"], ["text", "resolved_start", "precision"]) == [
        ("on Thursday", T("2024-06-20"), "day")
    ]
    assert t["priorities"].empty


NUMBERED = """Finland's first year in NATO

Helsinki joined the alliance on 4 April 2023. Since then, officials list three goals:

1. Integrating Finnish forces into NATO plans
2. Raising defence spending to 2.4% of GDP
3. Helping Swedes complete their accession
"""


def test_text_with_a_numbered_list():
    t = extract_article(NUMBERED, published="2024-04-04")
    _check_spans(NUMBERED, t)
    assert _rows(t["countries"], ["text", "iso3", "form", "is_member"]) == [
        ("Finland", "FIN", "name", True),
        ("Helsinki", "FIN", "capital", True),
        ("Finnish", "FIN", "adjective", True),
        ("Swedes", "SWE", "demonym", True),
    ]
    assert _rows(t["priorities"], ["priority_id", "rank", "text", "topic"]) == [
        ("p1", 1, "Integrating Finnish forces into NATO plans", "other"),
        ("p2", 2, "Raising defence spending to 2.4% of GDP", "defence_spending"),
        ("p3", 3, "Helping Swedes complete their accession", "enlargement"),
    ]
    assert _rows(t["dates"], ["text", "rule", "resolved_start", "precision"]) == [
        ("4 April 2023", "absolute_date", T("2023-04-04"), "day")
    ]
    assert t["people"].empty and t["quotes"].empty


@pytest.mark.parametrize(
    ("published", "member"),
    [("2023-04-03", False), ("2023-04-04", True), (("2023-04-01", "2023-04-10"), None)],
)
def test_membership_on_the_publication_date(published, member):
    # Finland deposited its instrument of accession on 2023-04-04.
    t = extract_article("Finland joined.", published=published)
    got = t["countries"]["is_member"].iloc[0]
    assert (None if got is pd.NA else bool(got)) is member


CRLF = (
    "Stoltenberg warns on Russia\r\n\r\nNATO Secretary General Jens Stoltenberg said on Monday "
    'that Russia is preparing for a long war.\r\n\r\n"We must be ready," Mr Stoltenberg told '
    "reporters in Washington.\r\n"
)


def test_text_with_crlf_line_endings():
    t = extract_article(CRLF, published="2024-06-21")
    _check_spans(CRLF, t)
    assert _rows(t["countries"], ["text", "iso3", "is_capital_metonym", "is_member"]) == [
        ("Russia", "RUS", False, False),
        ("Russia", "RUS", False, False),
        ("Washington", "USA", False, True),  # reporters in Washington: a place
    ]
    assert _rows(t["people"], ["text", "person_id"]) == [
        ("Stoltenberg", "jens_stoltenberg"),
        ("NATO Secretary General Jens Stoltenberg", "jens_stoltenberg"),
        ("Mr Stoltenberg", "jens_stoltenberg"),
    ]
    assert _rows(t["quotes"], ["text", "person_id", "attribution"]) == [
        ("We must be ready", "jens_stoltenberg", "after")
    ]
    assert _rows(t["dates"], ["text", "resolved_start"]) == [("on Monday", T("2024-06-17"))]


CURLY = (
    "Orbán softens stance\n\nHungarian Prime Minister Viktor Orbán told state radio: "
    "“Hungary will not block the decision.” Two days ago, Budapest had threatened a veto.\n\n"
    "“It’s a good day for Europe,” he said."
)


def test_text_with_curly_quotes_and_a_pronoun_speaker():
    t = extract_article(CURLY, published="2024-06-21")
    _check_spans(CURLY, t)
    assert _rows(t["quotes"], ["text", "person_id", "attribution"]) == [
        ("Hungary will not block the decision.", "viktor_orban", "before"),
        ("It’s a good day for Europe", "viktor_orban", "pronoun"),
    ]
    assert _rows(t["countries"], ["text", "form", "is_capital_metonym"]) == [
        ("Hungarian", "adjective", False),
        ("Hungary", "name", False),
        ("Budapest", "capital", True),  # Budapest had threatened: the state
    ]
    assert _rows(t["dates"], ["text", "resolved_start", "precision"]) == [
        ("Two days ago", T("2024-06-19"), "day")
    ]


def test_headline_only():
    text = "NATO allies gather in Vilnius for summit"
    t = extract_article(text)
    assert _rows(t["countries"], ["text", "iso3", "form", "is_capital_metonym"]) == [
        ("Vilnius", "LTU", "capital", False)
    ]
    for name in ("people", "quotes", "dates", "priorities"):
        assert t[name].empty, name


NON_MEMBER_AND_FORMER_LEADER = (
    "Former Secretary General Jens Stoltenberg visited Kyiv last month, where he met Ukrainian "
    "Foreign Minister Taras Prykladenko. Mr Prykladenko, who led the ministry for 16 years, said "
    "Ukraine's future lies in Europe. Prykladenko thanked him. Georgia and Moldova also sent "
    "envoys; neither is a NATO member."
)


def test_paragraph_naming_non_members_and_a_former_leader():
    t = extract_article(NON_MEMBER_AND_FORMER_LEADER, published="2024-06-21")
    _check_spans(NON_MEMBER_AND_FORMER_LEADER, t)
    assert _rows(t["countries"], ["text", "iso3", "form", "is_capital_metonym", "is_member"]) == [
        ("Kyiv", "UKR", "capital", False, False),  # visited Kyiv: a place
        ("Ukrainian", "UKR", "adjective", False, False),
        ("Ukraine", "UKR", "name", False, False),
        ("Georgia", "GEO", "name", False, False),
        ("Moldova", "MDA", "name", False, False),
    ]
    # The former Secretary General is in the people table. The minister (a
    # fictional name, so that he stays unknown whoever the table adds) is kept
    # by name without an id; later references resolve to the full name.
    assert _rows(t["people"], ["text", "person_id", "name", "country_iso3", "how"]) == [
        (
            "Former Secretary General Jens Stoltenberg",
            "jens_stoltenberg",
            "Jens Stoltenberg",
            "NOR",
            "title",
        ),
        ("Ukrainian Foreign Minister Taras Prykladenko", None, "Taras Prykladenko", "UKR", "title"),
        ("Mr Prykladenko", None, "Taras Prykladenko", "UKR", "title"),
        ("Prykladenko", None, "Taras Prykladenko", "UKR", "surname"),
    ]
    # "last month" is May 2024; "led the ministry for 16 years" is past, not counted back
    assert _rows(t["dates"], ["text", "resolved_start", "resolved_end", "precision"]) == [
        ("last month", T("2024-05-01"), T("2024-05-31"), "month"),
        ("16 years", None, None, None),
    ]


def test_former_leader_in_the_people_table():
    text = "Former NATO Secretary General Jens Stoltenberg spoke. Mr Stoltenberg left."
    t = extract_article(text)
    assert _rows(t["people"], ["text", "person_id"]) == [
        ("Former NATO Secretary General Jens Stoltenberg", "jens_stoltenberg"),
        ("Mr Stoltenberg", "jens_stoltenberg"),
    ]


def test_role_alias_needs_the_person_named_in_the_text():
    # "the Dutch leader" is one of Rutte's aliases, but this text is about someone else
    text = "Dutch Prime Minister Dick Schoof arrived. The Dutch leader spoke briefly."
    t = extract_article(text, published="2024-07-10")
    assert _rows(t["people"], ["text", "person_id"]) == [
        ("Dutch Prime Minister Dick Schoof", "dick_schoof")
    ]


def test_aliases_of_states():
    text = "The US and the U.S.A. met Britain, Türkiye and Turkey; Swedes and Czechs joined."
    t = extract_article(text, published="2024-06-21")
    assert _rows(t["countries"], ["text", "iso3", "form"]) == [
        ("US", "USA", "alias"),
        ("U.S.A.", "USA", "alias"),
        ("Britain", "GBR", "alias"),
        ("Türkiye", "TUR", "name"),
        ("Turkey", "TUR", "alias"),
        ("Swedes", "SWE", "demonym"),
        ("Czechs", "CZE", "demonym"),
    ]


def test_quote_attribution_after_the_quote_with_a_title():
    text = '"Ukraine will win," said President Joe Biden. "Maybe," an aide added.'
    t = extract_article(text)
    assert _rows(t["quotes"], ["text", "person_id", "attribution"]) == [
        ("Ukraine will win", "joe_biden", "after"),
        ("Maybe", None, None),
    ]


def test_absolute_dates():
    text = "Signed on 4 April 1949, in force from August 24, 1949; reviewed 2024-06-21 and in 2025."
    got = _rows(extract_article(text)["dates"], ["text", "resolved_start", "precision"])
    assert got == [
        ("4 April 1949", T("1949-04-04"), "day"),
        ("August 24, 1949", T("1949-08-24"), "day"),
        ("2024-06-21", T("2024-06-21"), "day"),
        ("2025", T("2025-01-01"), "year"),
    ]


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("last week", "2024-06-10", "2024-06-16", "range"),  # published Thursday 2024-06-20
        ("next week", "2024-06-24", "2024-06-30", "range"),
        # "It happened in October" is past: the last October before publication
        ("in October", "2023-10-01", "2023-10-31", "month"),
        ("next June", "2025-06-01", "2025-06-30", "month"),
        ("since March", "2024-03-01", "2024-03-31", "month"),
        ("in the coming days", "2024-06-21", "2024-07-04", "range"),
        ("yesterday", "2024-06-19", "2024-06-19", "day"),
        ("three years ago", "2021-01-01", "2021-12-31", "year"),
        ("last year", "2023-01-01", "2023-12-31", "year"),
        ("on 1 October", "2024-10-01", "2024-10-01", "day"),
    ],
)
def test_relative_expressions(phrase, start, end, precision):
    t = extract_article(f"It happened {phrase}.", published="2024-06-20")
    (d,) = t["dates"].itertuples()
    assert (d.resolved_start, d.resolved_end, d.precision) == (T(start), T(end), precision)


def test_years_of_service_are_counted_back():
    t = extract_article("She has led the party for 12 years.", published="2024-06-20")
    (d,) = t["dates"].itertuples()
    assert (d.text, d.rule, d.resolved_start.year, d.precision) == (
        "12 years",
        "years_back",
        2012,
        "year",
    )


# --- Edge cases and bad input -------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n ", "\ufeff"])
def test_empty_text_gives_empty_tables(text):
    t = extract_article(text)
    assert tuple(t) == TABLES
    for name, df in t.items():
        assert df.empty, name
        assert "start" in df.columns and "text" in df.columns


def test_empty_tables_keep_their_dtypes():
    full = extract_article("Mr Rutte said: “Yes.” in October\n\n• Ukraine", published="2024-06-20")
    empty = extract_article("")
    for name in TABLES:
        assert list(empty[name].columns) == list(full[name].columns), name
        assert list(empty[name].dtypes) == list(full[name].dtypes), name


def test_non_breaking_spaces_inside_names():
    text = "Mr\u00a0Rutte met the United\u00a0States delegation."
    t = extract_article(text)
    assert _rows(t["people"], ["text", "person_id"]) == [("Mr\u00a0Rutte", "mark_rutte")]
    assert _rows(t["countries"], ["iso3"]) == [("USA",)]


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "21/06/2024", 20240621])
def test_bad_publication_date(bad):
    with pytest.raises(ValueError, match="publication date"):
        extract_article("Sweden.", published=bad)


def test_text_must_be_a_string():
    with pytest.raises(TypeError):
        extract_article(b"Sweden")  # type: ignore[arg-type]


def test_not_utf8_names_the_byte_offset(tmp_path):
    f = tmp_path / "story.txt"
    f.write_bytes(b"Rutte in Budapest. " + b"Caf\xe9 talk.\n")
    with pytest.raises(DataError) as e:
        read_text_file(f)
    assert e.value.offset == 22 and e.value.file == "story.txt"
    assert "byte offset 22" in str(e.value) and "--encoding" in str(e.value)
    text = read_text_file(f, encoding="cp1252")
    assert text.endswith("Café talk.\n")


def test_binary_files_are_refused(tmp_path):
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(DataError, match="PNG image, not text"):
        read_text_file(png)
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    with pytest.raises(DataError, match="PDF"):
        read_text_file(pdf)
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"abc\x00\x01\x02def")
    with pytest.raises(DataError, match="binary") as e:
        read_text_file(blob)
    assert e.value.offset == 3


def test_utf16_with_bom_is_read(tmp_path):
    f = tmp_path / "u16.txt"
    f.write_bytes("Sweden joined.".encode("utf-16"))
    assert read_text_file(f) == "Sweden joined."


def test_utf8_bom_is_kept_so_offsets_index_the_file(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfSweden joined.")
    text = read_text_file(f)
    t = extract_article(text)
    (c,) = t["countries"].itertuples()
    assert (c.start, c.text) == (1, "Sweden")


HTML = """<!DOCTYPE html>
<html><head><title>Site name</title><style>p {color: red}</style>
<script>var x = "Russia";</script></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<h1>Allies meet in Vilnius</h1>
<p>Lithuanian officials welcomed Mr&nbsp;Stoltenberg. &ldquo;We are ready,&rdquo; he said.</p>
<ul><li>Air defence for Ukraine</li><li>Defence spending</li></ul>
</body></html>"""


def test_html_is_reduced_to_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(HTML, encoding="utf-8")
    text = read_text_file(f)
    assert text == (
        "Allies meet in Vilnius\n\n"
        "Lithuanian officials welcomed Mr\u00a0Stoltenberg. “We are ready,” he said.\n\n"
        "• Air defence for Ukraine\n\n"
        "• Defence spending"
    )
    t = extract_article(text)
    assert list(t["countries"]["iso3"]) == ["LTU", "LTU", "UKR"]  # no "Russia" from the script
    assert _rows(t["quotes"], ["text", "person_id"]) == [("We are ready", "jens_stoltenberg")]
    assert list(t["priorities"]["topic"]) == ["ukraine_support", "defence_spending"]


def test_html_title_leads_when_there_is_no_h1():
    assert html_to_text("<title>T</title><p>Body.</p>") == "T\n\nBody."


@pytest.mark.slow
def test_a_generated_2mb_text_in_linear_time():
    """A long input works and every block is read; 20 MB was timed by hand (README)."""
    para = (
        "Poland and Ukraine held talks on {day} April 2024. German Chancellor Olaf Scholz "
        'said: "We stand with Kyiv." Budapest\'s position did not change.\n\n'
    )
    parts, size = [], 0
    while size < 2_000_000:
        p = para.format(day=len(parts) % 28 + 1)
        parts.append(p)
        size += len(p)
    text = "".join(parts)
    n = len(parts)
    t = extract_article(text, published="2024-06-21")
    assert len(t["countries"]) == 5 * n  # Poland, Ukraine, German, Kyiv, Budapest
    assert len(t["people"]) == n and set(t["people"]["person_id"]) == {"olaf_scholz"}
    assert len(t["quotes"]) == n and set(t["quotes"]["person_id"]) == {"olaf_scholz"}
    assert len(t["dates"]) == n
    last = t["dates"].iloc[-1]
    assert last["resolved_start"] == T(f"2024-04-{(n - 1) % 28 + 1:02d}")
    for name, df in t.items():
        for r in df.iloc[[0, -1]].itertuples() if len(df) else []:
            assert text[r.start : r.end] == r.text, name


# --- Writing files and the command line ----------------------------------------


@pytest.fixture
def cli():
    parser = argparse.ArgumentParser(prog="natoanalysis")
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return int(args.func(args))

    return run


@pytest.fixture
def story(tmp_path) -> Path:
    f = tmp_path / "story.txt"
    f.write_text(CURLY, encoding="utf-8")
    return f


def test_cli_writes_five_csv_tables(cli, story, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli("extract", str(story), "--published", "2024-06-21", "--out", str(out)) == 0
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"story_{name}.csv" for name in TABLES)
    quotes = pd.read_csv(out / "story_quotes.csv")
    assert quotes["speaker"].tolist() == ["Viktor Orbán", "Viktor Orbán"]
    countries = (out / "story_countries.csv").read_text(encoding="utf-8")
    assert "HUN,Hungary,capital,true,true,2024-06-21" in countries  # Budapest, booleans as true
    assert "story_people.csv" in capsys.readouterr().out


def test_cli_refuses_to_overwrite_without_force(cli, story, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "story_dates.csv").write_text("my own file\n", encoding="utf-8")
    assert cli("extract", str(story), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "refusing to overwrite" in err and "story_dates.csv" in err
    # nothing written, the user's file untouched
    assert sorted(p.name for p in out.iterdir()) == ["story_dates.csv"]
    assert (out / "story_dates.csv").read_text(encoding="utf-8") == "my own file\n"
    assert cli("extract", str(story), "--out", str(out), "--force") == 0
    assert (out / "story_dates.csv").read_text(encoding="utf-8").startswith("date_id,")


@pytest.mark.parametrize("fmt", ["json", "parquet"])
def test_cli_formats(cli, story, tmp_path, fmt):
    out = tmp_path / fmt
    assert (
        cli("extract", str(story), "--published", "2024-06-21", "--out", str(out), "--format", fmt)
        == 0
    )
    path = out / f"story_dates.{fmt}"
    if fmt == "json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        assert rows == [
            {
                "date_id": "d1",
                "start": 117,
                "end": 129,
                "text": "Two days ago",
                "rule": "ago",
                "is_relative": True,
                "resolved_start": "2024-06-19",
                "resolved_end": "2024-06-19",
                "precision": "day",
            }
        ]
    else:
        df = pd.read_parquet(path)
        assert df["resolved_start"].tolist() == [T("2024-06-19")]


def test_cli_bad_input_exit_codes(cli, tmp_path, capsys):
    assert cli("extract", str(tmp_path / "missing.txt")) == 1
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "latin.txt"
    bad.write_bytes(b"Caf\xe9")
    assert cli("extract", str(bad), "--out", str(tmp_path / "o")) == 1
    assert "byte offset 3" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
    assert cli("extract", str(bad), "--out", str(tmp_path / "o"), "--encoding", "latin-1") == 0
    with pytest.raises(SystemExit) as e:
        cli("extract", str(bad), "--published", "June 2024")
    assert e.value.code == 2


def test_write_tables_leaves_no_partial_files(tmp_path, monkeypatch):
    import natoanalysis.extract.writing as ex

    tables = extract_article(CURLY)
    calls = []
    real = ex.atomic_write_bytes

    def flaky(path, data, **kw):
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(path, data, **kw)

    monkeypatch.setattr(ex, "atomic_write_bytes", flaky)
    with pytest.raises(OSError, match="disk full"):
        write_tables(tables, tmp_path, stem="s")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["s_countries.csv", "s_people.csv"]  # whole files only, no temp files
    for p in tmp_path.iterdir():
        assert p.read_text(encoding="utf-8").endswith("\n")


def test_write_tables_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        write_tables(extract_article(""), tmp_path, stem="s", fmt="xlsx")


# --- Charts -----------------------------------------------------------------


@pytest.mark.parametrize("chart", ["mentions_by_country", "mentions_by_person"])
def test_mention_charts_are_titled_labelled_captioned(bundled, chart):
    table = bundled["countries"] if chart == "mentions_by_country" else bundled["people"]
    fig = getattr(charts, chart)(table)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert fig.get_suptitle() and ax.get_xlabel() and ax.get_ylabel()
    assert any(t.get_text().startswith("Source") for t in fig.texts)


def test_country_chart_separates_members_from_others(bundled):
    fig = charts.mentions_by_country(bundled["countries"])
    ax = fig.axes[0]
    bars = {label.get_text(): bar for label, bar in zip(ax.get_yticklabels(), ax.patches)}
    assert bars["Hungary"].get_width() == 10  # 6 by name, 1 adjective, 3 by capital
    assert bars["Ukraine"].get_hatch() == "//" and not bars["Hungary"].get_hatch()
    assert bars["Ukraine"].get_facecolor() != bars["Hungary"].get_facecolor()
    assert "7 states: 5 allies, 2 others" in fig.get_suptitle()
