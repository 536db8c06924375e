"""The data handle: one object for one data folder (``datapackage.json``).

Everything that needs data reaches it through a :class:`DataPackage`: every
loader, derived column (the as-of date, the article's window), ``validate``,
the gazetteer, the fact-check, the figures and the report. A ``data_dir``
given anywhere is turned into a handle once, by :func:`load_package`, and
:func:`data_dir` is the only place that decides which folder is meant:

1. the ``data_dir`` argument (a path, or a :class:`DataPackage`);
2. the ``NATOANALYSIS_DATA_DIR`` environment variable (a user's edited copy);
3. ``data/`` at the root of a source checkout (an editable install);
4. the copy inside an installed wheel (``natoanalysis/data``).

Confinement: every resource path in the descriptor must be relative, must
not contain ``..`` and must resolve (symbolic links followed) to a regular
file inside the data folder. Anything else is a :class:`DataError` naming
the resource, raised before a byte of it is read.

Type mapping (Frictionless Table Schema -> pandas):

============  =====================================================
``string``    ``string`` (an ``enum`` constraint makes a ``category``)
``integer``   ``Int64``   (nullable; ASCII digits, within 64 bits)
``number``    ``Float64`` (nullable; ASCII digits, finite)
``boolean``   ``boolean`` (nullable)
``date``      ``datetime64[ns]`` (``YYYY-MM-DD``, 1677-09-22 to 2262-04-11)
``year``      ``Int64``
============  =====================================================

Every cell is UTF-8 text without control characters (NUL and the other C0
controls except tab, LF and CR are refused), at most 131,072 characters long,
and a table file may be at most :data:`MAX_TABLE_BYTES` long (checked before
it is read, so a huge or runaway file costs no memory).

Custom ``x-`` keys (the one place they are documented; the one implementation
that enforces them is this module, used alike by the loaders and by
``natoanalysis validate``):

Package level:

- ``x-as-of`` (``YYYY-MM-DD``, required): when the reference facts were last
  checked; derived values that run "to today" run to this date.
- ``x-article`` (object): the article resource: ``path`` (confined like any
  resource), ``source_id``, ``published_window`` (two dates, first <= last)
  and prose keys.

Field level:

- ``x-unit`` (text): the unit of a number (``percent of GDP``); carried
  into ``df.attrs["fields"]``.
- ``x-ordered`` (bool): an ``enum`` field becomes an *ordered* categorical.
- ``x-list`` (separator, ``";"``): the cell holds a list.
- ``x-references`` (``{"resource", "field"}``): a foreign key for a list
  field (Table Schema foreign keys cannot point from a list).
- ``x-iso3166`` (``"alpha-3"`` or ``"alpha-2"``): every code is an ISO
  3166-1 code (pycountry).
- ``x-iso3166-of`` (field name): this alpha-2 code is the one of the alpha-3
  code in that field of the same row.
- ``x-at-least`` (field name): where both are given, this value is >= that
  field's value in the same row (an end is never before its start).
- ``x-missing-reason`` (field name): exactly one of this value and that
  field is given: a value, or the reason it is missing, never both or neither.
- ``x-true-iff`` (``{"field", "equals"}``): this boolean is true exactly when
  that field equals that value.
- ``x-year-of`` (field name): this year equals the year of that date field.
- ``x-article-span`` (``[start field, end field]``): this text is exactly
  the article's text between those code-point offsets.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pandas as pd

from .errors import DataError

__all__ = [
    "DESCRIPTOR",
    "ENV_DATA_DIR",
    "MAX_TABLE_BYTES",
    "DataPackage",
    "Resource",
    "data_dir",
    "load_package",
    "read_table",
]

ENV_DATA_DIR = "NATOANALYSIS_DATA_DIR"
DESCRIPTOR = "datapackage.json"

#: The largest table file read (bytes). Larger files are refused before they
#: are opened: the package's own tables are a few kilobytes each.
MAX_TABLE_BYTES = 32 * 1024 * 1024
#: The largest descriptor, article or other resource read (bytes).
MAX_FILE_BYTES = 32 * 1024 * 1024

_INT_RE = re.compile(r"[+-]?[0-9]+", re.ASCII)
_YEAR_RE = re.compile(r"[0-9]{4}", re.ASCII)
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_NUM_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INT64 = (-(2**63), 2**63 - 1)
_DATE_RANGE = (pd.Timestamp.min.ceil("D").date(), pd.Timestamp.max.floor("D").date())
_TYPES = ("string", "integer", "number", "boolean", "date", "year")
PathLike = str | os.PathLike[str]


def data_dir(path: PathLike | DataPackage | None = None) -> Path:
    """Return the folder that holds ``datapackage.json``: the one resolver.

    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    if isinstance(path, DataPackage):
        return path.root
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


