"""Parse: one page's tokens to a ``Page``; facts of CommonMark that must stay as they are."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.errors import CodegenError, NotAnEnumPage
from codegen.model import Page
from codegen.parse import _usual_table, normalize_newlines  # pyright: ignore[reportPrivateUsage]
from codegen.parse import parse_page as parse_any_page
from tests.helpers import DATA, DOCS_SOURCE

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


# --- the values table read from the lines (the shortcut) is what markdown-it would read ---------

REAL_PAGES = sorted([*DOCS_SOURCE.rglob("*.md"), *DATA.rglob("*.md")])
SNIPPETS = (
    "",
    "<!--",
    "-->",
    "```",
    "<div>",
    "- item",
    "> quote",
    "    code",
    "[ref]: /url",
    "| a | `1` | c |",
    "|---|---|---|",
    "| Name | Value | Description |",
    "foo",
    "<pre>",
    "  | a | `2` | d |",
    "| `1` | [ref] | &amp; \\| x |",
)


def _outcome(text: str, *, shortcut: bool) -> object:
    try:
        return parse_any_page(text, "p.md", "p.md", shortcut=shortcut)
    except (CodegenError, NotAnEnumPage) as error:
        return (type(error).__name__, str(error))


def test_every_real_page_reads_the_same_with_and_without_the_shortcut() -> None:
    taken = 0
    for path in REAL_PAGES:
        text = path.read_text(encoding="utf-8")
        taken += _usual_table(normalize_newlines(text).split("\n")) is not None
        assert _outcome(text, shortcut=True) == _outcome(text, shortcut=False), path
    assert len(REAL_PAGES) > 70 and taken > len(REAL_PAGES) // 2, taken  # taken on most real pages


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(REAL_PAGES),
    st.lists(st.tuples(st.integers(-6, 6), st.sampled_from(SNIPPETS), st.booleans()), min_size=1, max_size=3),
)
def test_any_change_near_the_table_reads_the_same_with_and_without_the_shortcut(
    path: Path, changes: list[tuple[int, str, bool]]
) -> None:
    lines = normalize_newlines(path.read_text(encoding="utf-8")).split("\n")
    span = _usual_table(lines) or (len(lines) // 2, len(lines) // 2)
    for offset, snippet, replace in changes:
        position = min(max(0, (span[0] if offset < 0 else span[1]) + offset), len(lines) - 1)
        if replace:
            lines[position] = snippet
        else:
            lines.insert(position, snippet)
    text = "\n".join(lines)
    assert _outcome(text, shortcut=True) == _outcome(text, shortcut=False)
