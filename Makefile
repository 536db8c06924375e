# natoanalysis: one command to set up and build the report, one to test.
#   make         set up .venv (pinned) and build the report into build/report
#   make test    set up .venv (pinned) and run the whole test suite
# Needs python3 (>= 3.10, with venv), make, and npm (reveal.js for the slides).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# reveal.js for the report's slide decks, from the npm registry (package-lock.json pins it).
REVEAL := node_modules/reveal.js/dist/reveal.js
OUT    ?= build/report

.PHONY: all setup reveal report test lab present lint format lock notebooks bench clean

all: report

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) $(REVEAL)

$(REVEAL): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the slides' reveal.js (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(REVEAL)

reveal: $(REVEAL)

report: $(STAMP) $(REVEAL)
	$(BIN)/natoanalysis report --out $(OUT)

test: $(STAMP) $(REVEAL)
	$(BIN)/python -m pytest

# JupyterLab with RISE: open a notebook, then "Render as slides" (Alt+R) presents it live.
lab present: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) node_modules
