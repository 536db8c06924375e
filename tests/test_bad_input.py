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


# --------------------------------------------------------------------------
# The catalogue: every fault a copied and edited data folder can carry.
#
# Each entry damages a fresh copy one way and names the loader that must
# refuse it and where the error must point (file, physical line, column).
# The same fault must be listed, with the same message, by ``validate``
# (one verdict), and ``natoanalysis validate`` must exit 1 without a
# traceback.


def _rows(path: Path) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def _set(path: Path, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first cell is ``key``; return its physical line."""
    rows = _rows(path)
    j = rows[0].index(column)
    i = next(i for i, r in enumerate(rows) if r and r[0] == key)
    rows[i][j] = value
    _write_rows(path, rows)
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index("\n" + key + ",") + 1) + 1


def _descriptor(folder: Path, edit) -> None:
    f = folder / "datapackage.json"
    d = json.loads(f.read_text(encoding="utf-8"))
    edit(d)
    f.write_text(json.dumps(d, indent=2), encoding="utf-8")


def _field(d: dict, resource: str, field: str) -> dict:
    res = next(r for r in d["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == field)


def _first_key(folder: Path, name: str) -> str:
    return _rows(folder / name)[1][0]


def _int_overflow(d: Path):
    key = _first_key(d, "secretaries_general.csv")
    line = _set(d / "secretaries_general.csv", key, "official_number", "99999999999999999999")
    return "secretaries_general.csv", line, "official_number", "too large"


def _date(value: str):
    def apply(d: Path):
        line = _set(d / "sources.csv", "article", "published_date", value)
        return "sources.csv", line, "published_date", "out of range"

    return apply


def _folder_instead_of_file(d: Path):
    (d / "members.csv").unlink()
    (d / "members.csv").mkdir()
    return "members.csv", None, None, "is a folder"


def _symlink_loop(d: Path):
    (d / "members.csv").unlink()
    (d / "members.csv").symlink_to("members.csv")
    return "members.csv", None, None, "cannot be read"


def _resources_null(d: Path):
    _descriptor(d, lambda x: x.update(resources=None))
    return "datapackage.json", None, None, "'resources' must be"


def _no_as_of(d: Path):
    _descriptor(d, lambda x: x.pop("x-as-of"))
    return "datapackage.json", None, None, "x-as-of"


def _bad_pattern(d: Path):
    _descriptor(d, lambda x: _field(x, "members", "iso3")["constraints"].update(pattern="[A-Z"))
    return "datapackage.json", None, "iso3", "not a valid regular expression"


def _bad_bound(d: Path):
    _descriptor(
        d,
        lambda x: _field(x, "members", "accession_date")["constraints"].update(maximum="someday"),
    )
    return "datapackage.json", None, "accession_date", "maximum 'someday' is not a valid date"


def _article_missing(d: Path):
    (d / "article.txt").unlink()
    return "article.txt", None, None, "missing on disk"


def _article_not_utf8(d: Path):
    f = d / "article.txt"
    raw = f.read_bytes()
    f.write_bytes(raw + b"\nCaf\xe9\n")
    return "article.txt", raw.count(b"\n") + 2, None, "not UTF-8"


def _geojson_no_features(d: Path):
    (d / "country_shapes.geojson").write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    return "country_shapes.geojson", None, None, "no features"


def _geojson_bad_feature(d: Path):
    f = d / "country_shapes.geojson"
    doc = json.loads(f.read_text(encoding="utf-8"))
    doc["features"][3]["geometry"] = {"type": "Polygon", "coordinates": [[1.0, 2.0]]}
    f.write_text(json.dumps(doc), encoding="utf-8")
    return "country_shapes.geojson", None, None, "feature 3 is not a valid"


def _end_before_start(d: Path):
    key = _first_key(d, "secretaries_general.csv")
    line = _set(d / "secretaries_general.csv", key, "end_date", "1952-01-02")
    return "secretaries_general.csv", line, "end_date", "must be at least start_date"


def _spending_row(d: Path, iso3: str) -> tuple[list[list[str]], int]:
    rows = _rows(d / "defence_spending.csv")
    return rows, next(i for i, r in enumerate(rows) if r[0] == iso3 and r[1] == "2024")


def _blank_without_reason(d: Path):
    rows, i = _spending_row(d, "ALB")
    rows[i][2] = ""
    _write_rows(d / "defence_spending.csv", rows)
    return "defence_spending.csv", i + 1, "pct_gdp", "does not say why"


def _value_with_reason(d: Path):
    rows, i = _spending_row(d, "ISL")
    rows[i][2] = "0.1"
    _write_rows(d / "defence_spending.csv", rows)
    return "defence_spending.csv", i + 1, "missing_reason", "not both"


def _spending_value(value: str):
    def apply(d: Path):
        rows, i = _spending_row(d, "ALB")
        rows[i][2] = value
        _write_rows(d / "defence_spending.csv", rows)
        return "defence_spending.csv", i + 1, "pct_gdp", "is not a number"

    return apply


def _nul_in_cell(d: Path):
    line = _set(d / "members.csv", "SWE", "notes", "before\x00after")
    return "members.csv", line, "notes", "control character U+0000"


def _founder_vs_wave(d: Path):
    line = _set(d / "members.csv", "SWE", "is_founder", "true")
    return "members.csv", line, "is_founder", "true exactly when wave is 1949"


def _iso2_vs_iso3(d: Path):
    line = _set(d / "members.csv", "SWE", "iso2", "SV")
    return "members.csv", line, "iso2", "is not the alpha-2 code of 'SWE'"


def _claim_span(d: Path):
    key = _first_key(d, "claims.csv")
    rows = _rows(d / "claims.csv")
    j = rows[0].index("quote")
    line = _set(d / "claims.csv", key, "quote", rows[1][j] + " (edited)")
    return "claims.csv", line, "article_start", "not the quote"


def _line_after_multiline_cell(d: Path):
    # A quoted three-line note on an earlier row: the error must still name
    # the physical line of the bad row, not its record number.
    _set(d / "members.csv", "BEL", "notes", "first line\nsecond line\nthird line")
    line = _set(d / "members.csv", "SWE", "accession_date", "2024-13-07")
    return "members.csv", line, "accession_date", "is not a valid date"


CATALOGUE = {
    "integer overflow": (_int_overflow, "load_secretaries_general"),
    "date 0001-01-01": (_date("0001-01-01"), "load_sources"),
    "date 2300-01-01": (_date("2300-01-01"), "load_sources"),
    "folder where a file should be": (_folder_instead_of_file, "load_members"),
    "symlink loop": (_symlink_loop, "load_members"),
    '"resources": null': (_resources_null, "load_members"),
    "no x-as-of": (_no_as_of, "load_members"),
    "bad pattern regex": (_bad_pattern, "load_members"),
    "bad bound": (_bad_bound, "load_members"),
    "article.txt missing": (_article_missing, "load_article_text"),
    "article.txt not UTF-8": (_article_not_utf8, "load_article_text"),
    "GeoJSON without features": (_geojson_no_features, "load_country_shapes"),
    "GeoJSON malformed feature": (_geojson_bad_feature, "load_country_shapes"),
    "end before start": (_end_before_start, "load_secretaries_general"),
    "blank value without missing_reason": (_blank_without_reason, "load_defence_spending"),
    "value with missing_reason": (_value_with_reason, "load_defence_spending"),
    "full-width digits": (_spending_value("\uff12.\uff11"), "load_defence_spending"),
    "Arabic-Indic digits": (_spending_value("\u0662.\u0661"), "load_defence_spending"),
    "number with a newline": (_spending_value("2.1\n"), "load_defence_spending"),
    "NUL byte in a cell": (_nul_in_cell, "load_members"),
    "is_founder disagrees with wave": (_founder_vs_wave, "load_members"),
    "iso2 is not iso3's": (_iso2_vs_iso3, "load_members"),
    "claim words do not match span": (_claim_span, "load_claims"),
    "line after a multi-line cell": (_line_after_multiline_cell, "load_members"),
}


@pytest.mark.parametrize("fault", list(CATALOGUE))
def test_catalogue_loader_and_validate_agree(fault, data_copy):
    from natoanalysis.validate import validate

    damage, loader = CATALOGUE[fault]
    file, line, column, words = damage(data_copy)
    with pytest.raises(DataError) as e:
        getattr(na, loader)(data_copy)
    err = e.value
    assert words in str(err)
    assert (err.file, err.line, err.column) == (file, line, column)
    # One verdict: validate lists exactly what the loader refused.
    problems = validate(data_copy)
    assert str(err) in problems


@pytest.mark.parametrize("fault", ["integer overflow", '"resources": null', "symlink loop"])
def test_catalogue_cli_validate_lists_without_traceback(fault, data_copy, capsys):
    from natoanalysis import cli

    CATALOGUE[fault][0](data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "problem(s) found" in err and "Traceback" not in err


def test_unreadable_file_is_a_data_error(data_copy, monkeypatch):
    """A file without read permission (simulated: the suite may run as root)."""
    import builtins

    from natoanalysis import _reader, datapackage
    from natoanalysis.validate import validate

    real_open = builtins.open

    def guarded(path, *args, **kwargs):
        if str(path).endswith("members.csv"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    # Both modules that open data files: the table reader and the whole-file reader.
    for module in (_reader, datapackage):
        monkeypatch.setattr(module, "open", guarded, raising=False)
    with pytest.raises(DataError, match="permission denied") as e:
        na.load_members(data_copy)
    assert e.value.file == "members.csv"
    assert str(e.value) in validate(data_copy)


def test_cross_table_checks_run_however_the_folder_is_given(data_copy, monkeypatch, capsys):
    from natoanalysis import cli

    _founder_vs_wave(data_copy)
    assert cli.main(["validate", "--data-dir", str(data_copy)]) == 1
    by_argument = capsys.readouterr().err
    monkeypatch.setenv("NATOANALYSIS_DATA_DIR", str(data_copy))
    assert cli.main(["validate"]) == 1
    by_environment = capsys.readouterr().err
    assert "is_founder" in by_argument
    assert by_argument == by_environment


def test_trailing_blank_lines_load_and_validate(data_copy):
    from natoanalysis.validate import validate

    f = data_copy / "members.csv"
    f.write_text(f.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert na.load_members(data_copy).equals(na.load_members())
    assert validate(data_copy) == []


def test_blank_line_inside_a_table(data_copy):
    f = data_copy / "members.csv"
    lines = _lines(f)
    lines.insert(5, "")
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="blank line") as e:
        na.load_members(data_copy)
    assert e.value.line == 6


@pytest.mark.parametrize("length", [150_000, 120_000])
def test_long_cells_get_one_verdict(length, data_copy):
    """A very long cell: the loaders and validate give the same answer."""
    from natoanalysis.validate import validate

    line = _set(data_copy / "members.csv", "SWE", "notes", "x" * length)
    try:
        na.load_members(data_copy)
    except DataError as exc:
        assert length > 131_072 and exc.line == line and "longer than" in str(exc)
        assert validate(data_copy) == [str(exc)]
    else:
        assert length <= 131_072
        assert validate(data_copy) == []
