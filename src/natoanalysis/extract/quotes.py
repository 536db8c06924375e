"""Quotations and who said them, each attribution explained by the rule that made it.

Quotations come from :mod:`.quote_marks` (position-read marks, quotations
over several paragraphs, unterminated ones). Each is attributed by the first
rule that applies; ``attribution_rule`` names it:

After the quotation (in the rest of its sentence):

- ``verb_name_after``: *"...," said Jane Doe* (also *according to Jane Doe*);
- ``name_verb_after``: *"...," Jane Doe said* / *"...," Jane Doe, the
  foreign minister, told reporters*;
- ``pronoun_after``: *"...," he said* (see :mod:`.coref`);
- ``role_after``: *"...," the Romanian president said* (see :mod:`.coref`);
- a speech verb whose subject is nobody named (*"...," the statement said*,
  *a diplomat said*) leaves the quotation unattributed.

Before it (in its sentence, after any earlier quotation):

- ``name_verb_before``: *Jane Doe said: "..."*, *Jane Doe called it "..."*,
  *Jane Doe told MPs that ... "..."*: the person named last before the last
  speech verb;
- ``pronoun_before`` / ``role_before``: *He added: "..."*, *The US president
  said: "..."*;
- ``possessive_before`` / ``possessive_pronoun_before``: *Jane Doe's pledge
  to ... "..."*, *his promise of "..."* (a noun of speech owned by a person);
- ``participle_before``: *"...," he said, adding that ... "..."*: a speech
  verb in *-ing* with no subject continues the previous quotation's speaker.

Otherwise:

- ``continued``: a quotation with no speech verb of its own, right after an
  attributed one in the same paragraph (*"A," Jane Doe said. "B."*), or the
  next paragraph of a quotation over several paragraphs.

Speech verbs go beyond *said*: told, added, wrote, posted, tweeted, stressed,
called, described (... as), according to, and others (:data:`SPEECH_VERBS`).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..article import Article
from ..gazetteer import Gazetteer
from .base import _WS, Window, _Locator
from .coref import Resolver, role_regex
from .names import _Person
from .quote_marks import QuoteSpan, quote_spans

_QUOTE_COLUMNS = {
    "quote_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "speaker": "string",
    "person_id": "string",
    "speaker_start": "Int64",
    "speaker_end": "Int64",
    "attribution": "category:before,after,pronoun,role,continued",
    "attribution_rule": "string",
    "is_unterminated": "boolean",
}

#: Verbs that attribute a quotation (any tense the copy uses).
SPEECH_VERBS = (  # noqa: SIM905 - one readable string
    "said says say saying told tells telling added adds adding declared declares declaring "
    "stated states announced announces announcing warned warns warning insisted insists "
    "insisting wrote writes writing posted posts posting tweeted tweets tweeting noted notes "
    "explained explains argued argues arguing stressed stresses stressing emphasised "
    "emphasized replied replies asked asks acknowledged acknowledges claimed claims called "
    "calls calling described describes describing urged urges vowed vows pledged pledges "
    "predicted predicts conceded concedes admitted admits recalled recalls remarked responded "
    "cautioned complained commented observed suggested suggests continued concluded "
    "promised promises threatened threatens"
).split()
_VERB = r"(?:according" + _WS + r"to|" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + ")"
_VERB_RX = re.compile(rf"(?<![\w-]){_VERB}(?![\w-])", re.IGNORECASE)
_LEAD_OUT = re.compile(r"[\s,—–-]*")


def _lead_end(text: str, pos: int, end: int) -> int:
    """Where the spaces, commas and dashes after ``pos`` end (``pos`` if none)."""
    match = _LEAD_OUT.match(text, pos, end)
    return match.end() if match is not None else pos


_PRONOUN = re.compile(rf"(?P<p>[Hh]e|[Ss]he)(?:{_WS}(?:had|has|later|also|then))?{_WS}\Z")
_PRONOUN_AT = re.compile(
    rf"(?P<p>[Hh]e|[Ss]he)(?:{_WS}(?:had|has|later|also|then))?{_WS}{_VERB}(?!\w)"
)
_APPOSITIVE_OUT = re.compile(r",[^,\"“”.;]{1,80},\s*")
_SPEECH_NOUN = re.compile(
    r"(?:(?<!\w)(?P<pron>[Hh]is|[Hh]er)|(?P<owner_end>)['’]s)\s+(?:\w+\s+){0,2}?"
    r"(?:pledge|promise|vow|words|remarks|message|warning|claim|call|statement|comments?|"
    r"description|phrase|post|tweet|letter|speech|slogan|threat)s?(?!\w)"
)
_MAX_BEFORE = 160  # characters between a speech verb and the quotation it introduces
_MAX_AFTER = 100  # characters between a quotation and the speech verb attributing it


class _Attributor:
    def __init__(
        self,
        text: str,
        people: list[_Person],
        spans: list[QuoteSpan],
        loc: _Locator,
        gaz: Gazetteer,
        window: Window | None,
    ) -> None:
        self.text = text
        self.loc = loc
        self.people = people
        self.starts = [p.start for p in people]
        self.by_start = {p.start: p for p in people}
        self.resolver = Resolver(
            people,
            gaz,
            window,
            [(q.outer_start, q.outer_end) for q in spans],
            text,
            loc.sentence_start,
        )
        self.role_rx = role_regex(gaz)

    def only(self, who: _Person, lo: int, hi: int) -> bool:
        """No one but ``who`` is named between ``lo`` and ``hi``."""
        key = who.person_id or who.name
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.people) and self.people[i].start < hi:
            if (self.people[i].person_id or self.people[i].name) != key:
                return False
            i += 1
        return True

    def person_at(self, pos: int) -> _Person | None:
        return self.by_start.get(pos)

    def last_person(self, lo: int, hi: int) -> _Person | None:
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.people[i].start >= lo:
            if self.people[i].end <= hi:
                return self.people[i]
            i -= 1
        return None

    def subject(self, lo: int, verb_start: int, kind: str) -> tuple[_Person | None, str, bool]:
        """Who is the subject of the speech verb at ``verb_start`` (text from ``lo``).

        Returns (person, rule, found) where found is False when nothing stands there.
        """
        text = self.text
        who = self.last_person(lo, verb_start)
        if who is not None and not text[who.end : verb_start].count('"'):
            return who, f"name_verb_{kind}", True
        pr = _PRONOUN.search(text, max(lo, verb_start - 20), verb_start)
        if pr is not None:
            return self.resolver.pronoun(pr.start(), pr.group("p")), f"pronoun_{kind}", True
        for rm in self.role_rx.finditer(text, max(lo, verb_start - 60), verb_start):
            if not text[rm.end() : verb_start].strip(" ,"):
                who = self.resolver.role(rm.start(), rm.group("state"), rm.group("office"))
                return who, f"role_{kind}", True
        return None, "", False

    def after(self, q: QuoteSpan) -> tuple[_Person | None, str | None, bool]:
        text = self.text
        hi = min(
            self.loc.sentence_end(max(q.outer_end - 1, q.outer_start)),
            self.loc.block_end(q.outer_start),
        )
        hi = max(hi, q.outer_end)
        nxt = re.compile(r"[\"“”«»]").search(text, q.outer_end, hi)
        if nxt is not None:
            hi = nxt.start()
        pos = _lead_end(text, q.outer_end, hi)
        verb = _VERB_RX.match(text, pos, hi)
        if verb is not None:  # '"...," said Jane Doe'
            p2 = _lead_end(text, verb.end(), hi)
            who = self.person_at(p2)
            if who is not None:
                return who, "verb_name_after", True
            rm = self.role_rx.match(text, p2, hi)
            if rm is not None:
                return (
                    self.resolver.role(p2, rm.group("state"), rm.group("office")),
                    "role_after",
                    True,
                )
            return None, None, True
        who = self.person_at(pos)
        if who is not None:
            rest = who.end
            app = _APPOSITIVE_OUT.match(text, rest, hi)
            if app is not None:
                rest = app.end()
            if _VERB_RX.match(text, _lead_end(text, rest, hi), hi):
                return who, "name_verb_after", True
        pr = _PRONOUN_AT.match(text, pos, hi)
        if pr is not None:
            return self.resolver.pronoun(pos, pr.group("p")), "pronoun_after", True
        rm = self.role_rx.match(text, pos, hi)
        if rm is not None and _VERB_RX.match(text, _lead_end(text, rm.end(), hi), hi):
            return (
                self.resolver.role(pos, rm.group("state"), rm.group("office")),
                "role_after",
                True,
            )
        # a subject, then a speech verb: '"...," Norway's foreign minister, Jane Doe, said'
        verb = _VERB_RX.search(text, pos, min(hi, pos + _MAX_AFTER))
        if verb is None or re.match(r"(?i)(?:and|but|which|who|as|while)\b", text[pos:hi]):
            return None, None, False
        who, rule, found = self.subject(pos, verb.start(), "after")
        if found:
            return who, rule, True
        # nobody named: "the statement said", "a diplomat told reporters"
        return None, None, len(text[pos : verb.start()].split()) <= 6

    def possessive(self, seg: int, end: int) -> tuple[_Person | None, str | None, bool]:
        """*Jane Doe's pledge to ... "..."*, *his promise of "..."*: whose words these are."""
        text = self.text
        found = None
        for m in _SPEECH_NOUN.finditer(text, max(seg, end - _MAX_BEFORE), end):
            found = m
        if found is None:
            return None, None, False
        if found.group("pron"):
            who = self.resolver.pronoun(found.start(), found.group("pron"))
            return who, "possessive_pronoun_before", who is not None
        who = self.last_person(max(seg, found.start() - 60), found.start() + 1)
        if who is not None and who.end == found.start("owner_end"):
            return who, "possessive_before", True
        return None, None, False

    def before(
        self, q: QuoteSpan, prev: QuoteSpan | None, prev_who: _Person | None
    ) -> tuple[_Person | None, str | None, bool]:
        text = self.text
        seg = self.loc.sentence_start(q.outer_start)
        if prev is not None and prev.outer_end > seg:
            seg = prev.outer_end
        verbs = list(_VERB_RX.finditer(text, seg, q.outer_start))
        if not verbs or q.outer_start - verbs[-1].end() > _MAX_BEFORE:
            return self.possessive(seg, q.outer_start)
        v = verbs[-1]
        if (
            v.group(0).lower().endswith("ing")
            and prev_who is not None
            and prev is not None
            and prev.outer_end > self.loc.sentence_start(q.outer_start)
            and self.last_person(seg, v.start()) in (None, prev_who)
        ):  # '"...," he said, adding that ... "..."'
            return prev_who, "participle_before", True
        who, rule, found = self.subject(seg, v.start(), "before")
        if found:
            return who, rule, True
        owned = self.possessive(v.end(), q.outer_start)  # "recalled Jane Doe's pledge of"
        return owned if owned[2] else (None, None, True)


