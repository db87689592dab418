"""One record per failed recipient, and the one reading of a recipient's text that every report
format shares: its reply, enhanced code, refused command and diagnosis."""

from __future__ import annotations

import functools
from typing import NamedTuple

from smtpstatus._text import fold_whitespace
from smtpstatus.diagnosis.codes import SPECIFIC_STATUS
from smtpstatus.diagnosis.commands import command_of
from smtpstatus.diagnosis.decide import Diagnosis, best_enhanced, conclude, with_reason
from smtpstatus.diagnosis.reasons import Action, Reason
from smtpstatus.diagnosis.words import names_connection_failure, reason_from_words
from smtpstatus.enhanced import EnhancedStatusCode
from smtpstatus.find import find_reply


class BouncedRecipient(NamedTuple):
    """One recipient of a bounce message, and what happened to its delivery."""

    recipient: str
    """The address that failed (lowercase domain kept as written)."""
    action: str
    """``failed``, ``delayed``, ``delivered``, ``relayed``, ``expanded`` (RFC 3464), or ``""``."""
    status: EnhancedStatusCode | None
    """The enhanced status code (RFC 3463), where the message carries one."""
    reply_code: int | None
    """The SMTP reply code the remote server sent, where the message carries one."""
    diagnostic: str
    """What the remote server or the reporting MTA said, whitespace folded."""
    reason: Reason
    hard_bounce: bool
    """True when the address is bad for good: stop mailing it."""
    remote_mta: str | None
    """The host that refused, where known."""
    feedback_type: str | None = None
    """For a feedback report (RFC 5965): ``abuse``, ``fraud``, ..."""
    what_to_do: Action | None = None
    """What to do about it, from the same diagnosis as ``reason`` (``None`` only for records
    made by hand)."""
    command: str | None = None
    """The SMTP command the refusal answered, where the message says (``RCPT``, ``DATA``,
    ``MAIL``, ``EHLO``, ``CONNECT`` for the greeting)."""
    original_recipient: str | None = None
    """The address as the sender wrote it, where a DSN reports one other than ``recipient``
    (``Original-Recipient``: before an alias or a forward was expanded)."""


MAX_RECIPIENTS = 10_000

# What one recipient's diagnosis reads of its text (the words of a reason are looked for in the
# first 16 KiB anyway): with many recipients, the time stays in proportion to the message.
MAX_DIAGNOSTIC_INPUT: int = 16 * 1024

# What a record keeps of its diagnostic (the longest of 328 real ones is 1,049 characters): the
# output stays in proportion to the input, however many recipients share one long text.
MAX_DIAGNOSTIC_CHARACTERS: int = 2_000

# Where a failed recipient's domain alone names the reason when the text names none: a Google
# Groups address bounces a post only when the group does not exist or refuses the sender.
RECIPIENT_DOMAIN_REASONS = {"googlegroups.com": Reason.REJECTED}

# Temporary conditions that make a message expire when they last.
_GAVE_UP_REASONS = frozenset({Reason.NETWORK_ERROR, Reason.SYSTEM_ERROR, Reason.UNDEFINED})


def _unreached(text: str, enhanced: EnhancedStatusCode | None) -> bool:
    """The remote host could not be reached, or nothing names a cause: no words, no specific code."""
    if names_connection_failure(text):
        return True
    named_by_code = enhanced is not None and (enhanced.subject, enhanced.detail) in SPECIFIC_STATUS
    return reason_from_words(text) is None and not named_by_code


def _continuation(diagnostic: str, context: str) -> str:
    """Where the human-readable text quotes the diagnostic, the rest of each paragraph that does:
    what the DSN cut (sendmail keeps the first line of a multi-line reply, its transcript has all).
    Empty where it is not quoted, so that another recipient's words never count."""
    head = diagnostic[:40]
    if len(head) < 20:  # too short to be sure the text quotes this diagnostic
        return ""
    parts: list[str] = []
    start = context.find(head)
    while start >= 0 and len(parts) < 8:
        end = context.find("\n\n", start)
        end = end if end >= 0 else len(context)
        parts.append(context[start:end])
        start = context.find(head, end)
    return "\n".join(parts)


