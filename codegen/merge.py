"""Merge: the pages of each enum across languages into one ``EnumSpec``; the enums into modules.

Languages as they really are: translations lag the English page (fewer members, other values,
another underlying type) and some are broken (member names translated). The **reference
language** (``en`` unless the settings say otherwise; the default language's page where the
enum has no page in it) decides the members, values, flags and type; every other language gives
its summary and the descriptions of the members it documents as the reference does. Each
disagreement is a warning naming both files. With ``strict`` (this repository's setting), every
disagreement is an error, as it always was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from codegen.errors import CodegenError, CodegenErrors, each_error
from codegen.model import EnumSpec, Member, ModuleSpec, Page, PythonPage, Row
from codegen.names import enum_python_names, is_enum_private, is_python_identifier, module_name_of, rule_note

# Attributes every generated enum inherits from int that an alias must not hide. (``name``,
# ``value`` and the documentation properties are dynamic class attributes, which enum handles.)
RESERVED_ATTRIBUTES = frozenset(name for name in dir(int) if not name.startswith("_")) | {"mro"}


class Merged(NamedTuple):
    modules: list[ModuleSpec]
    notes: list[str]
    """What the run should tell but that is no error (.NET members the Python page lacks)."""
    warnings: list[str] = []  # noqa: RUF012 - a NamedTuple default, never mutated
    """Disagreements of translations with the reference language (not ``strict``)."""
    refused: list[CodegenError] = []  # noqa: RUF012
    """With ``keep_going``: the problems of the enums left out."""


class Policy(NamedTuple):
    """How the languages of an enum are merged, and what a problem does to the run."""

    reference_language: str = "en"
    strict: bool = True
    """Every disagreement between languages is an error (else a warning)."""
    keep_going: bool = False
    """An enum with an error is left out and reported; the others are generated."""


STRICT = Policy()


def build_modules(
    pages: Sequence[Page],
    python_pages: Sequence[PythonPage] = (),
    *,
    default_language: str,
    mixins: Mapping[str, str],
    policy: Policy = STRICT,
) -> Merged:
    """Every enum merged from its pages, grouped one module per namespace, in a stable order.

    An enum's Python names come from its ``python-net`` page where one is given, else from the
    product's rule (``names``).
    """
    by_enum: dict[tuple[str, str], list[Page]] = defaultdict(list)
    for page in pages:
        by_enum[(page.namespace.lower(), page.name.lower())].append(page)
    errors: list[CodegenError] = []
    python_by_enum: dict[tuple[str, str], PythonPage] = {}
    for python_page in sorted(
        python_pages, key=lambda page: (page.language != "en", page.language, page.path)
    ):
        key = (python_page.namespace_lower, python_page.name.lower())
        first = python_by_enum.get(key)
        if first is not None and first.language == python_page.language:
            errors.append(
                CodegenError(
                    python_page.path, 1, f"second Python page of {python_page.name}, after {first.path}"
                )
            )
        elif first is not None:  # the same names in another language: the English page is used
            continue
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
    warnings: list[str] = []
    for key, group in by_enum.items():
        try:
            spec, enum_notes, enum_warnings = merge_enum(
                group,
                python_by_enum.get(key),
                default_language=default_language,
                mixins=mixins,
                policy=policy,
            )
            specs.append(spec)
            notes.extend(enum_notes)
            warnings.extend(enum_warnings)
        except (CodegenError, CodegenErrors) as problem:
            errors.extend(each_error(problem))
    if errors and not policy.keep_going:
        raise CodegenErrors(errors)
    # One note per product whose names came from a rule that was not made for it.
    notes += sorted(
        {
            note
            for key, group in by_enum.items()
            if key not in python_by_enum
            for note in [rule_note(group[0].namespace)]
            if note is not None
        }
    )
    by_module: dict[str, list[EnumSpec]] = defaultdict(list)
    for spec in specs:
        try:
            by_module[module_name(spec)].append(spec)
        except CodegenError as problem:
            if not policy.keep_going:
                raise
            errors.append(problem)
    modules: list[ModuleSpec] = []
    for name in sorted(by_module):
        enums = sorted(by_module[name], key=lambda spec: spec.name)
        try:
            _check_module(enums)
        except CodegenError as problem:
            if not policy.keep_going:
                raise
            errors.append(problem)
            continue
        modules.append(ModuleSpec(module_name=name, namespace=enums[0].namespace, enums=tuple(enums)))
    return Merged(modules=modules, notes=notes, warnings=warnings, refused=errors)


def _check_module(enums: Sequence[EnumSpec]) -> None:
    namespaces = {spec.namespace for spec in enums}
    if len(namespaces) > 1:
        first, second = sorted(namespaces)[:2]
        raise CodegenError(enums[0].sources[0], None, f"namespace spelled both {first!r} and {second!r}")
    _check_class_names(enums)


def _check_class_names(enums: Sequence[EnumSpec]) -> None:
    """Two enums of one namespace that would be one Python class (``A.BC`` and ``AB.C``)."""
    seen: dict[str, EnumSpec] = {}
    for spec in enums:
        other = seen.setdefault(spec.name, spec)
        if other is not spec:
            raise CodegenError(
                spec.sources[0],
                None,
                f"{spec.full_name} and {other.full_name} would both be the Python class {spec.name}",
            )


def module_name(spec: EnumSpec) -> str:
    name = module_name_of(spec.namespace)
    if name is None:
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
    policy: Policy = STRICT,
) -> tuple[EnumSpec, list[str], list[str]]:
    """One enum from its pages, one per language: the spec, notes, and warnings (disagreements of
    translations, where the policy is not ``strict``)."""
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
    if policy.strict:
        reference = by_language[default]
    else:
        reference = by_language[choose_default_language(by_language, policy.reference_language)]
    disagreements = [
        problem
        for language in languages
        if by_language[language] is not reference
        for problem in _disagreements(reference, by_language[language])
    ]
    if disagreements and policy.strict:
        raise CodegenErrors(disagreements)
    names, notes = python_names(reference, python_page)
    members = _members(reference, [by_language[language] for language in languages], names)
    sources = [page.source for page in pages] + ([python_page.source] if python_page else [])
    class_name = _enum_name(reference)
    spec = EnumSpec(
        name=class_name,
        namespace=reference.namespace,
        flags=reference.flags,
        underlying=reference.underlying,
        languages=languages,
        default_language=default,
        summaries=tuple(by_language[language].summary for language in languages),
        members=members,
        sources=tuple(sorted(sources)),
        mixin=None,
        dotnet_name=reference.name if reference.name != class_name else "",
    )
    warnings = [f"warning: {problem}" for problem in disagreements]
    return spec._replace(mixin=mixins.get(spec.full_name)), notes, warnings


# Module-level names of a generated module besides its classes (``TYPE_CHECKING``, which the
# class bodies read): an enum of that name would rebind it.
MODULE_NAMES = frozenset({"TYPE_CHECKING"})


def _enum_name(page: Page) -> str:
    """The Python class name: the .NET name, a nested enum's with its enclosing types joined
    (``DocSaveOptions.RecognitionMode`` -> ``DocSaveOptionsRecognitionMode``, the name xmldocmd
    itself gives it in a page's description): unique in a namespace where the .NET names are."""
    name = page.name.replace(".", "")
    if not is_python_identifier(name) or is_enum_private(name) or name in MODULE_NAMES:
        raise CodegenError(
            page.path, page.declaration_line, f"enum name {page.name!r} cannot be a Python class name"
        )
    return name


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
        if match is None:  # the .NET page gives the values: a member it lacks cannot be generated
            notes.append(
                f"{python_page.path}:{row.line}: Python member {row.python_name!r} has no .NET member "
                f"in {reference.path}; left out"
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
    paired_folded = {name.lower() for name in paired}
    notes += [
        f"{python_page.path}: {reference.name}.{name} is not on the Python page yet; "
        f"using the rule's name {names[name]}"
        for name in dotnet
        if name not in paired and name.lower() not in paired_folded  # ``Csv`` beside a paired ``CSV``
    ]
    return names, notes


def _members(
    reference: Page, pages_by_language: Sequence[Page], names: Mapping[str, str]
) -> tuple[Member, ...]:
    taken: dict[str, Row] = {}
    members: list[Member] = []
    values = {row.dotnet_name: row.value for row in reference.rows}
    # A translation describes a member where it names it with the reference's value; where it
    # does not (a lagging or broken page, outside ``strict``), it has no description of it.
    descriptions = [
        {row.dotnet_name: row.description for row in page.rows if values.get(row.dotnet_name) == row.value}
        for page in pages_by_language
    ]
    rows, names = _case_variants_as_aliases(reference.rows, names)
    for row in rows:
        name = names[row.dotnet_name]
        _check_member_name(reference, row, name, taken)
        members.append(
            Member(
                python_name=name,
                dotnet_name=row.dotnet_name,
                value=row.value,
                descriptions=tuple(texts.get(row.dotnet_name, "") for texts in descriptions),
            )
        )
    return tuple(members)


def _case_variants_as_aliases(
    rows: Sequence[Row], names: Mapping[str, str]
) -> tuple[list[Row], Mapping[str, str]]:
    """``Csv = 1`` and ``CSV = 1`` (Aspose.Cells' LoadFormat): .NET names that differ only in case,
    with one value and one Python name, are one member. The row whose .NET name is the Python
    name (else the first) keeps it and comes first, where the first of them stood; the others keep
    their .NET name, written ``Csv = CSV`` (a repeated value is an alias). Different values stay a
    name collision. Returns the rows in that order and the names."""
    groups: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for row in rows:
        groups[(names[row.dotnet_name], row.value)].append(row)
    renamed = dict(names)
    order = list(rows)
    for (python_name, _), group in groups.items():
        if len(group) < 2 or len({row.dotnet_name.lower() for row in group}) != 1:
            continue
        owner = next((row for row in group if row.dotnet_name == python_name), group[0])
        for row in group:
            if row is not owner:
                renamed[row.dotnet_name] = row.dotnet_name
        first, at = order.index(group[0]), order.index(owner)
        order[first], order[at] = order[at], order[first]
    return order, renamed


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
