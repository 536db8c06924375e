"""The glossary as a tool: which acronyms a text uses, and which the glossary lacks.

The glossary itself is data (``data/glossary.csv``, :func:`natoanalysis.load_glossary`).
This module finds the acronyms in prose and decides whether a reader is told
what each one means. An acronym is *explained* when it is

- a glossary ``term`` or one of its ``also`` forms (``NSATU``, ``AFP``);
- a country code or alias that the tables already resolve: an ISO 3166-1
  alpha-2 or alpha-3 code (``NLD``), an ISO 4217 currency code (``EUR``) or a
  form of :func:`natoanalysis.load_country_aliases` (``US``);
- a claim id of :func:`natoanalysis.load_claims` (``C07``);
- part of a cited publisher's name (``TRT``, ``POLITICO``), which the
  notebooks print in citations, not as vocabulary.

Everything is read from the data package, so a term added to the glossary is
explained everywhere at once.

>>> acronyms("NSATU and PURL: NATO's Ukraine help. OK? See `na.RATING`, factcheck.RATING.")
['NSATU', 'PURL', 'NATO', 'OK']
>>> undefined_acronyms("NSATU trains Ukrainian troops; the XYZQ does not exist.")
['XYZQ']
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable

__all__ = ["acronyms", "explained_forms", "undefined_acronyms"]

PathLike = str | os.PathLike[str] | None

# Two or more capitals or digits, starting with a capital, joined by hyphens
# (JSON-LD); a word with lower-case letters (Nato, PhD) is not an acronym, nor
# is a part of a dotted Python name (factcheck.RATING) or of inline code.
_ACRONYM = re.compile(r"(?<![\w.-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-]|\.\w)")
_CODE = re.compile(r"`[^`\n]*`")


def acronyms(text: str) -> list[str]:
    """Every acronym in ``text``, in order of first use, each once."""
    seen: dict[str, None] = {}
    for match in _ACRONYM.finditer(_CODE.sub(" ", text)):
        seen.setdefault(match.group(0), None)
    return list(seen)


def _words(values: Iterable[object]) -> set[str]:
    out: set[str] = set()
    for value in values:
        if isinstance(value, str):
            out.update(acronyms(value))
    return out


@functools.lru_cache(maxsize=8)
def _explained(root: str) -> frozenset[str]:
    import pycountry

    from .tables import load_claims, load_country_aliases, load_glossary, load_sources

    glossary = load_glossary(root)
    forms = set(glossary["term"])
    for also in glossary["also"].dropna():
        forms.update(part.strip() for part in also.split(";"))
    for country in pycountry.countries:
        forms.update((country.alpha_2, country.alpha_3))
    forms.update(currency.alpha_3 for currency in pycountry.currencies)
    forms.update(load_country_aliases(root)["form"])
    forms.update(load_claims(root)["claim_id"])
    sources = load_sources(root)
    forms |= _words(sources["publisher"])
    return frozenset(forms)


def explained_forms(data_dir: PathLike = None) -> frozenset[str]:
    """Every form a reader is told the meaning of (see the module docstring)."""
    from .datapackage import data_dir as resolve

    return _explained(str(resolve(data_dir).resolve()))


def undefined_acronyms(text: str, data_dir: PathLike = None) -> list[str]:
    """The acronyms in ``text`` that nothing in the data package explains."""
    known = explained_forms(data_dir)
    return [word for word in acronyms(text) if word not in known]
