"""Reading one table of the data package: the streaming CSV scan, the header
and cell checks, the conversion to pandas dtypes, and :func:`read_table`.

Private: import :func:`read_table` from :mod:`natoanalysis.datapackage`,
whose docstring documents the rules. The size limits there
(``MAX_TABLE_BYTES``, ``CELL_LIMIT``) are looked up at each read, so setting
them on :mod:`natoanalysis.datapackage` takes effect.
"""

from __future__ import annotations

import csv
import math
import os
import re
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from . import datapackage as _dp
from ._rules import _check_foreign_keys, _check_row_rules, _fail, _iso_codes
from .datapackage import (
    _DATE_RANGE,
    _DATE_RE,
    DataPackage,
    Field,
    PathLike,
    Resource,
    load_package,
    read_file,
)
from .errors import DataError

_INT_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)
_YEAR_RE = re.compile(r"[0-9]{4}", re.ASCII)
_NUM_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT64 = (-(2**63), 2**63 - 1)


def _lines(fh: Any, name: str) -> Any:
    """Decode a binary file line by line (streaming), naming line and byte offset on failure."""
    offset = 0
    for n, raw in enumerate(fh, 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded "
                "(save the file as UTF-8)",
                file=name,
                line=n,
                offset=offset + exc.start,
            ) from None
        if n == 1 and text.startswith("\ufeff"):
            text = text[1:]
        offset += len(raw)
        yield text


