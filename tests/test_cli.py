"""The ``smtpstatus`` command: plain words for people, JSON for scripts, exit 2 for unreadable input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from smtpstatus.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_code_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "550")
    assert code == 0
    assert out.splitlines()[0] == "550 MAILBOX_UNAVAILABLE (.NET: SmtpStatusCode.MailboxUnavailable)"
    assert "5xx permanent negative" in out
    assert "give up" in out
    assert "It usually defines a non-existent email address on the remote side." in out


def test_whole_reply_in_german(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "550 5.1.1 <x@example.com>: Recipient address rejected", "--lang", "de")
    assert code == 0
    assert "Es definiert normalerweise eine nicht vorhandene E-Mail-Adresse" in out
    assert "5.1.1 - addressing status: the recipient's mailbox does not exist" in out
    assert "server said: <x@example.com>: Recipient address rejected" in out


def test_unquoted_words_are_one_reply(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "451", "4.7.1", "Greylisting", "in", "action")
    assert code == 0
    assert "retry later" in out and "4.7.1" in out


def test_transient_advice(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "421")
    assert "retry later" in out


def test_unlisted_code_is_still_explained(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "555 5.5.2 Syntax error")
    assert code == 0
    assert "not listed in the Aspose.Email SmtpStatusCode docs" in out
    assert "give up" in out


def test_code_without_a_defined_category(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "590")
    assert code == 0
    assert "5xx permanent negative" in out
    assert "category" not in out


def test_aspose_only_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-1")
    assert code == 0
    assert "GENERAL_FAILURE" in out and "Aspose.Email itself" in out


def test_dotnet_name_and_enhanced_code_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "MailboxUnavailable")[1].startswith("550 MAILBOX_UNAVAILABLE")
    code, out, _ = run(capsys, "5.7.1")
    assert code == 0 and "not authorized" in out


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json", "--lang", "ru", "452 4.2.2 Mailbox full")
    assert code == 0
    report = json.loads(out)
    assert report["code"] == 452
    assert report["name"] == "INSUFFICIENT_STORAGE"
    assert report["action"] == "retry"
    assert report["reply_class"] == "transient_negative"
    assert report["enhanced"]["code"] == "4.2.2"
    assert report["enhanced"]["meaning"] == "the mailbox is full"
    assert report["lang"] == "ru" and report["description"].startswith("Команда была прервана")
    assert report["text"] == "Mailbox full"


def test_multi_line_reply_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 1000\r\n")
    )
    code, out, _ = run(capsys, "-")
    assert code == 0
    assert "250 OK" in out and "PIPELINING" in out


@pytest.mark.parametrize("text", ["hello", "999", "650 nope", "5.9.9.9", "", "250-unfinished"])
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run(capsys, text) if text else run(capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("smtpstatus: ")


@pytest.mark.parametrize("command", [["smtpstatus"], [sys.executable, "-m", "smtpstatus"]])
def test_installed_command_and_module(command: list[str]) -> None:
    if command == ["smtpstatus"]:
        command = [str(Path(sys.executable).with_name("smtpstatus"))]
    ok = subprocess.run([*command, "550"], capture_output=True, text=True, encoding="utf-8", check=False)
    assert ok.returncode == 0 and "MAILBOX_UNAVAILABLE" in ok.stdout
    bad = subprocess.run(
        [*command, "nonsense"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    help_text = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "examples:" in help_text and "--json" in help_text
