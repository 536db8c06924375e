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

import json
import os
import re
import stat
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
#: The longest cell a table may hold (the csv module's default limit).
CELL_LIMIT = 131_072

_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
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
    return bundled_data_dir()


def bundled_data_dir() -> Path:
    """Return the data package that ships with natoanalysis, ignoring any override.

    >>> bundled_data_dir() == data_dir() or "NATOANALYSIS_DATA_DIR" in os.environ
    True
    """
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
    from ._reader import _parse_cell

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


# Reading a table lives in two private modules: ._reader (the streaming CSV
# scan, header and cell checks, dtypes) and ._rules (the x- row rules and
# foreign keys). read_table is public here, where it always was.
from ._reader import read_table  # noqa: E402
