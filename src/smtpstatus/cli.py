"""``smtpstatus``: explain an SMTP status code or a whole reply in plain words.

Exit status, as Unix tools have it: 0 explained; 2 the input is not a code or reply this tool
can read (or a usage error); 74 the output or input could not be written or read (``EX_IOERR``);
130 interrupted (Ctrl-C); 141 the reader of the output went away (``| head``), quietly.

Text from a server or from the command line is never written to a terminal raw: control
characters, escape sequences, bidi controls and undecodable bytes are shown as escapes.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict, cast

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode
from smtpstatus._reply_code import is_reply_code, reply_category, reply_class
from smtpstatus._text import fold_whitespace
from smtpstatus.bounce import parse_bounce
from smtpstatus.diagnosis import Action, Diagnosis, Reason, diagnose
from smtpstatus.diagnosis.decide import conclude
from smtpstatus.enhanced import EnhancedStatusCode
from smtpstatus.find import find_reply
from smtpstatus.reply import SmtpReply, SmtpReplyError, parse_reply

EXIT_OK, EXIT_UNREADABLE, EXIT_IO_ERROR, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 2, 74, 130, 141
# A bounce message with its attachments can be large; /dev/zero on stdin is not a message.
MAX_INPUT_BYTES = 64 * 1024 * 1024
_CODE = re.compile(r"-?[0-9]{1,9}\Z")

ADVICE = {
    Action.RETRY_LATER: "retry later: keep the message queued and the address on your list; give up only when "
    "your retry period (often 4-5 days) is over.",
    Action.FIX_AND_RESEND: "fix and resend: the address may be fine, but sending the same thing the same way "
    "will fail again. Fix the cause named here (content, authentication, sending IP, policy) first.",
    Action.STOP_MAILING: "stop mailing the address: it does not exist or no longer receives mail. Remove it "
    "from your lists.",
    Action.NOTHING: "nothing to do: this is not a failure.",
}
INTERMEDIATE = "go on: the server waits for the next step (the message data, or the next AUTH line)."
ASPOSE_ONLY = "this value comes from Aspose.Email itself, not from a server: look at the exception or log that carried it."
EPILOG = """examples:
  smtpstatus 550
  smtpstatus "550 5.1.1 <x@example.com>: Recipient address rejected"
  smtpstatus "host mx.example.net[192.0.2.1] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command)"
  smtpstatus 5.7.1
  smtpstatus MailboxUnavailable --lang de
  smtpstatus bounce.eml
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

    def error(self, message: str) -> NoReturn:
        """The usage and the error on stderr only (argparse prints to stdout when stderr is closed)."""
        _complain(self.format_usage().rstrip("\n"))
        self.exit(2, f"{self.prog}: error: {message}\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            _complain(message.rstrip("\n"))
        raise SystemExit(status)


def _version() -> str:
    from smtpstatus import __version__  # noqa: PLC0415

    return __version__


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    languages = SmtpStatusCode.__aspose__.languages
    parser = _ArgumentParser(
        prog="smtpstatus",
        description="Explain an SMTP status code, a server's reply or a bounce message: what it means and what to do.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "reply",
        nargs="*",
        help="a code (550), a whole reply (550 5.1.1 ...), any text that carries one (a log line, a "
        "Diagnostic-Code), an enhanced code (5.1.1), a .NET name, or a bounce message file; "
        "'-' or nothing reads from standard input",
    )
    parser.add_argument(
        "--lang",
        choices=languages,
        default=SmtpStatusCode.__aspose__.default_language,  # the library's, not a second default
        help="language of the documented description (default: %(default)s)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "csv"),
        default=None,
        help="output: text (default), json (one document), jsonl (a record a line), csv",
    )
    parser.add_argument("--json", action="store_true", help="the same as --format json")
    parser.add_argument("--version", action="version", version=f"smtpstatus {_version()}")
    batch = parser.add_argument_group(
        "many bounces", "files, mboxes, directories, Maildirs, SES notifications and mail logs"
    )
    batch.add_argument(
        "--summary", action="store_true", help="counts per reason, hard/soft, domain; top diagnostics"
    )
    batch.add_argument(
        "--log",
        action="append",
        default=[],
        metavar="FILE",
        help="a Postfix, Sendmail or Exim log (repeatable)",
    )
    batch.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="NAME",
        help="a header of the original message to report (X-Campaign-Id; repeatable)",
    )
    batch.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="processes to read with (default: the cores)"
    )
    forced = parser.add_mutually_exclusive_group()
    forced.add_argument("--text", action="store_true", help="the arguments are text, never file names")
    forced.add_argument("--file", action="store_true", help="the arguments are files or directories")
    arguments = parser.parse_args(argv)
    if arguments.json:
        if arguments.format not in (None, "json"):
            parser.error("--json is --format json; give one of them")
        arguments.format = "json"
    arguments.format = arguments.format or "text"
    arguments.json = arguments.format == "json"
    if arguments.jobs is not None and arguments.jobs < 1:
        parser.error("--jobs must be at least 1")
    return arguments


