"""natoanalysis: the facts behind a June 2024 NATO news story as tidy tables.

>>> import natoanalysis as na
>>> na.load_members().shape[0]
32

Heavy modules (charts, report, cli) are imported on first use, so that
``import natoanalysis`` costs little more than importing pandas.
"""

import importlib as _importlib

from .datapackage import DataPackage, data_dir, load_package
from .errors import DataError
from .fmt import fmt_day
from .tables import (
    article_metadata,
    as_of,
    load_article_text,
    load_claim_evidence,
    load_claims,
    load_country_aliases,
    load_country_shapes,
    load_defence_spending,
    load_events,
    load_glossary,
    load_guidelines,
    load_members,
    load_outcomes,
    load_people,
    load_priorities,
    load_secretaries_general,
    load_sources,
    load_table,
    table_names,
)

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "DataPackage",
    "__version__",
    "article_metadata",
    "as_of",
    "check_article",
    "data_dir",
    "extract_article",
    "fmt_day",
    "load_article_text",
    "load_claim_evidence",
    "load_claims",
    "load_country_aliases",
    "load_country_shapes",
    "load_defence_spending",
    "load_events",
    "load_glossary",
    "load_guidelines",
    "load_members",
    "load_outcomes",
    "load_package",
    "load_people",
    "load_priorities",
    "load_secretaries_general",
    "load_sources",
    "load_table",
    "sources_by_kind",
    "sources_report",
    "table_names",
]

_LAZY = {"charts", "report", "cli", "datapackage", "tables", "errors", "factcheck"}
_LAZY |= {"article", "gazetteer", "extract", "provenance", "corpus", "check"}
_LAZY |= {"narrative", "evidence"}
# Functions of lazily imported modules, reachable as natoanalysis.<name>.
_LAZY_FUNCTIONS = {
    "extract_article": "extract",
    "check_article": "check",
    "sources_by_kind": "provenance",
    "sources_report": "provenance",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return _importlib.import_module(f".{name}", __name__)
    if name in _LAZY_FUNCTIONS:
        module = _importlib.import_module(f".{_LAZY_FUNCTIONS[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'natoanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, with the lazily imported modules and functions."""
    return sorted({*globals(), *_LAZY, *_LAZY_FUNCTIONS})
