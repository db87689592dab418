"""parse_bounce on 304 real bounce messages, on each structure it reads, and on hostile input."""

from __future__ import annotations

import email
import email.policy
import functools
import time
from collections.abc import Callable

import pytest

from benchmarks.corpus import CORPUS, Row, agreement, compare, family, find_reply_agreement
from smtpstatus import Action, Reason, parse_bounce

# Measured agreement with the reference answers (benchmarks/corpus.py prints the disagreements).
# These are floors against regressions, a little under today's figures, not targets.
FLOORS = {"reason": 0.90, "status": 0.96, "reply code": 0.96, "hard bounce": 0.94, "command": 0.8}


def test_agreement_with_the_reference_answers() -> None:
    rows = list(compare())
    assert len(rows) == 326
    shares = agreement(rows)
    print({field: f"{share:.1%}" for field, share in shares.items()})
    for field, floor in FLOORS.items():
        assert shares[field] >= floor, (field, shares[field])
    assert find_reply_agreement()["reply code"] >= 0.93


# Per MTA or provider family (the file name's prefix, ``benchmarks.corpus.family``): the rows of
# the reference and how many of them agree at least (today's figures, one row of slack for the
# families of ten rows or more). A failure names the family and the files that disagree.
FAMILY_FLOORS = {  # family: (rows, reason agreements, hard bounce agreements) at least
    "activehunter": (2, 2, 2),
    "amavis": (1, 1, 1),
    "amazonses": (10, 9, 9),
    "amazonworkmail": (2, 2, 2),
    "aol": (2, 2, 2),
    "apple": (2, 2, 2),
    "arf": (12, 11, 11),
    "biglobe": (1, 1, 1),
    "courier": (1, 1, 1),
    "domino": (2, 1, 2),
    "dragonfly": (20, 19, 19),
    "einsundeins": (2, 1, 2),
    "exchange2003": (3, 3, 3),
    "exchange2007": (4, 4, 4),
    "exim": (19, 16, 18),
    "ezweb": (5, 3, 4),
    "fml": (2, 1, 1),
    "franceptt": (7, 5, 7),
    "gmail": (7, 6, 7),
    "gmx": (1, 1, 1),
    "godaddy": (1, 0, 0),
    "google": (2, 2, 2),
    "googlegroups": (9, 9, 9),
    "googleworkspace": (1, 1, 1),
    "gsuite": (9, 8, 8),
    "imailserver": (3, 3, 3),
    "iua": (1, 1, 1),
    "kddi": (3, 3, 3),
    "mailfoundry": (1, 1, 1),
    "mailru": (7, 7, 7),
    "mcafee": (4, 4, 4),
    "messagelabs": (1, 1, 1),
    "messagingserver": (9, 8, 8),
    "mfilter": (2, 2, 2),
    "microsoft": (1, 1, 1),
    "mimecast": (1, 0, 1),
    "mxlogic": (1, 1, 1),
    "notes": (1, 0, 1),
    "nttdocomo": (1, 1, 1),
    "opensmtpd": (10, 9, 8),
    "outlook": (10, 9, 9),
    "postfix": (33, 32, 32),
    "powermta": (2, 1, 1),
    "qmail": (11, 10, 10),
    "receivingses": (3, 3, 3),
    "rfc3464": (19, 16, 16),
    "rfc3834": (3, 3, 3),
    "sendgrid": (1, 1, 1),
    "sendmail": (34, 32, 32),
    "surfcontrol": (1, 1, 1),
    "tencent": (1, 1, 1),
    "v5sendmail": (12, 9, 10),
    "verizon": (1, 0, 0),
    "x1": (2, 0, 0),
    "x2": (2, 2, 2),
    "x3": (1, 1, 1),
    "yahoo": (9, 7, 8),
    "yahooinc": (2, 1, 2),
    "yandex": (2, 2, 2),
    "zoho": (4, 3, 3),
}


@pytest.fixture(scope="module")
def rows_by_family() -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in compare():
        grouped.setdefault(family(row.file), []).append(row)
    return grouped


