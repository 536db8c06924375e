"""Membership statements: the alliance's size, when a state joined, who is a member.

Kinds:

``alliance_size``
    "the 32-member alliance", "NATO's 31 allies", "all 32 NATO member
    states", "NATO, which now has 32 members", "an alliance of 32 nations".
    The count of allies whose accession date is on or before the
    publication date, judged by :func:`~natoanalysis.check._common.judge_number`
    (counts: exact unless hedged).
``accession``
    "Finland, which joined in 2023", "Sweden joined NATO on 7 March 2024",
    "Poland, a member since 1999", "Sweden became NATO's 32nd member". The
    accession date must fall in the stated year, month or day (for the
    founders the Treaty's signing day, 1949-04-04, counts as well as its entry
    into force, the table's convention); an ordinal must be the state's rank
    by accession date (states that joined on the same day share their ranks).
``membership``
    "non-member Ukraine", "NATO member Hungary", "Ukraine, which is not a
    member", "NATO's newest member Sweden", "new member Sweden", "founding
    member Norway". Member or not on the publication date; *newest*,
    *latest* and *most recent* must be the most recent accession on that
    date; *new* is supported for the most recent accession and partly
    supported for a state that joined within the two years before; a
    *founding member* must be one of the founders.
"""

from __future__ import annotations

import re

import pandas as pd

from ._common import HEDGE, NUM, Finding, combine, fmt_day, hedge_of, judge_number, parse_number
from ._context import Context
from ._dates import DATE, ORDINAL, RELATIVE, parse_ordinal, resolve

WHEN = rf"(?:{DATE}|{RELATIVE})"

__all__ = ["find"]

_NATO = r"(?:NATO|Nato|[Tt]he alliance|[Tt]he Alliance|[Tt]he military alliance)"
# Another union of member states: a sentence about it does not speak of NATO unless the
# words matched name NATO ("the 27 member states", "joined in 2013" are EU facts).
_OTHER_UNION = re.compile(r"\bEU\b|European Union|\beurozone\b|\beuro zone\b|\bSchengen\b|\bbloc\b")
_SAYS_NATO = re.compile(r"NATO|Nato|[Aa]lliance|\ball(?:ies|y)\b")
_NOUN = r"(?:allies|members|member states|member countries|member nations|nations|countries|states)"


def _about_other_union(sentence: str, m: re.Match[str]) -> bool:
    return bool(_OTHER_UNION.search(sentence)) and not _SAYS_NATO.search(m.group(0))


_SUBSET = re.compile(r"\s+(?:that|which|who|meeting|spending|with|in\s+Europe|on\s+the)\b")


def _size_patterns() -> list[str]:
    h = rf"(?:(?P<h>{HEDGE})\s+)?"
    return [
        rf"{h}(?P<n>{NUM})[- ](?:member|nation|country|state|strong)(?:[- ]strong)?\s+"
        r"(?:military\s+|defen[cs]e\s+|transatlantic\s+|western\s+)?"
        r"(?:alliance|Alliance|NATO|Nato)",
        rf"(?:NATO|Nato|the alliance|the Alliance)['’]s\s+{h}(?P<n>{NUM})\s+{_NOUN}",
        rf"\b(?:all|All|each of the|Each of the|the|The)\s+(?P<n>{NUM})\s+(?:NATO|Nato)\s+{_NOUN}",
        rf"{_NATO},?\s+(?:which\s+|that\s+)?(?:now\s+|currently\s+)?(?:has|counts|numbers|"
        rf"comprises|includes|is made up of|consists of|grew to|has grown to|expanded to|"
        rf"has expanded to)\s+{h}(?P<n>{NUM})\s+{_NOUN}",
        rf"\b(?:alliance|Alliance|NATO|Nato) of {h}(?P<n>{NUM}) {_NOUN}",
        rf"\b(?:all|All|the|The)\s+(?P<n>{NUM})\s+(?:allies|member states)\b",
    ]


def _count_on(ctx: Context, day: pd.Timestamp) -> int:
    return int((ctx.members["accession_date"] <= day).sum())


