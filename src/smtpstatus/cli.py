"""``smtpstatus``: explain an SMTP status code or a whole reply in plain words.

Exit status, as Unix tools have it: 0 explained; 2 the input is not a code or reply this tool
can read (or a usage error); 74 the output or input could not be written or read (``EX_IOERR``);
130 interrupted (Ctrl-C); 141 the reader of the output went away (``| head``), quietly.

Text from a server or from the command line is never written to a terminal raw: control
characters, escape sequences, bidi controls and undecodable bytes are shown as escapes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode
from smtpstatus._reply_code import ReplyClass, is_reply_code, reply_category, reply_class
from smtpstatus.enhanced import EnhancedStatusCode
from smtpstatus.reply import SmtpReply, SmtpReplyError, parse_reply

EXIT_OK, EXIT_UNREADABLE, EXIT_IO_ERROR, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 2, 74, 130, 141
# One reply, even a long multi-line one, is a few kilobytes; /dev/zero on stdin is not a reply.
MAX_INPUT_BYTES = 1024 * 1024
_CODE = re.compile(r"-?[0-9]{1,9}\Z")

ACTIONS = {
    ReplyClass.POSITIVE_COMPLETION: ("none", "nothing: the command succeeded."),
    ReplyClass.POSITIVE_INTERMEDIATE: (
        "continue",
        "go on: the server waits for the next step (the message data, or the next AUTH line).",
    ),
    ReplyClass.TRANSIENT_NEGATIVE: (
        "retry",
        "retry later: the failure is temporary. Keep the message queued and try again in a while; "
        "give up only when your retry period (often 4-5 days) is over.",
    ),
    ReplyClass.PERMANENT_NEGATIVE: (
        "give_up",
        "give up: do not send the same thing again unchanged. Fix the cause first "
        "(address, content, login, policy) or return the message to its sender.",
    ),
}
ASPOSE_ONLY = (
    "none",
    "this value comes from Aspose.Email itself, not from a server: look at the exception or log that carried it.",
)
EPILOG = """examples:
  smtpstatus 550
  smtpstatus "550 5.1.1 <x@example.com>: Recipient address rejected"
  smtpstatus 5.7.1
  smtpstatus MailboxUnavailable --lang de
  printf '250-mx.example.com\\r\\n250 SIZE 1000\\r\\n' | smtpstatus -
"""


class Unreadable(Exception):
    """Input that is neither a code, a member name, an enhanced code nor an SMTP reply."""


def terminal_safe(text: str) -> str:
    """``text`` with every non-printable character except the newline shown as an escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == "\n" else repr(char)[1:-1] for char in text)


def json_safe(text: str) -> str:
    """JSON text with every non-printable character as a ``\\uXXXX`` escape (still valid JSON)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _json_escape(ord(char)) for char in text)


def _json_escape(code: int) -> str:
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


class _ArgumentParser(argparse.ArgumentParser):
    """argparse, with its messages (which quote the command line) made safe for a terminal."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(terminal_safe(message), file)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise SystemExit(status)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    languages = SmtpStatusCode.__aspose__.languages
    parser = _ArgumentParser(
        prog="smtpstatus",
        description="Explain an SMTP status code or a server's reply: what it means and what to do.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "reply",
        nargs="*",
        help="a code (550), a whole reply (550 5.1.1 ...), an enhanced code (5.1.1) or a .NET name; "
        "'-' or nothing reads the reply from standard input",
    )
    parser.add_argument(
        "--lang",
        choices=languages,
        default="en" if "en" in languages else languages[0],
        help="language of the documented description (default: %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object, for scripts")
    return parser.parse_args(argv)


def _read_input(words: Sequence[str]) -> str:
    if words and list(words) != ["-"]:
        return " ".join(words)
    if sys.stdin is None:
        raise Unreadable("standard input is closed; give a code or a reply as an argument")
    binary = getattr(sys.stdin, "buffer", None)  # None where stdin was replaced by a text stream
    data = binary.read(MAX_INPUT_BYTES + 1) if binary is not None else sys.stdin.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise Unreadable(f"standard input is larger than {MAX_INPUT_BYTES} bytes: not one SMTP reply")
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def _code_report(code: int, lang: str) -> dict[str, Any]:
    member = SmtpStatusCode.lookup(code)
    klass = reply_class(code)
    category = reply_category(code)
    action, advice = ACTIONS[klass] if klass is not None else ASPOSE_ONLY
    return {
        "code": code,
        "name": member.name if member is not None else None,
        "dotnet_name": member.dotnet_name if member is not None else None,
        "documented": member is not None,
        "reply_class": klass.name.lower() if klass is not None else None,
        "category": category.name.lower() if category is not None else None,
        "action": action,
        "advice": advice,
        "lang": lang,
        "description": member.descriptions.get(lang) if member is not None else None,
    }


