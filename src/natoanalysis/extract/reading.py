"""Reading a file for the extractor: decoding, refusing binary input, HTML to text."""

from __future__ import annotations

import re
import stat
from html.parser import HTMLParser
from pathlib import Path

from ..errors import DataError
from .base import PathLike

# --------------------------------------------------------------------------
# Reading files

_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
]
_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|article|p|div|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)


def _decode(raw: bytes, name: str, encoding: str | None) -> str:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise DataError(
                f"this is {what}, not text; extract its text first (for example, save it "
                "as plain text) and pass that file",
                file=name,
            )
    if encoding is None:
        for bom, enc in _BOMS:
            if raw.startswith(bom):
                encoding = enc
                break
    if encoding is None:
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise DataError(
                "this looks like a binary file, not text (it contains a NUL byte); "
                "if it is text in UTF-16 or UTF-32, pass --encoding",
                file=name,
                offset=nul,
            )
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except LookupError:
        raise DataError(f"unknown encoding {encoding!r}", file=name) from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = (
            "; if the file is not UTF-8, say which encoding it uses with --encoding "
            "(for example --encoding cp1252)"
            if encoding == "utf-8"
            else ""
        )
        raise DataError(
            f"line {line}: not {encoding}: byte 0x{raw[exc.start]:02x} cannot be decoded{hint}",
            file=name,
            offset=exc.start,
        ) from None
    return text


#: Default cap on the size of an input file (:func:`read_text_file`, ``--max-bytes``):
#: 64 MiB, about 25 times the longest news text one is likely to meet.
MAX_BYTES = 64 * 1024 * 1024


def read_text_file(
    path: PathLike, encoding: str | None = None, *, max_bytes: int | None = MAX_BYTES
) -> str:
    """Read a text file for :func:`extract_article`.

    UTF-8 (with or without a byte-order mark) unless ``encoding`` says
    otherwise; UTF-16/32 with a byte-order mark are recognised. Raises
    :class:`natoanalysis.DataError` naming the file and the byte offset when
    the bytes are not valid in the encoding, and refuses binary files (PDF,
    ZIP/Office, images, anything with a NUL byte or character anywhere) with
    a clear message. Only regular files are read: a device (``/dev/zero``),
    a FIFO or a socket is refused, and so is a file larger than
    ``max_bytes`` (default :data:`MAX_BYTES`; ``None`` for no cap), before
    anything is read into memory. An HTML page is reduced to its text with
    :func:`html_to_text`; offsets in the output then index that text, not
    the HTML. Line endings and a UTF-8 byte-order mark are kept, so offsets
    index the file's characters.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"{p}: no such file") from None
    if stat.S_ISDIR(st.st_mode):
        raise DataError("is a folder, not a text file", file=str(p))
    if not stat.S_ISREG(st.st_mode):
        raise DataError(
            "is not a regular file (a device, FIFO or socket); save the text to a file first",
            file=str(p),
        )
    if max_bytes is not None and st.st_size > max_bytes:
        raise DataError(
            f"is {st.st_size:,} bytes, more than the limit of {max_bytes:,} "
            "(raise it with --max-bytes if this really is one text)",
            file=str(p),
        )
    try:
        with open(p, "rb") as fh:  # read at most one byte past the cap: the file may grow
            raw = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    except IsADirectoryError:  # pragma: no cover - caught by the stat above
        raise DataError("is a folder, not a text file", file=str(p)) from None
    if max_bytes is not None and len(raw) > max_bytes:
        raise DataError(
            f"is more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
            file=str(p),
        )
    text = _decode(raw, p.name, encoding)
    nul = text.find("\x00")
    if nul >= 0:
        raise DataError(
            f"character {nul} is a NUL: this looks like a binary file, not text", file=p.name
        )
    if encoding is None and raw.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text  # keep the BOM: offsets index the file as the reader sees it
    if _HTML_START.match(raw[:2048].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf")):
        text = html_to_text(text)
    return text


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "form"})
    _BLOCK = frozenset(
        [
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "li",
            "br",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "main",
            "aside",
            "blockquote",
            "pre",
            "table",
            "tr",
            "figure",
            "figcaption",
            "dl",
            "dt",
            "dd",
            "address",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False
        self.saw_h1 = False

    def _flush(self) -> None:
        # HTML collapses runs of ASCII white space; a non-breaking space stays
        line = _HTML_SPACE.sub(" ", "".join(self.current)).strip(" ")
        if line and line != "•":
            self.blocks.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self._SKIP:
            self.skip += 1
            return
        if tag in self._BLOCK:
            self._flush()
        if tag == "h1":
            self.saw_h1 = True
        if tag == "li" and not self.skip:
            self.current.append("• ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in self._BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip:
            self.current.append(data)


def html_to_text(html: str) -> str:
    """Reduce an HTML page to plain text: one block per paragraph, heading or list item.

    Scripts, styles, the head, navigation and forms are dropped; list items
    become ``•`` bullets; the page title leads when the body has no ``<h1>``.

    >>> html_to_text("<html><head><title>T</title></head><body><p>A &amp; B</p>"
    ...              "<ul><li>one</li><li>two</li></ul></body></html>")
    'T\\n\\nA & B\\n\\n• one\\n\\n• two'
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    parser._flush()
    blocks = parser.blocks
    title = _HTML_SPACE.sub(" ", "".join(parser.title)).strip(" ")
    if title and not parser.saw_h1 and (not blocks or blocks[0] != title):
        blocks = [title, *blocks]
    return "\n\n".join(blocks)
