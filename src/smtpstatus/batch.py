"""Bounces in bulk: mailboxes, folders, mail logs and service notifications, one record per
bounced recipient, streamed, in input order, on several processes if asked.

``read_bounces(*paths)`` yields a ``BounceRecord`` for each recipient of each bounce it finds:

- a **file** holding one message (``.eml``), an **mbox** of many (recognized by its content: the
  first line is an mbox ``From `` line, not by the file's name), or **JSON** notifications of
  Amazon SES (a document with ``notificationType`` or ``eventType``, raw or inside an SNS
  envelope's ``Message``; one document, or one per line);
- a **directory**, walked in name order; a **Maildir** (``cur``, ``new`` and ``tmp`` inside) is
  read from ``new`` and ``cur``;
- with ``log=True``, a **mail log**: Postfix (``status=bounced``/``deferred``), Sendmail
  (``stat=``) and Exim (``**`` failures, ``==`` deferrals) delivery lines, each with its
  recipient, queue id and dsn.

Nothing disappears between input and output: a message that is no bounce, or cannot be read, gives
one record that says so (``kind``). Each record names its source (path, message number, line) and,
where the returned copy of the original message carries them, its Message-ID, sender, Subject,
Date and the headers asked for. Messages are read one at a time (an mbox of any size in bounded
memory; the 64 MiB limit is per message); records pickle, so they travel to other processes.

Never raises for the content of the input; ``InputError`` for a path that does not exist or
cannot be read (before any record is made, so nothing is half done).
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple, Union, cast

from smtpstatus._text import fold_whitespace
from smtpstatus.bounce import BouncedRecipient, parse_bounce, ses_records
from smtpstatus.bounce.mime import (
    REPORT_TYPES,
    Part,
    attached_headers,
    header_text,
    read_headers,
    read_message,
    text_of,
)
from smtpstatus.bounce.original import cut_original
from smtpstatus.diagnosis import Reason, diagnose

__all__ = ["BounceRecord", "InputError", "Summary", "read_bounces", "read_log", "summarize"]

MAX_MESSAGE_BYTES: int = 64 * 1024 * 1024
# Messages handed to the worker processes at a time: enough to keep them busy, few enough that
# memory stays bounded whatever the size of the mailbox.
WINDOW: int = 256
_MBOX_SEPARATOR = re.compile(rb"From \S*.*\d\d:\d\d")  # "From MAILER-DAEMON Sat Dec  5 06:04:58 2026"


def is_mbox_separator(line: bytes) -> bool:
    """An mbox's ``From_`` line: the first line of an mbox, and the start of each message in it."""
    return line.startswith(b"From ") and _MBOX_SEPARATOR.match(line) is not None


def is_notification(data: bytes) -> bool:
    """JSON (a service's notifications), not an e-mail message: it starts with ``{``."""
    return data.lstrip()[:1] == b"{"


class InputError(Exception):
    """A path that does not exist or cannot be read: ``path: what is wrong``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class BounceRecord(NamedTuple):
    """One bounced recipient, or one message that is no bounce or could not be read, with where
    it came from. The fields are the schema of ``smtpstatus --format json|jsonl|csv``."""

    source: str
    """The path it came from (``-`` for standard input)."""
    message: int | None
    """The message's number in its file (1-based; an mbox holds many), ``None`` for a log line."""
    line: int | None
    """The line where the message starts in its file, or the log line."""
    kind: str
    """``bounce`` (a DSN or a free-form bounce), ``feedback``, ``auto-reply``, ``notification``
    (a service's JSON), ``log`` (a mail log line), ``not a bounce`` or ``unreadable``."""
    recipient: str | None = None
    action: str | None = None
    """The report's action (``failed``, ``delayed``, ... RFC 3464), not advice: see ``what_to_do``."""
    status: str | None = None
    """The enhanced status code (RFC 3463)."""
    reply_code: int | None = None
    diagnostic: str | None = None
    reason: str | None = None
    hard_bounce: bool | None = None
    what_to_do: str | None = None
    remote_mta: str | None = None
    command: str | None = None
    original_recipient: str | None = None
    feedback_type: str | None = None
    message_id: str | None = None
    """The Message-ID of the original message (its returned copy), to link the bounce to it."""
    sender: str | None = None
    subject: str | None = None
    date: str | None = None
    queue_id: str | None = None
    """A log line's queue id."""
    headers: tuple[tuple[str, str], ...] = ()
    """The headers asked for (``--header X-Campaign-Id``), from the original message."""
    error: str | None = None
    """Why the message could not be read, or why it is no bounce."""

    @property
    def domain(self) -> str | None:
        """The recipient's domain, lowercase."""
        if not self.recipient or "@" not in self.recipient:
            return None
        return self.recipient.rpartition("@")[2].lower()