def _enhanced_report(enhanced: EnhancedStatusCode | None) -> dict[str, Any] | None:
    if enhanced is None:
        return None
    return {
        "code": str(enhanced),
        "class": enhanced.klass,
        "subject": enhanced.subject,
        "detail": enhanced.detail,
        "class_meaning": enhanced.class_meaning,
        "subject_meaning": enhanced.subject_meaning,
        "meaning": enhanced.meaning,
    }


def explain(text: str, lang: str) -> dict[str, Any]:
    """Everything the tool knows about ``text``, as a JSON-ready dict; ``Unreadable`` if nothing."""
    stripped = text.strip()
    if not stripped:
        raise Unreadable("no input: give a code such as 550, or a reply such as '550 5.1.1 User unknown'")
    if _CODE.match(stripped):
        code = int(stripped)
        if SmtpStatusCode.lookup(code) is None and not is_reply_code(code):
            raise Unreadable(f"{stripped} is not an SMTP reply code (three digits, 2xx to 5xx)")
        return {**_code_report(code, lang), "enhanced": None, "text": None}
    if stripped in SmtpStatusCode.__members__:
        return {**_code_report(SmtpStatusCode[stripped].value, lang), "enhanced": None, "text": None}
    if stripped[:1] in "245" and stripped.count(".") == 2 and " " not in stripped:
        try:
            enhanced = EnhancedStatusCode.parse(stripped)
        except ValueError as error:
            raise Unreadable(str(error)) from None
        return {"code": None, "enhanced": _enhanced_report(enhanced), "text": None, "lang": lang}
    try:
        reply: SmtpReply = parse_reply(text.lstrip())
    except SmtpReplyError as error:
        raise Unreadable(f"not an SMTP reply: {error}") from None
    return {
        **_code_report(reply.code, lang),
        "enhanced": _enhanced_report(reply.enhanced),
        "text": reply.text,
    }


def render(report: dict[str, Any]) -> str:
    """The report as a few labelled lines for a person."""
    lines: list[str] = []
    code = report["code"]
    if code is not None:
        if report["documented"]:
            lines.append(f"{code} {report['name']} (.NET: SmtpStatusCode.{report['dotnet_name']})")
        else:
            lines.append(f"{code} (not listed in the Aspose.Email SmtpStatusCode docs)")
        if report["reply_class"] is not None:
            lines.append(f"  class:       {code // 100}xx {report['reply_class'].replace('_', ' ')}")
            if report["category"] is not None:
                lines.append(f"  category:    x{code // 10 % 10}z {report['category'].replace('_', ' ')}")
        lines.append(f"  what to do:  {report['advice']}")
        if report["description"] is not None:
            lines.append(f"  docs [{report['lang']}]:   {report['description']}")
    enhanced = report["enhanced"]
    if enhanced is not None:
        meaning = enhanced["meaning"] or "(no registered meaning for this detail)"
        subject = enhanced["subject_meaning"] or "subject not defined by RFC 3463"
        if code is None:
            lines.append(f"{enhanced['code']}: {enhanced['class_meaning']}")
        lines.append(f"  enhanced:    {enhanced['code']} - {subject}: {meaning}")
    if report.get("text"):
        lines.append("  server said: " + report["text"].replace("\n", "\n               "))
    return "\n".join(lines)


def _output(report: dict[str, Any], as_json: bool) -> str:
    if as_json:
        return json_safe(json.dumps(report, ensure_ascii=False, sort_keys=True))
    return terminal_safe(render(report))


def _run(argv: Sequence[str] | None) -> int:
    arguments = _arguments(argv)
    try:
        report = explain(_read_input(arguments.reply), arguments.lang)
    except Unreadable as problem:
        print(terminal_safe(f"smtpstatus: {problem}"), file=sys.stderr)
        return EXIT_UNREADABLE
    print(_output(report, arguments.json))
    sys.stdout.flush()  # here, so that a write error is ours to report, not the interpreter's
    return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (see the module docstring). Never raises,
    except ``SystemExit`` from argparse for usage errors and ``--help``."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # an encoding that cannot show a character escapes it
            stream.reconfigure(errors="backslashreplace")
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("smtpstatus: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        _silence_stdout()
        print(terminal_safe(f"smtpstatus: input/output error: {error.strerror or error}"), file=sys.stderr)
        return EXIT_IO_ERROR
