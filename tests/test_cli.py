"""The ``smtpstatus`` command: plain words for people, JSON for scripts, exit 2 for unreadable input."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
    assert "what to do:  fix and resend" in out  # a bare code names no reason: no "stop mailing"
    assert "reason:" not in out
    assert "docs [de]:   Es definiert normalerweise" in out  # the library's default language
    code, out, _ = run(capsys, "550", "--lang", "en")
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
    assert "reason:      syntaxerror" in out
    assert "fix and resend" in out


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
    assert report["action"] == "retry later"
    assert report["reason"] == "mailboxfull"
    assert report["hard_bounce"] is False
    assert report["reply_class"] == "transient_negative"
    assert report["enhanced"]["code"] == "4.2.2"
    assert (
        report["enhanced"]["meaning"]
        == "the mailbox is full (for now: the same message may be accepted later)"
    )
    assert report["lang"] == "ru" and report["description"].startswith("Команда была прервана")
    assert report["text"] == "Mailbox full"


@pytest.mark.parametrize(
    ("text", "reason", "action"),
    [
        ("smtp; 550 5.1.1 <x@example.com>... User unknown", "userunknown", "stop mailing the address"),
        (
            "host mx.example.net[192.0.2.1] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)",
            "mailboxfull",
            "retry later",
        ),
        ("451 4.7.1 Greylisting in action, please come back later", "greylisted", "retry later"),
        (
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
            "blocked",
            "fix and resend",
        ),
        ("Sorry, no mailbox here by that name. (#5.1.1)", "userunknown", "stop mailing the address"),
    ],
)
def test_free_text_is_diagnosed(
    capsys: pytest.CaptureFixture[str], text: str, reason: str, action: str
) -> None:
    code, out, _ = run(capsys, "--json", text)
    assert code == 0
    report = json.loads(out)
    assert (report["reason"], report["action"]) == (reason, action)


def test_a_bounce_message_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    message = tmp_path / "bounce.eml"
    message.write_bytes(
        b"From: MAILER-DAEMON@mx.example.org\r\nTo: sender@example.org\r\nSubject: failure notice\r\n\r\n"
        b"I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\r\n"
        b"<nobody@example.net>:\r\nRemote host said: 550 5.1.1 <nobody@example.net>: User unknown\r\n"
    )
    code, out, _ = run(capsys, str(message))
    assert code == 0
    assert (
        out.splitlines()[0]
        == "nobody@example.net: userunknown - The mailbox does not exist at the destination."
    )
    assert "hard bounce: yes" in out and "stop mailing the address" in out
    code, out, _ = run(capsys, "--json", str(message))
    assert json.loads(out)["recipients"][0]["reply_code"] == 550


def test_a_message_that_is_not_a_bounce(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    message = tmp_path / "hello.eml"
    message.write_bytes(
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hello\r\n\r\nSee you at 550 Main St.\r\n"
    )
    code, _, err = run(capsys, str(message))
    assert code == 2
    assert "not a bounce" in err


def test_multi_line_reply_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("250-mx.example.com\r\n250-PIPELINING\r\n250 SIZE 1000\r\n")
    )
    code, out, _ = run(capsys, "-")
    assert code == 0
    assert "250 OK" in out and "PIPELINING" in out


@pytest.mark.parametrize("text", ["hello", "999", "650 nope", "5.9.9.9", "", "port 25 is closed"])
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, err = run(capsys, text) if text else run(capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("smtpstatus: ")


def test_words_that_name_a_cause_without_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    text = "connect to mx.example.com[192.0.2.1]:25: Connection timed out"
    code, out, _ = run(capsys, text)
    assert code == 0
    assert out.splitlines()[0].startswith("networkerror - ") and "retry later" in out
    code, out, _ = run(capsys, "--json", text)
    report = json.loads(out)
    assert (report["kind"], report["code"], report["enhanced"], report["reason"]) == (
        "text",
        None,
        None,
        "networkerror",
    )


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


# --- hostile input, closed streams, signals: a one-line message and a documented status --------


def command(*args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "smtpstatus", *args]


def cli(*args: str | bytes, **options: Any) -> subprocess.CompletedProcess[bytes]:
    options.setdefault("stdin", subprocess.DEVNULL)
    options.setdefault("stdout", subprocess.PIPE)
    run_any: Any = subprocess.run  # its overloads cannot see through **options
    result: subprocess.CompletedProcess[bytes] = run_any(
        command(*args), stderr=subprocess.PIPE, check=False, timeout=60, **options
    )
    return result


def assert_one_line(result: subprocess.CompletedProcess[bytes], status: int, message: str) -> None:
    assert result.returncode == status, result.stderr
    assert b"Traceback" not in result.stderr
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--", "---5"], "'---5' does not start with a reply code"),
        (["1" * 5000], "does not start with a reply code"),
        (["--", "-" * 5000], "does not start with a reply code"),
        (["99999999999"], "does not start with a reply code"),
        (["5.1.1.1"], "no SMTP reply or status code found"),
    ],
)
def test_odd_arguments(args: list[str], message: str) -> None:
    assert_one_line(cli(*args), 2, message)


def test_undecodable_bytes_in_argv_are_shown_escaped() -> None:
    result = cli(b"\xff\x1b[31m nonsense")
    assert_one_line(result, 2, "\\udcff\\x1b[31m nonsense")
    assert b"\x1b" not in result.stderr
    found = cli(b"\xff\x1b[31m 550 5.1.1 \x1b]0;x\x07 unknown")
    assert found.returncode == 0
    assert b"\x1b" not in found.stdout
    assert b"\\x1b]0;x\\x07" in found.stdout


def test_closed_stdin() -> None:
    assert_one_line(
        cli("-", stdin=None, pass_fds=(), close_fds=True, preexec_fn=lambda: os.close(0)),
        2,
        "standard input is closed",
    )


def test_endless_stdin_is_refused_not_read_forever() -> None:
    with open("/dev/zero", "rb") as zero:
        assert_one_line(cli("-", stdin=zero), 2, "standard input is larger than")  # 64 MiB read, then refused


def test_undecodable_stdin() -> None:
    result = cli("-", input=b"550 5.1.1 \xff\xfe user unknown\r\n", stdin=None)
    assert result.returncode == 0
    assert "server said: \ufffd\ufffd user unknown" in result.stdout.decode()


def test_server_text_never_reaches_the_terminal_raw() -> None:
    hostile = b"550 5.1.1 \x1b]0;owned\x07\x1b[2J\xe2\x80\xae done\r\n"
    for extra in ([], ["--json"]):
        result = cli("-", *extra, input=hostile, stdin=None)
        assert result.returncode == 0
        for raw in (b"\x1b", b"\x07", "\u202e".encode()):
            assert raw not in result.stdout
    assert json.loads(result.stdout)["text"] == "\x1b]0;owned\x07\x1b[2J\u202e done"


def test_argparse_messages_are_escaped() -> None:
    result = cli("--\x1b[31m")
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr
    assert b"\\x1b[31m" in result.stderr


def test_an_output_encoding_that_cannot_show_the_text() -> None:
    result = cli("550", "--lang", "zh", env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    assert b"\\u5b83" in result.stdout


def test_a_full_disk() -> None:
    with open("/dev/full", "wb") as full:
        assert_one_line(cli("550", stdout=full), 74, "No space left on device")


def test_a_reader_that_went_away_is_a_quiet_exit() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = cli("550", stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 141
    assert result.stderr == b""


def test_ctrl_c_while_reading_stdin() -> None:
    process = subprocess.Popen(
        command("-"), stdin=subprocess.PIPE, stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert process.stdin is not None
    process.stdin.write(b"550 ")
    process.stdin.flush()
    time.sleep(2.0)  # the interpreter is up (it takes about 50 ms) and blocked reading
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert err.decode().strip() == "smtpstatus: interrupted"
    assert out == b""


@pytest.mark.parametrize(
    "arguments",
    [
        ["550"],
        ["5.7.1"],
        ["550 5.1.1 nope"],
        ["smtp; 550 5.1.1 nope"],
        ["Sorry (#5.1.1)"],
        ["tests/data/bounces/emails/rhost-aol-03.eml"],
    ],
)
def test_the_json_report_has_one_shape(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> None:
    from smtpstatus.cli import REPORT_KEYS

    code, out, _ = run(capsys, "--json", *arguments)
    assert code == 0
    report = json.loads(out)
    assert tuple(sorted(report)) == tuple(sorted(REPORT_KEYS))
    assert report["kind"] in ("code", "enhanced", "reply", "text", "bounce")
    assert isinstance(report["recipients"], list)


def _with_closed(fd: int) -> Any:
    """A ``preexec_fn`` that closes ``fd`` in the child, as ``>&-`` or ``2>&-`` does."""
    return lambda: os.close(fd)


@pytest.mark.parametrize("args", [["550"], ["550", "--json"], ["550 5.1.1 unknown user"]])
def test_a_closed_stdout_exits_74_without_a_traceback(args: list[str]) -> None:
    """Issue 18, class 7: ``smtpstatus 550 >&-`` ended in a traceback."""
    assert_one_line(cli(*args, preexec_fn=_with_closed(1)), 74, "standard output is closed")


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["550", "--json"], 0),
        (["nonsense-words-here", "--json"], 2),
        (["--json", "--bogus"], 2),
        (["--json", "--lang", "xx", "550"], 2),
    ],
)
def test_with_stderr_closed_stdout_holds_only_json(args: list[str], status: int) -> None:
    result = cli(*args, preexec_fn=_with_closed(2))
    assert result.returncode == status
    if status == 0:
        assert json.loads(result.stdout)["code"] == 550
    else:
        assert result.stdout == b""  # the message went nowhere, not into the JSON stream
