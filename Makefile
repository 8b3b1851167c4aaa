# Every target makes or refreshes .venv itself: on a fresh machine `make demo`
# and `make test` are all the set-up there is.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-compare lint venv clean server-stop portal-catalogue cli-catalogue i18n

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m services.entrypoints.demo

# node's packages (axe-core for the page tests, the JS verifier's pinned libraries), where npm is.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the JS verifier's and the pages' tests will skip"; fi

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# The bench also installs the `bench` extra (sortition-algorithms, for comparison only).
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

# Before and after in one run: `make bench-compare BASE=<commit>` (ratios, figure by figure).
BASE ?= HEAD~1
bench-compare: $(BENCH_STAMP)
	$(BIN)/python -m bench.compare $(BASE) --rounds 2

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The portal's messages (gettext domain "portal", Babel): extract them from its code and
# templates, merge them into each language's .po (translate what is new there), and compile the
# .mo files the package ships.
PORTAL := services/entrypoints/portal
# the timeline's and the steps' wordings, which the read models keep for the portal to translate
PORTAL_WORDS := projections/timeline.py projections/corrections.py projections/recommendations.py
portal-catalogue: $(STAMP)
	$(BIN)/pybabel extract -F $(PORTAL)/babel.cfg -k N_ -k NC_:1c,2 --no-location --sort-output \
		--omit-header -o $(PORTAL)/locale/portal.pot $(PORTAL) $(PORTAL_WORDS)
	$(BIN)/pybabel update -D portal -i $(PORTAL)/locale/portal.pot -d $(PORTAL)/locale \
		--no-fuzzy-matching
	$(BIN)/pybabel compile -D portal -d $(PORTAL)/locale --statistics

# The CLI's messages (gettext domain "cli", Babel): its code and the refusals of the rules it
# shows (CLI_SOURCES); the same three steps. `make i18n` refreshes both catalogues.
CLI := services/entrypoints/cli
CLI_SOURCES := .  # the files babel.cfg lists
cli-catalogue: $(STAMP)
	$(BIN)/pybabel extract -F $(CLI)/babel.cfg -k N_ -k ngettext:1,2 -k pgettext:1c,2 --no-location --sort-output \
		--omit-header -o $(CLI)/locale/cli.pot $(CLI_SOURCES)
	$(BIN)/pybabel update -D cli -i $(CLI)/locale/cli.pot -d $(CLI)/locale --no-fuzzy-matching
	$(BIN)/pybabel compile -D cli -d $(CLI)/locale --statistics

i18n: portal-catalogue cli-catalogue

server-stop: $(STAMP)
	$(BIN)/assembly server stop

clean:
	rm -rf $(VENV) .assembly .pytest_cache .mypy_cache .ruff_cache
