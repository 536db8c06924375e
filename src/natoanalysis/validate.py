"""Validate the whole data package: the verdict of the loaders, for every resource.

There is one implementation of the rules (:mod:`natoanalysis.datapackage`,
driven by ``datapackage.json``); :func:`validate` runs the same loaders an
analyst calls on every resource (each table with its declared rules, keys
and references, the article text, the map shapes) and lists what each
refuses. Whatever a loader refuses is listed here, and nothing else is, so
``natoanalysis validate`` and the loaders never disagree.
"""

from __future__ import annotations

import os

from .datapackage import DataPackage, load_package
from .errors import DataError

__all__ = ["check", "validate"]


def check(data_dir: str | os.PathLike[str] | DataPackage | None = None) -> list[DataError]:
    """Every problem in the data package, one :class:`DataError` per resource that fails.

    A descriptor that cannot be read or is malformed is a single problem (no
    resource can be trusted without it).
    """
    try:
        pkg = load_package(data_dir)
    except DataError as exc:
        return [exc]
    from .tables import SHAPES_RESOURCE, load_country_shapes, load_table

    problems: list[DataError] = []
    article = pkg.descriptor.get("x-article")
    article_path = article.get("path") if isinstance(article, dict) else None
    try:
        pkg.article  # noqa: B018 - checks x-article (window, path)
    except DataError as exc:
        problems.append(exc)
    for name in pkg.resource_names:
        try:
            if name in pkg.table_names:
                load_table(name, pkg)
            elif name == SHAPES_RESOURCE:
                load_country_shapes(pkg)
            elif pkg.resource_path(name) == article_path:
                pkg.article_text()
            else:
                pkg.read_bytes(pkg.resource_path(name))
        except DataError as exc:
            problems.append(exc)
        except Exception as exc:  # a loader bug must still give a list, not a traceback
            problems.append(
                DataError(
                    f"could not be checked ({type(exc).__name__}: {exc})",
                    file=pkg.resource_path(name),
                )
            )
    # A table that others reference fails their checks too: list each problem once.
    unique: dict[str, DataError] = {}
    for p in problems:
        unique.setdefault(str(p), p)
    return list(unique.values())


def validate(data_dir: str | os.PathLike[str] | DataPackage | None = None) -> list[str]:
    """Every problem found in the data package, as readable lines (empty if valid).

    >>> validate()
    []
    """
    return [str(p) for p in check(data_dir)]
