"""Office statements: who held an office on a date, for how long, and when they took over.

Only *dated* terms settle anything: the Secretaries General (their table) and
the roles in ``people`` that carry dates. A statement about an office with no
recorded holder on the day is not reported.

Kinds (``office_start``, when a term began, is in :mod:`natoanalysis.check.starts`):

``office_holder``
    "Dutch Prime Minister Mark Rutte", "current Secretary General Jens
    Stoltenberg", "former NATO chief Anders Fogh Rasmussen", "Rutte,
    confirmed as next NATO Secretary General". Without a modifier (or with
    *current*, *outgoing*, *caretaker*) the person must hold the office on
    the publication date: contradicted when the tables record someone else
    then. *Former*: the person's term ended before the date. *Next*,
    *incoming*, *future*: it starts after.
``tenure``
    "who has served as prime minister for 14 years", "the former Dutch prime
    minister of 14 years", "has led NATO for a decade", "after nearly ten
    years at the helm", "his decade-long tenure". The person is the one named
    last before the words (a role alias such as *the outgoing Dutch leader*
    counts); the office is the one the words name, else the one the person
    held on the date. Years served by the publication date (the whole term if
    it ended before; with a verb of leaving, as in "steps down after a decade
    in charge", the whole term) are judged by
    :func:`~natoanalysis.check._common.judge_years`.
``term_length``
    "his five-year term", "for the next five years" in a sentence about the
    Secretary General: against the formal initial term of
    :data:`natoanalysis.factcheck.INITIAL_TERM_YEARS` years (extendable),
    whose sources are :data:`~natoanalysis.factcheck.INITIAL_TERM_SOURCES`.
"""

from __future__ import annotations

import re

import pandas as pd

from ..factcheck import INITIAL_TERM_SOURCES, INITIAL_TERM_YEARS
from ._common import (
    HEDGE,
    NUM,
    Finding,
    combine,
    fmt_day,
    hedge_of,
    judge_years,
    parse_number,
)
from ._context import Context, Term, office_family

__all__ = ["find"]

_TITLE = (
    r"(?:(?:NATO|Nato)\s+)?(?:Secretary[- ]General|secretary[- ]general)|Prime Minister|"
    r"prime minister|PM|Premier|premier|President|president|Chancellor|chancellor|"
    r"NATO chief|Nato chief|NATO boss|Nato boss"
)
_MOD = r"(?:[Ff]ormer|[Oo]utgoing|[Ii]ncoming|[Cc]urrent|[Cc]aretaker|[Nn]ext|[Ff]uture|[Ss]itting)"
_SG_WORDS = re.compile(
    r"secretary[- ]general|NATO chief|Nato chief|alliance['’]s (?:leader|chief|top job)|"
    r"(?:lead|head|helm)(?:er|ing)?(?: of)? (?:NATO|Nato|the alliance)|"
    r"NATO['’]s (?:leader|top job)",
    re.IGNORECASE,
)
_LEAVING = re.compile(
    r"\b(?:steps?|stepping|stepped) down\b|\b(?:leaves|leaving|will leave|hands? over|handing "
    r"over|retires?|retiring|departs?|departing|bows? out|bowing out)\b",
    re.IGNORECASE,
)
_DUR = rf"(?:(?P<h>{HEDGE})\s+)?(?P<n>(?:{NUM})\s+years?|(?:a|{NUM})\s+decades?|a dozen years)"


def _family(title: str) -> str | None:
    t = re.sub(r"^(?:NATO|Nato)\s+", "", title)
    return office_family(t) or office_family(title)


def _office(ctx: Context, family: str, adj: str | None, pid: str) -> tuple[str, str] | None:
    if family == "secretary general":
        return ("secretary general", "NATO")
    iso3 = ctx.adjective_state(adj.strip()) if adj else None
    iso3 = iso3 or ctx.person_country(pid)
    return (family, iso3) if iso3 else None


def _holder_verdict(terms: list[Term], pid: str, mod: str, day: pd.Timestamp) -> str | None:
    mine = [t for t in terms if t.person_id == pid]
    holders = [t for t in terms if t.holds(day)]
    covered = bool(terms) and day >= min(t.start for t in terms)
    if mod in ("", "current", "outgoing", "caretaker", "sitting", "former") and not covered:
        return None  # the tables record this office only from a later day
    if mod in ("", "current", "outgoing", "caretaker", "sitting"):
        if any(t.person_id == pid for t in holders):
            return "supported"
        return "contradicted" if holders else None
    if mod == "former":
        if any(t.holds(day) for t in mine):
            return "contradicted"
        if any(t.end is not None and t.end <= day for t in mine):
            return "supported"
        return "contradicted" if mine else None
    # next / incoming / future
    if any(t.start > day for t in mine):
        return "supported"
    if mine or any(t.start > day for t in terms):
        return "contradicted"
    return None


