# `make run` and `make test` do all the set-up on a fresh machine.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test setup lint bench

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

# The demo accounts keep their passwords across runs; `make run SEED_ARGS=--reset-passwords` makes new ones.
run: setup
	$(BIN)/hotline db upgrade
	$(BIN)/hotline seed-demo $(SEED_ARGS)
	$(BIN)/hotline run $(RUN_ARGS)

# The suite runs in parallel, one pytest-xdist worker per core, each with its own Redis database, PostgreSQL
# database and temporary files. The workers take the long tests first (tests/conftest.py orders them) and a
# couple at a time, so that no long test is left to start last. `make test TEST_WORKERS=0`: one process.
TEST_WORKERS ?= auto

test: setup
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist load --maxschedchunk 2 $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy hotline
	$(BIN)/lint-imports