def make_record(
    recipient: str,
    *,
    action: str,
    diagnostic: str,
    status: EnhancedStatusCode | None,
    remote_mta: str | None,
    reason: Reason | None = None,
    feedback_type: str | None = None,
    context: str = "",
    local_delivery: bool = False,
    original_recipient: str | None = None,
    fallback: Reason | None = None,
) -> BouncedRecipient:
    """One record; ``context`` is other text about the recipient (a DSN's human-readable part);
    ``local_delivery``: a local delivery program wrote ``diagnostic`` (``is_local_delivery``);
    ``fallback``: the reason where the text names none (a service's bounce type)."""
    domain_reason = (
        (fallback or RECIPIENT_DOMAIN_REASONS.get(recipient.rpartition("@")[2].lower()))
        if reason is None
        else None
    )
    finding = _finding(
        diagnostic[:MAX_DIAGNOSTIC_INPUT],
        context[:MAX_DIAGNOSTIC_INPUT],
        status=status,
        reason=reason or domain_reason,
        reason_is_fallback=reason is None,
        action=action,
        local_delivery=local_delivery,
    )
    return BouncedRecipient(
        recipient=recipient,
        action=action,
        status=finding.enhanced,
        reply_code=finding.reply_code,
        diagnostic=finding.diagnostic,
        reason=finding.diagnosis.reason,
        hard_bounce=finding.diagnosis.hard_bounce,
        remote_mta=remote_mta or None,
        feedback_type=feedback_type,
        what_to_do=finding.diagnosis.action,
        command=finding.command,
        original_recipient=original_recipient if original_recipient != recipient else None,
    )


class _Finding(NamedTuple):
    diagnostic: str
    enhanced: EnhancedStatusCode | None
    reply_code: int | None
    command: str | None
    diagnosis: Diagnosis


@functools.lru_cache(maxsize=8)
def _finding(
    diagnostic: str,
    context: str,
    *,
    status: EnhancedStatusCode | None,
    reason: Reason | None,
    reason_is_fallback: bool,
    action: str,
    local_delivery: bool,
) -> _Finding:
    """What one text says (pure, so the recipients of one message that share a text share its
    reading: a thousand recipients of one long text cost one reading, not a thousand). Its inputs
    are capped (``MAX_DIAGNOSTIC_INPUT``), so the cache holds little."""
    text = fold_whitespace(diagnostic)
    reply = find_reply(text)
    enhanced = best_enhanced(status, reply, text)
    command = command_of(text) or command_of(context, replied_only=True)
    worded = reason_from_words(text) is not None
    if reason_is_fallback and (reply is not None or enhanced is not None or worded):
        reason = None  # the recipient's domain speaks only where the text says nothing
    evidence = text
    if context and not worded:
        evidence = f"{text}\n{fold_whitespace(_continuation(text, context))}"
    diagnosis = conclude(
        reply, enhanced, evidence, reason, command=command, local_delivery=local_delivery, reported=True
    )
    if (
        (
            diagnosis.transient
            and (
                (action == "delayed" and diagnosis.reason in _GAVE_UP_REASONS)
                or (action == "failed" and diagnosis.reason is Reason.NETWORK_ERROR)
            )
        )
        or (action == "expired" and diagnosis.reason in _GAVE_UP_REASONS)
    ) and _unreached(evidence, enhanced):
        # A temporary condition reported as failed: the MTA retried until the message's time in
        # the queue ran out. Still delayed: it keeps trying until then. An "Action: expired" (not
        # among RFC 3464's values, 2.3.3, but written by some MTAs for a message given up after its
        # retry time) says so itself. (A network failure with a cause of its own, DNS or routing, stays that cause.)
        diagnosis = with_reason(diagnosis, Reason.EXPIRED)
    shown_text = (
        text if len(text) <= MAX_DIAGNOSTIC_CHARACTERS else text[: MAX_DIAGNOSTIC_CHARACTERS - 1] + "…"
    )
    return _Finding(
        diagnostic=shown_text,
        enhanced=enhanced,
        reply_code=reply.code if reply is not None else None,
        command=command,
        diagnosis=diagnosis,
    )
