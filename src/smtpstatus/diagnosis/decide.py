"""The decision: a reason from the evidence, in the documented order of trust, then what it means.

1. The reply code (RFC 5321) says whether the failure is permanent or transient.
2. A specific enhanced status code (RFC 3463 and the IANA registry: ``5.1.1``, ``5.2.2``,
   ``5.7.26``, ...) names the reason outright (``codes.SPECIFIC_STATUS``).
3. The words name it where the codes are generic (``5.0.0``, ``5.7.1``, ``550``): first the words
   of the reply the server sent (the innermost, where one is quoted in another), then those of the
   whole text, where a relay or a service may paraphrase it ("Unknown address error").
4. A generic enhanced code or reply code gives a reason only when nothing above did.
5. The refused stage decides among the reasons a stage allows (``commands.COMMAND_REASONS``); a
   local delivery program's report can only be about the mailbox and the message.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Union

from smtpstatus._text import ENHANCED_IN_TEXT
from smtpstatus.diagnosis.codes import GENERIC_STATUS, REPLY_CODES, SPECIFIC_STATUS, TRANSIENT_GENERIC_STATUS
from smtpstatus.diagnosis.commands import COMMAND_REASONS, RECIPIENT_REASONS, command_of
from smtpstatus.diagnosis.reasons import Action, Reason, action_for, is_hard_bounce
from smtpstatus.diagnosis.words import (
    MAX_WORDS_CHARACTERS,
    priority_reason,
    reason_from_words,
    says_transient,
    words_of,
)
from smtpstatus.enhanced import EnhancedStatusCode, parse_enhanced
from smtpstatus.find import find_reply
from smtpstatus.reply import SmtpReply

__all__ = [
    "Diagnosis",
    "best_enhanced",
    "choose_reason",
    "conclude",
    "diagnose",
    "is_local_delivery",
    "is_transient",
    "with_reason",
]


class Diagnosis(NamedTuple):
    """What is known about one failed (or reported) delivery."""

    reply: SmtpReply | None
    """The reply the remote server sent, where the text carries one."""
    enhanced: EnhancedStatusCode | None
    """The enhanced status code, from the reply or anywhere in the text."""
    reason: Reason
    hard_bounce: bool
    """True when the address itself is bad for good: stop mailing it."""
    action: Action
    transient: bool | None
    """True for a temporary failure, False for a permanent one, None where nothing says which."""


Subject = Union[str, bytes, SmtpReply, None]


def enhanced_in_text(text: str, klass: int | None) -> EnhancedStatusCode | None:
    """The first enhanced code in ``text``, of ``klass`` where a reply code fixes the class."""
    for match in ENHANCED_IN_TEXT.finditer(text[:MAX_WORDS_CHARACTERS]):
        code = parse_enhanced(match[1])
        if code is not None and (klass is None or code.klass == klass):
            return code
    return None


def best_enhanced(
    status: EnhancedStatusCode | None, reply: SmtpReply | None, text: str
) -> EnhancedStatusCode | None:
    """What the server said (the reply's own enhanced code) first, then a reported ``status``
    (a DSN's summary of it), then any code of the reply's class in the text."""
    if reply is not None and reply.enhanced is not None:
        return reply.enhanced
    if status is not None:
        return status
    return enhanced_in_text(text, reply.code // 100 if reply is not None else None)


def choose_reason(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    command: str | None = None,
    *,
    transient: bool | None = None,
    local_delivery: bool = False,
    reported: bool = False,
) -> Reason:
    """The reason, by the order of trust in the module docstring; then what the refused command
    (``COMMAND_REASONS``), a local delivery program (``LOCAL_DELIVERY_REASONS``) and a temporary
    failure say about it. ``reported``: the text is a delivery report's (see ``_not_shown_unknown``)."""
    reason = _reason_of_evidence(reply, enhanced, text, command, reported=reported)
    if local_delivery and reason not in LOCAL_DELIVERY_REASONS:
        return Reason.MAILER_ERROR
    if command is not None and reason in RECIPIENT_REASONS:
        reason = COMMAND_REASONS.get(command, reason)
    if reason is Reason.HOST_UNKNOWN and transient:
        return Reason.NETWORK_ERROR  # a name that does not resolve for now: a DNS failure, retried
    return reason


# A Diagnostic-Code of type X-Unix (RFC 3464, 2.3.6) is what a local delivery program said: a pipe,
# procmail, mail.local (sendmail reports its exit status: "X-Unix; 71"). The recipient was accepted
# and handed to it; what it can know of is the mailbox and the message. Any other failure is the
# program's own: "No such user" from a pipe is its user, not the recipient.
LOCAL_DELIVERY_REASONS = frozenset(
    {
        Reason.MAILBOX_FULL,
        Reason.EXCEED_LIMIT,
        Reason.EMAIL_TOO_LARGE,
        Reason.SYSTEM_FULL,
        Reason.SUSPEND,
        Reason.FILTERED,
        Reason.SPAM_DETECTED,
        Reason.VIRUS_DETECTED,
        Reason.CONTENT_ERROR,
    }
)
_LOCAL_DELIVERY_TYPE = re.compile(r"\s*x-unix\s*;", re.IGNORECASE)


def is_local_delivery(diagnostic_code: str) -> bool:
    """True where a ``Diagnostic-Code`` value is of type X-Unix: a local delivery program's report."""
    return _LOCAL_DELIVERY_TYPE.match(diagnostic_code) is not None


def _reason_of_evidence(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    command: str | None,
    *,
    reported: bool,
) -> Reason:
    if enhanced is not None and enhanced.klass == 2:
        return Reason.DELIVERED
    # What the server said, then what the text around it says (see the module docstring).
    worded = reason_from_words(" ".join(reply.lines)) if reply is not None else None
    if enhanced is not None:
        specific = SPECIFIC_STATUS.get((enhanced.subject, enhanced.detail))
        # A code the server's reply does not carry (a DSN's Status, RFC 3464 2.3.4, is the reporting
        # MTA's summary of the reply in 2.3.6's Diagnostic-Code) does not overrule the reply's words.
        summarized = reply is not None and reply.enhanced is None and worded is not None
        if specific is not None and not summarized:
            return specific
    if worded is None:
        worded = reason_from_words(text)
    if worded is Reason.USER_UNKNOWN and _not_shown_unknown(
        reply, enhanced, command, text, reported=reported
    ):
        return Reason.FILTERED
    if worded is not None:
        return worded
    if enhanced is not None:
        key = (enhanced.subject, enhanced.detail)
        generic = (TRANSIENT_GENERIC_STATUS.get(key) if enhanced.klass == 4 else None) or GENERIC_STATUS.get(
            key
        )
        if generic is not None:
            return generic
    if reply is not None:
        if reply.code < 300:
            return Reason.DELIVERED
        by_code = REPLY_CODES.get(reply.code)
        if by_code is not None:
            return by_code
    return Reason.UNDEFINED


def _not_shown_unknown(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    command: str | None,
    text: str,
    *,
    reported: bool,
) -> bool:
    """True where "user unknown" is not shown to be what happened, so a filter is taken to have
    said it (``FILTERED``, not a hard bounce).

    A refusal after DATA comes after the server accepted the recipient at RCPT TO; an enhanced
    code about the mailbox's state (x.2.0) says the mailbox exists; a security or policy code
    (x.7.y) says a policy refused it, whatever words it chose (except a ``PRIORITY_WORDS`` phrase,
    which is how such a server says "user unknown").

    In a delivery report (``reported``), a quoted reply with no enhanced code, at a stage the
    report does not name, is not shown either. The MTAs that refuse a recipient at RCPT TO, or
    report such a refusal, say so: an address code (x.1.y, RFC 3463), "in reply to RCPT TO", a
    transcript. Reports with neither come from gateways and filters that accepted the message and
    refused it afterwards, in the words "550 unknown user". (A reply on its own, as ``diagnose``
    gets it, is taken at its word: it may well be the answer to RCPT TO.)
    """
    if command == "DATA":
        return True
    if enhanced is None:
        return reported and reply is not None and command is None
    if (enhanced.subject, enhanced.detail) == (2, 0):
        return True
    return enhanced.subject == 7 and priority_reason(words_of(text)) is None


def is_transient(reply: SmtpReply | None, enhanced: EnhancedStatusCode | None, text: str) -> bool | None:
    """Temporary or permanent: the reply code first, then the enhanced code, then the words."""
    if reply is not None and reply.code >= 400:
        return reply.code < 500
    if enhanced is not None and enhanced.klass != 2:
        return enhanced.klass == 4
    return True if says_transient(text) else None


def conclude(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    reason: Reason | None = None,
    *,
    command: str | None = None,
    local_delivery: bool = False,
    reported: bool = False,
) -> Diagnosis:
    """A ``Diagnosis`` from evidence already found (``parse_bounce`` has more than one text).

    ``command`` is the SMTP command the failure answered, where known (``RCPT``, ``DATA``);
    ``local_delivery`` is true where a local delivery program reported it (``is_local_delivery``);
    ``reported`` where the text is a delivery report's (a bounce message), not a reply alone.
    """
    transient = is_transient(reply, enhanced, text)
    if reason is None:
        reason = choose_reason(
            reply,
            enhanced,
            text,
            command,
            transient=transient,
            local_delivery=local_delivery,
            reported=reported,
        )
    return with_reason(
        Diagnosis(
            reply=reply,
            enhanced=enhanced,
            reason=reason,
            hard_bounce=False,
            action=Action.NOTHING,
            transient=transient,
        ),
        reason,
    )


def with_reason(diagnosis: Diagnosis, reason: Reason) -> Diagnosis:
    """``diagnosis`` with ``reason``, its hard bounce and advice derived by the one rule (a hard
    reason of a failure that is not transient stops mailing; ``reasons.action_for`` says what to do)."""
    return diagnosis._replace(
        reason=reason,
        hard_bounce=is_hard_bounce(reason, diagnosis.transient),
        action=action_for(reason, diagnosis.transient),
    )


def diagnose(subject: Subject) -> Diagnosis:
    """Why delivery failed and what to do, from a reply or any text that carries one.

    ``subject`` is an ``SmtpReply``, or ``str``/``bytes`` such as a ``Diagnostic-Code:`` value, a
    log line or an exception message. Never raises: anything else is diagnosed as no evidence
    (``Reason.UNDEFINED``).

    >>> diagnosis = diagnose("host mx.example.net[192.0.2.1] said: 552 5.2.2 <x@example.net>: "
    ...                      "Mailbox full (in reply to RCPT TO command)")
    >>> diagnosis.reason, diagnosis.hard_bounce, str(diagnosis.action)
    (<Reason.MAILBOX_FULL: 'mailboxfull'>, False, 'retry later')
    """
    try:
        if isinstance(subject, SmtpReply):
            reply: SmtpReply | None = subject
            text = "\n".join(subject.lines)
        elif isinstance(subject, (str, bytes)):
            text = subject if isinstance(subject, str) else bytes(subject).decode("utf-8", "replace")
            reply = find_reply(text)
        else:
            reply, text = None, ""
        return conclude(
            reply,
            best_enhanced(None, reply, text),
            text,
            command=command_of(text),
            local_delivery=is_local_delivery(text),
        )
    except Exception:  # never raises: the evidence is data
        return conclude(None, None, "")
