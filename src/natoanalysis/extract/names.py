"""Patterns for people's names: titles, honorifics, speech verbs, name tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import Gazetteer, trie_pattern
from .base import _NAME, _STOP_TOKENS, _WS, _ci_first, _scan_at, _trigger_regex

# --------------------------------------------------------------------------
# People

_PEOPLE_COLUMNS = {
    "mention_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "person_id": "string",
    "name": "string",
    "country_iso3": "string",
    "how": "category:name,role,title,surname",
    "office": "string",
}

_HONORIFICS = ["Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sir", "Dame", "Lord", "Lady"]
_TITLES = [
    "President",
    "President-elect",
    "Vice President-elect",
    "PM",
    "Special Envoy",
    "Envoy",
    "Vice President",
    "Vice-President",
    "Prime Minister",
    "Premier",
    "Chancellor",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Minister",
    "Foreign Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Secretary of State",
    "Secretary of Defense",
    "Secretary General",
    "Secretary-General",
    "Secretary",
    "Senator",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Governor",
    "Mayor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "General",
    "Admiral",
    "Colonel",
    "Ambassador",
    "Speaker",
    "Commissioner",
    "Chairman",
    "Chairwoman",
    "Commander",
    "Professor",
]
_ABBR_TITLES = ["Sen", "Rep", "Gov", "Gen", "Adm", "Col"]
_QUALIFIERS = [
    "former",
    "outgoing",
    "incoming",
    "current",
    "acting",
    "late",
    "new",
    "interim",
    "deputy",
    "caretaker",
    "then",
]
_ORGS = ["NATO", "Nato", "EU", "E.U.", "UN", "U.N.", "US", "U.S.", "UK", "European Commission"]
_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|declared|declares|declaring|stated|states|"
    r"announced|announces|announcing|warned|warns|warning|insisted|insists|wrote|writes|"
    r"noted|notes|explained|explains|argued|argues|stressed|stresses|stressing|"
    r"emphasised|emphasized|replied|replies|asked|asks|acknowledged|acknowledges|"
    r"claimed|claims|saying|telling|adding|according\s+to)"
)
_SPEECH_RX = re.compile(rf"(?<!\w){_SPEECH}(?!\w)", re.IGNORECASE)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "its",
        "our",
        "but",
        "and",
        "or",
        "if",
        "when",
        "while",
        "as",
        "after",
        "before",
        "on",
        "in",
        "at",
        "for",
        "with",
        "by",
        "from",
        "nato",
        "eu",
        "un",
    ]
)

_PRONOUN_SPEECH = re.compile(rf"(?i:he|she){_WS}{_SPEECH}(?!\w)")


@dataclass
class _Person:
    start: int
    end: int
    person_id: str | None
    name: str
    how: str
    country_iso3: str | None = None  # unknown people: from a title such as "German Chancellor"
    office: str | None = None  # the office words of the mention ("foreign minister")
    gender: str | None = None  # "m" / "f" from an honorific (Mr, Ms, Sir, Dame)


_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f"}
_GENDER.update({"lady": "f"})


def gender_of(title: str) -> str | None:
    """ "m" or "f" when a title starts with a gendered honorific (*Mr.*, *Dame*)."""
    first = title.split()[0].rstrip(".").casefold() if title.split() else ""
    return _GENDER.get(first)


def _titled_regex(gaz: Gazetteer) -> re.Pattern[str]:
    cached = getattr(gaz, "_titled_rx", None)
    if cached is not None:
        return cached
    adjectives = [
        f
        for f in gaz.country_surface_forms()
        if (cf := gaz.country_form(f)) is not None and cf.kind == "adjective"
    ]
    qual = "(?:" + "|".join(_ci_first(q) for q in _QUALIFIERS) + r")(?:-|" + _WS + ")"
    adj = "(?:(?P<adj>" + trie_pattern(adjectives) + ")|" + trie_pattern(_ORGS) + ")" + _WS
    titles = "|".join(_ci_first(t) for t in sorted(_TITLES, key=len, reverse=True))
    honor = "|".join(_HONORIFICS + _ABBR_TITLES)
    pattern = (
        rf"(?<!\w)(?P<title>(?:{qual})*(?:{adj})?"
        rf"(?:(?P<honor>(?:{honor})\.?)|(?P<office>{titles})))"
        rf"{_WS}(?P<name>{_NAME})(?!\w)"
    )
    rx = re.compile(pattern)
    firsts = [*_QUALIFIERS, *adjectives, *_ORGS, *_HONORIFICS, *_ABBR_TITLES, *_TITLES]
    gaz._titled_rx = rx  # type: ignore[attr-defined]
    gaz._titled_trigger = _trigger_regex(  # type: ignore[attr-defined]
        [re.split(r"[\s.'’-]", f)[0] for f in firsts]
    )
    return rx


def _titled_matches(text: str, gaz: Gazetteer) -> list[re.Match[str]]:
    rx = _titled_regex(gaz)
    return _scan_at(rx, gaz._titled_trigger, text)  # type: ignore[attr-defined]


_SPEECH_SCAN = re.compile(_SPEECH)  # no leading assertion: the engine can skip ahead fast
# verbs that follow a speaker's name but may also introduce a thing ("a party called X"):
# a name is taken only before them
_SPEECH_BEFORE_ONLY = re.compile(
    r"(?:posted|tweeted|called|described|urged|vowed|pledged|conceded|admitted|predicted)"
)
_NAME_BEFORE = re.compile(rf"(?<!\w)(?P<name>{_NAME}){_WS}\Z")
_NAME_AFTER = re.compile(rf"{_WS}(?P<name>{_NAME})(?!\w)")


def _said_names(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised names right before or after a speech verb (*Jane Doe said*)."""
    out = []
    for v in _SPEECH_BEFORE_ONLY.finditer(text):
        s = v.start()
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_")) or text[
            v.end() : v.end() + 1
        ].isalnum():
            continue
        before = _NAME_BEFORE.search(text, max(0, s - 120), s)
        if before is not None:
            out.append((before.start("name"), before.end("name")))
    for v in _SPEECH_SCAN.finditer(text):
        s, e = v.start(), v.end()
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_")) or (
            e < len(text) and (text[e].isalnum() or text[e] == "_")
        ):
            continue
        before = _NAME_BEFORE.search(text, max(0, s - 120), s)
        if before is not None:
            out.append((before.start("name"), before.end("name")))
        after = _NAME_AFTER.match(text, e)
        if after is not None:
            out.append((after.start("name"), after.end("name")))
    return out


_TITLE_WORDS = frozenset(
    w.casefold().rstrip(".")
    for t in [*_TITLES, *_HONORIFICS, *_ABBR_TITLES, *_QUALIFIERS]
    for w in re.split(r"[ -]", t)
    if w[0].isupper()
)


def _name_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Token spans of a matched name, cut before an all-capitals word, a month, a weekday
    or a title word (*Secretary General*: *General* is no name)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+", text[start:end]):
        tok = m.group(0)
        low = tok.casefold()
        if (
            (len(tok) > 1 and tok.isupper() and "." not in tok)
            or low in _STOP_TOKENS
            or low.rstrip(".") in _TITLE_WORDS
        ):
            break
        if tok[0].islower():  # a particle (van, de) is kept only inside a name
            out.append((start + m.start(), start + m.end()))
            continue
        if not tok[0].isupper():
            break
        out.append((start + m.start(), start + m.end()))
    while out and text[out[-1][0]].islower():
        out.pop()
    return out
