"""Evaluate ``natoanalysis.check_article`` on statements with gold verdicts.

``benchmarks/check_eval.csv`` holds one statement per row in news wording,
half true and half altered (a wrong year, count, name or percentage). Each
row names the kind of statement the checker should find, the gold verdict
and the table rows it was checked against by hand (``checked_against``).

For every row the checker runs on the text with the row's publication date;
the row is right when it finds a statement of that kind and gives it the
gold verdict (a missed statement counts as wrong). The script prints the
verdict accuracy overall and per kind, every miss, and how many altered
statements were rated *supported* (the target is none).

    .venv/bin/python benchmarks/check_eval.py [--csv FILE]

Targets: accuracy >= 95%; no altered statement rated supported. Exit 1 if
either fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import natoanalysis as na

HERE = Path(__file__).resolve().parent


def evaluate(path: Path) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for r in gold.itertuples(index=False):
        found = na.check_article(r.text, published=r.published).claims
        same = found[found["kind"] == r.kind]
        verdict = str(same.iloc[0]["verdict"]) if len(same) else "(not found)"
        rows.append(
            {
                "statement_id": r.statement_id,
                "kind": r.kind,
                "altered": r.altered == "true",
                "gold": r.gold_verdict,
                "verdict": verdict,
                "right": verdict == r.gold_verdict,
                "text": r.text,
            }
        )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", default=str(HERE / "check_eval.csv"), help="gold statements")
    args = parser.parse_args(argv)
    res = evaluate(Path(args.csv))
    n = len(res)
    acc = res["right"].mean()
    altered_supported = int((res["altered"] & (res["verdict"] == "supported")).sum())
    print(
        f"statements: {n} ({int(res['altered'].sum())} altered, "
        f"{int((~res['altered']).sum())} true)"
    )
    print(f"verdict accuracy: {acc:.1%} ({int(res['right'].sum())}/{n}); target >= 95%")
    print(f"altered statements rated supported: {altered_supported}; target 0")
    per_kind = res.groupby("kind", sort=True)["right"].agg(["sum", "count"])
    for kind, row in per_kind.iterrows():
        print(f"  {kind:<16} {int(row['sum'])}/{int(row['count'])}")
    misses = res[~res["right"]]
    for r in misses.itertuples(index=False):
        print(f"MISS {r.statement_id} {r.kind}: gold {r.gold}, got {r.verdict}: {r.text}")
    ok = acc >= 0.95 and altered_supported == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
