"""Where a corpus comes from: plan partitions, then read each one lazily.

Two kinds of input:

- a **folder** of ``.txt``/``.html``/``.htm`` files (searched recursively, in
  sorted order). The document id is the path relative to the folder. A file
  whose name starts with an ISO date (``2024-06-21_rutte.txt``) was published
  that day; any other takes the run's default ``published``.
- a **JSON Lines** file: one ``{"id", "text", "published", "url"}`` object per
  line. ``published`` is a day ``YYYY-MM-DD`` or a window ``A..B``; ``url``
  is recorded as the source. Blank lines are ignored; a record without an
  ``id`` is named ``line-N``.

Planning (:func:`plan`) only lists file names, or scans a JSON Lines file
for the byte offsets of every ``partition_size``-th line; texts are read
later, one partition at a time, inside the worker (:func:`read_partition`).
A bad document (binary, not UTF-8, empty, larger than ``max_bytes``, broken
JSON, a bad date) comes back as a :class:`Doc` with ``error`` set, never as
an exception.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SUFFIXES", "Doc", "Partition", "plan", "read_partition"]

#: File name endings read from a folder input.
SUFFIXES = (".txt", ".html", ".htm")
_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})(?![\d])")
_HTML = re.compile(r"\s*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Partition:
    """One unit of work: some files of a folder, or a byte range of a JSON Lines file."""

    index: int
    kind: str  # "folder" or "jsonl"
    root: str
    names: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    first_line: int = 1
    size: int = 0  # documents planned (lines, blank ones included, for JSON Lines)

    def key(self, settings: dict[str, Any]) -> str:
        """A fingerprint of what this partition reads and how: the manifest's check."""
        spec = [self.kind, self.root, list(self.names), self.start, self.end, self.first_line]
        blob = json.dumps([spec, settings], sort_keys=True, default=str).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


@dataclass
class Doc:
    doc_id: str
    source: str
    nbytes: int | None
    text: str | None = None
    published: Any = None
    error: str | None = None