def _quotes(
    text: str,
    art: Article,
    people: list[_Person],
    loc: _Locator,
    gaz: Gazetteer,
    window: Window | None,
) -> list[dict[str, Any]]:
    spans = quote_spans(text, art)
    att = _Attributor(text, people, spans, loc, gaz, window)
    rows = []
    prev: QuoteSpan | None = None
    prev_who: _Person | None = None
    for i, q in enumerate(spans, 1):
        who, rule, found = att.after(q)
        if not found:
            same_block = prev if prev is not None and prev.block == q.block else None
            who, rule, found = att.before(q, same_block, prev_who if same_block else None)
        if (
            not found
            and prev is not None
            and prev_who is not None
            and (
                q.continued
                or (prev.block == q.block and att.only(prev_who, prev.outer_end, q.outer_start))
            )
        ):
            who, rule = prev_who, "continued"
        if who is None:
            rule = None
        prev, prev_who = q, who
        rows.append(
            {
                "quote_id": f"q{i}",
                "start": q.start,
                "end": q.end,
                "text": text[q.start : q.end],
                "speaker": who.name if who else None,
                "person_id": who.person_id if who else None,
                "speaker_start": who.start if who else None,
                "speaker_end": who.end if who else None,
                "attribution": _where(rule),
                "attribution_rule": rule,
                "is_unterminated": q.unterminated,
            }
        )
    return rows


def _where(rule: str | None) -> str | None:
    if rule is None:
        return None
    if rule.startswith("pronoun"):
        return "pronoun"
    if rule.startswith("role"):
        return "role"
    if rule in ("continued", "participle_before"):
        return "continued"
    return "after" if rule.endswith("after") else "before"
