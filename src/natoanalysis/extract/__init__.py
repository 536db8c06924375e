"""Any NATO news text -> tidy tables of states, people, quotes, dates and priorities.

:func:`extract_article` reads a text with :mod:`natoanalysis.article`, finds
mentions with :mod:`natoanalysis.gazetteer`, and returns five tidy
DataFrames (see :data:`TABLES`). Every row carries the character span of the
words it comes from (``text[start:end] == row.text``); spans within one table
never overlap; the output depends only on the text, the publication date and
the data package. Nothing here knows the bundled article: the same rules read
any text.

Publication date
    ``published`` is a day (``"2024-06-21"``, a ``date`` or a ``Timestamp``),
    a window ``(first, last)`` when only a range is known, or ``None``.
    Relative expressions resolve against it; with a window each resolves
    against every day of it and the result is the union (a ``range`` unless
    every day gives the same answer). Without it relative expressions are
    still listed, with no resolution. Membership is judged on the publication
    day (on every day of a window: unknown if it changes within it), and
    without a date on the data package's as-of date (:func:`natoanalysis.as_of`,
    today's alliance); ``member_on`` says which day was used.

Conventions for relative expressions (the data package records the first
four under ``x-article`` -> ``relative_expressions``):

- *last week* / *this week* / *next week*: the Monday-to-Sunday calendar week
  before / of / after the publication week (``range``);
- *in October* (also *by*, *until*, *from*, *during*, *early*, *late*,
  *mid-*): the first October on or after the publication month, unless the
  clause is in the past tense (*had asked in March*, *returned in January*:
  the last such month on or before it; see :mod:`.tense`); *next
  October*: the first after it; *last October* / *since October*: the last
  one before (``month``);
- *the coming days*: the 14 days after publication (``range``); *the coming
  weeks/months* and *the next few days* are listed unresolved;
- *N years* of service (*has served ... for 14 years*, *14 years in office*):
  counted back from publication, the year of publication minus N (``year``);
  other durations are listed unresolved;
- *the next N days/weeks/months/years*: from the day after publication to N
  units after it; *the past/last N ...*: from N units before to publication
  (``range``);
- *N years ago*: that year; *N months ago*: that month; *N weeks ago*: that
  calendar week; *N days ago*, *yesterday*, *today*, *tomorrow*: that day;
- *last/this/next month* and *year*: that calendar month / year;
- a weekday (*on Monday*): the latest such day on or before publication,
  or the first on or after it in a future or timetable clause (*will meet on
  Monday*, *the summit opens on Monday*); *next Monday*: the first after it;
  *last Monday*: the latest before it;
- *today*, *tonight*, *this morning*: the publication day; *last night*: the
  day before;
- *in N days/weeks/months/years*: the day, calendar week, month or year N
  units after publication (*the first time in two years* is not one);
- *1 October*, *October 1*, *Oct. 1*, *Sept 30* without a year: the nearest
  such day to the publication date; *October 2024*, *1 October 2024*, *2024-10-01* and a
  bare year (*2024*) are absolute and resolve without a publication date;
- *its 75th anniversary* with a present-tense *celebrates*/*marks*: the year
  of publication (``year``).

>>> t = extract_article("Sweden joined NATO in March 2024. Mr Kristersson met Ukraine's leaders "
...                     "last week.", published="2024-03-20")
>>> t["countries"][["text", "iso3", "is_member"]].values.tolist()
[['Sweden', 'SWE', True], ['Ukraine', 'UKR', False]]
>>> t["people"][["text", "person_id"]].values.tolist()
[['Mr Kristersson', 'ulf_kristersson']]
>>> t["dates"][["text", "resolved_start", "resolved_end", "precision"]].astype(str).values.tolist()
... # doctest: +NORMALIZE_WHITESPACE
[['March 2024', '2024-03-01', '2024-03-31', 'month'],
 ['last week', '2024-03-11', '2024-03-17', 'range']]
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd

from ..article import parse
from ..gazetteer import Gazetteer, load_gazetteer
from .base import PathLike, Window, _frame, _Locator, parse_published
from .countries import _COUNTRY_COLUMNS, _countries
from .date_patterns import _DATE_COLUMNS
from .datelines import find_dateline
from .dates import _dates
from .names import _PEOPLE_COLUMNS
from .people import _people_rows, _PeopleFinder
from .priorities import _PRIORITY_COLUMNS, EVIDENCE, TOPICS, _priorities
from .quotes import _QUOTE_COLUMNS, _quotes
from .reading import MAX_BYTES, html_to_text, read_text_file
from .writing import FORMATS, write_tables

__all__ = [
    "COLUMNS",
    "EVIDENCE",
    "FORMATS",
    "MAX_BYTES",
    "TABLES",
    "TOPICS",
    "extract_article",
    "extract_file",
    "extract_rows",
    "html_to_text",
    "parse_published",
    "read_text_file",
    "write_tables",
]

#: The tables :func:`extract_article` returns, in order.
TABLES = ("countries", "people", "quotes", "dates", "priorities")
#: Each table's columns and their dtypes (see :func:`natoanalysis.extract.base._frame`).
COLUMNS = {
    "countries": _COUNTRY_COLUMNS,
    "people": _PEOPLE_COLUMNS,
    "quotes": _QUOTE_COLUMNS,
    "dates": _DATE_COLUMNS,
    "priorities": _PRIORITY_COLUMNS,
}

# --------------------------------------------------------------------------
# The extractor


def _dated(words: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The day a dateline's date names when it has a year (*March 5, 2025*), else None."""
    plain = " ".join(words.replace(",", " ").replace(".", "").split())
    for fmt in ("%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y"):
        try:
            day = pd.Timestamp(datetime.strptime(plain, fmt))
        except ValueError:
            continue
        return day, day
    return None


