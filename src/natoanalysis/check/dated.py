"""One-off dated events from the ``events`` and ``outcomes`` tables.

Kind ``event``: "Iohannis withdrew from the race on Thursday", "NATO
allies formally appointed Rutte on 26 June", "Hungary's parliament ratified
Sweden's accession in February", "Trump was sworn in on January 20", "Orbán
conceded defeat on 12 April".

A statement is matched to a table row when

- its verb names the same *type* of one-off event as the row's title
  (:data:`EVENT_TYPES`: a withdrawal, an appointment, an inauguration, a
  ratification, a conceded election), and
- its actor is the row's principal actor (the first person or state the row
  lists): the person or state named last before the verb, or for a passive
  or object reading ("appointed Rutte") the first one named after it, and
- it gives a date: written out, or relative to publication (*on Thursday*,
  *last week*, *in February*), as :func:`natoanalysis.extract_article`
  resolves it.

The row's date (or date range) must overlap the stated period. A stated
period more than a year from every matching row may be another occurrence of
the same kind of event (a second inauguration, an earlier ratification) and
is not reported.
"""

from __future__ import annotations

import re
from functools import cached_property

import pandas as pd

from ._common import Finding, combine, fmt_day
from ._context import Context
from ._dates import DATE, RELATIVE, resolve

__all__ = ["EVENT_TYPES", "find"]

#: (type, verb in the text, words in a row's title)
EVENT_TYPES = (
    (
        "withdrawal",
        r"\b(?:withdrew|withdrawn|pulled out|dropped out|quit the race|"
        r"abandoned (?:his|her) bid)\b",
        r"\bwithdraws?\b",
    ),
    (
        "appointment",
        r"\b(?:formally\s+)?(?:appointed|named|selected|chose|picked)\b",
        r"\bappoints?\b|\bselects?\b",
    ),
    (
        "inauguration",
        r"\b(?:sworn in|inaugurated|took the oath of office)\b",
        r"\binaugurated\b|\bsworn in\b|\breturns to the White House\b",
    ),
    ("ratification", r"\bratif(?:ied|ies|y)\b", r"\bratif(?:ies|ied)\b"),
    ("concession", r"\bconceded(?: defeat)?\b|\bconceding defeat\b", r"\bconcedes\b"),
)
_SAME_OCCURRENCE_DAYS = 365


class _Rows:
    """Sourced rows of ``events`` and ``outcomes`` with their principal actors."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def table(self) -> pd.DataFrame:
        from .. import tables

        ev = self.ctx.events
        out = tables.load_outcomes(self.ctx.data_dir)
        cols = ["title", "event_date", "end_date", "person_ids", "country_iso3s", "source_id"]
        both = pd.concat([ev[cols], out[cols]], ignore_index=True)
        both = both.dropna(subset=["event_date"])
        both["end_date"] = both["end_date"].fillna(both["event_date"])
        both["actors"] = [
            {str(p).split(";")[0]} | {str(c).split(";")[0]}
            for p, c in zip(both["person_ids"], both["country_iso3s"])
        ]
        return both


def _entities(ctx: Context, s) -> list[tuple[int, int, str]]:
    """People (person_id) and states (ISO code) named in the sentence, in order."""
    found = [(a, b, pid) for a, b, pid in ctx.mentions if s.start <= a and b <= s.end]
    for m in re.finditer(ctx.state_regex, s.text):
        iso3 = ctx.state(m.group(0))
        if iso3:
            found.append((s.start + m.start(), s.start + m.end(), iso3))
    return sorted(found)


def _dates(ctx: Context) -> list[tuple[int, int, str]]:
    """Date mentions with their text: the extractor's, else written-out ones."""
    if "dated.mentions" in ctx.cache:
        return ctx.cache["dated.mentions"]
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(rf"(?:{DATE}|{RELATIVE}|\b(?:last|this|next)\s+week\b|"
                         r"\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                         r"Sunday)\b)", ctx.text):  # fmt: skip
        found.append((m.start(), m.end(), m.group(0)))
    ctx.cache["dated.mentions"] = found
    return found


