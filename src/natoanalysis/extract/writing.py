"""Writing the extracted tables to files."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .._io import atomic_write_bytes
from .base import PathLike

#: Output formats of :func:`write_tables`.
FORMATS = ("csv", "parquet", "json")

# --------------------------------------------------------------------------
# Writing tables


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.BooleanDtype):
            out[col] = s.astype(object).map(
                lambda v: None if v is pd.NA else ("true" if v else "false")
            )
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out


def _serialise(df: pd.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        return _plain(df).to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        plain = _plain(df)
        for col in df.columns:
            if isinstance(df[col].dtype, pd.BooleanDtype):
                plain[col] = df[col].astype(object).where(df[col].notna(), None)
            elif pd.api.types.is_integer_dtype(df[col].dtype):
                plain[col] = [None if v is pd.NA else int(v) for v in df[col]]
        records = plain.to_dict(orient="records")
        return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False)
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    out_dir: PathLike,
    *,
    stem: str,
    fmt: str = "csv",
    force: bool = False,
) -> list[Path]:
    """Write each table to ``out_dir/<stem>_<table>.<fmt>``; return the paths.

    Every file is written whole or not at all (a temporary file renamed into
    place). Unless ``force`` is true, nothing is written when any target
    already exists: :class:`FileExistsError` names them all.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    targets = {name: out / f"{stem}_{name}.{fmt}" for name in tables}
    if not force:
        existing = [str(p) for p in targets.values() if p.exists()]
        if existing:
            raise FileExistsError(
                f"refusing to overwrite {', '.join(existing)} (use --force to replace)"
            )
    payloads = {name: _serialise(df, fmt) for name, df in tables.items()}
    written = []
    for name, data in payloads.items():
        written.append(atomic_write_bytes(targets[name], data))
    return written
