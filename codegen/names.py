"""Names: C# identifiers in, validated Python identifiers out.

``python_name`` follows the UPPER_SNAKE rule of Aspose.Email for Python via .NET: split into words
(capitalized or lowercase words, acronyms before a capitalized word, capitals directly followed by
digits, digit runs), join with ``_`` and uppercase; a digit run inside a name is its own word, a
trailing digit run stays on the word before it.
"""

from __future__ import annotations

import keyword
import re

_CSHARP_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_WORD = re.compile(
    r"""
      [A-Z]+[0-9]+            # capitals directly followed by digits: MD5, SAML20, V4
    | [A-Z]+(?=[A-Z][a-z])    # an acronym before a capitalized word: HTML|Format
    | [A-Z]?[a-z]+            # a capitalized or lowercase word: Not|Defined, header
    | [A-Z]+                  # a trailing acronym: NTLM
    | [0-9]+                  # a digit run
    """,
    re.VERBOSE,
)


def is_csharp_identifier(name: str) -> bool:
    """True for the ASCII C# identifiers that Aspose member and enum names are."""
    return _CSHARP_IDENTIFIER.match(name) is not None


def _segment_words(segment: str) -> list[str]:
    words = _WORD.findall(segment)
    # A trailing digit run stays on the word before it (Tls12, ScramSha1); inside a name it is a
    # word of its own (Base64Response, ScramSha1Plus).
    if len(words) >= 2 and words[-1].isdigit() and not words[-2].isdigit():
        words[-2:] = [words[-2] + words[-1]]
    return words


def python_name(dotnet_name: str) -> str:
    """The UPPER_SNAKE Python name of a C# member name (``Base64Response`` -> ``BASE_64_RESPONSE``).

    Underscores in the C# name separate words too (``PT_UNSPECIFIED``); a leading or trailing
    underscore is kept, so that ``MailTips_`` stays distinct from ``MailTips``.
    """
    segments = dotnet_name.split("_")
    parts = ["_".join(_segment_words(segment)) for segment in segments]
    return "_".join(parts).upper()


def is_python_identifier(name: str) -> bool:
    """True when ``name`` can be written as a plain Python assignment target.

    ASCII only: Python normalizes non-ASCII identifiers (NFKC), so ``º`` would silently become
    ``o`` in the generated module.
    """
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def is_enum_private(name: str) -> bool:
    """True for names that ``enum`` reserves or mangles (``_sunder_``, ``__dunder__``, ``_x``)."""
    return name.startswith("_") or name.endswith("__")