FIELDS: tuple[str, ...] = tuple(name for name in BounceRecord._fields if name != "headers")
"""The flat fields of a record (CSV columns; chosen headers follow as ``header:<name>``)."""

# A message to read: (source, number, line, the bytes or why there are none).
_Item = tuple[str, Union[int, None], int, Union[bytes, str]]


# --- reading the inputs ---------------------------------------------------------------------


def check_paths(paths: Iterable[str]) -> None:
    """``InputError`` for the first path that does not exist or cannot be read."""
    for path in paths:
        if path == "-":
            continue
        try:
            status = os.stat(path)
        except OSError as error:
            raise InputError(path, error.strerror or "cannot be read") from None
        if stat.S_ISDIR(status.st_mode):
            if not os.access(path, os.R_OK | os.X_OK):
                raise InputError(path, "the directory cannot be read")
        elif not os.access(path, os.R_OK):
            raise InputError(path, "cannot be read")


def _is_maildir(directory: Path) -> bool:
    return all((directory / name).is_dir() for name in ("cur", "new", "tmp"))


def _files(directory: Path) -> Iterator[Path]:
    """The regular files under ``directory`` in name order; a Maildir's ``new`` and ``cur``."""
    if _is_maildir(directory):
        for part in ("new", "cur"):
            yield from sorted(path for path in (directory / part).iterdir() if path.is_file())
        return
    for root, directories, names in os.walk(directory):
        directories.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _open(path: str) -> IO[bytes]:
    if path == "-":
        import sys  # noqa: PLC0415

        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("-", "standard input is closed")
        return cast("IO[bytes]", stream)
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(path, error.strerror or "cannot be read") from None


def _items_of_stream(source: str, stream: IO[bytes]) -> Iterator[_Item]:
    """The messages of one file: an mbox's one by one, else the whole file as one message."""
    first = stream.readline(MAX_MESSAGE_BYTES + 1)
    if is_mbox_separator(first):
        yield from _mbox_items(source, stream, first)
        return
    rest = stream.read(MAX_MESSAGE_BYTES + 1 - len(first))
    data = first + rest
    if len(data) > MAX_MESSAGE_BYTES:
        yield source, 1, 1, f"larger than {MAX_MESSAGE_BYTES} bytes: not one message"
    else:
        yield source, 1, 1, data


def _mbox_items(source: str, stream: IO[bytes], separator: bytes) -> Iterator[_Item]:
    """An mbox's messages, one at a time: each starts at a ``From `` line that follows a blank
    line (or the start), in bounded memory whatever the mailbox's size. The file is read in
    chunks of whole lines and searched for ``From `` at line starts (a line at a time in Python
    was a quarter of the time of reading a mailbox, measured)."""
    del separator  # the first message's own From_ line is not part of it
    number, start, line_number = 1, 1, 1  # line_number: the lines before ``pending``
    message = bytearray()
    too_large = False
    previous_blank = True  # the line before ``pending`` was blank
    pending = b""
    while True:
        chunk = stream.read(MBOX_CHUNK_BYTES)
        data = pending + chunk
        end = len(data) if not chunk else data.rfind(b"\n") + 1
        if end == 0 and chunk:  # no line end yet: a line longer than a chunk
            pending = data
            if len(pending) > MAX_MESSAGE_BYTES:
                too_large, pending, previous_blank = True, b"", False
                message.clear()
            continue
        lines, pending = data[:end], data[end:]
        position = 0  # where the current message's bytes in ``lines`` begin
        after_separator = 0 if previous_blank else -1  # a separator is followed by one as by a blank
        for candidate in _line_starts_with_from(lines):
            blank_before = candidate == after_separator or (
                candidate > 0 and _blank_line_before(lines, candidate)
            )
            line_end = lines.find(b"\n", candidate)
            line = lines[candidate : line_end + 1 if line_end >= 0 else len(lines)]
            if not (blank_before and is_mbox_separator(line)):
                continue
            too_large = _add(message, lines[position:candidate], too_large)
            yield _mbox_item(source, number, start, bytes(message), too_large)
            line_number += lines.count(b"\n", position, candidate)
            number, start = number + 1, line_number + 1
            line_number += 1
            message.clear()
            too_large = False
            position = after_separator = candidate + len(line)
        too_large = _add(message, lines[position:], too_large)
        line_number += lines.count(b"\n", position)
        if lines:
            last_start = lines.rfind(b"\n", 0, max(0, len(lines) - 1)) + 1
            previous_blank = after_separator == len(lines) or not lines[last_start:].strip()
        if not chunk:
            break
    yield _mbox_item(source, number, start, bytes(message), too_large)


