"""Defence spending statements: an ally's share of GDP, and how many allies meet a guideline.

Kinds:

``ally_spending``
    "Poland spends more than 4% of GDP on defence", "Germany's defence
    spending reached 2.1% of GDP in 2024", "Spain, which spent 1.28% of its
    GDP last year". The ally is the state named last before the figure in
    the clause; the year is the one the sentence names (*in 2024*, *last
    year*, *this year*), else the publication year for the present tense and
    the year before for the past tense, or the latest year whose figures NATO
    had released by the publication date if that is earlier (a report in June
    2025 quotes 2024 figures, not the 2025 estimates of August 2025).
    Sentences about plans and targets
    (*aims*, *pledged*, *will spend*, *by 2030*) are not statements of
    spending and are skipped. Judged by
    :func:`~natoanalysis.check._common.judge_number` at the stated precision
    ("4%" is read as 4 rounded to a whole percent).
``allies_meeting``
    "23 allies now meet the 2% target", "only three of NATO's 28 members met
    the 2% guideline in 2014". The number of allies with a figure at or
    above the share in that year (counts: exact unless hedged).

Where the table records a later revision of a figure (``latest_pct_gdp``,
``latest_release_date``), a statement may match the first or the revised
figure, the latter only once it was published. A year the table holds no
figure for is not reported.
"""

from __future__ import annotations

import re

import pandas as pd

from ._common import HEDGE, NUM, Finding, decimals, hedge_of, judge_number, parse_number
from ._context import Context
from ._dates import sentence_year

__all__ = ["find"]

_PCT = rf"(?:(?P<h>{HEDGE})\s+)?(?P<pct>{NUM})\s*(?:%|per ?cent|percent)"
_OF_GDP = (
    r"\s+of\s+(?:its\s+|their\s+|the\s+country['’]s\s+)?"
    r"(?:GDP|gross domestic product|economic output)"
)
_SPEND = re.compile(
    r"\b(?:spend|spends|spent|spending|devotes?|devoted|allocates?|allocated|expenditure|"
    r"budget|outlays?|invests?|invested)\b",
    re.IGNORECASE,
)
_PLAN = re.compile(
    r"\b(?:aims?|aiming|target(?:s|ed)?|pledged?|pledges|promised?|plans?|planned|planning|"
    r"commit(?:s|ted|ment)?|goal|will|would|should|must|wants?|by\s+20\d\d|agreed|intends?|"
    r"expects?|expected|projected|proposed?)\b",
    re.IGNORECASE,
)
_BY_YEAR = re.compile(r"[^.;]*?\bby\s+(?:the\s+end\s+of\s+)?20\d\d")
_PAST = re.compile(r"\b(?:spent|devoted|allocated|invested|was|were|reached|stood|had)\b")


def _year(ctx: Context, text: str, day: pd.Timestamp) -> tuple[int, str]:
    """The year a spending statement speaks of (see the module docstring); 0 if none."""
    found = sentence_year(text, day)
    if found:
        return found
    released = ctx.spending.loc[ctx.spending["release_date"] <= day, "year"]
    latest = int(released.max()) if len(released) else 0
    if _PAST.search(text):
        year = min(day.year - 1, latest)
        return year, f"past tense: {year}, the latest year released before publication"
    year = min(day.year, latest)
    return year, f"present tense: {year}, the latest year released by publication"


_RANK = {"supported": 0, "partly supported": 1, "contradicted": 2}


def _revised(row: pd.Series, day: pd.Timestamp) -> float | None:
    """A later release's figure for the same year, if the table has one and it was out by ``day``.

    A data package with ``latest_pct_gdp`` and ``latest_release_date`` columns
    records NATO's revisions; a report may quote either the first or the
    revised figure, whichever had been published.
    """
    value, released = row.get("latest_pct_gdp"), row.get("latest_release_date")
    if value is None or released is None or pd.isna(value) or pd.isna(released):
        return None
    if pd.Timestamp(released) > day or float(value) == float(row["pct_gdp"]):
        return None
    return float(value)


def _figure(ctx: Context, iso3: str, year: int):
    rows = ctx.spending[(ctx.spending["iso3"] == iso3) & (ctx.spending["year"] == year)]
    if rows.empty or pd.isna(rows.iloc[0]["pct_gdp"]):
        return None
    return rows.iloc[0]


