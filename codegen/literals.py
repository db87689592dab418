"""The only ways text from a page reaches generated source: escaped literals and checked names."""

from __future__ import annotations

from codegen.display import escape_character
from codegen.names import is_python_identifier


class PySource(str):
    """A fragment of Python source made by this module; templates print nothing else."""

    __slots__ = ()


def _escape_char(char: str, quote: str) -> str:
    if char == "\\":
        return "\\\\"
    if char == quote:
        return "\\" + quote
    if char.isprintable():
        return char
    # Controls, format characters (bidi overrides, zero-width), separators, surrogates,
    # unassigned code points: escaped, so the source shows exactly what the string holds.
    return escape_character(char)


def escape_text(text: str, quote: str = '"') -> str:
    """``text`` with every non-printable character escaped, and the quote and backslash too."""
    return "".join(_escape_char(char, quote) for char in text)


def py_str(text: object) -> PySource:
    """A Python string literal whose value is exactly ``text``, in the quote style ruff keeps.

    ``repr`` escapes exactly what ``escape_text`` escapes (``str.isprintable``), in C; its
    output is used as it is whenever its quote is the one ruff prefers.
    """
    if not isinstance(text, str):
        raise TypeError(f"py_str expects str, got {type(text).__name__}")
    quote = "'" if text.count('"') > text.count("'") else '"'
    if "'" not in text:
        # repr chose single quotes and escaped no quote inside: only the quote may differ.
        return PySource(quote + repr(text)[1:-1] + quote)
    return PySource(quote + escape_text(text, quote) + quote)


def py_int(value: object) -> PySource:
    if type(value) is not int:
        raise TypeError(f"py_int expects int, got {type(value).__name__}")
    return PySource(str(value))


def py_name(name: object) -> PySource:
    """A name for an assignment target or class, after validation."""
    if not isinstance(name, str) or not is_python_identifier(name):
        raise ValueError(f"not a usable Python identifier: {name!r}")
    return PySource(name)


def py_comment(text: object) -> PySource:
    """Text for a ``#`` comment: no character can end the comment line."""
    if not isinstance(text, str):
        raise TypeError(f"py_comment expects str, got {type(text).__name__}")
    return PySource(escape_text(text, quote=""))


def py_dotted_name(name: object) -> PySource:
    """A dotted module path for an import, each part checked."""
    if not isinstance(name, str) or not all(is_python_identifier(part) for part in name.split(".")):
        raise ValueError(f"not a usable module path: {name!r}")
    return PySource(name)
