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
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from .._io import atomic_write_bytes

__all__ = ["FLAGS", "PrintJob", "find_chromium", "print_pdfs"]

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


def _print_with_playwright(chromium: str, jobs: list[tuple[Path, Path]]) -> None:
    """Print with one browser, a page per core at a time (Chromium renders
    each page in a process of its own)."""
    import asyncio

    from playwright.async_api import async_playwright

    async def run() -> None:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
            try:
                queue = list(reversed(jobs))

                async def worker() -> None:
                    page = await browser.new_page()
                    while queue:
                        html_path, pdf_path = queue.pop()
                        await page.goto(html_path.resolve().as_uri(), wait_until="load")
                        pdf = await page.pdf(
                            format="A4", print_background=True, prefer_css_page_size=True
                        )
                        atomic_write_bytes(pdf_path, pdf)

                await asyncio.gather(*(worker() for _ in range(min(len(jobs), _tabs()))))
            finally:
                await browser.close()

    asyncio.run(run())


def _tabs() -> int:
    """Pages printed at once: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _print_with_cli(chromium: str, jobs: list[tuple[Path, Path]]) -> None:
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


def _main(argv: list[str]) -> int:
    _die_with_parent()
    chromium, *paths = argv
    jobs = [(Path(a), Path(b)) for a, b in zip(paths[::2], paths[1::2])]
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _print_with_cli(chromium, jobs)
    else:
        _print_with_playwright(chromium, jobs)
    return 0


class PrintJob:
    """Handouts being printed in a child process; :meth:`wait` for the PDFs."""

    def __init__(self, jobs: list[tuple[Path, Path]], chromium: str) -> None:
        self.pdfs = [pdf for _, pdf in jobs]
        args = [str(p) for pair in jobs for p in pair]
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "natoanalysis.classroom.handouts", chromium, *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, so kill() reaches the browser
        )

    def kill(self) -> None:
        """Stop printing (the child process and its browser)."""
        if self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.communicate()

    def wait(self, timeout: float = 600) -> list[Path]:
        """The PDFs; raises :class:`RuntimeError` with Chromium's message if printing failed."""
        try:
            _, err = self._proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError(f"printing the handouts took longer than {timeout:.0f} s") from None
        if self._proc.returncode != 0:
            raise RuntimeError(f"printing the handouts failed:\n{err.strip()[-2000:]}")
        return self.pdfs


def print_pdfs(jobs: list[tuple[Path, Path]], chromium: str) -> PrintJob:
    """Start printing each ``(html, pdf)`` pair in the background."""
    return PrintJob(jobs, chromium)


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
