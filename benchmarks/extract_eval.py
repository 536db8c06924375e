"""Precision and recall of the article extractor on the evaluation set.

Not part of the test suite. Run it from the repository root:

    .venv/bin/python benchmarks/extract_eval.py [--details] [--style wire|uk|us|broadcaster|web]

The evaluation set (``benchmarks/extract_eval/``) holds short news texts
written for it in five house styles (wire, UK broadsheet, US paper,
broadcaster, web copy with broken quotation marks), one ``.txt`` file each,
and ``gold.json``: for every text its publication date and what a careful
reader finds in it. The texts are invented; their quotations were never said.

Scored, per table (micro-averaged over all texts):

- **quote speakers**: a gold quotation is found when an extracted quotation
  starts with its first words; recall is the share of gold quotations that
  have a speaker and get that speaker, precision the share of extracted
  quotations given a speaker whose speaker is right (a speaker given to a
  quotation the text leaves unattributed is wrong);
- **people**: the distinct people a text names, compared by name (accents,
  case and middle initials ignored: *Raymond T. Okafor* is *Raymond Okafor*);
- **dates**: every time expression a reader can pin to a day, month, year or
  range; an extracted row is right when its words overlap the gold words and
  it resolves to the same first and last day (rows the extractor leaves
  unresolved make no claim and are not counted);
- **topics**: the topic of each list item, in order.

Targets: quote speakers recall >= 0.90 and precision >= 0.97; people recall
>= 0.97; dates and topics >= 0.95 and >= 0.90.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pandas as pd

import natoanalysis as na

ROOT = Path(__file__).resolve().parent / "extract_eval"
TARGETS = {
    ("quote speakers", "recall"): 0.90,
    ("quote speakers", "precision"): 0.97,
    ("people", "recall"): 0.97,
    ("dates", "recall"): 0.95,
    ("dates", "precision"): 0.95,
    ("topics", "recall"): 0.90,
    ("topics", "precision"): 0.90,
}


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().replace("’", "'").split())


def name_key(name: str) -> str:
    """A person's name for comparison: folded, middle initials dropped."""
    words = _fold(name).split()
    keep = [w for i, w in enumerate(words) if i == 0 or not re.fullmatch(r"(?:\w\.)+|\w", w)]
    return " ".join(keep)


def _quote_key(s: str) -> str:
    return re.sub(r"[\"“”'‘’«»]", "", _fold(s))


class Score:
    def __init__(self) -> None:
        self.tp_p = self.n_p = self.tp_r = self.n_r = 0

    def add(self, *, tp_p: int = 0, n_p: int = 0, tp_r: int = 0, n_r: int = 0) -> None:
        self.tp_p += tp_p
        self.n_p += n_p
        self.tp_r += tp_r
        self.n_r += n_r

    @property
    def precision(self) -> float:
        return self.tp_p / self.n_p if self.n_p else 1.0

    @property
    def recall(self) -> float:
        return self.tp_r / self.n_r if self.n_r else 1.0


