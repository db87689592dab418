"""Values: every C# integer literal a reference page may print, and nothing C# does not allow."""

from __future__ import annotations

import pytest

from codegen.values import ValueProblem, parse_value


@pytest.mark.parametrize(
    ("text", "flags", "underlying", "value"),
    [
        ("250", False, "int", 250),
        ("-1", False, "int", -1),
        ("C00", True, "int", 3072),  # xmldocmd: bare hexadecimal in [Flags] enums
        ("30", True, "int", 48),
        ("FFFFFFFFFFFFFFFF", True, "int", -1),  # a 64-bit two's complement pattern
        ("FFFFFFFFFFFFFFFF", True, "ulong", 2**64 - 1),
        ("0x0", True, "int", 0),  # Aspose.Words 2022
        ("0x3", True, "int", 3),
        ("0X1F", True, "int", 31),
        ("0xFFFFFFFFFFFFFFFF", True, "long", -1),
        ("0x10", False, "int", 16),
        ("0x_FF", False, "int", 255),
        ("0b101", False, "int", 5),
        ("0B1_0", True, "int", 2),
        ("1_000", False, "int", 1000),
        ("1__0", False, "int", 10),
        ("10U", False, "uint", 10),
        ("10ul", False, "ulong", 10),
        ("10LU", False, "long", 10),
        ("-0x10", False, "int", -16),
        ("-2147483648", False, "int", -(2**31)),
    ],
)
def test_literals_csharp_allows(text: str, flags: bool, underlying: str, value: int) -> None:
    assert parse_value(text, flags=flags, underlying=underlying) == value


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("_1", False),  # a separator only between digits
        ("1_", False),
        ("0x", False),
        ("0x_", False),
        ("0b2", False),
        ("0o7", False),  # no octal in C#
        ("1.0", False),
        ("1e3", False),
        ("+5", False),
        ("10UU", False),
        ("10LL", False),
        ("FA", False),  # bare hexadecimal only in [Flags] enums
        ("-1", True),  # in [Flags] enums digits without a prefix are hexadecimal: ambiguous
        ("10U", True),
        ("0xG", True),
        ("\u0663", False),  # a non-ASCII digit
        (" 1", False),
        ("", False),
    ],
)
def test_what_csharp_does_not_allow_is_refused(text: str, flags: bool) -> None:
    with pytest.raises(ValueProblem):
        parse_value(text, flags=flags, underlying="long")


def test_range_of_the_underlying_type() -> None:
    with pytest.raises(ValueProblem, match="out of range for byte"):
        parse_value("0x100", flags=False, underlying="byte")
    with pytest.raises(ValueProblem, match="does not fit in 64 bits"):
        parse_value("0x1FFFFFFFFFFFFFFFF", flags=True, underlying="long")
    with pytest.raises(ValueProblem, match="characters"):
        parse_value("1" * 5000, flags=False, underlying="long")
