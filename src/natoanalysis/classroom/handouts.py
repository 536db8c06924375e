"""Printable A4 handouts: the class edition of each notebook as a PDF.

Printed offline by headless Chromium (Debian's ``chromium``, found on PATH).
With Playwright installed (a development dependency) every page is printed in one browser session;
without it, ``chromium --print-to-pdf`` runs once per page. The pages'
print style sheet (see ``_page.CSS``) keeps every chart and table row on
one page. The printing runs in a child process, so it never meets an
event loop of the caller's.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .._io import atomic_write_bytes

__all__ = ["FLAGS", "PrintJob", "find_chromium"]

#: Offline and quiet: no sync, no component updates, no background requests.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """``chromium`` or ``chromium-browser`` on PATH."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _jobs(lines: Iterable[str]) -> Iterator[tuple[Path, Path]]:
    """One job per line: a JSON list of an HTML and a PDF path."""
    for line in lines:
        if line.strip():
            html_path, pdf_path = json.loads(line)
            yield Path(html_path), Path(pdf_path)


def _print_with_playwright(chromium: str, jobs: Iterable[tuple[Path, Path]]) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        try:
            page = browser.new_page()
            for html_path, pdf_path in jobs:
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
                atomic_write_bytes(pdf_path, pdf)
        finally:
            browser.close()


def _print_with_cli(chromium: str, jobs: Iterable[tuple[Path, Path]]) -> None:
    for html_path, pdf_path in jobs:
        with tempfile.TemporaryDirectory(prefix="natoanalysis-chromium-") as tmp:
            target = Path(tmp) / "out.pdf"
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    *FLAGS,
                    f"--user-data-dir={Path(tmp) / 'profile'}",
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={target}",
                    html_path.resolve().as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            atomic_write_bytes(pdf_path, target.read_bytes())


def _die_with_parent() -> None:
    """End this process group (this process, Playwright's driver, the browser)
    as soon as the report that started it is gone, even after a SIGKILL."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.killpg(os.getpgid(0), signal.SIGKILL)

    threading.Thread(target=watch, daemon=True).start()


def main(argv: list[str]) -> int:
    """The printing child: ``CHROMIUM``; its jobs come on standard input, one per
    line, and are printed as they come until standard input closes."""
    _die_with_parent()
    (chromium,) = argv
    jobs = _jobs(sys.stdin)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _print_with_cli(chromium, jobs)
    else:
        _print_with_playwright(chromium, jobs)
    return 0


class PrintJob:
    """Handouts being printed in a child process: :meth:`add` pages as they are
    made, then :meth:`wait` for the PDFs.

    The child starts its browser at once, so a caller that starts it early
    pays Chromium's start-up while it still has other work to do.
    """

    def __init__(self, chromium: str) -> None:
        self.pdfs: list[Path] = []
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "natoanalysis.classroom._printer", chromium],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so kill() reaches the browser
        )

    def add(self, html_path: Path, pdf_path: Path) -> None:
        """Print ``html_path`` to ``pdf_path`` after the pages before it."""
        self.pdfs.append(pdf_path)
        assert self._proc.stdin is not None
        try:  # JSON, so that any character in a path survives
            self._proc.stdin.write(json.dumps([str(html_path), str(pdf_path)]) + "\n")
            self._proc.stdin.flush()
        except BrokenPipeError:  # the child failed; wait() says why
            pass

    def kill(self) -> None:
        """Stop printing (the child process and its browser)."""
        if self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGKILL)
        with contextlib.suppress(OSError, ValueError):
            self._proc.communicate()

    def wait(self, timeout: float = 600) -> list[Path]:
        """The PDFs; raises :class:`RuntimeError` with Chromium's message if printing failed."""
        try:
            _, err = self._proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"printing the handouts took longer than {timeout:.0f} s") from None
        except BrokenPipeError:  # closing the input of a child that failed
            self._proc.wait()
            err = self._proc.stderr.read() if self._proc.stderr else ""
        if self._proc.returncode != 0:
            raise RuntimeError(f"printing the handouts failed:\n{err.strip()[-2000:]}")
        return self.pdfs