# How much of an mbox is read at a time.
MBOX_CHUNK_BYTES = 1 << 20


def _line_starts_with_from(lines: bytes) -> Iterator[int]:
    """Where lines of ``lines`` (whole lines) begin with ``From ``."""
    if lines.startswith(b"From "):
        yield 0
    position = lines.find(b"\nFrom ")
    while position >= 0:
        yield position + 1
        position = lines.find(b"\nFrom ", position + 1)


def _blank_line_before(lines: bytes, start: int) -> bool:
    """The line that ends just before ``start`` (a line start, not 0) is blank."""
    previous = lines.rfind(b"\n", 0, start - 1) + 1
    return not lines[previous:start].strip()


def _add(message: bytearray, data: bytes, too_large: bool) -> bool:
    """``data`` added to the message being read, unless it grows past ``MAX_MESSAGE_BYTES``
    (then it is dropped, and stays dropped): whether it is too large."""
    if too_large:
        return True
    if len(message) + len(data) > MAX_MESSAGE_BYTES:
        message.clear()
        return True
    message += data
    return False


def _mbox_item(source: str, number: int, line: int, data: bytes, too_large: bool) -> _Item:
    if too_large:
        return source, number, line, f"larger than {MAX_MESSAGE_BYTES} bytes: not one message"
    return source, number, line, data


def _items(paths: Sequence[str]) -> Iterator[_Item]:
    for path in paths:
        if path != "-" and os.path.isdir(path):
            for file in _files(Path(path)):
                with _open(str(file)) as stream:
                    yield from _items_of_stream(str(file), stream)
        else:
            stream = _open(path)
            try:
                yield from _items_of_stream(path, stream)
            finally:
                if path != "-":
                    stream.close()


# --- one message to records -------------------------------------------------------------------


def records_of(item: _Item, headers: Sequence[str] = ()) -> list[BounceRecord]:
    """The records of one message (a pure function: workers call it). Never raises."""
    source, number, line, data = item
    if isinstance(data, str):
        return [BounceRecord(source, number, line, "unreadable", error=data)]
    try:
        if is_notification(data):
            return _notification_records(source, number, line, data)
        return _message_records(source, number, line, data, headers)
    except Exception as error:  # never raises: the message is data
        return [BounceRecord(source, number, line, "unreadable", error=f"{type(error).__name__}: {error}")]


def _message_records(
    source: str, number: int | None, line: int, data: bytes, headers: Sequence[str]
) -> list[BounceRecord]:
    message = read_message(data)
    original = _original_headers(message, {*LINK_HEADERS, *(name.lower() for name in headers)})
    link = Link(
        message_id=original.get("message-id"),
        sender=original.get("from"),
        subject=original.get("subject"),
        date=original.get("date"),
        headers=tuple((name, original[name.lower()]) for name in headers if name.lower() in original),
    )
    found = parse_bounce(message)
    if not found:
        empty = BounceRecord(
            source, number, line, "not a bounce", error="no delivery report, bounce or automatic reply"
        )
        return [_linked(empty, link)]
    return [_linked(_record(source, number, line, recipient), link) for recipient in found]


