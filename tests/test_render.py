"""Render: the model to source; layout, aliases, and the one escaping filter."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.header import HEADER
from codegen.literals import PySource, py_comment, py_int, py_name, py_str
from codegen.model import EnumSpec, Member, ModuleSpec
from codegen.render import aliases, assignments, render_module, render_package_init

MEMBERS = (
    Member("NONE", "None", 0, ("nothing",)),
    Member("DEFAULT", "Default", 0, ("the default",)),
    Member("RED", "Red", 1, ("red",)),
)
SPEC = EnumSpec(
    "Colors", "Aspose.X", False, "int", ("en",), "en", ("Colors.",), MEMBERS, ("colors/en.md",), None
)


def test_duplicate_values_become_aliases() -> None:
    assert [(line.name, line.value, line.target) for line in assignments(MEMBERS)] == [
        ("NONE", 0, None),
        ("DEFAULT", 0, "NONE"),
        ("RED", 1, None),
    ]
    assert [(alias.name, alias.target, alias.attribute) for alias in aliases(MEMBERS)] == [
        ("None", "NONE", False),
        ("Default", "NONE", True),
        ("Red", "RED", True),
    ]


def test_a_module_starts_with_the_fixed_header_and_names_its_sources_in_the_docstring() -> None:
    source = render_module(ModuleSpec("aspose_x", "Aspose.X", (SPEC,)))
    assert source.startswith(
        HEADER
        + '"Enums of the .NET namespace Aspose.X, from the Aspose API reference.\\n\\nGenerated from colors/en.md."\n'
    )
    # Type checkers read the aliases that can be written as attributes; the runtime adds all
    # (``None`` too) from ``__aspose__``.
    assert "TYPE_CHECKING = False\n" in source
    assert "    if TYPE_CHECKING:\n        Default = NONE\n        Red = RED\n" in source
    assert "None =" not in source and "builtins" not in source
    assert "metaclass=_documented.DocumentedEnumType" in source
    init = render_package_init([ModuleSpec("aspose_x", "Aspose.X", (SPEC,))])
    assert (
        init
        == HEADER
        + '"Generated enums, one module per .NET namespace; import them from their modules.\\n\\nGenerated from colors/en.md."\n'
    )


def test_a_module_without_aliases_has_no_type_checking_block() -> None:
    spec = SPEC._replace(members=(Member("Red", "Red", 1, ("red",)),))
    assert "TYPE_CHECKING" not in render_module(ModuleSpec("aspose_x", "Aspose.X", (spec,)))


def test_the_runtime_adds_every_alias_keywords_too() -> None:
    namespace: dict[str, object] = {}
    exec(
        render_module(ModuleSpec("aspose_x", "Aspose.X", (SPEC,))), namespace
    )  # generated from our own model
    colors: Any = namespace["Colors"]
    assert list(colors.__members__) == ["NONE", "DEFAULT", "RED", "None", "Default", "Red"]
    assert colors["None"] is colors.NONE and getattr(colors, "None") is colors.NONE
    assert colors.Default is colors.NONE and colors.Red is colors.RED
    assert list(colors) == [colors.NONE, colors.RED]


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', "'say \"hi\"'"),
        ("it's", '"it\'s"'),
        ("a\nb", '"a\\nb"'),
        ("\u202e", '"\\u202e"'),
    ],
)
def test_string_literals(text: str, literal: str) -> None:
    assert py_str(text) == literal
    assert isinstance(py_str(text), PySource)


def test_filters_refuse_what_they_cannot_make_safe() -> None:
    with pytest.raises(ValueError, match="not a usable Python identifier"):
        py_name("import os")
    with pytest.raises(TypeError):
        py_int(True)
    with pytest.raises(TypeError):
        py_str(3)
    assert py_comment("a\nb\x1b") == "a\\nb\\x1b"


def test_an_alias_never_hides_what_the_class_already_has() -> None:
    members = (Member("NAME", "name", 1, ("one",)), Member("DESCRIPTION", "description", 2, ("two",)))
    namespace: dict[str, object] = {}
    exec(render_module(ModuleSpec("aspose_x", "Aspose.X", (SPEC._replace(members=members),))), namespace)
    colors: Any = namespace["Colors"]
    assert colors["name"] is colors.NAME and colors["description"] is colors.DESCRIPTION
    assert colors.NAME.name == "NAME" and colors.DESCRIPTION.description == "two"