def _holders(ctx: Context, s, out: list[Finding]) -> None:
    p = ctx.person_regex
    before = (
        rf"(?:(?P<mod>{_MOD})\s+)?(?P<adj>[A-Z][\w’'.-]+\s+)?(?P<title>{_TITLE})\s+(?P<name>{p})"
    )
    after = (
        rf"(?P<name>{p})(?:,\s+|\s+(?:\w+\s+){{0,2}}as\s+)(?:the\s+)?(?:(?P<mod>{_MOD})\s+)?"
        rf"(?P<adj>[A-Z][\w’'.-]+\s+)?(?P<title>{_TITLE})\b(?!['’]s)(?!\s+(?:{p}))"
    )
    for pat in (before, after):
        for m in re.finditer(pat, s.text):
            pid = ctx.person(m["name"])
            family = _family(m["title"])
            if pid is None or family is None:
                continue
            adj = m["adj"]
            if adj and adj.strip() in ("NATO", "Nato", "The", "As", "Then"):
                adj = None
            office = _office(ctx, family, adj, pid)
            if office is None:
                continue
            terms = ctx.terms_of(office)
            mod = (m["mod"] or "").lower()
            if mod == "incoming" or mod == "future":
                mod = "next"
            verdicts = [_holder_verdict(terms, pid, mod, d) for d in ctx.window]
            if not terms or None in verdicts:
                continue
            day = ctx.window[1]
            holder = [t for t in terms if t.holds(day)]
            mine = [t for t in terms if t.person_id == pid]
            name = ctx.display_name(pid)
            office_name = _office_name(ctx, office)
            value = ", ".join(t.name for t in holder) or "no holder recorded"
            spans = "; ".join(
                f"{t.name} {fmt_day(t.start)} to {fmt_day(t.end) if t.end is not None else 'today'}"
                for t in (mine or holder)
            )
            said = {
                "next": f"{name} was to be the next {office_name} (not yet in office)",
                "former": f"{name} was a former {office_name}",
            }.get(mod, f"{name} was {office_name}")
            out.append(
                Finding(
                    "office_holder",
                    "attribution",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"{said} on the publication date.",
                    f"{mod + ' ' if mod else ''}{m['title']}",
                    f"holder: {value}",
                    combine(*(v for v in verdicts if v is not None)),
                    f"office_holder/{mod or 'current'} holder on the date",
                    f"{office_name} on {fmt_day(day)}: {value}. Terms: {spans}.",
                    tuple(sorted({t.source_id for t in mine + holder})),
                )
            )


def _office_name(ctx: Context, office: tuple[str, str]) -> str:
    family, iso3 = office
    if iso3 == "NATO":
        return "NATO Secretary General"
    return f"{family.title()} of {ctx.state_name(iso3)}"


_FAMILY_WORDS = (
    ("prime minister", r"prime minister|premier|\bpm\b|government|cabinet"),
    ("secretary general", r"secretary|\bnato\b|alliance"),
    ("president", r"president"),
)


def _named_family(text: str) -> str | None:
    low = text.lower()
    for family, words in _FAMILY_WORDS:
        if re.search(words, low):
            return family
    return None


def _person_terms(
    ctx: Context, pid: str, what: str, day: pd.Timestamp, sentence: str = ""
) -> list[Term]:
    """The term a duration speaks of: the office the words name (else the sentence), else
    the one held on ``day``, else the latest before it."""
    mine = [t for t in ctx.terms if t.person_id == pid and t.start <= day]
    family = _named_family(what) or _named_family(sentence)
    if family:
        mine = [t for t in mine if t.office[0] == family]
    else:
        held = [t for t in mine if t.holds(day)]
        mine = held or mine
    if not mine:
        return []
    return [max(mine, key=lambda t: t.start)]