@pytest.mark.parametrize("name", sorted(FAMILY_FLOORS))
def test_each_mta_family_keeps_its_agreement(name: str, rows_by_family: dict[str, list[Row]]) -> None:
    rows = rows_by_family[name]
    count, reason_floor, hard_floor = FAMILY_FLOORS[name]
    assert len(rows) == count
    for field, floor in (("reason", reason_floor), ("hard bounce", hard_floor)):
        wrong = [
            f"{row.file}#{row.position}: {row.expected[field]} -> {row.found[field]}"
            for row in rows
            if row.expected[field] != row.found[field]
        ]
        assert len(rows) - len(wrong) >= floor, (
            f"{name}: {field} agrees on {len(rows) - len(wrong)} of {len(rows)} (floor {floor}): {wrong}"
        )


def test_every_message_of_the_corpus_is_read() -> None:
    empty = [
        path.name for path in sorted((CORPUS / "emails").glob("*.eml")) if not parse_bounce(path.read_bytes())
    ]
    assert len(empty) <= 4, empty  # a Japanese list manager's loop alert and a few such


def test_input_types_agree() -> None:
    raw = (CORPUS / "emails" / "rhost-aol-03.eml").read_bytes()
    from_bytes = parse_bounce(raw)
    assert [record.recipient for record in from_bytes] == ["sabineko@example.jp", "mikeneko@example.jp"]
    assert parse_bounce(raw.decode("utf-8", "surrogateescape")) == from_bytes
    assert parse_bounce(email.message_from_bytes(raw, policy=email.policy.compat32)) == from_bytes


DSN = (
    "From: MAILER-DAEMON@mx.example.org\r\nTo: sender@example.org\r\nSubject: Undelivered Mail\r\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
    "--XX\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
    "--XX\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
    "{recipients}--XX--\r\n"
)
BLOCK = (
    "Final-Recipient: rfc822; user{number}@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    "Remote-MTA: dns; mx.example.net\r\nDiagnostic-Code: smtp; 550 5.1.1 <user{number}@example.net>: "
    "Recipient address rejected: User unknown\r\n\r\n"
)


def test_a_dsn_with_hundreds_of_recipients() -> None:
    records = parse_bounce(DSN.format(recipients="".join(BLOCK.format(number=n) for n in range(500))))
    assert len(records) == 500
    assert records[499].recipient == "user499@example.net"
    assert {(r.reply_code, str(r.status), r.reason, r.hard_bounce, r.remote_mta) for r in records} == {
        (550, "5.1.1", Reason.USER_UNKNOWN, True, "mx.example.net")
    }


def test_a_normal_message_is_not_a_bounce() -> None:
    normal = "From: a@example.org\r\nTo: b@example.org\r\nSubject: lunch\r\n\r\nMeet at 550 Main St., room 421.\r\n"
    assert parse_bounce(normal) == []


def test_an_auto_reply() -> None:
    reply = (
        "From: Kijitora <kijitora@example.jp>\r\nTo: sender@example.org\r\nAuto-Submitted: auto-replied\r\n"
        "Subject: Out of office\r\n\r\nI am away until Monday.\r\n"
    )
    [record] = parse_bounce(reply)
    assert (record.recipient, record.reason, record.hard_bounce) == (
        "kijitora@example.jp",
        Reason.VACATION,
        False,
    )


def test_a_feedback_report() -> None:
    [record, *_] = parse_bounce((CORPUS / "emails" / "arf-16.eml").read_bytes())
    assert record.reason is Reason.FEEDBACK
    assert record.feedback_type == "abuse"


HOSTILE = [
    b"",
    b"\x00\xff" * 1000,
    b"From: MAILER-DAEMON@x\r\nSubject: failure notice\r\n",  # truncated: no body
    b"From: MAILER-DAEMON@x\r\nContent-Type: multipart/report; boundary=\r\n\r\n--\r\n--",
    b"From: MAILER-DAEMON@x\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\n<a@b.example>: 550 x\r\n",
    b"From: MAILER-DAEMON@x\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n\xff\xfe\x00",
    b"From: MAILER-DAEMON@x\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!",
    b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n"
    + b"".join(
        b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (n, n + 1) for n in range(2000)
    ),
    b"From: SES <no-reply@sns.amazonaws.com>\r\n\r\n" + b"[" * 100_000,  # JSON nested beyond recursion
]


