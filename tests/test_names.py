"""Python member names: the 398 real pairs of Aspose.Email for Python."""

from __future__ import annotations

import pytest

from codegen.names import is_csharp_identifier, python_name
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