def _extracted(ctx: Context) -> pd.DataFrame | None:
    if "dated.extracted" not in ctx.cache:
        try:
            from ..extract import extract_article

            d = extract_article(ctx.text, ctx.window, data_dir=ctx.data_dir)["dates"]
            need = {"start", "end", "resolved_start", "resolved_end"}
            ctx.cache["dated.extracted"] = d if need <= set(d.columns) else None
        except (ImportError, KeyError, ValueError):  # pragma: no cover - extractor changed
            ctx.cache["dated.extracted"] = None
    return ctx.cache["dated.extracted"]


def _period(ctx: Context, start: int, end: int, phrase: str, day: pd.Timestamp):
    """The period a date mention names, read in the past tense of the event verbs.

    Written-out dates, *last year* and bare months (the last such month) are
    read here; weekdays and weeks (*on Thursday*, *last week*) as the
    extractor resolves them against the publication date.
    """
    parsed = resolve(phrase, day)
    if parsed:
        return parsed[0]
    ext = _extracted(ctx)
    if ext is not None:
        hit = ext[(ext["start"] < end) & (ext["end"] > start)]
        if len(hit) and pd.notna(hit.iloc[0]["resolved_start"]):
            r = hit.iloc[0]
            return (pd.Timestamp(r["resolved_start"]), pd.Timestamp(r["resolved_end"]))
    return None


def find(ctx: Context) -> list[Finding]:
    """Every one-off event statement in the text that a table row settles."""
    rows = _Rows(ctx)
    out: list[Finding] = []
    for s in ctx.sentences:
        for kind, verb, title in EVENT_TYPES:
            for vm in re.finditer(verb, s.text, re.IGNORECASE):
                vstart, vend = s.start + vm.start(), s.start + vm.end()
                cands = rows.table[rows.table["title"].str.contains(title, case=False, regex=True)]
                if cands.empty:
                    continue
                ents = _entities(ctx, s)
                before = [e for e in ents if e[1] <= vstart]
                after = [e for e in ents if e[0] >= vend]
                actor = before[-1] if before else (after[0] if after else None)
                if actor is None:
                    continue
                cands = cands[[actor[2] in a for a in cands["actors"]]]
                dates = [d for d in _dates(ctx) if s.start <= d[0] and d[1] <= s.end]
                if cands.empty or not dates:
                    continue
                date = min(
                    dates, key=lambda d: abs(d[0] - vend) if d[0] >= vend else 10**6 + vstart - d[1]
                )
                verdicts = []
                for day in ctx.window:
                    period = _period(ctx, date[0], date[1], date[2], day)
                    if period is None:
                        break
                    a, b = period
                    near = [
                        r for r in cands.itertuples()
                        if (a - r.end_date).days <= _SAME_OCCURRENCE_DAYS
                        and (r.event_date - b).days <= _SAME_OCCURRENCE_DAYS
                    ]  # fmt: skip
                    if not near:
                        break
                    ok = any(a <= r.end_date and r.event_date <= b for r in near)
                    verdicts.append(("supported" if ok else "contradicted", near, (a, b)))
                if len(verdicts) != 2:
                    continue
                near = verdicts[1][1]
                a, b = verdicts[1][2]
                row = near[0]
                first, last = min(actor[0], vstart, date[0]), max(vend, date[1])
                when = fmt_day(row.event_date) + (
                    "" if row.end_date == row.event_date else f" to {fmt_day(row.end_date)}"
                )
                stated = fmt_day(a) + ("" if a == b else f" to {fmt_day(b)}")
                out.append(
                    Finding("event", "date", first, last, ctx.text[first:last],
                            f"{row.title} ({kind}) on {date[2]}.", f"{date[2]} ({stated})", when,
                            combine(verdicts[0][0], verdicts[1][0]),
                            f"event/{kind}: the row's date overlaps the stated period",
                            f"The tables date '{row.title}' {when}; the text says {date[2]}.",
                            tuple(sorted({r.source_id for r in near})))
                )  # fmt: skip
    return out