@pytest.mark.parametrize("message", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_messages_never_raise(message: bytes) -> None:
    records = parse_bounce(message)
    assert isinstance(records, list)


def test_a_huge_message_is_read() -> None:
    header = b"From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\n\r\n"
    body = b"<nobody@example.net>:\r\nRemote host said: 550 5.1.1 unknown\r\n" + b"x" * (50 * 1024 * 1024)
    [record] = parse_bounce(header + body)
    assert (record.recipient, record.reply_code) == ("nobody@example.net", 550)


def test_wrong_types_give_nothing() -> None:
    assert parse_bounce(None) == []  # type: ignore[arg-type]
    assert parse_bounce(42) == []  # type: ignore[arg-type]


LINEAR = [  # each took seconds to minutes while a search was quadratic; linear, each is a blink
    b"From: MAILER-DAEMON@x\r\nSubject: failure notice\r\n\r\n" + b"a" * 256_000,
    b"From: MAILER-DAEMON@x\r\nSubject: failure notice\r\nContent-Type: text/html\r\n\r\n" + b"<" * 256_000,
    b"From: MAILER-DAEMON@x\r\nSubject: failure notice\r\n\r\n"
    + b" ".join(b"u%d@example.org: 550 5.1.1 unknown" % number for number in range(20_000)),
    b'From: MAILER-DAEMON@x\r\nSubject: failure notice\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain\r\n\r\nnot a valid user\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
    b"Received: from x by y for " + b"a@" * 200_000 + b"\r\n\r\nhello\r\n--b--\r\n",
]


@pytest.mark.parametrize("message", LINEAR, ids=["letters", "tags", "recipients", "received"])
def test_inputs_that_made_a_search_quadratic(message: bytes) -> None:
    records = parse_bounce(message)
    if b"u19999@" in message:
        assert 5_000 < len(records) <= 10_000  # as many as the first 256 KiB of text name
        assert (records[5].recipient, records[5].reply_code) == ("u5@example.org", 550)


@pytest.mark.parametrize(
    ("name", "reason", "what_to_do"),
    [
        ("lhost-activehunter-01.eml", Reason.USER_UNKNOWN, Action.STOP_MAILING),
        ("lhost-amazonses-17.eml", Reason.EXPIRED, Action.RETRY_LATER),
    ],
)
def test_each_record_says_what_to_do(name: str, reason: Reason, what_to_do: Action) -> None:
    [record, *_] = parse_bounce((CORPUS / "emails" / name).read_bytes())
    assert (record.reason, record.what_to_do) == (reason, what_to_do)


def test_every_record_of_the_corpus_says_what_to_do() -> None:
    records = [
        record
        for path in sorted((CORPUS / "emails").glob("*.eml"))
        for record in parse_bounce(path.read_bytes())
    ]
    assert records
    assert all(isinstance(record.what_to_do, Action) for record in records)


@pytest.mark.parametrize(
    ("name", "reason", "reply_code"),
    [
        ("lhost-kddi-01.eml", Reason.MAILBOX_FULL, None),  # a raw UTF-8 Subject: read as UTF-8
        (
            "lhost-verizon-02.eml",
            Reason.FILTERED,
            550,
        ),  # sent by "post_master"; "550 ... no such user", no stage
        ("lhost-exim-49.eml", Reason.BLOCKED, 550),  # "SMTP error ... after EHLO": the sending host
        ("lhost-sendmail-31.eml", Reason.POLICY_VIOLATION, 552),  # the DSN's line cut: the transcript
        ("rfc3464-40.eml", Reason.NETWORK_ERROR, None),  # 4.4.6, a routing loop: a cause, not expiry
        ("lhost-exchange2003-03.eml", Reason.USER_UNKNOWN, None),  # the recipients after "following"
        ("lhost-postfix-01.eml", Reason.MAILER_ERROR, None),  # X-Unix, 5.1.1: procmail's "No such user"
        ("lhost-sendmail-55.eml", Reason.MAILER_ERROR, None),  # "X-Unix; 71": the mailer's exit status
        ("rfc3464-09.eml", Reason.MAILBOX_FULL, None),  # X-Unix: "Quota exceeded" is the mailbox's
    ],
)
def test_real_bounces_read_by_the_general_rules(name: str, reason: Reason, reply_code: int | None) -> None:
    records = parse_bounce((CORPUS / "emails" / name).read_bytes())
    assert [(record.reason, record.reply_code) for record in records][:1] == [(reason, reply_code)]


def test_a_second_copy_of_the_report_is_not_read_for_the_last_recipient() -> None:
    """mail.ru repeats the report in English: the last recipient's part ends where the copy names
    another recipient again, so its "Mailbox Full" is not the last recipient's reason."""
    records = parse_bounce((CORPUS / "emails" / "lhost-mailru-03.eml").read_bytes())
    assert [(record.recipient, record.reason) for record in records] == [
        ("mikeneko@example.jp", Reason.MAILBOX_FULL),
        ("sabineko@example.jp", Reason.USER_UNKNOWN),
    ]


def _free_form_bounce(body: str, subject: str = "Returned mail") -> str:
    return f"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\r\nSubject: {subject}\r\n\r\n{body}"


def test_a_delay_warning_is_delayed_not_failed() -> None:
    """A free-form warning that the MTA keeps trying: delayed, retried, never a hard bounce."""
    warning = _free_form_bounce(
        "This is an automated message created by mail delivery software.\r\n"
        "Your message to:\r\n\tx@example.com\r\nhas not yet been delivered because the recipient server "
        "did not respond.\r\nThis is just a warning, you do not need to take any action.\r\n"
    )
    [record] = parse_bounce(warning)
    assert (record.recipient, record.action, record.hard_bounce, record.what_to_do) == (
        "x@example.com",
        "delayed",
        False,
        Action.RETRY_LATER,
    )
    failure = warning.replace("This is just a warning", "This is a permanent error")
    assert [record.action for record in parse_bounce(failure)] == ["failed"]


def test_an_expanded_alias_is_not_the_end_of_its_recipients_text() -> None:
    """Sendmail's "(expanded from: y)" names the alias of the address before it: that recipient's
    text goes on to the transcript after it."""
    bounce = _free_form_bounce(
        "   ----- The following addresses had permanent fatal errors -----\r\n"
        "x@final.example.net\r\n    (expanded from: x@alias.example.org)\r\n\r\n"
        "   ----- Transcript of session follows -----\r\n"
        "554 Too many hops 26 (25 max): from s@example.com via localhost, to x@alias.example.org\r\n"
    )
    records = parse_bounce(bounce)
    assert [(record.recipient, record.reason) for record in records][:1] == [
        ("x@final.example.net", Reason.NETWORK_ERROR)
    ]


def test_the_last_line_of_a_text_without_a_copy_is_read() -> None:
    bounce = _free_form_bounce(
        "Your message to <x@example.com> was automatically rejected:\r\nQuota exceeded"
    )
    assert [record.reason for record in parse_bounce(bounce)] == [Reason.MAILBOX_FULL]


def test_addresses_wrapped_in_quotes_or_x400_attributes() -> None:
    quoted = _free_form_bounce("The following message, addressed to 'x@example.uk', failed: user unknown\r\n")
    assert [record.recipient for record in parse_bounce(quoted)] == ["x@example.uk"]
    x400 = _free_form_bounce(
        "c=US;a= ;p=EX;o=Nexus2;dda:SMTP=x@example.com; on Fri, 4 Oct 2002\r\nUser unknown\r\n"
    )
    assert [record.recipient for record in parse_bounce(x400)] == ["x@example.com"]


def _dsn_block(final: str, original: str) -> str:
    return DSN.format(
        recipients=f"Original-Recipient: {original}\r\nFinal-Recipient: {final}\r\nAction: failed\r\n"
        "Status: 5.0.0\r\n\r\n"
    )


@pytest.mark.parametrize(
    ("final", "original", "recipient"),
    [
        (
            "rfc822; x@example.net",
            "rfc822; y@example.org",
            "x@example.net",
        ),  # the final one, as RFC 3464 says
        ('rfc822; "a..b"@example.net', "rfc822; a..b@example.net", '"a..b"@example.net'),  # quoted: still one
        ("x400; /S=x/OU=example/PRMD=UK.AC/ADMD= /C=GB/", "rfc822; x@example.uk", "x@example.uk"),
        ("rfc822; x@ms-daemon", "rfc822; x@example.com", "x@example.com"),  # a local name
        ("rfc822; @relay.example.net:x@server", "rfc822; x@example.net", "x@example.net"),  # a source route
    ],
)
def test_a_dsn_recipient_is_an_internet_address(final: str, original: str, recipient: str) -> None:
    assert [record.recipient for record in parse_bounce(_dsn_block(final, original))] == [recipient]


def test_a_returned_message_names_its_envelope_recipient() -> None:
    """No address in the text: the returned copy's last hop ("Received: ... for <x>") names whom it
    was delivered to; its To: may be a mailing list's."""
    bounce = (
        "From: ndr@example.net\r\nSubject: Mail delivery failed: returning message to sender\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n'
        "One or more of the recipients are not a valid user of the system.\r\n"
        "--b\r\nContent-Type: message/rfc822\r\n\r\n"
        "Received: from mx.example.org by mx.example.net with ESMTP id 1\r\n"
        "\tfor <member@example.net>; Mon, 30 Dec 2019 18:46:11 +0000\r\n"
        "To: list@lists.example.org\r\nSubject: hello\r\n\r\nhello\r\n--b--\r\n"
    )
    assert [(record.recipient, record.reason) for record in parse_bounce(bounce)] == [
        ("member@example.net", Reason.USER_UNKNOWN)
    ]


def test_a_summary_of_the_original_message_is_not_a_recipient() -> None:
    bounce = _free_form_bounce(
        "Delivery has failed to these recipients or distribution lists:\r\n\r\n"
        "\t* [x@example.net]: 550 x@example.net...User account is overquota\r\n\r\n"
        "Original message details:\r\n\r\n\t* From: s@example.com\r\n\t* To: list@example.com\r\n",
        subject="Undeliverable: hello",
    )
    assert [(record.recipient, record.reason) for record in parse_bounce(bounce)] == [
        ("x@example.net", Reason.MAILBOX_FULL)
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # A quoted reply with no enhanced code, at a stage the report does not name: not shown to
        # be an unknown mailbox (gateways answer so after accepting the message); not a hard bounce.
        ("<x@example.com>: 550 unknown user <x@example.com>", Reason.FILTERED),
        (
            "Failed Recipient: x@example.com Reason: Remote host said: 550 x@example.com... No such user",
            Reason.FILTERED,
        ),
        # An address code, or the stage named, shows it.
        ("<x@example.com>: 550 5.1.1 unknown user <x@example.com>", Reason.USER_UNKNOWN),
        (
            "<x@example.com>: 192.0.2.7 does not like recipient. Remote host said: 550 x@example.com... No such user",
            Reason.USER_UNKNOWN,  # qmail-remote's words for a refused RCPT TO
        ),
        (
            "<x@example.com> SMTP error from remote server after RCPT command: host mx.example.com[192.0.2.9]: "
            "550 user unknown",
            Reason.USER_UNKNOWN,
        ),
        (">>> RCPT To:<x@example.com> <<< 550 <x@example.com>, User Unknown", Reason.USER_UNKNOWN),
        (
            "<x@example.com>: 192.0.2.7 failed after I sent the message. Remote host said: 550 unknown user",
            Reason.FILTERED,  # qmail-remote: refused after DATA
        ),
        ("x@example.com [User unknown]", Reason.USER_UNKNOWN),  # no reply quoted: the report's own words
    ],
)
def test_a_report_shows_an_unknown_user_by_a_code_or_the_stage(text: str, reason: Reason) -> None:
    [record] = parse_bounce(_free_form_bounce(text + "\r\n"))
    assert (record.recipient, record.reason, record.hard_bounce) == (
        "x@example.com",
        reason,
        reason is Reason.USER_UNKNOWN,
    )


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("lhost-postfix-36.eml", "RCPT"),  # "(in reply to RCPT TO command)" in the human-readable part
        ("lhost-yahoo-01.eml", "RCPT"),  # "... User Unknown [RCPT_TO]"
        ("lhost-postfix-75.eml", "DATA"),  # "354 End data with ...", then the refusal
        ("rhost-franceptt-06.eml", "CONNECT"),  # Postfix: "refused to talk to me", the greeting
        ("lhost-exim-49.eml", "EHLO"),  # Exim: "SMTP error ... after EHLO"
    ],
)
def test_each_record_says_which_command_was_refused(name: str, command: str) -> None:
    [record, *_] = parse_bounce((CORPUS / "emails" / name).read_bytes())
    assert record.command == command


