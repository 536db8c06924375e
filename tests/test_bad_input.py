"""A corrupted copy of the data must fail loudly, naming file, line and column."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import natoanalysis as na
from natoanalysis import DataError


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _line_of(path: Path, startswith: str) -> int:
    return next(i for i, line in enumerate(_lines(path), 1) if line.startswith(startswith))


def test_missing_column(data_copy):
    f = data_copy / "members.csv"
    rows = [line.split(",", 6) for line in _lines(f)]
    f.write_text("\n".join(",".join(r[:5] + r[6:]) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv" and e.value.column == "region"
    assert "missing" in str(e.value)


def test_extra_column(data_copy):
    f = data_copy / "members.csv"
    f.write_text("\n".join(line + ",x" for line in _lines(f)) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="unexpected column 'x'") as e:
        na.load_members(data_copy)
    assert e.value.column == "x" and e.value.line == 1


def test_renamed_column(data_copy):
    _edit(data_copy / "members.csv", ",region,", ",regoin,")
    with pytest.raises(DataError, match="renamed") as e:
        na.load_members(data_copy)
    assert e.value.column == "regoin"
    assert "'region'" in str(e.value)


def test_bad_date(data_copy):
    f = data_copy / "members.csv"
    _edit(f, "SWE,SE,Sweden,2024-03-07", "SWE,SE,Sweden,2024-13-07")
    with pytest.raises(DataError) as e:
        na.load_members(data_copy)
    err = e.value
    assert (err.file, err.column, err.line) == ("members.csv", "accession_date", _line_of(f, "SWE"))
    assert "'2024-13-07' is not a valid date" in str(err)
    assert f"line {err.line} (data row {err.line - 1})" in str(err)


def test_date_out_of_range(data_copy):
    f = data_copy / "members.csv"
    _edit(f, "SWE,SE,Sweden,2024-03-07", "SWE,SE,Sweden,1848-03-07")
    with pytest.raises(DataError, match="out of range") as e:
        na.load_members(data_copy)
    assert e.value.column == "accession_date" and e.value.line == _line_of(f, "SWE")


def test_wrong_type(data_copy):
    f = data_copy / "members.csv"
    _edit(f, "2024-03-07,2024,Europe,false", "2024-03-07,2024,Europe,perhaps")
    with pytest.raises(DataError, match="'perhaps' is not a boolean") as e:
        na.load_members(data_copy)
    assert e.value.column == "is_founder" and e.value.line == _line_of(f, "SWE")


def test_value_outside_enum(data_copy):
    f = data_copy / "members.csv"
    _edit(f, "2024-03-07,2024,Europe", "2024-03-07,2025,Europe")
    with pytest.raises(DataError, match="'2025' is not one of the allowed values") as e:
        na.load_members(data_copy)
    assert e.value.column == "wave"


def test_duplicate_key(data_copy):
    f = data_copy / "members.csv"
    lines = _lines(f)
    lines.append(lines[-1])
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="duplicate primary key") as e:
        na.load_members(data_copy)
    assert e.value.column == "iso3" and e.value.line == len(lines)


def test_unknown_iso_code(data_copy):
    f = data_copy / "members.csv"
    _edit(f, "SWE,SE,Sweden", "SWX,SE,Sweden")
    with pytest.raises(DataError, match="'SWX' is not an ISO 3166-1 alpha-3") as e:
        na.load_members(data_copy)
    assert e.value.column == "iso3" and e.value.line == _line_of(f, "SWX")


def test_dangling_source_id(data_copy):
    f = data_copy / "members.csv"
    sid = na.load_members().set_index("iso3").loc["SWE", "source_id"]
    text = f.read_text(encoding="utf-8")
    line = _line_of(f, "SWE")
    lines = text.splitlines()
    lines[line - 1] = lines[line - 1].replace(sid, "no_such_source")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="'no_such_source' does not match any source_id") as e:
        na.load_members(data_copy)
    assert (e.value.column, e.value.line) == ("source_id", line)
    assert "sources.csv" in str(e.value)


def test_empty_file(data_copy):
    (data_copy / "members.csv").write_bytes(b"")
    with pytest.raises(DataError, match="empty") as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv"


def test_header_only(data_copy):
    f = data_copy / "members.csv"
    f.write_text(_lines(f)[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="no data rows") as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv"


def test_not_utf8(data_copy):
    f = data_copy / "members.csv"
    raw = f.read_bytes()
    pos = raw.index("Türkiye".encode())
    f.write_bytes(raw.replace("Türkiye".encode(), "Türkiye".encode("latin-1")))
    with pytest.raises(DataError, match="not UTF-8") as e:
        na.load_members(data_copy)
    assert e.value.offset == pos + 1  # the byte after "T"
    assert e.value.line == _line_of_bytes(raw, pos)


def _line_of_bytes(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def test_truncated_last_line(data_copy):
    f = data_copy / "members.csv"
    raw = f.read_text(encoding="utf-8").rstrip("\n")
    f.write_text(raw[: raw.rindex(",Europe,")], encoding="utf-8")
    with pytest.raises(DataError, match="fewer than the 9 columns") as e:
        na.load_members(data_copy)
    assert e.value.line == 33


def test_descriptor_not_json(data_copy):
    f = data_copy / "datapackage.json"
    f.write_text(f.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON") as e:
        na.load_members(data_copy)
    assert e.value.file == "datapackage.json" and e.value.line


def test_table_missing_on_disk(data_copy):
    (data_copy / "members.csv").unlink()
    with pytest.raises(DataError, match="missing on disk") as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv"


def test_unknown_table():
    with pytest.raises(DataError, match="no table named 'nope'"):
        na.load_table("nope")


def test_bom_and_crlf_are_the_same_data(data_copy):
    f = data_copy / "members.csv"
    text = f.read_text(encoding="utf-8")
    f.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert na.load_members(data_copy).equals(na.load_members())


def test_environment_variable_points_elsewhere(data_copy, monkeypatch):
    _edit(data_copy / "members.csv", "SWE,SE,Sweden", "SWE,SE,Kingdom of Sweden")
    monkeypatch.setenv("NATOANALYSIS_DATA_DIR", str(data_copy))
    names = set(na.load_members()["name"])
    assert "Kingdom of Sweden" in names


def test_edits_are_seen_without_restart(data_copy):
    assert "Sverige" not in set(na.load_members(data_copy)["name"])
    _edit(data_copy / "members.csv", "SWE,SE,Sweden", "SWE,SE,Sverige")
    assert "Sverige" in set(na.load_members(data_copy)["name"])


def test_descriptor_names_a_missing_field(data_copy):
    f = data_copy / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    d["resources"][0]["schema"]["fields"].append({"name": "capital", "type": "string"})
    f.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(DataError, match="'capital' is missing") as e:
        na.load_members(data_copy)
    assert e.value.column == "capital"
