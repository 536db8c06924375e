"""The rules that relate cells: the ``x-`` row rules and the foreign keys.

Private: the rules are documented in :mod:`natoanalysis.datapackage` and
run by :func:`natoanalysis.datapackage.read_table`.
"""

from __future__ import annotations

import os
from typing import Any

from .datapackage import DESCRIPTOR, DataPackage, Resource
from .errors import DataError


def _fail(name: str, line: int, col: str, problem: str) -> DataError:
    return DataError(problem, file=name, line=line, column=col)


def _check_row_rules(
    pkg: DataPackage,
    res: Resource,
    columns: dict[str, list[str]],
    parsed: dict[str, Any],
    lines: list[int],
) -> None:
    """The declared rules that relate cells of one row (the ``x-`` field keys)."""
    name = res.path
    n = len(lines)

    def given(col: str, i: int) -> bool:
        return columns[col][i] != ""

    for f in res.fields:
        d = f.descriptor
        col = f.name
        other = d.get("x-at-least")
        if other:
            mine, theirs = parsed[col], parsed[other]
            for i in range(n):
                if given(col, i) and given(other, i) and mine[i] < theirs[i]:
                    raise _fail(
                        name,
                        lines[i],
                        col,
                        f"{columns[col][i]!r} is before/below {other} {columns[other][i]!r} "
                        f"on the same row ({col} must be at least {other})",
                    )
        reason = d.get("x-missing-reason")
        if reason:
            for i in range(n):
                if given(col, i) and given(reason, i):
                    raise _fail(
                        name,
                        lines[i],
                        reason,
                        f"{col} is {columns[col][i]!r} but {reason} is "
                        f"{columns[reason][i]!r}: give a value or a reason it is missing, "
                        "not both",
                    )
                if not given(col, i) and not given(reason, i):
                    raise _fail(
                        name,
                        lines[i],
                        col,
                        f"{col} is empty and {reason} does not say why "
                        "(give a value or a reason it is missing)",
                    )
        alpha3 = d.get("x-iso3166-of")
        if alpha3:
            for i in range(n):
                if given(col, i) and given(alpha3, i):
                    want = _alpha2_of(columns[alpha3][i])
                    if want is not None and columns[col][i] != want:
                        raise _fail(
                            name,
                            lines[i],
                            col,
                            f"{columns[col][i]!r} is not the alpha-2 code of "
                            f"{columns[alpha3][i]!r} (ISO 3166-1 says {want!r})",
                        )
        iff = d.get("x-true-iff")
        if iff:
            ocol, equals = iff["field"], str(iff["equals"])
            for i in range(n):
                if given(col, i):
                    expected = columns[ocol][i] == equals
                    if bool(parsed[col][i]) != expected:
                        raise _fail(
                            name,
                            lines[i],
                            col,
                            f"{col} is {columns[col][i]!r} but {ocol} is "
                            f"{columns[ocol][i]!r} ({col} is true exactly when {ocol} is {equals})",
                        )
        year_of = d.get("x-year-of")
        if year_of:
            for i in range(n):
                if given(col, i) and given(year_of, i):
                    year = parsed[year_of][i].year
                    if int(columns[col][i]) != year:
                        raise _fail(
                            name,
                            lines[i],
                            col,
                            f"{columns[col][i]!r} is not the year of {year_of} "
                            f"{columns[year_of][i]!r}",
                        )
        span = d.get("x-article-span")
        if span:
            text = pkg.article_text()
            s_col, e_col = span
            for i in range(n):
                if not (given(col, i) or given(s_col, i) or given(e_col, i)):
                    continue
                if not (given(s_col, i) and given(e_col, i)):
                    raise _fail(name, lines[i], s_col, f"{col} needs both {s_col} and {e_col}")
                start, end = parsed[s_col][i], parsed[e_col][i]
                got = text[start:end] if 0 <= start <= end <= len(text) else None
                if got != columns[col][i]:
                    raise _fail(
                        name,
                        lines[i],
                        s_col,
                        f"article.txt[{start}:{end}] is {got!r}, not the {col} "
                        f"{columns[col][i]!r} (spans count code points in article.txt)",
                    )


