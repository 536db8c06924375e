"""Every table of the data package, checked the same way (like vega_datasets' tests)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import natoanalysis as na
from natoanalysis.datapackage import load_package

PKG = load_package()
TABLES = PKG.table_names

PANDAS_KIND = {
    "string": "string",
    "integer": "Int64",
    "year": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[ns]",
}


def test_descriptor_is_valid_json_with_licence_and_sources():
    raw = json.loads((na.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert raw["licenses"], "the data package must state a licence"
    assert raw["sources"], "the data package must name its sources"
    assert {"members", "sources"} <= set(TABLES)


def test_frictionless_validates_the_package():
    """The bundled package is a standard Frictionless data package (for non-Python users).

    Frictionless is not part of ``natoanalysis validate``: the loaders' rules
    are the one verdict. This checks only that other tools can open the data.
    """
    from frictionless import Package, system

    with system.use_context(trusted=False):
        report = Package(str(na.data_dir() / "datapackage.json")).validate()
    problems = [e.message for task in report.tasks for e in task.errors]
    problems += [e.message for e in report.errors]
    assert problems == []


def test_table_names_match_descriptor():
    assert na.table_names() == TABLES


@pytest.mark.parametrize("name", TABLES)
def test_every_column_is_described(name):
    res = PKG.resource(name)
    assert res.description, f"{name} has no description"
    for field in res.fields:
        assert len(field.description) > 15, f"{name}.{field.name} is not described"


@pytest.mark.parametrize("name", TABLES)
def test_dtypes_follow_the_descriptor(name):
    df = na.load_table(name)
    res = PKG.resource(name)
    assert list(df.columns[: len(res.fields)]) == res.field_names
    for field in res.fields:
        dtype = df[field.name].dtype
        if field.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype), field.name
            assert dtype.ordered == bool(field.descriptor.get("x-ordered", False))
            assert [str(c) for c in dtype.categories] == [str(e) for e in field.enum]
        else:
            assert str(dtype) == PANDAS_KIND[field.type], (name, field.name, dtype)


@pytest.mark.parametrize("name", TABLES)
def test_primary_key_is_unique_and_complete(name):
    res = PKG.resource(name)
    df = na.load_table(name)
    assert res.primary_key, f"{name} has no primary key"
    key = df[list(res.primary_key)]
    assert not key.isna().any().any()
    assert not key.duplicated().any()


@pytest.mark.parametrize("name", TABLES)
def test_foreign_keys_resolve(name):
    res = PKG.resource(name)
    df = na.load_table(name)
    for fk in res.foreign_keys:
        (col,) = fk["fields"]
        ref = fk["reference"]
        (ref_col,) = ref["fields"]
        target = na.load_table(ref.get("resource") or name)[ref_col]
        values = df[col].dropna().astype(str)
        if res.field(col).descriptor.get("x-list"):
            values = values.str.split(";").explode()
        assert set(values) <= set(target.astype(str)), f"{name}.{col} -> {ref['resource']}"


@pytest.mark.parametrize("name", [t for t in TABLES if t != "sources"])
def test_every_row_has_a_source(name):
    df = na.load_table(name)
    col = "source_id" if "source_id" in df else None
    assert col, f"{name} has no source_id column"
    assert df[col].notna().all()


def test_loaders_return_fresh_copies():
    a = na.load_members()
    a.loc[0, "name"] = "changed"
    assert na.load_members().loc[0, "name"] != "changed"


def test_sources_have_urls_and_access_dates():
    sources = na.load_sources()
    assert sources["accessed_date"].notna().all()
    others = sources[sources["source_id"] != "article"]
    assert others["url"].str.match(r"https?://").all()
    assert sources["source_id"].is_unique


def test_every_source_is_used():
    sources = set(na.load_sources()["source_id"])
    used = {"article"}
    for name in TABLES:
        df = na.load_table(name)
        for col in df.columns:
            if col == "source_id" and name != "sources":
                used |= set(df[col].dropna())
            elif col.endswith("source_ids"):  # ";"-lists that reference sources
                used |= {s for v in df[col].dropna() for s in str(v).split(";")}
    assert sources == used


def test_article_ships_as_a_resource():
    resource = next(r for r in PKG.descriptor["resources"] if r["name"] == "article")
    text = (na.data_dir() / resource["path"]).read_text(encoding="utf-8")
    assert text.startswith("Mark Rutte Secures NATO Leadership")