class Link(NamedTuple):
    """What links a bounce to the message that was sent: its returned copy's headers."""

    message_id: str | None = None
    sender: str | None = None
    subject: str | None = None
    date: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _linked(record: BounceRecord, link: Link) -> BounceRecord:
    return record._replace(
        message_id=link.message_id,
        sender=link.sender,
        subject=link.subject,
        date=link.date,
        headers=link.headers,
    )


def _record(source: str, number: int | None, line: int, found: BouncedRecipient) -> BounceRecord:
    kind = {Reason.FEEDBACK: "feedback", Reason.VACATION: "auto-reply"}.get(found.reason, "bounce")
    return BounceRecord(
        source,
        number,
        line,
        kind,
        recipient=found.recipient or None,
        action=found.action or None,
        status=str(found.status) if found.status is not None else None,
        reply_code=found.reply_code,
        diagnostic=found.diagnostic or None,
        reason=found.reason.value,
        hard_bounce=found.hard_bounce,
        what_to_do=found.what_to_do.value if found.what_to_do is not None else None,
        remote_mta=found.remote_mta,
        command=found.command,
        original_recipient=found.original_recipient,
        feedback_type=found.feedback_type,
    )


# The first header field of a returned copy that a free-form bounce quotes in its text.
_HEADER_FIELD = re.compile(r"^[A-Za-z0-9-]+:", re.MULTILINE)


# The returned original's headers that link a bounce to it (``Link``).
LINK_HEADERS = ("message-id", "from", "subject", "date")


def _original_headers(message: Part, wanted: set[str]) -> dict[str, str]:
    """The returned original's ``wanted`` headers (lowercase names), read as ``bounce`` reads them: its
    ``message/rfc822`` or ``text/rfc822-headers`` part, else the copy a free-form bounce quotes
    in its text after the marker that ``bounce`` cuts it at."""
    parts = list(message.walk())
    original = attached_headers(parts)
    if original is not None:
        return _fields(original, wanted)
    for part in parts:
        # A report's text, and a delivery-status part whose multipart lost its next boundary (the
        # returned message then follows the status fields in its text).
        if part.get_content_maintype() == "text" or part.get_content_type() in REPORT_TYPES:
            text = text_of(part)
            copy = text[len(cut_original(text)) :]
            start = _HEADER_FIELD.search(copy)
            if start is not None:
                block = copy[start.start() : start.start() + 65536].split("\n\n", 1)[0]
                return _fields(read_headers(block), wanted)
    return {}


def _fields(headers: Part, wanted: set[str]) -> dict[str, str]:
    """The ``wanted`` fields, whitespace folded (the last of a name where it occurs twice)."""
    return {
        name.lower(): fold_whitespace(header_text(value))
        for name, value in headers.items()
        if name.lower() in wanted
    }


# --- Amazon SES notifications (JSON) ----------------------------------------------------------


def _notification_records(source: str, number: int | None, line: int, data: bytes) -> list[BounceRecord]:
    """One JSON document, or one per line (JSON Lines): each an SES notification."""
    text = data.decode("utf-8", "replace")
    documents: list[object] = []
    try:
        documents.append(json.loads(text))
    except ValueError:
        for part in text.splitlines():
            if part.strip():
                try:
                    documents.append(json.loads(part))
                except ValueError:
                    documents.append(None)
    records: list[BounceRecord] = []
    for index, document in enumerate(documents, start=1):
        notification = _unwrapped(document)
        position = number if len(documents) == 1 else index
        if notification is None:
            records.append(
                BounceRecord(source, position, line, "unreadable", error="not an SES notification (JSON)")
            )
            continue
        found = ses_records(notification)
        if not found:
            records.append(
                BounceRecord(
                    source,
                    position,
                    line,
                    "not a bounce",
                    error="an SES notification of no bounce, complaint or delay",
                )
            )
        mail = _object(notification.get("mail"))
        common = _object(mail.get("commonHeaders"))
        link = Link(
            message_id=_string(_object(common).get("messageId"))
            or _string(_object(mail).get("messageId"))
            or None,
            sender=_string(_object(mail).get("source")) or None,
            subject=_string(_object(common).get("subject")) or None,
            date=_string(_object(mail).get("timestamp")) or None,
        )
        records += [
            _linked(_record(source, position, line, item)._replace(kind="notification"), link)
            for item in found
        ]
    return records


