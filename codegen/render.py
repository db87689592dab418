"""Render: the model to Python source through Jinja2 templates.

Templates lay out data. Whatever they print must come from one of the filters in ``literals``
(string literals, ints, checked names, comment text); anything else fails the render.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

import jinja2

from codegen import literals
from codegen.config import Mixin, parse_mixin
from codegen.header import HEADER, RUNTIME_LOCAL, RUNTIME_MODULE, RUNTIME_PACKAGE
from codegen.model import EnumSpec, Member, ModuleSpec
from codegen.names import is_python_identifier

TEMPLATES = Path(__file__).parent / "templates"


class Alias(NamedTuple):
    """A second name for a member: a .NET name, or the Python name of a duplicate value."""

    name: str
    target: str
    """The Python name of the first member with the same value."""
    attribute: bool
    """True when it can be written ``Name = TARGET``; False for keywords (``None``)."""


class Assignment(NamedTuple):
    """One line ``NAME = value`` of the class body, or ``NAME = EARLIER_NAME`` for a duplicate value."""

    name: str
    value: int
    target: str | None


class EnumView(NamedTuple):
    """What the template needs of one enum: the spec, its aliases and its base classes."""

    spec: EnumSpec
    assignments: tuple[Assignment, ...]
    typed_aliases: tuple[Alias, ...]
    """The .NET aliases type checkers are told of: all but keywords (``None``), which cannot be
    written ``None = NONE``. At run time ``DocumentedEnumType`` adds every alias from the docs."""
    mixin: Mixin | None

    @property
    def docstring(self) -> str:
        """The summary in the default language, as ``__doc__``.

        A class docstring must be encodable as UTF-8; a lone surrogate (never on a real page,
        which is UTF-8) is spelled out as its escape here. ``__aspose__.summaries`` keeps it exact.
        """
        return self.spec.summaries[0].encode("utf-8", "backslashreplace").decode("utf-8")

    @property
    def plain_docstring(self) -> bool:
        """True when the summary can be a real docstring that formatters leave as it is.

        ruff strips whitespace at the ends of a docstring and may requote it, which would change
        the text; such summaries go to ``__doc__ = ...`` instead, which it leaves alone.
        """
        text = self.docstring
        return bool(text) and text == text.strip() and text.isprintable() and not set(text) & set("\"'\\")

    @property
    def base(self) -> str:
        return "IntFlag" if self.spec.flags else "IntEnum"

    @property
    def summaries(self) -> list[tuple[str, str]]:
        """(language, summary), the default language first."""
        return list(zip(self.spec.languages, self.spec.summaries))

    @property
    def members(self) -> list[tuple[Member, list[tuple[str, str]]]]:
        """Each member with its (language, description) pairs: a reworded translation is one line."""
        return [(member, list(zip(self.spec.languages, member.descriptions))) for member in self.spec.members]


def _only_source(value: object) -> object:
    """Jinja ``finalize``: refuse to print anything that did not pass through a literal filter."""
    if isinstance(value, literals.PySource):
        return value
    raise TypeError(f"template printed {type(value).__name__} {value!r} without an escaping filter")


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_only_source,
    )
    environment.filters.update(
        py_str=literals.py_str,
        py_int=literals.py_int,
        py_name=literals.py_name,
        py_comment=literals.py_comment,
        py_dotted_name=literals.py_dotted_name,
    )
    return environment


def _sources_sentence(sources: Iterable[str]) -> str:
    """The pages a module comes from, for its docstring (never for a comment: see ``header``)."""
    return "Generated from " + ", ".join(sources) + "."


def _first_names(members: Sequence[Member]) -> dict[int, str]:
    first: dict[int, str] = {}
    for member in members:
        first.setdefault(member.value, member.python_name)
    return first


def assignments(members: Sequence[Member]) -> tuple[Assignment, ...]:
    """The Python names in page order; a repeated value refers to the first name (an alias)."""
    first = _first_names(members)
    return tuple(
        Assignment(
            name=member.python_name,
            value=member.value,
            target=None if first[member.value] == member.python_name else first[member.value],
        )
        for member in members
    )


def aliases(members: Sequence[Member]) -> tuple[Alias, ...]:
    """The .NET names that differ from the Python names, each bound to its member."""
    python_names = {member.python_name for member in members}
    first = _first_names(members)
    return tuple(
        Alias(
            name=member.dotnet_name,
            target=first[member.value],
            attribute=is_python_identifier(member.dotnet_name),
        )
        for member in members
        if member.dotnet_name not in python_names
    )


class Import(NamedTuple):
    """``from module import name [as local]``."""

    module: str
    name: str
    local: str


def imports(views: Sequence[EnumView]) -> list[Import]:
    """The module's ``from`` imports in isort order: the runtime support and the mixins."""
    lines = {Import(module=RUNTIME_PACKAGE, name=RUNTIME_MODULE, local=RUNTIME_LOCAL)}
    lines.update(
        Import(view.mixin.module, view.mixin.name, view.mixin.local_name) for view in views if view.mixin
    )
    return sorted(lines, key=lambda line: (line.module, line.name))


def enum_view(spec: EnumSpec) -> EnumView:
    return EnumView(
        spec=spec,
        assignments=assignments(spec.members),
        typed_aliases=tuple(alias for alias in aliases(spec.members) if alias.attribute),
        mixin=parse_mixin(spec.mixin, "settings") if spec.mixin else None,
    )


def render_module(module: ModuleSpec) -> str:
    views = [enum_view(spec) for spec in module.enums]
    return (
        _environment()
        .get_template("module.py.jinja")
        .render(
            header=literals.PySource(HEADER),
            docstring=f"Enums of the .NET namespace {module.namespace}, from the Aspose API reference.\n\n"
            + _sources_sentence(module.sources),
            module=module,
            enums=views,
            imports=imports(views),
            typed_aliases=any(view.typed_aliases for view in views),
        )
    )


def render_package_init(modules: Sequence[ModuleSpec]) -> str:
    return (
        _environment()
        .get_template("init.py.jinja")
        .render(
            header=literals.PySource(HEADER),
            docstring="Generated enums, one module per .NET namespace; import them from their modules.\n\n"
            + _sources_sentence(sorted({source for module in modules for source in module.sources})),
        )
    )
