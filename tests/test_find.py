"""find_reply: the reply inside real texts (the shapes of the bounce corpus), never an exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpstatus import SmtpReply, find_reply


@pytest.mark.parametrize(
    ("text", "code", "enhanced", "first_line"),
    [
        (
            "smtp; 550 5.1.1 <x@example.com>... User unknown",
            550,
            "5.1.1",
            "5.1.1 <x@example.com>... User unknown",
        ),
        (
            "host mx.example.net[192.0.2.1] said: 550 5.1.1 <x@example.net>: Recipient address rejected: "
            "User unknown in local recipient table (in reply to RCPT TO command)",
            550,
            "5.1.1",
            "5.1.1 <x@example.net>: Recipient address rejected: User unknown in local recipient table",
        ),
        (
            "SMTP error from remote mail server after RCPT TO:<x@example.jp>: host mx.example.jp "
            "[192.0.2.12]: 550 5.2.1 <x@example.jp>... User Unknown",
            550,
            "5.2.1",
            "5.2.1 <x@example.jp>... User Unknown",
        ),
        ("Sorry, no mailbox here by that name. (#5.1.1)", None, None, None),  # no reply code at all
        (
            "mail-inbound.example.net [192.0.2.25] did not like our RCPT TO:552 5.2.3 <x@example.net>: too big",
            552,
            "5.2.3",
            None,
        ),
        ("#550 5.2.2 STOREDRV.Deliver: mailbox full.", 550, "5.2.2", None),  # Exchange
        ("550: 5.1.1 <x@example.jp>... User Unknown", 550, "5.1.1", None),  # Yahoo
        (
            "Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <x@example.co.jp>... User Unknown",
            550,
            "5.1.1",
            None,
        ),
        ("550 User unknown (#5.1.1 - chkusr)", 550, "5.1.1", "User unknown (#5.1.1 - chkusr)"),
        (
            "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>",
            421,
            "4.4.2",
            "4.4.2 Connection timed out",
        ),
        ("354 End data with <CR><LF>.<CR><LF> 451 4.3.0 Error: queue file write error", 451, "4.3.0", None),
        (
            "450 busy - please try later 551 not our user 503 need RCPT command [data] 551 not our user",
            551,
            None,
            None,
        ),
        ("554 <x@example.edu>... 550 Host unknown (Authoritative answer from name server)", 550, None, None),
        ("554 The domain is not reachable (-1915321397:308:-2147467259)", 554, None, None),
        ("Connected to 192.0.2.112:25 at 23:34:45 on port 587", None, None, None),
        ("", None, None, None),
    ],
)
def test_real_shapes(text: str, code: int | None, enhanced: str | None, first_line: str | None) -> None:
    reply = find_reply(text)
    if code is None:
        assert reply is None
        return
    assert reply is not None
    assert reply.code == code
    assert (str(reply.enhanced) if reply.enhanced else None) == enhanced
    if first_line is not None:
        assert reply.lines[0] == first_line


def test_a_folded_multi_line_reply() -> None:
    reply = find_reply(
        "550-5.1.1 The email account that you tried to reach does not exist. Please try "
        "550-5.1.1 double-checking the recipient's email address for typos or "
        "550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser - gsmtp"
    )
    assert reply is not None
    assert reply.code == 550
    assert len(reply.lines) == 3
    assert reply.text.startswith("The email account that you tried to reach does not exist.")


def test_bytes_and_wrong_types() -> None:
    assert find_reply(b"smtp; 550 5.1.1 unknown \xff") == SmtpReply(550, ("5.1.1 unknown \ufffd",))
    assert find_reply(None) is None  # type: ignore[arg-type]
    assert find_reply(550) is None  # type: ignore[arg-type]


def test_a_found_reply_survives_pickling() -> None:
    import pickle

    reply = find_reply("550 User unknown (#5.1.1 - chkusr)")
    assert reply is not None
    twin = pickle.loads(pickle.dumps(reply))
    assert twin == reply and twin.enhanced == reply.enhanced


def test_huge_text_is_read_in_linear_time() -> None:
    reply = find_reply("x " * 5_000_000 + "550 5.1.1 late")
    assert reply is None  # beyond the first MiB: not read
    assert find_reply("550 5.1.1 early " + "x " * 5_000_000) is not None


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), st.binary()))
def test_never_raises(text: str | bytes) -> None:
    reply = find_reply(text)
    assert reply is None or 200 <= reply.code <= 599


def test_many_candidates_are_read_in_linear_time() -> None:
    reply = find_reply("550 " * 262_144)  # every one a candidate: each looked at once
    assert reply is not None and reply.code == 550
