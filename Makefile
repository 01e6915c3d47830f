# One entry point for developers and CI. Everything installs into .venv from
# this project's own files, so a fresh machine needs only Python >= 3.10 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck pytest test-matrix verifytypes generate emulator-docs bench docs docs-build package-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## The demo: the whole provisioning lifecycle on the local emulator.
demo: install
	$(BIN)/servicecatalog-sdk demo

## The whole test suite: lint, format check, types, tests, the docs site, the package,
## and the tests again on every other supported Python and the newest and oldest dependencies.
test: lint typecheck pytest docs-build package-check verifytypes test-matrix

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

## The tests on Python 3.10, 3.12, 3.13 (dev pins), on the newest boto3, botocore
## and moto pyproject.toml admits, and on every dependency's declared lower bound
## (oldest), each in a cached venv (.venv-3.10, ..., .venv-newest, .venv-oldest).
## A missing interpreter is skipped loudly, or fails when CI is set.
## `tools/test_matrix.sh 3.12` runs one session.
test-matrix:
	tools/test_matrix.sh

## Regenerate the models, operation table, client signatures and waiter forms.
generate: install
	$(BIN)/python tools/generate.py
	$(BIN)/python tools/generate_waiters.py

## Regenerate docs/pages/emulator-operations.md from the emulator's handler table.
emulator-docs: install
	$(BIN)/python tools/emulator_docs.py

bench: install
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.rollout

## The documentation site, served with live reload at http://127.0.0.1:8000
docs: install
	$(BIN)/mkdocs serve -f docs/mkdocs.yml

## The documentation site, built strictly into ./site (a warning or a missing docstring fails)
docs-build: install
	$(BIN)/mkdocs build --strict -f docs/mkdocs.yml

## Build the wheel and sdist, check their metadata, and install each into a
## fresh venv (dependencies from the package registry) to import it there.
package-check: install
	@set -eu; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/python -m build --outdir "$$tmp/dist" . >"$$tmp/build.log" 2>&1 \
	  || { cat "$$tmp/build.log"; exit 1; }; \
	$(BIN)/twine check --strict "$$tmp"/dist/*; \
	expected=$$($(BIN)/python -c "import servicecatalog_sdk; print(servicecatalog_sdk.__version__)"); \
	for dist in "$$tmp"/dist/*.whl "$$tmp"/dist/*.tar.gz; do \
	  rm -rf "$$tmp/venv"; \
	  $(PYTHON) -m venv "$$tmp/venv"; \
	  "$$tmp/venv/bin/python" -m pip install --quiet "$$dist"; \
	  got=$$(cd "$$tmp" && "$$tmp/venv/bin/python" -c \
	    "import servicecatalog_sdk, servicecatalog_sdk.models; print(servicecatalog_sdk.__version__)"); \
	  echo "$$(basename "$$dist"): imports, version $$got"; \
	  test "$$got" = "$$expected" || { echo "expected version $$expected"; exit 1; }; \
	done

## pyright's type completeness of the package as users get it (the wheel, installed
## in a fresh venv): every public name must have a declared type (100%).
verifytypes: install
	@set -eu; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/python -m build --wheel --outdir "$$tmp/dist" . >"$$tmp/build.log" 2>&1 \
	  || { cat "$$tmp/build.log"; exit 1; }; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet "$$tmp"/dist/*.whl; \
	pyright="$$(pwd)/$(BIN)/pyright"; \
	cd "$$tmp" && PATH="$$tmp/venv/bin:$$PATH" "$$pyright" --verifytypes servicecatalog_sdk \
	  --ignoreexternal >report.txt 2>&1 || true; \
	score=$$(sed -n 's/^Type completeness score: //p' report.txt); \
	if [ "$$score" != "100%" ]; then \
	  grep -B1 ' - error' report.txt | grep -v '^--$$'; \
	  echo "type completeness $${score:-unknown}, want 100% (names with inferred types above)"; \
	  exit 1; \
	fi; \
	echo "pyright --verifytypes: type completeness 100%"

clean:
	rm -rf $(VENV) .venv-* .mypy_cache .ruff_cache .pytest_cache dist build site
