"""Read the data package (``data/datapackage.json``) and load its tables.

The data package is the single source of truth for every table: its file,
columns, types, constraints, primary and foreign keys. This module reads the
descriptor and turns each CSV into a validated :class:`pandas.DataFrame` with
real dtypes. Nothing here repeats a schema by hand.

Where the data lives, in order of preference:

1. the ``data_dir`` argument of a loader;
2. the ``NATOANALYSIS_DATA_DIR`` environment variable (a user's edited copy);
3. ``data/`` at the root of a source checkout (an editable install);
4. the copy inside an installed wheel (``natoanalysis/data``).

Type mapping (Frictionless Table Schema -> pandas):

============  =====================================================
``string``    ``string`` (an ``enum`` constraint makes a ``category``)
``integer``   ``Int64``   (nullable)
``number``    ``Float64`` (nullable)
``boolean``   ``boolean`` (nullable)
``date``      ``datetime64[ns]``
``year``      ``Int64``
============  =====================================================

An ``enum`` constraint on any field gives a categorical column, ordered when
the field carries ``"x-ordered": true``. Fields with
``"x-iso3166": "alpha-3"`` (or ``"alpha-2"``) are checked against ISO 3166-1
through pycountry.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataError

__all__ = [
    "ENV_DATA_DIR",
    "DataPackage",
    "Resource",
    "data_dir",
    "load_package",
    "read_table",
]

ENV_DATA_DIR = "NATOANALYSIS_DATA_DIR"
DESCRIPTOR = "datapackage.json"

_INT_RE = re.compile(r"^[+-]?\d+$")
_YEAR_RE = re.compile(r"^\d{4}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUM_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds ``datapackage.json``.

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    # A source checkout (editable install): src/natoanalysis -> <root>/data.
    # Checked first because an editable install may also carry a stale copy
    # of data/ inside site-packages.
    here = Path(__file__).resolve().parent
    checkout = here.parents[1] / "data"
    if here.parent.name == "src" and (checkout / DESCRIPTOR).is_file():
        return checkout
    # An installed wheel carries the data package inside the package.
    return Path(str(resources.files("natoanalysis") / "data"))


@dataclass(frozen=True)
class Field:
    """One column of a table, as the data package describes it."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any]
    descriptor: dict[str, Any]

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def enum(self) -> list[Any] | None:
        return self.constraints.get("enum")


@dataclass(frozen=True)
class Resource:
    """One table of the data package."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...]
    descriptor: dict[str, Any]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


class DataPackage:
    """The parsed ``datapackage.json`` of a data folder.

    >>> pkg = load_package()
    >>> "members" in pkg.table_names
    True
    >>> pkg.resource("members").primary_key
    ('iso3',)
    """

    def __init__(self, root: Path, descriptor: dict[str, Any]) -> None:
        self.root = root
        self.descriptor = descriptor
        self._resources: dict[str, Resource] = {}
        for i, res in enumerate(descriptor.get("resources", [])):
            parsed = _parse_resource(res, i)
            if parsed is not None:
                self._resources[parsed.name] = parsed

    @property
    def table_names(self) -> list[str]:
        """Names of the tabular resources, in the descriptor's order."""
        return list(self._resources)

    def resource(self, name: str) -> Resource:
        try:
            return self._resources[name]
        except KeyError:
            known = ", ".join(self._resources)
            raise DataError(
                f"no table named {name!r} in the data package (tables: {known})",
                file=DESCRIPTOR,
            ) from None

    @cached_property
    def sources(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("sources", []))


def _parse_resource(res: dict[str, Any], index: int) -> Resource | None:
    schema = res.get("schema")
    if schema is None:  # a non-tabular resource (e.g. the article text)
        return None
    where = f"resources[{index}]"
    try:
        fields = tuple(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=f.get("description", ""),
                constraints=dict(f.get("constraints", {})),
                descriptor=f,
            )
            for f in schema["fields"]
        )
        pk = schema.get("primaryKey", [])
        pk_t = (pk,) if isinstance(pk, str) else tuple(pk)
        return Resource(
            name=res["name"],
            path=res["path"],
            title=res.get("title", res["name"]),
            description=res.get("description", ""),
            fields=fields,
            primary_key=pk_t,
            foreign_keys=tuple(schema.get("foreignKeys", [])),
            descriptor=res,
        )
    except (KeyError, TypeError) as exc:
        raise DataError(f"{where} is malformed: missing {exc}", file=DESCRIPTOR) from None


_PACKAGES: dict[tuple[str, int, int], DataPackage] = {}


def load_package(path: str | os.PathLike[str] | None = None) -> DataPackage:
    """Read and parse ``datapackage.json`` (cached while the file is unchanged)."""
    root = data_dir(path)
    file = root / DESCRIPTOR
    try:
        st = file.stat()
    except FileNotFoundError:
        raise DataError(
            f"{file} not found; point {ENV_DATA_DIR} or data_dir= at a folder holding "
            "datapackage.json",
            file=DESCRIPTOR,
        ) from None
    key = (str(file), st.st_mtime_ns, st.st_size)
    pkg = _PACKAGES.get(key)
    if pkg is None:
        raw = file.read_bytes()
        text = _decode(raw, DESCRIPTOR)
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                file=DESCRIPTOR,
                line=exc.lineno,
            ) from None
        if not isinstance(descriptor, dict):
            raise DataError("the descriptor must be a JSON object", file=DESCRIPTOR)
        pkg = DataPackage(root, descriptor)
        _PACKAGES[key] = pkg
    return pkg


