"""Mentions of people: the people table's names and aliases, titled and quoted strangers."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from ..gazetteer import Gazetteer, fold, name_regex
from .appositions import Apposition, appositions, country_after
from .base import _MONTH_NAMES, _WEEKDAYS, _WS, _greedy, _Locator
from .names import (
    _NOT_NAMES,
    _TITLE_WORDS,
    _name_tokens,
    _Person,
    _said_names,
    _titled_matches,
    gender_of,
)

_STOP_FOLDED = frozenset(fold(w) for w in [*_MONTH_NAMES, *_WEEKDAYS])
_INITIAL = re.compile(r"(?:\w\.)+|\w")
_POSSESSIVE = re.compile(r"(?P<place>[A-Z][\w-]*(?: [A-Z][\w-]*)?)(?:'s|’s)\s+\Z")


class _PeopleFinder:
    def __init__(self, text: str, gaz: Gazetteer, loc: _Locator, countries: set[str]) -> None:
        self.text = text
        self.gaz = gaz
        self.loc = loc
        self.country_words = countries
        self.unknown_by_surname: dict[str, str] = {}
        self.unknown_country: dict[str, str] = {}
        self.unknown_by_first: dict[str, str] = {}  # "Sir Keir" after "Sir Keir Starmer"

    def resolve_name(self, toks: list[tuple[int, int]]) -> tuple[int, str | None, str]:
        """(tokens used, person_id or None, display name) for the name tokens."""
        text, gaz = self.text, self.gaz
        for k in range(len(toks), 0, -1):
            form = text[toks[0][0] : toks[k - 1][1]]
            pf = gaz.person_form(form)
            if pf is None and k > 2:  # a middle initial: "Antony J. Blinken"
                words = form.split()
                plain = [w for i, w in enumerate(words) if i == 0 or not _INITIAL.fullmatch(w)]
                pf = gaz.person_form(" ".join(plain)) if len(plain) < len(words) else None
            if pf is not None and pf.kind == "name":
                return k, pf.person_id, gaz.person_names[pf.person_id]
        words = [text[s:e] for s, e in toks]
        if len(words) == 1:
            ids = gaz.people_with_surname(words[0])
            if len(ids) == 1:
                pid = next(iter(ids))
                return 1, pid, gaz.person_names[pid]
            earlier = self.unknown_by_surname.get(fold(words[0]))
            return 1, None, earlier or words[0]
        name = " ".join(words)
        return len(toks), None, name

    def find(self) -> list[_Person]:
        text, gaz = self.text, self.gaz
        cands: list[tuple[int, int, int, Any]] = []
        for m in gaz.person_regex.finditer(text):
            pf = gaz.person_form(m.group(0))
            if pf is not None:
                cands.append((m.start(), m.end(), 0, ("alias", pf.person_id, pf.kind)))
        for m in _titled_matches(text, gaz):
            toks = _name_tokens(text, m.start("name"), m.end("name"))
            if not toks:
                continue
            in_title = self.loc.block_kind(m.start()) in ("headline", "heading")
            cands.append((m.start(), toks[-1][1], 1, ("titled", toks, in_title, m)))
        spans: list[tuple[int, int, Apposition | None]] = [
            (s, e, None) for s, e in _said_names(text)
        ]
        spans += [(a.name_start, a.name_end, a) for a in appositions(text, gaz)]
        for name_start, name_end, app in spans:
            toks = _name_tokens(text, name_start, name_end)
            while app and toks and text[toks[0][0] : toks[0][1]].casefold() in _NOT_NAMES:
                toks = toks[1:]  # "In Brussels ...": not part of the name
            words = [text[s:e] for s, e in toks]
            if len(words) < 2 or any(
                w.casefold() in _NOT_NAMES or w in self.country_words for w in words
            ):
                continue
            cands.append((toks[0][0], toks[-1][1], 2, ("said", toks, app)))

        people: list[_Person] = []
        for start, end, _prio, data in _greedy(cands):
            if data[0] == "alias":
                _, pid, kind = data
                people.append(_Person(start, end, pid, gaz.person_names[pid], kind))
                continue
            toks = data[1]
            k, pid, name = self.resolve_name(toks)
            end = toks[k - 1][1]
            if data[0] == "said":
                app = data[2]
                iso3 = app.iso3 if app is not None else None
                if pid is None:
                    self._remember(name, toks, k, iso3 or country_after(text, end, gaz))
                    iso3 = self.unknown_country.get(name)
                office = app.office if app is not None else None
                people.append(_Person(start, end, pid, name, "name", iso3, office))
                continue
            _, _, in_title, m = data
            iso3 = None
            title = m.group("title")
            if pid is None:
                capital_title = text[m.start("title")].isupper()
                if in_title or (k == 1 and not capital_title and m.group("honor") is None):
                    continue
                if k == 1 and title.split()[-1].rstrip(".") in ("Sir", "Dame", "Lord", "Lady"):
                    name = self.unknown_by_first.get(fold(name), name)
                adj = m.group("adj")
                cf = gaz.country_form(adj) if adj else None
                if cf is None:  # "Poland's Defence Minister Jan Kowal"
                    poss = _POSSESSIVE.search(text, max(0, m.start() - 40), m.start())
                    cf = gaz.country_form(poss.group("place")) if poss else None
                iso3 = cf.iso3 if cf is not None else country_after(text, end, gaz)
                self._remember(name, toks, k, iso3)
                iso3 = self.unknown_country.get(name)
            office = " ".join(m.group("office").lower().split()) if m.group("office") else None
            people.append(_Person(start, end, pid, name, "title", iso3, office, gender_of(title)))

        named = {p.person_id for p in people if p.how != "role" and p.person_id}
        people = [p for p in people if p.how != "role" or p.person_id in named]
        return self._later_references(self._full_names(people))

    def _full_names(self, people: list[_Person]) -> list[_Person]:
        """*Ms. Marsh* after *... confirmed Lena Marsh as ...*: the full name named earlier
        without a title is the same person (news copy names in full first)."""
        text = self.text
        lonely = {p.name for p in people if p.person_id is None and " " not in p.name}
        if not lonely:
            return people
        starts = [p.start for p in people]
        found: dict[str, _Person] = {}
        for surname in sorted(lonely):
            first_ref = min(p.start for p in people if p.person_id is None and p.name == surname)
            rx = re.compile(rf"(?<![\w.])(?P<first>[A-Z][\w'’-]+){_WS}{re.escape(surname)}(?!\w)")
            for m in rx.finditer(text, 0, first_ref):
                first = m.group("first")
                if (
                    first.casefold() in _NOT_NAMES
                    or first.casefold().rstrip(".") in _TITLE_WORDS
                    or first in self.country_words
                    or fold(first) in _STOP_FOLDED
                ):
                    continue
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and people[i].end > m.start():
                    continue  # inside a mention already found
                full = f"{first} {surname}"
                found[surname] = _Person(m.start(), m.end(), None, full, "name")
                break
        if not found:
            return people
        out = []
        for p in people:
            if p.person_id is None and p.name in found:
                p.name = found[p.name].name
            out.append(p)
        return sorted(out + list(found.values()), key=lambda p: p.start)

    def _remember(self, name: str, toks: list[tuple[int, int]], k: int, iso3: str | None) -> None:
        """Note an unknown person's surname, first name and state for later references."""
        if k >= 2:
            text = self.text
            self.unknown_by_surname.setdefault(fold(text[toks[k - 1][0] : toks[k - 1][1]]), name)
            self.unknown_by_first.setdefault(fold(text[toks[0][0] : toks[0][1]]), name)
        if iso3:
            self.unknown_country.setdefault(name, iso3)

    def _later_references(self, people: list[_Person]) -> list[_Person]:
        """Unknown people named in full: find their later surname-only references."""
        first_seen: dict[str, int] = {}
        for p in people:
            if p.person_id is None and len(p.name.split()) >= 2:
                first_seen.setdefault(p.name, p.end)
        if not first_seen:
            return people
        by_form: dict[str, str] = {}
        for name in first_seen:
            by_form.setdefault(fold(name), name)
            by_form.setdefault(fold(name.split()[-1]), name)
        forms = tuple(sorted({*first_seen, *(n.split()[-1] for n in first_seen)}))
        extra: list[_Person] = []
        i = 0  # walk the (sorted) mentions alongside the matches: linear, no inserts
        for m in _cached_name_regex(forms).finditer(self.text):
            while i < len(people) and people[i].end <= m.start():
                i += 1
            if i < len(people) and people[i].start < m.end():
                continue  # overlaps a mention already found
            found = by_form.get(fold(" ".join(m.group(0).split())))
            if found is None or m.start() < first_seen[found]:
                continue
            how = "name" if len(m.group(0).split()) > 1 else "surname"
            extra.append(
                _Person(m.start(), m.end(), None, found, how, self.unknown_country.get(found))
            )
        return sorted(people + extra, key=lambda p: p.start)


@functools.lru_cache(maxsize=256)
def _cached_name_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    return name_regex(forms)


def _people_rows(people: list[_Person], gaz: Gazetteer, text: str) -> list[dict[str, Any]]:
    return [
        {
            "mention_id": f"m{i}",
            "start": p.start,
            "end": p.end,
            "text": text[p.start : p.end],
            "person_id": p.person_id,
            "name": p.name,
            "country_iso3": gaz.person_country.get(p.person_id) if p.person_id else p.country_iso3,
            "how": p.how,
            "office": p.office,
        }
        for i, p in enumerate(people, 1)
    ]
