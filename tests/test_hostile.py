"""Hostile docs, hostile files, hostile terminals: each class of fault, at its root.

Nothing from the docs runs; every written module imports; files keep their modes; hand-written
files survive; non-regular and unreadable input is an error; hidden markdown is never read; every
message has ``path:line:`` and reaches the terminal escaped.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from codegen.__main__ import main
from codegen.header import HEADER
from tests.helpers import DOCS_SOURCE, import_file, run_codegen, snapshot

PAGE = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")
OK_ROW = "| Ok | `250` | Angeforderte Maßnahme ergriffen und abgeschlossen. |"
MODULE = "aspose_email_clients_smtp.py"
PAYLOAD = "x+ACI-,open('PWNED','w'),+ACI-y"  # UTF-7 reads +ACI- as a quote


def write_page(docs: Path, relative: str, text: str = PAGE) -> Path:
    path = docs / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def generate(docs: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--docs", str(docs), "--out", str(out), *extra])
    return code, capsys.readouterr().err


# --- code from the docs never runs (PEP 263) --------------------------------------------------


@pytest.mark.parametrize(
    "directory",
    ["coding:utf-7", "coding=latin-1", "-*- coding: utf_7 -*-", "vim: fileencoding=cp1252", "# type: ignore"],
)
def test_a_path_cannot_choose_the_encoding(
    directory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, f"{directory}/_index.md", PAGE.replace("Angeforderte Maßnahme", PAYLOAD + " Maßnahme"))
    code, err = generate(docs, out, capsys)
    assert code == 0, err
    monkeypatch.chdir(tmp_path)
    for path in out.glob("*.py"):
        data = path.read_bytes()
        assert data.startswith(HEADER.encode())
        assert tokenize.detect_encoding(io.BytesIO(data).readline)[0] == "utf-8"
        assert directory.encode() not in b"".join(data.splitlines(keepends=True)[:2])
    module = import_file(out / MODULE)
    assert not (tmp_path / "PWNED").exists()
    assert module.SmtpStatusCode.OK.description.startswith(PAYLOAD + " Maßnahme")  # garbled by nothing


def test_verify_refuses_bytes_that_declare_another_encoding() -> None:
    from codegen.errors import CodegenError
    from codegen.verify import verify_module

    data = (HEADER.replace("Do not edit.", "coding: utf-7") + '"x"\n').encode()
    assert data.split(b"\n")[0].endswith(b"coding: utf-7")
    with pytest.raises(CodegenError, match="would read the generated code as utf-7"):
        verify_module(data, "out.py")
    with pytest.raises(CodegenError, match="fixed header"):
        verify_module(b"# a comment\n" + HEADER.encode(), "out.py")


# --- every written module imports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("| TransactionFailed |", "| vars |"),  # a member that shadows the builtin
        ("| TransactionFailed |", "| locals |"),
        ("| TransactionFailed |", "| print |"),
    ],
)
def test_members_named_like_builtins_import(
    old: str, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md", PAGE.replace(old, new).replace("| NotDefined |", "| None |"))
    code, err = generate(docs, out, capsys)
    assert code == 0, err
    cls = import_file(out / MODULE).SmtpStatusCode
    assert cls["None"] is cls.NONE
    assert int(cls[new.strip("| ")]) == 554


def test_an_enum_class_named_vars_imports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md", PAGE.replace("| NotDefined |", "| None |"))
    other = (
        PAGE.replace("SmtpStatusCode", "vars")
        .replace("smtpstatuscode", "vars")
        .replace("| NotDefined |", "| None |")
    )
    write_page(docs, "vars.md", other)
    code, err = generate(docs, out, capsys)
    assert code == 0, err
    module = import_file(out / MODULE)
    assert module.vars["None"] is module.vars.NONE
    assert module.SmtpStatusCode["None"] is module.SmtpStatusCode.NONE


def test_a_module_that_does_not_import_is_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    mixin = "--mixin=Aspose.Email.Clients.Smtp.SmtpStatusCode=no_such_module_here:Mixin"
    code, err = generate(docs, out, capsys, mixin)
    assert code == 2
    assert f"{MODULE}:" in err
    assert "generated module fails on import: ModuleNotFoundError" in err
    assert not out.exists()


# --- files: modes, hand-written files, non-regular files ---------------------------------------


def test_new_files_get_the_umask_mode_and_old_files_keep_theirs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    old_mask = os.umask(0o027)
    try:
        assert generate(docs, out, capsys)[0] == 0
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((out / MODULE).stat().st_mode) == 0o640
    (out / MODULE).chmod(0o644)
    (out / "__init__.py").chmod(0o600)
    write_page(docs, "de.md", PAGE.replace("Angeforderte Maßnahme", "Maßnahme"))
    assert generate(docs, out, capsys)[0] == 0
    assert "Maßnahme ergriffen" in (out / MODULE).read_text(encoding="utf-8")
    assert stat.S_IMODE((out / MODULE).stat().st_mode) == 0o644
    assert stat.S_IMODE((out / "__init__.py").stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["__init__.py", MODULE])
def test_a_hand_written_file_is_never_overwritten(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    out.mkdir()
    (out / name).write_text("# my own code\nVALUE = 1\n", encoding="utf-8")
    before = snapshot(out)
    for check in ([], ["--check"]):
        code, err = generate(docs, out, capsys, *check)
        assert code == 2
        assert f"{name}:1: is not a generated file" in err
        assert snapshot(out) == before


@pytest.mark.parametrize("damage", [b"\xef\xbb\xbf", b"crlf"])
def test_a_generated_file_with_a_bom_or_crlf_is_still_ours(
    damage: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    assert generate(docs, out, capsys)[0] == 0
    fresh = (out / MODULE).read_bytes()
    damaged = fresh.replace(b"\n", b"\r\n") if damage == b"crlf" else damage + fresh
    (out / MODULE).write_bytes(damaged)
    assert generate(docs, out, capsys, "--check")[0] == 1
    assert generate(docs, out, capsys)[0] == 0
    assert (out / MODULE).read_bytes() == fresh


def test_a_fifo_among_the_docs_is_refused_not_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_page(docs, "de.md")
    os.mkfifo(docs / "pipe.md")
    (docs / "zero.md").symlink_to("/dev/zero")
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--docs", str(docs), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 2
    assert "pipe.md: is a FIFO, not a regular file" in result.stderr
    assert "zero.md: is a character device, not a regular file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_fifo_in_the_output_directory_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    out.mkdir()
    os.mkfifo(out / "other.py")
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert "other.py: is a FIFO, not a regular file" in err


def test_an_unreadable_directory_is_an_error_not_a_gap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    write_page(docs, "locked/en.md", (DOCS_SOURCE / "smtpstatuscode" / "en.md").read_text(encoding="utf-8"))
    real_scandir = os.scandir

    def scandir(path: os.PathLike[str] | str) -> object:  # as a non-root user meets chmod 000
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert "locked: cannot read directory: Permission denied" in err
    assert not out.exists()


def test_an_unreadable_page_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    (docs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert "gone.md: cannot read: No such file or directory" in err


def test_a_directory_link_loop_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    (docs / "loop").symlink_to(docs)
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert "directory link loop" in err


# --- what a reader sees is what we generate ----------------------------------------------------


def test_a_table_in_an_html_comment_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    hidden = "<!--\n| Name | Wert | Beschreibung |\n| --- | --- | --- |\n| Evil | `666` | hidden |\n-->\n\n"
    write_page(docs, "de.md", PAGE.replace("### Werte\n\n", "### Werte\n\n" + hidden))
    assert generate(docs, out, capsys)[0] == 0
    cls = import_file(out / MODULE).SmtpStatusCode
    assert "Evil" not in cls.__members__
    assert len(cls.__aspose__.members) == 32


def test_two_values_tables_are_an_error_naming_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    lines = PAGE.split("\n")
    first = next(number for number, line in enumerate(lines, 1) if line.startswith("| Name | Wert"))
    second_table = (
        "\n## Remarks\n\n| Name | Wert | Beschreibung |\n| --- | --- | --- |\n| Evil | `666` | x |\n"
    )
    page = PAGE.rstrip("\n") + "\n" + second_table
    path = write_page(docs, "de.md", page)
    second = page.split("\n").index("| Name | Wert | Beschreibung |", first) + 1
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert f"{path}:{second}: a second values table" in err
    assert f"the first is at line {first}" in err


# --- messages: located, escaped ----------------------------------------------------------------


def test_a_value_too_long_for_int_is_reported_at_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    path = write_page(docs, "de.md", PAGE.replace("`250`", "`" + "9" * 5000 + "`"))
    row = PAGE.split("\n").index(OK_ROW) + 1
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert err.startswith(f"{path}:{row}: Ok: value '99999")
    assert "settings" not in err


def test_deep_nesting_is_reported_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    body_start = PAGE.index("## SmtpStatusCode")
    page = PAGE[:body_start] + "> " * 30 + "deep\n\n" + PAGE[body_start:]
    path = write_page(docs, "de.md", page)
    code, err = generate(docs, out, capsys)
    assert code == 2
    assert f"{path}:" in err
    assert "markdown-it stops reading the page" in err


def test_a_namespace_that_makes_no_module_name_has_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    page = PAGE.replace("aspose.email.clients.smtp", "aspose.email.clients-smtp").replace(
        "[Aspose.Email.Clients.Smtp]", "[Aspose.Email.Clients-Smtp]"
    )
    path = write_page(docs, "de.md", page)
    code, err = generate(docs, out, capsys)
    assert code == 2
    link = next(
        number for number, line in enumerate(page.split("\n"), 1) if "[Aspose.Email.Clients-Smtp]" in line
    )
    assert err.startswith(f"{path}:{link}: namespace 'Aspose.Email.Clients-Smtp'")


ESCAPES = "\x1b]0;owned\x07\x1b[2J\u202e"
CONTROLS = set("\x1b\x07\u202e")


def test_docs_text_reaches_the_terminal_escaped(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_page(docs, "de.md")
    class_page = PAGE.replace("public enum SmtpStatusCode", f"public class Smtp{ESCAPES}Code")
    write_page(docs, "class.md", class_page)
    write_page(docs, f"bad{ESCAPES}/page.md", "no front matter")
    result = run_codegen("--docs", docs, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert not CONTROLS & set(result.stderr + result.stdout)
    assert "\\x1b]0;owned\\x07" in result.stderr
    assert "\\u202e" in result.stderr
    os.remove(docs / f"bad{ESCAPES}" / "page.md")
    result = run_codegen("--docs", docs, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "note: " in result.stderr
    assert "declares: public class Smtp\\x1b]0;owned\\x07\\x1b[2J\\u202eCode" in result.stderr


def test_a_tampered_file_is_shown_escaped_in_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, out = tmp_path / "docs", tmp_path / "out"
    write_page(docs, "de.md")
    assert generate(docs, out, capsys)[0] == 0
    with (out / MODULE).open("a", encoding="utf-8") as handle:
        handle.write(f"# {ESCAPES}\n")
    assert main(["--check", "--docs", str(docs), "--out", str(out)]) == 1
    shown = capsys.readouterr().out
    assert "\\x1b]0;owned" in shown
    assert not CONTROLS & set(shown)
