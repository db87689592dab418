"""Config: settings from pyproject.toml, every error path with the file that is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.config import find_pyproject, load_settings, parse_mixin, sync_table
from codegen.errors import CodegenError
from tests.helpers import REPO


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
