"""Names that identify states and people in a news text, and what they resolve to.

The gazetteer is built from the data package, never typed in here:

- **states**: every ISO 3166-1 country in pycountry (English short name, common
  name, official name), the NATO members' display names from
  :func:`natoanalysis.load_members` (Türkiye, Czechia) and the curated forms of
  :func:`natoanalysis.load_country_aliases` (aliases such as *US* and
  *Turkey*, adjectives such as *Dutch*, demonyms such as *Swedes*, capitals
  such as *Warsaw*); adjectives ending in *-an* also match their plural
  (*Germans*), and every form also matches without its diacritics;
- **people**: the names and aliases of :func:`natoanalysis.load_people`. An
  alias that contains part of the person's name (*Mr Scholz*) is a *name*
  form; one that does not (*German Chancellor*) is a *role* form, which the
  extractor only trusts when the person is also named in the same text.

Forms are matched case-sensitively (proper nouns), except that a form
starting with a lower-case word (*the NATO chief*) also matches with a
capital (*The NATO chief*). Straight and curly apostrophes are
interchangeable, and any run of spaces (including non-breaking ones) or a
single line break may separate words. Every set of forms is compiled into
one regular expression shaped like a trie, so scanning a text is a single
left-to-right pass that prefers the longest form at each position.

>>> gaz = load_gazetteer()
>>> gaz.country_form("Dutch").iso3, gaz.country_form("Türkiye").iso3
('NLD', 'TUR')
>>> [(m.group(0), gaz.country_form(m.group(0)).kind) for m in gaz.country_regex.finditer(
...     "Polish-made shells for Estonia, said Washington.")]
[('Polish', 'adjective'), ('Estonia', 'name'), ('Washington', 'capital')]
>>> gaz.person_form("Mr Erdogan").person_id
'recep_tayyip_erdogan'
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "CountryForm",
    "Gazetteer",
    "PersonForm",
    "fold",
    "forms_in",
    "load_gazetteer",
    "name_regex",
    "trie_pattern",
    "word_pattern",
]

PathLike = str | os.PathLike[str] | None


@dataclass(frozen=True)
class CountryForm:
    """What a country form means: the state, the kind of form, and for capitals,
    whether the city's name stands for the state (``stands_for_state``)."""

    form: str
    iso3: str
    kind: str  # name | alias | adjective | demonym | capital
    stands_for_state: bool = True


@dataclass(frozen=True)
class PersonForm:
    """What a person form means: the person and whether it contains their name."""

    form: str
    person_id: str
    kind: str  # name | role


