"""Settings of a generator run: from the command line, else from ``[tool.smtpstatus-codegen]``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, NamedTuple, cast

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.9 and 3.10
    import tomli as tomllib

from codegen.errors import CodegenError
from codegen.model import LANGUAGE_CODE
from codegen.names import is_python_identifier

SECTION = "smtpstatus-codegen"


class Settings(NamedTuple):
    """Everything a run's output depends on besides the pages (the cache's key is derived from
    every field: a new field enters it by itself)."""

    docs: Path
    out: Path
    default_language: str = "en"
    mixins: dict[str, str] = {}  # noqa: RUF012 - a NamedTuple default, never mutated
    reference_language: str = "en"
    """The language whose page decides an enum's members, values and type (not ``strict``)."""
    strict: bool = False
    """Every disagreement between the languages of an enum is an error, not a warning."""
    keep_going: bool = False
    """Generate every valid enum, report each refused page, exit 1 (``--keep-going``)."""


class Mixin(NamedTuple):
    """A hand-written base class of one generated enum: ``package.module:Class``."""

    module: str
    name: str

    @property
    def local_name(self) -> str:
        return "_" + self.name


def parse_mixin(reference: str, where: str) -> Mixin:
    """``package.module:Class`` from the settings, checked before it can reach source."""
    module, sep, name = reference.partition(":")
    if (
        not sep
        or not all(is_python_identifier(part) for part in module.split("."))
        or not is_python_identifier(name)
    ):
        raise CodegenError(where, None, f"mixin {reference!r} is not of the form package.module:Class")
    return Mixin(module=module, name=name)


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has our section."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and SECTION in _tool_table(candidate):
            return candidate
    return None


_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


def _tool_table(path: Path) -> dict[str, Any]:
    """``[tool]`` of a pyproject.toml: UTF-8 TOML (its specification), a table, or an error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CodegenError(str(path), None, f"cannot read settings: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CodegenError(str(path), line, "cannot read settings: not UTF-8, as TOML must be") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = _TOML_LINE.search(str(error))
        raise CodegenError(
            str(path), int(where[1]) if where else None, f"cannot read settings: {error}"
        ) from None
    tool: object = document.get("tool", {})
    if not isinstance(tool, dict):
        raise CodegenError(str(path), _line_of(path, "tool", "[tool]"), "[tool] must be a table")
    return cast("dict[str, Any]", tool)


def _section(pyproject: Path) -> dict[str, Any]:
    """``[tool.smtpstatus-codegen]``, checked to be a table."""
    table: object = _tool_table(pyproject).get(SECTION, {})
    if not isinstance(table, dict):
        raise CodegenError(
            str(pyproject),
            _line_of(pyproject, SECTION, f"[tool.{SECTION}]"),
            f"[tool.{SECTION}] must be a table",
        )
    return cast("dict[str, Any]", table)


def sync_table(pyproject: Path) -> dict[str, object]:
    """``[tool.smtpstatus-codegen.sync]``, empty where the file has none."""
    table: object = _section(pyproject).get("sync", {})
    if not isinstance(table, dict):
        raise CodegenError(
            str(pyproject),
            _line_of(pyproject, "sync", f"[tool.{SECTION}.sync]"),
            f"[tool.{SECTION}.sync] must be a table",
        )
    return cast("dict[str, object]", table)


KNOWN_SETTINGS = frozenset(
    {"docs", "out", "default-language", "reference-language", "strict", "keep-going", "mixins", "sync"}
)


def _line_of(pyproject: Path, *words: str) -> int | None:
    """The first line of ``pyproject`` that starts with one of ``words`` (a key or a table header),
    for ``path:line`` messages; TOML values carry no positions of their own."""
    try:
        lines = pyproject.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith(words):
            return number
    return None


def _path_setting(pyproject: Path, table: dict[str, Any], key: str) -> Path:
    """``docs`` or ``out``: a non-empty string, relative to the pyproject.toml's directory."""
    if key not in table:
        raise CodegenError(
            str(pyproject), _line_of(pyproject, f"[tool.{SECTION}]"), f"[tool.{SECTION}] needs {key!r}"
        )
    value: object = table[key]
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise CodegenError(
            str(pyproject),
            _line_of(pyproject, key),
            f"{key} must be a directory path (a string), not {value!r}",
        )
    return pyproject.parent / value


def _language_setting(pyproject: Path, table: dict[str, Any], key: str) -> str:
    value: object = table.get(key, "en")
    if not isinstance(value, str) or not re.fullmatch(LANGUAGE_CODE, value):
        raise CodegenError(
            str(pyproject),
            _line_of(pyproject, key),
            f'{key} must be a language code such as "en" or "de", not {value!r}',
        )
    return value


def _bool_setting(pyproject: Path, table: dict[str, Any], key: str) -> bool:
    value: object = table.get(key, False)
    if not isinstance(value, bool):
        raise CodegenError(
            str(pyproject), _line_of(pyproject, key), f"{key} must be true or false, not {value!r}"
        )
    return value


def load_settings(pyproject: Path) -> Settings:
    table = _section(pyproject)
    unknown = sorted(set(table) - KNOWN_SETTINGS)
    if unknown:
        raise CodegenError(
            str(pyproject),
            _line_of(pyproject, unknown[0]),
            f"[tool.{SECTION}] has unknown settings {unknown} (known: {sorted(KNOWN_SETTINGS)})",
        )
    docs = _path_setting(pyproject, table, "docs")
    out = _path_setting(pyproject, table, "out")
    default_language = _language_setting(pyproject, table, "default-language")
    mixins: object = table.get("mixins", {})
    mixins_line = _line_of(pyproject, "mixins", f"[tool.{SECTION}.mixins]")
    if not isinstance(mixins, dict):
        raise CodegenError(
            str(pyproject), mixins_line, f"[tool.{SECTION}.mixins] maps enum names to 'module:Class'"
        )
    mixins = {str(key): value for key, value in cast("dict[object, object]", mixins).items()}
    if not all(isinstance(value, str) for value in mixins.values()):
        raise CodegenError(
            str(pyproject), mixins_line, f"[tool.{SECTION}.mixins] maps enum names to 'module:Class'"
        )
    for key, value in mixins.items():
        try:
            parse_mixin(str(value), str(pyproject))
        except CodegenError as error:
            raise CodegenError(str(pyproject), _line_of(pyproject, f'"{key}"', key), error.message) from None
    return Settings(
        docs=docs,
        out=out,
        default_language=default_language,
        mixins={key: str(value) for key, value in mixins.items()},
        reference_language=_language_setting(pyproject, table, "reference-language"),
        strict=_bool_setting(pyproject, table, "strict"),
        keep_going=_bool_setting(pyproject, table, "keep-going"),
    )
