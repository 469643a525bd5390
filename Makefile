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

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy hotline
	$(BIN)/lint-imports
