"""Delivery status notifications (``smtpstatus.bounce.rfc3464``), each rule on a report of its own."""

from __future__ import annotations

import pytest

from smtpstatus.bounce import parse_bounce
from smtpstatus.diagnosis import Reason


def report(fields: str, human: str = "The message could not be delivered.") -> bytes:
    return f"""From: MAILER-DAEMON@mx.example.org
To: author@example.org
Subject: Undelivered Mail
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

{human}

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

{fields}

--B--
""".encode()


def test_a_status_the_reply_does_not_carry_does_not_overrule_its_words() -> None:
    """RFC 3464: Status (2.3.4) is the reporting MTA's summary; the reply (2.3.6) is the server's."""
    (record,) = parse_bounce(
        report(
            "Final-Recipient: rfc822; x@example.net\nAction: failed\nStatus: 5.1.1\n"
            "Diagnostic-Code: smtp; 552 Requested mail action aborted: mailbox full"
        )
    )
    assert (str(record.status), record.reason, record.hard_bounce) == ("5.1.1", Reason.MAILBOX_FULL, False)


def test_the_replys_own_enhanced_code_still_decides() -> None:
    (record,) = parse_bounce(
        report(
            "Final-Recipient: rfc822; x@example.net\nAction: failed\nStatus: 5.2.2\n"
            "Diagnostic-Code: smtp; 550 5.1.1 mailbox full? no: no such user"
        )
    )
    assert record.reason is Reason.USER_UNKNOWN


def test_a_status_without_words_still_names_its_reason() -> None:
    (record,) = parse_bounce(
        report(
            "Final-Recipient: rfc822; x@example.net\nAction: failed\nStatus: 5.1.1\n"
            "Diagnostic-Code: smtp; 550 Requested action not taken"
        )
    )
    assert record.reason is Reason.USER_UNKNOWN


@pytest.mark.parametrize(
    ("status", "reason", "diagnostic"),
    [
        ("5.0.0 (user unknown)", Reason.USER_UNKNOWN, "user unknown"),
        ("5.0.0 (mailbox full)", Reason.MAILBOX_FULL, "mailbox full"),
        ("5.0.0", Reason.UNDEFINED, "The message could not be delivered."),
    ],
)
def test_a_status_comment_is_the_diagnostic_where_there_is_no_diagnostic_code(
    status: str, reason: Reason, diagnostic: str
) -> None:
    (record,) = parse_bounce(
        report(f"Final-Recipient: rfc822; x@example.net\nAction: failed\nStatus: {status}")
    )
    assert (record.reason, record.diagnostic) == (reason, diagnostic)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ("Status: 5.0.0", Reason.EXPIRED),
        ("Status: 4.0.0\nDiagnostic-Code: smtp; 421 Connection refused", Reason.EXPIRED),
        (
            "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown",
            Reason.USER_UNKNOWN,
        ),  # a cause named
    ],
)
def test_action_expired_is_a_message_given_up(fields: str, reason: Reason) -> None:
    (record,) = parse_bounce(
        report(f"Final-Recipient: rfc822; x@example.net\nAction: expired\n{fields}", "x")
    )
    assert (record.action, record.reason) == ("expired", reason)


def test_each_recipient_is_read_from_its_own_block() -> None:
    (first, second) = parse_bounce(
        report(
            "Final-Recipient: rfc822; a@example.net\nAction: failed\nStatus: 5.2.2\n"
            "Diagnostic-Code: smtp; 552 5.2.2 mailbox full\n\n"
            "Final-Recipient: rfc822; b@example.net\nAction: delayed\nStatus: 4.4.1\n"
            "Diagnostic-Code: smtp; 421 4.4.1 connection timed out",
            human="a@example.net: mailbox full\nb@example.net: connection timed out, still trying",
        )
    )
    assert (first.recipient, first.reason, first.action) == ("a@example.net", Reason.MAILBOX_FULL, "failed")
    assert (second.recipient, second.action) == ("b@example.net", "delayed")
    assert second.reason is not Reason.MAILBOX_FULL
