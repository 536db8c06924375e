"""Tables of one partition: stack the documents' frames, the documents table, Parquet bytes."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["DOCUMENT_COLUMNS", "STATUS", "concat", "documents_frame", "empty_tables", "parquet"]

#: Columns of the ``documents`` table, one row per document read.
DOCUMENT_COLUMNS = (
    "doc_id",
    "source",
    "bytes",
    "published_start",
    "published_end",
    "status",
    "error",
    "partition",
)
STATUS = pd.CategoricalDtype(["ok", "failed"])


def parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False, compression="zstd")
    return buf.getvalue()


def empty_tables(data_dir: str | None) -> dict[str, pd.DataFrame]:
    from ..extract import extract_article

    return extract_article("", data_dir=data_dir)


def _column_values(df: pd.DataFrame) -> list[Any]:
    """Each column's array (numpy or extension), read from the frame's blocks without copies."""
    out: list[Any] = [None] * df.shape[1]
    for blk in df._mgr.blocks:
        values, locs = blk.values, blk.mgr_locs.as_array
        if values.ndim == 1:
            out[locs[0]] = values
        else:
            for k, loc in enumerate(locs):
                out[loc] = values[k]
    return out


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack many small frames of one schema (the extractor's tables of many documents).

    ``pd.concat`` aligns every block of every frame, which for frames of a few
    rows costs a third as much as the extraction itself; stacking each
    column's arrays once is about seven times cheaper. It reads pandas'
    blocks, so the result is checked against the first frame's dtypes and
    anything unexpected falls back to ``pd.concat``.
    """
    first = frames[0]
    dtypes = list(first.dtypes)
    try:
        columns = [_column_values(f) for f in frames]
        stacked: dict[str, Any] = {}
        for j, col in enumerate(first.columns):
            arrays = [c[j] for c in columns]
            if isinstance(arrays[0], np.ndarray):
                stacked[col] = np.concatenate(arrays)
            elif isinstance(arrays[0], pd.Categorical):
                if any(a.dtype != dtypes[j] for a in arrays):
                    raise TypeError("categories differ")
                codes = np.concatenate([a.codes for a in arrays])
                stacked[col] = pd.Categorical.from_codes(codes, dtype=dtypes[j])
            else:
                stacked[col] = type(arrays[0])._concat_same_type(arrays)
        out = pd.DataFrame(stacked)
        if list(out.dtypes) == dtypes and len(out) == sum(len(f) for f in frames):
            return out
    except (AttributeError, IndexError, TypeError, ValueError):  # pragma: no cover
        pass
    return pd.concat(frames, ignore_index=True)  # pragma: no cover


def documents_frame(rows: list[dict[str, Any]], partition: int) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS))
    return df.assign(
        doc_id=df["doc_id"].astype("string"),
        source=df["source"].astype("string"),
        bytes=df["bytes"].astype("Int64"),
        published_start=pd.to_datetime(df["published_start"]).astype("datetime64[ns]"),
        published_end=pd.to_datetime(df["published_end"]).astype("datetime64[ns]"),
        status=df["status"].astype(STATUS),
        error=df["error"].astype("string"),
        partition=pd.array([partition] * len(df), dtype="Int64"),
    )
