"""The one output path: one serialiser, one atomic writer, one overwrite policy.

Everything natoanalysis writes (``tables``, ``extract``, ``factcheck``,
``figures``, the report and its copy of the data package) goes through
:func:`write_files`:

- **one serialiser**, :func:`table_bytes`: CSV with ``true``/``false``
  booleans, ``YYYY-MM-DD`` dates and empty cells for missing values (the
  conventions of the data package's own CSVs); JSON records indented by 2,
  with real booleans, integers and ``null``; Parquet keeping the pandas
  dtypes;
- **one atomic writer**: every file of a batch is first written into a
  temporary folder beside the output folder and only then moved into place,
  so a full disk or a failed render leaves the output folder as it was;
- **one overwrite policy**: an existing file is replaced only with
  ``force=True``; otherwise :class:`OutputExists` names the existing files
  and nothing is written;
- **confinement**: a file name may not leave the output folder (no absolute
  path, no ``..``, no symbolic link out of it); an existing symbolic link at
  a target is replaced, never written through; permissions are never
  changed (new files are created ``0644``, a replaced file keeps its mode).

Exports are deterministic: the same inputs give byte-identical files.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import pandas as pd

__all__ = [
    "FORMATS",
    "OutputExists",
    "OutputOutside",
    "copy_data_package",
    "data_package_files",
    "table_bytes",
    "table_files",
    "write_file",
    "write_files",
    "write_frames",
    "write_tables",
]

FORMATS = ("csv", "parquet", "json")
PathLike = str | os.PathLike[str]


class OutputExists(FileExistsError):
    """A file to be written exists and overwriting it was not asked for."""

    def __init__(self, existing: list[Path]) -> None:
        self.existing = existing
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        super().__init__(f"{existing[0]} exists{more}; refusing to overwrite it")


class OutputOutside(OSError):
    """A file would be written outside the output folder (through a symbolic link)."""


# --------------------------------------------------------------------------
# The serialiser


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.BooleanDtype) or pd.api.types.is_bool_dtype(s.dtype):
            out[col] = s.astype(object).map(
                lambda v: None if v is pd.NA or v is None else ("true" if v else "false")
            )
        else:
            out[col] = s.astype(object).where(s.notna(), None)
    return out


def table_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """One table serialised as ``csv``, ``parquet`` or ``json`` (records).

    >>> import natoanalysis as na
    >>> m = na.load_members().head(1)[["iso3", "accession_date", "is_founder"]]
    >>> table_bytes(m, "csv")
    b'iso3,accession_date,is_founder\\nBEL,1949-08-24,true\\n'
    >>> print(table_bytes(m, "json").decode())
    [
      {
        "iso3": "BEL",
        "accession_date": "1949-08-24",
        "is_founder": true
      }
    ]
    <BLANKLINE>
    """
    df = df.copy(deep=False)
    df.attrs = {}  # the data only: metadata (and the machine's paths) stay out of the files
    if fmt == "csv":
        return _plain(df).to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        plain = _plain(df)
        columns: dict[str, list[object]] = {}
        for col in df.columns:
            s = df[col]
            if isinstance(s.dtype, pd.BooleanDtype) or pd.api.types.is_bool_dtype(s.dtype):
                columns[col] = [None if v is pd.NA or v is None else bool(v) for v in s]
            elif pd.api.types.is_integer_dtype(s.dtype):
                columns[col] = [None if v is pd.NA else int(v) for v in s]
            elif pd.api.types.is_float_dtype(s.dtype):
                columns[col] = [None if pd.isna(v) else float(v) for v in s]
            elif isinstance(s.dtype, pd.CategoricalDtype):
                columns[col] = [None if pd.isna(v) else _json_scalar(v) for v in s]
            else:
                columns[col] = plain[col].tolist()
        names = [str(c) for c in df.columns]
        records = [dict(zip(names, values)) for values in zip(*columns.values())]
        text = json.dumps(
            records, ensure_ascii=False, indent=2, default=_json_default, allow_nan=False
        )
        return (text + "\n").encode("utf-8")
    if fmt == "parquet":
        buf = io.BytesIO()
        df.to_parquet(buf, index=False, engine="pyarrow", compression="snappy")
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def _json_scalar(v: object) -> object:
    if hasattr(v, "item"):
        return v.item()  # numpy scalar -> Python
    return v


def _json_default(v: object) -> object:
    if hasattr(v, "item"):
        return v.item()
    if isinstance(v, list | tuple):
        return list(v)
    if hasattr(v, "tolist"):
        return v.tolist()
    return str(v)


# --------------------------------------------------------------------------
# The writer


def _relative(name: str | PathLike) -> PurePosixPath:
    rel = PurePosixPath(Path(name).as_posix())
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or str(rel) == ".":
        raise ValueError(f"{str(name)!r} is not a file name inside the output folder")
    return rel


def write_files(out: PathLike, files: Mapping[str, bytes], *, force: bool = False) -> list[Path]:
    """Write ``files`` (relative name -> bytes) into the folder ``out``, all or nothing.

    Every file is written into a temporary folder beside ``out`` first and
    moved into place only when all of them are complete; on any failure
    (a full disk, a render that raises) ``out`` is left as it was. Unless
    ``force``, nothing is written if any target exists
    (:class:`OutputExists`). Returns the written paths, in order.
    """
    folder = Path(out)
    rels = [_relative(name) for name in files]
    targets = [folder / rel for rel in rels]
    if folder.exists() and not folder.is_dir():
        raise OutputExists([folder])
    existing = [t for t in targets if t.is_symlink() or t.exists()]
    if existing and not force:
        raise OutputExists(existing)
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _write_batch(folder, rels, targets, list(files.values()))
    except BaseException:
        if created:
            shutil.rmtree(folder, ignore_errors=True)  # it did not exist before: leave none
        raise


def _write_batch(
    folder: Path, rels: list[PurePosixPath], targets: list[Path], payloads: list[bytes]
) -> list[Path]:
    real_out = Path(os.path.realpath(folder))
    for t in targets:
        parent = Path(os.path.realpath(t.parent)) if t.parent.exists() else None
        if parent is not None and parent != real_out and real_out not in parent.parents:
            raise OutputOutside(f"{t} would be written outside {folder} (through a symbolic link)")
        if t.is_dir() and not t.is_symlink():
            raise OutputExists([t])
    stage = Path(tempfile.mkdtemp(prefix=f".{real_out.name}.", suffix=".part", dir=real_out.parent))
    try:
        staged = []
        for rel, data in zip(rels, payloads):
            tmp = stage / rel
            tmp.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, _mode_for(folder / rel))
            staged.append(tmp)
        for tmp, target in zip(staged, targets):
            target.parent.mkdir(parents=True, exist_ok=True)
            parent = Path(os.path.realpath(target.parent))
            if parent != real_out and real_out not in parent.parents:
                raise OutputOutside(f"{target} would be written outside {folder}")
            os.replace(tmp, target)  # replaces a symlink itself, never its target
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return targets


def _mode_for(target: Path) -> int:
    """0644 for a new file; a replaced regular file keeps its permissions."""
    try:
        st = os.lstat(target)
    except OSError:
        return 0o644
    return stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else 0o644


def write_file(path: PathLike, data: bytes | str, *, force: bool = False) -> Path:
    """Write one file atomically under the same policy (text is written as UTF-8)."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return write_files(target.parent, {target.name: payload}, force=force)[0]


