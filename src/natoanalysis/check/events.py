"""Dated events: summits and what they agreed, NATO's founding and anniversaries.

Kinds:

``summit``
    "the Washington summit in July", "the July 2024 Washington summit",
    "The Hague summit on 25 June 2025", "at the 2014 Wales summit". A
    summit is known by its place: the places and dates of the summits in the
    ``events`` table (titles naming a summit) and in ``guidelines`` (the
    summit that agreed each). The stated day, month or year must overlap the
    summit's dates; a month without a year may be the month a year either
    side of publication. Summits dated before the first summit the tables
    record are outside their coverage and not reported; so are summits at
    places the tables do not know.
``summit_decision``
    "The Hague summit agreed 5% of GDP by 2035", "allies at the Wales
    summit pledged 2%". In a sentence naming a summit and a verb of
    agreeing, each share of GDP must be a guideline that summit agreed,
    and a deadline (*by 2035*) its target year.
``founding``
    "NATO's 75th anniversary" (in the year the sentence names, else the
    publication year), "NATO, founded in 1949", "founded 75 years ago":
    counted from the signing of the North Atlantic Treaty (the ``events``
    row titled "North Atlantic Treaty signed").
"""

from __future__ import annotations

import re

import pandas as pd

from ._common import MONTH, NUM, Finding, fmt_day, month_number, parse_number, period_of
from ._context import Context
from ._dates import DATE, ORDINAL, parse_date, parse_ordinal, sentence_year

__all__ = ["find"]

_AGREE = re.compile(
    r"\b(?:agreed|agree|agreeing|pledged|pledge|committed|commit|set|adopted|endorsed|"
    r"decided|signed up|sealed|backed)\b",
    re.IGNORECASE,
)
_TURN = re.compile(r";|\s[—–]\s|\b(?:while|whereas|but|although|though)\b")
_WHEN = (
    rf"(?:{DATE}|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}|"
    rf"{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)|{MONTH})"
)


def _places(ctx: Context) -> str:
    from ..gazetteer import word_pattern

    forms = set()
    for place, *_ in ctx.summits:
        forms.add(place)
        if place.startswith("The "):
            forms.add("the " + place[4:])
    return word_pattern(sorted(forms))


def _summit_rows(ctx: Context, place: str):
    key = place[0].upper() + place[1:]
    return [(a, b, src) for p, a, b, src in ctx.summits if p == key]


def _period(when: str, day: pd.Timestamp):
    """Candidate periods for a date phrase: with a year, one; a month alone, three years."""
    if re.search(r"(?:19|20)\d{2}", when):
        parsed = parse_date(when)
        return ([parsed[0]], parsed[1]) if parsed else None
    dm = re.search(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH})|({MONTH})\s+(\d{{1,2}})", when)
    mon = re.search(MONTH, when)
    if mon is None:
        return None
    month = month_number((dm[2] or dm[3]) if dm else mon.group(0))
    d = int(dm[1] or dm[4]) if dm else None
    out = []
    for y in (day.year - 1, day.year, day.year + 1):
        period = period_of(y, month, d)
        if period is not None:
            out.append(period)
    return (out, "day" if d else "month") if out else None


def _summits(ctx: Context, s, out: list[Finding]) -> None:
    if not ctx.summits:
        return
    p = _places(ctx)
    earliest = min(a for _, a, _, _ in ctx.summits)
    pats = [
        rf"(?:(?P<pre>{MONTH}\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}}|{MONTH})\s+)?(?P<place>{p})\s+"
        rf"[Ss]ummit(?:\s+(?:in|on|of|held in|held on|last|this)\s+(?P<when>{_WHEN}))?",
        rf"[Ss]ummit\s+in\s+(?P<place>{p})(?:\s+(?:in|on)\s+(?P<when>{_WHEN}))?",
    ]
    for pat in pats:
        for m in re.finditer(pat, s.text):
            rows = _summit_rows(ctx, m["place"])
            if not rows:
                continue
            _decisions(ctx, s, m, rows, out)
            when = m.groupdict().get("pre") or m["when"]
            if not when:
                continue
            verdicts = []
            for day in ctx.window:
                cand = _period(when, day)
                if cand is None:
                    break
                periods, precision = cand
                if all(b < earliest for _, b in periods):
                    break
                ok = any(a <= last and first <= b for first, last in periods for a, b, _ in rows)
                verdicts.append("supported" if ok else "contradicted")
            if len(verdicts) != 2:
                continue
            verdict = verdicts[0] if verdicts[0] == verdicts[1] else "partly supported"
            dates = "; ".join(
                fmt_day(a) + ("" if a == b else f" to {fmt_day(b)}") for a, b, _ in rows
            )
            place = m["place"][0].upper() + m["place"][1:]
            out.append(
                Finding(
                    "summit",
                    "date",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"NATO's {place} summit took place in {when}.",
                    when,
                    dates,
                    verdict,
                    f"summit/dates overlap the stated {precision}",
                    f"The tables date the {place} summit {dates}.",
                    tuple(sorted({src for _, _, src in rows})),
                )
            )


