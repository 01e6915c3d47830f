# One entry point for developers and CI. Everything installs into .venv from
# this project's own files, so a fresh machine needs only Python >= 3.10 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck pytest generate bench docs docs-build clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The demo: the whole provisioning lifecycle on the local emulator.
demo: install
	$(BIN)/servicecatalog-sdk demo

## The whole test suite: lint, format check, types, tests.
test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

## Regenerate the models, operation table and client signatures.
generate: install
	$(BIN)/python tools/generate.py

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist build site
