"""The report's HTML sanitiser: what a page may keep from a notebook.

Markdown cells and outputs can carry text that came from an article or a
user's data copy; :func:`safe_html` keeps the markup a reader needs and
drops anything that could run a script or make the page fetch a resource.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["safe_html"]

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
