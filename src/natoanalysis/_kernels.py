"""Jupyter kernels that talk to us over IPC (Unix sockets) instead of TCP.

A kernel started over TCP without CurveZMQ keys logs ``Kernel is running
over TCP without encryption`` on every start. The report's kernels, and the
kernels nbval starts for the test suite, only ever talk to this machine, so
on POSIX they use IPC transport: Unix sockets in Jupyter's private runtime
folder, nothing listening on a port, and no warning to hide. On Windows,
which has no IPC transport, kernels keep the TCP default.

The module doubles as a pytest plugin (``-p natoanalysis._kernels``, set in
``pyproject.toml``) that gives nbval the same kernels.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from jupyter_client.manager import AsyncKernelManager, KernelManager
from traitlets import default

__all__ = ["IPC", "IPCAsyncKernelManager", "IPCKernelManager", "kernel_manager_class"]

#: Whether kernels run over IPC transport on this platform.
IPC = os.name == "posix"


def _socket_prefix() -> str:
    """An absolute, unique socket path prefix in Jupyter's runtime folder (mode 0700).

    The default prefix (``kernel-ipc``) is relative to the current folder,
    which breaks when the kernel starts elsewhere (the notebook's folder)
    and clashes when kernels run side by side.
    """
    from jupyter_core.paths import jupyter_runtime_dir

    folder = jupyter_runtime_dir()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, f"nbk-{uuid.uuid4().hex[:12]}-ipc")


class IPCKernelManager(KernelManager):
    """A blocking kernel manager using IPC transport (what nbval uses)."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        return _socket_prefix()


class IPCAsyncKernelManager(AsyncKernelManager):
    """An asyncio kernel manager using IPC transport (what nbclient uses)."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("ip")
    def _default_ip(self) -> str:
        return _socket_prefix()


def kernel_manager_class() -> type[AsyncKernelManager]:
    """The kernel manager class for :class:`nbclient.NotebookClient` on this platform."""
    return IPCAsyncKernelManager if IPC else AsyncKernelManager


def pytest_configure(config: Any) -> None:
    """Give nbval kernels over IPC transport (POSIX only)."""
    if not IPC:
        return
    try:
        import nbval.kernel
    except ImportError:  # pragma: no cover - nbval is a dev dependency
        return
    nbval.kernel.KernelManager = IPCKernelManager
