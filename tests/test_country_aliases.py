"""The gazetteer's country forms are checked against the records they cite.

``country_aliases.csv`` cites The World Factbook (CIA, an official record) for
the adjectives, demonyms and capitals the Factbook gives, and keeps a reference
work only for forms the Factbook does not give. The Factbook's fields for
every covered state are in ``tests/fixtures/world_factbook_forms.csv``,
extracted by ``scripts/world_factbook_forms.py`` from the public JSON copy the
sources table names in ``checked_via``. Informal names the Factbook's name
fields lack (Holland, Britain, America, ...) cite a record that uses them for
the country, and that record's notes in ``sources.csv`` quote the use.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pycountry
import pytest

import natoanalysis as na

FIXTURE = Path(__file__).parent / "fixtures" / "world_factbook_forms.csv"
FACTBOOK = "cia_world_factbook"
REFERENCE_IDS = {"wikipedia_adjectival_demonymic_forms"}
FCDO = "fcdo_geographical_names_index"
#: Names the FCDO pages read (gov.uk) show: Czechia's formal name and Türkiye's change of name.
#: The index is cited for these only.
FCDO_READ = {"Czech Republic", "Turkey", "Turkiye"}


def expand(field: str) -> set[str]:
    """The words a Factbook nationality field lists.

    ``Albanian(s)`` gives Albanian and Albanians, ``Frenchman(men)`` gives
    Frenchman and Frenchmen; ``(singular and plural)`` style remarks drop.

    >>> sorted(expand("Frenchman(men), Frenchwoman(women)"))
    ['Frenchman', 'Frenchmen', 'Frenchwoman', 'Frenchwomen']
    >>> sorted(expand("Briton(s), British (collective plural)"))
    ['British', 'Briton', 'Britons']
    """
    words: set[str] = set()
    for item in re.split(r"[,;]", field):
        item = re.sub(r"\s+\([^)]*\)", "", item).strip()
        m = re.fullmatch(r"(.+?)\((\w+)\)", item)
        if m:
            stem, ending = m.groups()
            words |= {stem, stem + ending if ending == "s" else stem[: -len(ending)] + ending}
        elif item:
            words.add(item)
    return words


def _fold(text: str) -> str:
    """Accents and commas dropped: the Factbook writes Reykjavik, Chisinau, Washington, D.C."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace(",", " ").split())


def capital_named(form: str, name: str, note: str) -> bool:
    """Whether ``form`` is named as a whole phrase in the capital field or its note.

    >>> capital_named("Kiev", "Kyiv (Kiev is the transliteration from Russian)", "")
    True
    >>> capital_named("Chișinău", "Chisinau in Romanian (Kishinev in Russian)", "")
    True
    >>> capital_named("Washington D.C.", "Washington, D.C.", "")
    True
    >>> capital_named("Sejong", "Seoul", "")
    False
    """
    pattern = r"(?<!\w)" + re.escape(_fold(form)) + r"(?!\w)"
    return bool(re.search(pattern, _fold(f"{name} ; {note}")))


def country_names(fb: pd.Series) -> set[str]:
    """The names the Factbook gives a country, abbreviations also without full stops.

    >>> sorted(country_names(pd.Series({"name_long": "United States of America",
    ...     "name_short": "United States", "name_abbreviation": "US or USA"})))
    ['US', 'USA', 'United States', 'United States of America']
    """
    names = {fb["name_long"], fb["name_short"]}
    names |= set(re.split(r"\s+or\s+|,\s*", fb["name_abbreviation"]))
    return {n.strip() for n in names if n.strip() and n.strip() != "none"}


