"""Export the data package's tables as CSV, Parquet and JSON.

Exports are deterministic (the same inputs give byte-identical files) and
written atomically. Only the columns the data package declares are
exported; columns a loader derives are for analysis in Python.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from ._io import atomic_write_bytes
from .datapackage import load_package

__all__ = ["FORMATS", "copy_data_package", "table_bytes", "write_tables"]

FORMATS = ("csv", "parquet", "json")


def _declared(name: str) -> pd.DataFrame:
    from .tables import load_table

    pkg = load_package()
    df = load_table(name)
    return df[pkg.resource(name).field_names]


def table_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """One table serialised as ``csv``, ``parquet`` or ``json`` (records).

    Dates are written as ``YYYY-MM-DD`` in CSV and JSON; Parquet keeps the
    pandas dtypes (categories, nullable integers, booleans, timestamps).

    >>> import natoanalysis as na
    >>> table_bytes(na.load_members().head(1)[["iso3", "accession_date"]], "csv")
    b'iso3,accession_date\\nBEL,1949-08-24\\n'
    """
    if fmt == "csv":
        text = df.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
        return text.encode("utf-8")
    if fmt == "json":
        out = df.copy()
        for col in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[col]):
                out[col] = out[col].dt.strftime("%Y-%m-%d")
        text = out.to_json(orient="records", force_ascii=False, indent=1)
        return (text + "\n").encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False, engine="pyarrow", compression="snappy")
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def write_tables(
    out: str | os.PathLike[str],
    names: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> list[Path]:
    """Write every table (or ``names``) in every format into ``out``."""
    pkg = load_package()
    folder = Path(out)
    written = []
    for name in names or pkg.table_names:
        df = _declared(name)
        for fmt in formats:
            written.append(atomic_write_bytes(folder / f"{name}.{fmt}", table_bytes(df, fmt)))
    return written


def copy_data_package(out: str | os.PathLike[str]) -> list[Path]:
    """Copy the published data package (descriptor, CSVs, other resources) into ``out``."""
    pkg = load_package()
    folder = Path(out)
    files = ["datapackage.json"] + [r["path"] for r in pkg.descriptor.get("resources", [])]
    written = []
    for rel in files:
        src = pkg.root / rel
        with open(src, "rb") as fh:
            written.append(atomic_write_bytes(folder / rel, fh.read()))
    return written
