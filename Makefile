# Quick start: `make demo` and `make test` work on a fresh clone.
# Both create a virtual environment in .venv unless one is already active.
PYTHON ?= python3
ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := .venv
endif
PY := $(VENV)/bin/python
STAMP := $(VENV)/.netmap-installed

.PHONY: setup demo test typecheck bench wheel-smoke lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the demo keeps its own store inside the clone (.demo/, ignored by git): fictional data never meets real data
DEMO_STORE := sqlite:///$(CURDIR)/.demo/demo.sqlite3

demo: setup
	mkdir -p .demo
	$(PY) -m netmap demo --store $(DEMO_STORE)
	$(PY) -m netmap dashboard --store $(DEMO_STORE) --k 0

# the type check first (seconds), then the suite
test: setup typecheck
	$(PY) -m pytest -q

typecheck: setup
	$(PY) -m mypy

# every benchmark at the sizes of bench/README.md; BENCH=--quick for a short check
bench: setup
	$(PY) bench/run.py $(BENCH)

# the wheel in a fresh virtual environment outside the clone, README's commands (.ci/run runs it)
wheel-smoke:
	bash .ci/wheel-smoke.sh $(PYTHON)

lint: setup
	$(PY) -m ruff check netmap dashboards tests

clean:
	rm -rf .pytest_cache .mypy_cache build *.egg-info
