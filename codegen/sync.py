"""Sync: take the configured enums' pages from a checkout of an Aspose API-reference repository.

The public layout is ``<language>/net/<namespace>/<enum>/_index.md`` for the .NET pages (the
language as a word, ``english``, ``german``, ..., or as its code) and
``english/python-net/<namespace>/<enum>/_index.md`` for the Python pages, sometimes under a
``content/`` directory. Every page is found and parsed before anything is copied: a missing
page, an enum that moved, a language that disappeared is reported (all of them at once) and
nothing changes. Each enum's directory under the docs is then replaced in one step (``write``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, cast

from codegen.display import shown
from codegen.errors import CodegenError, CodegenErrors
from codegen.files import read_regular_file
from codegen.write import Difference, locked, publish

# Language codes of the reference pages and the directory names the repositories use for them.
LANGUAGE_DIRECTORIES: dict[str, tuple[str, ...]] = {
    "ar": ("arabic",),
    "cs": ("czech",),
    "de": ("german",),
    "el": ("greek",),
    "en": ("english",),
    "es": ("spanish",),
    "fa": ("persian",),
    "fr": ("french",),
    "he": ("hebrew",),
    "hi": ("hindi",),
    "id": ("indonesian",),
    "it": ("italian",),
    "ja": ("japanese",),
    "ko": ("korean",),
    "nl": ("dutch",),
    "pl": ("polish",),
    "pt": ("portuguese",),
    "ru": ("russian",),
    "sv": ("swedish",),
    "th": ("thai",),
    "tr": ("turkish",),
    "uk": ("ukrainian",),
    "vi": ("vietnamese",),
    "zh": ("chinese",),
}
PYTHON_PAGE = "python.md"


class SyncSettings(NamedTuple):
    enums: tuple[str, ...]
    """Full .NET names of the enums to take (``Aspose.Email.Clients.Smtp.SmtpStatusCode``)."""
    languages: tuple[str, ...]
    python: bool
    """Take the ``python-net`` page of each enum too."""


def _roots(upstream: Path) -> list[Path]:
    return [upstream, upstream / "content"]


def _language_dirs(upstream: Path, language: str) -> list[Path]:
    names = (*LANGUAGE_DIRECTORIES.get(language, ()), language)
    return [root / name for root in _roots(upstream) for name in names if (root / name).is_dir()]


def _split(full_name: str) -> tuple[str, str]:
    namespace, _, enum = full_name.rpartition(".")
    if not namespace or not enum:
        raise CodegenError("pyproject.toml", None, f"sync enum {full_name!r} is not Namespace.EnumName")
    return namespace.lower(), enum.lower()


def find_upstream_pages(upstream: Path, settings: SyncSettings) -> dict[tuple[str, str], Path]:
    """(enum directory name, local file name) -> the upstream page; every problem at once."""
    if not upstream.is_dir():
        raise CodegenError(str(upstream), None, "upstream directory does not exist")
    found: dict[tuple[str, str], Path] = {}
    problems: list[CodegenError] = []
    for language in settings.languages:
        if not _language_dirs(upstream, language):
            names = "/".join((*LANGUAGE_DIRECTORIES.get(language, ()), language))
            problems.append(
                CodegenError(
                    shown(upstream), None, f"language {language!r} ({names}/) is not in the upstream tree"
                )
            )
    for full_name in settings.enums:
        namespace, enum = _split(full_name)
        wanted = [(language, "net", f"{language}.md") for language in settings.languages]
        if settings.python:
            wanted.append(("en", "python-net", PYTHON_PAGE))
        for language, platform, local in wanted:
            candidates = [
                directory / platform / namespace / enum / "_index.md"
                for directory in _language_dirs(upstream, language)
            ]
            page = next((candidate for candidate in candidates if candidate.is_file()), None)
            if page is not None:
                found[(enum, local)] = page
            elif candidates:
                namespace_dir = candidates[0].parent.parent
                hint = (
                    "; the namespace is there: was the enum renamed or removed?"
                    if namespace_dir.is_dir()
                    else "; its namespace is not there either"
                )
                problems.append(
                    CodegenError(
                        shown(candidates[0]), None, f"no {platform} page of {full_name} upstream{hint}"
                    )
                )
    if problems:
        raise CodegenErrors(problems)
    return found


def stage(found: dict[tuple[str, str], Path], docs_dir: Path, directory: Path) -> dict[str, dict[str, bytes]]:
    """Copy the current docs and the upstream pages into ``directory``; the new pages by enum."""
    pages: dict[str, dict[str, bytes]] = {}
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*.md")):
            target = directory / path.relative_to(docs_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read_regular_file(path, shown(path)))
    for (enum, local), source in sorted(found.items()):
        data = read_regular_file(source, shown(source))
        pages.setdefault(enum, {})[local] = data
        target = directory / enum / local
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return pages


def apply_pages(docs_dir: Path, pages: dict[str, dict[str, bytes]]) -> list[str]:
    """Replace each enum's pages under ``docs_dir``, one directory at a time; the files changed."""
    changed: list[str] = []
    for enum, files in sorted(pages.items()):
        directory = docs_dir / enum
        found: list[Difference] = []
        for name, data in sorted(files.items()):
            path = directory / name
            old = read_regular_file(path, shown(path)) if path.is_file() else None
            if old != data:
                found.append(
                    Difference(name=name, kind="missing" if old is None else "changed", old=old, new=data)
                )
                changed.append(f"{enum}/{name}")
        with locked(directory, exclusive=True):
            publish(directory, found)
    return changed


def staging_directory(docs_dir: Path) -> tempfile.TemporaryDirectory[str]:
    """A scratch directory beside the docs (inside the project, not a shared temp directory)."""
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=f".{docs_dir.name}.sync-", dir=docs_dir.parent)


def _strings(value: object) -> list[str] | None:
    """``value`` as a non-empty list of strings, or None."""
    if not isinstance(value, list) or not value:
        return None
    items = cast("list[object]", value)
    strings = [item for item in items if isinstance(item, str)]
    return strings if len(strings) == len(items) else None


def settings_from(table: dict[str, object], where: str, fallback_enums: Sequence[str]) -> SyncSettings:
    """``[tool.smtpstatus-codegen.sync]``: ``enums``, ``languages``, ``python``."""
    enums = _strings(table.get("enums", list(fallback_enums)))
    languages = _strings(table.get("languages", ["en"]))
    python = table.get("python", True)
    if enums is None:
        raise CodegenError(
            where, None, "[tool.smtpstatus-codegen.sync] enums must be a list of Namespace.Enum names"
        )
    if languages is None:
        raise CodegenError(
            where, None, "[tool.smtpstatus-codegen.sync] languages must be a list of language codes"
        )
    if not isinstance(python, bool):
        raise CodegenError(where, None, "[tool.smtpstatus-codegen.sync] python must be true or false")
    return SyncSettings(enums=tuple(enums), languages=tuple(languages), python=python)
