"""Changes: what a change of the docs means to code that imports the generated enums.

Two docs trees are read into the model (``read`` -> ``parse`` -> ``merge``, nothing rendered) and
compared enum by enum, member by member, the way oasdiff compares two API descriptions:

- **breaking**: an enum or a member removed, a member renamed (same value, new name: the old name
  is gone), a value changed, a Python name changed, ``[Flags]`` or the underlying type changed;
- **feature**: an enum or a member added, a language added;
- **docs**: a description or summary reworded (per language), a language dropped from the docs;
- **format only, no API change**: a page's bytes changed but nothing it documents did.

The records print as Markdown ready for CHANGELOG.md, or as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from codegen.config import Settings
from codegen.errors import CodegenError, CodegenErrors, each_error
from codegen.files import read_regular_file
from codegen.merge import Policy, build_modules
from codegen.model import EnumSpec, Member
from codegen.pipeline import read_pages

BREAKING, FEATURE, DOCS, FORMAT = "breaking", "feature", "docs", "format only"
IMPACT_ORDER = (BREAKING, FEATURE, DOCS, FORMAT)


class Change(NamedTuple):
    """One change of one enum between two docs trees."""

    enum: str
    """The enum's full .NET name."""
    kind: str
    """``member added``, ``member renamed``, ``value changed``, ``description changed``, ..."""
    impact: str
    """``breaking``, ``feature``, ``docs`` or ``format only``."""
    member: str | None
    detail: str


class Snapshot(NamedTuple):
    """One docs tree: its enums by full name, and the bytes of each enum's pages."""

    enums: dict[str, EnumSpec]
    page_bytes: dict[str, dict[str, bytes]]


def snapshot(docs_dir: Path, settings: Settings | None = None) -> Snapshot:
    """The model of a docs tree; ``CodegenError``/``CodegenErrors`` for a tree that does not read.
    Languages are merged as ``settings`` say (without them: English decides, not ``strict``)."""
    settings = (settings or Settings(docs=docs_dir, out=docs_dir))._replace(docs=docs_dir, keep_going=False)
    found = read_pages(docs_dir, settings)
    modules = build_modules(
        found.pages,
        found.python_pages,
        default_language="en",
        mixins={},
        policy=Policy(settings.reference_language, settings.strict),
    ).modules
    enums = {spec.full_name: spec for module in modules for spec in module.enums}
    page_bytes = {
        name: {source: read_regular_file(docs_dir / source, source) for source in spec.sources}
        for name, spec in enums.items()
    }
    return Snapshot(enums=enums, page_bytes=page_bytes)


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Every change from ``old`` to ``new``, enum by enum in name order."""
    changes: list[Change] = []
    for name in sorted(set(old.enums) | set(new.enums)):
        before, after = old.enums.get(name), new.enums.get(name)
        if before is None and after is not None:
            changes.append(Change(name, "enum added", FEATURE, None, f"{len(after.members)} members"))
        elif after is None and before is not None:
            changes.append(Change(name, "enum removed", BREAKING, None, f"had {len(before.members)} members"))
        elif before is not None and after is not None:
            found = list(_enum_changes(name, before, after))
            if not found and _page_texts(old.page_bytes[name]) != _page_texts(new.page_bytes[name]):
                found.append(Change(name, "format only, no API change", FORMAT, None, "the pages changed"))
            changes.extend(found)
    return changes


def _page_texts(pages: Mapping[str, bytes]) -> list[bytes]:
    """The pages' bytes in a stable order, whatever the files are called."""
    return sorted(pages.values())


def _enum_changes(name: str, before: EnumSpec, after: EnumSpec) -> Iterable[Change]:
    for attribute, words in (("flags", "[Flags] changed"), ("underlying", "underlying type changed")):
        if getattr(before, attribute) != getattr(after, attribute):
            detail = f"{getattr(before, attribute)!r} -> {getattr(after, attribute)!r}"
            yield Change(name, words, BREAKING, None, detail)
    yield from _member_changes(name, before.members, after.members)
    yield from _text_changes(name, before, after)