def fold(text: str) -> str:
    """Lower-case ``text`` and drop its diacritics, for loose comparison.

    >>> fold("Erdoğan"), fold("Türkiye")
    ('erdogan', 'turkiye')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _ascii_variant(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


# --------------------------------------------------------------------------
# A trie-shaped regular expression of literal forms

_SPACE = "(?:[^\\S\\r\\n]+|[^\\S\\r\\n]*(?:\\r\\n|\\r|\\n)[^\\S\\r\\n]*)"
#: Characters a form's apostrophe or hyphen matches (each one of its set).
_APOSTROPHES = "'’"
_DASHES = "-‐‑"
_APOS = f"[{_APOSTROPHES}]"
_DASH = f"[{_DASHES}]"
#: The same equivalences for comparing plain text (see :func:`_flat`).
_FLAT = str.maketrans(
    {c: _APOSTROPHES[0] for c in _APOSTROPHES[1:]} | {c: _DASHES[0] for c in _DASHES[1:]}
)


def _atoms(form: str) -> list[str]:
    out: list[str] = []
    for ch in form:
        if ch.isspace():
            if not out or out[-1] != _SPACE:
                out.append(_SPACE)
        elif ch in _APOSTROPHES:
            out.append(_APOS)
        elif ch in _DASHES:
            out.append(_DASH)
        else:
            out.append(re.escape(ch))
    return out


def trie_pattern(forms: Iterable[str]) -> str:
    """A regular expression (no anchors) matching any of ``forms``, longest first.

    >>> re.fullmatch(trie_pattern(["NATO", "NATO’s"]), "NATO's") is not None
    True
    """
    trie: dict[str, dict] = {}
    end = ""  # marks the end of a form; sorts first but is emitted last
    for form in forms:
        node = trie
        for atom in _atoms(form):
            node = node.setdefault(atom, {})
        node[end] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom != end]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end in node:  # greedy: try the longer form first, then stop here
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def _flat(text: str) -> str:
    """``text`` as :func:`trie_pattern` compares it: one space, one apostrophe, one dash."""
    return " ".join(text.translate(_FLAT).split())


def forms_in(forms: Iterable[str], text: str) -> list[str]:
    """The ``forms`` that :func:`trie_pattern` could match somewhere in ``text``.

    A pattern built from these matches in ``text`` exactly where one built
    from all ``forms`` does (it may keep a few that match nowhere), and it
    compiles in a fraction of the time: a rule that embeds the names of
    every state in a dozen patterns compiles each of them for one text.

    >>> forms_in(["Hungary", "North Macedonia", "Sweden"], "North\\nMacedonia’s bid")
    ['North Macedonia']
    """
    flat = _flat(text)
    return [f for f in forms if _flat(f) in flat]


def name_regex(forms: Iterable[str]) -> re.Pattern[str]:
    """One compiled regular expression matching any of ``forms`` as whole words.

    At each position it prefers the longest form.

    >>> rx = name_regex(["Scholz", "Olaf Scholz", "the German chancellor"])
    >>> [m.group(0) for m in rx.finditer("The German chancellor, Olaf Scholz, met Scholzx.")]
    ['The German chancellor', 'Olaf Scholz']
    """
    variants: set[str] = set()
    for form in forms:
        form = form.strip()
        if not form:
            continue
        for f in {form, _ascii_variant(form)}:
            variants.add(f)
            if f[0].islower():
                variants.add(f[0].upper() + f[1:])
    return re.compile(word_pattern(sorted(variants)))


def word_pattern(forms: list[str]) -> str:
    """A pattern (no groups) matching any of ``forms`` as a whole word, longest
    first; one that matches nothing if there are none.

    >>> re.findall(word_pattern(["NATO"]), "NATO, NATOs")
    ['NATO']
    """
    if not forms:
        return r"(?!x)x"
    return r"(?<!\w)(?:" + trie_pattern(forms) + r")(?!\w)"


@functools.lru_cache(maxsize=4096)
def _exact(matched: str) -> str:
    """A matched form with one space between words and straight apostrophes."""
    return " ".join(matched.replace("’", "'").split())


@functools.lru_cache(maxsize=4096)
def _key(matched: str) -> str:
    """Normalise a matched form for lookup: folded, one space, straight apostrophes."""
    return " ".join(fold(matched).replace("’", "'").replace("‐", "-").replace("‑", "-").split())


# --------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """Country and person forms, their meanings, and a regular expression for each set."""

    def __init__(
        self,
        members: pd.DataFrame,
        people: pd.DataFrame,
        aliases: pd.DataFrame,
        countries: Iterable[tuple[str, str, tuple[str, ...]]],
    ) -> None:
        #: The data package's as-of date (set by :func:`load_gazetteer`).
        self.as_of: pd.Timestamp | None = None
        # --- states
        self.country_names: dict[str, str] = {}
        forms: dict[str, CountryForm] = {}
        surface: set[str] = set()  # every form as written (Türkiye and Turkiye both)

        exact: dict[str, CountryForm] = {}  # as written, before folding accents and case

        def add(form: str, cf: CountryForm, *, override: bool = False) -> None:
            surface.add(form)
            if override or _exact(form) not in exact:
                exact[_exact(form)] = cf
            key = _key(form)
            if key in forms and not override:
                return
            forms[key] = cf

        for iso3, display, names in countries:
            self.country_names[iso3] = display
            for n in names:
                add(n, CountryForm(n, iso3, "name"))
        for r in members.itertuples(index=False):
            self.country_names[r.iso3] = r.name
            add(r.name, CountryForm(r.name, r.iso3, "name"), override=True)
        for r in aliases.itertuples(index=False):
            stands = bool(r.stands_for_state) if pd.notna(r.stands_for_state) else True
            cf = CountryForm(r.form, r.iso3, str(r.kind), stands)
            add(r.form, cf, override=True)
            if r.kind == "adjective" and r.form.endswith("an"):
                add(r.form + "s", CountryForm(r.form + "s", r.iso3, "demonym"))
        self._country_forms = forms
        self._country_exact = exact
        self.country_regex = name_regex(surface)

        # --- membership
        self.accession: dict[str, pd.Timestamp] = dict(
            zip(members["iso3"], members["accession_date"], strict=True)
        )

        # --- people
        self.person_names: dict[str, str] = dict(zip(people["person_id"], people["name"]))
        self.person_country: dict[str, str] = dict(zip(people["person_id"], people["country_iso3"]))
        #: Each person's roles as the people table words them ("President of Romania (from ...)").
        self.person_roles: dict[str, list[str]] = {
            pid: [r.strip() for r in str(roles).split(";") if r.strip()]
            for pid, roles in zip(people["person_id"], people["roles"].fillna(""))
        }
        pforms: dict[str, PersonForm] = {}
        psurface: list[str] = []
        surnames: dict[str, set[str]] = {}
        for r in people.itertuples(index=False):
            name_tokens = {fold(t) for t in r.name.split()}
            n_words = len(r.name.split())
            for alias in r.alias_list:  # spelling variants of the name: Volodymyr Zelensky
                alias_tokens = {fold(t) for t in re.findall(r"\w+", alias)}
                if len(alias.split()) == n_words > 1 and alias_tokens & name_tokens:
                    name_tokens = name_tokens | alias_tokens
            for alias in dict.fromkeys([r.name, *r.alias_list]):
                alias = alias.strip()
                if not alias:
                    continue
                alias_tokens = {fold(t) for t in re.findall(r"\w+", alias)}
                kind = "name" if alias_tokens & name_tokens else "role"
                key = _key(alias)
                if key in pforms and pforms[key].person_id != r.person_id:
                    continue  # ambiguous between two people: first one wins
                pforms.setdefault(key, PersonForm(alias, r.person_id, kind))
                psurface.append(alias)
                if kind == "name" and len(alias.split()) == 1:
                    surnames.setdefault(fold(alias), set()).add(r.person_id)
            surnames.setdefault(fold(r.name.split()[-1]), set()).add(r.person_id)
        self._person_forms = pforms
        self._surnames = surnames
        self.person_regex = name_regex(psurface)

    # ---- lookups

    def country_form(self, matched: str) -> CountryForm | None:
        """The meaning of a matched country form (any spacing, apostrophe or accents)."""
        found = self._country_exact.get(_exact(matched))
        return found if found is not None else self._country_forms.get(_key(matched))

    def person_form(self, matched: str) -> PersonForm | None:
        """The meaning of a matched person form, or None."""
        return self._person_forms.get(_key(matched))

    def people_with_surname(self, surname: str) -> frozenset[str]:
        """person_ids whose name ends with ``surname`` (or who go by it alone).

        >>> sorted(load_gazetteer().people_with_surname("Erdogan"))
        ['recep_tayyip_erdogan']
        """
        return frozenset(self._surnames.get(fold(surname), ()))

    def is_member(self, iso3: str, day: pd.Timestamp) -> bool:
        """Whether the state was a NATO ally on ``day`` (accession date on or before it).

        >>> gaz = load_gazetteer()
        >>> [gaz.is_member("SWE", pd.Timestamp(d)) for d in ("2024-03-06", "2024-03-07")]
        [False, True]
        """
        joined = self.accession.get(iso3)
        return joined is not None and joined <= day

    def country_surface_forms(self) -> list[str]:
        """Every country form, as written in the sources (for benchmarks and inspection)."""
        return sorted({cf.form for cf in self._country_forms.values()})

    def person_surface_forms(self) -> list[str]:
        """Every person form, as written in the people table."""
        return sorted({pf.form for pf in self._person_forms.values()})


def _pycountry_names() -> list[tuple[str, str, tuple[str, ...]]]:
    import pycountry

    out = []
    for c in pycountry.countries:
        names = []
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if not value or "," in value:
                continue  # "Korea, Republic of": an index form, not running text
            value = re.sub(r"\s*\(.*\)$", "", value)  # "Holy See (Vatican City State)"
            value = re.sub(r"^the\s+", "", value)
            names.append(value)
        display = getattr(c, "common_name", None) or (names[0] if names else c.name)
        out.append((c.alpha_3, display, tuple(dict.fromkeys(names))))
    return out


_CACHE: dict[tuple, Gazetteer] = {}


def load_gazetteer(data_dir: PathLike = None) -> Gazetteer:
    """The gazetteer for a data folder (cached while its files are unchanged).

    >>> load_gazetteer().country_names["UKR"]
    'Ukraine'
    """
    from .datapackage import load_package
    from .tables import load_country_aliases, load_members, load_people

    pkg = load_package(data_dir)
    key = pkg.stamp()
    gaz = _CACHE.get(key)
    if gaz is None:
        gaz = Gazetteer(
            load_members(pkg),
            load_people(pkg),
            load_country_aliases(pkg),
            _pycountry_names(),
        )
        gaz.as_of = pkg.as_of
        _CACHE.clear()
        _CACHE[key] = gaz
    return gaz
