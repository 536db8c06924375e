"""The classroom pages' shared parts: style sheet, navigation bar and page shell.

Every page is plain HTML and CSS (no JavaScript), readable on a projector
(large type, high contrast) and printable on A4 without splitting a chart.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

__all__ = ["CSS", "NavLink", "nav_html", "page"]

#: Added to every report page (both editions), the glossary, the gallery and
#: the class index. The print rules make the handouts.
CSS = """
.site-nav { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: baseline;
  max-width: 72rem; margin: .8rem auto; padding: .6rem 1rem; font: 1rem/1.4 system-ui, sans-serif;
  background: #f3f5f8; border-radius: 6px; }
.site-nav a { color: #0b4f8a; font-weight: 600; text-decoration: underline; }
.site-nav .next { margin-left: auto; }
.site-nav .edition { color: #333; }
details.code-fold { margin: .3rem 0; }
details.code-fold > summary { cursor: pointer; color: #0b4f8a; font: .9rem system-ui, sans-serif;
  padding: .2rem .4rem; }
.celltag_takeaways { break-inside: avoid; background: #eef5fb; border-left: 6px solid #0072B2;
  padding: .2rem .8rem;
  margin: .6rem 0; }
.edition-class .jp-InputPrompt, .edition-class .jp-OutputPrompt { display: none; }
.edition-class { --jp-content-font-size1: 20px; --jp-ui-font-size1: 18px;
  --jp-code-font-size: 17px; max-width: 84rem; margin: 0 auto; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
.jp-RenderedHTMLCommon a.glossary-term, a.glossary-term { color: #0b4f8a;
  text-decoration: underline; text-underline-offset: 3px; }
body.jp-Notebook { --jp-content-link-color: #0b4f8a; }
.jp-InputPrompt, .jp-OutputPrompt { color: #4a4a4a !important; opacity: 1 !important; }
.jp-RenderedHTMLCommon a, .jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited {
  text-decoration: underline; }
.page { font-family: system-ui, sans-serif; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem;
  line-height: 1.5; color: #1a1a1a; font-size: 1.1rem; }
.page h1 { font-size: 2rem; }
.page a { color: #0b4f8a; }
.glossary dt { font-weight: 700; font-size: 1.2rem; margin-top: 1rem; }
.glossary dd { margin: .2rem 0 0 1rem; }
.glossary .also, .glossary .source { color: #444; font-size: .95rem; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr));
  gap: 1.2rem; padding: 0; list-style: none; }
.gallery figure { margin: 0; border: 1px solid #ccd3db; border-radius: 6px; padding: .6rem;
  background: #fff; }
.gallery img { width: 100%; height: auto; display: block; }
.gallery h2 { font-size: 1.15rem; margin: .5rem 0 .2rem; }
.gallery .takeaway { margin: .2rem 0; font-size: 1.15rem; }
.gallery .alt, .gallery .source { font-size: .95rem; color: #333; margin: .2rem 0; }
.gallery .downloads { font-size: .95rem; }
.notebooks li { margin-bottom: 1rem; }
.notebooks li > a { font-weight: 700; font-size: 1.2rem; }
.takeaway-list { margin: .3rem 0 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  .site-nav, details.code-fold { display: none !important; }
  body { font-size: 11pt; }
  .edition-class { font-size: 11pt; }
  /* a chart or a table row is never split; text and long tables flow */
  .jp-OutputArea-child { break-inside: auto; }
  img, figure, svg, .jp-RenderedImage, .jp-OutputArea-child:has(.jp-RenderedImage), tr, pre
    { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .jp-RenderedImage img { max-height: 240mm; }
  a { color: inherit; }
}
"""


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    cls: str = ""
    rel: str = ""


def nav_html(links: list[NavLink], label: str = "Report") -> str:
    """A ``<nav>`` bar of links (escaped); previous/next carry ``rel``."""
    parts = []
    for link in links:
        attrs = f'href="{html.escape(link.href, quote=True)}"'
        if link.cls:
            attrs += f' class="{link.cls}"'
        if link.rel:
            attrs += f' rel="{link.rel}"'
        parts.append(f"<a {attrs}>{html.escape(link.label)}</a>")
    return (
        f'<nav class="site-nav" aria-label="{html.escape(label, quote=True)}">'
        + "".join(parts)
        + "</nav>"
    )


def page(title: str, body: str, *, nav: str = "") -> str:
    """A complete standalone page (glossary, gallery, class index)."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
{nav}
<main class="page">
<h1>{html.escape(title)}</h1>
{body}
</main>
</body>
</html>
"""
