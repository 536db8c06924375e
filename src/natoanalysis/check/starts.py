"""When a term of office began: ``office_start``.

"will take over from Stoltenberg in October", "took office on 1 October
2014": the start of the person's term (of the predecessor's office if one is
named, of the Secretary General's if the sentence speaks of that office) must
fall in the stated day, month or year. A month without a year is the next
such month for the future tense, the last one otherwise. "who has led NATO
since 2014", "in office since 2010": the person holds the office on the date
and the term began in the stated period. The person is the one named last
before the verb in the sentence; terms are those of
:mod:`natoanalysis.check.offices`.
"""

from __future__ import annotations

import re

from ._common import MONTH, Finding, combine, fmt_day
from ._context import Context
from ._dates import DATE, RELATIVE, resolve
from .offices import _SG_WORDS, _office_name, _person_terms

__all__ = ["find"]

_START_VERB = (
    r"(?P<verb>(?:will|would|is to|is set to|is due to)\s+(?:take over|succeed|replace|assume|"
    r"take office|take up)|takes? over|took over|succeeds|succeeded|replaces|replaced|"
    r"assumed|assumes|took office|takes office|took up)"
)
_WHEN = (
    rf"(?P<when>{DATE}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)"
    rf"|{MONTH})"
)


def _office_start(ctx: Context, s, out: list[Finding]) -> None:
    pat = rf"{_START_VERB}(?P<mid>[^.;]{{0,90}}?)\s+(?:in|on|from)\s+{_WHEN}"
    for m in re.finditer(pat, s.text):
        start = s.start + m.start()
        pid = ctx.person_before(start, s.start)
        if pid is None:
            continue
        future = bool(re.match(r"will|would|is", m["verb"]))
        mid_people = ctx.people_within(s.start + m.start("mid"), s.start + m.end("mid"))
        verdicts, chosen = [], None
        for day in ctx.window:
            parsed = resolve(m["when"], day, future)
            if parsed is None:
                break
            (first, last), precision = parsed
            mine = [t for t in ctx.terms if t.person_id == pid]
            if mid_people:
                offices = {t.office for t in ctx.terms if t.person_id == mid_people[0]}
                mine = [t for t in mine if t.office in offices]
            elif _SG_WORDS.search(s.text):
                mine = [t for t in mine if t.office[0] == "secretary general"]
            mine = [t for t in mine if (t.start > day) == future or abs((t.start - day).days) < 30]
            if not mine:
                break
            chosen = min(mine, key=lambda t: abs((t.start - day).days))
            verdicts.append("supported" if first <= chosen.start <= last else "contradicted")
        if len(verdicts) != 2 or chosen is None:
            continue
        office = _office_name(ctx, chosen.office)
        sources = {chosen.source_id}
        before = [t for t in ctx.terms_of(chosen.office) if t.end == chosen.start]
        sources |= {t.source_id for t in before}
        handover = f"; {before[0].name}'s term ended that day" if before else ""
        out.append(
            Finding(
                "office_start",
                "date",
                start,
                s.start + m.end(),
                m.group(0),
                f"{chosen.name} {'was to take' if future else 'took'} office as {office} in "
                f"{m['when']}.",
                m["when"],
                fmt_day(chosen.start),
                combine(*verdicts),
                f"office_start/start within the stated {precision}",
                f"{chosen.name} became {office} on {fmt_day(chosen.start)}{handover}.",
                tuple(sorted(sources)),
            )
        )


def _since(ctx: Context, s, out: list[Finding]) -> None:
    pats = [
        r"\b(?:has|had|have)\s+(?:led|been|served as|headed|run|governed|ruled)"
        rf"\s*(?P<what>[^,.;]{{0,40}}?)\s*since\s+(?P<when>{DATE}|{RELATIVE})",
        r"(?P<what>in office|in power|at the helm(?:\s+of\s+\w+)?|in charge)\s+since\s+"
        rf"(?P<when>{DATE}|{RELATIVE})",
    ]
    for pat in pats:
        for m in re.finditer(pat, s.text):
            start = s.start + m.start()
            pid = ctx.person_before(start, s.start)
            if pid is None:
                continue
            verdicts, chosen, precision = [], None, ""
            for day in ctx.window:
                parsed = resolve(m["when"], day)
                terms = _person_terms(ctx, pid, m["what"], day, s.text)
                if parsed is None or not terms or not terms[0].holds(day):
                    break
                (first, last), precision = parsed
                chosen = terms[0]
                verdicts.append("supported" if first <= chosen.start <= last else "contradicted")
            if len(verdicts) != 2 or chosen is None:
                continue
            office = _office_name(ctx, chosen.office)
            out.append(
                Finding(
                    "office_start",
                    "date",
                    start,
                    s.start + m.end(),
                    m.group(0),
                    f"{chosen.name} had been {office} since {m['when']}.",
                    m["when"],
                    fmt_day(chosen.start),
                    combine(*verdicts),
                    f"office_start/in office since: start within the stated {precision}",
                    f"{chosen.name} became {office} on {fmt_day(chosen.start)}.",
                    (chosen.source_id,),
                )
            )


def find(ctx: Context) -> list[Finding]:
    """Every statement of when a term of office began, judged."""
    out: list[Finding] = []
    for s in ctx.sentences:
        _office_start(ctx, s, out)
        _since(ctx, s, out)
    return out
