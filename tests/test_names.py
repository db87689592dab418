"""Python member names: the 398 real pairs of Aspose.Email's reference pages, real page pairs of
other products, and 13,400 names read from Aspose's Python packages of seven products."""

from __future__ import annotations

import pytest

from codegen.model import Page, PythonPage
from codegen.names import (
    KNOWN_PRODUCTS,
    enum_python_names,
    is_csharp_identifier,
    python_name,
    rule_note,
)
from codegen.parse import parse_page
from codegen.read import decode_page
from tests.helpers import DATA

PAIRS = [
    tuple(line.split("\t"))
    for line in (DATA / "python-names.tsv").read_text(encoding="utf-8").splitlines()[1:]
    if line.strip()
]


def test_all_pairs_are_loaded() -> None:
    assert len(PAIRS) == 398


@pytest.mark.parametrize(("enum_name", "dotnet_name", "expected"), PAIRS)
def test_python_name_matches_aspose(enum_name: str, dotnet_name: str, expected: str) -> None:
    assert python_name(dotnet_name) == expected, enum_name


@pytest.mark.parametrize(
    ("dotnet_name", "expected"),
    [
        ("PT_UNSPECIFIED", "PT_UNSPECIFIED"),
        ("MailTips_", "MAIL_TIPS_"),
        ("messageId", "MESSAGE_ID"),
        ("HTMLFormat", "HTML_FORMAT"),
        ("SAML20Token", "SAML20_TOKEN"),
        # Aspose writes PASS_DSS_SHA_3_DES_1 here; FORMAT.md says not to copy that quirk.
        ("PassDssSha3Des1", "PASS_DSS_SHA_3_DES1"),
    ],
)
def test_rule_on_names_outside_the_list(dotnet_name: str, expected: str) -> None:
    assert python_name(dotnet_name) == expected


@pytest.mark.parametrize("name", ["", "1abc", "Not-Defined", "Größe", "a b", "None\n"])
def test_non_identifiers_are_not_csharp_names(name: str) -> None:
    assert not is_csharp_identifier(name)


# Real .NET/Python page pairs of other products (tests/data/wide/), and the one name of theirs that
# Aspose.Email's rule does not give.
WIDE_PAIRS = [
    (
        "3d/english/net/aspose.threed.animation/weightedmode",
        "3d/english/python-net/aspose.threed.animation/weightedmode",
    ),
    (
        "barcode/english/net/aspose.barcode.generation/aztecencodemode",
        "barcode/english/python-net/aspose.barcode.generation/aztecencodemode",
    ),
    ("cells/english/net/aspose.cells/loadformat", "cells-py/english/aspose.cells/loadformat"),
    (
        "imaging/english/net/aspose.imaging/animationdisposalmethods",
        "imaging/english/python-net/aspose.imaging/animationdisposalmethods",
    ),
    ("tex/english/net/aspose.tex/interaction", "tex/english/python-net/aspose.tex/interaction"),
]
KNOWN_MISSES = {"Excel97To2003": "EXCEL_97_TO2003"}


def _parsed(relative: str) -> Page | PythonPage:
    path = DATA / "wide" / relative / "_index.md"
    return parse_page(decode_page(path.read_bytes(), str(path)), str(path), relative)


@pytest.mark.parametrize(("net", "python"), WIDE_PAIRS, ids=[net.split("/")[0] for net, _ in WIDE_PAIRS])
def test_the_rules_on_real_reference_page_pairs(net: str, python: str) -> None:
    dotnet, pythonic = _parsed(net), _parsed(python)
    assert isinstance(dotnet, Page) and isinstance(pythonic, PythonPage)
    names = [row.dotnet_name for row in dotnet.rows]
    real = {row.python_name for row in pythonic.rows}
    misses = {
        name: ruled
        for name, ruled in zip(names, enum_python_names(dotnet.namespace, names))
        if ruled not in real
    }
    assert misses == {name: ruled for name, ruled in KNOWN_MISSES.items() if name in names}


# What the rules give of the names read from Aspose's Python packages (benchmarks/python_names.py),
# per product: the share of the .NET names whose Python name the rule gives, at least.
MEASURED_FLOORS = {
    "3d": 1.0,
    "cells": 0.997,
    "diagram": 0.997,
    "imaging": 0.999,
    "pdf": 0.995,
    "psd": 1.0,
    "words": 0.98,
}


def _package_pairs(product: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    lines = (DATA / "python-names" / f"{product}.tsv").read_text(encoding="utf-8").splitlines()[1:]
    enums: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for line in lines:
        namespace, enum, dotnet, python = line.split("\t")
        enums.setdefault((namespace, enum), []).append((dotnet, python))
    return enums


@pytest.mark.parametrize("product", sorted(MEASURED_FLOORS))
def test_the_rules_on_the_names_of_aspose_python_packages(product: str) -> None:
    right = total = 0
    misses: list[tuple[str, str, str]] = []
    for (namespace, _), pairs in _package_pairs(product).items():
        assert rule_note(namespace) is None, namespace  # a measured product: no note
        ruled = enum_python_names(namespace, [dotnet for dotnet, _ in pairs])
        for (dotnet, python), guess in zip(pairs, ruled):
            total += 1
            right += guess == python
            if guess != python:
                misses.append((dotnet, python, guess))
    assert total > 300
    assert right / total >= MEASURED_FLOORS[product], misses[:20]


def test_a_product_no_names_of_which_were_measured_gets_a_note() -> None:
    assert "Aspose.TeX" not in KNOWN_PRODUCTS
    note = rule_note("Aspose.TeX.Features")
    assert note is not None and "Aspose.TeX has no measured naming rule" in note
    assert rule_note("Aspose.Email.Clients.Smtp") is None
