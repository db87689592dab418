"""``smtpstatus.interop`` on what the client libraries raise, including exceptions without a reply."""

from __future__ import annotations

import smtplib

import aiosmtplib
import pytest

from smtpstatus.interop import replies_from_recipients_refused, reply_from_aiosmtplib, reply_from_smtplib


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPNotSupportedError("SMTPUTF8 not supported"),
        smtplib.SMTPResponseException(-1, b"connection closed"),
        smtplib.SMTPResponseException(999, b"nonsense"),
        ValueError("not an smtplib error at all"),
    ],
)
def test_an_smtplib_error_without_a_reply_gives_none(error: BaseException) -> None:
    assert reply_from_smtplib(error) is None


@pytest.mark.parametrize(
    "error",
    [
        aiosmtplib.SMTPServerDisconnected("gone"),
        aiosmtplib.SMTPTimeoutError("slow"),
        aiosmtplib.SMTPResponseException(-1, "closed"),
    ],
)
def test_an_aiosmtplib_error_without_a_reply_gives_none(error: BaseException) -> None:
    assert reply_from_aiosmtplib(error) is None


def test_a_reply_inside_an_smtplib_error() -> None:
    reply = reply_from_smtplib(smtplib.SMTPDataError(554, b"5.7.1 Message rejected\nSee policy"))
    assert reply is not None
    assert reply.lines == ("5.7.1 Message rejected", "See policy")


def test_recipients_refused_leaves_out_what_is_not_a_reply() -> None:
    refused = smtplib.SMTPRecipientsRefused(
        {
            "a@example.com": (550, b"5.1.1 unknown"),
            "b@example.com": (-1, b"closed"),
            "c@example.com": "not a pair",  # type: ignore[dict-item]
        }
    )
    replies = replies_from_recipients_refused(refused)
    assert list(replies) == ["a@example.com"]
