"""environment.yml (conda) and pyproject.toml (pip) must list the same packages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from the PyPI names.
CONDA_TO_PYPI: dict[str, str] = {}


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", req)
    assert m, req
    name = re.sub(r"[-_.]+", "-", m.group(1)).lower()
    return CONDA_TO_PYPI.get(name, name), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs += extra
    return dict(_split(r) for r in reqs)


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
        else:
            name, spec = _split(dep)
            if name not in {"python", "pip"}:
                conda[name] = spec
    return conda, pip


#: Packages whose version shapes what the notebooks and the report print;
#: environment.yml pins them to the versions in requirements/constraints.txt.
OUTPUT_SHAPING = (
    "pandas",
    "matplotlib",
    "pycountry",
    "frictionless",
    "nbformat",
    "nbclient",
    "nbconvert",
    "ipykernel",
    "nh3",
)


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==", line)
        if m:
            pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = line
    return pins


def test_same_packages_and_versions():
    conda, _ = _environment()
    pip = _pyproject()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not pyproject.toml"
    unpinned = {k: v for k, v in conda.items() if k not in OUTPUT_SHAPING}
    assert unpinned == {k: v for k, v in pip.items() if k not in OUTPUT_SHAPING}


def test_output_shaping_packages_are_pinned_as_in_the_constraints():
    from packaging.specifiers import SpecifierSet

    conda, _ = _environment()
    pip, pins = _pyproject(), _pins()
    for name in OUTPUT_SHAPING:
        line = pins[name]
        assert ";" not in line.split("#")[0], f"{name}: one version for every Python: {line}"
        version = line.split("==")[1].split()[0]
        assert conda[name] == f"=={version}", f"environment.yml: {name}{conda[name]}, not {line}"
        assert version in SpecifierSet(pip[name]), f"{name} {version} outside {pip[name]}"


def test_environment_installs_the_package_editable():
    _, pip = _environment()
    assert "-e ." in pip


def test_python_floor_agrees():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.removeprefix("python") == meta["requires-python"]


def test_constraints_pin_every_direct_dependency():
    pins = _pins()
    missing = sorted(set(_pyproject()) - set(pins))
    assert missing == [], f"not pinned in requirements/constraints.txt: {missing}"
    # One pandas and one matplotlib for every Python, so stored outputs agree.
    for name in ("pandas", "matplotlib"):
        assert ";" not in pins[name], pins[name]