def test_a_dsn_recipient_keeps_the_address_the_sender_wrote() -> None:
    [record] = parse_bounce(_dsn_block("rfc822; x@final.example.net", "rfc822; x@example.org"))
    assert (record.recipient, record.original_recipient) == ("x@final.example.net", "x@example.org")
    [same] = parse_bounce(_dsn_block("rfc822; x@example.org", "rfc822; x@example.org"))
    assert same.original_recipient is None


# --- issue 18, class 6: time and output in proportion to the input --------------------------------


def _failed_header(count: int) -> bytes:
    """A free-form bounce whose X-Failed-Recipients names addresses its text never mentions."""
    addresses = ", ".join(f"user{number}@example.net" for number in range(count))
    body = "Delivery failed for reasons of its own. " * (count // 2 + 1)
    return (
        "From: MAILER-DAEMON@mx.example.org\r\nSubject: Mail delivery failed\r\n"
        f"X-Failed-Recipients: {addresses}\r\n\r\n{body}\r\n"
    ).encode()


def _dsn_without_diagnostics(count: int, *, quoted: bool = False) -> bytes:
    """A DSN of ``count`` recipient blocks without Diagnostic-Code, and a long human-readable part."""
    human = "Your message could not be delivered to some recipients. " * count
    blocks = "".join(
        f"Final-Recipient: rfc822; {f'{chr(34)}a..{number}{chr(34)}' if quoted else f'user{number}'}@example.net\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\n\r\n"
        for number in range(count)
    )
    return (
        "From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=XX\r\n\r\n"
        f"--XX\r\nContent-Type: text/plain\r\n\r\n{human}\r\n--XX\r\nContent-Type: message/delivery-status\r\n\r\n"
        f"Reporting-MTA: dns; mx.example.org\r\n\r\n{blocks}--XX--\r\n"
    ).encode()


def _encoded_words(count: int) -> bytes:
    """RFC 2047 encoded words, ``count`` of them, in a long From and Subject."""
    words = " ".join("=?utf-8?q?caf=C3=A9?=" for _ in range(count))
    return (
        f"From: {words} <MAILER-DAEMON@mx.example.org>\r\nSubject: failure notice {words}\r\n\r\n"
        "<x@example.net>: 550 5.1.1 unknown\r\n"
    ).encode()


def _best_seconds(message: bytes) -> float:
    timings: list[float] = []
    for _ in range(5):
        started = time.perf_counter()
        parse_bounce(message)
        timings.append(time.perf_counter() - started)
    return min(timings)


# Sizes where the smaller input takes some 10-60 ms: a timer's noise is small beside it.
GROWING = [
    (_failed_header, 1_500),
    (_dsn_without_diagnostics, 600),
    (functools.partial(_dsn_without_diagnostics, quoted=True), 600),
    (_encoded_words, 6_000),
]


@pytest.mark.parametrize(
    ("make", "count"), GROWING, ids=["x-failed-recipients", "dsn", "dsn-quoted", "rfc2047"]
)
def test_eight_times_the_input_costs_at_most_about_eight_times_the_time(
    make: Callable[[int], bytes], count: int
) -> None:
    """Each took minutes while it was quadratic (358 KB: 108 s; 1 MB of encoded words: 4.5 s).
    Not a time limit: the ratio of two sizes, with a little room for a busy machine."""
    small, large = make(count), make(count * 8)
    assert len(large) > 7 * len(small)
    small_seconds, large_seconds = _best_seconds(small), _best_seconds(large)
    assert large_seconds <= 12 * small_seconds + 0.01, (small_seconds, large_seconds)


@pytest.mark.parametrize(
    "make", [make for make, _ in GROWING[:3]], ids=["x-failed-recipients", "dsn", "dsn-quoted"]
)
def test_output_stays_in_proportion_to_the_input(make: Callable[[int], bytes]) -> None:
    """A 44 KB message once gave 31.7 MB of --json: every recipient carried the whole text."""
    count = 400
    message = make(count * 8)
    records = parse_bounce(message)
    assert len(records) == count * 8
    output = sum(len(record.diagnostic) + len(record.recipient) for record in records)
    assert output <= 64 * len(message)
    assert max(len(record.diagnostic) for record in records) <= 2_000


def test_a_dsn_of_thousands_of_recipients_loses_none() -> None:
    """The delivery-status part of 5,000 recipients is larger than a text part's limit (256 KiB):
    every block is still read (nothing disappears between input and output)."""
    message = _dsn_without_diagnostics(5_000)
    records = parse_bounce(message)
    assert len(records) == 5_000
    assert records[-1].recipient == "user4999@example.net"
