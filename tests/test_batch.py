"""Bounces in bulk: the real messages of tests/data/bounces as a folder, an mbox and a Maildir,
mail logs, Amazon SES notifications, and the command line over them."""

from __future__ import annotations

import csv
import io
import json
import mailbox
import os
import pickle
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from smtpstatus import batch
from smtpstatus.batch import BounceRecord, read_bounces, read_log, summarize
from smtpstatus.bounce import parse_bounce
from tests.helpers import DATA, REPO

EMAILS = DATA / "bounces" / "emails"
MESSAGES = sorted(EMAILS.glob("*.eml"))


def without_source(records: list[BounceRecord]) -> list[BounceRecord]:
    """The records without where they came from, and without the links to the original message
    (one anonymized corpus message has a broken closing MIME boundary, which the mbox's added
    final newline reads differently)."""
    return [
        record._replace(
            source="", message=None, line=None, message_id=None, sender=None, subject=None, date=None
        )
        for record in records
    ]


@pytest.fixture(scope="module")
def folder_records() -> list[BounceRecord]:
    return list(read_bounces(EMAILS))


@pytest.fixture(scope="module")
def mbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 304 real messages in one mbox, written by the standard library (From_ lines escaped)."""
    path = tmp_path_factory.mktemp("mbox") / "bounces.mbox"
    box = mailbox.mbox(str(path))
    for message in MESSAGES:
        box.add(mailbox.mboxMessage(message.read_bytes()))
    box.flush()
    box.close()
    return path


def test_a_folder_gives_a_record_for_every_recipient_and_every_message(
    folder_records: list[BounceRecord],
) -> None:
    per_file = sum(max(1, len(parse_bounce(path.read_bytes()))) for path in MESSAGES)
    assert len(folder_records) == per_file
    assert {record.source for record in folder_records} == {str(path) for path in MESSAGES}
    assert [record.source for record in folder_records] == sorted(record.source for record in folder_records)
    not_bounces = [record for record in folder_records if record.kind == "not a bounce"]
    assert all(record.error for record in not_bounces)  # nothing disappears: it says why


def test_an_mbox_gives_what_the_folder_gives(mbox: Path, folder_records: list[BounceRecord]) -> None:
    records = list(read_bounces(mbox))
    assert without_source(records) == without_source(folder_records)
    assert {record.source for record in records} == {str(mbox)}
    assert records[-1].message == len(MESSAGES)
    assert list(read_bounces(mbox, jobs=2)) == records  # the same, in the same order, on 2 processes


def test_a_maildir_gives_what_the_folder_gives(tmp_path: Path, folder_records: list[BounceRecord]) -> None:
    box = mailbox.Maildir(str(tmp_path / "Maildir"))
    for message in MESSAGES[:40]:
        box.add(mailbox.MaildirMessage(message.read_bytes()))
    box.flush()
    records = list(read_bounces(tmp_path / "Maildir"))
    expected = [record for record in folder_records if Path(record.source) in MESSAGES[:40]]
    assert sorted(map(repr, without_source(records))) == sorted(map(repr, without_source(expected)))


def test_records_link_to_the_original_message(folder_records: list[BounceRecord]) -> None:
    linked = [record for record in folder_records if record.message_id]
    assert len(linked) > len(folder_records) // 2
    [aol] = [record for record in folder_records if record.source.endswith("rhost-aol-03.eml")][:1]
    assert aol.subject and aol.sender
    # Read as parse_bounce reads headers: raw 8-bit bytes as UTF-8; the copy a free-form bounce
    # quotes after bounce's own markers.
    [kddi] = [record for record in folder_records if record.source.endswith("lhost-kddi-01.eml")]
    assert kddi.subject == "猫ちゃん"
    [ezweb] = [record for record in folder_records if record.source.endswith("lhost-ezweb-01.eml")]
    assert (ezweb.message_id, ezweb.subject) == ("<20080907124011.12ABCD8@lsean.ezweb.ne.jp>", "TEST")


def test_chosen_headers_of_the_original(tmp_path: Path) -> None:
    text = MESSAGES[0].read_text(encoding="utf-8", errors="surrogateescape")
    message = (
        "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undelivered Mail\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nYour message could not be delivered.\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; nobody@example.net\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n\n"
        "--b\nContent-Type: message/rfc822\n\nMessage-ID: <m1@example.org>\nX-Campaign-Id: spring-42\n"
        "From: sender@example.org\nSubject: Our offer\n\nHello\n--b--\n"
    )
    del text
    (tmp_path / "one.eml").write_text(message, encoding="utf-8")
    [record] = read_bounces(tmp_path / "one.eml", headers=["X-Campaign-Id", "X-Absent"])
    assert (record.recipient, record.reason, record.hard_bounce) == (
        "nobody@example.net",
        "userunknown",
        True,
    )
    assert (record.message_id, record.subject, record.headers) == (
        "<m1@example.org>",
        "Our offer",
        (("X-Campaign-Id", "spring-42"),),
    )


def test_records_pickle(folder_records: list[BounceRecord]) -> None:
    assert pickle.loads(pickle.dumps(folder_records)) == folder_records


def test_a_message_too_large_is_a_record_and_the_next_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mbox: Path
) -> None:
    monkeypatch.setattr(batch, "MAX_MESSAGE_BYTES", 20_000)
    records = list(read_bounces(mbox))
    unreadable = [record for record in records if record.kind == "unreadable"]
    assert unreadable and all("larger than 20000 bytes" in (record.error or "") for record in unreadable)
    assert records[-1].message == len(MESSAGES)  # the mailbox was read to its end


def test_a_missing_path_is_an_error_before_any_record(tmp_path: Path) -> None:
    with pytest.raises(batch.InputError, match=r"no-such\.mbox"):
        list(read_bounces(EMAILS, tmp_path / "no-such.mbox"))


def test_memory_stays_flat_as_the_mbox_grows(tmp_path: Path) -> None:
    """Messages are read one at a time: 8x the mailbox, about the same peak."""
    message = MESSAGES[0].read_bytes()
    peaks: list[int] = []
    for count in (100, 800):
        path = tmp_path / f"{count}.mbox"
        with path.open("wb") as handle:
            for _ in range(count):
                handle.write(
                    b"From MAILER-DAEMON Sat Dec  5 06:04:58 2026\n"
                    + message.replace(b"\nFrom ", b"\n>From ")
                    + b"\n"
                )
        tracemalloc.start()
        total = sum(1 for _ in read_bounces(path))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert total >= count
    assert peaks[1] < 2 * peaks[0] + 2_000_000, peaks


# --- mail logs ----------------------------------------------------------------------------------

LOG = """\
Dec  5 06:04:58 mx postfix/smtp[1234]: 4B1C2A0F3: to=<nobody@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))
Dec  5 06:05:01 mx postfix/smtp[1235]: 5C2D3B1E4: to=<busy@example.org>, orig_to=<alias@example.org>, relay=mx.example.org[192.0.2.2]:25, delay=300, delays=0/0/0/300, dsn=4.7.1, status=deferred (host mx.example.org[192.0.2.2] said: 451 4.7.1 Greylisting in action, please come back later (in reply to RCPT TO command))
Dec  5 06:05:02 mx postfix/smtp[1236]: 6D3E4C2F5: to=<ok@example.com>, relay=mx.example.com[192.0.2.3]:25, delay=0.3, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as ABC)
Dec  5 06:05:03 mx sendmail[4321]: x5F6G7H8: to=<gone@example.net>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30000, relay=mx.example.net. [192.0.2.1], dsn=5.1.1, stat=User unknown
2026-12-05 06:05:04 1tJkLm-000ABC-12 ** full@example.jp R=dnslookup T=remote_smtp H=mx.example.jp [192.0.2.9]: SMTP error from remote mail server after RCPT TO:<full@example.jp>: 552 5.2.2 Mailbox full
2026-12-05 06:05:05 1tJkLm-000ABC-13 == later@example.jp R=dnslookup T=remote_smtp defer (-44) H=mx.example.jp [192.0.2.9]: SMTP error from remote mail server after RCPT TO:<later@example.jp>: 452 4.2.2 Mailbox full
Dec  5 06:05:06 mx postfix/qmgr[99]: 4B1C2A0F3: removed
"""


def test_postfix_sendmail_and_exim_lines(tmp_path: Path) -> None:
    path = tmp_path / "mail.log"
    path.write_text(LOG, encoding="utf-8")
    records = list(read_log(str(path)))
    assert [(record.line, record.recipient, record.action, record.reason) for record in records] == [
        (1, "nobody@example.net", "failed", "userunknown"),
        (2, "busy@example.org", "delayed", "greylisted"),
        (4, "gone@example.net", "failed", "userunknown"),
        (5, "full@example.jp", "failed", "mailboxfull"),
        (6, "later@example.jp", "delayed", "mailboxfull"),
    ]
    first, second = records[0], records[1]
    assert (first.queue_id, first.status, first.reply_code, first.hard_bounce) == (
        "4B1C2A0F3",
        "5.1.1",
        550,
        True,
    )
    assert (second.original_recipient, second.hard_bounce) == ("alias@example.org", False)
    assert records[2].status == "5.1.1" and records[3].queue_id == "1tJkLm-000ABC-12"


# --- Amazon SES ---------------------------------------------------------------------------------

SES_BOUNCE = {
    "notificationType": "Bounce",
    "bounce": {
        "bounceType": "Permanent",
        "bounceSubType": "General",
        "bouncedRecipients": [
            {
                "emailAddress": "jane@example.com",
                "action": "failed",
                "status": "5.1.1",
                "diagnosticCode": "smtp; 550 5.1.1 user unknown",
            }
        ],
        "timestamp": "2016-01-27T14:59:38.237Z",
        "feedbackId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
        "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
    },
    "mail": {
        "timestamp": "2016-01-27T14:59:38.237Z",
        "source": "john@example.com",
        "messageId": "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
        "commonHeaders": {"subject": "Hello", "messageId": "<custom-id@example.com>"},
    },
}
SES_SUPPRESSED = {
    "eventType": "Bounce",
    "bounce": {
        "bounceType": "Permanent",
        "bounceSubType": "OnAccountSuppressionList",
        "bouncedRecipients": [{"emailAddress": "gone@example.com"}],
    },
    "mail": {"source": "john@example.com"},
}
SES_COMPLAINT = {
    "notificationType": "Complaint",
    "complaint": {
        "complainedRecipients": [{"emailAddress": "angry@example.com"}],
        "complaintFeedbackType": "abuse",
    },
    "mail": {"source": "john@example.com"},
}
SES_DELAY = {
    "eventType": "DeliveryDelay",
    "deliveryDelay": {
        "delayType": "MailboxFull",
        "delayedRecipients": [
            {
                "emailAddress": "full@example.com",
                "status": "4.2.2",
                "diagnosticCode": "smtp; 452 4.2.2 Over quota",
            }
        ],
        "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
    },
    "mail": {"source": "john@example.com"},
}


@pytest.mark.parametrize("wrapped", [False, True], ids=["raw", "sns"])
def test_ses_notifications_raw_or_in_an_sns_envelope(tmp_path: Path, wrapped: bool) -> None:
    documents = [SES_BOUNCE, SES_SUPPRESSED, SES_COMPLAINT, SES_DELAY]
    if wrapped:
        documents = [
            {"Type": "Notification", "MessageId": "x", "Message": json.dumps(document)}
            for document in documents
        ]
    path = tmp_path / "ses.jsonl"
    path.write_text("\n".join(json.dumps(document) for document in documents) + "\n", encoding="utf-8")
    records = list(read_bounces(path))
    assert [
        (record.kind, record.recipient, record.reason, record.hard_bounce, record.action)
        for record in records
    ] == [
        ("notification", "jane@example.com", "userunknown", True, "failed"),
        ("notification", "gone@example.com", "suppressed", True, "failed"),
        ("notification", "angry@example.com", "feedback", False, None),
        ("notification", "full@example.com", "mailboxfull", False, "delayed"),
    ]
    assert (records[0].message_id, records[0].subject, records[0].sender) == (
        "<custom-id@example.com>",
        "Hello",
        "john@example.com",
    )
    assert [record.message for record in records] == [1, 2, 3, 4]


# --- the command line ---------------------------------------------------------------------------


def cli(*args: str | os.PathLike[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-m", "smtpstatus", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=300,
    )


def test_an_mbox_on_the_command_line_gives_every_message(mbox: Path) -> None:
    """Once only the first message of an mbox was reported, with exit 0."""
    result = cli(mbox, "--format", "jsonl", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(list(read_bounces(mbox)))
    assert records[-1]["message"] == len(MESSAGES)
    assert set(records[0]) == {*batch.FIELDS, "headers"}


def test_several_files_csv_and_a_summary(tmp_path: Path) -> None:
    files = [str(path) for path in MESSAGES[:5]]
    result = cli(*files, "--format", "csv", "--header", "X-Mailer")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {row["source"] for row in rows} == set(files)
    assert list(rows[0]) == [*batch.FIELDS, "header:X-Mailer"]
    summary = cli(EMAILS, "--format", "json", "--summary")
    document = json.loads(summary.stdout)
    assert document["summary"]["records"] == len(document["records"])
    assert document["summary"]["reasons"]["userunknown"] > 50
    assert document["summary"] == summarize(read_bounces(EMAILS))
    text = cli(EMAILS, "--summary")
    assert "summary: " in text.stdout and "reasons: userunknown" in text.stdout


def test_exit_status_none_found_and_input_errors(tmp_path: Path) -> None:
    normal = tmp_path / "normal.eml"
    normal.write_text("From: a@example.org\nTo: b@example.org\nSubject: hello\n\nhi\n", encoding="utf-8")
    other = tmp_path / "other.eml"
    other.write_text(normal.read_text(encoding="utf-8"), encoding="utf-8")
    none = cli(normal, other)
    assert none.returncode == 1 and "not a bounce" in none.stdout
    missing = cli(MESSAGES[0], tmp_path / "missing.eml")
    assert missing.returncode == 2 and "missing.eml" in missing.stderr and missing.stdout == ""
    mistyped = cli("emails/nothing-here.eml")
    assert mistyped.returncode == 2 and "no such file" in mistyped.stderr
    (tmp_path / "550").write_text("not a message", encoding="utf-8")
    code = cli("550", cwd=tmp_path)
    assert code.returncode == 0 and "550 MAILBOX_UNAVAILABLE" in code.stdout  # a code stays a code
    forced = cli("--text", "emails/nothing-here.eml")
    assert forced.returncode == 2 and "no SMTP reply" in forced.stderr


def test_a_mail_log_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "mail.log"
    path.write_text(LOG, encoding="utf-8")
    result = cli("--log", path, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 4, 5, 6]
    assert lines[0]["queue_id"] == "4B1C2A0F3"


@pytest.mark.main_venv_only  # tqdm, the cli extra, is in the main venv only
def test_progress_on_a_terminal_through_tqdm() -> None:
    """Progress goes to stderr when it is a terminal (a pseudo-terminal here), never to stdout."""
    import fcntl
    import importlib.util
    import pty
    import struct
    import termios

    assert importlib.util.find_spec("tqdm") is not None
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal of 80 columns
    try:
        result = subprocess.run(
            [sys.executable, "-m", "smtpstatus", str(EMAILS), "--format", "jsonl", "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
            check=False,
            timeout=120,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal side is closed: all of it was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert result.returncode == 0
    assert b" records" in shown  # tqdm's counter
    assert all(json.loads(line) for line in result.stdout.splitlines())  # stdout: records only


def _mbox_by_lines(data: bytes) -> list[tuple[int, bytes]]:
    """The plain reading of an mbox, a line at a time: each message's first line number and bytes.
    A ``From_`` line after a blank line (or after another ``From_`` line) begins a message."""
    lines = data.splitlines(keepends=True)
    messages: list[tuple[int, bytes]] = []
    start, previous_blank = 1, True
    current: list[bytes] = []
    for number, line in enumerate(lines[1:], start=2):
        if previous_blank and batch.is_mbox_separator(line):
            messages.append((start, b"".join(current)))
            start, current, previous_blank = number, [], True
            continue
        previous_blank = not line.strip()
        current.append(line)
    messages.append((start, b"".join(current)))
    return messages


@pytest.mark.parametrize("chunk", [1, 3, 64, 1 << 20])
def test_an_mbox_read_in_chunks_reads_as_line_by_line(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of any size (a separator, a blank line or a CRLF cut in two) give the messages
    and line numbers of the plain reading."""
    monkeypatch.setattr(batch, "MBOX_CHUNK_BYTES", chunk)
    separator = b"From MAILER-DAEMON Thu Jan  1 00:00:00 2015\n"
    pieces = [
        b"\n",
        b"  \r\n",
        b"\r\n",
        b"From nobody\n",  # no date: no separator
        b">From quoted\n",
        b"Subject: x\n",
        b"body line\r\n",
        separator,
        separator.replace(b"\n", b"\r\n"),
    ]
    generator = random.Random(7)
    for _ in range(60):
        data = separator + b"".join(generator.choice(pieces) for _ in range(generator.randint(0, 40)))
        items = list(batch._items_of_stream("box", io.BytesIO(data)))  # pyright: ignore[reportPrivateUsage]
        assert [(line, body) for _, _, line, body in items] == _mbox_by_lines(data), data
