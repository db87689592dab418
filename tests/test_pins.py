"""Dependency pins have one source, pyproject.toml; every other file that repeats one must agree."""

from __future__ import annotations

import re
import sys

from tests.helpers import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.9 and 3.10
    import tomli as tomllib


def normalized(name: str) -> str:
    """A package name as PyPI compares them (PEP 503): ``pre_commit`` is ``pre-commit``."""
    return re.sub(r"[-_.]+", "-", name.split("[", maxsplit=1)[0]).lower()


PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\[\]-]+)==([^\s;\"']+)", re.MULTILINE)


def pyproject_pins() -> dict[str, str]:
    groups = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["dependency-groups"]
    pins: dict[str, str] = {}
    for entries in groups.values():
        for entry in entries:
            if isinstance(entry, str):
                name, _, version = entry.partition("==")
                pins[normalized(name)] = version.split(";")[0].strip()
    return pins


def file_pins(name: str) -> dict[str, str]:
    text = (REPO / name).read_text(encoding="utf-8")
    return {normalized(match[1]): match[2] for match in PIN.finditer(text)}


def test_constraints_and_hooks_agree_with_pyproject() -> None:
    source = pyproject_pins()
    for name in ("constraints.txt", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"):
        pins = file_pins(name)
        assert pins, name
        shared = {package: version for package, version in pins.items() if package in source}
        assert shared == {package: source[package] for package in shared}, name
    assert set(source) <= set(file_pins("constraints.txt"))  # every group pin is constrained too


def test_the_pip_version_is_written_once() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    noxfile = (REPO / "noxfile.py").read_text(encoding="utf-8")
    [make_pip] = re.findall(r"^PIP_VERSION := (\S+)$", makefile, re.MULTILINE)
    [nox_pip] = re.findall(r'^PIP = "pip==(\S+)"$', noxfile, re.MULTILINE)
    assert make_pip == nox_pip
