"""Parse: one page's tokens to a ``Page``; facts of CommonMark that must stay as they are."""

from __future__ import annotations

from codegen.model import Page
from codegen.parse import parse_page as parse_any_page
from tests.helpers import DOCS_SOURCE

PAGE = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")


def parse_page(text: str, shown_path: str, source: str) -> Page:
    page = parse_any_page(text, shown_path, source)
    assert isinstance(page, Page)
    return page


def test_the_python_page() -> None:
    from codegen.model import PythonPage

    text = (DOCS_SOURCE / "smtpstatuscode" / "python.md").read_text(encoding="utf-8")
    page = parse_any_page(text, "python.md", "python.md")
    assert isinstance(page, PythonPage)
    assert (page.namespace_lower, page.name, len(page.rows)) == (
        "aspose.email.clients.smtp",
        "SmtpStatusCode",
        32,
    )
    assert page.rows[0].python_name == "NOT_DEFINED"


def test_the_seed_page() -> None:
    page = parse_page(PAGE, "de.md", "de.md")
    assert (page.language, page.namespace, page.name) == ("de", "Aspose.Email.Clients.Smtp", "SmtpStatusCode")
    assert page.summary == "SMTP-Statuscodes"
    assert len(page.rows) == 32


def test_a_link_reference_definition_is_no_summary() -> None:
    """``[MS-OXCDATA]: Datenstrukturen`` defines a link reference: CommonMark renders nothing for
    it, so the summary is empty for every reader. This is right; do not "fix" it."""
    page = parse_page(
        PAGE.replace("\nSMTP-Statuscodes\n", "\n[MS-OXCDATA]: Datenstrukturen\n"), "de.md", "de.md"
    )
    assert page.summary == ""
    assert len(page.rows) == 32


def test_a_table_hidden_in_a_comment_is_not_the_values_table() -> None:
    hidden = "<!--\n| Name | Wert | Beschreibung |\n| --- | --- | --- |\n| Evil | `1` | x |\n-->\n\n"
    page = parse_page(PAGE.replace("### Werte\n\n", "### Werte\n\n" + hidden), "de.md", "de.md")
    assert [row.dotnet_name for row in page.rows][:2] == ["NotDefined", "GeneralFailure"]