def score_text(item: dict, tables: dict[str, pd.DataFrame], log: list[str]) -> dict[str, Score]:
    out = {name: Score() for name in ("quote speakers", "people", "dates", "topics")}

    # --- quote speakers
    quotes = tables["quotes"]
    sys_rows = [(_quote_key(r.text), r.speaker) for r in quotes.itertuples()]
    gold = [(_quote_key(g["starts"]), g["speaker"]) for g in item["quotes"]]
    matched: dict[int, int] = {}  # system row -> gold index
    for gi, (gkey, _) in enumerate(gold):
        for si, (skey, _) in enumerate(sys_rows):
            if si not in matched and skey.startswith(gkey):
                matched[si] = gi
                break
    by_gold = {gi: si for si, gi in matched.items()}
    for gi, (gkey, gspeaker) in enumerate(gold):
        if gspeaker is None:
            continue
        si = by_gold.get(gi)
        got = None if si is None else sys_rows[si][1]
        ok = got is not None and got is not pd.NA and name_key(got) == name_key(gspeaker)
        out["quote speakers"].add(tp_r=int(ok), n_r=1)
        if not ok:
            found = "no such quotation" if si is None else f"speaker {got}"
            log.append(f"  quote miss: {gkey[:40]!r} by {gspeaker}: {found}")
    for si, (skey, speaker) in enumerate(sys_rows):
        if speaker is None or speaker is pd.NA:
            continue
        gi = matched.get(si)
        gspeaker = None if gi is None else gold[gi][1]
        ok = gspeaker is not None and name_key(gspeaker) == name_key(speaker)
        out["quote speakers"].add(tp_p=int(ok), n_p=1)
        if not ok:
            log.append(f"  quote wrong: {skey[:40]!r} given to {speaker} (gold: {gspeaker})")

    # --- people
    got_people = {name_key(n) for n in tables["people"]["name"].dropna()}
    gold_people = {name_key(n) for n in item["people"]}
    out["people"].add(
        tp_p=len(got_people & gold_people),
        n_p=len(got_people),
        tp_r=len(got_people & gold_people),
        n_r=len(gold_people),
    )
    for n in sorted(gold_people - got_people):
        log.append(f"  person missed: {n}")
    for n in sorted(got_people - gold_people):
        log.append(f"  person extra: {n}")

    # --- dates
    rows = [
        (_fold(r.text), str(r.resolved_start.date()), str(r.resolved_end.date()))
        for r in tables["dates"].itertuples()
        if pd.notna(r.resolved_start)
    ]
    used: set[int] = set()
    for g in item["dates"]:
        gt = _fold(g["text"])
        hit = next(
            (
                i
                for i, (t, s, e) in enumerate(rows)
                if i not in used and (gt in t or t in gt) and (s, e) == (g["start"], g["end"])
            ),
            None,
        )
        if hit is None:
            near = [r for r in rows if gt in r[0] or r[0] in gt]
            log.append(f"  date miss: {g['text']!r} {g['start']}..{g['end']} (got {near})")
        else:
            used.add(hit)
        out["dates"].add(tp_r=int(hit is not None), n_r=1)
    out["dates"].add(tp_p=len(used), n_p=len(rows))
    for i, r in enumerate(rows):
        if i not in used:
            log.append(f"  date wrong: {r}")

    # --- topics
    got_topics = list(tables["priorities"]["topic"].astype(str))
    gold_topics = item["topics"]
    right = sum(a == b for a, b in zip(got_topics, gold_topics))
    out["topics"].add(tp_p=right, n_p=len(got_topics), tp_r=right, n_r=len(gold_topics))
    for i, (a, b) in enumerate(zip(got_topics, gold_topics), 1):
        if a != b:
            log.append(f"  topic p{i}: {a} (gold {b})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--details", action="store_true", help="list every miss, text by text")
    ap.add_argument("--style", help="only texts of this style")
    ap.add_argument(
        "--held-out",
        choices=("only", "without"),
        help="only the texts written after the rules (held_out), or only the others",
    )
    args = ap.parse_args()
    gold = json.loads((ROOT / "gold.json").read_text(encoding="utf-8"))["texts"]
    totals: dict[str, Score] = defaultdict(Score)
    by_style: dict[tuple[str, str], Score] = defaultdict(Score)
    n = 0
    for item in gold:
        if args.style and item["style"] != args.style:
            continue
        held = bool(item.get("held_out"))
        if (args.held_out == "only" and not held) or (args.held_out == "without" and held):
            continue
        n += 1
        text = (ROOT / "texts" / f"{item['id']}.txt").read_text(encoding="utf-8")
        tables = na.extract_article(text, published=item["published"])
        log: list[str] = []
        for name, s in score_text(item, tables, log).items():
            for agg in (totals[name], by_style[(item["style"], name)]):
                agg.add(tp_p=s.tp_p, n_p=s.n_p, tp_r=s.tp_r, n_r=s.n_r)
        if args.details and log:
            print(f"{item['id']} ({item['style']}):")
            print("\n".join(log))
    print(f"{n} texts")
    print(f"{'table':<16} {'precision':>10} {'recall':>8}   (right/given, right/gold)")
    failed = []
    for name in ("quote speakers", "people", "dates", "topics"):
        s = totals[name]
        print(
            f"{name:<16} {s.precision:>10.3f} {s.recall:>8.3f}   "
            f"({s.tp_p}/{s.n_p}, {s.tp_r}/{s.n_r})"
        )
        for (table, kind), target in TARGETS.items():
            if table == name and getattr(s, kind) < target:
                failed.append(f"{name} {kind} {getattr(s, kind):.3f} < {target}")
    styles = sorted({st for st, _ in by_style})
    print(
        "\nquote speaker recall by style: "
        + ", ".join(f"{st} {by_style[(st, 'quote speakers')].recall:.2f}" for st in styles)
    )
    print("targets: " + ("all met" if not failed else "; ".join(failed)))


if __name__ == "__main__":
    main()