def plan(input_path: str | os.PathLike[str], partition_size: int) -> tuple[list[Partition], str]:
    """Partitions of the input and a fingerprint of its contents (names, sizes, times)."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    src = Path(input_path).resolve()
    if src.is_dir():
        return _plan_folder(src, partition_size)
    if src.is_file():
        return _plan_jsonl(src, partition_size)
    raise FileNotFoundError(f"{input_path}: no such file or folder")


def _plan_folder(root: Path, size: int) -> tuple[list[Partition], str]:
    digest = hashlib.sha256()
    names: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if f.lower().endswith(SUFFIXES) and not f.startswith("."):
                names.append(Path(dirpath, f).relative_to(root).as_posix())
    names.sort()
    if not names:
        raise FileNotFoundError(f"{root}: no {', '.join(SUFFIXES)} files in this folder")
    for name in names:
        st = (root / name).stat()
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    parts = [
        Partition(i, "folder", str(root), tuple(names[k : k + size]), size=len(names[k : k + size]))
        for i, k in enumerate(range(0, len(names), size))
    ]
    return parts, digest.hexdigest()


def _plan_jsonl(path: Path, size: int) -> tuple[list[Partition], str]:
    st = path.stat()
    parts: list[Partition] = []
    start, line, first_line, in_part, pos = 0, 1, 1, 0, 0
    with open(path, "rb") as fh:
        tail = b"\n"
        while chunk := fh.read(1 << 20):
            offset = 0
            while (nl := chunk.find(b"\n", offset)) >= 0:
                in_part += 1
                line += 1
                offset = nl + 1
                if in_part == size:
                    end = pos + offset
                    parts.append(
                        Partition(
                            len(parts), "jsonl", str(path), (), start, end, first_line, in_part
                        )
                    )
                    start, first_line, in_part = end, line, 0
            pos += len(chunk)
            tail = chunk[-1:]
    if pos > start:  # the last lines, with or without a final newline
        in_part += tail != b"\n"
        parts.append(Partition(len(parts), "jsonl", str(path), (), start, pos, first_line, in_part))
    if not parts:
        raise ValueError(f"{path}: empty file, no documents")
    return parts, f"{st.st_size}:{st.st_mtime_ns}"


def read_partition(part: Partition, published: Any, max_bytes: int) -> Iterator[Doc]:
    """The documents of one partition, read one at a time."""
    if part.kind == "folder":
        for name in part.names:
            yield _read_file(Path(part.root), name, published, max_bytes)
    else:
        yield from _read_jsonl(part, max_bytes)


def _check_published(value: Any) -> Any:
    from ..extract import parse_published

    parse_published(value)  # raises ValueError with a clear message
    return value


def _read_file(root: Path, name: str, published: Any, max_bytes: int) -> Doc:
    from ..errors import DataError
    from ..extract import read_text_file

    path = root / name
    doc = Doc(doc_id=name, source=name, nbytes=None)
    try:
        doc.nbytes = path.stat().st_size
        if doc.nbytes > max_bytes:
            doc.error = (
                f"{name}: too large: {doc.nbytes} bytes (limit {max_bytes}; see --max-bytes)"
            )
            return doc
        text = read_text_file(path)
    except (DataError, OSError, UnicodeError, ValueError) as exc:
        doc.error = _message(exc, name)
        return doc
    dated = _DATED.match(path.name)
    try:
        doc.published = _check_published(dated.group(1) if dated else published)
    except ValueError as exc:
        doc.error = f"{name}: {exc}"
        return doc
    return _with_text(doc, text)


def _with_text(doc: Doc, text: str) -> Doc:
    if not text.strip():
        doc.error = f"{doc.source}: empty: no text"
    else:
        doc.text = text
    return doc


def _message(exc: BaseException, name: str) -> str:
    msg = str(exc)
    return msg if name in msg else f"{name}: {msg}"


def _read_jsonl(part: Partition, max_bytes: int) -> Iterator[Doc]:
    name = Path(part.root).name
    with open(part.root, "rb") as fh:
        fh.seek(part.start)
        line_no = part.first_line
        while fh.tell() < part.end:
            offset = fh.tell()
            raw = fh.readline(max_bytes + 1)
            where = f"{name}: line {line_no}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                n = len(raw)  # skip the rest of the line without holding it
                while more := fh.readline(1 << 20):
                    n += len(more)
                    if more.endswith(b"\n"):
                        break
                yield Doc(
                    f"line-{line_no}",
                    where,
                    n,
                    error=f"{where}: too large: {n} bytes (limit {max_bytes}; see --max-bytes)",
                )
            elif raw.strip():
                yield _jsonl_doc(raw, where, line_no, offset)
            line_no += 1


def _jsonl_doc(raw: bytes, where: str, line_no: int, offset: int) -> Doc:
    doc = Doc(f"line-{line_no}", where, None)
    nul = raw.find(b"\x00")
    if nul >= 0:
        doc.error = f"{where}: binary data (a NUL byte at byte offset {offset + nul})"
        return doc
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        doc.error = (
            f"{where}: not UTF-8 (byte 0x{raw[exc.start]:02x} at byte offset {offset + exc.start})"
        )
        return doc
    except json.JSONDecodeError as exc:
        doc.error = f"{where}: not valid JSON: {exc.msg} (column {exc.colno})"
        return doc
    if not isinstance(record, dict):
        doc.error = f"{where}: expected a JSON object, got {type(record).__name__}"
        return doc
    if isinstance(record.get("id"), (str, int)) and not isinstance(record.get("id"), bool):
        doc.doc_id = str(record["id"])
    if isinstance(record.get("url"), str) and record["url"]:
        doc.source = record["url"]
    text = record.get("text")
    if not isinstance(text, str):
        doc.error = f'{where}: no "text" string'
        return doc
    doc.nbytes = len(text.encode("utf-8", "surrogatepass"))
    try:
        doc.published = _check_published(record.get("published"))
    except ValueError as exc:
        doc.error = f"{where}: {exc}"
        return doc
    if _HTML.match(text[:2048]):
        from ..extract import html_to_text

        text = html_to_text(text)
    return _with_text(doc, text)
