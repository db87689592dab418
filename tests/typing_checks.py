"""Static checks, not run by pytest: mypy --strict and pyright (strict) check these types.

``assert_type`` fails the type check, not the run, when a type checker sees another type.
"""

from __future__ import annotations

import sys
from typing import Literal, Optional

from smtpstatus import EnhancedStatusCode, ReplyClass, SmtpReply, SmtpStatusCode, lookup, parse_reply

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


def members_are_visible() -> None:
    assert_type(SmtpStatusCode.OK, Literal[SmtpStatusCode.OK])
    # .NET aliases, declared for type checkers (mypy types an alias as a literal of its own name).
    aliases: list[SmtpStatusCode] = [SmtpStatusCode.Ok, SmtpStatusCode.MailboxUnavailable]
    assert aliases == [SmtpStatusCode.OK, SmtpStatusCode.MAILBOX_UNAVAILABLE]
    value: int = SmtpStatusCode.OK.value
    assert value == 250
    assert_type(SmtpStatusCode.OK.description, str)
    assert_type(SmtpStatusCode.OK.dotnet_name, str)
    assert_type(SmtpStatusCode.OK.reply_class, Optional[ReplyClass])
    assert_type(SmtpStatusCode.OK.is_success, bool)
    assert_type(SmtpStatusCode(550), SmtpStatusCode)
    assert_type(SmtpStatusCode["MailboxUnavailable"], SmtpStatusCode)
    assert_type(SmtpStatusCode.lookup(555), Optional[SmtpStatusCode])
    assert_type(lookup(555), Optional[SmtpStatusCode])


def replies_are_typed() -> None:
    reply = parse_reply("550 5.1.1 nope")
    assert_type(reply, SmtpReply)
    assert_type(reply.code, int)
    assert_type(reply.lines, tuple[str, ...])
    assert_type(reply.status, Optional[SmtpStatusCode])
    assert_type(reply.enhanced, Optional[EnhancedStatusCode])
    assert_type(reply.text, str)
    assert_type(reply.is_permanent, bool)
