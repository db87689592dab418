"""Reply classes and categories on SmtpStatusCode members (RFC 5321 section 4.2)."""

from __future__ import annotations

import pytest

from smtpstatus import ReplyCategory, ReplyClass, SmtpStatusCode


@pytest.mark.parametrize("member", list(SmtpStatusCode), ids=lambda member: member.name)
def test_class_and_category_come_from_the_digits(member: SmtpStatusCode) -> None:
    if member.value <= 0:
        assert member.reply_class is None and member.category is None
        assert not (member.is_success or member.is_intermediate or member.is_transient or member.is_permanent)
        return
    digits = str(member.value)
    assert member.reply_class == ReplyClass(int(digits[0]))
    assert member.category == ReplyCategory(int(digits[1]))
    flags = [member.is_success, member.is_intermediate, member.is_transient, member.is_permanent]
    assert flags.count(True) == 1
    assert flags.index(True) == int(digits[0]) - 2
    assert member.is_error == (member.value >= 400)


def test_examples() -> None:
    assert SmtpStatusCode.OK.is_success
    assert SmtpStatusCode.START_MAIL_INPUT.is_intermediate
    assert SmtpStatusCode.SERVICE_NOT_AVAILABLE.is_transient
    assert SmtpStatusCode.MAILBOX_UNAVAILABLE.category is ReplyCategory.MAIL_SYSTEM
    assert SmtpStatusCode.COMMAND_UNRECOGNIZED.category is ReplyCategory.SYNTAX
    assert SmtpStatusCode.SERVICE_READY.category is ReplyCategory.CONNECTIONS
    assert SmtpStatusCode.HELP_MESSAGE.category is ReplyCategory.INFORMATION
    assert str(ReplyClass.TRANSIENT_NEGATIVE) == "transient negative"


def test_lookup_never_raises() -> None:
    assert SmtpStatusCode.lookup(550) is SmtpStatusCode.MAILBOX_UNAVAILABLE
    for code in (555, 521, 523, 200, 559, 999, 42, 199, 600):
        assert SmtpStatusCode.lookup(code) is None
    assert SmtpStatusCode.lookup(-1) is SmtpStatusCode.GENERAL_FAILURE
    assert SmtpStatusCode.lookup(0) is SmtpStatusCode.NOT_DEFINED
    with pytest.raises(ValueError, match="999 is not a valid SmtpStatusCode"):
        SmtpStatusCode(999)


def test_module_lookup_is_the_same_lookup() -> None:
    import smtpstatus

    for code in (-1, 0, 250, 550, 555, 999):
        assert smtpstatus.lookup(code) is SmtpStatusCode.lookup(code)


def test_members_and_replies_classify_alike() -> None:
    from smtpstatus import parse_reply

    for member in SmtpStatusCode:
        if member.value > 0:
            reply = parse_reply(f"{member.value} text")
            assert (reply.reply_class, reply.category, reply.is_success, reply.is_error) == (
                member.reply_class,
                member.category,
                member.is_success,
                member.is_error,
            )
    odd = parse_reply("590 a server's own code")
    assert odd.reply_class is ReplyClass.PERMANENT_NEGATIVE and odd.category is None and odd.is_permanent
