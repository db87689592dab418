"""Property tests: page text is data. Random names and descriptions never become code.

At the render step any string at all (quotes, backslashes, NUL, lone surrogates, bidi controls,
template syntax, 10,000-character cells) must come back exactly; through a whole page, text must
come back as markdown renders it, and a bad name must be a clear error.
"""

from __future__ import annotations

import ast
import contextlib
import io
import keyword
import tempfile
import tokenize
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.__main__ import main
from codegen.header import HEADER
from codegen.literals import py_name, py_str
from codegen.model import EnumSpec, Member, ModuleSpec
from codegen.names import python_name
from codegen.render import render_module
from codegen.verify import verify_module
from tests.helpers import DOCS_SOURCE, import_file

BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
NASTY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\\\\\",
    '"""; import os; os.system("echo pwned")  #',
    "'; __import__('os').system('x'); '",
    "{{ 7 * 7 }}",
    "{% for x in y %}{% endfor %}",
    "{# comment #}",
    "\x00",
    "\n",
    "\r\n",
    "\u2028\u2029\x85",
    "\ud800",
    "\udfff",
    "\u202e evil \u202c",
    "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
    "\u200b\ufeff\ufffd",
    "\\N{BULLET}",
    "\\x00",
    "#",
    "\t",
]
any_character: st.SearchStrategy[str] = st.characters(exclude_categories=[])  # surrogates included


def _ten_thousand(char: str) -> str:
    return char * 10_000


descriptions: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(NASTY),
    st.text(any_character, max_size=60),
    st.lists(st.sampled_from(NASTY), max_size=8).map("".join),
    st.builds(_ten_thousand, any_character),
)
PEP263_TRAPS = [
    "coding:utf-7",
    "coding=latin-1",
    "-*- coding: utf_7 -*-",
    "vim: set fileencoding=cp1252 :",
    "x+ACI-,__import__('os').system('id'),+ACI-y",
    "# type: ignore",
    "\n# coding: utf-7\n",
]
source_names = st.one_of(
    st.sampled_from(PEP263_TRAPS).map(lambda trap: f"{trap}/_index.md"),
    st.text(any_character, min_size=1, max_size=40),
)
dotnet_names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,15}", fullmatch=True)


@st.composite
def enum_specs(draw: st.DrawFn) -> EnumSpec:
    names = draw(st.lists(dotnet_names, min_size=1, max_size=6, unique_by=python_name))
    values = draw(st.lists(st.integers(-(2**31), 2**31 - 1), min_size=len(names), max_size=len(names)))
    members = tuple(
        Member(python_name(name), name, value, (draw(descriptions), draw(descriptions)))
        for name, value in zip(names, values)
    )
    return EnumSpec(
        name="Fuzzed",
        namespace="Aspose.Fuzz",
        flags=draw(st.booleans()),
        underlying="int",
        languages=("en", "de"),
        default_language="en",
        summaries=(draw(descriptions), draw(descriptions)),
        members=members,
        sources=tuple(draw(st.lists(source_names, min_size=1, max_size=3))),
        mixin=None,
    )


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(enum_specs())
def test_any_text_renders_to_a_module_that_gives_it_back(spec: EnumSpec) -> None:
    """Any summary, description and source path round-trips exactly through the written bytes."""
    source = render_module(ModuleSpec(module_name="aspose_fuzz", namespace=spec.namespace, enums=(spec,)))
    data = source.encode("utf-8")  # lone surrogates are escaped, so this cannot fail
    verify_module(data, "aspose_fuzz.py")
    assert not BIDI_CONTROLS & set(source)
    assert not any(unicodedata.category(char) in ("Cs", "Cc") for char in source if char != "\n")
    assert tokenize.detect_encoding(io.BytesIO(data).readline)[0] == "utf-8"
    assert data.split(b"\n")[:2] == [line.encode() for line in HEADER.splitlines()]
    tree = ast.parse(data)
    typed_alias = any(  # an alias type checkers are told of, under ``TYPE_CHECKING = False``
        member.dotnet_name != member.python_name
        and member.dotnet_name.isascii()
        and member.dotnet_name.isidentifier()
        and not keyword.iskeyword(member.dotnet_name)
        for member in spec.members
    )
    assert [type(node).__name__ for node in tree.body] == [
        "Expr",
        "Import",
        "ImportFrom",
        "Assign",
        *(["Assign"] if typed_alias else []),
        "ClassDef",
    ]
    assert ast.get_docstring(tree) is not None
    assert all(source_name in ast.get_docstring(tree, clean=False) for source_name in spec.sources)  # type: ignore[operator]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "aspose_fuzz.py"
        path.write_bytes(data)
        module = import_file(path)
    cls = module.Fuzzed
    assert dict(cls.__aspose__.summaries) == dict(zip(spec.languages, spec.summaries))
    first_with_value: dict[int, Member] = {}
    for member in spec.members:
        first_with_value.setdefault(member.value, member)
    for member in spec.members:
        generated = cls[member.dotnet_name]
        assert int(generated) == member.value
        assert cls[member.python_name] is generated
        owner = first_with_value[member.value]
        assert generated.dotnet_name == owner.dotnet_name
        assert dict(generated.descriptions) == {"en": owner.descriptions[0], "de": owner.descriptions[1]}
        assert dict(cls.__aspose__.members[member.python_name].descriptions) == dict(
            zip(spec.languages, member.descriptions)
        )


