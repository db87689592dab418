"""The typed model between parsing and rendering: immutable records, nothing else.

``NamedTuple`` rather than frozen dataclasses: just as immutable and typed, and about twenty times
cheaper to define (0.04 ms against 0.8 ms a class, measured), which counts in every
``python -m codegen --check`` that a CI job or a pre-commit hook starts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# A language code as the reference urls write it (``/de/net/...``, ``/zh-hans/net/...``): the
# one definition for reading urls (``parse``) and checking settings (``config``).
LANGUAGE_CODE = r"[a-z]{2,3}(?:-[a-z0-9]+)?"
# A .NET page's url, /[lang/]net/<namespace>/<enum>/: how ``parse`` names a page's enum, and how
# ``pipeline`` tells which enum a page that does not parse was meant to document.
NET_URL = re.compile(rf"/(?:(?P<language>{LANGUAGE_CODE})/)?net/(?P<namespace>[^/\s]+)/(?P<enum>[^/\s]+)/?\Z")
_ARITY = re.compile(r"-\d+\Z")


def enum_url_parts(segment: str) -> list[str]:
    """An url's enum segment as the lowercase names of the enum and the types it is nested in,
    generic arities dropped: ``device-2.pagewritingstrategy-2`` -> ``["device", "pagewritingstrategy"]``."""
    return [_ARITY.sub("", part) for part in segment.lower().split(".")]


class Row(NamedTuple):
    """One row of a page's values table, as documented."""

    dotnet_name: str
    """The C# member name (``MailboxUnavailable``)."""
    value: int
    """The value, already decoded (hexadecimal in ``[Flags]`` enums) and range-checked."""
    description: str
    """Plain text of the description cell: links to text, code spans to content, entities decoded."""
    line: int
    """1-based line of the row in its page, for error messages."""


class Page(NamedTuple):
    """One parsed reference page of one enum in one language."""

    path: str
    """The page's path as shown in error messages (as the user named the docs directory)."""
    source: str
    """The page's path relative to the docs directory, in POSIX form: stable across machines."""
    language: str
    """Language code from the url (``de``); ``en`` when the url has no language segment."""
    url: str
    namespace: str
    """The .NET namespace with its real casing (``Aspose.Email.Clients.Smtp``)."""
    name: str
    """The enum's C# name (``SmtpStatusCode``); a nested enum's with its enclosing types
    (``DocSaveOptions.RecognitionMode``), a generic enum's without its type parameters."""
    flags: bool
    """True when the declaration carries ``[Flags]``."""
    underlying: str
    """The C# underlying type (``int`` when the declaration names none)."""
    summary: str
    declaration_line: int
    rows: tuple[Row, ...]


class PythonRow(NamedTuple):
    """One member of a Python reference page: its Python name, where the page says it."""

    python_name: str
    line: int


class PythonPage(NamedTuple):
    """One parsed ``python-net`` reference page: the real Python names of one enum's members."""

    path: str
    source: str
    namespace_lower: str
    """The namespace from the url, lowercase (the page writes it lowercase too)."""
    name: str
    """The enum's name (the same as in .NET, dotted where it is nested), from the url and the
    title; lowercase where the page does not show its casing. Paired with the .NET page by it,
    case aside."""
    heading_line: int
    rows: tuple[PythonRow, ...]
    language: str = "en"
    """Language code from the url: Python pages exist in several (3D); the names are the same."""


class Member(NamedTuple):
    """One enum member, merged across languages."""

    python_name: str
    dotnet_name: str
    value: int
    descriptions: tuple[str, ...]
    """One description per language, in the order of ``EnumSpec.languages``."""


class EnumSpec(NamedTuple):
    """One enum, merged from its pages in every language."""

    name: str
    namespace: str
    flags: bool
    underlying: str
    languages: tuple[str, ...]
    default_language: str
    summaries: tuple[str, ...]
    """One summary per language, in the order of ``languages``."""
    members: tuple[Member, ...]
    sources: tuple[str, ...]
    mixin: str | None
    """``module:Class`` of a hand-written mixin that adds behaviour, from the configuration."""
    dotnet_name: str = ""
    """The .NET name where it is not ``name``: a nested enum's ``DocSaveOptions.RecognitionMode``
    (``name``, the Python class, is ``DocSaveOptionsRecognitionMode``)."""

    @property
    def full_name(self) -> str:
        """The .NET full name (``Aspose.Pdf.DocSaveOptions.RecognitionMode``)."""
        return f"{self.namespace}.{self.dotnet_name or self.name}"


class ModuleSpec(NamedTuple):
    """One generated module: every enum of one .NET namespace."""

    module_name: str
    namespace: str
    enums: tuple[EnumSpec, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({source for spec in self.enums for source in spec.sources}))