def _ally_spending(ctx: Context, s, out: list[Finding]) -> None:
    for m in re.finditer(_PCT + _OF_GDP, s.text):
        clause_start = max(s.text.rfind(";", 0, m.start()), 0)
        clause = s.text[clause_start : m.end()]
        after = s.text[m.end() : m.end() + 30]
        if not _SPEND.search(clause) or _PLAN.search(clause) or _BY_YEAR.match(after):
            continue
        states = list(re.finditer(ctx.state_regex, clause))
        if not states:
            continue
        last = states[-1]
        iso3 = ctx.state(last.group(0))
        if iso3 is None:
            continue
        # a list of states as one subject: "Poland, Estonia and Latvia spend ..."
        group = [last]
        for prev in reversed(states[:-1]):
            between = clause[prev.end() : group[0].start()]
            if re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*", between):
                group.insert(0, prev)
            else:
                break
        try:
            pct = parse_number(m["pct"])
        except ValueError:
            continue
        hedge = hedge_of(m["h"])
        text = s.text[clause_start:]
        for st in group:
            iso = ctx.state(st.group(0))
            if iso is None:
                continue
            verdicts, rows = [], []
            for day in ctx.window:
                year, how = _year(ctx, text, day)
                row = _figure(ctx, iso, year)
                if row is None:
                    break
                revised = _revised(row, day)
                rows.append((row, how, revised))
                values = [float(row["pct_gdp"])]
                if revised is not None:
                    values.append(revised)
                judged = [
                    judge_number(v, pct, hedge, count=False, places=decimals(m["pct"]))
                    for v in values
                ]
                verdicts.append(min(judged, key=lambda j: _RANK[j[0]]))
            if len(verdicts) != 2:
                continue
            row, how, revised = rows[1]
            shown = f"{float(row['pct_gdp']):.2f}%" + (
                f" (revised {revised:.2f}%)" if revised is not None else ""
            )
            first = s.start + min(st.start() + clause_start, m.start())
            quote_end = s.start + m.end()
            name = ctx.state_name(iso)
            est = " (estimate)" if bool(row["is_estimate"]) else ""
            verdict = verdicts[0][0] if verdicts[0][0] == verdicts[1][0] else "partly supported"
            out.append(
                Finding(
                    "ally_spending",
                    "count",
                    first,
                    quote_end,
                    ctx.text[first:quote_end],
                    f"{name} spent {m['h'] + ' ' if m['h'] else ''}{m['pct']}% of GDP on defence "
                    f"in {int(row['year'])}.",
                    f"{m['h'] + ' ' if m['h'] else ''}{m['pct']}%",
                    shown,
                    verdict,
                    f"ally_spending/{verdicts[1][1]}",
                    f"NATO's figure for {name} in {int(row['year'])} is "
                    f"{float(row['pct_gdp']):.2f}% of GDP{est}, released "
                    f"{row['release_date'].date().isoformat()}"
                    + (f", revised to {revised:.2f}% later" if revised is not None else "")
                    + f"; year from {how}.",
                    (str(row["source_id"]),),
                )
            )


def _allies_meeting(ctx: Context, s, out: list[Finding]) -> None:
    pat = (
        rf"(?:(?P<h>{HEDGE})\s+)?(?P<n>{NUM})\s+(?:of\s+(?:NATO['’]s\s+|Nato['’]s\s+|the\s+|its\s+)?"
        rf"(?:{NUM})\s+)?(?:NATO\s+|Nato\s+)?(?:allies|members|member states|member countries|"
        rf"countries|nations)\s+(?:now\s+|already\s+|currently\s+|had\s+|have\s+|were\s+|are\s+|"
        r"will\s+|would\s+|are expected to\s+|were expected to\s+|are set to\s+)?"
        rf"(?:meet|meets|met|meeting|hit|hitting|reach|reached|reaching|exceed|exceeded|"
        rf"surpass|surpassed|achieve|achieved|spend at least|spent at least|spend|spent)\s+"
        r"(?:or exceed\s+|or surpass\s+)?"
        r"(?:the\s+|NATO['’]s\s+|Nato['’]s\s+|its\s+|the alliance['’]s\s+)?"
        rf"(?P<pct>{NUM})\s*(?:%|per ?cent|percent)"
    )
    for m in re.finditer(pat, s.text):
        try:
            n, pct = parse_number(m["n"]), parse_number(m["pct"])
        except ValueError:
            continue
        hedge = hedge_of(m["h"])
        verdicts, found = [], []
        for day in ctx.window:
            year, how = _year(ctx, s.text, day)
            if not 1949 <= year <= 2100:
                break
            allies = ctx.members.loc[
                ctx.members["accession_date"] <= pd.Timestamp(year, 12, 31), "iso3"
            ]
            rows = ctx.spending[(ctx.spending["year"] == year) & ctx.spending["iso3"].isin(allies)]
            with_figure = rows.dropna(subset=["pct_gdp"])
            if with_figure.empty:
                break
            unknown = int(
                (rows["pct_gdp"].isna() & (rows["missing_reason"] != "no_armed_forces")).sum()
            )
            meeting = with_figure[with_figure["pct_gdp"].astype(float) >= pct]
            judged = judge_number(len(meeting), n, hedge, count=True)
            revised = [_revised(r, day) for _, r in with_figure.iterrows()]
            if any(v is not None for v in revised):
                latest = [
                    float(r["pct_gdp"]) if v is None else v
                    for v, (_, r) in zip(revised, with_figure.iterrows())
                ]
                n_latest = sum(v >= pct for v in latest)
                other = judge_number(n_latest, n, hedge, count=True)
                if _RANK[other[0]] < _RANK[judged[0]]:
                    judged = (other[0], other[1] + " (revised figures)")
            if judged[0] != "supported" and any(
                judge_number(len(meeting) + k, n, hedge, count=True)[0] == "supported"
                for k in range(1, unknown + 1)
            ):
                break  # the allies without a published figure could make it true
            found.append((year, how, meeting, with_figure))
            verdicts.append(judged)
        if len(verdicts) != 2:
            continue
        year, how, meeting, with_figure = found[1]
        verdict = verdicts[0][0] if verdicts[0][0] == verdicts[1][0] else "partly supported"
        out.append(
            Finding(
                "allies_meeting",
                "count",
                s.start + m.start(),
                s.start + m.end(),
                m.group(0),
                f"{int(n)} allies spent at least {m['pct']}% of GDP on defence in {year}.",
                f"{m['h'] + ' ' if m['h'] else ''}{int(n)}",
                str(len(meeting)),
                verdict,
                f"allies_meeting/{verdicts[1][1]}",
                f"In {year} {len(meeting)} of the {len(with_figure)} allies with a NATO figure "
                "spent "
                f"at least {pct:g}% of GDP; year from {how}.",
                tuple(sorted(set(with_figure["source_id"]))),
            )
        )


def find(ctx: Context) -> list[Finding]:
    """Every spending statement in the text, judged."""
    out: list[Finding] = []
    for s in ctx.sentences:
        _allies_meeting(ctx, s, out)
        _ally_spending(ctx, s, out)
    return out
