"""Build the report: execute every notebook in a fresh kernel, write HTML.

Uses the ecosystem's own machinery: :mod:`nbclient` runs the notebooks and
:mod:`nbconvert` writes the HTML pages (with ``sanitize_html``, so text that
came from an article cannot smuggle a live script into a page). Every file
is written atomically: to a temporary name, then renamed.

The output folder (default ``build/report``) gets:

- one HTML page per notebook and ``index.html`` listing them in reading
  order with each title and a one-line summary from the notebook's first cell;
- the classroom outputs (:mod:`natoanalysis.classroom`): the class edition
  (``class/``), ``glossary.html``, ``gallery.html``, reveal.js decks
  (``slides/``) and A4 handouts (``handouts/``);
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
    "*": ["class", "id", "title", "style"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "th": ["colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
}


def safe_html(fragment: str | bytes) -> str:
    """Sanitise HTML from a notebook (markdown or an output) for a report page.

    Keeps the markup a reader needs (headings, paragraphs, tables, lists,
    highlights, images with ``data:`` sources, inline colours) and escapes
    everything else, so a ``<script>`` or an ``onerror=`` handler that came
    from an article shows as text and never runs. pandas' scoped ``<style>``
    blocks are dropped (the page's own CSS styles tables).

    nbconvert's own ``clean_html`` allows so few tags that headings and
    paragraphs would be shown as escaped source; this replaces it.

    >>> safe_html('<h2>Title</h2><p onclick="x()">Hi <script>alert(1)</script></p>')
    '<h2>Title</h2><p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    import bleach
    from bleach.css_sanitizer import ALLOWED_CSS_PROPERTIES, CSSSanitizer

    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    text = _STYLE_BLOCK.sub("", text)
    css = CSSSanitizer(
        allowed_css_properties=[
            *ALLOWED_CSS_PROPERTIES,
            "background",
            "padding",
            "margin",
            "border-bottom",
            "font-family",
            "text-align",
            "vertical-align",
        ]
    )
    return bleach.clean(
        text,
        tags=_SAFE_TAGS,
        attributes=_SAFE_ATTRIBUTES,
        protocols=["http", "https", "mailto", "data"],
        css_sanitizer=css,
    )


def default_notebook_dir() -> Path:
    """``notebooks/`` of the source checkout this package runs from."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def find_notebooks(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Notebooks named ``NN_topic.ipynb``, in reading order."""
    root = Path(folder) if folder else default_notebook_dir()
    return sorted(p for p in root.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def _plain(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
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


def execute_notebook(path: Path, *, timeout: int = 600):  # -> nbformat.NotebookNode
    """Execute a notebook top to bottom in a fresh kernel and return it.

    The kernel starts in the notebook's folder. Raises
    :class:`NotebookFailed` naming the notebook, the cell and the error.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        index = None
        for i, cell in enumerate(nb.cells):
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                index = i
                break
        raise NotebookFailed(path, index, str(exc)) from None
    return nb


def execute_in_place(paths: list[Path], progress: Callable[[str], None] | None = None) -> None:
    """Re-execute notebooks in a fresh kernel each and store their outputs.

    This refreshes the outputs that nbval compares against; run it after a
    change to the data, the charts or the pinned packages.
    """
    import nbformat

    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    for path in paths:
        start = time.perf_counter()
        nb = execute_notebook(path)
        atomic_write_text(path, nbformat.writes(nb) + "\n")
        say(f"{path.name}: executed in {time.perf_counter() - start:.1f} s")


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
    classroom: str = "",
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
<main>
<h1>{html.escape(title)}</h1>
<p>Notebooks in reading order. Each page was executed top to bottom in a fresh
kernel from the tables of the natoanalysis data package.</p>
<h2>Notebooks</h2>
<ol>
{items}
</ol>
{classroom}{extra}<footer>Built by natoanalysis. Every chart cites its sources; the tables and
their sources are in the data package.</footer>
</main>
</body>
</html>
"""


def _export_all(out: str) -> tuple[list[Path], list[Path], float]:
    """Write figures/, tables/ and data/ into ``out`` (run in a worker process)."""
    from .classroom import export_figures
    from .export import copy_data_package, write_tables

    start = time.perf_counter()
    folder = Path(out)
    figures = export_figures(folder / "figures")
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
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Execute every notebook and write the HTML report into ``out``.

    With ``exports`` (the default) every figure and table is exported beside
    the pages, and the data package is copied into ``data/``. Returns the
    path of ``index.html``. Stops at the first failing notebook with
    :class:`NotebookFailed`. To build from an edited copy of the data, set
    ``NATOANALYSIS_DATA_DIR`` (the notebooks' kernels inherit it).
    """
    from .classroom import build_classroom, index_section

    say = progress or (lambda msg: print(msg, file=sys.stderr, flush=True))
    out_dir = Path(out)
    paths = notebooks if notebooks is not None else find_notebooks()
    if not paths:
        raise FileNotFoundError("no notebooks found (expected notebooks/NN_topic.ipynb)")
    prepare_output(out_dir, force=force)
    # Figures and tables do not depend on the notebooks: export them in a
    # second process while the notebooks run (the kernels use the other core).
    pool = export_job = None
    if exports:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        export_job = pool.submit(_export_all, str(out_dir))
    infos = []
    executed = []
    for n, path in enumerate(paths, 1):
        start = time.perf_counter()
        say(f"[{n}/{len(paths)}] {path.name}: executing ...")
        try:
            nb = execute_notebook(path)
        except BaseException:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            raise
        info = notebook_info(path)
        executed.append((info, nb))
        infos.append(info)
        say(f"[{n}/{len(paths)}] {path.name}: done in {time.perf_counter() - start:.1f} s")
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
    # Both editions (the pages), glossary, gallery, slides and handouts.
    classroom = build_classroom(out_dir, executed, progress=say)
    index = out_dir / "index.html"
    atomic_write_text(
        index,
        _index_html(
            infos,
            "natoanalysis: the facts behind a NATO story",
            root=out_dir,
            figures=figures,
            tables=tables,
            classroom=index_section(classroom),
        ),
    )
    say(f"report written to {index}")
    return index
