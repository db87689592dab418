"""Merge: languages of one enum into one spec, Python names, and what must agree."""

from __future__ import annotations

import pytest

from codegen.errors import CodegenError, CodegenErrors
from codegen.merge import build_modules, choose_default_language, merge_enum
from codegen.model import Page, PythonPage, PythonRow, Row


def page(language: str, rows: list[tuple[str, int, str]], **changes: object) -> Page:
    fields: dict[str, object] = {
        "path": f"{language}.md",
        "source": f"{language}.md",
        "language": language,
        "url": "/net/aspose.email.x/colors/",
        "namespace": "Aspose.Email.X",
        "name": "Colors",
        "flags": False,
        "underlying": "int",
        "summary": f"Colors ({language})",
        "declaration_line": 10,
        "rows": tuple(Row(name, value, text, 20 + index) for index, (name, value, text) in enumerate(rows)),
    }
    fields.update(changes)
    return Page(**fields)  # type: ignore[arg-type]


EN = page("en", [("Red", 1, "red"), ("DarkBlue", 2, "dark blue")])
DE = page("de", [("Red", 1, "rot"), ("DarkBlue", 2, "dunkelblau")])


def test_languages_merge_with_the_default_first() -> None:
    spec, notes, _ = merge_enum([EN, DE], default_language="de", mixins={})
    assert spec.languages == ("de", "en")
    assert spec.summaries == ("Colors (de)", "Colors (en)")
    assert [(member.python_name, member.dotnet_name, member.descriptions) for member in spec.members] == [
        ("RED", "Red", ("rot", "red")),
        ("DARK_BLUE", "DarkBlue", ("dunkelblau", "dark blue")),
    ]
    assert notes == []


def test_default_language_falls_back_to_english_then_the_first_code() -> None:
    assert choose_default_language(["fr", "en"], "de") == "en"
    assert choose_default_language(["fr", "ar"], "de") == "ar"


def test_every_disagreement_is_reported() -> None:
    other = page("de", [("Red", 3, "rot"), ("Blue", 2, "blau")], underlying="long")
    with pytest.raises(CodegenErrors) as caught:
        merge_enum([EN, other], default_language="en", mixins={})
    messages = [error.message for error in caught.value.errors]
    assert messages[0] == "underlying is 'long' here but 'int' in en.md"
    assert "member 'Red' is 3 here but 1 in en.md:20" in messages
    assert "member 'Blue' = 2 is not in en.md (which has 'DarkBlue' = 2 at line 21)" in messages
    assert "member 'DarkBlue' = 2 is not in de.md (which has 'Blue' = 2 at line 21)" in messages


def test_two_pages_of_one_language() -> None:
    with pytest.raises(CodegenError, match="second 'en' page of Colors"):
        merge_enum([EN, EN._replace(path="en2.md")], default_language="en", mixins={})


def test_names_from_a_python_page_and_a_note_for_a_newer_member() -> None:
    python = PythonPage("py.md", "py.md", "aspose.email.x", "Colors", 5, (PythonRow("RED_COLOR", 9),))
    _, notes, _ = merge_enum([EN], python, default_language="en", mixins={})
    # The .NET page gives the values: a Python member without one is left out, with a note
    # (BarCode's BYTES), no longer an error.
    assert notes[0] == "py.md:9: Python member 'RED_COLOR' has no .NET member in en.md; left out"
    python = python._replace(rows=(PythonRow("RED", 9),))
    spec, notes, _ = merge_enum([EN], python, default_language="en", mixins={})
    assert [member.python_name for member in spec.members] == ["RED", "DARK_BLUE"]
    assert notes == ["py.md: Colors.DarkBlue is not on the Python page yet; using the rule's name DARK_BLUE"]
    assert "py.md" in spec.sources


def test_modules_group_enums_by_namespace() -> None:
    other = page(
        "en", [("A", 1, "")], name="Shapes", url="/net/aspose.email.x/shapes/", path="s.md", source="s.md"
    )
    merged = build_modules([EN, other], default_language="en", mixins={"Aspose.Email.X.Colors": "m:Mixin"})
    [module] = merged.modules
    assert module.module_name == "aspose_email_x"
    assert [spec.name for spec in module.enums] == ["Colors", "Shapes"]
    assert module.enums[0].mixin == "m:Mixin" and module.enums[1].mixin is None
