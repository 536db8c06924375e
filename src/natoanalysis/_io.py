"""Atomic file writing, kept for callers of the older names.

Both functions write through :func:`natoanalysis.export.write_file`, the one
writer and the one overwrite policy of the package.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text"]


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True
) -> Path:
    """Write ``data`` to ``path`` whole or not at all (see :func:`~natoanalysis.export.write_file`).

    With ``overwrite=False`` an existing file raises :class:`FileExistsError`
    (:class:`~natoanalysis.export.OutputExists`) and is left untouched.
    """
    from .export import write_file

    return write_file(path, data, force=overwrite)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = True) -> Path:
    """Like :func:`atomic_write_bytes` for UTF-8 text."""
    return atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)
