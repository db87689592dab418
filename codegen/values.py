"""Values: the text of a value cell to an int, checked against the enum's underlying type."""

from __future__ import annotations

import re

# C# integral types an enum may be based on: (minimum, maximum).
UNDERLYING_RANGES: dict[str, tuple[int, int]] = {
    "sbyte": (-(2**7), 2**7 - 1),
    "byte": (0, 2**8 - 1),
    "short": (-(2**15), 2**15 - 1),
    "ushort": (0, 2**16 - 1),
    "int": (-(2**31), 2**31 - 1),
    "uint": (0, 2**32 - 1),
    "long": (-(2**63), 2**63 - 1),
    "ulong": (0, 2**64 - 1),
}
# Longer than any 64-bit value in any notation (and far below ``int()``'s digit limit).
MAX_VALUE_CHARACTERS = 80
# A C# integer literal (C# 7.2): decimal, 0x hexadecimal or 0b binary, digit separators ``_``
# between digits (and after the prefix), an optional U/L suffix; a unary minus in front.
_CSHARP_LITERAL = re.compile(
    r"""
    (?P<minus>-)?
    (?:
        0[xX](?P<hexadecimal>_*[0-9A-Fa-f](?:[0-9A-Fa-f_]*[0-9A-Fa-f])?)
      | 0[bB](?P<binary>_*[01](?:[01_]*[01])?)
      | (?P<decimal>[0-9](?:[0-9_]*[0-9])?)
    )
    (?:[uU][lL]?|[lL][uU]?)?
    \Z
    """,
    re.VERBOSE,
)
# What xmldocmd prints for a [Flags] member: hexadecimal digits without a prefix.
_BARE_HEXADECIMAL = re.compile(r"[0-9A-Fa-f]+\Z")
_BASES = {"hexadecimal": 16, "binary": 2, "decimal": 10}


class ValueProblem(ValueError):
    """A value cell that is not a valid value of its enum; the caller adds the location."""


def _literal(text: str, *, flags: bool) -> tuple[int, bool] | None:
    """``(magnitude with sign, written as a bit pattern)`` of a value cell, or ``None``.

    In a ``[Flags]`` enum xmldocmd prints bare hexadecimal (``C00``), and older pages (Aspose.Words
    2022) ``0x3``; other pages print decimal. Any C# literal with a prefix (``0x3``, ``0b11``) is
    read anywhere; decimal forms (``1_000``, ``10U``, ``-5``) only outside ``[Flags]`` enums,
    where digits without a prefix would be read as hexadecimal.
    """
    if flags and _BARE_HEXADECIMAL.match(text):
        return int(text, 16), True
    match = _CSHARP_LITERAL.match(text)
    if match is None or (flags and match["decimal"] is not None):
        return None  # in a [Flags] enum, digits without a prefix are hexadecimal: ambiguous
    for kind, base in _BASES.items():
        digits = match[kind]
        if digits is not None:
            value = int(digits.replace("_", ""), base)
            if match["minus"]:
                return -value, False
            return value, kind != "decimal"
    return None  # pragma: no cover - the pattern has one of the three


def parse_value(text: str, *, flags: bool, underlying: str) -> int:
    """Decode a value cell: a C# integer literal, or bare hexadecimal in ``[Flags]`` enums.

    xmldocmd prints ``[Flags]`` values as 64-bit two's complement patterns, so for signed types
    ``FFFFFFFFFFFFFFFF`` is -1; unsigned types keep the value as it is. The same holds for any
    hexadecimal or binary literal.
    """
    low, high = UNDERLYING_RANGES[underlying]
    if len(text) > MAX_VALUE_CHARACTERS:
        raise ValueProblem(f"value {text[:20]!r}... has {len(text)} characters; no {underlying} is that long")
    literal = _literal(text, flags=flags)
    if literal is None:
        if flags:
            raise ValueProblem(f"value {text!r} is not a hexadecimal number ([Flags] enum)")
        hint = " (hexadecimal appears only in [Flags] enums)" if _BARE_HEXADECIMAL.match(text) else ""
        raise ValueProblem(f"value {text!r} is not a decimal number{hint}")
    value, pattern = literal
    if pattern:
        if value >= 2**64:
            raise ValueProblem(f"value {text!r} does not fit in 64 bits")
        if low < 0 and value >= 2**63:
            value -= 2**64
    if not low <= value <= high:
        raise ValueProblem(f"value {text!r} ({value}) is out of range for {underlying} [{low}, {high}]")
    return value
