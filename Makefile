# One command set for developers and CI (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local use runs in development mode; production sets CTIS_ENV=production itself.
export CTIS_ENV ?= development

.PHONY: install run test test-fast check format bench lock translations demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(VENV)/.installed: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

translations: install
	$(BIN)/ctis compiletranslations

run: install translations
	$(BIN)/ctis migrate --no-input
	$(BIN)/ctis demo load
	$(BIN)/ctis demo accounts
	$(BIN)/ctis runserver 127.0.0.1:$(PORT)

test: install translations
	$(BIN)/pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy ctis

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m benchmarks

# Regenerate the lock files after changing dependencies in pyproject.toml.
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV) var/db.sqlite3*
