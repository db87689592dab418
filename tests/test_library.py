"""The committed library against the pages in docs_source/, read independently of the generator."""

from __future__ import annotations

import enum
import subprocess
import sys

import pytest

import smtpstatus
from smtpstatus import SmtpStatusCode
from tests.helpers import DOCS_SOURCE, REPO
from tests.reference_reader import read_reference

PAGES = sorted(path for path in DOCS_SOURCE.rglob("*.md") if path.name != "python.md")
LANGUAGES = {read_reference(path).language: read_reference(path) for path in PAGES}


def test_docs_source_holds_the_four_languages_and_the_python_page() -> None:
    assert sorted(LANGUAGES) == ["de", "en", "ru", "zh"]
    python_page = DOCS_SOURCE / "smtpstatuscode" / "python.md"
    assert "url: /python-net/aspose.email.clients.smtp/smtpstatuscode/" in python_page.read_text(
        encoding="utf-8"
    )


def test_python_page_is_kept_byte_for_byte() -> None:
    shared = REPO.parent / "shared" / "docs" / "python" / "email-smtpstatuscode.python.md"
    assert shared.exists(), f"{shared} is missing: shared/ belongs beside this checkout, as in CI"
    assert (DOCS_SOURCE / "smtpstatuscode" / "python.md").read_bytes() == shared.read_bytes()


def test_german_page_is_kept_byte_for_byte() -> None:
    shared = REPO.parent / "shared" / "docs" / "smtpstatuscode" / "de.md"
    assert shared.exists(), f"{shared} is missing: shared/ belongs beside this checkout, as in CI"
    assert (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("language", ["de", "en", "ru", "zh"])
def test_every_row_is_a_member_with_its_description(language: str) -> None:
    page = LANGUAGES[language]
    assert len(page.rows) == 32
    for row in page.rows:
        member = SmtpStatusCode[row.name]
        assert member.value == row.value
        assert member.dotnet_name == row.name
        assert member.descriptions[language] == row.description


def test_member_count_and_range() -> None:
    assert issubclass(SmtpStatusCode, enum.IntEnum)
    assert len(SmtpStatusCode) == 32
    assert min(SmtpStatusCode) == -1
    assert max(SmtpStatusCode) == 554


def test_python_names_follow_aspose_for_python() -> None:
    assert SmtpStatusCode.NOT_DEFINED.value == 0
    assert SmtpStatusCode.GENERAL_FAILURE.value == -1
    assert SmtpStatusCode.BASE_64_RESPONSE.value == 334
    assert SmtpStatusCode.MAILBOX_UNAVAILABLE.value == 550
    assert SmtpStatusCode.SYNTAX_ERROR.value == 501
    assert SmtpStatusCode(550).name == "MAILBOX_UNAVAILABLE"


def test_dotnet_names_are_aliases() -> None:
    assert SmtpStatusCode["MailboxUnavailable"] is SmtpStatusCode.MAILBOX_UNAVAILABLE
    # mypy does not model enum aliases, so the attribute is read untyped here.
    assert vars(SmtpStatusCode)["MailboxUnavailable"] is SmtpStatusCode.MAILBOX_UNAVAILABLE
    assert SmtpStatusCode.MailboxUnavailable.value == 550
    assert SmtpStatusCode["SyntaxError"] is SmtpStatusCode.SYNTAX_ERROR
    assert [member.name for member in SmtpStatusCode][:2] == ["NOT_DEFINED", "GENERAL_FAILURE"]


def test_description_is_german_by_configuration() -> None:
    assert SmtpStatusCode.OK.description == "Angeforderte Maßnahme ergriffen und abgeschlossen."
    assert SmtpStatusCode.OK.description == SmtpStatusCode.OK.descriptions["de"]
    assert list(SmtpStatusCode.OK.descriptions) == ["de", "en", "ru", "zh"]


def test_descriptions_are_read_only() -> None:
    descriptions = SmtpStatusCode.OK.descriptions
    with pytest.raises(TypeError):
        descriptions["en"] = "changed"  # type: ignore[index]


def test_typos_are_kept_as_documented() -> None:
    # The English page writes "Сommand" with a Cyrillic Es, and "is to weak".
    assert SmtpStatusCode.COMMAND_NOT_PERMITTED.descriptions["en"].startswith("\u0421ommand")
    assert (
        SmtpStatusCode.AuthenticationMechanismIsToWeak.descriptions["en"]
        == "Authentication mechanism is to weak"
    )


def test_class_docstring_is_the_summary() -> None:
    assert SmtpStatusCode.__doc__ == LANGUAGES["de"].summary_first_line == "SMTP-Statuscodes"
    assert SmtpStatusCode.__aspose__.summary("en") == "Smtp status codes"


def test_str_is_the_number_on_every_python() -> None:
    assert str(SmtpStatusCode.OK) == "250"
    assert f"{SmtpStatusCode.OK}" == "250"


def test_unknown_value_raises_like_every_enum() -> None:
    with pytest.raises(ValueError):
        SmtpStatusCode(999)


def test_import_pulls_in_no_codegen_or_heavy_modules() -> None:
    code = (
        "import sys, smtpstatus; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'jinja2', 'markdown_it', 'mdit_py_plugins', 'asyncio', 'email', 'codegen'}); "
        "print(bad)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_english_description_one_liner() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import smtpstatus; print(smtpstatus.SmtpStatusCode(550).descriptions['en'])"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert result.stdout == "It usually defines a non-existent email address on the remote side.\n"
    assert smtpstatus.SmtpStatusCode(550).descriptions["en"] == result.stdout.strip()


class _BrokenInt(int):
    """An int subclass whose conversion raises."""

    def __int__(self) -> int:
        raise RuntimeError("no int")

    def __index__(self) -> int:
        raise RuntimeError("no index")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (550, SmtpStatusCode.MAILBOX_UNAVAILABLE),
        (-1, SmtpStatusCode.GENERAL_FAILURE),
        (SmtpStatusCode.OK, SmtpStatusCode.OK),
        (555, None),
        (2**100, None),
        ("550", None),
        (550.0, None),
        (True, None),
        (False, None),
        (None, None),
        ([550], None),
        ({550: 1}, None),
        (b"550", None),
        (_BrokenInt(550), None),
    ],
)
def test_lookup_never_raises(code: object, expected: SmtpStatusCode | None) -> None:
    assert smtpstatus.lookup(code) is expected
    assert SmtpStatusCode.lookup(code) is expected


def test_each_lazy_export_is_named_alike_for_every_reader() -> None:
    """``_LAZY`` (run time), the ``TYPE_CHECKING`` imports (type checkers) and ``__all__`` agree."""
    import ast
    import inspect

    import smtpstatus

    tree = ast.parse(inspect.getsource(smtpstatus))
    typed = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("smtpstatus.")
        for alias in node.names
    }
    typed -= {"SmtpStatusCode"}  # imported for real, not lazily
    lazy = set(smtpstatus._LAZY)  # pyright: ignore[reportPrivateUsage]
    assert lazy == typed
    assert set(smtpstatus.__all__) == lazy | {"SmtpStatusCode", "lookup"}
    for name in sorted(lazy):
        assert getattr(smtpstatus, name) is not None


def test_version() -> None:
    import subprocess
    import sys

    import smtpstatus

    result = subprocess.run(
        [sys.executable, "-m", "smtpstatus", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"smtpstatus {smtpstatus.__version__}"
