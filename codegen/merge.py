"""Model: merge the pages of each enum across languages and group the enums into modules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from codegen.errors import CodegenError, CodegenErrors
from codegen.model import EnumSpec, Member, ModuleSpec, Page, Row
from codegen.names import is_enum_private, is_python_identifier, python_name

# Attributes every generated enum inherits from int that an alias must not hide. (``name``,
# ``value`` and the documentation properties are dynamic class attributes, which enum handles.)
RESERVED_ATTRIBUTES = frozenset(name for name in dir(int) if not name.startswith("_")) | {"mro"}


def build_modules(
    pages: Sequence[Page], *, default_language: str, mixins: Mapping[str, str]
) -> list[ModuleSpec]:
    """Every enum merged from its pages, grouped one module per namespace, in a stable order."""
    by_enum: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in pages:
        by_enum[(page.namespace.lower(), page.name)].append(page)
    specs: list[EnumSpec] = []
    errors: list[CodegenError] = []
    for group in by_enum.values():
        try:
            specs.append(merge_enum(group, default_language=default_language, mixins=mixins))
        except CodegenErrors as problems:
            errors.extend(problems.errors)
        except CodegenError as problem:
            errors.append(problem)
    if errors:
        raise CodegenErrors(errors)
    by_module: dict[str, list[EnumSpec]] = defaultdict(list)
    for spec in specs:
        by_module[module_name(spec)].append(spec)
    modules: list[ModuleSpec] = []
    for name in sorted(by_module):
        enums = sorted(by_module[name], key=lambda spec: spec.name)
        namespaces = {spec.namespace for spec in enums}
        if len(namespaces) > 1:
            first, second = sorted(namespaces)[:2]
            raise CodegenError(enums[0].sources[0], None, f"namespace spelled both {first!r} and {second!r}")
        modules.append(ModuleSpec(module_name=name, namespace=enums[0].namespace, enums=tuple(enums)))
    return modules


def module_name(spec: EnumSpec) -> str:
    name = spec.namespace.lower().replace(".", "_")
    if not is_python_identifier(name):
        raise CodegenError(spec.sources[0], None, f"namespace {spec.namespace!r} does not make a module name")
    return name


def choose_default_language(languages: Iterable[str], preferred: str) -> str:
    """The configured language where the enum has it, else English, else the first by code."""
    available = sorted(languages)
    for language in (preferred, "en"):
        if language in available:
            return language
    return available[0]


def merge_enum(pages: Sequence[Page], *, default_language: str, mixins: Mapping[str, str]) -> EnumSpec:
    """One enum from its pages: one per language, all agreeing on names, values and type."""
    by_language: dict[str, Page] = {}
    for page in sorted(pages, key=lambda page: page.path):
        if page.language in by_language:
            other = by_language[page.language]
            raise CodegenError(
                page.path, 1, f"second {page.language!r} page of {page.name}, after {other.path}"
            )
        by_language[page.language] = page
    default = choose_default_language(by_language, default_language)
    languages = (default, *sorted(language for language in by_language if language != default))
    reference = by_language[default]
    disagreements = [
        problem for language in languages[1:] for problem in _disagreements(reference, by_language[language])
    ]
    if disagreements:
        raise CodegenErrors(disagreements)
    members = _members(reference, [by_language[language] for language in languages])
    full_name = f"{reference.namespace}.{reference.name}"
    return EnumSpec(
        name=_enum_name(reference),
        namespace=reference.namespace,
        flags=reference.flags,
        underlying=reference.underlying,
        languages=languages,
        default_language=default,
        summaries=tuple(by_language[language].summary for language in languages),
        members=members,
        sources=tuple(sorted(page.source for page in pages)),
        mixin=mixins.get(full_name),
    )


def _enum_name(page: Page) -> str:
    if not is_python_identifier(page.name) or is_enum_private(page.name):
        raise CodegenError(
            page.path, page.declaration_line, f"enum name {page.name!r} cannot be a Python class name"
        )
    return page.name


def _disagreements(reference: Page, other: Page) -> list[CodegenError]:
    """Every difference of names, values and type between two languages: reported, never resolved."""
    problems: list[CodegenError] = []
    for attribute in ("namespace", "flags", "underlying"):
        mine, theirs = getattr(reference, attribute), getattr(other, attribute)
        if mine != theirs:
            problems.append(
                CodegenError(
                    other.path,
                    other.declaration_line,
                    f"{attribute} is {theirs!r} here but {mine!r} in {reference.path}",
                )
            )
    reference_rows = {row.dotnet_name: row for row in reference.rows}
    other_rows = {row.dotnet_name: row for row in other.rows}
    for row in other.rows:
        mine_row = reference_rows.get(row.dotnet_name)
        if mine_row is None:
            problems.append(
                CodegenError(
                    other.path,
                    row.line,
                    f"member {row.dotnet_name!r} = {row.value} is not in {reference.path}{_hint(reference.rows, row)}",
                )
            )
        elif mine_row.value != row.value:
            problems.append(
                CodegenError(
                    other.path,
                    row.line,
                    f"member {row.dotnet_name!r} is {row.value} here but {mine_row.value} in {reference.path}:{mine_row.line}",
                )
            )
    for row in reference.rows:
        if row.dotnet_name not in other_rows:
            problems.append(
                CodegenError(
                    reference.path,
                    row.line,
                    f"member {row.dotnet_name!r} = {row.value} is not in {other.path}{_hint(other.rows, row)}",
                )
            )
    return problems


def _hint(rows: Sequence[Row], missing: Row) -> str:
    same_value = [row for row in rows if row.value == missing.value]
    if not same_value:
        return ""
    return f" (which has {same_value[0].dotnet_name!r} = {missing.value} at line {same_value[0].line})"


def _members(reference: Page, pages_by_language: Sequence[Page]) -> tuple[Member, ...]:
    taken: dict[str, Row] = {}
    members: list[Member] = []
    descriptions = [{row.dotnet_name: row.description for row in page.rows} for page in pages_by_language]
    for row in reference.rows:
        name = python_name(row.dotnet_name)
        _check_member_name(reference, row, name, taken)
        members.append(
            Member(
                python_name=name,
                dotnet_name=row.dotnet_name,
                value=row.value,
                descriptions=tuple(texts[row.dotnet_name] for texts in descriptions),
            )
        )
    return tuple(members)


def _check_member_name(page: Page, row: Row, name: str, taken: dict[str, Row]) -> None:
    """Every Python name and .NET alias must be a distinct, usable enum member name."""
    if is_enum_private(name) or not name.isidentifier():
        raise CodegenError(
            page.path, row.line, f"member name {row.dotnet_name!r} cannot be a Python enum member"
        )
    if row.dotnet_name in RESERVED_ATTRIBUTES or name in RESERVED_ATTRIBUTES:
        raise CodegenError(
            page.path, row.line, f"member name {row.dotnet_name!r} would hide int.{row.dotnet_name}"
        )
    for candidate in dict.fromkeys((name, row.dotnet_name)):
        previous = taken.get(candidate)
        if previous is not None and previous is not row:
            what = "duplicate member name" if previous.dotnet_name == row.dotnet_name else "name collision"
            raise CodegenError(
                page.path,
                row.line,
                f"{what}: {row.dotnet_name!r} and {previous.dotnet_name!r} (line {previous.line}) both give {candidate!r}",
            )
        taken[candidate] = row
