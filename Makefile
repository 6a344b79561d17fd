# pledgewatch — every target creates .venv itself when it is missing or out of date.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db
CORPUS := examples/corpus

.PHONY: help venv demo test test-all browser-test serve bench eval lint clean

help:
	@echo "make demo   - install into .venv, run the whole pipeline on the example corpus, print the summary"
	@echo "make test   - install into .venv and run the test suite"
	@echo "make serve  - start the dashboard and API on http://127.0.0.1:8765 (uses $(DEMO_DB))"
	@echo "make browser-test - install Debian's chromium if missing, then run the Playwright browser tests"
	@echo "make eval   - score extraction and reconciliation against the gold annotations"
	@echo "make bench  - run the benchmarks (ratios against baselines measured in the same run)"
	@echo "make lint   - ruff"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/pledgewatch run $(CORPUS) --db sqlite:///$(DEMO_DB) --report demo-briefing.html

test: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser"

serve: $(STAMP)
	@test -f $(DEMO_DB) || $(MAKE) demo
	@echo "Pages need a login. First time: $(BIN)/pledgewatch user add admin --role admin --db sqlite:///$(DEMO_DB)"
	$(BIN)/pledgewatch serve --db sqlite:///$(DEMO_DB)

# Browser tests drive Debian's Chromium through Playwright (never Playwright's own browser download).
browser-test: $(STAMP)
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	$(BIN)/python -m pytest -m browser -q

eval: $(STAMP)
	$(BIN)/python -m eval

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check src tests eval benchmarks
	$(BIN)/ruff format --check src tests eval benchmarks

clean:
	rm -rf $(VENV) $(DEMO_DB) demo-briefing.html .pytest_cache
