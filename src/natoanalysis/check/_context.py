"""What the rules read: the text cut into sentences, names to find, the tables to ask.

One :class:`Context` is built per checked text. It loads the tables once
through the public loaders (so ``data_dir`` reaches every one of them) and
derives three registries the rules share:

- **states**: every country form the gazetteer knows that names a state
  (names and aliases, not adjectives or capitals), to its ISO code;
- **people and offices**: names from the ``people`` and
  ``secretaries_general`` tables, and every *dated* term of office: the
  Secretaries General from their table, other offices from the dated roles
  in ``people`` (``Prime Minister of the Netherlands (2010-10-14 to
  2024-07-02)``, ``... (from 2024-07-02)``); an undated role settles nothing;
- **summits**: summit places and dates from ``events`` (titles that name a
  summit) and ``guidelines`` (the summit that agreed each guideline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from .. import tables
from ..article import parse
from ..gazetteer import forms_in, load_gazetteer, word_pattern

__all__ = ["Context", "Sentence", "Term"]

_ROLE = re.compile(
    r"^(?P<office>[^()]+?)\s*\((?:(?P<start>\d{4}-\d{2}-\d{2}) to (?P<end>\d{4}-\d{2}-\d{2})|"
    r"from (?P<from>\d{4}-\d{2}-\d{2}))\)\s*$"
)
_TITLE_WORDS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Prime|Minister|President|Secretary|Chancellor|leader|the|PM|"
    r"Dutchman|former|outgoing|chief|envoy|negotiator|successor|Tisza|Special|US|NATO)\b",
    re.IGNORECASE,
)
SG_OFFICE = "Secretary General of NATO"


@dataclass(frozen=True)
class Sentence:
    """A sentence (or headline, heading, list item) with its offsets in the text."""

    start: int
    end: int
    text: str
    block: int


@dataclass(frozen=True)
class Term:
    """One dated term of office; ``office`` is ``(family, iso3)``: ``("prime minister", "NLD")``."""

    office: tuple[str, str]
    person_id: str
    name: str
    start: pd.Timestamp
    end: pd.Timestamp | None
    source_id: str
    acting: bool = False

    def holds(self, day: pd.Timestamp) -> bool:
        """In office on ``day`` (a handover day belongs to the new holder)."""
        return self.start <= day and (self.end is None or day < self.end)

    def years_to(self, day: pd.Timestamp) -> float:
        """Years served by ``day`` (the whole term if it ended before)."""
        stop = day if self.end is None or day < self.end else self.end
        return max((stop - self.start).days, 0) / 365.2425


def office_family(title: str) -> str | None:
    """The office family a title word names.

    >>> office_family("Secretary-General"), office_family("premier"), office_family("King")
    ('secretary general', 'prime minister', None)
    """
    t = " ".join(title.lower().replace("-", " ").split())
    if t in ("prime minister", "premier", "pm"):
        return "prime minister"
    if t in ("secretary general", "nato chief", "nato boss", "nato head", "chief"):
        return "secretary general"
    if t in ("president", "chancellor"):
        return t
    return None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class Context:
    """The text, its sentences and the tables, for one call of ``check_article``."""

    def __init__(self, text: str, window: tuple[pd.Timestamp, pd.Timestamp], data_dir: Any) -> None:
        self.text = text
        self.window = window
        self.data_dir = data_dir
        self.gazetteer = load_gazetteer(data_dir)
        #: Results a rule module computes once per text (keyed by the module).
        self.cache: dict[str, Any] = {}

    # ---- text

    @cached_property
    def sentences(self) -> list[Sentence]:
        art = parse(self.text)
        items = [s for s in (art.headline, art.standfirst) if s is not None]
        items += list(art.headings) + list(art.list_items) + list(art.sentences)
        return sorted(
            (Sentence(s.start, s.end, s.text, s.block) for s in items), key=lambda s: s.start
        )

    # ---- tables

    @cached_property
    def members(self) -> pd.DataFrame:
        return tables.load_members(self.data_dir)

    @cached_property
    def events(self) -> pd.DataFrame:
        ev = tables.load_events(self.data_dir)
        return ev[ev["kind"].astype(str) == "sourced"]

    @cached_property
    def treaty_signed(self) -> pd.DataFrame:
        """The ``events`` row of the North Atlantic Treaty's signing (empty if none)."""
        return self.events[self.events["title"].str.contains("Treaty signed", na=False)]

    @cached_property
    def founders(self) -> pd.DataFrame:
        return self.members[self.members["is_founder"].astype(bool)]

    @cached_property
    def accession(self) -> dict[str, pd.Timestamp]:
        return dict(zip(self.members["iso3"], self.members["accession_date"]))

    @cached_property
    def member_source(self) -> dict[str, str]:
        return dict(zip(self.members["iso3"], self.members["source_id"]))

    @cached_property
    def spending(self) -> pd.DataFrame:
        return tables.load_defence_spending(self.data_dir)

    @cached_property
    def guidelines(self) -> pd.DataFrame:
        return tables.load_guidelines(self.data_dir)

    @cached_property
    def sources(self) -> pd.DataFrame:
        return tables.load_sources(self.data_dir)

    # ---- states

    @cached_property
    def state_regex(self) -> str:
        """A pattern (no groups) matching any name or alias of a state in this text.

        Only the forms that occur in the text go in (:func:`forms_in`): the
        rules embed this pattern in many of theirs, and with all 400-odd
        forms each of those took tens of milliseconds to compile.
        """
        forms = [
            f
            for f in self.gazetteer.country_surface_forms()
            if (cf := self.gazetteer.country_form(f)) is not None and cf.kind in ("name", "alias")
        ]
        return word_pattern(forms_in(forms, self.text))

    def state(self, form: str) -> str | None:
        """The ISO code of a state's name or alias as written."""
        cf = self.gazetteer.country_form(form)
        return cf.iso3 if cf is not None else None

    def state_name(self, iso3: str) -> str:
        return self.gazetteer.country_names.get(iso3, iso3)

    def adjective_state(self, word: str) -> str | None:
        """The state an adjective or name stands for (*Dutch*, *Hungary's*)."""
        cf = self.gazetteer.country_form(re.sub(r"['’]s$", "", word))
        return cf.iso3 if cf is not None and cf.kind in ("name", "alias", "adjective") else None

    # ---- people and offices

    @cached_property
    def terms(self) -> list[Term]:
        out: list[Term] = []
        people = tables.load_people(self.data_dir)
        by_name = dict(zip(people["name"], people["person_id"]))
        for r in tables.load_secretaries_general(self.data_dir).itertuples(index=False):
            pid = (
                r.person_id if isinstance(r.person_id, str) else by_name.get(r.name, _slug(r.name))
            )
            end = r.end_date if pd.notna(r.end_date) else None
            out.append(
                Term(
                    ("secretary general", "NATO"),
                    pid,
                    r.name,
                    r.start_date,
                    end,
                    r.source_id,
                    bool(r.is_acting),
                )
            )
        for p in people.itertuples(index=False):
            for role in str(p.roles).split(";"):
                m = _ROLE.match(role.strip())
                if not m or "Secretary General" in m["office"]:
                    continue
                family = office_family(m["office"].split(" of ")[0])
                if family is None:
                    continue
                start = pd.Timestamp(m["start"] or m["from"])
                end = pd.Timestamp(m["end"]) if m["end"] else None
                out.append(
                    Term((family, p.country_iso3), p.person_id, p.name, start, end, p.source_id)
                )
        return out

    @cached_property
    def person_names(self) -> dict[str, str]:
        """Name form (full name, surname, plain aliases) -> person_id."""
        names: dict[str, str] = {}
        people = tables.load_people(self.data_dir)
        for p in people.itertuples(index=False):
            for form in [p.name, *p.alias_list]:
                form = form.strip()
                if form and not _TITLE_WORDS.search(form):
                    names.setdefault(form, p.person_id)
        for t in self.terms:
            names.setdefault(t.name, t.person_id)
            parts = t.name.split()
            if len(parts) > 1 and parts[0] != "Lord":
                names.setdefault(parts[-1], t.person_id)
        return names

    @cached_property
    def person_regex(self) -> str:
        """A pattern (no groups) matching any person's name in this text (as ``state_regex``)."""
        return word_pattern(forms_in(sorted(self.person_names), self.text))

    def person(self, form: str) -> str | None:
        form = " ".join(form.replace("’", "'").split())
        if form in self.person_names:
            return self.person_names[form]
        folded = {k.casefold(): v for k, v in self.person_names.items()}
        return folded.get(form.casefold())

    def display_name(self, person_id: str) -> str:
        for t in self.terms:
            if t.person_id == person_id:
                return t.name
        people = tables.load_people(self.data_dir).set_index("person_id")
        return str(people.loc[person_id, "name"]) if person_id in people.index else person_id

    def person_country(self, person_id: str) -> str | None:
        return self.gazetteer.person_country.get(person_id)

    def terms_of(self, office: tuple[str, str]) -> list[Term]:
        return [t for t in self.terms if t.office == office]

    # ---- summits

    @cached_property
    def summits(self) -> list[tuple[str, pd.Timestamp, pd.Timestamp, str]]:
        """(place, first day, last day, source_id) of every summit the tables date."""
        out = []
        for r in self.events.itertuples(index=False):
            if re.search(r"\bsummit\b", str(r.title), re.IGNORECASE) and isinstance(r.place, str):
                end = r.end_date if pd.notna(r.end_date) else r.event_date
                out.append((r.place.split(",")[0].strip(), r.event_date, end, r.source_id))
        for r in self.guidelines.itertuples(index=False):
            if not isinstance(r.summit, str):
                continue
            first = r.agreed_date
            if str(r.agreed_date_precision) == "month":
                last = first + pd.offsets.MonthEnd(0)
            else:
                last = first
            if not any(p == r.summit and a <= first <= b for p, a, b, _ in out):
                out.append((r.summit, first, last, r.source_id))
        return out

    @cached_property
    def summit_places(self) -> str:
        places = sorted({p for p, *_ in self.summits})
        return word_pattern(places)

    # ---- who is meant

    @cached_property
    def mentions(self) -> list[tuple[int, int, str]]:
        """Every person mention (name or role alias) in the text: (start, end, person_id)."""
        found: dict[int, tuple[int, int, str]] = {}
        for m in self.gazetteer.person_regex.finditer(self.text):
            pf = self.gazetteer.person_form(m.group(0))
            if pf is not None:
                found[m.start()] = (m.start(), m.end(), pf.person_id)
        for m in re.finditer(self.person_regex, self.text):
            pid = self.person(m.group(0))
            if pid is not None and not any(a <= m.start() < b for a, b, _ in found.values()):
                found[m.start()] = (m.start(), m.end(), pid)
        return sorted(found.values())

    def person_before(self, pos: int, floor: int, reach: int = 400) -> str | None:
        """The person mentioned last before ``pos`` (not before ``floor``, nor ``reach`` back)."""
        best = None
        for a, b, pid in self.mentions:
            if b <= pos and a >= max(floor, pos - reach):
                best = pid
        return best

    def people_within(self, start: int, end: int) -> list[str]:
        return [pid for a, b, pid in self.mentions if start <= a and b <= end]