def _unwrapped(document: object) -> dict[str, object] | None:
    """The SES notification itself: the document, or the ``Message`` of an SNS envelope."""
    data = _object(document)
    message = data.get("Message")
    if isinstance(message, str):
        try:
            data = _object(json.loads(message))
        except ValueError:
            return None
    if "notificationType" in data or "eventType" in data:
        return data
    return None


def _object(value: object) -> dict[str, object]:
    return cast("dict[str, object]", value) if isinstance(value, dict) else {}


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


# --- mail logs --------------------------------------------------------------------------------

# Postfix: "postfix/smtp[123]: 4B1C2: to=<x@example.net>, relay=..., dsn=5.1.1, status=bounced (host
# ... said: 550 5.1.1 ...)" (postfix's own log format, DSN field names of RFC 3464). Sendmail:
# "sendmail[123]: x1ABC: to=<x@example.net>, ..., dsn=5.1.1, stat=User unknown".
_POSTFIX = re.compile(
    r"(?P<program>postfix[\w/.-]*|sendmail)\[\d+\]:\s+(?P<queue>[0-9A-Za-z]+):\s+to=<?(?P<to>[^>,\s]*)>?,"
    r"(?:.*?\borig_to=<?(?P<orig>[^>,\s]*)>?,)?.*?(?:\bdsn=(?P<dsn>\d\.\d{1,3}\.\d{1,3}),\s*)?"
    r"(?:status=(?P<status>bounced|deferred|expired|undeliverable)|stat=(?P<stat>(?!Sent\b)[^\n]*))"
    r"\s*(?P<text>.*)$"
)
# Exim's main log: "2026-12-05 06:04:58 1abc-000001-XY ** x@example.net R=dnslookup T=remote_smtp:
# SMTP error from remote mail server after RCPT TO:<x@example.net>: 550 5.1.1 ..." ("**" a delivery
# failed, "==" deferred: the Exim specification, chapter "Log files").
_EXIM = re.compile(
    r"\s(?P<queue>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\s+(?P<flag>\*\*|==)\s+(?P<to>[^\s<>:]+)"
    r"(?:\s+<(?P<orig>[^>]+)>)?[^\n]*?:\s+(?P<text>.*)$"
)


def read_log(path: str) -> Iterator[BounceRecord]:
    """The delivery failures and deferrals of a Postfix, Sendmail or Exim log, one per line."""
    with _open(path) as stream:
        for number, raw in enumerate(stream, start=1):
            record = _log_record(path, number, raw[:65536].decode("utf-8", "replace").rstrip("\r\n"))
            if record is not None:
                yield record


def _log_record(path: str, number: int, line: str) -> BounceRecord | None:
    match = _POSTFIX.search(line)
    if match is not None:
        text = match["text"] or match["stat"] or ""
        action = "failed" if match["status"] in ("bounced", "expired", "undeliverable") else "delayed"
        if match["stat"] is not None:
            action = "delayed" if "deferred" in match["stat"].lower() else "failed"
        return _log_entry(
            path, number, match["to"], match["orig"], match["queue"], match["dsn"], text, action
        )
    match = _EXIM.search(line)
    if match is not None:
        action = "failed" if match["flag"] == "**" else "delayed"
        return _log_entry(
            path, number, match["to"], match["orig"], match["queue"], None, match["text"], action
        )
    return None


