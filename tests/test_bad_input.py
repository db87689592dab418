"""A catalogue of broken pages: each gives ``path:line: message``, exit 2, and changes nothing.

Every broken page is a real page (the German SmtpStatusCode page) with one fault put in. It is
read last, after good pages, to prove that a run is all or nothing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen.__main__ import main
from codegen.display import shown
from tests.helpers import DOCS_SOURCE, SAMPLES, run_codegen, snapshot

GOOD_PAGES = [
    SAMPLES / "en-dsnaction-none-keyword.md",
    SAMPLES / "en-socksversion-byte.md",
    SAMPLES / "en-encryptionprotocols-flags-hex.md",
]
PAGE = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")
LINES = PAGE.split("\n")


def line_of(needle: str) -> int:
    return next(number for number, line in enumerate(LINES, start=1) if needle in line)


def replace(old: str, new: str) -> Callable[[], bytes]:
    assert old in PAGE, old
    return lambda: PAGE.replace(old, new, 1).encode("utf-8")


def drop_lines(first: int, last: int) -> Callable[[], bytes]:
    return lambda: "\n".join(LINES[: first - 1] + LINES[last:]).encode("utf-8")


@dataclass(frozen=True)
class Fault:
    name: str
    page: Callable[[], bytes]
    line: int | None
    message: str


OK = line_of("| Ok |")
LAST = line_of("| TransactionFailed |")
HEADER = line_of("| Name | Wert |")
DECLARATION = line_of("public enum SmtpStatusCode")
FENCE = DECLARATION - 1
NAMESPACE = "namensraum\u00a0[Aspose.Email.Clients.Smtp](../../aspose.email.clients.smtp)"

FAULTS = [
    Fault("no table", drop_lines(HEADER - 2, LAST), FENCE + 3, "no values table after the declaration"),
    Fault(
        "table with 2 columns",
        replace("| Name | Wert | Beschreibung |\n| --- | --- | --- |", "| Name | Wert |\n| --- | --- |"),
        HEADER,
        "values table has 2 columns, expected 3",
    ),
    Fault(
        "table with 4 columns",
        replace(
            "| Name | Wert | Beschreibung |\n| --- | --- | --- |",
            "| Name | Wert | Beschreibung | X |\n| --- | --- | --- | --- |",
        ),
        HEADER,
        "values table has 4 columns, expected 3",
    ),
    Fault(
        "row with a missing cell",
        replace("| Ok | `250` | Angeforderte Maßnahme ergriffen und abgeschlossen. |", "| Ok | `250` |"),
        OK,
        "row has 2 cells, expected 3",
    ),
    Fault(
        "row with an extra cell",
        replace("| Ok | `250` |", "| Ok | `250` | x |"),
        OK,
        "row has 4 cells, expected 3",
    ),
    Fault("table without rows", drop_lines(HEADER + 2, LAST), HEADER, "values table has no rows"),
    Fault("value that is not a number", replace("`250`", "`abc`"), OK, "value 'abc' is not a decimal number"),
    Fault(
        "hexadecimal in a non-Flags enum",
        replace("`250`", "`FA`"),
        OK,
        "hexadecimal appears only in [Flags] enums",
    ),
    Fault("value above int", replace("`250`", "`2147483648`"), OK, "out of range for int"),
    Fault("value below int", replace("`250`", "`-2147483649`"), OK, "out of range for int"),
    Fault(
        "negative value in a byte enum",
        replace("public enum SmtpStatusCode", "public enum SmtpStatusCode : byte"),
        line_of("| GeneralFailure |"),
        "out of range for byte",
    ),
    Fault(
        "value above short",
        lambda: (
            PAGE.replace("public enum SmtpStatusCode", "public enum SmtpStatusCode : short")
            .replace("`250`", "`40000`")
            .encode()
        ),
        OK,
        "(40000) is out of range for short",
    ),
    Fault(
        "negative value in a Flags enum",
        replace("```csharp\n", "```csharp\n[Flags]\n"),
        line_of("| GeneralFailure |") + 1,
        "is not a hexadecimal number ([Flags] enum)",
    ),
    Fault(
        "Flags value wider than 64 bits",
        lambda: (
            PAGE.replace("```csharp\n", "```csharp\n[Flags]\n")
            .replace("| NotDefined | `0` |", "| NotDefined | `1FFFFFFFFFFFFFFFF` |")
            .encode()
        ),
        line_of("| NotDefined |") + 1,
        "does not fit in 64 bits",
    ),
    Fault("value without a code span", replace("`250`", "250"), OK, "must be one code span"),
    Fault("empty value", replace("`250`", ""), OK, "must be one code span"),
    Fault("two code spans", replace("`250`", "`250` `251`"), OK, "must be one code span"),
    Fault("empty name", replace("| Ok |", "|  |"), OK, "empty member name"),
    Fault(
        "name that is not an identifier",
        replace("| Ok |", "| Not-Ok |"),
        OK,
        "'Not-Ok' is not a C# identifier",
    ),
    Fault("non-ASCII name", replace("| Ok |", "| Größe |"), OK, "is not a C# identifier"),
    Fault("name with a space", replace("| Ok |", "| O k |"), OK, "is not a C# identifier"),
    Fault("duplicate name", replace("| TransactionFailed |", "| Ok |"), LAST, "duplicate member name: 'Ok'"),
    Fault(
        "names that collide in Python",
        replace("| TransactionFailed |", "| OK |"),
        LAST,
        "name collision: 'OK' and 'Ok'",
    ),
    Fault(
        "name that hides an int attribute",
        replace("| TransactionFailed |", "| real |"),
        LAST,
        "would hide int.real",
    ),
    Fault(
        "name enum reserves",
        replace("| TransactionFailed |", "| _Hidden |"),
        LAST,
        "cannot be a Python enum member",
    ),
    Fault("unclosed front matter", drop_lines(8, 8), 1, "front matter is not closed"),
    Fault("no front matter", drop_lines(1, 8), 1, "no front matter"),
    Fault(
        "no url",
        replace("url: /de/net/aspose.email.clients.smtp/smtpstatuscode/\n", ""),
        1,
        "front matter has no 'url'",
    ),
    Fault(
        "malformed url",
        replace("url: /de/net/", "url: /de/java/"),
        1,
        "is not of the form /[lang/]net/<namespace>/<enum>/",
    ),
    Fault(
        "url of another enum",
        replace("/smtpstatuscode/", "/smtpstatuscodes/"),
        DECLARATION - 1,
        "does not match the url",
    ),
    Fault(
        "truncated file",
        PAGE[: PAGE.index("| Ok | `25") + len("| Ok | `25")].encode,
        OK,
        "row has 2 cells",
    ),
    Fault(
        "invalid UTF-8",
        lambda: PAGE.encode().replace("Maßnahme".encode(), b"Ma\xdfnahme"),
        OK,
        "not valid UTF-8",
    ),
    Fault("empty file", lambda: b"", 1, "empty file"),
    Fault("whitespace only", lambda: b"\n \r\n\t\n", 1, "empty file"),
    Fault("binary file", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 3, "binary file"),
    Fault(
        "no csharp block",
        drop_lines(FENCE, FENCE + 2),
        line_of("## SmtpStatusCode") + 1,
        "no ```csharp declaration block after the heading",
    ),
    Fault(
        "unreadable declaration",
        replace("public enum SmtpStatusCode", "public enum"),
        DECLARATION,
        "cannot read the enum declaration",
    ),
    Fault(
        "underlying type that is not integral",
        replace("public enum SmtpStatusCode", "public enum SmtpStatusCode : string"),
        DECLARATION,
        "'string' is not an integral type",
    ),
    Fault(
        "no heading",
        replace("## SmtpStatusCode enumeration\n", ""),
        line_of("```csharp") - 1,
        "no heading before the ```csharp declaration",
    ),
    Fault(
        "no See Also namespace link",
        replace(NAMESPACE, "namensraum Aspose.Email.Clients.Smtp"),
        len(LINES),
        "no See Also link to the namespace",
    ),
]


def test_catalogue_is_large_and_distinct() -> None:
    assert len(FAULTS) >= 30
    assert len({fault.name for fault in FAULTS}) == len(FAULTS)
    assert len({fault.page() for fault in FAULTS}) == len(FAULTS)


@pytest.fixture
def good_tree(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in GOOD_PAGES:
        shutil.copy(page, docs / page.name)
    out = tmp_path / "out"
    assert main(["--docs", str(docs), "--out", str(out)]) == 0
    return docs, out


def run_bad(docs: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    before = snapshot(out)
    english = ["--default-language", "en"]  # English first, as a tree without settings has it
    assert main(["--docs", str(docs), "--out", str(out), *english]) == 2
    assert snapshot(out) == before, "a failed run changed the output directory"
    assert main(["--check", "--docs", str(docs), "--out", str(out), *english]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.splitlines()


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
def test_fault_is_reported_and_nothing_is_written(
    fault: Fault, good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = good_tree
    bad = docs / "zz-broken" / "smtpstatuscode.md"
    bad.parent.mkdir()
    bad.write_bytes(fault.page())
    errors = run_bad(docs, out, capsys)
    location = f"{shown(bad)}:{fault.line}: " if fault.line is not None else f"{shown(bad)}: "
    assert errors[0].startswith(location), errors
    assert fault.message in errors[0], errors
    assert len(errors) == 2  # one message per run, --check and write alike


def test_a_clean_run_after_a_bad_one_still_writes(
    good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = good_tree
    shutil.copy(DOCS_SOURCE / "smtpstatuscode" / "en.md", docs / "smtp.md")
    assert main(["--docs", str(docs), "--out", str(out)]) == 0
    assert (out / "aspose_email_clients_smtp.py").exists()


def test_two_pages_of_one_language(good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = good_tree
    shutil.copy(GOOD_PAGES[0], docs / "copy.md")
    errors = run_bad(docs, out, capsys)
    assert "second 'en' page of DSNAction" in errors[0]


def test_languages_that_disagree_on_a_value(
    good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = good_tree
    shutil.copy(DOCS_SOURCE / "smtpstatuscode" / "en.md", docs / "en.md")
    (docs / "de.md").write_text(PAGE.replace("| Ok | `250` |", "| Ok | `251` |"), encoding="utf-8")
    errors = run_bad(docs, out, capsys)
    assert re.search(r"de\.md:\d+: member 'Ok' is 251 here but 250 in .*en\.md:\d+", errors[0]), errors


def test_every_bad_page_of_a_run_is_reported(
    good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = good_tree
    (docs / "a.md").write_bytes(b"")
    (docs / "b.md").write_bytes(b"\x00")
    errors = run_bad(docs, out, capsys)
    assert [error.split(":")[0].rsplit("/", 1)[-1] for error in errors] == ["a.md", "b.md"] * 2


def test_no_traceback_from_the_command_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_bytes(PAGE.replace("`250`", "`FA`").encode())
    result = run_codegen("--docs", docs, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        r"\S+page\.md:\d+: Ok: value 'FA' is not a decimal number \(hexadecimal appears only in \[Flags\] enums\)\n",
        result.stderr,
    )
    assert not (tmp_path / "out").exists()


def test_missing_docs_directory(tmp_path: Path) -> None:
    result = run_codegen("--docs", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "docs directory does not exist" in result.stderr


def test_every_disagreement_of_every_enum_is_reported_at_once(
    good_tree: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = good_tree
    shutil.copy(DOCS_SOURCE / "smtpstatuscode" / "en.md", docs / "en.md")
    (docs / "de.md").write_text(
        PAGE.replace("| Ok | `250` |", "| Ok | `251` |").replace(
            "| MailboxBusy | `450` |", "| MailboxBusy | `451` |"
        ),
        encoding="utf-8",
    )
    shutil.copy(SAMPLES / "de-mathobjecttype-conflicts-with-en.md", docs / "math-de.md")
    shutil.copy(SAMPLES / "en-mathobjecttype-conflicts-with-de.md", docs / "math-en.md")
    errors = run_bad(docs, out, capsys)
    once = errors[: len(errors) // 2]
    assert any("member 'Ok' is 251 here but 250" in error for error in once), once
    assert any("member 'MailboxBusy' is 451 here but 450" in error for error in once), once
    assert any("math-" in error and "Superscript" in error for error in once), once
    assert errors[len(errors) // 2 :] == once  # --check reports the same
