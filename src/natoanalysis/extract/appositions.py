"""People named in apposition with a lower-case office, as every newsroom writes them.

- *Norway's foreign minister, Jane Doe, said* and *the Belgian foreign
  minister, Jane Doe, told*: the office before the name (rule ``office_name``);
- *Jane Doe, the European Commission president, said* and *Jane Doe, a
  former army colonel, ...*: the office after it (rule ``name_office``);
- *Prime Minister Jane Doe of Finland*: the country after the name.

The office gives an unknown person's country when it names one (*Norway's*,
*the Belgian*, *of Finland*) and, for pronoun and role follow-up, their
office words (*foreign minister*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer
from .base import _NAME, _WS

#: Lower-case office words that stand in apposition to a name (longest first in the regex).
OFFICES = [
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "foreign secretary",
    "defence secretary",
    "defense secretary",
    "secretary of state",
    "secretary-general",
    "secretary general",
    "vice president",
    "vice-president",
    "president-elect",
    "president",
    "premier",
    "chancellor",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "commander",
    "chief",
    "leader",
    "king",
    "queen",
    "senator",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "general",
    "admiral",
    "colonel",
    "chairman",
    "chairwoman",
    "head",
    "director",
    "adviser",
    "advisor",
    "negotiator",
    "commissioner",
    "lawmaker",
    "diplomat",
    "official",
    "Democrat",
    "Republican",
]
_OFFICE = "(?:" + "|".join(re.escape(o).replace(r"\ ", _WS) for o in OFFICES) + ")"
# "<determiner or possessive> ... office": the/a/an/his, "Norway's", "the Kremlin's"
_LEAD = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w.-]*(?:'s|’s))"
_APPOSITIVE = rf"{_LEAD}(?:{_WS}[^\s,.;:\"“”()]+){{0,6}}?{_WS}{_OFFICE}(?:s)?"
_APP_BEFORE = re.compile(rf"(?<!\w)(?P<app>{_APPOSITIVE})\Z")
_NAME_NEXT = re.compile(rf",{_WS}(?P<name>{_NAME})(?=,|{_WS}(?:said|says|told|added|wrote))")
_NAME_END = re.compile(rf"(?<!\w)(?P<name>{_NAME})\Z")
_APP_AT = re.compile(rf"(?P<app>{_APPOSITIVE}(?:{_WS}(?:of|for|from){_WS}[A-Z][\w-]*)?)[,.;]")
_OF_COUNTRY = re.compile(rf"{_WS}of{_WS}(?:the{_WS})?(?P<place>[A-Z][\w-]*(?:{_WS}[A-Z][\w-]*)?)")
_TRIGGER = re.compile(rf"(?<![\w-]){_OFFICE}(?!\w)")  # lower case: a capital is a title
_TRIGGER_ANY = re.compile(rf"(?i:{_OFFICE})(?!\w)")


@dataclass
class Apposition:
    name_start: int
    name_end: int
    office: str  # the office words, lower case ("foreign minister")
    iso3: str | None
    rule: str


def _country_in(gaz: Gazetteer, text: str) -> str | None:
    for m in gaz.country_regex.finditer(text):
        cf = gaz.country_form(m.group(0))
        if cf is not None and cf.kind in ("name", "alias", "adjective"):
            return cf.iso3
    return None


def _office_words(app: str) -> str:
    found = list(_TRIGGER_ANY.finditer(app))
    return " ".join(found[-1].group(0).lower().split()) if found else ""


def appositions(text: str, gaz: Gazetteer) -> list[Apposition]:
    """Name spans in apposition with an office, found from the office words (a fast first pass).

    The name spans still have to pass the caller's checks (two words or more,
    no state or pronoun among them).
    """
    out: list[Apposition] = []
    seen: set[int] = set()
    stops = ',.;:\n"“”()'
    for t in _TRIGGER.finditer(text):
        end = t.end() + (1 if text[t.end() : t.end() + 1] == "s" else 0)
        after = text[end : end + 3]
        office_first = after[:1] == "," and after[2:3].isupper()
        lo = max(0, t.start() - 80)
        comma = text.rfind(",", lo, t.start())
        if not office_first and comma < 0:
            continue  # the common case: no apposition here
        clause = max(text.rfind(c, lo, t.start()) for c in stops) + 1
        # office before the name: "Norway's foreign minister, Jane Doe, said"
        nxt = _NAME_NEXT.match(text, end) if office_first else None
        app = _APP_BEFORE.search(text, max(lo, clause), end) if nxt is not None else None
        if nxt is not None and app is not None and nxt.start("name") not in seen:
            seen.add(nxt.start("name"))
            words = app.group("app")
            out.append(
                Apposition(
                    nxt.start("name"),
                    nxt.end("name"),
                    _office_words(words),
                    _country_in(gaz, words),
                    "office_name",
                )
            )
            continue
        # name before the office: "Jane Doe, the European Commission president, said"
        if clause < 2 or text[clause - 1] != "," or not text[clause : clause + 1].isspace():
            continue
        comma = clause - 1
        app = _APP_AT.match(text, clause + 1)
        if app is None or not (app.start() <= t.start() and t.end() <= app.end("app")):
            continue
        name = _NAME_END.search(text, max(0, comma - 80), comma)
        if name is None or name.start("name") in seen:
            continue
        seen.add(name.start("name"))
        words = app.group("app")
        out.append(
            Apposition(
                name.start("name"),
                name.end("name"),
                _office_words(words),
                _country_in(gaz, words),
                "name_office",
            )
        )
    return out


def country_after(text: str, end: int, gaz: Gazetteer) -> str | None:
    """The state in *... Jane Doe of Finland*, right after a name."""
    m = _OF_COUNTRY.match(text, end)
    if m is None:
        return None
    cf = gaz.country_form(m.group("place"))
    return cf.iso3 if cf is not None and cf.kind in ("name", "alias") else None
