# natoanalysis: one command to set up and build the report, one to test.
#   make         set up .venv (pinned) and build the report into build/report
#   make test    set up .venv (pinned) and run the whole test suite (in parallel)
#   make test-fast  unit tests and doctests only: the quick developer loop
# Needs python3 (>= 3.10, with venv), make, and npm (reveal.js for the slides).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# reveal.js for the report's slide decks, from the npm registry (package-lock.json pins it).
REVEAL := node_modules/reveal.js/dist/reveal.js
OUT    ?= build/report

.PHONY: all setup bytecode reveal report test test-fast lab present lint format lock notebooks bench clean

all: report

$(STAMP): pyproject.toml requirements/constraints.txt
	@echo "make: creating the virtual environment $(VENV) ..."
	$(PYTHON) -m venv $(VENV)
	@echo "make: installing natoanalysis and its pinned dependencies into $(VENV)"
	@echo "      (requirements/constraints.txt; about 2 minutes on a fresh machine) ..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --progress-bar off \
		-c requirements/constraints.txt -e '.[dev]'
	@echo "make: $(VENV) is ready"
	touch $(STAMP)

# The package's bytecode, as pip writes it for an installed wheel: the
# editable install imports from src/, and without this every process (each
# test worker, each notebook kernel) compiles the modules again wherever
# PYTHONDONTWRITEBYTECODE is set. Only changed files are recompiled.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src/natoanalysis >/dev/null

setup: $(STAMP) bytecode $(REVEAL)

$(REVEAL): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the slides' reveal.js (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(REVEAL)

reveal: $(REVEAL)

report: $(STAMP) bytecode $(REVEAL)
	$(BIN)/natoanalysis report --out $(OUT)

# pytest rewrites each test module's asserts and caches the result beside it
# (tests/__pycache__, git-ignored); where PYTHONDONTWRITEBYTECODE is set it may
# not, and then every worker rewrites every module again on every run (about
# 3 s of CPU a worker). The suite lets it keep that cache.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

# Test files run in parallel, one worker per core; each file (so each
# notebook under nbval) stays on one worker.
test: $(STAMP) bytecode $(REVEAL)
	$(PYTEST) -n auto --dist loadfile

# Unit tests and doctests, no kernels, browser or wheel build.
test-fast: $(STAMP) bytecode
	$(PYTEST) -m "not slow" -n auto --dist loadfile tests src/natoanalysis

# JupyterLab with RISE: open a notebook, then "Render as slides" (Alt+R) presents it live.
lab present: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-execute every notebook in a fresh kernel and store the outputs that
# nbval compares against (after a change to data, charts or pins).
notebooks: $(STAMP)
	$(BIN)/natoanalysis execute

# Refresh the pins (needs network access to PyPI): one lock for every
# supported Python, a single pandas/matplotlib version across them.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal \
		--fork-strategy fewest --python-version 3.10 --no-header \
		--annotation-style line -o requirements/constraints.txt

bench: $(STAMP) bytecode
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) node_modules
