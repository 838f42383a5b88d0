# Idéburna — developer commands. `make run` starts a seeded demo portal, `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 that really runs (a pyenv shim for a version that is not active
# fails, so each candidate is asked to run, not merely found on PATH).
define find_python
for c in $$PYTHON python3.14 python3.13 python3.12 python3 python \
         $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -Vr); do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
    command -v "$$c" 2>/dev/null || echo "$$c"; exit 0; fi; \
done; echo "No Python >= 3.12 found: install one or set PYTHON=/path/to/python3.12" >&2; exit 1
endef

.PHONY: help
help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

$(BIN)/activate: pyproject.toml constraints.txt
	@set -e; py=$$($(find_python)); echo "Using $$py"; \
	[ -x $(PY) ] || "$$py" -m venv $(VENV); \
	$(PY) -m pip install -q --upgrade "pip>=25.1"; \
	$(PY) -m pip install -q -c constraints.txt --group dev
	@touch $@

.PHONY: install
install: $(BIN)/activate messages  ## Create the virtualenv and install the locked dependencies.

.PHONY: messages
messages: $(BIN)/activate  ## Compile the translations (.po -> .mo).
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

.PHONY: makemessages
makemessages: $(BIN)/activate  ## Extract translatable strings into the .po files.
	$(PY) manage.py makemessages -l sv -l en --no-location --ignore=.venv --ignore=tests --ignore=node_modules

.PHONY: run
run: install  ## Migrate, seed demo data and serve on http://127.0.0.1:8000 (SQLite, eager tasks).
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: e2e-deps
e2e-deps:
	@if command -v npm >/dev/null && [ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]; then \
	  npm ci --prefix tests/e2e --no-audit --no-fund --silent; fi

.PHONY: test
test: install e2e-deps  ## Run the whole test suite (SQLite; PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set).
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: security
security: install  ## Dependency audit (pip-audit) and static analysis (bandit): .ci/security.
	.ci/security

.PHONY: lint
lint: $(BIN)/activate  ## ruff check + format check, migrations check.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: $(BIN)/activate
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: bench
bench: install  ## Benchmarks on PostgreSQL + Redis + wrk (prints figures, writes results/).
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(PY) -m tests.perf.run

.PHONY: lock
lock:  ## Re-resolve the dependencies and rewrite constraints.txt.
	rm -rf .lockvenv && "$$($(find_python))" -m venv .lockvenv && .lockvenv/bin/pip install -q --upgrade pip \
	  && .lockvenv/bin/pip install -q --group dev \
	  && (echo '# Exact versions of the whole dependency set (regenerate with `make lock`).'; \
	      .lockvenv/bin/pip freeze | grep -vi '^pip==') > constraints.txt && rm -rf .lockvenv

.PHONY: clean
clean:
	rm -rf $(VENV) var/*.sqlite3* staticfiles