def _member_changes(name: str, before: Sequence[Member], after: Sequence[Member]) -> Iterable[Change]:
    old = {member.dotnet_name: member for member in before}
    new = {member.dotnet_name: member for member in after}
    removed = [member for key, member in old.items() if key not in new]
    added = [member for key, member in new.items() if key not in old]
    renamed: list[tuple[Member, Member]] = []
    for member in list(removed):
        partner = next((candidate for candidate in added if candidate.value == member.value), None)
        if partner is not None:
            renamed.append((member, partner))
            removed.remove(member)
            added.remove(partner)
    for gone, came in renamed:
        detail = f"{gone.dotnet_name} -> {came.dotnet_name} (= {came.value}; Python {gone.python_name} -> {came.python_name})"
        yield Change(name, "member renamed", BREAKING, came.dotnet_name, detail)
    for member in removed:
        yield Change(
            name, "member removed", BREAKING, member.dotnet_name, f"{member.dotnet_name} (= {member.value})"
        )
    for member in added:
        yield Change(
            name, "member added", FEATURE, member.dotnet_name, f"{member.dotnet_name} = {member.value}"
        )
    for key in old.keys() & new.keys():
        mine, theirs = old[key], new[key]
        if mine.value != theirs.value:
            yield Change(name, "value changed", BREAKING, key, f"{key}: {mine.value} -> {theirs.value}")
        if mine.python_name != theirs.python_name:
            yield Change(
                name,
                "Python name changed",
                BREAKING,
                key,
                f"{key}: {mine.python_name} -> {theirs.python_name}",
            )


def _text_changes(name: str, before: EnumSpec, after: EnumSpec) -> Iterable[Change]:
    old_languages, new_languages = set(before.languages), set(after.languages)
    for language in sorted(new_languages - old_languages):
        yield Change(name, "language added", FEATURE, None, language)
    for language in sorted(old_languages - new_languages):
        yield Change(name, "language removed", DOCS, None, language)
    shared = sorted(old_languages & new_languages)
    old_summary = dict(zip(before.languages, before.summaries))
    new_summary = dict(zip(after.languages, after.summaries))
    for language in shared:
        if old_summary[language] != new_summary[language]:
            yield Change(name, "summary changed", DOCS, None, f"[{language}]")
    old_members = {
        member.dotnet_name: dict(zip(before.languages, member.descriptions)) for member in before.members
    }
    for member in after.members:
        descriptions = old_members.get(member.dotnet_name)
        if descriptions is None:
            continue
        new_descriptions = dict(zip(after.languages, member.descriptions))
        for language in shared:
            if descriptions[language] != new_descriptions[language]:
                yield Change(
                    name,
                    "description changed",
                    DOCS,
                    member.dotnet_name,
                    f"[{language}] {member.dotnet_name}",
                )


def summary_line(changes: Sequence[Change]) -> str:
    counts = {impact: sum(change.impact == impact for change in changes) for impact in IMPACT_ORDER}
    if not changes:
        return "No changes."
    parts = [f"{count} {impact}" for impact, count in counts.items() if count]
    return ", ".join(parts) + (" (a major version)" if counts[BREAKING] else "")


def as_markdown(changes: Sequence[Change]) -> str:
    """The changes as Markdown, one section per enum, breaking first: ready for CHANGELOG.md."""
    lines = [summary_line(changes)]
    for enum in sorted({change.enum for change in changes}):
        lines += ["", f"### {enum}"]
        mine = sorted(
            (change for change in changes if change.enum == enum),
            key=lambda change: IMPACT_ORDER.index(change.impact),
        )
        for change in mine:
            if change.impact == FORMAT:
                lines.append("- format only, no API change")
            else:
                lines.append(f"- **{change.impact}**: {change.kind}: {change.detail}")
    return "\n".join(lines) + "\n"


def as_json(changes: Sequence[Change]) -> str:
    return json.dumps(
        {"summary": summary_line(changes), "changes": [change._asdict() for change in changes]},
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )


