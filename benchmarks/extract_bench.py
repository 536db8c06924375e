"""Benchmark the article extractor against a plain regular-expression scan.

Not part of the test suite. Run it from the repository root:

    .venv/bin/python benchmarks/extract_bench.py [--articles 1000] [--seed 7] [--repeat 3]

It generates a corpus of news-like articles (about 3 KB each: a headline, a
standfirst, paragraphs naming allies, other states, capitals and people,
dates, a quotation and a bulleted list), then times

- the baseline: one pass of a single compiled regular expression of every
  gazetteer name (all country and person forms, as a plain alternation,
  longest first, between word boundaries) over each article, and
- :func:`natoanalysis.extract_article` on each article (tables built),

and prints the throughput ratio ``extractor / baseline`` (higher is
better; the target is >= 0.2, i.e. the extractor costs at most 5x
the bare scan). The best of ``--repeat`` runs is used for each side. The
gazetteer is built once before timing, as a long-running user would.
"""

from __future__ import annotations

import argparse
import random
import re
import time

import natoanalysis as na
from natoanalysis.gazetteer import load_gazetteer

_ALLIES = ["Poland", "Germany", "France", "Norway", "Türkiye", "Canada", "Estonia", "Italy"]
_OTHERS = ["Ukraine", "Russia", "Georgia", "Moldova", "Belarus", "China", "Austria"]
_ADJ = ["Polish", "German", "French", "Norwegian", "Turkish", "Ukrainian", "Dutch", "Swedish"]
_CAPITALS = ["Warsaw", "Berlin", "Kyiv", "Moscow", "Washington", "Budapest", "Ankara", "Oslo"]
_PEOPLE = ["Mark Rutte", "Jens Stoltenberg", "Viktor Orbán", "Olaf Scholz", "Emmanuel Macron"]
_NEW_PEOPLE = ["Anna Kowalska", "Jonas Berg", "Elena Petrova", "Marco Bianchi", "Sara Lind"]
_TITLES = ["Defence Minister", "Foreign Minister", "President", "Prime Minister"]
_TIMES = [
    "last week",
    "in October",
    "on Tuesday",
    "in the coming days",
    "on 12 March 2024",
    "two years ago",
    "the next five years",
    "in 2023",
    "yesterday",
]
_VERBS = ["said", "told reporters", "warned", "added"]
_FILLER = (
    "Officials described the talks as constructive, although several delegations "
    "asked for more time to study the proposals before the ministers meet again. "
)


def _paragraph(rng: random.Random) -> str:
    ally, other = rng.choice(_ALLIES), rng.choice(_OTHERS)
    adj, cap = rng.choice(_ADJ), rng.choice(_CAPITALS)
    known, new = rng.choice(_PEOPLE), rng.choice(_NEW_PEOPLE)
    title = rng.choice(_TITLES)
    when, when2 = rng.choice(_TIMES), rng.choice(_TIMES)
    verb = rng.choice(_VERBS)
    surname = known.split()[-1]
    sentences = [
        f"{ally} and {other} held talks {when} on air defence and ammunition supplies.",
        f"The {adj} delegation met {known} in {cap}, where {adj} {title} {new} {verb} that "
        f"progress was real.",
        f'"We will keep our promises to {other}," Mr {surname} {rng.choice(_VERBS)}.',
        f"{cap}'s position has hardened since {when2}, diplomats in {ally} said.",
        _FILLER,
    ]
    rng.shuffle(sentences)
    return " ".join(sentences)


def make_article(rng: random.Random, size: int = 3000) -> str:
    """One generated article of about ``size`` characters."""
    head = (
        f"{rng.choice(_ALLIES)} and {rng.choice(_OTHERS)} talk security in {rng.choice(_CAPITALS)}"
    )
    parts = [head, f"Ministers meet as {rng.choice(_PEOPLE)} urges unity", ""]
    length = sum(len(p) for p in parts)
    n = 0
    while length < size - 400:
        p = _paragraph(rng)
        parts += [p, ""]
        length += len(p) + 2
        n += 1
        if n == 2:
            parts += ["The agenda includes:", ""]
            parts += [f"• {s}" for s in ("Support for Ukraine", "Defence spending", "Enlargement")]
            parts += [""]
            length += 80
    return "\n".join(parts).rstrip() + "\n"


def make_corpus(n: int, seed: int = 7, size: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return [make_article(rng, size) for _ in range(n)]


def baseline_regex() -> re.Pattern[str]:
    """A single regular expression of every gazetteer name, longest first."""
    gaz = load_gazetteer()
    names = set(gaz.country_surface_forms()) | set(gaz.person_surface_forms())
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b")


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    corpus = make_corpus(args.articles, args.seed)
    total = sum(len(a.encode("utf-8")) for a in corpus)
    rx = baseline_regex()
    na.extract_article(corpus[0], published="2024-06-21")  # warm caches (gazetteer, regexes)

    def scan() -> None:
        for a in corpus:
            for _ in rx.finditer(a):
                pass

    def extract() -> None:
        for a in corpus:
            na.extract_article(a, published="2024-06-21")

    t_scan = _best(scan, args.repeat)
    t_extract = _best(extract, args.repeat)
    mb = total / 1e6
    print(f"corpus: {len(corpus)} articles, {mb:.2f} MB (mean {total / len(corpus):.0f} bytes)")
    print(f"baseline regex scan: {t_scan:.3f} s  ({mb / t_scan:.2f} MB/s)")
    print(f"extract_article:     {t_extract:.3f} s  ({mb / t_extract:.2f} MB/s)")
    print(f"throughput ratio (extractor / baseline): {t_scan / t_extract:.2f}  (target >= 0.2)")
    # For reference: the trie-shaped regex the gazetteer itself compiles is far faster than
    # a plain alternation; against it the ratio is naturally lower.
    gaz = load_gazetteer()

    def trie_scan() -> None:
        for a in corpus:
            for _ in gaz.country_regex.finditer(a):
                pass
            for _ in gaz.person_regex.finditer(a):
                pass

    t_trie = _best(trie_scan, args.repeat)
    print(
        f"(reference: trie-shaped gazetteer regexes {t_trie:.3f} s; ratio {t_trie / t_extract:.2f})"
    )


if __name__ == "__main__":
    main()
