"""What JupyterLab opens is what we ship: fetch every notebook through a real server."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.slow  # starts a Jupyter server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path_factory.mktemp("runtime"))}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={ROOT / 'notebooks'}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = proc.stderr.read().decode(errors="replace")[-2000:]
                pytest.fail(f"Jupyter server did not start:\\n{err}")
            time.sleep(0.3)
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _get(server, path: str) -> dict:
    base, token = server
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=20) as resp:
        return json.load(resp)


def test_server_lists_every_notebook(server):
    listing = _get(server, "/api/contents/")
    names = {item["name"] for item in listing["content"] if item["type"] == "notebook"}
    assert {nb.name for nb in NOTEBOOKS} <= names


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_served_notebook_is_the_shipped_one(server, nb):
    import nbformat

    served = _get(server, f"/api/contents/{nb.name}?content=1&type=notebook")
    assert served["type"] == "notebook" and served["format"] == "json"
    shipped = nbformat.read(nb, as_version=4)
    got = nbformat.from_dict(served["content"])
    nbformat.validate(got)
    assert [c.source for c in got.cells] == [c.source for c in shipped.cells]
    assert [c.get("outputs") for c in got.cells] == [c.get("outputs") for c in shipped.cells]