def diff_trees(old_dir: Path, new_dir: Path) -> list[Change]:
    """The changes between two docs trees; errors of either tree are reported with their paths."""
    problems: list[CodegenError] = []
    snapshots: list[Snapshot] = []
    for directory in (old_dir, new_dir):
        try:
            snapshots.append(snapshot(directory))
        except (CodegenError, CodegenErrors) as problem:
            problems.extend(each_error(problem))
    if problems:
        raise CodegenErrors(problems)
    return compare(snapshots[0], snapshots[1])


def snapshot_of_generated(out_dir: Path) -> Snapshot:
    """The model as the generated modules in ``out_dir`` hold it, read from their syntax trees.

    ``--check`` compares it with the docs, to say what a drift means before it shows the text
    diff. Nothing is executed; a file that does not read as our output is left out.
    """
    import ast  # noqa: PLC0415 - only --check with drift needs it

    from codegen.header import is_generated  # noqa: PLC0415

    enums: dict[str, EnumSpec] = {}
    if not out_dir.is_dir():
        return Snapshot(enums={}, page_bytes={})
    for path in sorted(out_dir.glob("*.py")):
        data = read_regular_file(path, str(path))
        if not is_generated(data):
            continue
        try:
            tree = ast.parse(data)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                spec = _spec_of_class(node)
                if spec is not None:
                    enums[spec.full_name] = spec
    return Snapshot(enums=enums, page_bytes={name: {} for name in enums})


def _strings(node: object) -> list[str]:
    import ast  # noqa: PLC0415

    if isinstance(node, ast.Call):
        return [
            arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
    return []


def _string_dict(node: object) -> dict[str, str]:
    """A ``{"de": "...", ...}`` literal of the generated code."""
    import ast  # noqa: PLC0415

    if not isinstance(node, ast.Dict):
        return {}
    return {
        key.value: value.value
        for key, value in zip(node.keys, node.values)
        if isinstance(key, ast.Constant)
        and isinstance(key.value, str)
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    }


def _spec_of_class(node: object) -> EnumSpec | None:
    import ast  # noqa: PLC0415

    assert isinstance(node, ast.ClassDef)
    docs: dict[str, ast.expr] = {}
    values: dict[str, int] = {}
    for statement in node.body:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
            continue
        target = statement.targets[0]
        if (
            isinstance(target, ast.Name)
            and target.id == "__aspose__"
            and isinstance(statement.value, ast.Call)
        ):
            docs = {keyword.arg: keyword.value for keyword in statement.value.keywords if keyword.arg}
        elif isinstance(target, ast.Name):
            try:
                value = ast.literal_eval(statement.value)
            except ValueError:
                continue
            if type(value) is int:
                values[target.id] = value
    if not docs:
        return None
    text = {
        key: value.value
        for key, value in docs.items()
        if isinstance(value, ast.Constant) and isinstance(value.value, str)
    }
    summaries = _string_dict(docs.get("summaries"))
    default = text.get("default_language", next(iter(summaries), "en"))
    languages = (default, *(language for language in summaries if language != default))
    members: list[Member] = []
    member_calls = docs.get("members")
    for call in member_calls.args if isinstance(member_calls, ast.Call) else []:
        fields = _strings(call)
        descriptions = _string_dict(call.args[2]) if isinstance(call, ast.Call) and len(call.args) > 2 else {}
        if len(fields) >= 2 and fields[0] in values:
            described = tuple(descriptions.get(language, "") for language in languages)
            members.append(Member(fields[0], fields[1], values[fields[0]], described))
    flags = any(isinstance(base, ast.Attribute) and base.attr == "IntFlag" for base in node.bases)
    dotnet_name = text.get("name", node.name)
    return EnumSpec(
        name=node.name,
        namespace=text.get("namespace", ""),
        flags=flags,
        underlying=text.get("underlying", "int"),
        languages=languages,
        default_language=default,
        summaries=tuple(summaries.get(language, "") for language in languages),
        members=tuple(members),
        sources=(),
        mixin=None,
        dotnet_name=dotnet_name if dotnet_name != node.name else "",
    )
