"""Secretaries General, people and the 2024 race against the public record.

Expected dates are typed from the cited sources (NATO's pages on each
Secretary General, agency reports of the 2024 race), not from the tables.
"""

from __future__ import annotations

import pandas as pd
import pytest

import natoanalysis as na

T = pd.Timestamp


@pytest.fixture(scope="module")
def sg() -> pd.DataFrame:
    return na.load_secretaries_general()


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return na.load_events()


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return na.load_people()


# --- Secretaries General ----------------------------------------------------

APPOINTED = [
    ("Lord Ismay", "GBR", "1952-04-04"),
    ("Paul-Henri Spaak", "BEL", "1957-05-16"),
    ("Dirk Stikker", "NLD", "1961-04-21"),
    ("Manlio Brosio", "ITA", "1964-08-01"),
    ("Joseph Luns", "NLD", "1971-10-01"),
    ("Lord Carrington", "GBR", "1984-06-25"),
    ("Manfred Wörner", "DEU", "1988-07-01"),
    ("Willy Claes", "BEL", "1994-10-17"),
    ("Javier Solana", "ESP", "1995-12-05"),
    ("Lord Robertson", "GBR", "1999-10-14"),
    ("Jaap de Hoop Scheffer", "NLD", "2004-01-01"),
    ("Anders Fogh Rasmussen", "DNK", "2009-08-01"),
    ("Jens Stoltenberg", "NOR", "2014-10-01"),
    ("Mark Rutte", "NLD", "2024-10-01"),
]


def test_appointed_secretaries_general_in_order(sg):
    appointed = sg[~sg["is_acting"]].sort_values("start_date")
    got = [
        (r.name, r.nationality_iso3, r.start_date.date().isoformat())
        for r in appointed.itertuples()
    ]
    assert got == APPOINTED
    assert list(appointed["official_number"]) == list(range(1, 15))


def test_acting_tenures(sg):
    acting = sg[sg["is_acting"]]
    assert sorted(acting["name"]) == [
        "Alessandro Minuto-Rizzo",
        "Sergio Balanzino",
        "Sergio Balanzino",
    ]
    assert acting["official_number"].isna().all()


def test_terms_chain_without_overlap_or_unexplained_gap(sg):
    sg = sg.sort_values("start_date").reset_index(drop=True)
    assert sg["term_id"].tolist() == list(range(1, len(sg) + 1))
    for prev, nxt in zip(sg.iloc[:-1].itertuples(), sg.iloc[1:].itertuples()):
        assert pd.notna(prev.end_date), prev.name
        assert nxt.start_date >= prev.end_date, f"{prev.name} overlaps {nxt.name}"
        if nxt.start_date != prev.end_date:
            assert pd.notna(nxt.gap_before_reason), f"unexplained gap before {nxt.name}"
        else:
            assert pd.isna(nxt.gap_before_reason)
    assert sg["end_date"].isna().sum() == 1


def test_only_gap_is_solana_to_robertson(sg):
    gaps = sg[sg["gap_before_reason"].notna()]
    assert gaps["name"].tolist() == ["Lord Robertson"]


def test_tenure_days_derived(sg):
    row = sg.set_index("name").loc["Jens Stoltenberg"]
    assert row["tenure_days"] == (T("2024-10-01") - T("2014-10-01")).days
    rutte = sg.set_index("name").loc["Mark Rutte"]
    assert rutte["is_incumbent"]
    assert rutte["tenure_days"] == (na.as_of() - T("2024-10-01")).days


def test_secretaries_general_link_to_people(sg):
    linked = sg.dropna(subset=["person_id"])
    assert set(linked["person_id"]) == {"jens_stoltenberg", "mark_rutte"}


# --- People -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("person_id", "alias"),
    [
        ("mark_rutte", "Mr Rutte"),
        ("mark_rutte", "the Dutch leader"),
        ("viktor_orban", "Mr Orbán"),
        ("klaus_iohannis", "President Iohannis"),
        ("jens_stoltenberg", "Jens Stoltenberg"),
        ("donald_trump", "Donald Trump"),
    ],
)
def test_article_people_and_aliases(people, person_id, alias):
    row = people.set_index("person_id").loc[person_id]
    assert alias in row["alias_list"]


def test_people_countries(people):
    by_id = people.set_index("person_id")["country_iso3"]
    assert by_id["mark_rutte"] == "NLD"
    assert by_id["viktor_orban"] == "HUN"
    assert by_id["klaus_iohannis"] == "ROU"
    assert by_id["jens_stoltenberg"] == "NOR"
    assert by_id["donald_trump"] == "USA"


# --- Events -----------------------------------------------------------------