def _scan(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(physical start line, row) for every record, checking each as it is read.

    A malformed record (bad UTF-8, bad quoting, wrong width, a control
    character, an overlong cell) raises at once, before the rest is read.
    """
    # The csv module's cell limit is process-wide, and importing frictionless
    # raises it; set ours each time so the verdict on a long cell does not
    # depend on what was imported before.
    csv.field_size_limit(_dp.CELL_LIMIT)
    with _open_table(path, name) as fh:
        reader = csv.reader(_lines(fh, name), strict=True)
        header: list[str] | None = None
        prev = 0
        try:
            for row in reader:
                start, prev = prev + 1, reader.line_num
                if header is None:
                    header = row
                    _check_cells(row, name, start, None)
                elif row:
                    _check_cells(row, name, start, header)
                    if len(row) != len(header):
                        what = "fewer" if len(row) < len(header) else "more"
                        raise DataError(
                            f"has {len(row)} fields, {what} than the {len(header)} columns of "
                            "the header (a truncated or malformed line?)",
                            file=name,
                            line=start,
                        )
                yield start, row
        except csv.Error as exc:
            msg = str(exc)
            if "field larger than field limit" in msg:
                msg = f"a cell is longer than {csv.field_size_limit():,} characters"
            raise DataError(f"not valid CSV: {msg}", file=name, line=prev + 1) from None


#: Files larger than this are scanned once for malformed records before their
#: rows are kept, so a broken large file costs no more memory than a line.
_PRESCAN_BYTES = 1024 * 1024


def _read_rows(pkg: DataPackage, res: Resource) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, data rows and the physical line each row starts on.

    The file is read as a stream (see :func:`_scan`); a large file is
    scanned once without keeping anything, so a malformed record anywhere in
    it is reported without holding the file's rows in memory.
    """
    name = res.path
    path = pkg.file(name, f"resource {res.name!r}")
    try:
        large = os.stat(path).st_size > _PRESCAN_BYTES
    except OSError:
        large = False
    if large:  # every check a cell makes on its own, keeping nothing
        scan = _scan(path, name)
        first_row = next(scan, None)
        if first_row is not None and first_row[1] == res.field_names:
            checks = [_CellCheck(f, name) for f in res.fields]
            for start, row in scan:
                for check, v in zip(checks, row):
                    check(v, start)
        else:
            for _ in scan:
                pass
    records = _scan(path, name)
    first = next(records, None)
    if first is None or not any(first[1]):
        raise DataError("the file is empty (expected a header row and data rows)", file=name)
    header = first[1]
    _check_header(header, res, name)
    body: list[list[str]] = []
    starts: list[int] = []
    key_at = [header.index(k) for k in res.primary_key]
    seen: dict[tuple[str, ...], int] = {}
    for start, row in records:
        if row and key_at:  # a duplicate key stops the read at once
            key = tuple(row[j] for j in key_at)
            if key in seen:
                shown = ", ".join(f"{k}={v!r}" for k, v in zip(res.primary_key, key))
                raise _fail(
                    name,
                    start,
                    ", ".join(res.primary_key),
                    f"duplicate primary key ({shown}); first seen on line {seen[key]}",
                )
            seen[key] = start
        body.append(row)
        starts.append(start)
    # Trailing blank lines are harmless; blank lines inside are not.
    while body and body[-1] == []:
        body.pop()
        starts.pop()
    for row, start in zip(body, starts):
        if not row:
            raise DataError("blank line inside the table (delete it)", file=name, line=start)
    return header, body, starts


def _open_table(path: Path, name: str) -> Any:
    """Open a confined table file for a streaming read, after the type and size checks."""
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size <= _dp.MAX_TABLE_BYTES:
            return open(path, "rb")
    except OSError:
        pass
    read_file(path, name, _dp.MAX_TABLE_BYTES)  # raises the DataError that says why
    return open(path, "rb")


def _check_cells(row: list[str], name: str, line: int, header: list[str] | None) -> None:
    if not _CONTROL.search("".join(row)):
        return
    for j, cell in enumerate(row):
        m = _CONTROL.search(cell)
        if m:
            col = header[j] if header and j < len(header) else None
            extra = "" if cell.count("\n") == 0 else " (in a multi-line cell)"
            raise DataError(
                f"control character U+{ord(m.group()):04X} in a cell{extra}; "
                "cells must be plain text",
                file=name,
                line=line + cell.count("\n", 0, m.start()),
                column=col,
            )


def _check_header(header: list[str], res: Resource, name: str) -> None:
    expected = res.field_names
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing and extra:
        pairs = ", ".join(f"{e!r} (expected {m!r}?)" for e, m in zip(extra, missing))
        raise DataError(
            f"unexpected column(s) {pairs}; a column may have been renamed. "
            f"Expected columns: {', '.join(expected)}",
            file=name,
            line=1,
            column=extra[0],
        )
    if missing:
        raise DataError(
            f"required column {missing[0]!r} is missing. Expected columns: {', '.join(expected)}",
            file=name,
            line=1,
            column=missing[0],
        )
    if extra:
        raise DataError(
            f"unexpected column {extra[0]!r} is not described in datapackage.json. "
            f"Expected columns: {', '.join(expected)}",
            file=name,
            line=1,
            column=extra[0],
        )
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise DataError(f"column {dupes[0]!r} appears twice", file=name, line=1, column=dupes[0])
    raise DataError(f"columns are out of order: expected {', '.join(expected)}", file=name, line=1)


def _parse_cell(v: str, t: str, field: Field) -> Any:
    """One non-empty cell as a Python value, or ValueError saying what it is not."""
    if t == "string":
        return v
    if t in ("integer", "year"):
        rx = _YEAR_RE if t == "year" else _INT_RE
        if not rx.fullmatch(v):
            raise ValueError(
                f"{v!r} is not {'a four-digit year' if t == 'year' else 'a whole number'}"
            )
        n = int(v)
        if not _INT64[0] <= n <= _INT64[1]:
            raise ValueError(f"{v!r} is out of range: too large for a 64-bit integer")
        return n
    if t == "number":
        if not _NUM_RE.fullmatch(v):
            raise ValueError(f"{v!r} is not a number")
        x = float(v)
        if not math.isfinite(x):
            raise ValueError(f"{v!r} is out of range: too large for a number")
        return x
    if t == "boolean":
        trues = field.descriptor.get("trueValues", ["true", "True", "TRUE", "1"])
        falses = field.descriptor.get("falseValues", ["false", "False", "FALSE", "0"])
        if v in trues:
            return True
        if v in falses:
            return False
        raise ValueError(f"{v!r} is not a boolean (use true or false)")
    if t == "date":
        try:
            if not _DATE_RE.fullmatch(v):
                raise ValueError
            d = date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"{v!r} is not a valid date (expected YYYY-MM-DD)") from None
        if not _DATE_RANGE[0] <= d <= _DATE_RANGE[1]:
            raise ValueError(
                f"{v!r} is out of range: dates must lie between "
                f"{_DATE_RANGE[0].isoformat()} and {_DATE_RANGE[1].isoformat()}"
            )
        return d
    raise ValueError(f"field type {t!r} is not supported")


_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "year": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


