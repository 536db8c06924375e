"""The report's exports: every figure, table and the data package, rendered
in a thread of the report while the notebooks run in their kernels."""

from __future__ import annotations

import threading
import time
from typing import Any

__all__ = ["ExportFailed", "export_files"]


class ExportFailed(RuntimeError):
    """Exporting figures, tables or the data package failed; nothing was written."""


def export_files(
    data_dir: Any = None, stop: threading.Event | None = None
) -> tuple[dict[str, bytes], float]:
    """Every figure, table and the data package, as report-relative path -> bytes.

    With ``stop``, rendering ends early (returning what is done) once it is set.
    """
    from .classroom import GalleryRecord
    from .export import data_package_files, table_files
    from .figures import FIGURES, figure_files

    start = time.perf_counter()
    files: dict[str, bytes] = {}
    gallery = GalleryRecord()
    for name in FIGURES:
        if stop is not None and stop.is_set():
            return files, time.perf_counter() - start
        rendered = figure_files([name], data_dir=data_dir, on_figure=gallery.add)
        files.update({f"figures/{k}": v for k, v in rendered.items()})
    files.update(gallery.files(files))  # thumbnails and figures.json, for the gallery
    files.update({f"tables/{k}": v for k, v in table_files(data_dir=data_dir).items()})
    files.update({f"data/{k}": v for k, v in data_package_files(data_dir=data_dir).items()})
    return files, time.perf_counter() - start


def _preload() -> None:
    """Import in this thread what both threads need, before the exporter starts.

    Two threads importing the same package at once can see it half
    initialised (matplotlib looks at IPython while nbclient imports it).
    """
    import IPython  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import nbclient
    import nbclient.exceptions  # noqa: F401
    import nbformat  # noqa: F401
    import pyarrow  # noqa: F401

    from . import charts, export, figures  # noqa: F401


class _Exporter(threading.Thread):
    """Renders the exports in this process while the notebooks run in their kernels.

    A thread, not a worker process: it dies with the report (SIGKILL
    included), and it only renders into memory; the report writes the files.
    """

    def __init__(self, data_dir: Any) -> None:
        super().__init__(name="natoanalysis-export", daemon=True)
        self.data_dir = data_dir
        self.files: dict[str, bytes] = {}
        self.seconds = 0.0
        self.error: BaseException | None = None
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            self.files, self.seconds = export_files(self.data_dir, self.stop)
        except BaseException as exc:  # reported by the report, in the main thread
            self.error = exc

    def cancel(self) -> None:
        """Stop after the figure being drawn, and wait (no drawing outlives the report)."""
        self.stop.set()
        self.join()

    def result(self) -> tuple[dict[str, bytes], float]:
        self.join()
        if self.error is not None:
            raise ExportFailed(
                f"exporting figures and tables failed: {type(self.error).__name__}: {self.error}"
            ) from self.error
        return self.files, self.seconds