@settings(max_examples=500, deadline=None)
@given(st.text(any_character))
def test_string_literals_are_exact(text: str) -> None:
    literal = py_str(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and not BIDI_CONTROLS & set(literal)


@settings(max_examples=500, deadline=None)
@given(st.text(any_character, max_size=20))
def test_names_are_identifiers_or_rejected(name: str) -> None:
    try:
        checked = py_name(name)
    except ValueError:
        return
    tree = ast.parse(f"{checked} = 1")
    assert isinstance(tree.body[0], ast.Assign)
    target = tree.body[0].targets[0]
    assert isinstance(target, ast.Name)
    assert target.id == name


PAGE = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")
OK_ROW = "| Ok | `250` | Angeforderte Maßnahme ergriffen und abgeschlossen. |"
# Text that CommonMark keeps as it is inside a table cell: no markup, escapes, entities or pipes.
literal_text = st.text(
    st.one_of(
        st.characters(
            categories=["Lu", "Ll", "Lo", "Nd", "Sm", "Sc", "So"], exclude_characters="|\\`*_[]<>&!~^"
        ),
        st.sampled_from(list(" \"'{}%;()=,.:/?#$+-")),
    ),
    max_size=80,
)


def run_page(page: str) -> tuple[int, str, Path]:
    directory = Path(tempfile.mkdtemp())
    (directory / "docs").mkdir()
    (directory / "docs" / "de.md").write_text(page, encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--docs", str(directory / "docs"), "--out", str(directory / "out")])
    return code, stderr.getvalue(), directory / "out"


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(literal_text)
def test_descriptions_pass_through_a_whole_page(description: str) -> None:
    code, errors, out = run_page(PAGE.replace(OK_ROW, f"| Ok | `250` | {description} |"))
    assert code == 0, errors
    module = import_file(out / "aspose_email_clients_smtp.py")
    assert module.SmtpStatusCode["Ok"].description == description.strip(" ")


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20).filter(
        lambda text: "\x00" not in text
    )
)
def test_any_name_cell_gives_a_member_or_a_located_error(name: str) -> None:
    code, errors, out = run_page(PAGE.replace("| Ok |", f"| {name} |"))
    if code == 0:
        module = import_file(out / "aspose_email_clients_smtp.py")
        assert module.SmtpStatusCode[name.strip()].value == 250
    else:
        assert code == 2
        first = errors.splitlines()[0]
        assert "de.md:" in first and "Traceback" not in errors
