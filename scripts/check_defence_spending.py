"""Check data/defence_spending.csv cell by cell against NATO's own tables.

This is a maintainer's script (standard library only); natoanalysis never runs
it. It re-reads the two NATO releases the table cites and reports every value
that does not match, so a maintainer can re-verify the table after an edit or
when a new release appears.

Inputs (nato.int serves the originals; the public copies named in
``data/sources.csv`` carry the same numbers):

``--tables-2024``
    NATO's Excel tables of 17 June 2024, ``240617-def-exp-2024-TABLES-en.xlsx``
    (copy: github.com/jacobvoss/geopolitical-dashboard, commit a6a6f6c,
    ``data/240617-def-exp-2024-TABLES-en.xlsx``). Read: TABLE2 lower half
    (million US$, constant 2015 prices), TABLE3 upper half (share of real GDP,
    %), TABLE8a upper half (equipment, % of defence expenditure).
``--table3-2025``
    Table 3 of the release of 28 August 2025 as a Vega-Lite spec with the
    values inline (copy: github.com/Datavisualiatie-UGent/project-dv26-2, commit
    a2d1b02, ``src/data-visualisation/share-of-gdp.json``; records of
    ``country``, ``year`` such as ``2025e``, ``share``).

Run::

    python scripts/check_defence_spending.py --tables-2024 TABLES.xlsx \\
        --table3-2025 share-of-gdp.json

It prints one line per mismatch and exits with status 1 if there is any.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "data" / "defence_spending.csv"
NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
NAMES = {
    "Albania": "ALB", "Belgium": "BEL", "Bulgaria": "BGR", "Canada": "CAN", "Croatia": "HRV",
    "Czechia": "CZE", "Denmark": "DNK", "Estonia": "EST", "Finland": "FIN", "France": "FRA",
    "Germany": "DEU", "Greece": "GRC", "Hungary": "HUN", "Italy": "ITA", "Latvia": "LVA",
    "Lithuania": "LTU", "Luxembourg": "LUX", "Montenegro": "MNE", "Netherlands": "NLD",
    "North Macedonia": "MKD", "Norway": "NOR", "Poland": "POL", "Portugal": "PRT",
    "Romania": "ROU", "Slovak Republic": "SVK", "Slovenia": "SVN", "Spain": "ESP",
    "Sweden": "SWE", "Türkiye": "TUR", "United Kingdom": "GBR", "United States": "USA",
}  # fmt: skip


def read_sheets(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """Every sheet of an .xlsx file as {(row, column): text}, 1-based."""
    with zipfile.ZipFile(path) as z:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target", "") for r in rels}
        sheets = {}
        book = ET.fromstring(z.read("xl/workbook.xml"))
        for sheet in book.find("m:sheets", NS) or []:
            part = target[sheet.get(f"{{{NS['r']}}}id")]
            part = part.lstrip("/") if part.startswith("/") else "xl/" + part
            cells = {}
            for c in ET.fromstring(z.read(part)).iter(f"{{{NS['m']}}}c"):
                v = c.find("m:v", NS)
                if v is None or v.text is None:
                    continue
                text = shared[int(v.text)] if c.get("t") == "s" else v.text
                m = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r", ""))
                if not m:
                    continue
                col = 0
                for ch in m.group(1):
                    col = col * 26 + ord(ch) - 64
                cells[(int(m.group(2)), col)] = text
            sheets[sheet.get("name")] = cells
    return sheets


def block(cells: dict[tuple[int, int], str], label: str) -> dict[tuple[str, int], float]:
    """The 31 country rows under the section heading ``label`` (years in row 8)."""
    years = {
        col: int(str(cells[(8, col)]).rstrip("e"))
        for col in range(1, 20)
        if re.fullmatch(r"\d{4}e?", str(cells.get((8, col), "")))
    }
    start = next(r for (r, c), v in sorted(cells.items()) if c == 2 and v.startswith(label))
    out = {}
    for row in range(start + 1, start + 32):
        iso3 = NAMES[cells[(row, 3)].replace("*", "").strip()]
        for col, year in years.items():
            out[(iso3, year)] = float(cells[(row, col)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables-2024", type=Path, required=True)
    parser.add_argument("--table3-2025", type=Path, required=True)
    args = parser.parse_args(argv)
    sheets = read_sheets(args.tables_2024)
    pct24 = block(sheets["TABLE3"], "Share of real GDP")
    usd24 = block(sheets["TABLE2"], "Constant 2015 prices")
    eq24 = block(sheets["TABLE8a"], "Equipment")
    spec = json.loads(args.table3_2025.read_text(encoding="utf-8"))
    pct25 = {
        (NAMES[v["country"]], int(str(v["year"]).rstrip("e"))): v["share"]
        for v in spec["data"]["values"]
    }
    problems = []

    def same(row: dict[str, str], column: str, want: float | None, digits: int) -> None:
        got = row[column]
        expected = "" if want is None else f"{want:.{digits}f}"
        if got != expected:
            where = f"{row['iso3']} {row['year']} {column}"
            problems.append(f"{where}: table {got!r}, NATO {expected!r}")

    with CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key = (row["iso3"], int(row["year"]))
            if row["iso3"] == "ISL":
                continue
            same(row, "latest_pct_gdp", pct25.get(key), 2)
            if key[1] <= 2024:
                same(row, "pct_gdp", pct24[key], 2)
                same(row, "constant_usd_m", usd24[key], 0)
                same(row, "equipment_pct", eq24[key], 2)
            elif pct25.get(key) is not None:
                same(row, "pct_gdp", pct25[key], 2)
    for line in problems:
        print(line)
    print(f"{len(problems)} mismatches", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
