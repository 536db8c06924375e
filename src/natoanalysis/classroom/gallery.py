"""The figure gallery: every exported chart with its title, takeaway, alt text and source.

:class:`GalleryRecord` collects what :func:`describe` reads from each Figure
while the report renders the charts (PNG at presentation size, SVG with text
as paths), and adds a thumbnail of each and ``figures/figures.json``;
:func:`gallery_html` turns that record into ``gallery.html``.

A chart function may attach its own description as ``fig.chart_info``
(a dict with any of ``title``, ``takeaway``, ``alt``, ``source``); what it
leaves out is derived from the Figure: the takeaway from its title, the
source from its caption, the alt text from the chart type, the takeaway
and the axis labels.
"""

from __future__ import annotations

import html
import io
import json

import numpy as np
from matplotlib.figure import Figure

from ._page import NavLink, nav_html, page

__all__ = ["THUMB_WIDTH", "GalleryRecord", "describe", "gallery_html"]

THUMB_WIDTH = 640
MANIFEST = "figures.json"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _kind(fig: Figure) -> str:
    axes = [
        ax for ax in fig.axes if ax.get_visible() and (ax.patches or ax.lines or ax.collections)
    ]
    if not axes:
        return "Chart"
    ax = axes[0]
    if sum(len(a.patches) for a in axes) > 20 and not any(a.containers for a in axes):
        return "Map"
    if ax.containers:
        kind = "Bar chart"
    elif ax.collections and not any(len(np.asarray(line.get_xdata())) > 2 for line in ax.lines):
        kind = "Dot chart"
    elif ax.lines:
        kind = "Line chart"
    else:
        kind = "Chart"
    return kind if len(axes) == 1 else f"{kind} in {len(axes)} panels"


def describe(fig: Figure, name: str) -> dict[str, str]:
    """Title, one-line takeaway, alt text and source line of a chart.

    >>> from natoanalysis.figures import FIGURES
    >>> info = describe(FIGURES["allies_per_wave"](), "allies_per_wave")
    >>> info["title"], info["alt"].startswith("Bar chart: ")
    ('Allies per wave', True)
    """
    given = dict(getattr(fig, "chart_info", None) or {})
    texts = [_clean(t.get_text()) for t in fig.texts if t.get_text().strip()]
    source = next((t for t in texts if t.startswith("Source")), "")
    suptitle = fig.get_suptitle()
    titles = [_clean(suptitle)] if suptitle else []
    titles += [_clean(ax.get_title(loc)) for ax in fig.axes for loc in ("left", "center", "right")]
    titles += [t for t in texts if not t.startswith("Source")]
    takeaway = next((t for t in titles if t), "")
    axes_text = []
    kind = _kind(fig)
    for ax in fig.axes if kind != "Map" else []:
        x, y = _clean(ax.get_xlabel()), _clean(ax.get_ylabel())
        parts = [f"across: {x}" if x else "", f"up: {y}" if y else ""]
        if any(parts):
            axes_text.append(", ".join(p for p in parts if p))
    alt = f"{kind}: {takeaway}" if takeaway else kind
    if axes_text:
        alt += ". Axes " + "; ".join(axes_text)
    info = {
        "name": name,
        "title": name.replace("_", " ").capitalize(),
        "takeaway": takeaway,
        "alt": alt + ".",
        "source": source,
    }
    info.update({k: str(v) for k, v in given.items() if k in info and v})
    return info


def _thumbnail(png: bytes) -> tuple[bytes, int, int]:
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    height = round(image.height * THUMB_WIDTH / image.width)
    small = image.convert("RGB").resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # zlib level 3: half the time of optimize=True, and smaller for these charts
    small.save(out, format="png", compress_level=3)
    return out.getvalue(), THUMB_WIDTH, height


class GalleryRecord:
    """Collects each chart's description while the figures are rendered.

    Pass :meth:`add` as ``on_figure`` to :func:`natoanalysis.figures.figure_files`;
    :meth:`files` then gives the thumbnails and ``figures.json``.
    """

    def __init__(self) -> None:
        self.entries: list[dict[str, str]] = []

    def add(self, name: str, fig: Figure) -> None:
        self.entries.append(describe(fig, name))

    def files(self, rendered: dict[str, bytes]) -> dict[str, bytes]:
        """``figures/thumbs/NAME.png`` and ``figures/figures.json`` (report-relative)."""
        out: dict[str, bytes] = {}
        record = []
        for entry in self.entries:
            png = rendered.get(f"figures/{entry['name']}.png")
            if png is None:
                continue
            thumb, width, height = _thumbnail(png)
            out[f"figures/thumbs/{entry['name']}.png"] = thumb
            record.append({**entry, "thumb_width": width, "thumb_height": height})
        text = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
        out[f"figures/{MANIFEST}"] = text.encode("utf-8")
        return out


def gallery_html(manifest: bytes) -> str:
    """``gallery.html`` from the bytes of ``figures/figures.json``."""
    items = []
    for f in json.loads(manifest.decode("utf-8")):
        name = html.escape(f["name"], quote=True)
        items.append(
            f'<li><figure id="{name}">'
            f'<a href="figures/{name}.png">'
            f'<img src="figures/thumbs/{name}.png" width="{f["thumb_width"]}" '
            f'height="{f["thumb_height"]}" alt="{html.escape(f["alt"], quote=True)}"></a>'
            f"<figcaption><h2>{html.escape(f['title'])}</h2>"
            f'<p class="takeaway">{html.escape(f["takeaway"])}</p>'
            f'<p class="alt"><strong>Description:</strong> {html.escape(f["alt"])}</p>'
            f'<p class="source">{html.escape(f["source"])}</p>'
            f'<p class="downloads">Full size: <a href="figures/{name}.png">PNG for slides</a> · '
            f'<a href="figures/{name}.svg">SVG for print</a></p>'
            "</figcaption></figure></li>"
        )
    body = (
        "<p>Every chart of the report. Select a chart to open it full size "
        "(PNG, 1920 pixels wide, for a projector); the SVG scales for print and "
        "looks the same on any computer (its text is drawn as outlines).</p>\n"
        '<ul class="gallery">\n' + "\n".join(items) + "\n</ul>"
    )
    nav = nav_html(
        [
            NavLink("index.html", "All notebooks"),
            NavLink("class/index.html", "Class edition"),
            NavLink("glossary.html", "Glossary"),
        ]
    )
    return page("Figure gallery", body, nav=nav)
