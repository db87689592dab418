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
_DECIMAL = re.compile(r"-?[0-9]+\Z")
_HEXADECIMAL = re.compile(r"[0-9A-Fa-f]+\Z")


class ValueProblem(ValueError):
    """A value cell that is not a valid value of its enum; the caller adds the location."""


def parse_value(text: str, *, flags: bool, underlying: str) -> int:
    """Decode a value cell: decimal, or hexadecimal without ``0x`` in ``[Flags]`` enums.

    xmldocmd prints ``[Flags]`` values as 64-bit two's complement patterns, so for signed types
    ``FFFFFFFFFFFFFFFF`` is -1; unsigned types keep the value as it is.
    """
    low, high = UNDERLYING_RANGES[underlying]
    if len(text) > MAX_VALUE_CHARACTERS:
        raise ValueProblem(f"value {text[:20]!r}... has {len(text)} characters; no {underlying} is that long")
    if flags:
        if not _HEXADECIMAL.match(text):
            raise ValueProblem(f"value {text!r} is not a hexadecimal number ([Flags] enum)")
        value = int(text, 16)
        if value >= 2**64:
            raise ValueProblem(f"value {text!r} does not fit in 64 bits")
        if low < 0 and value >= 2**63:
            value -= 2**64
    else:
        if not _DECIMAL.match(text):
            hint = " (hexadecimal appears only in [Flags] enums)" if _HEXADECIMAL.match(text) else ""
            raise ValueProblem(f"value {text!r} is not a decimal number{hint}")
        value = int(text, 10)
    if not low <= value <= high:
        raise ValueProblem(f"value {text!r} ({value}) is out of range for {underlying} [{low}, {high}]")
    return value
