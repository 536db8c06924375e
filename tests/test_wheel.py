"""A plain wheel install loads every table and finds the report's notebooks (no checkout)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_loads_every_table(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("natoanalysis-*.whl")
    import zipfile

    shipped = {n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".ipynb")}
    ours = {f"natoanalysis/notebooks/{p.name}" for p in (ROOT / "notebooks").glob("[0-9]*.ipynb")}
    assert ours and shipped == ours, "the wheel carries the report's notebooks"

    env_dir = tmp_path / "venv"
    # No pip inside the new venv (ensurepip costs more than the rest of the
    # test): this environment's pip installs into it (pip --python).
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet",
         "--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    # Dependencies come from this environment, placed *after* the new venv's
    # own site-packages, so natoanalysis itself can only come from the wheel.
    deps = sysconfig.get_paths()["purelib"]
    code = (
        "import natoanalysis as na, pathlib;"
        "assert 'site-packages' in na.__file__ and 'venv' in na.__file__, na.__file__;"
        "print(na.data_dir());"
        "print(sorted((n, len(na.load_table(n))) for n in na.table_names()));"
        "from natoanalysis.report import find_notebooks;"
        "nbs = find_notebooks();"
        "assert nbs and all('site-packages' in str(p) for p in nbs), nbs;"
        "print(len(nbs))"
    )
    env = {**os.environ, "PYTHONPATH": deps}
    env.pop("NATOANALYSIS_DATA_DIR", None)
    out = subprocess.run(
        [py, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    ).stdout
    data_dir, tables, n_notebooks = out.splitlines()
    assert str(env_dir) in data_dir
    assert "('members', 32)" in tables
    # natoanalysis report, run anywhere, finds the notebooks inside the package
    assert int(n_notebooks) == len(ours)
