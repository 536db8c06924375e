"""Extract the World Factbook's nationality and capital fields for the gazetteer.

This is a maintainer's script (standard library only); natoanalysis never runs
it. ``data/country_aliases.csv`` cites The World Factbook (CIA) for the country
adjectives, demonyms and capitals it lists. The CIA retired the Factbook's
website on 4 February 2026; its last weekly edition survives in the public
JSON copy github.com/factbook/factbook.json (one file per country, named by
the Factbook's two-letter GEC code). This script reads a checkout of that copy
and writes, for every state the gazetteer covers, the four fields the alias
rows are checked against (``tests/test_country_aliases.py``):

``nationality_noun``, ``nationality_adjective``
    People and Society > Nationality (e.g. ``Frenchman(men), Frenchwoman(women)``).
``capital_name``, ``capital_note``
    Government > Capital > name and its note (e.g. ``The Hague is the seat of
    government``), HTML tags removed.
``name_long``, ``name_short``, ``name_abbreviation``
    Government > Country name > conventional long form, conventional short
    form and abbreviation (e.g. ``US or USA``); a long form's trailing note
    (after ``;``) is dropped.

Run::

    python scripts/world_factbook_forms.py /path/to/factbook.json \\
        > tests/fixtures/world_factbook_forms.csv

The copy read for the committed fixture: commit 8662a8b17a784841ab4528631b04090eb2f183eb
(country files last updated 2026-01-22, "auto-update week 4").
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
from pathlib import Path

#: ISO 3166-1 alpha-3 -> the Factbook's GEC code, for every state in country_aliases.csv.
GEC = {
    "ALB": "al", "ARM": "am", "AUS": "as", "AUT": "au", "AZE": "aj", "BEL": "be",
    "BGR": "bu", "BIH": "bk", "BLR": "bo", "CAN": "ca", "CHE": "sz", "CHN": "ch",
    "CYP": "cy", "CZE": "ez", "DEU": "gm", "DNK": "da", "ESP": "sp", "EST": "en",
    "FIN": "fi", "FRA": "fr", "GBR": "uk", "GEO": "gg", "GRC": "gr", "HRV": "hr",
    "HUN": "hu", "IRL": "ei", "IRN": "ir", "ISL": "ic", "ISR": "is", "ITA": "it",
    "JPN": "ja", "KOR": "ks", "LTU": "lh", "LUX": "lu", "LVA": "lg", "MDA": "md",
    "MKD": "mk", "MLT": "mt", "MNE": "mj", "NLD": "nl", "NOR": "no", "POL": "pl",
    "PRK": "kn", "PRT": "po", "ROU": "ro", "RUS": "rs", "SRB": "ri", "SVK": "lo",
    "SVN": "si", "SWE": "sw", "SYR": "sy", "TUR": "tu", "UKR": "up", "USA": "us",
}  # fmt: skip

FIELDS = [
    "iso3",
    "gec",
    "nationality_noun",
    "nationality_adjective",
    "capital_name",
    "capital_note",
    "name_long",
    "name_short",
    "name_abbreviation",
]


def _text(value: object) -> str:
    """A Factbook field as plain text (fields are {"text": ...} or bare strings)."""
    if isinstance(value, dict):
        value = value.get("text", "")
    text = html.unescape(re.sub(r"<[^>]+>", "", str(value or "")))
    text = re.sub(r"^\s*note:\s*", "", text.replace("\u00a0", " "))
    return " ".join(text.split())


def rows(checkout: Path) -> list[dict[str, str]]:
    files = {p.stem: p for p in checkout.glob("*/*.json") if len(p.stem) == 2}
    out = []
    for iso3, gec in sorted(GEC.items()):
        if gec not in files:
            raise SystemExit(f"{checkout}: no country file {gec}.json for {iso3}")
        profile = json.loads(files[gec].read_text(encoding="utf-8"))
        nationality = profile["People and Society"]["Nationality"]
        capital = profile["Government"]["Capital"]
        names = profile["Government"]["Country name"]
        out.append(
            {
                "iso3": iso3,
                "gec": gec,
                "nationality_noun": _text(nationality.get("noun")),
                "nationality_adjective": _text(nationality.get("adjective")),
                "capital_name": _text(capital.get("name")),
                "capital_note": _text(capital.get("note")),
                "name_long": _text(names.get("conventional long form")).split(";")[0].strip(),
                "name_short": _text(names.get("conventional short form")),
                "name_abbreviation": _text(names.get("abbreviation")),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a checkout of factbook/factbook.json")
    args = parser.parse_args(argv)
    writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(args.checkout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
