# One venv at .venv/, made from the project's own files. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PIP_VERSION := 25.2

.DEFAULT_GOAL := help
.PHONY: help setup generate check demo lint typecheck test test-all bench dist clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev -e .
	touch $(STAMP)

setup: $(STAMP) ## create .venv/ with the library, the generator and the checkers (idempotent)

generate: setup ## regenerate src/smtpstatus/_generated/ from docs_source/
	$(PY) -m codegen

check: setup ## fail, with a diff, when the generated code differs from the docs
	$(PY) -m codegen --check

demo: check ## regenerate-check, then show the library in use
	$(PY) -c "from smtpstatus import SmtpStatusCode as S; c = S(550); print(repr(c), c.dotnet_name); print('de:', c.description); print('en:', c.descriptions['en'])"
	$(BIN)/smtpstatus "550 5.1.1 <x@example.com>: Recipient address rejected" --lang en

lint: setup ## ruff lint and format check, mypy --strict
	$(BIN)/ruff check src codegen tests benchmarks
	$(BIN)/ruff format --check src codegen tests benchmarks
	$(BIN)/mypy --strict

test: check lint ## every check: drift check, ruff, mypy --strict, pytest
	$(PY) -m pytest

bench: setup ## benchmark ratios against references measured in the same run
	$(PY) benchmarks/run.py

dist: setup ## build wheel and sdist into dist/
	$(PY) -m build --outdir dist .

clean: ## remove the venv and build output
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache
