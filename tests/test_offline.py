"""Nothing in the package, the notebooks or the report reaches out to the network.

The whole suite runs under pytest-socket with only loopback connections
allowed (see ``addopts`` in pyproject.toml), so any code path that tried to
fetch something would fail its test. These tests check that the guard is
active and that no network client is used by the package or the notebooks.
"""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NETWORK_CALLS = re.compile(
    r"\b(import requests|from requests|urllib\.request|urlopen|http\.client|httpx|aiohttp"
    r"|socket\.create_connection|pd\.read_csv\(\s*['\"]https?:)"
)


def test_outside_connections_are_blocked():
    from pytest_socket import SocketConnectBlockedError

    # A reserved name that never resolves: even an unguarded attempt sends nothing.
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s,
        pytest.warns(UserWarning, match="natoanalysis.invalid"),
        pytest.raises(SocketConnectBlockedError),
    ):
        s.connect(("natoanalysis.invalid", 80))


def test_loopback_is_allowed():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            pass


@pytest.mark.parametrize(
    "path", sorted((ROOT / "src" / "natoanalysis").rglob("*.py")), ids=lambda p: p.name
)
def test_package_code_uses_no_network_client(path):
    assert not NETWORK_CALLS.search(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_use_no_network_client(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert not NETWORK_CALLS.search(code), path.name
