"""Our MIME reader (``smtpstatus.bounce.mime.Part``) against the standard library's ``email``
(policy ``compat32``), which it replaces for speed: on every real message of the corpus and on
structures written for the test, the same parts, fields and decoded bodies."""

from __future__ import annotations

import email
import email.message
import email.policy
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpstatus.bounce import parse_bounce
from smtpstatus.bounce.mime import REPORT_TYPES, Part, read_message, text_of

CORPUS = Path(__file__).parent / "data" / "bounces" / "emails"


def email_parts(message: email.message.Message) -> list[email.message.Message]:
    """``email``'s parts in order, without the field blocks it makes of a delivery-status body
    (``Part`` keeps that body as text: it is fields, not messages)."""
    found = [message]
    if message.get_content_type() in REPORT_TYPES:
        return found
    payload = message.get_payload()
    if isinstance(payload, list):
        for item in cast("list[object]", payload):
            assert isinstance(item, email.message.Message)
            found += email_parts(cast("email.message.Message", item))
    return found


def assert_same(data: bytes) -> None:
    ours = list(read_message(data).walk())
    theirs = email_parts(email.message_from_bytes(data, policy=email.policy.compat32))
    assert [part.get_content_type() for part in ours] == [part.get_content_type() for part in theirs]
    for mine, other in zip(ours, theirs):
        assert [name for name, _ in mine.items()] == list(other.keys())
        for (_, value), (_, expected) in zip(mine.items(), cast("list[tuple[str, object]]", other.items())):
            if isinstance(expected, str) and expected.isascii():  # not a Header of 8-bit bytes
                assert value == expected
        assert mine.get_content_charset() == other.get_content_charset()
        if mine.get_content_type() in REPORT_TYPES or isinstance(other.get_payload(), list):
            continue
        decoded = other.get_payload(decode=True)
        assert isinstance(decoded, bytes)
        # Up to the line ends at its very end: ``email`` keeps or drops the last one of a part
        # that no delimiter closes by how the parts nest; no reader looks at them.
        assert mine.decoded().rstrip(b"\r\n") == decoded.rstrip(b"\r\n")


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda path: path.name)
def test_every_corpus_message_reads_as_email_reads_it(path: Path) -> None:
    assert_same(path.read_bytes())


SEPARATOR = b"\r\n"
STRUCTURES = {
    "nested": (
        b'From: a@example.org\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\npreamble\r\n'
        b'--outer\r\nContent-Type: multipart/alternative; boundary="outer-inner"\r\n\r\n'
        b"--outer-inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain\r\n"
        b"--outer-inner\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--outer-inner--\r\n"
        b"--outer\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n--outer--\r\nepilogue\r\n"
    ),
    "encodings": (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Transfer-Encoding: base64\n\n"
        b"aGVsbG8gd29y\nbGQ=\n--b\nContent-Transfer-Encoding: quoted-printable\n"
        b"Content-Type: text/plain; charset=iso-8859-1\n\ncaf=E9 =\nau lait\n--b--\n"
    ),
    "no closing boundary": (
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nfirst\r\n--b\r\n\r\nlast, cut off"
    ),
    "boundary never occurs": b"Content-Type: multipart/mixed; boundary=b\r\n\r\njust text\r\n",
    "no boundary parameter": b"Content-Type: multipart/mixed\r\n\r\njust text\r\n",
    "a longer boundary is not this one": (
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--bb\r\nstill one\r\n--b--\r\n"
    ),
    "padding after the boundary": b"Content-Type: multipart/mixed; boundary=b\n\n--b  \n\none\n--b--\t\n",
    "folded fields": b"Subject: one\r\n two\r\n\tthree\r\nX-Empty:\r\nX-Spaces:   v  \r\n\r\nbody\r\n",
    "no body": b"Subject: only fields\r\n",
    "no fields": b"\r\nbody only\r\n",
    "a line that is no field": b"Subject: x\r\nthis is no field\r\nX-After: y\r\n\r\nbody\r\n",
    "mbox envelope line": b"From someone@example.org Sat Dec  5 06:04:58 2026\nSubject: x\n\nbody\n",
    "no content type": b"Subject: x\n\nbody\n",
    "malformed content type": b"Content-Type: text\n\nbody\n",
    "quoted parameters": b'Content-Type: multipart/mixed; charset="UTF-8"; boundary="a;b c"\n\n--a;b c\n\nx\n--a;b c--\n',
    "digest": (
        b"Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: one\n\nfirst\n--d\n\nSubject: two\n\nx\n--d--\n"
    ),
    "8-bit fields": "Subject: Größe\nFrom: Jürgen <j@example.de>\n\nbody\n".encode(),
    "bare CR line ends": b"Subject: x\rX-Two: y\r\rbody\r",
    "delivery status": (
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\n\nhuman\n"
        b"--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b.c\n"
        b"Action: failed\nStatus: 5.1.1\n--r--\n"
    ),
}


