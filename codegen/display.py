"""Display: how paths and text from outside reach a terminal.

Docs text, page paths and file contents may hold escape sequences, bidi controls or lone
surrogates; printed raw they would rewrite the user's terminal or hide what a message says. Every
message of the generator goes through ``printable`` once, where it is printed.
"""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: Path) -> str:
    """A path for messages: relative to the working directory where that is shorter."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_character(char: str) -> str:
    """One character as a Python escape: ``\\n``, ``\\x1b``, ``\\u202e``, ``\\U0001f600``."""
    short = _SHORT_ESCAPES.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every character that is not printable (controls, escape sequences, bidi and
    zero-width format characters, surrogates, unassigned code points) spelled as a Python escape.

    Characters in ``keep`` (such as ``"\\n"`` for multi-line output) are left as they are.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char in keep else escape_character(char) for char in text)
