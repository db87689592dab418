"""Sync: take the configured enums' pages from a checkout of an Aspose API-reference repository.

The public layout is ``<language>/net/<namespace>/<enum>/_index.md`` for the .NET pages (the
language as a word, ``english``, ``german``, ..., or as its code) and
``english/python-net/<namespace>/<enum>/_index.md`` for the Python pages, sometimes under a
``content/`` directory. Every page is found and parsed before anything is copied: a missing
page, an enum that moved, a language that disappeared is reported (all of them at once) and
nothing changes. Each enum's directory under the docs is then replaced in one step (``write``).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple, cast

from codegen.display import shown
from codegen.errors import CodegenError, CodegenErrors, each_error
from codegen.files import read_regular_file
from codegen.read import find_pages
from codegen.write import Difference, locked, named_with_prefix, publish

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


# A .NET full name as the settings give it: dotted identifier segments (ASCII), nothing else, so a
# name can never become a path that leaves the docs tree or the upstream checkout.
_FULL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\Z")


def _split(full_name: str) -> tuple[str, str]:
    """(namespace, enum), lowercased as the reference's urls and directories are."""
    namespace, _, enum = full_name.rpartition(".")
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


class Staged(NamedTuple):
    pages: dict[str, dict[str, bytes]]
    """The new pages by enum directory name and file name."""
    origins: dict[str, str]
    """A staged file's path as shown -> the file it came from, as shown: messages name the
    upstream page or the docs page, never the scratch copy."""


def stage(found: dict[tuple[str, str], Path], docs_dir: Path, directory: Path) -> Staged:
    """Copy the current docs and the upstream pages into ``directory``; the new pages by enum.

    The docs are found by the same walk every other step uses (``find_pages``: links to
    directories followed once), so the staged tree is the tree ``snapshot`` reads."""
    pages: dict[str, dict[str, bytes]] = {}
    origins: dict[str, str] = {}
    copies: list[tuple[Path, Path]] = []
    if docs_dir.is_dir():
        copies += [(path, directory / path.relative_to(docs_dir)) for path in find_pages(docs_dir)]
    copies += [(source, directory / enum / local) for (enum, local), source in sorted(found.items())]
    written: dict[Path, bytes] = {}
    for source, target in copies:  # upstream pages last: they replace the docs' own
        written[target] = read_regular_file(source, shown(source))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(written[target])
        origins[shown(target)] = shown(source)
    for enum, local in sorted(found):
        pages.setdefault(enum, {})[local] = written[directory / enum / local]
    return Staged(pages=pages, origins=origins)


def from_upstream(problem: CodegenError | CodegenErrors, origins: Mapping[str, str]) -> CodegenErrors:
    """The errors of a staged tree, each naming the files the pages came from (also a second
    file a message names, such as the other language of a disagreement)."""
    by_length = sorted(origins.items(), key=lambda item: -len(item[0]))

    def original(text: str) -> str:
        for staged, source in by_length:
            if staged in text:
                text = text.replace(staged, source)
        return text

    return CodegenErrors(
        [
            CodegenError(origins.get(error.path, error.path), error.line, original(error.message))
            for error in each_error(problem)
        ]
    )


def check_enum_directories(docs_dir: Path, enums: Sequence[str]) -> None:
    """Every enum directory the sync will replace is a directory of the docs tree itself (or not
    there yet): never a link, never outside ``docs_dir``. Checked before anything is written."""
    problems: list[CodegenError] = []
    root = Path(os.path.realpath(docs_dir))
    for enum in enums:
        directory = docs_dir / enum
        if directory.is_symlink():
            problems.append(
                CodegenError(
                    shown(directory),
                    None,
                    "is a symbolic link; sync replaces pages only in directories of the docs tree",
                )
            )
        elif Path(os.path.realpath(directory)).parent != root:
            problems.append(CodegenError(shown(directory), None, "is not a directory of the docs tree"))
    if problems:
        raise CodegenErrors(problems)


def leftovers(docs_dir: Path) -> list[Path]:
    """Scratch directories of interrupted syncs beside ``docs_dir``."""
    return named_with_prefix(docs_dir.parent, _scratch_prefix(docs_dir))


def _scratch_prefix(docs_dir: Path) -> str:
    return f".{docs_dir.name}.sync-"


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
    """A scratch directory beside the docs (inside the project, not a shared temp directory); a
    killed sync leaves it behind, the next sync removes it (``leftovers``), ``--check`` reports it."""
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=_scratch_prefix(docs_dir), dir=docs_dir.parent)


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
    if enums is None or not all(_FULL_NAME.match(name) for name in enums):
        bad = [name for name in enums or [] if not _FULL_NAME.match(name)]
        raise CodegenError(
            where,
            None,
            "[tool.smtpstatus-codegen.sync] enums must be a list of Namespace.Enum names"
            + (f" (dotted identifiers), not {bad[0]!r}" if bad else ""),
        )
    if languages is None or not all(language in LANGUAGE_DIRECTORIES for language in languages):
        bad = [language for language in languages or [] if language not in LANGUAGE_DIRECTORIES]
        raise CodegenError(
            where,
            None,
            "[tool.smtpstatus-codegen.sync] languages must be a list of language codes"
            + (f"; {bad[0]!r} is not one of {', '.join(sorted(LANGUAGE_DIRECTORIES))}" if bad else ""),
        )
    if not isinstance(python, bool):
        raise CodegenError(where, None, "[tool.smtpstatus-codegen.sync] python must be true or false")
    return SyncSettings(enums=tuple(enums), languages=tuple(languages), python=python)
