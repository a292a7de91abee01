# Two entry points: `make demo` (the main job) and `make test` (everything CI checks).
# Both build what they need from nothing and reuse it on later runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint install pgtap clean

demo: $(STAMP)
	$(BIN)/creatorverse demo

test: $(STAMP) pgtap lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --processes 2 .

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# pgTAP for the embedded server (Debian's pure-SQL files); idempotent.
pgtap: $(STAMP)
	$(BIN)/python scripts/install_pgtap.py

clean:
	-$(BIN)/creatorverse db stop
	rm -rf $(VENV) .creatorverse
