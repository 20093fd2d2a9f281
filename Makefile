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

.PHONY: setup demo test typecheck bench wheel-smoke lint clean messages

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

# The message catalogs (docs/traduction.md): extract every marked text into netmap/locale/netmap.pot,
# merge it into the fr, nl and en catalogs (new entries empty, to translate; the dashboard's new
# table entries get their French from the table), compile the .mo files
# netmap reads. tests/test_i18n_catalogs.py fails while a French or Dutch entry is missing.
BABEL := $(VENV)/bin/pybabel
messages: setup
	$(BABEL) extract -F babel.cfg -k N_ -k ngettext:1,2 -k Nn_:1,2 -k Np_:1c,2 -k pgettext:1c,2 --no-location --sort-output \
		--project netmap --copyright-holder netmap -o netmap/locale/netmap.pot .
	$(PY) -m dashboards.i18n netmap/locale/netmap.pot  # the dashboard's STRINGS and COLUMNS tables
	$(BABEL) update -i netmap/locale/netmap.pot -d netmap/locale -D netmap --no-fuzzy-matching \
		--ignore-obsolete -w 120
	$(BABEL) compile -d netmap/locale -D netmap