def _read_input(words: Sequence[str]) -> tuple[str, bool]:
    """The text to explain, and whether it is a whole message (a file given by name)."""
    if len(words) == 1 and words[0] != "-" and not _CODE.match(words[0]) and os.path.isfile(words[0]):
        try:
            with open(words[0], "rb") as handle:
                return _bounded(handle.read(MAX_INPUT_BYTES + 1), words[0]), True
        except OSError as error:
            raise Unreadable(f"cannot read {words[0]!r}: {error.strerror}") from None
    if words and list(words) != ["-"]:
        return " ".join(words), False
    if sys.stdin is None:
        raise Unreadable("standard input is closed; give a code or a reply as an argument")
    binary = getattr(sys.stdin, "buffer", None)  # None where stdin was replaced by a text stream
    data = binary.read(MAX_INPUT_BYTES + 1) if binary is not None else sys.stdin.read(MAX_INPUT_BYTES + 1)
    return _bounded(data, "standard input"), False


def _bounded(data: bytes | str, source: str) -> str:
    if len(data) > MAX_INPUT_BYTES:
        raise Unreadable(f"{source} is larger than {MAX_INPUT_BYTES} bytes: not one reply or message")
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def _code_report(code: int, lang: str) -> dict[str, Any]:
    member = SmtpStatusCode.lookup(code)
    klass = reply_class(code)
    category = reply_category(code)
    return {
        "code": code,
        "name": member.name if member is not None else None,
        "dotnet_name": member.dotnet_name if member is not None else None,
        "documented": member is not None,
        "reply_class": klass.name.lower() if klass is not None else None,
        "category": category.name.lower() if category is not None else None,
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


def _diagnosis_report(diagnosis: Diagnosis, code: int | None) -> dict[str, Any]:
    """What to do, always from ``diagnose``: the reply class alone does not say it."""
    if code is not None and reply_class(code) is None:
        advice = ASPOSE_ONLY
    elif code is not None and 300 <= code < 400:
        advice = INTERMEDIATE
    else:
        advice = ADVICE[diagnosis.action]
    return {
        "reason": diagnosis.reason.value,
        "reason_description": diagnosis.reason.description,
        "hard_bounce": diagnosis.hard_bounce,
        "action": diagnosis.action.value,
        "advice": advice,
    }


def _reply_report(reply: SmtpReply, diagnosis: Diagnosis, lang: str) -> dict[str, Any]:
    return {
        "kind": "reply",
        **_code_report(reply.code, lang),
        "enhanced": _enhanced_report(diagnosis.enhanced),
        "text": reply.text,
        **_diagnosis_report(diagnosis, reply.code),
    }


def _looks_like_message(text: str) -> bool:
    """True for a whole e-mail message: it starts with header fields."""
    head = text.lstrip()[:4096]
    first_line = head.split("\n", 1)[0]
    return bool(re.match(r"[A-Za-z0-9-]+:", first_line)) and bool(
        re.search(
            r"^(?:From|Received|Content-Type|Return-Path|Subject|Date|Message-ID):",
            head,
            re.MULTILINE | re.IGNORECASE,
        )
    )


def _bounce_report(text: str, lang: str) -> dict[str, Any]:
    records = parse_bounce(text)
    if not records:
        raise Unreadable("this message is not a bounce, a delivery report or an automatic reply")
    recipients = [
        {
            "recipient": record.recipient,
            "action": record.action,
            "status": str(record.status) if record.status is not None else None,
            "reply_code": record.reply_code,
            "diagnostic": record.diagnostic,
            "reason": record.reason.value,
            "reason_description": record.reason.description,
            "hard_bounce": record.hard_bounce,
            "what_to_do": record.what_to_do.value if record.what_to_do is not None else None,
            "remote_mta": record.remote_mta,
            "feedback_type": record.feedback_type,
            "command": record.command,
            "original_recipient": record.original_recipient,
        }
        for record in records
    ]
    return {"kind": "bounce", "lang": lang, "recipients": recipients}


def explain(text: str, lang: str, *, message: bool = False) -> dict[str, Any]:
    """Everything the tool knows about ``text``, as a JSON-ready dict; ``Unreadable`` if nothing.

    ``text`` is a code, a .NET name, an enhanced code, a reply, any text that carries a reply (a
    log line, a ``Diagnostic-Code:``), or a whole bounce message (``message=True`` for a file).
    """
    stripped = text.strip()
    if not stripped:
        raise Unreadable("no input: give a code such as 550, or a reply such as '550 5.1.1 User unknown'")
    if message or _looks_like_message(text):
        return _bounce_report(text, lang)
    if _CODE.match(stripped):
        code = int(stripped)
        if SmtpStatusCode.lookup(code) is None and not is_reply_code(code):
            raise Unreadable(f"{stripped} is not an SMTP reply code (three digits, 2xx to 5xx)")
        return _code_only(code, lang)
    if stripped in SmtpStatusCode.__members__:
        return _code_only(SmtpStatusCode[stripped].value, lang)
    if stripped[:1] in "245" and stripped.count(".") == 2 and " " not in stripped:
        try:
            enhanced = EnhancedStatusCode.parse(stripped)
        except ValueError as error:
            raise Unreadable(str(error)) from None
        diagnosis = conclude(None, enhanced, "")
        return {
            "kind": "enhanced",
            "code": None,
            "lang": lang,
            "enhanced": _enhanced_report(enhanced),
            "text": None,
            **_diagnosis_report(diagnosis, None),
        }
    try:
        reply = parse_reply(text.lstrip())
        return _reply_report(reply, diagnose(reply), lang)
    except SmtpReplyError as error:
        strict_problem = str(error)
    found = find_reply(text)
    if found is not None:
        report = _reply_report(found, diagnose(text), lang)
        report["kind"] = "text"
        return report
    diagnosis = diagnose(text)
    if diagnosis.enhanced is not None or diagnosis.reason is not Reason.UNDEFINED:
        # A code found in the text, or words that name a cause ("Connection timed out").
        return {
            "kind": "text",
            "code": None,
            "lang": lang,
            "enhanced": diagnosis.enhanced and _enhanced_report(diagnosis.enhanced),
            "text": fold_whitespace(stripped),
            **_diagnosis_report(diagnosis, None),
        }
    raise Unreadable(f"no SMTP reply or status code found in the text ({strict_problem})")


def _code_only(code: int, lang: str) -> dict[str, Any]:
    reply = SmtpReply(code, ("",)) if is_reply_code(code) else None
    diagnosis = diagnose(reply) if reply is not None else conclude(None, None, "")
    return {
        "kind": "code",
        **_code_report(code, lang),
        "enhanced": None,
        "text": None,
        **_diagnosis_report(diagnosis, code),
    }


def render(report: dict[str, Any]) -> str:
    """The report as a few labelled lines for a person."""
    if report["kind"] == "bounce":
        return _render_bounce(report)
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
    enhanced = report["enhanced"]
    if code is None and enhanced is not None:
        lines.append(f"{enhanced['code']}: {enhanced['class_meaning']}")
    if code is None and enhanced is None:
        lines.append(f"{report['reason']} - {report['reason_description']} (from the words: no reply code)")
    elif report["reason"] != "undefined":
        lines.append(f"  reason:      {report['reason']} - {report['reason_description']}")
    lines.append(f"  what to do:  {report['advice']}")
    if code is not None and report["description"] is not None:
        lines.append(f"  docs [{report['lang']}]:   {report['description']}")
    if enhanced is not None:
        meaning = enhanced["meaning"] or "(no registered meaning for this detail)"
        subject = enhanced["subject_meaning"] or "subject not defined by RFC 3463"
        lines.append(f"  enhanced:    {enhanced['code']} - {subject}: {meaning}")
    if report.get("text"):
        lines.append("  server said: " + report["text"].replace("\n", "\n               "))
    return "\n".join(lines)


def _render_bounce(report: dict[str, Any]) -> str:
    lines: list[str] = []
    for entry in report["recipients"]:
        lines.append(
            f"{entry['recipient'] or '(recipient unknown)'}: {entry['reason']} - {entry['reason_description']}"
        )
        if entry["original_recipient"]:
            lines.append(f"  sent to:     {entry['original_recipient']}")
        if entry["action"]:
            lines.append(f"  action:      {entry['action']}")
        if entry["command"]:
            lines.append(f"  refused at:  {entry['command']}")
        codes = " ".join(str(part) for part in (entry["reply_code"], entry["status"]) if part is not None)
        if codes:
            lines.append(f"  codes:       {codes}")
        lines.append(f"  hard bounce: {'yes' if entry['hard_bounce'] else 'no'}")
        lines.append(f"  what to do:  {entry['what_to_do']}")
        if entry["remote_mta"]:
            lines.append(f"  remote MTA:  {entry['remote_mta']}")
        if entry["feedback_type"]:
            lines.append(f"  feedback:    {entry['feedback_type']}")
        if entry["diagnostic"]:
            lines.append(f"  diagnostic:  {entry['diagnostic'][:500]}")
    return "\n".join(lines)


class Report(TypedDict):
    """The JSON report of one input (``--json``): one shape for every kind of input, keys absent
    for a kind are null. ``REPORT_KEYS`` is derived from it, in this order."""

    kind: str
    """``code``, ``enhanced``, ``reply``, ``text`` (a reply or code found in free text) or
    ``bounce`` (one message file)."""
    code: int | None
    name: str | None
    dotnet_name: str | None
    documented: bool | None
    reply_class: str | None
    category: str | None
    lang: str
    description: str | None
    enhanced: dict[str, Any] | None
    text: str | None
    reason: str | None
    reason_description: str | None
    hard_bounce: bool | None
    action: str | None
    """The advice (``retry later``, ...): what to do. (A bounce's recipients carry the report's
    own RFC 3464 ``action`` and the advice as ``what_to_do``, as batch records do.)"""
    advice: str | None
    recipients: list[dict[str, Any]]
    """For ``bounce``: per recipient, ``recipient``, ``action``, ``status``, ``reply_code``,
    ``diagnostic``, ``reason``, ``reason_description``, ``hard_bounce``, ``what_to_do``,
    ``remote_mta``, ``feedback_type``, ``command``, ``original_recipient``."""


REPORT_KEYS: tuple[str, ...] = tuple(Report.__annotations__)


def _complete(report: dict[str, Any]) -> dict[str, Any]:
    """The report in the one documented shape."""
    complete = {key: report.get(key) for key in REPORT_KEYS}
    if complete["recipients"] is None:
        complete["recipients"] = []
    return complete


def _output(report: dict[str, Any], as_json: bool) -> str:
    report = _complete(report)
    if as_json:
        return json_safe(json.dumps(report, ensure_ascii=False, sort_keys=True))
    return terminal_safe(render(report))


def _run(argv: Sequence[str] | None) -> int:
    arguments = _arguments(argv)
    try:
        paths = _paths(arguments)
        if paths is not None:
            return _run_batch(arguments, paths)
        if arguments.format in ("jsonl", "csv") or arguments.summary or arguments.header:
            raise Unreadable("--format jsonl/csv, --summary and --header are for files, directories and logs")
        text, is_message = _read_input(arguments.reply)
        report = explain(text, arguments.lang, message=is_message)
    except Unreadable as problem:
        _complain(f"smtpstatus: {problem}")
        return EXIT_UNREADABLE
    sys.stdout.write(_output(report, arguments.json) + "\n")
    sys.stdout.flush()  # here, so that a write error is ours to report, not the interpreter's
    return EXIT_OK


# An argument that looks like a file name, not like text: one word with a slash or an extension
# of the files people keep mail in. Such a word that names nothing is a mistyped path, an error.
_PATH_LIKE: re.Pattern[str] = re.compile(
    r"[^\s]*(?:/[^\s]*|\.(?:eml|mbox|mbx|msg|txt|log|json|jsonl|mail))\Z", re.IGNORECASE
)


def _paths(arguments: argparse.Namespace) -> list[str] | None:
    """The files and directories to read in bulk, or ``None`` for the one-text explanation.

    Files are read in bulk where ``--file`` or ``--log`` says so, where an argument is a
    directory, several are files, or one file is an mbox or a notification; a three-digit argument
    stays a code, and ``--text`` keeps every argument text."""
    words: list[str] = list(arguments.reply)
    if arguments.text:
        return None
    if arguments.log:
        return words
    if arguments.file:
        return words or ["-"]
    existing = [word for word in words if word != "-" and not _CODE.match(word) and os.path.exists(word)]
    if not existing:
        mistyped = [word for word in words if _PATH_LIKE.match(word) and not _CODE.match(word)]
        if len(words) == 1 and mistyped:
            raise Unreadable(f"{words[0]!r}: no such file or directory (--text reads it as text)")
        return None
    missing = [word for word in words if word not in existing]
    if missing:
        raise Unreadable(f"{missing[0]!r}: no such file or directory")
    batch_options = arguments.format in ("jsonl", "csv") or arguments.summary or arguments.header
    if len(existing) == 1 and os.path.isfile(existing[0]) and not batch_options and _one_message(existing[0]):
        return None  # one message: the report of one bounce, as ever
    return existing


def _one_message(path: str) -> bool:
    """True for a file of one e-mail message (not an mbox of several, not JSON notifications),
    as ``batch`` tells them apart."""
    from smtpstatus.batch import is_mbox_separator, is_notification  # noqa: PLC0415

    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return True  # reading it again says what is wrong
    return not is_mbox_separator(head.split(b"\n", 1)[0]) and not is_notification(head)


def _run_batch(arguments: argparse.Namespace, paths: list[str]) -> int:
    """Every record of the inputs, in input order; exit 0 if any is a bounce, 1 if none."""
    from smtpstatus import batch  # noqa: PLC0415 - only bulk work needs it

    try:
        batch.check_paths([*arguments.log, *paths])

        def records() -> Iterator[batch.BounceRecord]:
            for log in arguments.log:
                yield from batch.read_log(log)
            if paths or not arguments.log:
                yield from batch.read_bounces(
                    *(paths or ["-"]), headers=arguments.header, jobs=_jobs(arguments)
                )

        return _write_records(arguments, _with_progress(records()))
    except batch.InputError as error:
        raise Unreadable(str(error)) from None


FOUND: frozenset[str] = frozenset({"bounce", "feedback", "auto-reply", "notification", "log"})
"""Record kinds that are a finding: exit 0 when any record is one, 1 when none is."""
EXIT_NONE_FOUND: int = 1


def _write_records(arguments: argparse.Namespace, records: Iterator[Any]) -> int:
    """Each record as it comes, in the chosen format; the summary last (text and json)."""
    import csv  # noqa: PLC0415

    from smtpstatus.batch import FIELDS, Summary  # noqa: PLC0415

    summary = Summary()
    found = False
    out = sys.stdout
    writer = None
    if arguments.format == "json":
        out.write('{"records": [')
    for index, record in enumerate(records):
        summary.add(record)
        found = found or record.kind in FOUND
        data = _record_data(record)
        if arguments.format == "text":
            out.write(terminal_safe(_render_record(data)) + "\n")
        elif arguments.format == "jsonl":
            out.write(json_safe(json.dumps(data, ensure_ascii=False)) + "\n")
        elif arguments.format == "json":
            out.write(("," if index else "") + "\n" + json_safe(json.dumps(data, ensure_ascii=False)))
        else:
            if writer is None:
                columns = [*FIELDS, *(f"header:{name}" for name in arguments.header)]
                writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
                writer.writeheader()
            flat = {key: value for key, value in data.items() if key != "headers"}
            flat.update({f"header:{name}": data["headers"].get(name) for name in arguments.header})
            writer.writerow({key: _csv_value(value) for key, value in flat.items()})
    if arguments.format == "json":
        totals = json.dumps(summary.as_dict(), ensure_ascii=False) if arguments.summary else "null"
        out.write(f'\n], "summary": {json_safe(totals)}}}\n')
    elif arguments.format == "text" and arguments.summary:
        out.write(terminal_safe(_render_summary(summary.as_dict())) + "\n")
    elif arguments.format == "csv" and writer is None:
        csv.writer(out, lineterminator="\n").writerow(
            [*FIELDS, *(f"header:{name}" for name in arguments.header)]
        )
    out.flush()
    return EXIT_OK if found else EXIT_NONE_FOUND


def _record_data(record: Any) -> dict[str, Any]:
    """A record as the documented JSON object: its fields, ``headers`` as an object."""
    data: dict[str, Any] = record._asdict()
    data["headers"] = dict(record.headers)
    return data


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    return terminal_safe(str(value)).replace("\n", "\\n")


def _render_record(data: dict[str, Any]) -> str:
    where = data["source"] + (f"#{data['message']}" if data["message"] is not None else "")
    where += f":{data['line']}" if data["message"] is None and data["line"] is not None else ""
    if data["reason"] is None:
        return f"{where}: {data['kind']}" + (f" ({data['error']})" if data["error"] else "")
    lines = [f"{where}: {data['recipient'] or '(recipient unknown)'}: {data['reason']}"]
    labels = (
        ("action", "action"),
        ("status", "status"),
        ("reply_code", "reply code"),
        ("hard_bounce", "hard bounce"),
        ("what_to_do", "what to do"),
        ("remote_mta", "remote MTA"),
        ("queue_id", "queue id"),
        ("message_id", "message-id"),
        ("subject", "subject"),
        ("diagnostic", "diagnostic"),
    )
    for key, label in labels:
        value = data[key]
        if value is not None and value != "":
            shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)[:500]
            lines.append(f"  {label + ':':13}{shown}")
    lines += [f"  {name + ':':13}{value}" for name, value in data["headers"].items()]
    return "\n".join(lines)


