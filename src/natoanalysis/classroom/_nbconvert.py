"""nbconvert's HTML exporters without their BeautifulSoup pass.

``HTMLExporter.from_notebook_node`` renders its template, then parses the
whole page with BeautifulSoup only to give every ``<img>`` an ``alt`` and
make code and output areas focusable (``tabindex="0"``), and serialises the
tree again. On the report's pages that pass costs two thirds of the
rendering time (about 3 of 4 s for the 27 pages and decks). Here
:func:`accessible` makes the same two edits on the template's text, tag by
tag; ``tests/test_classroom.py`` checks that the result parses to exactly
what nbconvert's own pass gives, page by page.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["FOCUSABLE", "NO_ALT", "accessible", "without_soup"]

# One attribute of an HTML start tag: a name, optionally = and a value that
# is double-quoted, single-quoted or bare (what the templates and html5ever
# write; a quoted value cannot contain its own quote).
_ATTRIBUTE = r"""\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TAG = re.compile(rf"<(div|img)((?:{_ATTRIBUTE})*)(\s*/?)>", re.IGNORECASE)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_TABINDEX = re.compile(r"\stabindex(?:\s*=|\s|$)", re.IGNORECASE)
_ALT = re.compile(r"\salt(?:\s*=|\s|$)", re.IGNORECASE)
#: The classes of the ``<div>`` elements nbconvert makes focusable.
FOCUSABLE = frozenset({"jp-Cell-inputWrapper", "jp-OutputArea-output"})
#: nbconvert's text for an image that came without one.
NO_ALT = "No description has been provided for this image"


def _edit(m: re.Match[str]) -> str:
    tag, attrs, end = m.groups()
    if tag.lower() == "img":
        return m.group(0) if _ALT.search(attrs) else f'<{tag}{attrs} alt="{NO_ALT}"{end}>'
    cls = _CLASS.search(attrs)
    if cls is None or _TABINDEX.search(attrs):
        return m.group(0)
    if FOCUSABLE.isdisjoint((cls.group(1) or cls.group(2) or cls.group(3) or "").split()):
        return m.group(0)
    return f'<{tag}{attrs} tabindex="0"{end}>'


def accessible(page: str) -> str:
    """``page`` with an ``alt`` on every image and ``tabindex="0"`` on every code
    and output area, as nbconvert gives them (a keyboard user can then
    scroll a wide table or a long output).

    >>> accessible('<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">')
    '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">'
    >>> accessible('<img src="x.png" alt="A map"><img src="y.png">').split("><")[1]
    'img src="y.png" alt="No description has been provided for this image">'
    """
    return _TAG.sub(_edit, page)


def without_soup(cls: type) -> type:
    """A subclass of the nbconvert exporter ``cls`` (``HTMLExporter`` or a
    subclass) that renders without the BeautifulSoup pass; see the module."""
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    def from_notebook_node(
        self: Any, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        # HTMLExporter.from_notebook_node (nbconvert 7) up to its soup
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight_code = self.filters.get(
            "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
        )
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return accessible(html), resources

    return type(cls.__name__, (cls,), {"from_notebook_node": from_notebook_node})
