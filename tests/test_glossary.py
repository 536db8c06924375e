"""The glossary: sourced definitions, and every acronym a notebook shows is explained."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import natoanalysis as na
from natoanalysis import glossary

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def prose(notebook: Path) -> list[str]:
    """What a reader reads as text: markdown cells and markdown the cells print."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    texts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if markdown:
                texts.append("".join(markdown))
    return texts


def test_terms_the_issue_names_are_defined():
    terms = set(na.load_glossary()["term"])
    wanted = {"NSATU", "PURL", "FLF", "Article 5", "North Atlantic Council", "metonym"}
    assert wanted | {"demonym", "ClaimReview", "GDP", "Secretary General"} <= terms


def test_every_definition_is_sourced_and_short():
    g = na.load_glossary()
    sources = na.load_sources().set_index("source_id")
    assert g["source_id"].isin(sources.index).all()
    # Written for a 16-year-old: a few plain sentences, never a paragraph.
    assert (g["definition"].str.len() <= 320).all(), g.loc[g["definition"].str.len() > 320, "term"]
    # The article is never the authority for what a word means.
    assert not g["source_id"].eq("article").any()
    assert sources.loc[g["source_id"], "url"].str.startswith("https://").all()


def test_aliases_expand_the_acronyms():
    g = na.load_glossary().set_index("term")
    assert "Prioritised Ukraine Requirements List" in g.loc["PURL", "also"].split(";")
    assert "NATO Security Assistance and Training for Ukraine" in g.loc["NSATU", "also"]
    assert "AFP" in g.loc["news agency", "also"].split(";")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_acronym_in_a_notebook_is_explained(notebook):
    missing = {word for text in prose(notebook) for word in glossary.undefined_acronyms(text)}
    assert not missing, f"{notebook.name} uses {sorted(missing)}; add them to data/glossary.csv"


def test_a_missing_term_is_caught(data_copy):
    """Drop NSATU from a copy of the glossary: notebook prose that uses it now fails."""
    path = data_copy / "glossary.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("NSATU,")), "utf-8")
    text = "NSATU, the NATO command in Wiesbaden, trains Ukrainian troops."
    assert glossary.undefined_acronyms(text, data_dir=data_copy) == ["NSATU"]
    assert glossary.undefined_acronyms(text) == []


def test_codes_claim_ids_and_publishers_are_not_vocabulary():
    text = "NLD and HUN (ISO codes), EUR, claim C07, as TRT and POLITICO reported; the US agreed."
    assert glossary.undefined_acronyms(text) == []


def test_glossary_edits_reach_a_users_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(na.data_dir(), copy)
    with (copy / "glossary.csv").open("a", encoding="utf-8") as fh:
        fh.write('QRA,quick reaction alert,"Jets kept ready to take off.",schemaorg_claimreview\n')
    assert glossary.undefined_acronyms("QRA jets", data_dir=copy) == []
    assert glossary.undefined_acronyms("QRA jets") == ["QRA"]