# --------------------------------------------------------------------------
# Files: confined, regular, readable, bounded


def confine(root: Path, rel: Any, what: str) -> Path:
    """The real path of ``rel`` inside ``root``, or a :class:`DataError` naming ``what``.

    >>> confine(Path("/srv/data").resolve(), "../etc/passwd", "resource 'x'")
    Traceback (most recent call last):
    ...
    natoanalysis.errors.DataError: datapackage.json: resource 'x': path '../etc/passwd' ...
    """
    if not isinstance(rel, str) or not rel.strip():
        raise DataError(f"{what}: path must be a non-empty string", file=DESCRIPTOR)
    bad = None
    if "\x00" in rel or "\\" in rel:
        bad = "contains a backslash or NUL"
    elif PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).drive or rel.startswith("~"):
        bad = "is absolute; resource paths must be relative to the data folder"
    elif "://" in rel:
        bad = "is a URL; only files inside the data folder are read"
    elif ".." in PurePosixPath(rel).parts:
        bad = "contains '..'; resource paths must stay inside the data folder"
    if bad:
        raise DataError(f"{what}: path {rel!r} {bad}", file=DESCRIPTOR)
    real = Path(os.path.realpath(root / rel))
    if real != root and root not in real.parents:
        raise DataError(
            f"{what}: path {rel!r} leads outside the data folder (through a symbolic link)",
            file=DESCRIPTOR,
        )
    return real