def _render_summary(summary: dict[str, Any]) -> str:
    lines = [
        f"summary: {summary['records']} records; {summary['hard_bounces']} hard bounces, "
        f"{summary['soft_bounces']} soft"
    ]
    for title, key in (("kinds", "kinds"), ("reasons", "reasons"), ("domains", "domains")):
        if summary[key]:
            lines.append(
                f"  {title}: " + ", ".join(f"{name} {count}" for name, count in summary[key].items())
            )
    for entry in summary["diagnostics"]:
        lines.append(f"  {entry['count']:>6}  {entry['diagnostic'][:150]}")
    return "\n".join(lines)


def _jobs(arguments: argparse.Namespace) -> int:
    return arguments.jobs if arguments.jobs is not None else (os.cpu_count() or 1)


def _with_progress(records: Iterator[Any]) -> Iterator[Any]:
    """Records counted on stderr when it is a terminal, through tqdm where it is installed
    (``pip install smtpstatus[cli]``); the library itself needs nothing."""
    if sys.stderr is None or not sys.stderr.isatty():  # pyright: ignore[reportUnnecessaryComparison]
        return records
    import importlib  # noqa: PLC0415

    try:
        tqdm: Any = importlib.import_module("tqdm").tqdm
    except ImportError:
        return records
    return cast("Iterator[Any]", tqdm(records, unit=" records", file=sys.stderr, leave=False))


def _complain(message: str) -> None:
    """A message on stderr, made terminal-safe; nowhere when stderr is closed (never on stdout,
    which holds only the answer: ``--json`` output stays JSON)."""
    if sys.stderr is None:  # pyright: ignore[reportUnnecessaryComparison]
        return
    with contextlib.suppress(OSError, ValueError):
        print(terminal_safe(message), file=sys.stderr, flush=True)


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
    if sys.stdout is None:  # pyright: ignore[reportUnnecessaryComparison] - started with stdout closed
        _complain("smtpstatus: input/output error: standard output is closed")
        return EXIT_IO_ERROR
    try:
        return _run(argv)
    except KeyboardInterrupt:
        _complain("smtpstatus: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        _silence_stdout()
        _complain(f"smtpstatus: input/output error: {error.strerror or error}")
        return EXIT_IO_ERROR
