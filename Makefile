# One venv at .venv/, made from the project's own files. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PIP_VERSION := 25.2
# Generated .pyc files keep imports honest in benchmarks; tests do not depend on them.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help setup generate check demo lint pytest pytest-all pythons test bench dist clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt --group dev -e .
	touch $(STAMP)

setup: $(STAMP) ## create .venv/ with the library, the generator and every checker (idempotent)

generate: setup ## regenerate src/smtpstatus/_generated/ from docs_source/
	$(PY) -m codegen

check: setup ## fail, with a diff, when the generated code differs from the docs
	$(PY) -m codegen --check

demo: check ## regenerate-check the library from the docs, then show it in use
	$(PY) -c "from smtpstatus import SmtpStatusCode as S; c = S(550); print(repr(c), c.dotnet_name); print('de:', c.description); print('en:', c.descriptions['en'])"
	$(BIN)/smtpstatus "550 5.1.1 <x@example.com>: Recipient address rejected" --lang en
	$(BIN)/smtpstatus "host mx.example.net[192.0.2.1] said: 451 4.7.1 Greylisting in action (in reply to RCPT TO command)"
	$(BIN)/smtpstatus tests/data/bounces/emails/rhost-aol-03.eml

lint: setup ## ruff (lint and format), mypy --strict, pyright strict
	$(BIN)/ruff check src codegen tests benchmarks noxfile.py
	$(BIN)/ruff format --check src codegen tests benchmarks noxfile.py
	$(BIN)/mypy --strict
	$(BIN)/pyright

pytest: setup ## the inner loop: the test suite on the main venv's Python, without the slow tests
	$(PY) -m pytest -m "not slow"

pytest-all: setup ## the whole test suite on the main venv's Python (slow, packaging and type-checker tests included)
	$(PY) -m pytest

pythons: setup ## the test suite on every supported Python, 3.9 to 3.13 (nox)
	$(BIN)/nox

test: check lint pytest-all pythons ## every check: drift check, ruff, mypy, pyright, all tests, all Pythons

bench: setup ## benchmark ratios against references measured in the same run (BENCH_ARGS=--instructions: counts under valgrind)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

dist: setup ## build wheel and sdist into dist/ and check them with twine
	rm -rf dist
	$(PY) -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

clean: ## remove the venv and build output
	rm -rf $(VENV) dist build .nox .pytest_cache .mypy_cache .ruff_cache
