"""Config: settings from pyproject.toml, every error path with the file that is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.config import find_pyproject, load_settings, parse_mixin, sync_table
from codegen.errors import CodegenError
from tests.helpers import REPO, run_codegen


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_this_repository() -> None:
    settings = load_settings(REPO / "pyproject.toml")
    assert settings.docs == REPO / "docs_source"
    assert settings.out == REPO / "src" / "smtpstatus" / "_generated"
    assert settings.default_language == "de"
    assert settings.mixins == {
        "Aspose.Email.Clients.Smtp.SmtpStatusCode": "smtpstatus._reply_code:ReplyCodeMixin"
    }
    assert sync_table(REPO / "pyproject.toml")["languages"] == ["de", "en", "ru", "zh"]


def test_found_from_a_subdirectory() -> None:
    assert find_pyproject(REPO / "codegen" / "templates") == REPO / "pyproject.toml"


def test_a_pyproject_without_our_section_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "[project]\nname = 'x'\n")
    assert find_pyproject(tmp_path) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.smtpstatus-codegen]\nout = 'o'\n", "needs 'docs'"),
        ("[tool.smtpstatus-codegen]\ndocs = 'd'\n", "needs 'out'"),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\nmixins = 3\n",
            "maps enum names to 'module:Class'",
        ),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\n[tool.smtpstatus-codegen.mixins]\nX = 3\n",
            "maps enum names",
        ),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\n[tool.smtpstatus-codegen.mixins]\nX = 'os.system'\n",
            "not of the form package.module:Class",
        ),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\n[tool.smtpstatus-codegen.mixins]\nX = 'a;b:C'\n",
            "not of the form",
        ),
        ("[tool.smtpstatus-codegen\n", "cannot read settings"),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\npackage = 'p'\n",
            "unknown settings \\['package'\\]",
        ),
    ],
)
def test_bad_settings_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CodegenError, match=message) as caught:
        load_settings(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None  # path:line, as for pages


def test_mixin_references() -> None:
    assert parse_mixin("smtpstatus._reply_code:ReplyCodeMixin", "x").local_name == "_ReplyCodeMixin"
    for bad in ("ReplyCodeMixin", "a.b:", ":C", "a..b:C", "a.b:C.D", "import os:C", "a.b:class"):
        with pytest.raises(CodegenError, match="not of the form"):
            parse_mixin(bad, "--mixin")


def test_a_sync_table_must_be_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\nsync = 3\n")
    with pytest.raises(CodegenError, match="must be a table"):
        sync_table(path)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[tool.smtpstatus-codegen]\ndocs = 'd'\nout = {a = 1}\n", 3, "out must be a directory path"),
        ("[tool.smtpstatus-codegen]\ndocs = 5\nout = 'o'\n", 2, "docs must be a directory path"),
        ("[tool.smtpstatus-codegen]\ndocs = ''\nout = 'o'\n", 2, "docs must be a directory path"),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\ndefault-language = {x = 1}\n",
            4,
            "default-language must be a language code",
        ),
        (
            "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = 'o'\ndefault-language = '../x'\n",
            4,
            "default-language must be a language code",
        ),
        ("[tool]\nsmtpstatus-codegen = 5\n", 2, "must be a table"),
        ("tool = 5\n", 1, "[tool] must be a table"),
    ],
)
def test_settings_of_the_wrong_type_are_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    """Issue 18, class 5: a table where a path belongs once made a directory named ``{'a': 1}``."""
    path = write(tmp_path, text)
    with pytest.raises(CodegenError) as caught:
        load_settings(path)
    assert message in caught.value.message
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_a_pyproject_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(b"[tool.smtpstatus-codegen]\ndocs = 'd'\nout = '\xff'\n")
    with pytest.raises(CodegenError, match="not UTF-8") as caught:
        find_pyproject(tmp_path)
    assert caught.value.line == 3
    result = run_codegen("--check", cwd=tmp_path)
    assert (
        result.returncode == 2 and "pyproject.toml:3: " in result.stderr and "Traceback" not in result.stderr
    )


def test_wrong_settings_through_the_command_line_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "[tool.smtpstatus-codegen]\ndocs = 'd'\nout = {a = 1}\n")
    result = run_codegen(cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "pyproject.toml:3: out must be a directory path" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pyproject.toml"]