def write_frames(
    frames: Mapping[str, pd.DataFrame],
    out: PathLike,
    formats: tuple[str, ...] = ("csv",),
    *,
    stem: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Write DataFrames as ``[stem_]name.fmt`` into ``out`` (serialised, then written)."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    prefix = f"{stem}_" if stem else ""
    files = {
        f"{prefix}{name}.{fmt}": table_bytes(df, fmt)
        for name, df in frames.items()
        for fmt in formats
    }
    return write_files(out, files, force=force)


def table_files(
    names: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
    *,
    data_dir: object = None,
) -> dict[str, bytes]:
    """Every table of the data package (or ``names``) serialised: ``NAME.fmt`` -> bytes.

    Only the columns the data package declares are exported; columns a
    loader derives are for analysis in Python.
    """
    from .datapackage import load_package
    from .tables import load_table

    pkg = load_package(data_dir)  # type: ignore[arg-type]
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    files = {}
    for name in names or pkg.table_names:
        df = load_table(name, pkg)[pkg.resource(name).field_names]
        for fmt in formats:
            files[f"{name}.{fmt}"] = table_bytes(df, fmt)
    return files


def write_tables(
    out: PathLike,
    names: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
    *,
    data_dir: object = None,
    force: bool = False,
) -> list[Path]:
    """Write every table of the data package (or ``names``) in every format into ``out``."""
    return write_files(out, table_files(names, formats, data_dir=data_dir), force=force)


def data_package_files(*, data_dir: object = None) -> dict[str, bytes]:
    """The data package (descriptor and every resource) as relative path -> bytes.

    Each resource is read through the handle, so confined to its folder.
    """
    from .datapackage import DESCRIPTOR, load_package

    pkg = load_package(data_dir)  # type: ignore[arg-type]
    files = {DESCRIPTOR: pkg.read_bytes(DESCRIPTOR)}
    for name in pkg.resource_names:
        rel = pkg.resource_path(name)
        files[rel] = pkg.read_bytes(rel)
    return files


def copy_data_package(out: PathLike, *, data_dir: object = None, force: bool = False) -> list[Path]:
    """Copy the data package into ``out``, confined to it (see :func:`write_files`)."""
    return write_files(out, data_package_files(data_dir=data_dir), force=force)
