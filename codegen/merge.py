"""Model: merge the pages of each enum across languages and group the enums into modules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from codegen.errors import CodegenError, CodegenErrors, each_error
from codegen.model import EnumSpec, Member, ModuleSpec, Page, PythonPage, Row
from codegen.names import enum_python_names, is_enum_private, is_python_identifier

# Attributes every generated enum inherits from int that an alias must not hide. (``name``,
# ``value`` and the documentation properties are dynamic class attributes, which enum handles.)
RESERVED_ATTRIBUTES = frozenset(name for name in dir(int) if not name.startswith("_")) | {"mro"}


class Merged(NamedTuple):
    modules: list[ModuleSpec]
    notes: list[str]
    """What the run should tell but that is no error (.NET members the Python page lacks)."""


def build_modules(
    pages: Sequence[Page],
    python_pages: Sequence[PythonPage] = (),
    *,
    default_language: str,
    mixins: Mapping[str, str],
) -> Merged:
    """Every enum merged from its pages, grouped one module per namespace, in a stable order.

    An enum's Python names come from its ``python-net`` page where one is given, else from the
    product's rule (``names``).
    """
    by_enum: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in pages:
        by_enum[(page.namespace.lower(), page.name)].append(page)
    errors: list[CodegenError] = []
    python_by_enum: dict[tuple[str, str], PythonPage] = {}
    for python_page in sorted(python_pages, key=lambda page: page.path):
        key = (python_page.namespace_lower, python_page.name)
        if key in python_by_enum:
            errors.append(
                CodegenError(
                    python_page.path,
                    1,
                    f"second Python page of {python_page.name}, after {python_by_enum[key].path}",
                )
            )
        elif key not in by_enum:
            errors.append(
                CodegenError(
                    python_page.path,
                    python_page.heading_line,
                    f"Python page of {python_page.name} has no .NET page",
                )
            )
        else:
            python_by_enum[key] = python_page
    specs: list[EnumSpec] = []
    notes: list[str] = []
    for key, group in by_enum.items():
        try:
            spec, enum_notes = merge_enum(
                group, python_by_enum.get(key), default_language=default_language, mixins=mixins
            )
            specs.append(spec)
            notes.extend(enum_notes)
        except (CodegenError, CodegenErrors) as problem:
            errors.extend(each_error(problem))
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
    return Merged(modules=modules, notes=notes)


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


def merge_enum(
    pages: Sequence[Page],
    python_page: PythonPage | None = None,
    *,
    default_language: str,
    mixins: Mapping[str, str],
) -> tuple[EnumSpec, list[str]]:
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
    names, notes = python_names(reference, python_page)
    members = _members(reference, [by_language[language] for language in languages], names)
    sources = [page.source for page in pages] + ([python_page.source] if python_page else [])
    spec = EnumSpec(
        name=_enum_name(reference),
        namespace=reference.namespace,
        flags=reference.flags,
        underlying=reference.underlying,
        languages=languages,
        default_language=default,
        summaries=tuple(by_language[language].summary for language in languages),
        members=members,
        sources=tuple(sorted(sources)),
        mixin=None,
    )
    return spec._replace(mixin=mixins.get(spec.full_name)), notes


# Module-level names of a generated module besides its classes (``TYPE_CHECKING``, which the
# class bodies read): an enum of that name would rebind it.
MODULE_NAMES = frozenset({"TYPE_CHECKING"})


def _enum_name(page: Page) -> str:
    if not is_python_identifier(page.name) or is_enum_private(page.name) or page.name in MODULE_NAMES:
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


def _normalized(name: str) -> str:
    """A name with case and underscores aside: how .NET and Python names of a member are paired."""
    return name.replace("_", "").lower()


def python_names(reference: Page, python_page: PythonPage | None) -> tuple[dict[str, str], list[str]]:
    """.NET name -> Python name: from the Python page where it names the member, else the rule.

    Members pair by name, case and underscores aside, or with the .NET name's first segment
    dropped (``PT_SHORT`` -> ``SHORT``). A Python member with no .NET counterpart, or two that pair
    with one, is an error; a .NET member the Python page lacks (Aspose adds members to .NET first)
    takes the rule's name, with a note.
    """
    dotnet = [row.dotnet_name for row in reference.rows]
    names = dict(zip(dotnet, enum_python_names(reference.namespace, dotnet)))
    if python_page is None:
        return names, []
    exact = {_normalized(name): name for name in dotnet}
    without_prefix: dict[str, str] = {}
    for name in dotnet:
        head, sep, rest = name.partition("_")
        if sep and head and rest:
            without_prefix.setdefault(_normalized(rest), name)
    paired: dict[str, int] = {}
    errors: list[CodegenError] = []
    notes: list[str] = []
    for row in python_page.rows:
        key = _normalized(row.python_name)
        match = exact.get(key) or without_prefix.get(key)
        if match is None:
            errors.append(
                CodegenError(
                    python_page.path,
                    row.line,
                    f"Python member {row.python_name!r} has no .NET member in {reference.path}",
                )
            )
            continue
        if match in paired:
            errors.append(
                CodegenError(
                    python_page.path,
                    row.line,
                    f"Python members at lines {paired[match]} and {row.line} both pair with .NET member {match!r}",
                )
            )
            continue
        paired[match] = row.line
        if is_python_identifier(row.python_name):
            names[match] = row.python_name
        else:  # ``None``, ``class``: a keyword cannot be a member; the rule's name it is
            notes.append(
                f"{python_page.path}:{row.line}: Python member {row.python_name!r} is a Python keyword; "
                f"using the rule's name {names[match]}"
            )
    if errors:
        raise CodegenErrors(errors)
    notes += [
        f"{python_page.path}: {reference.name}.{name} is not on the Python page yet; "
        f"using the rule's name {names[name]}"
        for name in dotnet
        if name not in paired
    ]
    return names, notes


def _members(
    reference: Page, pages_by_language: Sequence[Page], names: Mapping[str, str]
) -> tuple[Member, ...]:
    taken: dict[str, Row] = {}
    members: list[Member] = []
    descriptions = [{row.dotnet_name: row.description for row in page.rows} for page in pages_by_language]
    for row in reference.rows:
        name = names[row.dotnet_name]
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