KEY_EVENTS = {
    "sweden_joins_nato": ("2024-03-07", None),
    "iohannis_candidacy": ("2024-03-12", "Bucharest"),
    "stoltenberg_orban_budapest_deal": ("2024-06-12", "Budapest"),
    "rutte_orban_meeting": ("2024-06-17", "Brussels"),
    "orban_backs_rutte": ("2024-06-18", None),
    "slovakia_backs_rutte": ("2024-06-18", None),
    "iohannis_withdraws": ("2024-06-20", "Bucharest"),
    "nac_appoints_rutte": ("2024-06-26", "Brussels"),
    "schoof_cabinet_sworn_in": ("2024-07-02", "The Hague"),
    "washington_summit": ("2024-07-09", "Washington, D.C."),
    "rutte_takes_office_sg": ("2024-10-01", "Brussels"),
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(KEY_EVENTS.items()))
def test_key_sourced_events(events, event_id, expected):
    day, place = expected
    row = events.set_index("event_id").loc[event_id]
    assert row["kind"] == "sourced"
    assert row["event_date"] == T(day)
    assert row["date_precision"] == "day"
    if place:
        assert row["place"] == place


def test_washington_summit_spans_three_days(events):
    row = events.set_index("event_id").loc["washington_summit"]
    assert row["end_date"] == T("2024-07-11")


def test_article_spans_slice_the_article(events):
    text = na.load_article_text()
    art = events[events["kind"] == "article"]
    assert len(art) >= 8
    for r in art.itertuples():
        assert text[r.article_start : r.article_end] == r.article_quote, r.event_id
        if pd.notna(r.time_expression):
            assert r.time_expression in r.article_quote, r.event_id


def test_article_rows_link_to_sourced_events(events):
    by_id = events.set_index("event_id")
    art = events[events["kind"] == "article"]
    for r in art.itertuples():
        assert by_id.loc[r.linked_event_id, "kind"] == "sourced", r.event_id
    sourced = events[events["kind"] == "sourced"]
    assert sourced["article_start"].isna().all() and sourced["linked_event_id"].isna().all()


def test_precision_ranges_are_consistent(events):
    for r in events.dropna(subset=["event_date"]).itertuples():
        start, end, p = r.event_date, r.end_date, r.date_precision
        if p == "day":
            assert pd.isna(end) or end > start, r.event_id
        elif p == "month":
            assert start.day == 1 and end == start + pd.offsets.MonthEnd(0), r.event_id
        elif p == "year":
            assert (start.month, start.day) == (1, 1), r.event_id
            assert end == start + pd.offsets.YearEnd(0), r.event_id
        else:
            assert p == "range" and end >= start, r.event_id


def test_article_dates_agree_with_sources_unless_flagged(events):
    by_id = events.set_index("event_id")
    art = events[(events["kind"] == "article") & events["event_date"].notna()]
    for r in art.itertuples():
        linked = by_id.loc[r.linked_event_id]
        inside = r.event_date <= linked["event_date"] <= r.end_date
        flagged = pd.notna(r.differs) and "date" in r.differs.split(";")
        assert inside != flagged, r.event_id


def test_places_where_article_differs(events):
    by_id = events.set_index("event_id")
    visit = by_id.loc["art_rutte_visits_budapest"]
    assert visit["place"] == "Budapest" and "place" in visit["differs"]
    assert by_id.loc[visit["linked_event_id"], "place"] == "Brussels"
    gripen = by_id.loc["art_us_gripen_assurance"]
    assert "who" in gripen["differs"]


def test_publication_window_fits_what_the_article_reports(events):
    start, end = na.article_metadata()["published_window"]
    by_id = events.set_index("event_id")
    # Reported as done: must have happened on or before the first possible day.
    for done in ("orban_backs_rutte", "iohannis_withdraws"):
        assert by_id.loc[done, "event_date"] <= start
    # Still expected "in the coming days": after the last possible day.
    assert by_id.loc["nac_appoints_rutte", "event_date"] > end
    # Still "Dutch Prime Minister": before he left office.
    assert end < by_id.loc["schoof_cabinet_sworn_in", "event_date"]


def test_last_week_resolves_against_the_window(events):
    start, end = na.article_metadata()["published_window"]
    row = events.set_index("event_id").loc["art_rutte_visits_budapest"]
    # The Monday-to-Sunday week before the publication week, for every day in the window.
    first = (start - pd.Timedelta(days=start.weekday())) - pd.Timedelta(days=7)
    last = (end - pd.Timedelta(days=end.weekday())) - pd.Timedelta(days=1)
    assert (row["event_date"], row["end_date"]) == (first, last)
