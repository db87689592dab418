"""Against a real server: aiosmtpd on 127.0.0.1, driven by smtplib, aiosmtplib and a raw socket.

Every reply a client receives is turned into an ``SmtpReply`` and checked: code, class, enhanced
code and the documented member.
"""

from __future__ import annotations

import asyncio
import smtplib
import socket
from collections.abc import Iterator
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from smtpstatus import EnhancedStatusCode, ReplyClass, SmtpReply, SmtpStatusCode, parse_reply
from smtpstatus.interop import replies_from_recipients_refused, reply_from_aiosmtplib, reply_from_smtplib

USER, PASSWORD = "alice", "correct horse"
REJECTIONS = {
    "nobody": "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown",
    "greylisted": "451 4.7.1 Greylisting in action, please come back later",
    "full": "452 4.2.2 Mailbox full",
    "closing": "421 4.3.2 Service shutting down, closing transmission channel",
    "badname": "553 5.1.3 Bad recipient address syntax",
}


class Handler:
    """Replies as a strict mail server does, chosen by the recipient's local part."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        local = address.split("@", 1)[0]
        if local in REJECTIONS:
            return REJECTIONS[local]
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if b"please-fail-transiently" in envelope.content:
            return "451 4.3.0 Error: queue file write error"
        return "250 2.0.0 Ok: queued as 4F0C21A2B3"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(**options: Any) -> Controller:
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=free_port(), data_size_limit=2000, **options
    )
    controller.start()
    return controller


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    controller = start()
    yield "127.0.0.1", controller.port
    controller.stop()


@pytest.fixture(scope="module")
def auth_server() -> Iterator[tuple[str, int]]:
    controller = start(auth_required=True, auth_require_tls=False, authenticator=authenticate)
    yield "127.0.0.1", controller.port
    controller.stop()


def reply_of(code: int, message: bytes | str) -> SmtpReply:
    return SmtpReply.from_code_and_message(code, message)


def check(reply: SmtpReply | None, code: int, klass: ReplyClass, enhanced: str | None = None) -> SmtpReply:
    assert reply is not None
    assert reply.code == code, reply
    assert reply.reply_class is klass
    assert reply.status is SmtpStatusCode.lookup(code)
    assert (str(reply.enhanced) if reply.enhanced else None) == enhanced
    return reply


# smtplib ------------------------------------------------------------------------------------


def test_smtplib_banner_ehlo_and_delivery(server: tuple[str, int]) -> None:
    with smtplib.SMTP(timeout=10) as client:
        banner = reply_of(*client.connect(*server))
        check(banner, 220, ReplyClass.POSITIVE_COMPLETION)
        assert banner.status is SmtpStatusCode.SERVICE_READY
        code, message = client.ehlo("client.example")
        ehlo = reply_of(code, message)
        check(ehlo, 250, ReplyClass.POSITIVE_COMPLETION)
        assert len(ehlo.lines) > 1 and "8BITMIME" in ehlo.lines
        assert ehlo.status is SmtpStatusCode.OK
        check(reply_of(*client.mail("sender@example.com")), 250, ReplyClass.POSITIVE_COMPLETION)
        check(reply_of(*client.rcpt("someone@example.com")), 250, ReplyClass.POSITIVE_COMPLETION, "2.1.5")
        check(reply_of(*client.docmd("DATA")), 354, ReplyClass.POSITIVE_INTERMEDIATE)
        client.send(b"Subject: hi\r\n\r\nhello\r\n.\r\n")
        queued = reply_of(*client.getreply())
        check(queued, 250, ReplyClass.POSITIVE_COMPLETION, "2.0.0")
        assert queued.text == "Ok: queued as 4F0C21A2B3"
        quit_reply = reply_of(*client.docmd("QUIT"))
        check(quit_reply, 221, ReplyClass.POSITIVE_COMPLETION)
        assert quit_reply.status is SmtpStatusCode.SERVICE_CLOSING_TRANSMISSION_CHANNEL
        client.close()


def test_smtplib_refused_recipients(server: tuple[str, int]) -> None:
    recipients = ["nobody@example.com", "badname@example.com", "greylisted@example.com", "full@example.com"]
    with smtplib.SMTP(*server, timeout=10) as client, pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
        client.sendmail("sender@example.com", recipients, b"Subject: x\r\n\r\nbody\r\n")
    replies = replies_from_recipients_refused(caught.value)
    assert sorted(replies) == sorted(recipients)
    check(replies["nobody@example.com"], 550, ReplyClass.PERMANENT_NEGATIVE, "5.1.1")
    assert replies["nobody@example.com"].status is SmtpStatusCode.MAILBOX_UNAVAILABLE
    check(replies["badname@example.com"], 553, ReplyClass.PERMANENT_NEGATIVE, "5.1.3")
    assert replies["badname@example.com"].status is SmtpStatusCode.MAILBOX_NAME_NOT_ALLOWED
    check(replies["greylisted@example.com"], 451, ReplyClass.TRANSIENT_NEGATIVE, "4.7.1")
    assert replies["greylisted@example.com"].status is SmtpStatusCode.LOCAL_ERROR_IN_PROCESSING
    check(replies["full@example.com"], 452, ReplyClass.TRANSIENT_NEGATIVE, "4.2.2")


def test_smtplib_421_closes(server: tuple[str, int]) -> None:
    with smtplib.SMTP(*server, timeout=10) as client, pytest.raises(smtplib.SMTPRecipientsRefused) as caught:
        client.sendmail("sender@example.com", ["closing@example.com"], b"x")
    reply = replies_from_recipients_refused(caught.value)["closing@example.com"]
    check(reply, 421, ReplyClass.TRANSIENT_NEGATIVE, "4.3.2")
    assert reply.status is SmtpStatusCode.SERVICE_NOT_AVAILABLE


def test_smtplib_message_too_large_and_transient_data_failure(server: tuple[str, int]) -> None:
    with smtplib.SMTP(*server, timeout=10) as client:
        big = b"Subject: big\r\n\r\n" + (b"x" * 70 + b"\r\n") * 80
        # smtplib announces the size (SIZE=) with MAIL, so the server refuses at once...
        with pytest.raises(smtplib.SMTPSenderRefused) as announced:
            client.sendmail("sender@example.com", ["someone@example.com"], big)
        reply = check(reply_from_smtplib(announced.value), 552, ReplyClass.PERMANENT_NEGATIVE)
        assert reply.status is SmtpStatusCode.EXCEEDED_STORAGE_ALLOCATION
        client.rset()
        # ...and without SIZE it refuses after the data.
        client.mail("sender@example.com")
        client.rcpt("someone@example.com")
        after_data = reply_of(*client.data(big))
        check(after_data, 552, ReplyClass.PERMANENT_NEGATIVE)
        assert after_data.status is SmtpStatusCode.EXCEEDED_STORAGE_ALLOCATION
        client.rset()
        with pytest.raises(smtplib.SMTPDataError) as transient:
            client.sendmail(
                "sender@example.com",
                ["someone@example.com"],
                b"Subject: t\r\n\r\nplease-fail-transiently\r\n",
            )
        check(reply_from_smtplib(transient.value), 451, ReplyClass.TRANSIENT_NEGATIVE, "4.3.0")


def test_smtplib_bad_sequence_and_unknown_commands(server: tuple[str, int]) -> None:
    with smtplib.SMTP(*server, timeout=10) as client:
        client.ehlo()
        sequence = reply_of(*client.docmd("RCPT", "TO:<someone@example.com>"))
        check(sequence, 503, ReplyClass.PERMANENT_NEGATIVE)
        assert sequence.status is SmtpStatusCode.COMMAND_NOT_PERMITTED
        unknown = reply_of(*client.docmd("FROBNICATE"))
        check(unknown, 500, ReplyClass.PERMANENT_NEGATIVE)
        assert unknown.status is SmtpStatusCode.COMMAND_UNRECOGNIZED
        expn = reply_of(*client.docmd("EXPN", "staff"))
        assert expn.code == 502 and expn.status is SmtpStatusCode.COMMAND_NOT_IMPLEMENTED
        assert expn.is_permanent
        malformed = reply_of(*client.docmd("MAIL", "FROM:<<<"))
        check(malformed, 553, ReplyClass.PERMANENT_NEGATIVE, "5.1.3")
        assert malformed.status is SmtpStatusCode.MAILBOX_NAME_NOT_ALLOWED


def test_smtplib_authentication(auth_server: tuple[str, int]) -> None:
    with smtplib.SMTP(*auth_server, timeout=10) as client:
        client.ehlo()
        required = reply_of(*client.mail("sender@example.com"))
        check(required, 530, ReplyClass.PERMANENT_NEGATIVE, "5.7.0")
        assert required.status is SmtpStatusCode.AUTHENTICATION_REQUIRED
        challenge = reply_of(*client.docmd("AUTH", "LOGIN"))
        check(challenge, 334, ReplyClass.POSITIVE_INTERMEDIATE)
        assert challenge.status is SmtpStatusCode.BASE_64_RESPONSE
        aborted = reply_of(*client.docmd("*"))  # cancel the exchange
        check(aborted, 501, ReplyClass.PERMANENT_NEGATIVE, "5.7.0")
        assert aborted.status is SmtpStatusCode.SYNTAX_ERROR
        with pytest.raises(smtplib.SMTPAuthenticationError) as refused:
            client.login(USER, "wrong")
        reply = check(reply_from_smtplib(refused.value), 535, ReplyClass.PERMANENT_NEGATIVE, "5.7.8")
        assert reply.status is SmtpStatusCode.CREDENTIALS_INVALID
        accepted = reply_of(*client.login(USER, PASSWORD))
        check(accepted, 235, ReplyClass.POSITIVE_COMPLETION, "2.7.0")
        assert accepted.status is SmtpStatusCode.AUTHENTICATION_SUCCEEDED


# a raw socket: the bytes exactly as they come off the wire ------------------------------------


def read_reply(stream: Any) -> bytes:
    data = b""
    while True:
        line = bytes(stream.readline())
        assert line, "connection closed mid-reply"
        data += line
        if line[3:4] != b"-":
            return data


def test_raw_wire_bytes(server: tuple[str, int]) -> None:
    with socket.create_connection(server, timeout=10) as connection, connection.makefile("rb") as stream:
        banner = parse_reply(read_reply(stream))
        check(banner, 220, ReplyClass.POSITIVE_COMPLETION)
        assert banner.status is SmtpStatusCode.SERVICE_READY
        connection.sendall(b"EHLO raw.example\r\n")
        raw = read_reply(stream)
        assert raw.count(b"\r\n") > 1 and raw.startswith(b"250-")
        ehlo = parse_reply(raw)
        check(ehlo, 250, ReplyClass.POSITIVE_COMPLETION)
        assert ehlo.to_wire().encode() == raw
        connection.sendall(b"HELP\r\n")
        help_reply = parse_reply(read_reply(stream))
        assert help_reply.code in (214, 250) and help_reply.is_success
        connection.sendall(b"QUIT\r\n")
        check(parse_reply(read_reply(stream)), 221, ReplyClass.POSITIVE_COMPLETION)


# aiosmtplib ---------------------------------------------------------------------------------


async def aiosmtplib_session(
    host: str, port: int, auth_host: str, auth_port: int
) -> list[tuple[SmtpReply | None, int, ReplyClass, str | None]]:
    seen: list[tuple[SmtpReply | None, int, ReplyClass, str | None]] = []
    client = aiosmtplib.SMTP(hostname=host, port=port, timeout=10, start_tls=False, use_tls=False)
    banner = await client.connect()
    seen.append((reply_from_aiosmtplib(banner), 220, ReplyClass.POSITIVE_COMPLETION, None))
    ehlo = await client.ehlo()
    seen.append((reply_from_aiosmtplib(ehlo), 250, ReplyClass.POSITIVE_COMPLETION, None))
    seen.append(
        (
            reply_from_aiosmtplib(await client.mail("sender@example.com")),
            250,
            ReplyClass.POSITIVE_COMPLETION,
            None,
        )
    )
    try:
        await client.rcpt("nobody@example.com")
    except aiosmtplib.SMTPRecipientRefused as refused:
        seen.append((reply_from_aiosmtplib(refused), 550, ReplyClass.PERMANENT_NEGATIVE, "5.1.1"))
    try:
        await client.rcpt("greylisted@example.com")
    except aiosmtplib.SMTPRecipientRefused as refused:
        seen.append((reply_from_aiosmtplib(refused), 451, ReplyClass.TRANSIENT_NEGATIVE, "4.7.1"))
    seen.append(
        (
            reply_from_aiosmtplib(await client.rcpt("someone@example.com")),
            250,
            ReplyClass.POSITIVE_COMPLETION,
            "2.1.5",
        )
    )
    seen.append(
        (
            reply_from_aiosmtplib(await client.data(b"Subject: hi\r\n\r\nhello\r\n")),
            250,
            ReplyClass.POSITIVE_COMPLETION,
            "2.0.0",
        )
    )
    seen.append(
        (
            reply_from_aiosmtplib(await client.execute_command(b"FROBNICATE")),
            500,
            ReplyClass.PERMANENT_NEGATIVE,
            None,
        )
    )
    try:
        await client.sendmail("sender@example.com", ["nobody@example.com", "badname@example.com"], b"x")
    except aiosmtplib.SMTPRecipientsRefused as refused_all:
        replies = replies_from_recipients_refused(refused_all)
        seen.append((replies["nobody@example.com"], 550, ReplyClass.PERMANENT_NEGATIVE, "5.1.1"))
        seen.append((replies["badname@example.com"], 553, ReplyClass.PERMANENT_NEGATIVE, "5.1.3"))
    seen.append((reply_from_aiosmtplib(await client.quit()), 221, ReplyClass.POSITIVE_COMPLETION, None))

    auth_client = aiosmtplib.SMTP(
        hostname=auth_host, port=auth_port, timeout=10, start_tls=False, use_tls=False
    )
    await auth_client.connect()
    await auth_client.ehlo()
    try:
        await auth_client.mail("sender@example.com")
    except aiosmtplib.SMTPSenderRefused as refused_sender:
        seen.append((reply_from_aiosmtplib(refused_sender), 530, ReplyClass.PERMANENT_NEGATIVE, "5.7.0"))
    try:
        await auth_client.login(USER, "wrong")
    except aiosmtplib.SMTPAuthenticationError as failed:
        seen.append((reply_from_aiosmtplib(failed), 535, ReplyClass.PERMANENT_NEGATIVE, "5.7.8"))
    seen.append(
        (
            reply_from_aiosmtplib(await auth_client.login(USER, PASSWORD)),
            235,
            ReplyClass.POSITIVE_COMPLETION,
            "2.7.0",
        )
    )
    await auth_client.quit()
    return seen


def test_aiosmtplib(server: tuple[str, int], auth_server: tuple[str, int]) -> None:
    seen = asyncio.run(aiosmtplib_session(*server, *auth_server))
    assert [expected for _, expected, _, _ in seen] == [
        220,
        250,
        250,
        550,
        451,
        250,
        250,
        500,
        550,
        553,
        221,
        530,
        535,
        235,
    ]
    replies = [check(reply, code, klass, enhanced) for reply, code, klass, enhanced in seen]
    assert replies[1].lines[-1] and len(replies[1].lines) > 1
    assert replies[3].enhanced == EnhancedStatusCode(5, 1, 1)