class _CellCheck:
    """Every rule that one cell obeys on its own: required, type, pattern, enum, bounds, ISO.

    Returns the parsed value (``None`` for an empty cell) or raises a
    :class:`DataError` naming file, line and column. The loaders and the
    streaming scan of large files both use it.
    """

    def __init__(self, field: Field, name: str) -> None:
        self.field, self.name, self.col = field, name, field.name
        cons = field.constraints
        pattern = cons.get("pattern")
        self.pattern = re.compile(pattern) if pattern and field.type == "string" else None
        self.enum = None if field.enum is None else {str(e) for e in field.enum}
        self.bounds = [
            (bound, _parse_cell(str(cons[bound]), field.type, field))
            for bound in ("minimum", "maximum")
            if bound in cons
        ]
        iso = field.descriptor.get("x-iso3166")
        self.iso = (iso, _iso_codes(iso)) if iso else None
        self.split = bool(field.descriptor.get("x-list"))

    def __call__(self, v: str, line: int) -> Any:
        field, col = self.field, self.col
        if v == "":
            if field.required:
                raise _fail(self.name, line, col, "a value is required here but the cell is empty")
            return None
        try:
            x = _parse_cell(v, field.type, field)
        except ValueError as exc:
            raise _fail(self.name, line, col, str(exc)) from None
        if self.pattern is not None and not self.pattern.fullmatch(v):
            raise _fail(
                self.name, line, col, f"{v!r} does not match the pattern {self.pattern.pattern}"
            )
        if self.enum is not None and v not in self.enum:
            shown = ", ".join(str(e) for e in field.enum or [])
            raise _fail(self.name, line, col, f"{v!r} is not one of the allowed values: {shown}")
        for bound, b in self.bounds:
            if (x < b) if bound == "minimum" else (x > b):
                if field.type == "date":
                    word = "before" if bound == "minimum" else "after"
                else:
                    word = "below" if bound == "minimum" else "above"
                shown_b = field.constraints[bound]
                raise _fail(
                    self.name, line, col, f"{v!r} is out of range: {word} the {bound} {shown_b}"
                )
        if self.iso is not None:
            kind, known = self.iso
            for code in v.split(";") if self.split else [v]:
                if code not in known:
                    raise _fail(
                        self.name, line, col, f"{code!r} is not an ISO 3166-1 {kind} country code"
                    )
        return x


def _convert(values: list[str], field: Field, name: str, lines: list[int]) -> Any:
    """Convert one column of raw strings, naming the first bad cell."""
    check = _CellCheck(field, name)
    parsed = [check(v, lines[i]) for i, v in enumerate(values)]
    if field.constraints.get("unique"):
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            if v and v in seen:
                raise _fail(
                    name,
                    lines[i],
                    field.name,
                    f"{v!r} must be unique but also appears on line {seen[v]}",
                )
            seen.setdefault(v, lines[i])
    t = field.type
    if t == "date":
        out: Any = pd.to_datetime(pd.Series(parsed, dtype="object")).astype("datetime64[ns]").array
    else:
        out = pd.array(parsed, dtype=_DTYPES[t])
    if field.enum is not None:
        cats = field.enum
        ordered = bool(field.descriptor.get("x-ordered", False))
        # Plain numpy/object categories, so that a Parquet round trip keeps them.
        values_o = out.to_numpy(dtype=object, na_value=None)
        out = pd.Categorical(values_o, categories=pd.Index(cats), ordered=ordered)
    return out


def read_table(
    name: str,
    data_dir: PathLike | DataPackage | None = None,
    *,
    check_foreign_keys: bool = True,
) -> pd.DataFrame:
    """Read one table of the data package, validated, with real dtypes.

    Raises :class:`~natoanalysis.errors.DataError` naming the file, the
    physical line and the column of the first problem found.

    >>> df = read_table("members")
    >>> df["accession_date"].dtype
    dtype('<M8[ns]')
    """
    pkg = load_package(data_dir)
    res = pkg.resource(name)
    header, body, lines = _read_rows(pkg, res)
    if not body:
        raise DataError("the file has a header but no data rows", file=res.path, line=1)
    columns = {f.name: [row[j] for row in body] for j, f in enumerate(res.fields)}
    data = {f.name: _convert(columns[f.name], f, res.path, lines) for f in res.fields}
    _check_row_rules(pkg, res, columns, _Parsed(columns, res), lines)
    if check_foreign_keys:
        _check_foreign_keys(pkg, res, header, body, lines)
    return pd.DataFrame(data)


class _Parsed(dict):
    """Parsed values of a column, computed on first use."""

    def __init__(self, columns: dict[str, list[str]], res: Resource) -> None:
        super().__init__()
        self._columns, self._res = columns, res

    def __missing__(self, key: str) -> list[Any]:
        f = self._res.field(key)
        value = [None if v == "" else _parse_cell(v, f.type, f) for v in self._columns[key]]
        self[key] = value
        return value