@pytest.mark.parametrize("data", STRUCTURES.values(), ids=STRUCTURES.keys())
def test_structures_read_as_email_reads_them(data: bytes) -> None:
    assert_same(data)


def test_a_delivery_status_body_stays_text() -> None:
    message = read_message(STRUCTURES["delivery status"])
    report = next(part for part in message.walk() if part.get_content_type() == "message/delivery-status")
    assert text_of(report).startswith("Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@b.c")


def test_an_email_message_is_read_too() -> None:
    data = (CORPUS / "lhost-postfix-01.eml").read_bytes()
    parsed = email.message_from_bytes(data, policy=email.policy.compat32)
    assert parse_bounce(parsed) == parse_bounce(data)
    assert isinstance(read_message(parsed), Part)


def test_parts_and_depth_are_bounded() -> None:
    deep = b"".join(b"Content-Type: message/rfc822\n\n" for _ in range(5_000)) + b"Subject: end\n\nbody\n"
    assert len(list(read_message(deep).walk())) <= 30
    many = b"Content-Type: multipart/mixed; boundary=b\n\n" + b"--b\n\nx\n" * 50_000 + b"--b--\n"
    assert len(list(read_message(many).walk())) <= 201


LINE_ENDS = st.sampled_from([b"\r\n", b"\n"])
WORDS = st.sampled_from([b"hello", b"550 5.1.1 user unknown", b"--", b"From x", b" folded", b"=41", b"Zm9v"])


@st.composite
def entities(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A MIME entity: some fields, then a body that is text, a multipart of entities (with a
    boundary that may be missing, longer, padded or never closed) or a message."""
    end = draw(LINE_ENDS)
    kind = draw(st.sampled_from(["text", "multipart", "message"] if depth < 3 else ["text"]))
    fields = [draw(st.sampled_from([b"Subject: s", b"X-A: 1", b"X-Folded: a" + end + b" b", b"From: a@b.c"]))]
    body = end.join(draw(st.lists(WORDS, max_size=4)))
    if kind == "multipart":
        boundary = draw(st.sampled_from([b"b", b"b c", b"=_x", b"bb"]))
        fields.append(b'Content-Type: multipart/mixed; boundary="' + boundary + b'"')
        pieces = [draw(entities(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
        delimiter = b"--" + draw(st.sampled_from([boundary, boundary, boundary + b"x"]))
        padding = draw(st.sampled_from([b"", b"  ", b"\t"]))
        body = b"preamble" + end + b"".join(delimiter + padding + end + piece + end for piece in pieces)
        if draw(st.booleans()):
            body += delimiter + b"--" + end + b"epilogue"
    elif kind == "message":
        fields.append(b"Content-Type: message/rfc822")
        body = draw(entities(depth + 1))
    else:
        charset, encoding = draw(
            st.sampled_from(
                [(b"utf-8", b"7bit"), (b"iso-8859-1", b"quoted-printable"), (b"us-ascii", b"base64")]
            )
        )
        fields += [b"Content-Type: text/plain; charset=" + charset, b"Content-Transfer-Encoding: " + encoding]
    return end.join(fields) + end + end + body


@settings(max_examples=400, deadline=None)
@given(entities())
def test_generated_structures_read_as_email_reads_them(data: bytes) -> None:
    assert_same(data)