def _tenure(ctx: Context, s, out: list[Finding]) -> None:
    pats = [
        r"\b(?:(?:has|had|have)\s+)?"
        r"(?:served|been|led|ruled|governed|headed|run|steered|presided over)"
        rf"\s*(?P<what>[^,.;]{{0,40}}?)\s*for\s+{_DUR}",
        rf"(?P<what>prime minister|premier|[Ss]ecretary[- ][Gg]eneral|leader|chief)\s+of\s+{_DUR}",
        rf"\b(?:after|with|following)\s+{_DUR}\s+(?P<what>as\s+[^,.;]{{0,40}}|at the helm"
        rf"(?:\s+of\s+\w+)?|in office|in power|in charge|leading\s+[^,.;]{{0,30}})",
        rf"(?:(?P<h>{HEDGE})\s+)?(?P<n>{NUM}|decade)[- ]year(?:[- ]long)?\s+(?P<what>tenure|"
        rf"premiership|stint|reign|rule|spell|leadership|term in office)",
        r"(?P<n>decade)[- ]long\s+(?P<what>tenure|premiership|stint|reign|rule|spell|leadership)",
    ]
    for i, pat in enumerate(pats):
        for m in re.finditer(pat, s.text):
            start = s.start + m.start()
            pid = ctx.person_before(start, s.start) or ctx.person_before(start, 0)
            if pid is None:
                continue
            raw = re.sub(r"\s+years?$", "", m["n"])
            try:
                if "decade" in raw:
                    first = raw.split()[0]
                    n = 10.0 * (1.0 if first in ("a", "decade") else parse_number(first))
                else:
                    n = 12.0 if "dozen" in raw else parse_number(raw)
            except ValueError:
                continue
            h = m.groupdict().get("h")
            hedge = hedge_of(h)
            asserted = f"{h + ' ' if h else ''}{int(n)} years"
            what = m["what"] or ""
            results = []
            # "after a decade in charge", "his decade-long tenure" with a verb of leaving:
            # the whole term; "has led NATO for ..." counts to publication.
            leaving = i >= 2 and _LEAVING.search(s.text)
            for day in ctx.window:
                terms = _person_terms(ctx, pid, what, day, s.text)
                if not terms:
                    break
                t = terms[0]
                until = t.end if leaving and t.end is not None and t.end > day else day
                results.append((t, t.years_to(until), judge_years(t.years_to(until), n, hedge)))
            if len(results) != 2:
                continue
            t = results[1][0]
            years = [round(r[1], 2) for r in results]
            value = f"{years[0]:.2f}" if years[0] == years[1] else f"{years[0]:.2f}-{years[1]:.2f}"
            office = _office_name(ctx, t.office)
            stop = "today" if t.end is None else fmt_day(t.end)
            out.append(
                Finding(
                    "tenure",
                    "duration",
                    start,
                    s.start + m.end(),
                    m.group(0),
                    f"{t.name} had been {office} for {asserted}.",
                    asserted,
                    f"{value} years",
                    combine(results[0][2][0], results[1][2][0]),
                    f"tenure/{results[1][2][1]}",
                    f"{t.name}: {office} from {fmt_day(t.start)} to {stop}; {value} years by the "
                    f"publication date ({int(results[1][1])} completed).",
                    (t.source_id,),
                )
            )


def _term_length(ctx: Context, s, out: list[Finding]) -> None:
    pats = [
        rf"(?P<n>{NUM})[- ]year\s+(?:term|mandate)",
        rf"\bfor\s+(?:the\s+next|a)\s+(?P<n>{NUM})\s+years",
        rf"\ba\s+(?:term|mandate)\s+of\s+(?P<n>{NUM})\s+years",
    ]
    if not _SG_WORDS.search(s.text):
        return
    for pat in pats:
        for m in re.finditer(pat, s.text):
            try:
                n = parse_number(m["n"])
            except ValueError:
                continue
            verdict = "supported" if n == INITIAL_TERM_YEARS else "contradicted"
            out.append(
                Finding(
                    "term_length",
                    "duration",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"A NATO Secretary General is appointed for {int(n)} years.",
                    f"{int(n)} years",
                    f"{INITIAL_TERM_YEARS} years (initial term)",
                    verdict,
                    "term_length/the formal initial term",
                    f"A Secretary General is appointed for an initial term of "
                    f"{INITIAL_TERM_YEARS} years, which the allies may extend.",
                    tuple(INITIAL_TERM_SOURCES),
                )
            )


def find(ctx: Context) -> list[Finding]:
    """Every office statement in the text, judged."""
    out: list[Finding] = []
    for s in ctx.sentences:
        _holders(ctx, s, out)
        _tenure(ctx, s, out)
        _term_length(ctx, s, out)
    return out