def _alliance_size(ctx: Context, s, out: list[Finding]) -> None:
    for pat in _size_patterns():
        for m in re.finditer(pat, s.text):
            if _SUBSET.match(s.text, m.end()):
                continue
            if _about_other_union(s.text, m):
                continue
            try:
                n = parse_number(m["n"])
            except ValueError:
                continue
            if n != int(n) or not 12 <= n <= 100:  # fewer than the 12 founders: a subset
                continue
            h = m.groupdict().get("h")
            hedge = hedge_of(h)
            counts = [_count_on(ctx, d) for d in ctx.window]
            verdicts = [judge_number(c, n, hedge, count=True) for c in counts]
            verdict = combine(verdicts[0][0], verdicts[1][0])
            joined = ctx.members[ctx.members["accession_date"] <= ctx.window[1]]
            newest = joined.loc[joined["accession_date"].idxmax()]
            value = str(counts[0]) if counts[0] == counts[1] else f"{counts[0]}-{counts[1]}"
            out.append(
                Finding(
                    kind="alliance_size",
                    claim_type="count",
                    start=s.start + m.start(),
                    end=s.start + m.end(),
                    quote=m.group(0),
                    statement=f"NATO had {h + ' ' if h else ''}{int(n)} member states on the "
                    "publication date.",
                    asserted=(f"{h} " if h else "") + str(int(n)),
                    data_value=value,
                    verdict=verdict,
                    rule=f"alliance_size/{verdicts[1][1]}",
                    detail=f"{value} allies had joined by {fmt_day(ctx.window[1])}; the newest, "
                    f"{newest['name']}, joined on {fmt_day(newest['accession_date'])}.",
                    source_ids=tuple(sorted(set(joined["source_id"]))),
                )
            )


def _accession(ctx: Context, s, out: list[Finding]) -> None:
    c = rf"(?P<c>{ctx.state_regex})"
    nato = (
        r"(?:NATO|Nato|the alliance|the Alliance|"
        r"the North Atlantic Treaty(?: Organi[sz]ation)?)"
    )
    dated = [
        rf"{c}(?:,?\s+(?:which|who))?\s+(?:had\s+|has\s+|formally\s+|officially\s+)*(?:joined|"
        rf"entered|acceded to)(?:\s+{nato})?\s+(?:(?:in|on)\s+)?(?P<when>{WHEN})",
        rf"{c},\s+(?:[^,;.]|\.(?=\d)){{3,60}},\s+(?:had\s+|has\s+|formally\s+|officially\s+)*joined"
        rf"(?:\s+{nato})?\s+(?:(?:in|on)\s+)?(?P<when>{WHEN})",
        rf"\b[Ss]ince\s+{c}\s+joined(?:\s+{nato})?\s+(?:in|on)\s+(?P<when>{WHEN})",
        rf"{c},?\s+(?:a|an)\s+(?:NATO\s+)?(?:member|ally)(?:\s+of\s+{nato})?\s+since\s+(?P<when>{WHEN})",
        rf"{c}(?:['’]s)?\s+(?:accession|entry)\s+(?:to|into)\s+{nato}\s+(?:in|on)\s+(?P<when>{WHEN})",
    ]
    ordinal = [
        rf"{c},?\s+(?:which\s+|that\s+)?"
        r"(?:became|becomes|becoming|has become|will become|is|was|as|,)\s*"
        rf"(?:NATO['’]s|Nato['’]s|the alliance['’]s|the|its)\s+(?P<ord>{ORDINAL})\s+"
        r"(?:member|ally|member state)",
        rf"{c},?\s+(?:NATO['’]s|Nato['’]s|the alliance['’]s)\s+(?P<ord>{ORDINAL})\s+"
        r"(?:member|ally)",
    ]
    signed = ctx.treaty_signed
    for pat in dated:
        for m in re.finditer(pat, s.text):
            iso3 = ctx.state(m["c"])
            if _about_other_union(s.text, m):
                continue
            periods = [resolve(m["when"], d) for d in ctx.window]
            if iso3 is None or None in periods:
                continue
            precision = periods[0][1]  # type: ignore[index]
            row = ctx.members[ctx.members["iso3"] == iso3]
            sources = tuple(row["source_id"])
            if row.empty:
                verdict, value = "contradicted", "not a member"
                detail = f"{ctx.state_name(iso3)} is not in the members table: it never joined."
                sources = ()
            else:
                r = row.iloc[0]
                joined = r["accession_date"]
                days = [joined]
                if bool(r["is_founder"]) and not signed.empty:
                    days.append(signed.iloc[0]["event_date"])
                    sources += (signed.iloc[0]["source_id"],)
                verdict = combine(
                    *(
                        "supported" if any(a <= d <= b for d in days) else "contradicted"
                        for (a, b), _ in (p for p in periods if p is not None)
                    )
                )
                value = fmt_day(joined)
                detail = f"{r['name']} joined on {value}" + (
                    " (founder: the Treaty was signed on 1949-04-04 and entered into force then)"
                    if len(days) > 1
                    else ""
                )
                detail += f"; the text says {m['when']} ({precision})."
            name = ctx.state_name(iso3)
            out.append(
                Finding(
                    "accession",
                    "date",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"{name} joined NATO in {m['when']}.",
                    m["when"],
                    value,
                    verdict,
                    f"accession/date within the stated {precision}",
                    detail,
                    sources,
                )
            )
    for pat in ordinal:
        for m in re.finditer(pat, s.text):
            iso3 = ctx.state(m["c"])
            if iso3 is None or _about_other_union(s.text, m):
                continue
            rank = parse_ordinal(m["ord"])
            row = ctx.members[ctx.members["iso3"] == iso3]
            if row.empty:
                verdict, value, sources = "contradicted", "not a member", ()
            else:
                joined = row.iloc[0]["accession_date"]
                low = int((ctx.members["accession_date"] < joined).sum()) + 1
                high = int((ctx.members["accession_date"] <= joined).sum())
                verdict = "supported" if low <= rank <= high else "contradicted"
                value = str(low) if low == high else f"{low}-{high}"
                sources = tuple(
                    ctx.members.loc[ctx.members["accession_date"] <= joined, "source_id"]
                )
            name = ctx.state_name(iso3)
            detail = f"By accession date {name} is member number {value}."
            out.append(
                Finding(
                    "accession",
                    "count",
                    s.start + m.start(),
                    s.start + m.end(),
                    m.group(0),
                    f"{name} was NATO's member number {rank}.",
                    m["ord"],
                    value,
                    verdict,
                    "accession/rank by accession date",
                    detail,
                    tuple(sorted(set(sources))),
                )
            )


