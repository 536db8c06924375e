"""Tables of one partition: the documents table, empty tables, Parquet bytes."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

__all__ = ["DOCUMENT_COLUMNS", "STATUS", "documents_frame", "empty_tables", "parquet"]

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


def empty_tables() -> dict[str, pd.DataFrame]:
    """Each table with no rows, in its declared dtypes."""
    from ..extract import COLUMNS
    from ..extract.base import _frame

    return {name: _frame(cols, []) for name, cols in COLUMNS.items()}


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