def extract_article(
    text: str,
    published: Any = None,
    *,
    data_dir: PathLike | None = None,
) -> dict[str, pd.DataFrame]:
    """Read a news text into five tidy tables: countries, people, quotes, dates, priorities.

    ``published`` is the publication day, a ``(first, last)`` window, or
    None (see the module documentation for what each changes). Returns a
    dict of DataFrames keyed by :data:`TABLES`; every row's
    ``text[start:end]`` is its ``text``.

    - **countries**: ``mention_id``, ``start``, ``end``, ``text``, ``iso3``,
      ``country`` (display name), ``form`` (name, alias, adjective, demonym,
      capital), ``is_capital_metonym`` (a capital standing for its state, as
      in *Moscow's position*; False for *talks in Moscow*), ``is_member``
      (NATO ally on ``member_on``; missing if that changes within the
      publication window), ``member_on``;
    - **people**: ``mention_id``, ``start``, ``end``, ``text``,
      ``person_id`` (missing for someone not in the people table), ``name``
      (the full name; for a surname-only or titled reference, the full name
      mentioned earlier), ``country_iso3``, ``how`` (name, role, title,
      surname) and ``office`` (the office this mention gives, lower case:
      *prime minister* for *Swedish Prime Minister Ulf Kristersson*,
      *foreign minister* for *Jane Doe, the Belgian foreign minister,*). A
      role form such as *the NATO chief* counts only when the person is also
      named in the text;
    - **quotes**: ``quote_id``, ``start``, ``end``, ``text`` (without the
      marks), ``speaker``, ``person_id``, ``speaker_start``/``speaker_end``
      (the attributing mention), ``attribution`` (before, after, pronoun,
      role, continued; missing when the text does not say who spoke),
      ``attribution_rule`` (the rule that attributed it, see
      :mod:`natoanalysis.extract.quotes`) and ``is_unterminated`` (the
      closing mark is missing: the quotation ends at its paragraph);
    - **dates**: ``date_id``, ``start``, ``end``, ``text``, ``rule``,
      ``is_relative``, ``resolved_start``, ``resolved_end`` and
      ``precision`` (day, month, year, range; missing when unresolved);
    - **priorities**: the text's list items in order: ``priority_id``
      (``p1``...), ``rank``, ``text``, ``start``, ``end``, ``topic`` (see
      :data:`TOPICS`: weighted cues from the item's whole text, see
      :mod:`natoanalysis.extract.priorities`), ``evidence`` (the
      natoanalysis tables holding evidence for the topic, see
      :data:`EVIDENCE`) and ``evidence_words`` (the cues that decided it).

    >>> t = extract_article('Romania\\'s president said: "We are ready." Kyiv welcomed it.')
    >>> t["quotes"][["text", "speaker"]].values.tolist()
    [['We are ready.', <NA>]]
    >>> t["countries"][["text", "form", "is_capital_metonym", "is_member"]].values.tolist()
    [['Romania', 'name', False, True], ['Kyiv', 'capital', True, False]]
    >>> [len(df) for df in extract_article("").values()]
    [0, 0, 0, 0, 0]
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_article() needs a str, not {type(text).__name__}")
    rows = extract_rows(text, parse_published(published), load_gazetteer(data_dir))
    return {name: _frame(COLUMNS[name], rows[name]) for name in TABLES}


def extract_rows(
    text: str, window: Window | None, gaz: Gazetteer
) -> dict[str, list[dict[str, Any]]]:
    """The rows of :func:`extract_article`'s tables, before they become DataFrames.

    ``window`` is :func:`parse_published`'s result and ``gaz`` a loaded
    gazetteer. Building five small DataFrames costs more than finding what
    goes in them, so the corpus path collects the rows of many documents and
    makes one frame per table with ``_frame(COLUMNS[name], rows)``.
    """
    art = parse(text)
    dateline = find_dateline(text, art)
    if window is None and dateline is not None and dateline.date_start is not None:
        window = _dated(text[dateline.date_start : dateline.date_end])
    member_on = window[0] if window is not None else gaz.as_of
    loc = _Locator(art)
    countries, found = _countries(text, gaz, window, member_on, dateline)
    country_words = {row["text"] for row in countries}
    people = _PeopleFinder(text, gaz, loc, country_words).find()
    return {
        "countries": countries,
        "people": _people_rows(people, gaz, text),
        "quotes": _quotes(text, art, people, loc, gaz, window),
        "dates": _dates(text, loc, window),
        "priorities": _priorities(text, art, found, people, gaz),
    }


def extract_file(
    path: PathLike,
    published: Any = None,
    *,
    encoding: str | None = None,
    data_dir: PathLike | None = None,
    max_bytes: int | None = MAX_BYTES,
) -> dict[str, pd.DataFrame]:
    """:func:`read_text_file` then :func:`extract_article`."""
    text = read_text_file(path, encoding, max_bytes=max_bytes)
    return extract_article(text, published, data_dir=data_dir)