def _log_entry(  # noqa: PLR0917 - the fields of one log line
    path: str, number: int, to: str, orig: str | None, queue: str, dsn: str | None, text: str, action: str
) -> BounceRecord:
    text = text.strip().removeprefix("(").removesuffix(")")
    diagnosis = diagnose(f"{dsn} {text}" if dsn else text)
    reply = diagnosis.reply
    return BounceRecord(
        path,
        None,
        number,
        "log",
        recipient=to or None,
        action=action,
        status=str(diagnosis.enhanced) if diagnosis.enhanced is not None else dsn,
        reply_code=reply.code if reply is not None else None,
        diagnostic=" ".join(text.split())[:2000] or None,
        reason=diagnosis.reason.value,
        hard_bounce=diagnosis.hard_bounce and action == "failed",
        what_to_do=diagnosis.action.value,
        original_recipient=orig if orig and orig != to else None,
        queue_id=queue,
    )


# --- the whole run ----------------------------------------------------------------------------


def read_bounces(
    *paths: str | os.PathLike[str], headers: Sequence[str] = (), jobs: int = 1, log: bool = False
) -> Iterator[BounceRecord]:
    """Every record of ``paths`` (files, mboxes, directories, Maildirs, ``-``), in input order.

    ``jobs`` > 1 reads the messages on that many processes; ``log=True`` reads the paths as mail
    logs. ``InputError`` (before any record) for a path that does not exist or cannot be read."""
    names = [os.fspath(path) for path in paths]
    check_paths(names)
    if log:
        for name in names:
            yield from read_log(name)
        return
    items = _items(names)
    if jobs <= 1:
        for item in items:
            yield from records_of(item, headers)
        return
    yield from _in_parallel(items, headers, jobs)


def _in_parallel(items: Iterator[_Item], headers: Sequence[str], jobs: int) -> Iterator[BounceRecord]:
    """``records_of`` on ``jobs`` processes, a window of messages at a time, results in input
    order. The next window is read and handed out while the workers read this one (so neither
    side waits on the other); memory holds two windows at most, whatever the mailbox's size."""
    import functools  # noqa: PLC0415
    import multiprocessing  # noqa: PLC0415

    work = functools.partial(records_of, headers=tuple(headers))

    def window() -> list[_Item]:
        return [item for _, item in zip(range(WINDOW), items)]

    with multiprocessing.get_context("spawn" if os.name != "posix" else "fork").Pool(jobs) as pool:
        current = window()
        pending = pool.map_async(work, current, chunksize=max(1, len(current) // (jobs * 4)))
        while current:
            following = window()
            upcoming = pool.map_async(work, following, chunksize=max(1, len(following) // (jobs * 4)))
            for records in pending.get():
                yield from records
            current, pending = following, upcoming


# --- the summary ------------------------------------------------------------------------------


class Summary:
    """Counts per kind, reason, hard/soft and destination domain, and the most frequent
    diagnostics: what a mailbox of returned mail says, at a glance. Records are added one by
    one, so a summary of any number of them stays small."""

    def __init__(self) -> None:
        self.records: int = 0
        self.kinds: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.domains: Counter[str] = Counter()
        self.diagnostics: Counter[str] = Counter()
        self.hard: int = 0
        self.soft: int = 0

    def add(self, record: BounceRecord) -> None:
        """Count one record."""
        self.records += 1
        self.kinds[record.kind] += 1
        if record.reason is None:
            return
        self.reasons[record.reason] += 1
        if record.hard_bounce:
            self.hard += 1
        else:
            self.soft += 1
        if record.domain:
            self.domains[record.domain] += 1
        if record.diagnostic and len(self.diagnostics) < 100_000:  # bounded however varied
            self.diagnostics[record.diagnostic[:200]] += 1

    def as_dict(self, top: int = 10) -> dict[str, Any]:
        """The counts as JSON-ready data, the ``top`` most frequent domains and diagnostics."""
        return {
            "records": self.records,
            "kinds": dict(self.kinds.most_common()),
            "reasons": dict(self.reasons.most_common()),
            "hard_bounces": self.hard,
            "soft_bounces": self.soft,
            "domains": dict(self.domains.most_common(top)),
            "diagnostics": [
                {"diagnostic": text, "count": count} for text, count in self.diagnostics.most_common(top)
            ],
        }


def summarize(records: Iterable[BounceRecord], top: int = 10) -> dict[str, Any]:
    """The ``Summary`` of ``records``, as a JSON-ready dict."""
    summary = Summary()
    for record in records:
        summary.add(record)
    return summary.as_dict(top)
