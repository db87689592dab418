"""parse_reply on replies as real servers word them, on malformed input, and on random input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpstatus import EnhancedStatusCode, ReplyClass, SmtpReply, SmtpReplyError, SmtpStatusCode, parse_reply
from tests.helpers import DATA

REAL_REPLIES: list[dict[str, Any]] = json.loads((DATA / "replies.json").read_text(encoding="utf-8"))


def test_fixture_covers_many_servers() -> None:
    assert len(REAL_REPLIES) >= 40
    assert any(case["lines"] > 1 for case in REAL_REPLIES)
    assert any(case["enhanced"] is None for case in REAL_REPLIES)


@pytest.mark.parametrize("case", REAL_REPLIES, ids=[case["server"] for case in REAL_REPLIES])
def test_real_reply(case: dict[str, Any]) -> None:
    for data in (case["reply"], case["reply"].encode("utf-8")):
        reply = parse_reply(data)
        assert reply.code == case["code"]
        assert len(reply.lines) == case["lines"]
        assert (str(reply.enhanced) if reply.enhanced else None) == case["enhanced"]
        assert reply.reply_class is ReplyClass[case["class"]]
        assert reply.text.startswith(case["text_starts"])
        assert reply.status is SmtpStatusCode.lookup(case["code"])
        assert parse_reply(reply.to_wire()) == reply
        klass = case["class"]
        assert reply.is_success == (klass == "POSITIVE_COMPLETION")
        assert reply.is_intermediate == (klass == "POSITIVE_INTERMEDIATE")
        assert reply.is_transient == (klass == "TRANSIENT_NEGATIVE")
        assert reply.is_permanent == (klass == "PERMANENT_NEGATIVE")


def test_multi_line_with_enhanced_codes_on_every_line() -> None:
    reply = parse_reply(
        "550-5.1.1 The email account that you tried to reach does not exist.\r\n550 5.1.1 Please check.\r\n"
    )
    assert reply.enhanced == EnhancedStatusCode(5, 1, 1)
    assert reply.lines == (
        "5.1.1 The email account that you tried to reach does not exist.",
        "5.1.1 Please check.",
    )
    assert reply.text == "The email account that you tried to reach does not exist.\nPlease check."
    assert reply.status is SmtpStatusCode.MAILBOX_UNAVAILABLE


def test_unlisted_code_has_no_status_but_a_class() -> None:
    reply = parse_reply("555 5.5.2 Syntax error")
    assert reply.status is None
    assert reply.reply_class is ReplyClass.PERMANENT_NEGATIVE
    assert reply.is_permanent


def test_code_only() -> None:
    reply = parse_reply("354")
    assert reply.lines == ("",)
    assert reply.text == ""
    assert reply.is_intermediate


def test_str_and_repr() -> None:
    reply = parse_reply("250-a\r\n250 b\r\n")
    assert str(reply) == "250-a\n250 b"
    assert repr(reply) == "SmtpReply(code=250, lines=('a', 'b'))"
    assert reply.to_wire() == "250-a\r\n250 b\r\n"


def test_from_code_and_message_like_smtplib() -> None:
    reply = SmtpReply.from_code_and_message(250, b"mx.example.com\nPIPELINING\nSIZE 1000")
    assert reply.lines == ("mx.example.com", "PIPELINING", "SIZE 1000")
    assert SmtpReply.from_code_and_message(550, "5.1.1 nope").enhanced == EnhancedStatusCode(5, 1, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "does not start with a reply code"),
        ("\r\n", "does not start with a reply code"),
        ("hello", "does not start with a reply code"),
        ("25", "does not start with a reply code"),
        ("650 Nope", "does not start with a reply code"),
        ("150 Preliminary", "does not start with a reply code"),
        ("2x0 OK", "does not start with a reply code"),
        ("\uff12\uff15\uff10 OK", "does not start with a reply code"),
        ("250OK", "expected a space or a line end"),
        ("250-OK", "needs a final line"),
        ("250-a\r\n251 b", "differs from 250"),
        ("250 a\r\n250 b", "must have '-'"),
        ("250-a\r\n250-b", "the last line must have a space"),
        ("250-a\r\n\r\n250 b", "line 2"),
        (" 250 OK", "does not start with a reply code"),
    ],
)
def test_malformed_replies(data: str, message: str) -> None:
    with pytest.raises(SmtpReplyError, match=message.replace("(", r"\(")):
        parse_reply(data)


def test_error_is_a_value_error() -> None:
    assert issubclass(SmtpReplyError, ValueError)
    with pytest.raises(TypeError):
        parse_reply(250)  # type: ignore[arg-type]


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(), st.binary()))
def test_random_input_gives_a_reply_or_the_documented_error(data: str | bytes) -> None:
    try:
        reply = parse_reply(data)
    except SmtpReplyError:
        return
    assert 200 <= reply.code <= 599
    assert reply.lines
    assert len(reply.text.split("\n")) == len(reply.lines)  # one text line per reply line
    assert reply.enhanced is None or reply.enhanced.klass == reply.code // 100


line_text = st.text(st.characters(exclude_characters="\r\n"), max_size=40)


@settings(max_examples=1000, deadline=None)
@given(st.integers(200, 599), st.lists(line_text, min_size=1, max_size=6), st.sampled_from(["\r\n", "\n"]))
def test_well_formed_replies_round_trip(code: int, lines: list[str], newline: str) -> None:
    wire = "".join(
        f"{code}{'-' if index < len(lines) - 1 else ' '}{line}{newline}" for index, line in enumerate(lines)
    )
    reply = parse_reply(wire)
    assert reply.code == code
    assert list(reply.lines) == lines
    assert parse_reply(reply.to_wire()) == reply


@pytest.mark.parametrize("make", ["fresh", "looked_at"])
def test_replies_survive_pickling_and_copying(make: str) -> None:
    import copy
    import pickle

    reply = parse_reply("550 5.1.1 <x@example.com>: no such user\r\n")
    if make == "looked_at":
        assert reply.enhanced is not None
    for twin in (pickle.loads(pickle.dumps(reply)), copy.deepcopy(reply), copy.copy(reply)):
        assert twin == reply
        assert twin.enhanced == EnhancedStatusCode(5, 1, 1)
        assert twin.text == "<x@example.com>: no such user"


@pytest.mark.parametrize(
    ("code", "lines", "error"),
    [
        (999, ("a\r\n250 injected",), SmtpReplyError),
        (550, ("a\r\n250 injected",), SmtpReplyError),
        (550, ("a\n",), SmtpReplyError),
        (550, ("a\rb",), SmtpReplyError),
        (550, (), SmtpReplyError),
        (150, ("a",), SmtpReplyError),
        (600, ("a",), SmtpReplyError),
        ("550", ("a",), TypeError),
        (True, ("a",), TypeError),
        (550, (b"a",), TypeError),
    ],
)
def test_the_constructor_validates(code: object, lines: tuple[object, ...], error: type[Exception]) -> None:
    with pytest.raises(error):
        SmtpReply(code, lines)  # type: ignore[arg-type]


def test_no_reply_can_inject_a_line_on_the_wire() -> None:
    reply = SmtpReply.from_code_and_message(550, "a\r\n250 injected")
    assert reply.lines == ("a", "250 injected")
    assert reply.to_wire() == "550-a\r\n550 250 injected\r\n"


def test_from_code_and_message_names_the_code_not_a_line() -> None:
    with pytest.raises(SmtpReplyError, match=r"^150 is not a reply code 2xx-5xx"):
        SmtpReply.from_code_and_message(150, "a")


@pytest.mark.parametrize("text", ["550 a\rb", "550-a\r\n550 b\rc\r\n", "550-a\rb\r\n550 c"])
def test_a_bare_cr_is_not_a_line_end(text: str) -> None:
    with pytest.raises(SmtpReplyError, match="bare CR"):
        parse_reply(text)
