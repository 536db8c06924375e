"""Who *he*, *she* and *the US president* are: rule-based follow-up to people named earlier.

- **pronoun**: *he* / *she* is the person named last before it, outside
  quotations, skipping anyone whose honorific says otherwise (*Ms Doe* is not
  *he*);
- **role**: *the Romanian president*, *the US president*, *the foreign
  minister*, *the Dutch leader* is the person named last before it whose
  state matches (*Romanian*, *US*) and whose office matches: for someone in
  the people table, one of their roles on the publication date (*President
  of the United States (from 2025-01-20)*); for someone else, the office the
  text gave them (*Foreign Minister Jane Doe*, *Jane Doe, the foreign
  minister*). *leader*, *chief* and *head* match any office. Only people
  already named can be meant, so a time-bound role never picks someone the
  text does not mention.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

import pandas as pd

from ..gazetteer import Gazetteer, trie_pattern
from .appositions import OFFICES
from .base import _WS, Window
from .names import _Person

_ANY_OFFICE = frozenset({"leader", "chief", "head"})
_STATE_ABBR = {"us": "USA", "u.s.": "USA", "uk": "GBR", "u.k.": "GBR"}
_DATED = re.compile(
    r"\((?:from\s+(?P<from>\d{4}-\d{2}-\d{2})|(?P<a>\d{4}-\d{2}-\d{2})\s+to\s+(?P<b>\d{4}-\d{2}-\d{2}))\)"
)


@functools.lru_cache(maxsize=8)
def _role_regex(adjectives: tuple[str, ...]) -> re.Pattern[str]:
    offices = "|".join(re.escape(o).replace(r"\ ", _WS) for o in OFFICES if o[0].islower())
    states = trie_pattern([*adjectives, "US", "U.S.", "UK", "U.K.", "Nato", "NATO"])
    return re.compile(
        rf"(?<!\w)[Tt]he{_WS}(?:(?:former|outgoing|(?P<new>new|incoming|next|future)|current){_WS})?"
        rf"(?:(?P<state>{states}){_WS})?(?P<office>{offices})(?!\w)"
    )


def role_regex(gaz: Gazetteer) -> re.Pattern[str]:
    """*the Romanian president*, *the US president*, *the foreign minister* (cached)."""
    cached = getattr(gaz, "_role_rx", None)
    if cached is None:
        adjectives = tuple(
            f
            for f in gaz.country_surface_forms()
            if (cf := gaz.country_form(f)) is not None and cf.kind == "adjective"
        )
        cached = gaz._role_rx = _role_regex(adjectives)  # type: ignore[attr-defined]
    return cached


def _norm(office: str) -> str:
    return " ".join(office.lower().replace("-", " ").replace("defense", "defence").split())


def _office_in(office: str, role: str) -> bool:
    """``office`` names the role (*president* in *President of Romania*, not *Vice President*)."""
    return re.search(rf"(?<!vice )\b{re.escape(office)}\b", _norm(role)) is not None


def _role_holds(role: str, day: pd.Timestamp | None) -> bool:
    if role.lower().startswith(("former", "candidate", "winner")):
        return False
    m = _DATED.search(role)
    if m is None or day is None:
        return True
    if m.group("from"):
        return pd.Timestamp(m.group("from")) <= day
    return pd.Timestamp(m.group("a")) <= day <= pd.Timestamp(m.group("b"))


class Resolver:
    """Pronoun and role follow-up over the people mentions of one text."""

    def __init__(
        self,
        people: list[_Person],
        gaz: Gazetteer,
        window: Window | None,
        inside_quote: list[tuple[int, int]],
        text: str = "",
        sentence_of: Callable[[int], int] | None = None,
    ) -> None:
        self.gaz = gaz
        self.text = text
        self.role_rx = role_regex(gaz)
        self.sentence_of = sentence_of or (lambda pos: 0)
        self.day = window[1] if window is not None else None
        # mentions outside quotations (a name inside a quotation is rarely the speaker)
        q_starts = [s for s, _ in inside_quote]
        self.people = []
        for p in people:
            i = bisect.bisect_right(q_starts, p.start) - 1
            if i < 0 or not (inside_quote[i][0] <= p.start < inside_quote[i][1]):
                self.people.append(p)
        self.starts = [p.start for p in self.people]
        self.gender: dict[str, str] = {}
        self.office: dict[str, str] = {}
        for p in people:
            key = p.person_id or p.name
            if p.gender:
                self.gender.setdefault(key, p.gender)
            if p.office:
                self.office.setdefault(key, _norm(p.office))

    def _before(self, pos: int) -> list[_Person]:
        i = bisect.bisect_left(self.starts, pos)
        return [p for p in reversed(self.people[:i]) if p.end <= pos]

    def pronoun(self, pos: int, word: str) -> _Person | None:
        """The subject of the nearest sentence (this one up to ``pos``, then earlier ones)
        naming someone of the pronoun's gender: the first such person named in it."""
        want = "f" if word.lower() in ("she", "her") else "m"
        best: _Person | None = None
        best_sentence = None
        for p in self._before(pos)[:12]:
            g = self.gender.get(p.person_id or p.name)
            if g is not None and g != want:
                continue
            sentence = self.sentence_of(p.start)
            if best_sentence is not None and sentence != best_sentence:
                break
            best, best_sentence = p, sentence  # walking back: the last kept is the first named
        return best

    def role(self, pos: int, state: str | None, office: str) -> _Person | None:
        office = _norm(office)
        # "the new prime minister" earlier names a new holder nobody has named: no one is meant
        for m in self.role_rx.finditer(self.text, max(0, pos - 3000), pos):
            if m.group("new") and _norm(m.group("office")) == office:
                return None
        iso3 = None
        if state:
            iso3 = _STATE_ABBR.get(state.lower())
            if iso3 is None and state.lower() != "nato":
                cf = self.gaz.country_form(state)
                iso3 = cf.iso3 if cf is not None else None
        for p in self._before(pos):
            key = p.person_id or p.name
            country = self.gaz.person_country.get(p.person_id) if p.person_id else p.country_iso3
            if iso3 is not None and country != iso3:
                continue
            if office in _ANY_OFFICE:
                return p
            if p.person_id:
                roles = self.gaz.person_roles.get(p.person_id, [])
                if any(_office_in(office, r) and _role_holds(r, self.day) for r in roles):
                    return p
            own = self.office.get(key)
            if own is not None and (office in own or own in office):
                return p
        return None