def _decisions(ctx: Context, s, m: re.Match, rows, out: list[Finding]) -> None:
    agree = _AGREE.search(s.text)
    if not agree:
        return
    # The shares the summit is said to have agreed: after the verb, up to the next clause
    # that turns to something else.
    stop = _TURN.search(s.text, agree.end())
    zone = (agree.end(), stop.start() if stop else len(s.text))
    place = m["place"][0].upper() + m["place"][1:]
    g = ctx.guidelines[ctx.guidelines["summit"].astype(str) == place]
    g = g[g["share_of"].astype(str) == "gdp"]
    if g.empty:
        return
    pat = (
        rf"(?P<pct>{NUM})\s*(?:%|per ?cent|percent)(?:\s+of\s+(?:their\s+|its\s+)?GDP)?"
        rf"(?P<by>[^.;%]{{0,40}}?\bby\s+(?P<year>(?:19|20)\d{{2}}))?"
    )
    for pm in re.finditer(pat, s.text):
        if not zone[0] <= pm.start() < zone[1]:
            continue
        try:
            pct = parse_number(pm["pct"])
        except ValueError:
            continue
        match = g[g["share_pct"].astype(float) == pct]
        shares = ", ".join(f"{v:g}%" for v in sorted(set(g["share_pct"].astype(float))))
        if match.empty:
            verdict, value = "contradicted", shares
            detail = f"The {place} summit agreed shares of GDP of {shares}, not {pct:g}%."
            sources = tuple(sorted(set(g["source_id"])))
        else:
            verdict, value = "supported", f"{pct:g}%"
            row = match.iloc[0]
            detail = f"{row['title']} (agreed {fmt_day(row['agreed_date'])})."
            sources = (str(row["source_id"]),)
            if pm["year"]:
                target = row["target_year"]
                ok = pd.notna(target) and int(target) == int(pm["year"])
                verdict = "supported" if ok else "contradicted"
                value += f" by {int(target)}" if pd.notna(target) else " (no target year)"
                detail += f" Target year: {int(target) if pd.notna(target) else 'none'}."
        out.append(
            Finding(
                "summit_decision",
                "commitment",
                s.start + pm.start(),
                s.start + pm.end(),
                pm.group(0),
                f"The {place} summit agreed {pm.group(0)}.",
                pm.group(0),
                value,
                verdict,
                "summit_decision/a guideline the summit agreed",
                detail,
                sources,
            )
        )


def _founding(ctx: Context, s, out: list[Finding]) -> None:
    signed = ctx.treaty_signed
    if signed.empty:
        return
    row = signed.iloc[0]
    when = row["event_date"]
    nato = r"(?:NATO|Nato|[Tt]he alliance|[Tt]he Alliance|alliance)"
    ann = [
        rf"{nato}['’]s\s+(?P<ord>{ORDINAL})\s+(?:anniversary|birthday)",
        rf"(?P<ord>{ORDINAL})\s+anniversary\s+of\s+(?:NATO|Nato|the alliance|"
        r"the North Atlantic Treaty|"
        rf"the Washington Treaty|the founding of NATO)",
        rf"{nato}\s+(?:celebrates|celebrated|marks|marked|marking|celebrating|turns|turned)\s+"
        rf"(?:its\s+)?(?P<ord>{ORDINAL})\s+(?:anniversary|birthday)",
        rf"{nato}\s+(?:celebrates|celebrated|marks|marked|marking|celebrating|turns|turned)\s+"
        rf"(?P<n>{NUM})(?:\s+years)?\b",
    ]
    for pat in ann:
        for m in re.finditer(pat, s.text):
            try:
                n = (
                    parse_ordinal(m["ord"])
                    if m.groupdict().get("ord")
                    else int(parse_number(m["n"]))
                )
            except (ValueError, KeyError):
                continue
            years = {(sentence_year(s.text, d) or (d.year, ""))[0] - when.year for d in ctx.window}
            verdict = (
                "supported"
                if years == {n}
                else "partly supported"
                if n in years
                else "contradicted"
            )
            value = "/".join(str(y) for y in sorted(years))
            out.append(
                Finding(
                    "founding",
                    "date",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"NATO marked its {n}th anniversary.",
                    str(n),
                    value,
                    verdict,
                    "founding/years since the Treaty was signed",
                    f"The North Atlantic Treaty was signed on {fmt_day(when)}; the year spoken "
                    f"of is its anniversary number {value}.",
                    (str(row["source_id"]),),
                )
            )
    founded = (
        rf"{nato},?\s+(?:which\s+was\s+|was\s+)?(?:founded|created|established|formed|set up|born)"
        rf"\s+(?:in\s+(?P<when>{DATE})|(?P<n>{NUM})\s+years\s+ago)"
    )
    for m in re.finditer(founded, s.text):
        if m["when"]:
            parsed = parse_date(m["when"])
            if parsed is None:
                continue
            (a, b), precision = parsed
            ok = a <= when <= b
            asserted = m["when"]
        else:
            n = int(parse_number(m["n"]))
            ok = all(d.year - n == when.year for d in ctx.window)
            asserted, precision = f"{n} years ago", "year"
        out.append(
            Finding(
                "founding",
                "date",
                s.start + m.start(),
                s.start + m.end(),
                m.group(0),
                f"NATO was founded in {asserted}.",
                asserted,
                fmt_day(when),
                "supported" if ok else "contradicted",
                f"founding/Treaty signing within the stated {precision}",
                f"The North Atlantic Treaty was signed on {fmt_day(when)}.",
                (str(row["source_id"]),),
            )
        )


def find(ctx: Context) -> list[Finding]:
    """Every dated-event statement in the text, judged."""
    out: list[Finding] = []
    for s in ctx.sentences:
        _summits(ctx, s, out)
        _founding(ctx, s, out)
    return out
