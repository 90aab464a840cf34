# The two commands a new machine needs: `make serve` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEPS   := $(VENV)/.deps-installed
ADDR   ?= 127.0.0.1:8000

# Material's end-of-life banner (2027-05-05) is recorded in README "维护说明"; keep our output clean.
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build check test clean

$(DEPS): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

serve: $(DEPS)
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: $(DEPS)
	$(BIN)/mkdocs build --strict

check: $(DEPS)
	$(BIN)/python scripts/check.py

test: $(DEPS)
	sh scripts/ensure_chromium.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf site .pytest_cache