def _alpha2_of(alpha3: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_3=alpha3)
    return None if c is None else c.alpha_2


_ISO: dict[str, frozenset[str]] = {}


def _iso_codes(kind: str) -> frozenset[str]:
    if kind not in _ISO:
        import pycountry  # deferred: only tables with country codes need it

        attr = {"alpha-3": "alpha_3", "alpha-2": "alpha_2"}[kind]
        _ISO[kind] = frozenset(getattr(c, attr) for c in pycountry.countries)
    return _ISO[kind]


def _raw_column(pkg: DataPackage, resource: str, column: str) -> set[str]:
    """The raw values of a referenced column (cached while its file is unchanged)."""
    res = pkg.resource(resource)
    try:
        st = os.stat(pkg.root / res.path)
        key: Any = (resource, column, st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        key = None
    cached = pkg._raw_columns.get(key) if key is not None else None
    if cached is not None:
        return cached
    from ._reader import _read_rows  # imported on use: _reader imports this module

    header, body, _ = _read_rows(pkg, res)
    if column not in header:
        raise DataError(f"required column {column!r} is missing", file=res.path, column=column)
    j = header.index(column)
    values = {r[j] for r in body if len(r) > j}
    if key is not None:
        pkg._raw_columns[key] = values
    return values


def _references(res: Resource) -> list[tuple[str, str, str, bool]]:
    """(column, referenced resource, referenced column, is_list) for every reference.

    Single-valued references are the schema's ``foreignKeys``; list-valued
    columns (``"x-list": ";"``) declare theirs as ``"x-references"`` on the
    field, since Table Schema foreign keys cannot point from a list.
    """
    refs = []
    try:
        for fk in res.foreign_keys:
            fields = fk["fields"]
            fields = [fields] if isinstance(fields, str) else list(fields)
            ref = fk["reference"]
            ref_fields = ref["fields"]
            ref_fields = [ref_fields] if isinstance(ref_fields, str) else list(ref_fields)
            if len(fields) != 1 or len(ref_fields) != 1:
                raise DataError("composite foreign keys are not supported", file=DESCRIPTOR)
            refs.append((fields[0], ref.get("resource") or res.name, ref_fields[0], False))
        for f in res.fields:
            xref = f.descriptor.get("x-references")
            if xref:
                refs.append(
                    (f.name, xref["resource"], xref["field"], bool(f.descriptor.get("x-list")))
                )
    except (KeyError, TypeError) as exc:
        raise DataError(
            f"resource {res.name!r}: a foreign key is malformed ({exc})", file=DESCRIPTOR
        ) from None
    return refs


def _check_foreign_keys(
    pkg: DataPackage, res: Resource, header: list[str], body: list[list[str]], lines: list[int]
) -> None:
    name = res.path
    for col, ref_res, ref_col, is_list in _references(res):
        if col not in header:
            raise DataError(f"foreign key field {col!r} is not a field", file=DESCRIPTOR)
        if ref_res == res.name:
            if ref_col not in header:
                raise DataError(f"foreign key names unknown field {ref_col!r}", file=DESCRIPTOR)
            allowed = {r[header.index(ref_col)] for r in body}
        else:
            allowed = _raw_column(pkg, ref_res, ref_col)
        ref_file = pkg.resource(ref_res).path
        j = header.index(col)
        for i, row in enumerate(body):
            v = row[j]
            if not v:
                continue
            for item in v.split(";") if is_list else [v]:
                if item not in allowed:
                    raise _fail(
                        name,
                        lines[i],
                        col,
                        f"{item!r} does not match any {ref_col} in {ref_file} (dangling reference)",
                    )