def read_file(path: Path, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a confined file whole, turning every OS failure into a :class:`DataError`."""
    try:
        st = os.stat(path)
        if stat.S_ISDIR(st.st_mode):
            raise DataError("is a folder, not a file", file=name)
        if not stat.S_ISREG(st.st_mode):
            raise DataError("is not a regular file", file=name)
        if st.st_size > limit:
            raise DataError(
                f"the file is {st.st_size:,} bytes, more than the {limit:,} bytes "
                "natoanalysis reads (is it the right file?)",
                file=name,
            )
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise DataError(f"the file grew past {limit:,} bytes while it was read", file=name)
        return data
    except FileNotFoundError:
        raise DataError("listed in datapackage.json but missing on disk", file=name) from None
    except PermissionError:
        raise DataError("cannot be read: permission denied", file=name) from None
    except OSError as exc:
        raise DataError(f"cannot be read: {exc.strerror or exc}", file=name) from None


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a leading BOM dropped), or a :class:`DataError` with line and byte offset."""
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


# --------------------------------------------------------------------------
# The descriptor


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
    """The data handle: a data folder and its parsed, checked ``datapackage.json``.

    Construct it with :func:`load_package`. The descriptor is checked as a
    whole when the handle is made (resources a list, every resource path
    confined, every field's type, pattern and bounds usable, ``x-as-of``
    a date), so a broken descriptor fails at once with a :class:`DataError`.

    >>> pkg = load_package()
    >>> "members" in pkg.table_names
    True
    >>> pkg.resource("members").primary_key
    ('iso3',)
    >>> pkg.as_of >= pd.Timestamp("2026-01-01")
    True
    """

    def __init__(self, root: Path, descriptor: dict[str, Any]) -> None:
        self.root = Path(os.path.realpath(root))
        self.descriptor = descriptor
        self._resources: dict[str, Resource] = {}
        self._paths: dict[str, str] = {}
        self._raw_columns: dict[Any, set[str]] = {}
        res_list = descriptor.get("resources")
        if not isinstance(res_list, list) or not res_list:
            raise DataError("'resources' must be a non-empty list of resources", file=DESCRIPTOR)
        for i, res in enumerate(res_list):
            if not isinstance(res, dict) or not isinstance(res.get("name"), str):
                raise DataError(f"resources[{i}] must be an object with a 'name'", file=DESCRIPTOR)
            if res["name"] in self._paths:
                raise DataError(f"resource name {res['name']!r} appears twice", file=DESCRIPTOR)
            confine(self.root, res.get("path"), f"resource {res['name']!r}")
            self._paths[res["name"]] = res["path"]
            parsed = _parse_resource(res, i)
            if parsed is not None:
                self._resources[parsed.name] = parsed
        self.as_of = _descriptor_date(descriptor.get("x-as-of"), "x-as-of")
        article = descriptor.get("x-article")
        if article is not None:
            if not isinstance(article, dict):
                raise DataError("'x-article' must be an object", file=DESCRIPTOR)
            confine(self.root, article.get("path"), "x-article")

    def __repr__(self) -> str:
        return f"DataPackage({str(self.root)!r})"

    @property
    def table_names(self) -> list[str]:
        """Names of the tabular resources, in the descriptor's order."""
        return list(self._resources)

    @property
    def resource_names(self) -> list[str]:
        """Names of every resource (tables, the article, the map shapes)."""
        return list(self._paths)

    def resource(self, name: str) -> Resource:
        try:
            return self._resources[name]
        except KeyError:
            known = ", ".join(self._resources)
            raise DataError(
                f"no table named {name!r} in the data package (tables: {known})",
                file=DESCRIPTOR,
            ) from None

    def resource_path(self, name: str) -> str:
        """The path of resource ``name`` as the descriptor writes it (relative)."""
        try:
            return self._paths[name]
        except KeyError:
            raise DataError(f"no resource named {name!r}", file=DESCRIPTOR) from None

    def file(self, rel: str, what: str | None = None) -> Path:
        """The real path of ``rel`` inside the folder (checked again at every use)."""
        return confine(self.root, rel, what or f"path {rel!r}")

    def read_bytes(self, rel: str, limit: int = MAX_FILE_BYTES) -> bytes:
        """A confined file's bytes; every failure is a :class:`DataError` naming it."""
        return read_file(self.file(rel), rel, limit)

    def read_text(self, rel: str) -> str:
        return decode(self.read_bytes(rel), rel)

    def stamp(self) -> tuple[Any, ...]:
        """Modification stamps of the descriptor and every resource (a cache key)."""
        out: list[Any] = [str(self.root)]
        for rel in [DESCRIPTOR, *self._paths.values()]:
            try:
                st = os.stat(self.root / rel)
                out.append((rel, st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append((rel, None))
        return tuple(out)

    @cached_property
    def article(self) -> dict[str, Any]:
        """``x-article`` with ``published_window`` as two Timestamps."""
        meta = self.descriptor.get("x-article")
        if not isinstance(meta, dict):
            raise DataError("'x-article' is missing", file=DESCRIPTOR)
        out = dict(meta)
        window = meta.get("published_window")
        if not isinstance(window, list) or len(window) != 2:
            raise DataError("x-article.published_window must be two dates", file=DESCRIPTOR)
        first, last = (_descriptor_date(d, "x-article.published_window") for d in window)
        if last < first:
            raise DataError("x-article.published_window ends before it starts", file=DESCRIPTOR)
        out["published_window"] = [first, last]
        return out

    def article_text(self) -> str:
        """The article, exactly as the spans in the tables index it."""
        return self.read_text(self.article["path"])

    @cached_property
    def sources(self) -> list[dict[str, Any]]:
        return list(self.descriptor.get("sources") or [])


def _descriptor_date(value: Any, key: str) -> pd.Timestamp:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        raise DataError(
            f"{key!r} must be a date written YYYY-MM-DD, not {value!r}", file=DESCRIPTOR
        )
    try:
        d = date.fromisoformat(value)
    except ValueError:
        raise DataError(f"{key!r}: {value!r} is not a valid date", file=DESCRIPTOR) from None
    if not _DATE_RANGE[0] <= d <= _DATE_RANGE[1]:
        raise DataError(f"{key!r}: {value!r} is out of range", file=DESCRIPTOR)
    return pd.Timestamp(d)


def _parse_resource(res: dict[str, Any], index: int) -> Resource | None:
    schema = res.get("schema")
    if schema is None:  # a non-tabular resource (e.g. the article text)
        return None
    where = f"resource {res['name']!r}"
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        raise DataError(f"{where}: schema.fields must be a list", file=DESCRIPTOR)
    fields = []
    for j, f in enumerate(schema["fields"]):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str):
            raise DataError(f"{where}: fields[{j}] must be an object with a name", file=DESCRIPTOR)
        cons = f.get("constraints") or {}
        if not isinstance(cons, dict):
            raise DataError(
                f"{where}: constraints must be an object", file=DESCRIPTOR, column=f["name"]
            )
        fields.append(
            Field(
                name=f["name"],
                type=f.get("type", "string"),
                description=str(f.get("description", "")),
                constraints=dict(cons),
                descriptor=f,
            )
        )
    names = [f.name for f in fields]
    for field in fields:
        _check_field(field, names, where)
    pk = schema.get("primaryKey", [])
    pk_t = (pk,) if isinstance(pk, str) else tuple(pk)
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise DataError(f"{where}: foreignKeys must be a list", file=DESCRIPTOR)
    for k in pk_t:
        if k not in names:
            raise DataError(f"{where}: primary key field {k!r} is not a field", file=DESCRIPTOR)
    return Resource(
        name=res["name"],
        path=res["path"],
        title=str(res.get("title", res["name"])),
        description=str(res.get("description", "")),
        fields=tuple(fields),
        primary_key=pk_t,
        foreign_keys=tuple(fks),
        descriptor=res,
    )


def _check_field(field: Field, names: list[str], where: str) -> None:
    """A field's type, pattern, bounds and x- rules must be usable, or DataError."""

    def bad(problem: str) -> DataError:
        return DataError(
            f"{where}, field {field.name!r}: {problem}", file=DESCRIPTOR, column=field.name
        )

    if field.type not in _TYPES:
        raise bad(f"type {field.type!r} is not supported (use one of {', '.join(_TYPES)})")
    cons = field.constraints
    pattern = cons.get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error as exc:
            raise bad(f"pattern {pattern!r} is not a valid regular expression: {exc}") from None
    for bound in ("minimum", "maximum"):
        if bound in cons:
            try:
                _parse_cell(str(cons[bound]), field.type, field)
            except ValueError as exc:
                raise bad(f"{bound} {cons[bound]!r} is not a valid {field.type}: {exc}") from None
    enum = cons.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        raise bad("enum must be a non-empty list")
    for key in ("x-at-least", "x-missing-reason", "x-iso3166-of", "x-year-of"):
        other = field.descriptor.get(key)
        if other is not None and other not in names:
            raise bad(f"{key} names {other!r}, which is not a field of the table")
    iff = field.descriptor.get("x-true-iff")
    if iff is not None and (not isinstance(iff, dict) or iff.get("field") not in names):
        raise bad("x-true-iff must be {'field': <a field>, 'equals': <value>}")
    span = field.descriptor.get("x-article-span")
    if span is not None and (
        not isinstance(span, list) or len(span) != 2 or any(s not in names for s in span)
    ):
        raise bad("x-article-span must name two fields (start, end)")
    iso = field.descriptor.get("x-iso3166")
    if iso is not None and iso not in ("alpha-3", "alpha-2"):
        raise bad("x-iso3166 must be 'alpha-3' or 'alpha-2'")


_PACKAGES: dict[tuple[str, int, int, int], DataPackage] = {}


def load_package(path: PathLike | DataPackage | None = None) -> DataPackage:
    """The data handle for a folder (a path, a handle, or the default; see :func:`data_dir`).

    Cached while ``datapackage.json`` is unchanged; a handle passed in is
    returned as it is.
    """
    if isinstance(path, DataPackage):
        return path
    root = data_dir(path)
    file = root / DESCRIPTOR
    try:
        st = file.stat()
    except OSError:
        raise DataError(
            f"{file} not found; point {ENV_DATA_DIR} or data_dir= at a folder holding "
            "datapackage.json",
            file=DESCRIPTOR,
        ) from None
    key = (os.path.realpath(file), st.st_mtime_ns, st.st_size, st.st_ino)
    pkg = _PACKAGES.get(key)
    if pkg is None:
        text = decode(read_file(file, DESCRIPTOR), DESCRIPTOR)
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(
                f"not valid JSON: {exc.msg} (column {exc.colno})",
                file=DESCRIPTOR,
                line=exc.lineno,
            ) from None
        except RecursionError:
            raise DataError("not valid JSON: nested too deeply", file=DESCRIPTOR) from None
        if not isinstance(descriptor, dict):
            raise DataError("the descriptor must be a JSON object", file=DESCRIPTOR)
        pkg = DataPackage(root, descriptor)
        if len(_PACKAGES) > 32:
            _PACKAGES.clear()
        _PACKAGES[key] = pkg
    return pkg


# --------------------------------------------------------------------------
# Reading one CSV


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
        if stat.S_ISREG(st.st_mode) and st.st_size <= MAX_TABLE_BYTES:
            return open(path, "rb")
    except OSError:
        pass
    read_file(path, name, MAX_TABLE_BYTES)  # raises the DataError that says why
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


def _fail(name: str, line: int, col: str, problem: str) -> DataError:
    return DataError(problem, file=name, line=line, column=col)


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


def describe(name: str, data_dir: PathLike | DataPackage | None = None) -> pd.DataFrame:
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