# --------------------------------------------------------------------------
# Reading one CSV


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded (save the file as UTF-8)",
            file=name,
            line=line,
            offset=exc.start,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _read_rows(path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("listed in datapackage.json but missing on disk", file=name) from None
    text = _decode(raw, name)
    if not text.strip():
        raise DataError("the file is empty (expected a header row and data rows)", file=name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError(f"not valid CSV: {exc}", file=name, line=reader.line_num) from None
    header, body = rows[0], rows[1:]
    # A trailing blank line is harmless; blank lines inside are not.
    while body and body[-1] == []:
        body.pop()
    return header, body


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


def _fail(name: str, line: int, col: str, problem: str) -> DataError:
    return DataError(problem, file=name, line=line, column=col)


def _convert(values: list[str], field: Field, name: str) -> pd.api.extensions.ExtensionArray | Any:
    """Convert one column of raw strings, naming the first bad cell."""
    t = field.type
    col = field.name
    cons = field.constraints
    blank = [v == "" for v in values]
    if field.required:
        for i, b in enumerate(blank):
            if b:
                raise _fail(name, i + 2, col, "a value is required here but the cell is empty")

    if t == "string":
        out: Any = pd.array([None if b else v for v, b in zip(values, blank)], dtype="string")
        pattern = cons.get("pattern")
        if pattern:
            rx = re.compile(pattern)
            for i, v in enumerate(values):
                if v and not rx.fullmatch(v):
                    raise _fail(name, i + 2, col, f"{v!r} does not match the pattern {pattern}")
    elif t in ("integer", "year"):
        rx = _YEAR_RE if t == "year" else _INT_RE
        for i, v in enumerate(values):
            if v and not rx.match(v):
                kind = "a four-digit year" if t == "year" else "a whole number"
                raise _fail(name, i + 2, col, f"{v!r} is not {kind}")
        out = pd.array([None if b else int(v) for v, b in zip(values, blank)], dtype="Int64")
    elif t == "number":
        for i, v in enumerate(values):
            if v and not _NUM_RE.match(v):
                raise _fail(name, i + 2, col, f"{v!r} is not a number")
        out = pd.array([None if b else float(v) for v, b in zip(values, blank)], dtype="Float64")
    elif t == "boolean":
        trues = field.descriptor.get("trueValues", ["true", "True", "TRUE", "1"])
        falses = field.descriptor.get("falseValues", ["false", "False", "FALSE", "0"])
        conv: list[bool | None] = []
        for i, v in enumerate(values):
            if not v:
                conv.append(None)
            elif v in trues:
                conv.append(True)
            elif v in falses:
                conv.append(False)
            else:
                raise _fail(name, i + 2, col, f"{v!r} is not a boolean (use true or false)")
        out = pd.array(conv, dtype="boolean")
    elif t == "date":
        conv_d: list[date | None] = []
        for i, v in enumerate(values):
            if not v:
                conv_d.append(None)
                continue
            try:
                if not _DATE_RE.match(v):
                    raise ValueError
                conv_d.append(date.fromisoformat(v))
            except ValueError:
                raise _fail(
                    name, i + 2, col, f"{v!r} is not a valid date (expected YYYY-MM-DD)"
                ) from None
        out = pd.to_datetime(pd.Series(conv_d, dtype="object")).array
    else:
        raise DataError(
            f"field type {t!r} is not supported by natoanalysis", file=DESCRIPTOR, column=col
        )

    _check_constraints(values, out, field, name)

    if field.enum is not None:
        cats = field.enum
        ordered = bool(field.descriptor.get("x-ordered", False))
        # Plain numpy/object categories, so that a Parquet round trip keeps them.
        values = out.to_numpy(dtype=object, na_value=None)
        out = pd.Categorical(values, categories=pd.Index(cats), ordered=ordered)
    return out


def _check_constraints(values: list[str], arr: Any, field: Field, name: str) -> None:
    cons = field.constraints
    col = field.name
    enum = cons.get("enum")
    if enum is not None:
        allowed = {str(e) for e in enum}
        for i, v in enumerate(values):
            if v and v not in allowed:
                shown = ", ".join(str(e) for e in enum)
                raise _fail(name, i + 2, col, f"{v!r} is not one of the allowed values: {shown}")
    for bound, ok in (("minimum", lambda x, b: x >= b), ("maximum", lambda x, b: x <= b)):
        if bound not in cons:
            continue
        b = cons[bound]
        if field.type == "date":
            b = pd.Timestamp(b)
        for i, x in enumerate(arr):
            if x is pd.NA or x is None or (isinstance(x, float) and x != x) or x is pd.NaT:
                continue
            if not ok(x, b):
                word = "before" if bound == "minimum" else "after"
                if field.type != "date":
                    word = "below" if bound == "minimum" else "above"
                raise _fail(
                    name,
                    i + 2,
                    col,
                    f"{values[i]!r} is out of range: {word} the {bound} {cons[bound]}",
                )
    iso = field.descriptor.get("x-iso3166")
    if iso:
        known = _iso_codes(iso)
        for i, v in enumerate(values):
            if v:
                for code in v.split(";") if field.descriptor.get("x-list") else [v]:
                    if code not in known:
                        raise _fail(
                            name, i + 2, col, f"{code!r} is not an ISO 3166-1 {iso} country code"
                        )
    if cons.get("unique"):
        seen: dict[str, int] = {}
        for i, v in enumerate(values):
            if v and v in seen:
                raise _fail(
                    name, i + 2, col, f"{v!r} must be unique but also appears on line {seen[v]}"
                )
            seen.setdefault(v, i + 2)


_ISO: dict[str, frozenset[str]] = {}


def _iso_codes(kind: str) -> frozenset[str]:
    if kind not in _ISO:
        import pycountry  # deferred: only tables with country codes need it

        attr = {"alpha-3": "alpha_3", "alpha-2": "alpha_2"}[kind]
        _ISO[kind] = frozenset(getattr(c, attr) for c in pycountry.countries)
    return _ISO[kind]


def _raw_column(pkg: DataPackage, resource: str, column: str) -> set[str]:
    res = pkg.resource(resource)
    header, body = _read_rows(pkg.root / res.path, res.path)
    if column not in header:
        raise DataError(f"required column {column!r} is missing", file=res.path, column=column)
    j = header.index(column)
    return {r[j] for r in body if len(r) > j}


def _check_primary_key(res: Resource, header: list[str], body: list[list[str]]) -> None:
    name = res.path
    if res.primary_key:
        idx = [header.index(k) for k in res.primary_key]
        seen: dict[tuple[str, ...], int] = {}
        for i, row in enumerate(body):
            key = tuple(row[j] for j in idx)
            if key in seen:
                shown = ", ".join(f"{k}={v!r}" for k, v in zip(res.primary_key, key))
                raise _fail(
                    name,
                    i + 2,
                    res.primary_key[-1]
                    if len(res.primary_key) == 1
                    else ", ".join(res.primary_key),
                    f"duplicate primary key ({shown}); first seen on line {seen[key]}",
                )
            seen[key] = i + 2


def _references(res: Resource) -> list[tuple[str, str, str, bool]]:
    """(column, referenced resource, referenced column, is_list) for every reference.

    Single-valued references are the schema's ``foreignKeys``; list-valued
    columns (``"x-list": ";"``) declare theirs as ``"x-references"`` on the
    field, since Table Schema foreign keys cannot point from a list.
    """
    refs = []
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
            refs.append((f.name, xref["resource"], xref["field"], bool(f.descriptor.get("x-list"))))
    return refs


def _check_foreign_keys(
    pkg: DataPackage, res: Resource, header: list[str], body: list[list[str]]
) -> None:
    name = res.path
    for col, ref_res, ref_col, is_list in _references(res):
        if ref_res == res.name:
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
                        i + 2,
                        col,
                        f"{item!r} does not match any {ref_col} in {ref_file} (dangling reference)",
                    )


def read_table(
    name: str, data_dir: str | os.PathLike[str] | None = None, *, check_foreign_keys: bool = True
) -> pd.DataFrame:
    """Read one table of the data package, validated, with real dtypes.

    Raises :class:`~natoanalysis.errors.DataError` naming the file, line and
    column of the first problem found.

    >>> df = read_table("members")
    >>> df["accession_date"].dtype
    dtype('<M8[ns]')
    """
    pkg = load_package(data_dir)
    res = pkg.resource(name)
    header, body = _read_rows(pkg.root / res.path, res.path)
    _check_header(header, res, res.path)
    if not body:
        raise DataError("the file has a header but no data rows", file=res.path, line=1)
    width = len(header)
    for i, row in enumerate(body):
        if len(row) != width:
            what = "fewer" if len(row) < width else "more"
            raise DataError(
                f"has {len(row)} fields, {what} than the {width} columns of the header "
                "(a truncated or malformed line?)",
                file=res.path,
                line=i + 2,
            )
    _check_primary_key(res, header, body)
    columns = list(zip(*body))
    data = {f.name: _convert(list(columns[j]), f, res.path) for j, f in enumerate(res.fields)}
    if check_foreign_keys:
        _check_foreign_keys(pkg, res, header, body)
    return pd.DataFrame(data)


def describe(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The columns of a table: name, type and description, from the data package.

    >>> describe("members").loc[0, "column"]
    'iso3'
    """
    res = load_package(data_dir).resource(name)
    return pd.DataFrame(
        {
            "column": [f.name for f in res.fields],
            "type": [f.type for f in res.fields],
            "description": [f.description for f in res.fields],
        }
    )