def attested(row: pd.Series, factbook: pd.DataFrame) -> bool:
    """Whether the Factbook gives ``row.form`` for ``row.iso3`` under the row's kind."""
    if row["iso3"] not in factbook.index:
        return False
    fb = factbook.loc[row["iso3"]]
    if row["kind"] == "demonym":
        return row["form"] in expand(fb["nationality_noun"])
    if row["kind"] == "adjective":
        return row["form"] in expand(fb["nationality_adjective"])
    if row["kind"] == "capital":
        return capital_named(row["form"], fb["capital_name"], fb["capital_note"])
    if row["kind"] == "alias":
        # U.S. and U.K. are the abbreviations US and UK written with full stops.
        return row["form"].replace(".", "") in country_names(fb)
    return False


@pytest.fixture(scope="module")
def factbook() -> pd.DataFrame:
    return pd.read_csv(FIXTURE, dtype=str, keep_default_na=False).set_index("iso3")


@pytest.fixture(scope="module")
def aliases() -> pd.DataFrame:
    return na.load_table("country_aliases")


def test_the_fixture_covers_every_state_the_gazetteer_names(factbook, aliases):
    assert set(aliases["iso3"]) <= set(factbook.index)
    assert (factbook["nationality_adjective"] != "").all()
    assert (factbook["capital_name"] != "").all()
    assert (factbook["name_short"] != "").all()


def test_every_factbook_citation_is_in_the_factbook(factbook, aliases):
    cited = aliases[aliases["source_id"] == FACTBOOK]
    assert len(cited) > 100
    missing = cited[~cited.apply(attested, axis=1, factbook=factbook)]
    assert missing.empty, f"cited to the Factbook but not in it: {missing['form'].tolist()}"


def test_a_reference_is_kept_only_where_the_factbook_lacks_the_form(factbook, aliases):
    weak = aliases[aliases["source_id"].isin(REFERENCE_IDS)]
    better = weak[weak.apply(attested, axis=1, factbook=factbook)]
    assert better.empty, f"the Factbook gives these; cite it: {better['form'].tolist()}"
    # Each row left on a reference work says so.
    assert weak["notes"].fillna("").str.contains("Factbook", regex=False).all()


def test_the_fcdo_index_is_cited_only_for_the_names_its_pages_show(aliases):
    fcdo = aliases[aliases["source_id"] == FCDO]
    assert set(fcdo["form"]) <= FCDO_READ, sorted(set(fcdo["form"]) - FCDO_READ)


def test_an_informal_name_cites_a_strong_record_that_shows_it(factbook, aliases):
    # Names the Factbook's name fields lack (Holland, Britain, America, ...) cite a
    # record that uses them for the country; the source's notes quote that use.
    sources = na.load_sources().set_index("source_id")
    alias = aliases[aliases["kind"] == "alias"]
    informal = alias[
        ~alias.apply(attested, axis=1, factbook=factbook)
        & ~alias["form"].isin(FCDO_READ)
        & ~alias["source_id"].isin(REFERENCE_IDS)
    ]
    assert {"Holland", "Britain", "Great Britain", "America", "Bosnia"} <= set(informal["form"])
    for row in informal.itertuples():
        src = sources.loc[row.source_id]
        assert src["source_kind"] in {"official_record", "wire", "press"}, row.form
        cited_for = f"Cited for the alias {row.form} (country_aliases.csv)"
        assert cited_for in src["notes"], (row.form, row.source_id)
        shown = src["notes"].replace(cited_for, "")
        assert re.search(rf"(?<!\w){re.escape(row.form)}(?!\w)", shown), (row.form, row.source_id)


def test_factbook_source_names_the_copy_it_was_checked_through():
    src = na.load_sources().set_index("source_id").loc[FACTBOOK]
    assert src["source_kind"] == "official_record"
    assert "factbook/factbook.json" in src["checked_via"]
    assert "8662a8b" in src["checked_via"]


def test_iso_names_are_not_repeated_as_aliases(aliases):
    # The gazetteer reads ISO 3166 names from pycountry (Debian iso-codes); the
    # curated table adds only the forms ISO does not give.
    for row in aliases.itertuples():
        country = pycountry.countries.get(alpha_3=row.iso3)
        assert country is not None, row.iso3
        assert row.form not in {country.name, getattr(country, "common_name", None)}, row.form
