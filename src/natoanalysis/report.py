"""Build the report: execute every notebook in a fresh kernel, write HTML.

Uses the ecosystem's own machinery: :mod:`nbclient` runs the notebooks and
:mod:`nbconvert` writes the HTML pages (with ``sanitize_html``, so text that
came from an article cannot smuggle a live script into a page).

The output folder (default ``build/report``) gets:

- one HTML page per notebook and ``index.html`` listing them in reading
  order with each title and a one-line summary from the notebook's first cell;
- the classroom outputs (:mod:`natoanalysis.classroom`): the class edition
  (``class/``), ``glossary.html``, ``gallery.html``, reveal.js decks
  (``slides/``) and A4 handouts (``handouts/``);
- ``figures/``: every chart as PNG (slides) and SVG (print);
- ``tables/``: every table as CSV, Parquet and JSON;
- ``data/``: a copy of the data package (descriptor, CSVs, sources, article).

The data package is validated before any kernel starts, and every file is
written in one batch at the end through :mod:`natoanalysis.export`.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._io import atomic_write_text
from .report_exports import ExportFailed, _Exporter, _preload
from .report_index import _index_html

__all__ = [
    "MARKER",
    "DataInvalid",
    "ExportFailed",
    "NotebookFailed",
    "NotebookInfo",
    "build_report",
    "execute_notebook",
    "find_notebooks",
    "notebook_info",
]

#: A file the report writes into its output folder, so that a later run
#: knows the folder is its own and may be refreshed without ``--force``.
MARKER = ".natoanalysis-report"


class NotebookFailed(RuntimeError):
    """A notebook raised an error while it was executed."""

    def __init__(self, notebook: Path, cell_index: int | None, error: str) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        self.error = error
        where = f"cell {cell_index}" if cell_index is not None else "startup"
        super().__init__(f"{notebook.name}: {where} failed:\n{error}")


class NotExecuted(ValueError):
    """A notebook asked for with its stored outputs was not executed top to bottom."""

    def __init__(self, notebook: Path, cell_index: int | None, reason: str) -> None:
        self.notebook = notebook
        self.cell_index = cell_index
        where = f"cell {cell_index}: " if cell_index is not None else ""
        super().__init__(f"{notebook.name}: {where}{reason}")


class DataInvalid(ValueError):
    """The data package failed validation; the report wrote nothing."""

    def __init__(self, folder: str, problems: list[str]) -> None:
        self.folder = folder
        self.problems = problems
        super().__init__(f"{folder}: {len(problems)} problem(s): " + "; ".join(problems))


@dataclass(frozen=True)
class NotebookInfo:
    path: Path
    title: str
    summary: str

    @property
    def html_name(self) -> str:
        return self.path.with_suffix(".html").name


def default_notebook_dir() -> Path:
    """The notebooks: ``notebooks/`` of a source checkout, else the copy in the package.

    A wheel carries the notebooks as package data (``natoanalysis/notebooks``),
    so ``natoanalysis report`` works from an installed package too.
    """
    here = Path(__file__).resolve().parent
    checkout = here.parents[1] / "notebooks"
    if here.parent.name == "src" and checkout.is_dir():
        return checkout
    return here / "notebooks"


def find_notebooks(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Notebooks named ``NN_topic.ipynb``, in reading order."""
    root = Path(folder) if folder else default_notebook_dir()
    return sorted(p for p in root.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def no_notebooks_message(folder: str | os.PathLike[str] | None = None) -> str:
    """What to say when ``folder`` (default: the package's notebooks) holds no notebook."""
    root = Path(folder) if folder else default_notebook_dir()
    return (
        f"no notebooks found in {root} (expected files named NN_topic.ipynb, "
        "such as 01_members.ipynb); pass --notebooks DIR to name the folder"
    )


def _plain(markdown: str) -> str:
    """Markdown to plain text for the index: links, emphasis and code marks dropped.

    Underscores inside a word are kept, so an identifier survives.

    >>> _plain("Hands it to `natoanalysis.extract_article`, **the** _reader_ [here](x.md).")
    'Hands it to natoanalysis.extract_article, the reader here.'
    """
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = text.replace("`", "")
    text = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", text)  # emphasis, not snake_case
    text = re.sub(r"(?m)^\s*[#>]+\s*", "", text)
    return " ".join(text.split())


def notebook_info(path: Path) -> NotebookInfo:
    """Title (the first ``#`` heading) and summary (the first paragraph after it)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    title, summary = path.stem, ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("# "):
                title = _plain(line[2:])
                rest = "\n".join(lines[i + 1 :]).strip().split("\n\n")
                summary = _plain(rest[0]) if rest and rest[0] else ""
                break
        break
    return NotebookInfo(path, title, summary)


def _client(path: Path, timeout: int):  # -> nbclient.NotebookClient
    import nbformat
    from nbclient import NotebookClient

    from ._kernels import kernel_manager_class

    nb = nbformat.read(path, as_version=4)
    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        kernel_manager_class=kernel_manager_class(),
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )


class _Stopped(Exception):
    """Raised between cells when another notebook has failed."""


def _failed(path: Path, nb, exc: Exception) -> NotebookFailed:
    index = None
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            index = i
            break
    return NotebookFailed(path, index, str(exc))


def execute_notebook(
    path: Path, *, timeout: int = 600, data_dir: str | os.PathLike[str] | None = None
):  # -> nbformat.NotebookNode
    """Execute a notebook top to bottom in a fresh kernel and return it.

    The kernel starts in the notebook's folder; with ``data_dir`` its loaders
    read that data folder (passed to the kernel as ``NATOANALYSIS_DATA_DIR``,
    which :func:`natoanalysis.data_dir` resolves there). Raises
    :class:`NotebookFailed` naming the notebook, the cell and the error.
    """
    (nb,) = [nb for _, nb in execute_notebooks([path], jobs=1, timeout=timeout, data_dir=data_dir)]
    return nb


def default_jobs() -> int:
    """One kernel per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def execute_notebooks(
    paths: list[Path],
    *,
    jobs: int | None = None,
    timeout: int = 600,
    progress: Callable[[str], None] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> Iterator[tuple[Path, Any]]:
    """Execute notebooks, up to ``jobs`` at a time, each in its own fresh kernel.

    Yields ``(path, executed notebook)`` in the order of ``paths`` (reading
    order), each as soon as it and every notebook before it are done, so a
    caller can write pages while later notebooks still run. The outputs are
    the same as one at a time: each notebook has its own kernel and nothing
    is shared. ``progress`` gets a line when a notebook starts and when it
    ends. The first failure stops the others and raises
    :class:`NotebookFailed` naming the notebook, the cell and the error.
    ``jobs`` defaults to one per core (:func:`default_jobs`). With
    ``data_dir`` the kernels read that data folder (``NATOANALYSIS_DATA_DIR``).
    """
    import asyncio
    import contextlib
    import queue

    from nbclient.exceptions import CellExecutionError

    from .datapackage import ENV_DATA_DIR

    say = progress or (lambda msg: None)
    paths = list(paths)
    if not paths:
        return
    env = None if data_dir is None else {**os.environ, ENV_DATA_DIR: str(data_dir)}
    width = max(1, min(jobs or default_jobs(), len(paths)))
    done: queue.Queue[tuple[int, Any, BaseException | None]] = queue.Queue()
    stop = threading.Event()
    control: dict[str, Any] = {}

    def stop_between_cells(**_: Any) -> None:
        if stop.is_set():
            raise _Stopped

    async def run_all() -> None:
        slots = asyncio.Semaphore(width)
        running: set[Any] = set()

        async def stop_all() -> None:
            # No new notebook starts, none starts a new cell, and the cell
            # each kernel is running is interrupted; every kernel then shuts
            # down through nbclient's own cleanup.
            stop.set()
            for client in list(running):
                with contextlib.suppress(Exception):  # the kernel may be gone already
                    await client.km.interrupt_kernel()

        async def one(n: int, path: Path) -> None:
            async with slots:
                if stop.is_set():
                    return
                label = f"[{n + 1}/{len(paths)}] {path.name}"
                say(f"{label}: executing ...")
                start = time.perf_counter()
                client = _client(path, timeout)
                client.on_cell_start = stop_between_cells
                running.add(client)
                try:
                    if env is None:
                        await client.async_execute()
                    else:
                        await client.async_execute(env=env)
                except CellExecutionError as exc:
                    if stop.is_set():
                        return  # interrupted because another notebook failed
                    raise _failed(path, client.nb, exc) from None
                except _Stopped:
                    return
                finally:
                    running.discard(client)
                say(f"{label}: done in {time.perf_counter() - start:.1f} s")
                done.put((n, client.nb, None))

        loop = asyncio.get_running_loop()
        control["stop"] = lambda: asyncio.run_coroutine_threadsafe(stop_all(), loop)
        tasks = [asyncio.ensure_future(one(n, p)) for n, p in enumerate(paths)]
        error: BaseException | None = None
        for task in asyncio.as_completed(tasks):
            try:
                await task
            except BaseException as exc:
                if error is None:
                    error = exc
                    await stop_all()
        if error is not None:
            done.put((-1, None, error))

    # The event loop runs in its own thread: the caller may already be inside
    # one (a notebook calling build_report), and it can consume results here
    # while later notebooks run.
    worker = threading.Thread(target=asyncio.run, args=(run_all(),), daemon=True)
    worker.start()
    ready: dict[int, Any] = {}
    next_n = 0
    try:
        while next_n < len(paths):
            n, nb, error = done.get()
            if error is not None:
                control.pop("stop", None)  # the worker has stopped the rest already
                raise error
            ready[n] = nb
            while next_n in ready:
                yield paths[next_n], ready.pop(next_n)
                next_n += 1
    finally:
        # Also reached when the caller stops early: stop what still runs
        # (each kernel is shut down) before returning.
        if next_n < len(paths) and worker.is_alive() and "stop" in control:
            control["stop"]()
        worker.join()


def stored_notebooks(paths: list[Path]) -> Iterator[tuple[Path, Any]]:
    """Read notebooks with the outputs saved in them, without starting a kernel.

    Each must have been executed top to bottom in one fresh kernel (code
    cells counted 1, 2, 3, ...), as ``natoanalysis execute`` leaves them and
    as nbval checks them; otherwise :class:`NotExecuted` names the notebook
    and the first cell out of order, so a half-run notebook never becomes a
    page. Yields ``(path, notebook)`` like :func:`execute_notebooks`.
    """
    import nbformat

    for path in paths:
        nb = nbformat.read(path, as_version=4)
        expected = 1
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count = cell.get("execution_count")
            if count is None:
                raise NotExecuted(path, index, "never executed (run `natoanalysis execute` first)")
            if count != expected:
                raise NotExecuted(
                    path,
                    index,
                    f"execution count {count} where {expected} was expected: not run top to "
                    "bottom in one kernel (run `natoanalysis execute` first)",
                )
            expected += 1
        yield path, nb


def execute_in_place(
    paths: list[Path],
    progress: Callable[[str], None] | None = None,
    *,
    jobs: int | None = None,
) -> None:
    """Re-execute notebooks in a fresh kernel each and store their outputs.

    This refreshes the outputs that nbval compares against; run it after a
    change to the data, the charts or the pinned packages. Up to ``jobs``
    notebooks run at once (default: one per core).
    """
    import nbformat

    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    for path, nb in execute_notebooks(paths, jobs=jobs, progress=say):
        atomic_write_text(path, nbformat.writes(nb) + "\n")


def validate_first(data_dir: Any = None) -> Any:
    """The data handle, once the whole package has validated; else :class:`DataInvalid`."""
    from .datapackage import data_dir as resolve
    from .datapackage import load_package
    from .validate import validate

    problems = validate(data_dir)
    if problems:
        raise DataInvalid(str(resolve(data_dir)), problems)
    return load_package(data_dir)


def prepare_output(out: Path, *, force: bool = False) -> None:
    """Check that the report may write into ``out`` (nothing is written yet).

    A non-empty folder that an earlier report did not make is refused
    unless ``force`` is set.
    """
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists() and not force:
        raise FileExistsError(
            f"{out} is not empty and was not made by natoanalysis report; "
            "choose another --out or pass --force"
        )


def write_report_files(out: Path, files: dict[str, bytes]) -> None:
    """Write the report's files in one batch (all or nothing, confined to ``out``).

    The report owns its folder, so its own earlier files are replaced.
    """
    from .export import write_files

    write_files(out, files, force=True)


def build_report(
    out: str | os.PathLike[str] = "build/report",
    *,
    notebooks: list[Path] | None = None,
    force: bool = False,
    exports: bool = True,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
    data_dir: Any = None,
    stored: bool = False,
) -> Path:
    """Execute every notebook and write the HTML report into ``out``.

    With ``exports`` (the default) every figure and table is exported beside
    the pages, and the data package is copied into ``data/``. Returns the
    path of ``index.html``.

    The data package (``data_dir``, default as :func:`natoanalysis.data_dir`
    resolves it) is validated before any kernel starts: a broken copy
    raises :class:`DataInvalid` with the whole problem list and writes
    nothing. The notebooks' kernels read the same folder. Every file is
    rendered into memory and written in one batch at the end (through a
    temporary folder beside ``out``), so a failing notebook
    (:class:`NotebookFailed`) or export (:class:`ExportFailed`) leaves
    ``out`` as it was.
    Up to ``jobs`` notebooks run at once, each in its own kernel (default:
    one per core); the pages are the same either way.

    With ``stored`` no kernel starts: the pages show the outputs saved in the
    notebooks (see :func:`stored_notebooks`), which were computed from the
    bundled data, so ``stored`` refuses any other ``data_dir``.
    """
    from .classroom import ClassroomBuild, index_section

    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    out_dir = Path(out)
    paths = notebooks if notebooks is not None else find_notebooks()
    if not paths:
        raise FileNotFoundError(no_notebooks_message())
    pkg = validate_first(data_dir)
    if stored:
        from .datapackage import ENV_DATA_DIR, bundled_data_dir

        if pkg.root.resolve() != bundled_data_dir().resolve():
            raise ValueError(
                f"stored outputs were computed from the bundled data, not from {pkg.root}; "
                f"execute the notebooks on that copy (drop --stored) or unset {ENV_DATA_DIR}"
            )
    prepare_output(out_dir, force=force)
    say(f"data package {pkg.root} is valid")
    # Figures and tables do not depend on the notebooks: render them in a
    # thread of this process while the notebooks run in their kernels.
    exporter = _Exporter(pkg) if exports else None
    if exporter is not None:
        _preload()
        exporter.start()
    files: dict[str, bytes] = {MARKER: b"natoanalysis report output\n"}
    # Titles first (every page links its neighbours); then each notebook's
    # pages, slides and handout are made as soon as it has run, while the
    # later ones still run and the exporter draws.
    infos = [notebook_info(path) for path in paths]
    classroom = None
    figures: list[Path] = []
    tables: list[Path] = []

    def collect_exports() -> None:
        # called by the classroom once every page is made, while handouts print
        if exporter is None:
            return
        exported, seconds = exporter.result()
        files.update(exported)
        figures.extend(
            out_dir / k
            for k in exported
            if k.startswith("figures/") and k.count("/") == 1 and k.endswith((".png", ".svg"))
        )
        tables.extend(out_dir / k for k in exported if k.startswith("tables/"))
        say(
            f"rendered {len(figures)} figure files and {len(tables)} table files "
            f"({seconds:.1f} s, alongside the notebooks)"
        )

    try:
        classroom = ClassroomBuild(infos, data_dir=pkg, gallery=exporter is not None, progress=say)
        run = (
            stored_notebooks(paths)
            if stored
            else execute_notebooks(paths, jobs=jobs, progress=say, data_dir=pkg.root)
        )
        for info, (_, nb) in zip(infos, run, strict=True):
            classroom.add(info, nb)
        done = classroom.finish(files, before_gallery=collect_exports)
    except BaseException:
        if classroom is not None:
            classroom.abort()
        if exporter is not None:
            exporter.cancel()
        raise
    index = out_dir / "index.html"
    files["index.html"] = _index_html(
        infos,
        "natoanalysis: the facts behind a NATO story",
        root=out_dir,
        figures=figures,
        tables=tables,
        classroom=index_section(done),
    ).encode("utf-8")
    write_report_files(out_dir, files)
    say(f"report written to {index}")
    return index