def _membership(ctx: Context, s, out: list[Finding]) -> None:
    c = rf"(?P<c>{ctx.state_regex})"
    member = r"(?:member|ally|member state|member country|member nation)"
    not_member = [
        rf"\b(?i:non)-?\s?(?:NATO\s+|Nato\s+)?{member}\s+{c}",
        rf"{c},?\s+(?:which|who)\s+is\s+not\s+(?:yet\s+)?(?:a\s+|an\s+)?(?:NATO\s+{member}|"
        rf"{member}\s+of\s+{_NATO}|{member}|part of NATO|in NATO)",
        rf"{c}\s+is\s+not\s+(?:yet\s+)?(?:a\s+|an\s+)?(?:NATO\s+)?{member}",
        rf"{c},?\s+(?:a|which is a)\s+(?i:non)-?\s?(?:NATO\s+)?member",
    ]
    is_member = [
        rf"(?<!non-)(?<!non )(?:\bNATO|\bNato|\b[Ff]ellow(?:\s+NATO)?)\s+{member}\s+{c}",
        rf"{c},?\s+(?:a|an|which is a|another|itself a)\s+(?:fellow\s+)?(?:NATO\s+|Nato\s+)?"
        rf"(?:member|ally)(?:\s+of\s+{_NATO})?(?!\s+since)(?![\w-])",
    ]
    newest = [
        rf"(?:NATO['’]s|Nato['’]s|the alliance['’]s|[Tt]he|its)\s+"
        r"(?P<adj>newest|latest|most recent|"
        rf"youngest)\s+(?:{member}|recruit)(?:,)?\s+{c}",
        rf"{c},?\s+(?:NATO['’]s|Nato['’]s|the alliance['’]s|the)\s+"
        r"(?P<adj>newest|latest|most recent|"
        rf"youngest)\s+(?:{member}|recruit)",
        rf"\b(?P<adj>[Nn]ew)\s+(?:NATO\s+|Nato\s+)?{member}\s+{c}",
        rf"{c},?\s+(?:a|the|NATO['’]s)\s+(?P<adj>new)\s+(?:NATO\s+)?{member}",
    ]
    founder = [
        rf"\b(?:[Ff]ounding|[Ff]ounder)\s+(?:NATO\s+)?(?:{member}|nation|state)s?\s+{c}",
        rf"{c},?\s+(?:is\s+|was\s+)?(?:a|one of the|one of NATO['’]s)\s+(?:\d+\s+|twelve\s+|12\s+)?"
        rf"(?:founding|founder)\s+(?:members?|allies|nations|states|member states)",
    ]
    joined, src = ctx.accession, ctx.member_source

    def add(m: re.Match, rule: str, statement: str, verdict: str, value: str, detail: str, sources):
        out.append(
            Finding(
                "membership",
                "date" if "newest" in rule else "attribution",
                s.start + m.start(),
                s.start + m.end(),
                m.group(0),
                statement,
                m.group(0),
                value,
                verdict,
                rule,
                detail,
                tuple(sources),
            )
        )

    def status(iso3: str, day: pd.Timestamp) -> bool:
        return iso3 in joined and joined[iso3] <= day

    for claim_member, pats in ((False, not_member), (True, is_member)):
        for pat in pats:
            for m in re.finditer(pat, s.text):
                iso3 = ctx.state(m["c"])
                if iso3 is None or _about_other_union(s.text, m):
                    continue
                name = ctx.state_name(iso3)
                vs = [
                    "supported" if status(iso3, d) == claim_member else "contradicted"
                    for d in ctx.window
                ]
                when = (
                    f"joined on {fmt_day(joined[iso3])}" if iso3 in joined else "has never joined"
                )
                add(
                    m,
                    f"membership/{'member' if claim_member else 'non-member'} on the date",
                    f"{name} was {'' if claim_member else 'not '}a NATO member on the "
                    "publication date.",
                    combine(*vs),
                    "member" if status(iso3, ctx.window[1]) else "not a member",
                    f"{name} {when}.",
                    [src[iso3]] if iso3 in src else list(ctx.members["source_id"]),
                )
    for pat in newest:
        for m in re.finditer(pat, s.text):
            iso3 = ctx.state(m["c"])
            if iso3 is None or _about_other_union(s.text, m):
                continue
            name = ctx.state_name(iso3)
            vs = []
            for day in ctx.window:
                on = ctx.members[ctx.members["accession_date"] <= day]
                last = on["accession_date"].max()
                latest = set(on.loc[on["accession_date"] == last, "iso3"])
                if iso3 in latest:
                    vs.append("supported")
                elif (
                    m["adj"].lower() == "new"
                    and status(iso3, day)
                    and (day - joined[iso3]).days <= 730
                ):
                    vs.append("partly supported")
                else:
                    vs.append("contradicted")
            on = ctx.members[ctx.members["accession_date"] <= ctx.window[1]]
            top = on.loc[on["accession_date"].idxmax()]
            add(
                m,
                f"membership/newest: '{m['adj'].lower()}' member on the publication date",
                f"{name} was NATO's {m['adj'].lower()} member on the publication date.",
                combine(*vs),
                str(top["name"]),
                f"The most recent accession by {fmt_day(ctx.window[1])} was {top['name']} on "
                f"{fmt_day(top['accession_date'])}"
                + (
                    f"; {name} joined on {fmt_day(joined[iso3])}."
                    if iso3 in joined and iso3 != top["iso3"]
                    else "."
                ),
                sorted({str(top["source_id"]), *([src[iso3]] if iso3 in src else [])}),
            )
    founders = ctx.founders
    for pat in founder:
        for m in re.finditer(pat, s.text):
            iso3 = ctx.state(m["c"])
            if iso3 is None or _about_other_union(s.text, m):
                continue
            name = ctx.state_name(iso3)
            ok = iso3 in set(founders["iso3"])
            add(
                m,
                "membership/founding member",
                f"{name} is a founding member of NATO.",
                "supported" if ok else "contradicted",
                "founder"
                if ok
                else (f"joined {fmt_day(joined[iso3])}" if iso3 in joined else "not a member"),
                f"The founders are the {len(founders)} states that joined on "
                f"{fmt_day(founders['accession_date'].min())}; {name} "
                + ("is one." if ok else "is not."),
                [src[iso3]] if iso3 in src else sorted(set(founders["source_id"])),
            )


def find(ctx: Context) -> list[Finding]:
    """Every membership statement in the text, judged."""
    out: list[Finding] = []
    for s in ctx.sentences:
        _alliance_size(ctx, s, out)
        _accession(ctx, s, out)
        _membership(ctx, s, out)
    return out
