"""Corrupt one thing at a time in every table; each must fail loudly and precisely.

Complements test_bad_input.py (which walks through every kind of damage on
the members table) by applying the damage that fits each table's schema to
every table of the data package, through the public loaders.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import natoanalysis as na
from natoanalysis import DataError
from natoanalysis.datapackage import load_package

PKG = load_package()
TABLES = PKG.table_names


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _first(name: str, types: set[str]) -> str | None:
    for f in PKG.resource(name).fields:
        if f.type in types and f.enum is None:
            return f.name
    return None


def _load(name: str, folder: Path):
    return na.load_table(name, folder)


@pytest.mark.parametrize("name", TABLES)
def test_duplicate_primary_key(name, data_copy):
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    rows.append(rows[1])
    _write(path, rows)
    with pytest.raises(DataError, match=r"duplicate primary key|must be unique") as e:
        _load(name, data_copy)
    assert e.value.file == PKG.resource(name).path
    assert e.value.line == len(rows)


@pytest.mark.parametrize("name", [t for t in TABLES if t != "sources"])
def test_dangling_source_id(name, data_copy):
    res = PKG.resource(name)
    if "source_id" not in res.field_names:
        pytest.skip(f"{name} has no source_id")
    path = data_copy / res.path
    rows = _read(path)
    j = rows[0].index("source_id")
    rows[-1][j] = "no_such_source"
    _write(path, rows)
    with pytest.raises(DataError, match="'no_such_source' does not match any source_id") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == ("source_id", len(rows))


@pytest.mark.parametrize("name", TABLES)
def test_missing_last_column(name, data_copy):
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    dropped = rows[0][-1]
    _write(path, [r[:-1] for r in rows])
    with pytest.raises(DataError, match="missing") as e:
        _load(name, data_copy)
    assert e.value.column == dropped and e.value.line == 1


@pytest.mark.parametrize("name", TABLES)
def test_header_only(name, data_copy):
    path = data_copy / PKG.resource(name).path
    _write(path, _read(path)[:1])
    with pytest.raises(DataError, match="no data rows"):
        _load(name, data_copy)


@pytest.mark.parametrize("name", TABLES)
def test_bad_date(name, data_copy):
    col = _first(name, {"date"})
    if col is None:
        pytest.skip(f"{name} has no date column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[2][j] = "2024-02-30"
    _write(path, rows)
    with pytest.raises(DataError, match="'2024-02-30' is not a valid date") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, 3)


@pytest.mark.parametrize("name", TABLES)
def test_wrong_type_in_a_number_column(name, data_copy):
    col = _first(name, {"integer", "number", "year"})
    if col is None:
        pytest.skip(f"{name} has no numeric column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[1][j] = "twelve"
    _write(path, rows)
    with pytest.raises(DataError, match="'twelve' is not a") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, 2)


@pytest.mark.parametrize("name", TABLES)
def test_missing_on_disk(name, data_copy):
    (data_copy / PKG.resource(name).path).unlink()
    with pytest.raises(DataError, match="missing on disk"):
        _load(name, data_copy)


@pytest.mark.parametrize("name", TABLES)
def test_crlf_and_bom_load_the_same(name, data_copy):
    path = data_copy / PKG.resource(name).path
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    got = _load(name, data_copy)
    want = na.load_table(name)
    assert got.drop(columns=[c for c in got if got[c].dtype == object]).equals(
        want.drop(columns=[c for c in want if want[c].dtype == object])
    )


def _string_column(name: str) -> str:
    res = PKG.resource(name)
    return next(
        f.name
        for f in res.fields
        if f.type == "string"
        and f.enum is None
        and "pattern" not in f.constraints
        and not any(k.startswith("x-") for k in f.descriptor)
        and f.name not in res.primary_key
    )


def _physical_line(path: Path, record: int) -> int:
    """The physical line that data record ``record`` (1-based) starts on."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    prev = 0
    for n, _ in enumerate(reader):
        if n == record:
            return prev + 1
        prev = reader.line_num
    raise AssertionError(record)


@pytest.mark.parametrize("name", TABLES)
def test_nul_byte_in_a_text_cell(name, data_copy):
    col = _string_column(name)
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[2][j] = "before\x00after"
    _write(path, rows)
    with pytest.raises(DataError, match="control character U\\+0000") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, _physical_line(path, 2))


@pytest.mark.parametrize("digits", ["\uff11\uff12", "\u0661\u0662", "12\n"])
@pytest.mark.parametrize("name", TABLES)
def test_non_ascii_digits_are_not_numbers(name, digits, data_copy):
    col = _first(name, {"integer", "number", "year"})
    if col is None:
        pytest.skip(f"{name} has no numeric column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[1][j] = digits
    _write(path, rows)
    with pytest.raises(DataError, match="is not a") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, 2)


@pytest.mark.parametrize("name", TABLES)
def test_integer_overflow(name, data_copy):
    col = _first(name, {"integer"})
    if col is None:
        pytest.skip(f"{name} has no integer column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[-1][j] = "9" * 30
    _write(path, rows)
    with pytest.raises(DataError, match="too large") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, _physical_line(path, len(rows) - 1))


@pytest.mark.parametrize("value", ["0001-01-01", "2300-01-01"])
@pytest.mark.parametrize("name", TABLES)
def test_date_outside_what_pandas_holds(name, value, data_copy):
    col = _first(name, {"date"})
    if col is None:
        pytest.skip(f"{name} has no date column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    j = rows[0].index(col)
    rows[-1][j] = value
    _write(path, rows)
    with pytest.raises(DataError, match="out of range") as e:
        _load(name, data_copy)
    assert (e.value.column, e.value.line) == (col, _physical_line(path, len(rows) - 1))


@pytest.mark.parametrize("name", TABLES)
def test_line_numbers_are_physical_after_a_multiline_cell(name, data_copy):
    col = _first(name, {"date"}) or _first(name, {"integer", "number", "year"})
    if col is None:
        pytest.skip(f"{name} has no date or numeric column")
    path = data_copy / PKG.resource(name).path
    rows = _read(path)
    text_col = rows[0].index(_string_column(name))
    rows[1][text_col] = "one\ntwo\nthree"
    rows[-1][rows[0].index(col)] = "not-a-value"
    _write(path, rows)
    with pytest.raises(DataError) as e:
        _load(name, data_copy)
    physical = _physical_line(path, len(rows) - 1)
    assert physical >= len(rows) + 2  # the three-line cell shifted the lines
    assert (e.value.column, e.value.line) == (col, physical)
