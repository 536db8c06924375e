"""Build the report: execute every notebook in a fresh kernel, write HTML.

Uses the ecosystem's own machinery: :mod:`nbclient` runs the notebooks and
:mod:`nbconvert` writes the HTML pages (with ``sanitize_html``, so text that
came from an article cannot smuggle a live script into a page). Every file
is written atomically: to a temporary name, then renamed.

The output folder (default ``build/report``) gets:

- one HTML page per notebook and ``index.html`` listing them in reading
  order with each title and a one-line summary from the notebook's first cell;
- ``figures/``: every chart as PNG (slides) and SVG (print);
- ``tables/``: every table as CSV, Parquet and JSON;
- ``data/``: a copy of the data package (descriptor, CSVs, sources, article).
"""

from __future__ import annotations

import html
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._io import atomic_write_text

__all__ = [
    "MARKER",
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


@dataclass(frozen=True)
class NotebookInfo:
    path: Path
    title: str
    summary: str

    @property
    def html_name(self) -> str:
        return self.path.with_suffix(".html").name


_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_SAFE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "b",
        "blockquote",
        "code",
        "em",
        "i",
        "li",
        "ol",
        "strong",
        "ul",
        "p",
        "div",
        "span",
        "pre",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "mark",
        "sup",
        "sub",
        "small",
        "img",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "del",
        "ins",
        "s",
        "u",
        "details",
        "summary",
    ]
)
_SAFE_ATTRIBUTES = {
    "*": {"class", "id", "title", "style"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Inline CSS a page may keep: colours, fonts, spacing and alignment, the
# properties pandas' and the charts' HTML use. Values are checked as well
# (see _safe_attribute): nothing that can make the browser fetch a resource.
_SAFE_CSS = frozenset(
    [
        "azimuth",
        "background",
        "background-color",
        "border-bottom",
        "border-bottom-color",
        "border-collapse",
        "border-color",
        "border-left-color",
        "border-right-color",
        "border-top-color",
        "clear",
        "color",
        "cursor",
        "direction",
        "display",
        "elevation",
        "float",
        "font",
        "font-family",
        "font-size",
        "font-style",
        "font-variant",
        "font-weight",
        "height",
        "letter-spacing",
        "line-height",
        "margin",
        "overflow",
        "padding",
        "pause",
        "pause-after",
        "pause-before",
        "pitch",
        "pitch-range",
        "richness",
        "speak",
        "speak-header",
        "speak-numeral",
        "speak-punctuation",
        "speech-rate",
        "stress",
        "text-align",
        "text-decoration",
        "text-indent",
        "unicode-bidi",
        "vertical-align",
        "voice-family",
        "volume",
        "white-space",
        "width",
    ]
)
# Anything in a style value that could load something: url(), image-set(),
# image(), cross-fade(), element(), @import, and CSS escapes that could
# spell one of them.
_CSS_FETCH = re.compile(r"url\s*\(|image|cross-fade|element\s*\(|@import|\\", re.IGNORECASE)


def _safe_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep an attribute only if it cannot make the browser fetch anything.

    Images only from ``data:image/...`` URLs (the charts are embedded), links
    only to web, mail or relative addresses (a ``data:`` link is dropped),
    and no style whose value could load a resource.
    """
    text = value.strip()
    lower = text.lower()
    if attribute == "style":
        return None if _CSS_FETCH.search(text) else value
    if tag == "img" and attribute == "src":
        return value if lower.startswith("data:image/") else None
    if attribute == "href":
        return None if lower.startswith("data:") else value
    return value


def safe_html(fragment: str | bytes) -> str:
    """Sanitise HTML from a notebook (markdown or an output) for a report page.

    Keeps the markup a reader needs (headings, paragraphs, tables, lists,
    highlights, inline colours, images embedded as ``data:image`` URLs) and
    drops everything else, so a ``<script>`` or an ``onerror=`` handler that
    came from an article never runs (its text stays visible as text). Nothing
    kept can make the page fetch a resource: no remote ``<img src>``, no CSS
    ``url(...)``, no ``data:`` links. pandas' scoped ``<style>`` blocks are
    dropped (the page's own CSS styles tables).

    nbconvert's own ``clean_html`` allows so few tags that headings and
    paragraphs would be shown as escaped source; this replaces it. The
    sanitiser is nh3 (the Rust ``ammonia`` library).

    >>> safe_html('<h2>Title</h2><p onclick="x()">Hi <script>alert(1)</script></p>')
    '<h2>Title</h2><p>Hi alert(1)</p>'
    >>> safe_html('<img src="https://example.org/x.png" style="background:url(/y)">')
    '<img>'
    """
    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    return _cleaner()(_STYLE_BLOCK.sub("", text))


def _cleaner() -> Callable[[str], str]:
    global _CLEANER
    if _CLEANER is None:
        import nh3

        _CLEANER = nh3.Cleaner(
            tags=set(_SAFE_TAGS),
            clean_content_tags=set(),  # a script's text is shown, as text
            attributes={tag: set(names) for tag, names in _SAFE_ATTRIBUTES.items()},
            attribute_filter=_safe_attribute,
            url_schemes={"http", "https", "mailto", "data"},
            filter_style_properties=set(_SAFE_CSS),
            strip_comments=True,
        ).clean
    return _CLEANER


_CLEANER: Callable[[str], str] | None = None


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


def execute_notebook(path: Path, *, timeout: int = 600):  # -> nbformat.NotebookNode
    """Execute a notebook top to bottom in a fresh kernel and return it.

    The kernel starts in the notebook's folder. Raises
    :class:`NotebookFailed` naming the notebook, the cell and the error.
    """
    (nb,) = [nb for _, nb in execute_notebooks([path], jobs=1, timeout=timeout)]
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
) -> Iterator[tuple[Path, Any]]:
    """Execute notebooks, up to ``jobs`` at a time, each in its own fresh kernel.

    Yields ``(path, executed notebook)`` in the order of ``paths`` (reading
    order), each as soon as it and every notebook before it are done, so a
    caller can write pages while later notebooks still run. The outputs are
    the same as one at a time: each notebook has its own kernel and nothing
    is shared. ``progress`` gets a line when a notebook starts and when it
    ends. The first failure stops the others and raises
    :class:`NotebookFailed` naming the notebook, the cell and the error.
    ``jobs`` defaults to one per core (:func:`default_jobs`).
    """
    import asyncio
    import contextlib
    import queue
    import threading

    from nbclient.exceptions import CellExecutionError

    say = progress or (lambda msg: None)
    paths = list(paths)
    if not paths:
        return
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
                    await client.async_execute()
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
                raise error
            ready[n] = nb
            while next_n in ready:
                yield paths[next_n], ready.pop(next_n)
                next_n += 1
    finally:
        # Also reached when the caller stops early: stop what still runs
        # (each kernel is shut down) before returning.
        if worker.is_alive() and "stop" in control:
            control["stop"]()
        worker.join()


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


def _links(paths: list[Path], root: Path) -> str:
    return ", ".join(
        f'<a href="{html.escape(p.relative_to(root).as_posix(), quote=True)}">'
        f"{html.escape(p.suffix.lstrip('.').upper())}</a>"
        for p in paths
    )


def _grouped(paths: list[Path], root: Path) -> str:
    groups: dict[str, list[Path]] = {}
    for p in sorted(paths):
        groups.setdefault(p.stem, []).append(p)
    return "\n".join(
        f"    <li>{html.escape(stem)}: {_links(group, root)}</li>" for stem, group in groups.items()
    )


def _index_html(
    infos: list[NotebookInfo],
    title: str,
    *,
    root: Path | None = None,
    figures: list[Path] | None = None,
    tables: list[Path] | None = None,
) -> str:
    items = "\n".join(
        f'    <li><a href="{html.escape(i.html_name, quote=True)}">{html.escape(i.title)}</a>'
        f"<p>{html.escape(i.summary)}</p></li>"
        for i in infos
    )
    extra = ""
    if root is not None and figures:
        extra += (
            "<h2>Figures</h2>\n<p>Every chart, as PNG for slides and SVG for print.</p>\n"
            f"<ul>\n{_grouped(figures, root)}\n</ul>\n"
        )
    if root is not None and tables:
        extra += (
            "<h2>Tables</h2>\n<p>Every table of the data package as CSV, Parquet and JSON; "
            "the data package itself (descriptor, sources, article) is in "
            '<a href="data/">data/</a>, '
            'with every source listed in <a href="data/sources.csv">sources.csv</a>.</p>\n'
            f"<ul>\n{_grouped(tables, root)}\n</ul>\n"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }}
ol {{ padding-left: 1.2rem; }} li {{ margin-bottom: 1rem; }}
li a {{ font-weight: 600; font-size: 1.1rem; }} li p {{ margin: .2rem 0 0; color: #444; }}
footer {{ margin-top: 2rem; font-size: .9rem; color: #555; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>Notebooks in reading order. Each page was executed top to bottom in a fresh
kernel from the tables of the natoanalysis data package.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
{extra}<footer>Built by natoanalysis. Every chart cites its sources; the tables and
their sources are in the data package.</footer>
</body>
</html>
"""


def _export_all(out: str) -> tuple[list[Path], list[Path], float]:
    """Write figures/, tables/ and data/ into ``out`` (run in a worker process)."""
    from .export import copy_data_package, write_tables
    from .figures import write_figures

    start = time.perf_counter()
    folder = Path(out)
    figures = write_figures(folder / "figures")
    tables = write_tables(folder / "tables")
    copy_data_package(folder / "data")
    return figures, tables, time.perf_counter() - start


def prepare_output(out: Path, *, force: bool = False) -> None:
    """Create ``out`` or check that the report may write into it.

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
    out.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out / MARKER, "natoanalysis report output\n")


def build_report(
    out: str | os.PathLike[str] = "build/report",
    *,
    notebooks: list[Path] | None = None,
    force: bool = False,
    exports: bool = True,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Execute every notebook and write the HTML report into ``out``.

    With ``exports`` (the default) every figure and table is exported beside
    the pages, and the data package is copied into ``data/``. Returns the
    path of ``index.html``. Stops at the first failing notebook with
    :class:`NotebookFailed`. Up to ``jobs`` notebooks run at once, each in
    its own kernel (default: one per core); the pages are the same either
    way. To build from an edited copy of the data, set
    ``NATOANALYSIS_DATA_DIR`` (the notebooks' kernels inherit it).
    """
    from nbconvert import HTMLExporter

    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    out_dir = Path(out)
    paths = notebooks if notebooks is not None else find_notebooks()
    if not paths:
        raise FileNotFoundError(no_notebooks_message())
    prepare_output(out_dir, force=force)
    # Figures and tables do not depend on the notebooks: export them in a
    # second process while the notebooks run (the kernels use the other core).
    pool = export_job = None
    if exports:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        export_job = pool.submit(_export_all, str(out_dir))
    exporter = HTMLExporter(
        extra_template_basedirs=[str(Path(__file__).resolve().parent / "templates")],
        template_name="natoanalysis",
        sanitize_html=True,
        filters={"clean_html": safe_html},
    )
    infos = []
    try:
        for path, nb in execute_notebooks(paths, jobs=jobs, progress=say):
            body, _ = exporter.from_notebook_node(nb)
            info = notebook_info(path)
            atomic_write_text(out_dir / info.html_name, body)
            infos.append(info)
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    figures: list[Path] = []
    tables: list[Path] = []
    if pool is not None and export_job is not None:
        try:
            figures, tables, seconds = export_job.result()
        finally:
            pool.shutdown()
        say(
            f"exported {len(figures)} figure files and {len(tables)} table files "
            f"({seconds:.1f} s, alongside the notebooks)"
        )
    index = out_dir / "index.html"
    atomic_write_text(
        index,
        _index_html(
            infos,
            "natoanalysis: the facts behind a NATO story",
            root=out_dir,
            figures=figures,
            tables=tables,
        ),
    )
    say(f"report written to {index}")
    return index
