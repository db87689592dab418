"""Read bounce messages: one record per failed recipient, from the message's structure.

A message is read in a fixed order, structure first (``_parse``; the sections below follow it):

1. RFC 5965 feedback reports (``message/feedback-report``): a complaint, reason ``feedback``; an
   unsubscribe request a mail client sent (``X-Apple-Unsubscribe``): feedback ``opt-out``.
2. RFC 3834 automatic replies (out of office), where nothing marks the message as a bounce:
   reason ``vacation`` (auto-replies have a null sender too, RFC 3834 3.3).
3. RFC 3464 delivery status notifications (``message/delivery-status``): one record per
   recipient block, its ``Status``, ``Action``, ``Diagnostic-Code`` and ``Remote-MTA``; every
   block is read, however many (``MAX_REPORT_CHARACTERS``).
4. Amazon SES notifications and events (a JSON body with ``notificationType`` or ``eventType``).
5. Free-form bounces, as Exim, qmail, Gmail, Yahoo, OpenSMTPD, old Sendmail and many others write
   them: a human-readable part that names the failed recipients, each followed by what the remote
   server said, then a copy of the original message. The copy is cut off first (``ORIGINAL_MARKERS``);
   the recipients are the ``X-Failed-Recipients`` header, else the addresses of that text; each
   recipient's diagnostic is the text from its first mention to the next recipient's.
6. An automatic reply after all, where a bounce's marks led nowhere.

A message that is none of these (a normal message) gives no record. ``parse_bounce`` never raises,
and its time and output grow in proportion to the message.
"""

from __future__ import annotations

import bisect
import email
import email.message
import email.policy
import functools
import json
import re
from email.header import Header, decode_header, make_header
from typing import NamedTuple, Union, cast

from smtpstatus._text import MAX_TEXT_CHARACTERS, fold_whitespace
from smtpstatus.diagnosis import (
    SPECIFIC_STATUS,
    Action,
    Diagnosis,
    Reason,
    best_enhanced,
    command_of,
    conclude,
    is_local_delivery,
    names_connection_failure,
    reason_from_words,
    says_delayed,
    with_reason,
)
from smtpstatus.enhanced import EnhancedStatusCode, parse_enhanced
from smtpstatus.find import find_reply

__all__ = ["BouncedRecipient", "parse_bounce", "ses_records"]

Message = email.message.Message
MessageInput = Union[bytes, bytearray, str, Message]


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


# Most parts a message may have before the rest is ignored: bounces have a handful.
MAX_PARTS = 200
MAX_RECIPIENTS = 10_000
# What one recipient's diagnosis reads of its text (the words of a reason are looked for in the
# first 16 KiB anyway): with many recipients, the time stays in proportion to the message.
MAX_DIAGNOSTIC_INPUT: int = 16 * 1024
# What a record keeps of its diagnostic (the longest of 328 real ones is 1,049 characters): the
# output stays in proportion to the input, however many recipients share one long text.
MAX_DIAGNOSTIC_CHARACTERS: int = 2_000
# How much of a header holding RFC 2047 encoded words is decoded: the standard library's
# ``decode_header`` is quadratic in the header's length (1 MB took 4.5 s).
MAX_ENCODED_HEADER_CHARACTERS: int = 16 * 1024
# The text around a DSN recipient's mention that is read for it: a paragraph, at most this much.
NEAR_CHARACTERS: int = 4 * 1024
# How much of a delivery-status part is read: its blocks are short, and each recipient's (up to
# ``MAX_RECIPIENTS``) must be read; the cost stays linear.
MAX_REPORT_CHARACTERS: int = 16 * 1024 * 1024
# How far before a recipient's address its diagnostic may start (its line, at most this much).
LOOK_BACK = 200

# Lines that start the copy of the original message inside a free-form bounce (lowercase).
ORIGINAL_MARKERS = (
    "below this line is a copy of the message",
    "this is a copy of the message",
    "enclosed is a copy of the message",
    "original message follows",
    "----- original message -----",
    "------ original message",
    "unsent message follows",
    "message headers follow",
    "below is a copy of the original message",
    "original message header",
    "----- the header of the original message",
    "headers of your message follow",
    "your message reads",
    "--- original message",
    "content-type: message/rfc822",
    "--- below this line",
    "-- original message",
    "original message details",
)
# Local parts and display names of the senders of bounces.
BOUNCE_SENDERS = (
    "mailer-daemon",
    "mailer_daemon",
    "post_master",
    "postmaster",
    "mail delivery",
    "maildelivery",
    "mail-daemon",
    "mdaemon",
)
BOUNCE_SUBJECTS = (
    "undeliver",
    "undelivered",
    "delivery status",
    "delivery notification",
    "delivery failed",
    "delivery failure",
    "delivery report",
    "failure notice",
    "failed delivery",
    "returned mail",
    "mail delivery",
    "mail failure",
    "mail system error",
    "see transcript",
    "delayed mail",
    "could not send message",
    "warning: could not",
    "mailerror",
    "not member",
    "delivery has failed",
    "nondeliverable",
    "non-deliverable",
    "non-delivery",
    "nondelivery",
    "メールエラー",
)
AUTOREPLY_SUBJECTS = (
    "out of office",
    "out of the office",
    "automatic reply",
    "auto reply",
    "autoreply",
    "auto-reply",
    "away from my",
    "vacation",
    "abwesenheit",
    "absence",
)
# An address; the lookbehind makes a long run of word characters cost one scan, not one per
# position (without it, 40,000 letters took 2.5 s: quadratic).
_ADDRESS = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)
_TYPE_PREFIX = re.compile(r"^\s*[\w-]+\s*;\s*")


def parse_bounce(message: MessageInput) -> list[BouncedRecipient]:
    """Every failed (or reported) recipient of a bounce message; ``[]`` for anything else.

    ``message`` is the raw message (``bytes`` or ``str``) or an ``email.message.Message``.
    Never raises: unreadable, truncated, binary or hostile input gives what could be read.

    >>> raw = (b"From: MAILER-DAEMON@mx.example.org\\r\\nSubject: failure notice\\r\\n\\r\\n"
    ...        b"<nobody@example.net>:\\r\\nRemote host said: 550 5.1.1 No such user (#5.1.1)\\r\\n")
    >>> [(r.recipient, r.reply_code, str(r.status), r.reason.value, r.hard_bounce) for r in parse_bounce(raw)]
    [('nobody@example.net', 550, '5.1.1', 'userunknown', True)]
    """
    try:
        return _parse(_message(message))
    except Exception:  # never raises: the message is data
        return []


def _message(message: MessageInput) -> Message:
    if isinstance(message, Message):
        return message
    if isinstance(message, (bytes, bytearray)):
        return email.message_from_bytes(bytes(message), policy=email.policy.compat32)
    if isinstance(message, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        return email.message_from_string(message, policy=email.policy.compat32)
    raise TypeError(type(message).__name__)


def _parts(message: Message) -> list[Message]:
    """The message's parts in order, at most ``MAX_PARTS`` of them."""
    found: list[Message] = []
    pending = [message]
    while pending and len(found) < MAX_PARTS:
        part = pending.pop(0)
        found.append(part)
        payload = part.get_payload()
        if isinstance(payload, list):
            pending[:0] = [item for item in cast("list[object]", payload) if isinstance(item, Message)]
    return found


def _parse(message: Message) -> list[BouncedRecipient]:
    parts = _parts(message)
    types = [part.get_content_type() for part in parts]
    if "message/feedback-report" in types:
        return _feedback(message, parts)
    if _is_unsubscribe_request(message):
        return _unsubscribe(message)
    if _is_auto_reply(message) and not _looks_like_bounce(message, types, null_sender=False):
        return _auto_reply(message)  # auto-replies have a null sender too (RFC 3834, 3.3)
    for readers in (_delivery_status, _ses_notification):
        records = readers(message, parts)
        if records:
            return records
    if _looks_like_bounce(message, types):
        records = _free_form(message, parts)
        if records:
            return records
    return _auto_reply(message)


# --- text helpers ------------------------------------------------------------------------------


def text_of(part: Message, limit: int = MAX_TEXT_CHARACTERS) -> str:
    """The decoded text of a part (transfer encoding and charset), at most ``limit`` characters,
    its line ends LF (RFC 5322 writes CRLF; paragraphs are found by blank lines)."""
    return _decoded_text(part, limit).replace("\r\n", "\n")


def _decoded_text(part: Message, limit: int) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        if isinstance(raw, list):
            return "\n\n".join(_fields_text(item) for item in cast("list[object]", raw))[:limit]
        return str(raw)[:limit]
    data = payload[: limit * 4]
    # The declared charset, else UTF-8 (often sent under a wrong label), else the label with
    # replacement characters; an unknown label counts as UTF-8.
    for charset, errors in ((part.get_content_charset() or "utf-8", "strict"), ("utf-8", "strict")):
        try:
            return data.decode(charset, errors)[:limit]
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode(part.get_content_charset() or "utf-8", "replace")[:limit]
    except LookupError:
        return data.decode("utf-8", "replace")[:limit]


def _fields_text(item: object) -> str:
    """A block of header fields as text (a delivery-status part is parsed into such blocks):
    the fields as the message had them, without the standard library's generator, which folds
    every header again (a sixth of the time of reading a bounce, measured)."""
    if not isinstance(item, Message):
        return str(item)
    fields = cast("list[tuple[str, object]]", item.items())
    lines = [f"{name}: {value}" for name, value in fields]
    payload = item.get_payload()
    if isinstance(payload, str) and payload.strip():
        lines += ["", payload]
    return "\n".join(lines)


def _readable(part: Message) -> bool:
    """True for a part whose content is text: a text part, or a multipart whose boundary is broken."""
    return part.get_content_maintype() == "text" or (
        part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), str)
    )


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return "" if value is None else header_text(value)


def header_text(value: object) -> str:
    """A header's value as text: raw 8-bit bytes read as UTF-8 (the usual case), RFC 2047 encoded
    words decoded in at most ``MAX_ENCODED_HEADER_CHARACTERS``; the raw value where that fails."""
    if isinstance(value, Header):  # raw 8-bit bytes in the header: read as UTF-8, the usual case
        try:
            return "".join(
                chunk.decode("utf-8" if charset in (None, "unknown-8bit") else str(charset), "replace")
                if isinstance(chunk, bytes)
                else chunk
                for chunk, charset in decode_header(value)
            )
        except (LookupError, ValueError):  # a charset Python does not know
            return str(value)
    text = str(value)
    if not text.isascii():  # raw 8-bit header bytes, kept by the parser as surrogate escapes
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return text
    if "=?" not in text:  # no encoded word (RFC 2047, 2): nothing to decode
        return text
    try:
        return str(make_header(decode_header(text[:MAX_ENCODED_HEADER_CHARACTERS])))
    except Exception:  # an undecodable encoded word: the raw value
        return text


def _strip_type(value: str) -> str:
    """``rfc822; x@example.org`` -> ``x@example.org`` (RFC 3464 typed fields)."""
    return _TYPE_PREFIX.sub("", value, count=1).strip()


# An address as prose and X.400 gateways wrap it: 'x@example.org' (the quote is a character an
# address may hold, so the pattern takes the opening one), "SMTP=x@example.org", "RFC-822=..." (an
# X.400 attribute that carries an Internet address).
_ADDRESS_WRAPPING = re.compile(r"^(?:'+|(?:smtp|rfc-?822)=)", re.IGNORECASE)


def _address(value: str) -> str:
    match = _ADDRESS.search(value)
    address = match.group(0) if match else value.strip().strip("<>")
    return _ADDRESS_WRAPPING.sub("", address)


def _dsn_recipient(block: dict[str, str]) -> str:
    """A DSN recipient block's address: ``Final-Recipient`` (RFC 3464, 2.3.2), else, where that is
    no Internet address (an X.400 address, a local name such as ``x@ms-daemon``), the
    ``Original-Recipient`` the sender wrote, if that is one."""
    final = block.get("final-recipient", "")
    original = block.get("original-recipient", "")
    return _internet_address(final) or _internet_address(original) or _address(_strip_type(final or original))


def _original_recipient(block: dict[str, str]) -> str | None:
    """A DSN recipient block's ``Original-Recipient``, where it is an Internet address."""
    return _internet_address(block.get("original-recipient", ""))


def _internet_address(value: str) -> str | None:
    """The address of a typed address field (``rfc822; x@example.org``) where it is an Internet
    address (``_INTERNET_ADDRESS``, not of type X.400), else ``None``."""
    if _INTERNET_ADDRESS.search(value) is None or value.lstrip().lower().startswith("x400"):
        return None
    return _address(_strip_type(value))


# An address field's value ends in "@" and a domain name with a dot ("x@ms-daemon" does not, nor
# the source route "@relay.example:x@host"); the local part may be quoted ("a..b"@example.org).
_INTERNET_ADDRESS = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+>?\s*$")


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


def _record(
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
        diagnosis.transient
        and (
            (action == "delayed" and diagnosis.reason in _GAVE_UP_REASONS)
            or (action == "failed" and diagnosis.reason is Reason.NETWORK_ERROR)
        )
        and _unreached(evidence, enhanced)
    ):
        # A temporary condition reported as failed: the MTA retried until the message's time in
        # the queue ran out. Still delayed: it keeps trying until then. (A network failure with a
        # cause of its own, DNS or routing, stays that cause.)
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


# --- 1. feedback reports ------------------------------------------------------------------------


def _fields(text: str) -> list[dict[str, str]]:
    """Header-style field blocks (RFC 3464, RFC 5965), separated by blank lines; names lowercased."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current, last = {}, ""
            continue
        if line[:1] in (" ", "\t") and last:
            current[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            last = name.strip().lower()
            if last in current:  # a field seen again: the next block began without a blank line
                blocks.append(current)
                current = {}
            current[last] = value.strip()
    if current:
        blocks.append(current)
    return blocks


def attached_headers(parts: list[Message]) -> Message | None:
    """The headers of the returned original message (``message/rfc822``, ``text/rfc822-headers``)."""
    for part in parts:
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return cast("Message", payload[0])
        if kind == "text/rfc822-headers":
            return email.message_from_string(text_of(part), policy=email.policy.compat32)
    return None


def _feedback(message: Message, parts: list[Message]) -> list[BouncedRecipient]:
    report = next(part for part in parts if part.get_content_type() == "message/feedback-report")
    report_text = text_of(report)
    fields: dict[str, str] = {}
    for block in _fields(report_text):
        for name, value in block.items():
            fields.setdefault(name, value)
    # Original-Rcpt-To may appear once per recipient (RFC 5965, 3.2).
    recipients = [
        _address(value)
        for value in re.findall(r"^Original-Rcpt-To:[ \t]*(.+)$", report_text, re.MULTILINE | re.IGNORECASE)
    ]
    if not recipients:
        original = attached_headers(parts)
        if original is not None:
            recipients = [_address(value) for value in _ADDRESS.findall(_header(original, "To"))]
    first_text = next((part for part in parts if part.get_content_type() == "text/plain"), None)
    diagnostic = text_of(first_text) if first_text is not None else ""
    feedback_type = fields.get("feedback-type", "").strip().lower() or None
    return [
        _record(
            recipient,
            action="",
            diagnostic=diagnostic,
            status=None,
            remote_mta=fields.get("reporting-mta") and _strip_type(fields["reporting-mta"]),
            reason=Reason.FEEDBACK,
            feedback_type=feedback_type,
        )
        for recipient in dict.fromkeys(recipients or [""])
    ]


# --- 3. delivery status notifications ------------------------------------------------------------


def _delivery_status(message: Message, parts: list[Message]) -> list[BouncedRecipient]:
    texts = [
        text_of(part, MAX_REPORT_CHARACTERS)  # every recipient block: none may be lost
        for part in parts
        if part.get_content_type() in ("message/delivery-status", "message/global-delivery-status")
    ]
    if not texts:
        # Some MTAs put the fields in a text part; recognize them by their names.
        texts = [
            text
            for part in parts
            if _readable(part)
            for text in [text_of(part)]
            if re.search(r"^Final-Recipient:", text, re.IGNORECASE | re.MULTILINE)
            and re.search(r"^Status:", text, re.IGNORECASE | re.MULTILINE)
        ]
    human = _human_text(parts)
    mentions = _Mentions(human if texts else "")
    records: list[BouncedRecipient] = []
    for text in texts:
        blocks = _fields(text)
        per_message = blocks[0] if blocks and "final-recipient" not in blocks[0] else {}
        for block in blocks:
            if "final-recipient" not in block and "original-recipient" not in block:
                continue
            recipient = _dsn_recipient(block)
            diagnostic_code = block.get("diagnostic-code", "")
            diagnostic = _strip_type(diagnostic_code)
            near = _near(human, mentions.first(recipient))
            if not diagnostic:
                diagnostic = near or human
            status_text = block.get("status", "").split()[0] if block.get("status", "").split() else ""
            records.append(
                _record(
                    recipient,
                    action=block.get("action", "").strip().lower().split(" ")[0],
                    diagnostic=diagnostic,
                    status=parse_enhanced(status_text),
                    remote_mta=_strip_type(block.get("remote-mta", per_message.get("reporting-mta", ""))),
                    context=near,
                    local_delivery=is_local_delivery(diagnostic_code),
                    original_recipient=_original_recipient(block),
                )
            )
            if len(records) >= MAX_RECIPIENTS:
                return records
    return records


def _human_text(parts: list[Message]) -> str:
    """The first human-readable part of the report, the copy of the original message cut off."""
    for part in parts:
        if part.get_content_type() == "text/plain" or (
            _readable(part) and part.get_content_maintype() == "multipart"
        ):
            return cut_original(text_of(part))
    return ""


class _Mentions:
    """Where a text first names each address: one pass finds every address the pattern knows; a
    plain search (a quoted local part such as ``"a..b"@example.org``) is made for at most
    ``SEARCHES`` others, so a thousand recipients cost a bounded number of passes over the text."""

    SEARCHES = 64

    def __init__(self, text: str) -> None:
        self._text = text
        self._lowered: str | None = None
        self._searches = 0
        self._positions: dict[str, int] = {}
        for match in _ADDRESS.finditer(text):
            self._positions.setdefault(_address(match.group(0)).lower(), match.start())

    def first(self, address: str) -> int:
        """Where the text first names ``address`` (case aside), or -1."""
        key = address.lower()
        found = self._positions.get(key)
        if found is not None:
            return found
        if self._searches >= self.SEARCHES or not key:
            return -1
        self._searches += 1
        if self._lowered is None:
            self._lowered = self._text.lower()
        self._positions[key] = found = self._lowered.find(key)
        return found


def _near(text: str, position: int) -> str:
    """The paragraph of ``text`` around ``position`` (where it names a recipient) and the one
    after it, at most ``NEAR_CHARACTERS`` either way; empty for a position of -1."""
    if position < 0:
        return ""
    low = max(0, position - NEAR_CHARACTERS)
    high = min(len(text), position + NEAR_CHARACTERS)
    start = text.rfind("\n\n", low, position)
    end = text.find("\n\n", position, high)
    if end >= 0:  # the paragraph after it too: the reason often follows the address
        following = text.find("\n\n", end + 2, high)
        end = following if following >= 0 else high
    return text[start + 1 if start >= 0 else low : end if end >= 0 else high]


# --- 4. Amazon SES ---------------------------------------------------------------------------------


def _ses_notification(message: Message, parts: list[Message]) -> list[BouncedRecipient]:
    for part in parts:
        if part.get_content_maintype() != "text":
            continue
        text = text_of(part).strip()
        if not text.startswith("{") or ("notificationType" not in text and "eventType" not in text):
            continue
        data = _json(text)
        if data is None:  # a long line folded on its way (``\n`` and a space inside a string)
            data = _json(re.sub(r"\r?\n[ \t]", "", text))
        wrapped = _string(_object(data).get("Message"))  # an SNS notification wraps the SES one
        if wrapped:
            data = _json(wrapped)
        if _object(data):
            return ses_records(_object(data))
    return []


def _json(text: str) -> object:
    """The JSON value at the start of ``text`` (what follows it, such as a MIME boundary, ignored)."""
    try:
        value: object = json.JSONDecoder().raw_decode(text.lstrip())[0]
    except (ValueError, RecursionError):
        return None
    return value


def _object(value: object) -> dict[str, object]:
    return cast("dict[str, object]", value) if isinstance(value, dict) else {}


def _items(value: object) -> list[object]:
    return cast("list[object]", value) if isinstance(value, list) else []


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


# What an SES bounce's sub-type or a delay's type names, where the diagnostic names nothing (Amazon
# SES Developer Guide, "Contents of event data": bounceSubType, delayType).
SES_REASONS: dict[str, Reason] = {
    "NoEmail": Reason.USER_UNKNOWN,
    "Suppressed": Reason.SUPPRESSED,
    "OnAccountSuppressionList": Reason.SUPPRESSED,
    "MailboxFull": Reason.MAILBOX_FULL,
    "MessageTooLarge": Reason.MESSAGE_TOO_BIG,
    "ContentRejected": Reason.CONTENT_ERROR,
    "AttachmentRejected": Reason.SECURITY_ERROR,
    "SpamDetected": Reason.SPAM_DETECTED,
    "RecipientServerError": Reason.SYSTEM_ERROR,
    "TransientCommunicationFailure": Reason.NETWORK_ERROR,
    "IPFailure": Reason.BLOCKED,
}


def _ses_recipient(
    entry: dict[str, object], action: str, mta: str, fallback: Reason | None
) -> BouncedRecipient:
    """One bounced or delayed recipient of an SES notification (its own ``action`` first)."""
    return _record(
        _string(entry.get("emailAddress")),
        action=_string(entry.get("action")) or action,
        diagnostic=_strip_type(_string(entry.get("diagnosticCode"))),
        status=parse_enhanced(_string(entry.get("status"))),
        remote_mta=_strip_type(mta),
        fallback=fallback,
    )


def ses_records(data: dict[str, object]) -> list[BouncedRecipient]:
    """The recipients of an Amazon SES notification (``notificationType``, SNS) or event
    (``eventType``, event publishing): Bounce, Complaint, DeliveryDelay, Delivery."""
    kind = (_string(data.get("notificationType")) or _string(data.get("eventType"))).lower()
    records: list[BouncedRecipient] = []
    if kind == "bounce":
        bounce = _object(data.get("bounce"))
        action = "delayed" if _string(bounce.get("bounceType")) == "Transient" else "failed"
        fallback = SES_REASONS.get(_string(bounce.get("bounceSubType")))
        records += [
            _ses_recipient(_object(item), action, _string(bounce.get("reportingMTA")), fallback)
            for item in _items(bounce.get("bouncedRecipients"))
        ]
    elif kind == "deliverydelay":
        delay = _object(data.get("deliveryDelay"))
        fallback = SES_REASONS.get(_string(delay.get("delayType")))
        records += [
            _ses_recipient(_object(item), "delayed", _string(delay.get("reportingMTA")), fallback)
            for item in _items(delay.get("delayedRecipients"))
        ]
    elif kind == "complaint":
        complaint = _object(data.get("complaint"))
        for item in _items(complaint.get("complainedRecipients")):
            records.append(
                _record(
                    _string(_object(item).get("emailAddress")),
                    action="",
                    diagnostic="",
                    status=None,
                    remote_mta=None,
                    reason=Reason.FEEDBACK,
                    feedback_type=_string(complaint.get("complaintFeedbackType")) or None,
                )
            )
    elif kind == "delivery":
        delivery = _object(data.get("delivery"))
        for address in _items(delivery.get("recipients")):
            records.append(
                _record(
                    _string(address),
                    action="delivered",
                    diagnostic=_string(delivery.get("smtpResponse")),
                    status=None,
                    remote_mta=_string(delivery.get("remoteMtaIp")),
                    reason=Reason.DELIVERED,
                )
            )
    return records


# --- 5. free-form bounces ---------------------------------------------------------------------


def _looks_like_bounce(message: Message, types: list[str], *, null_sender: bool = True) -> bool:
    """A delivery report by its structure, its sender or its subject; ``null_sender`` counts an
    empty ``Return-Path: <>`` as a sign too."""
    if message.get("X-Failed-Recipients") or "multipart/report" in types:
        return True
    sender = (_header(message, "From") + " " + str(message.get("Return-Path", ""))).lower()
    if any(word in sender for word in BOUNCE_SENDERS):
        return True
    if null_sender and "<>" in str(message.get("Return-Path", "")):
        return True
    subject = _header(message, "Subject").lower()
    return any(word in subject for word in BOUNCE_SUBJECTS)


# How MTAs introduce the list of failed recipients ("did not reach the following recipient(s):",
# "The following addresses had permanent fatal errors", "following address(es) failed").
_RECIPIENT_LIST = re.compile(
    r"(?:following|these)\s+(?:recipients?|addresses|address\(es\)|recipient\(s\))", re.IGNORECASE
)
_SENDER_CONTEXT = re.compile(r"(?:mail\s+from|from:|envelope-from|sender)[\s:<]*\Z", re.IGNORECASE)


# Sendmail's "x@example.net (expanded from: y@example.org)", Exim's "(generated from y@...)": the
# address the recipient had before an alias was expanded, still the same recipient's text.
_ALIAS_CONTEXT = re.compile(r"(?:expanded|generated)\s+from:?\s*<?\Z", re.IGNORECASE)


def _preceded_by(context: re.Pattern[str], text: str, position: int) -> bool:
    """True where the words just before ``position`` (an address) end as ``context`` does:
    ``_SENDER_CONTEXT``, a transcript's sender (``MAIL FROM:<...>``); ``_ALIAS_CONTEXT``, the
    address an alias expanded (``(expanded from: <...>)``)."""
    return context.search(text[max(0, position - 24) : position]) is not None


def cut_original(text: str) -> str:
    """``text`` up to the copy of the original message it quotes."""
    lowered = text.lower()
    cut = len(text)
    for marker in ORIGINAL_MARKERS:
        position = lowered.find(marker)
        if 0 <= position < cut:
            cut = position
    headers = re.search(
        r"^(?:Return-Path|Received|Message-ID|DKIM-Signature):", text[:cut], re.MULTILINE | re.IGNORECASE
    )
    if headers is not None:
        cut = headers.start()
    if cut == len(text):  # no copy: all of it, the last line too
        return text
    line_start = text.rfind("\n", 0, cut)
    return text[: line_start + 1 if line_start >= 0 else cut]


def _named_recipients(message: Message, body: str) -> dict[str, int]:
    """The failed recipients of a free-form bounce, each with where the text first names it (-1:
    it does not): the ``X-Failed-Recipients`` header, else the addresses of the text that are not
    the bounce's own, a sender's, or before the list the text introduces."""
    own = {
        _address(address).lower()
        for address in _ADDRESS.findall(_header(message, "To") + " " + _header(message, "From"))
    }
    failed = [_address(value) for value in _ADDRESS.findall(_header(message, "X-Failed-Recipients"))]
    first: dict[str, int] = {}
    if failed:
        mentions = _Mentions(body)  # however many recipients the header names
        for address in dict.fromkeys(failed):
            first[address] = mentions.first(address)
            if len(first) >= MAX_RECIPIENTS:
                break
        return first
    listed = _RECIPIENT_LIST.search(body)
    # Where the text introduces a list of the failed recipients, addresses before it (the To: line
    # of a summary of the original message) are not among them.
    start = listed.end() if listed is not None and _ADDRESS.search(body, listed.end()) else 0
    for match in _ADDRESS.finditer(body, start):
        address = _address(match.group(0))
        key = address.lower()
        if (
            address in first
            or key in own
            or key.startswith(BOUNCE_SENDERS)
            or _preceded_by(_SENDER_CONTEXT, body, match.start())
        ):
            continue
        first[address] = match.start()
        if len(first) >= MAX_RECIPIENTS:
            break
    return first


def _mentions(body: str, recipients: list[str]) -> list[tuple[int, str]]:
    """Every place the text names one of the recipients, in order, with that recipient (lowercase);
    not where it names the address an alias of the recipient before expanded."""
    keys = {address.lower() for address in recipients}
    return [
        (match.start(), key)
        for match in _ADDRESS.finditer(body)
        for key in (_address(match.group(0)).lower(),)
        if key in keys and not _preceded_by(_ALIAS_CONTEXT, body, match.start())
    ]


def _next_other_mention(
    mentions: list[tuple[int, str]], starts: list[int], after: int, own: str, default: int
) -> int:
    """Where the text next names another recipient after ``after``: the end of what it says about
    this one, also where a second copy of the report (another language) names them all again."""
    index = bisect.bisect_right(starts, after)
    for position, key in mentions[index : index + 64]:  # a recipient named many times in a row: stop looking
        if key != own:
            return position
    return default


# "Received: from a by b ... for <x@example.org>; <date>": the envelope recipient of one hop.
_RECEIVED_FOR = re.compile(r"\bfor\s+<?([^\s<>;@]+@[^\s<>;]+)>?\s*;")


def _envelope_recipient(original: Message) -> str:
    """The recipient the returned message's last hop names (its first ``Received: ... for <x>``):
    the address the reporting host was delivering to, where the ``To:`` header may be a list's."""
    received = original.get_all("Received") or []
    match = _RECEIVED_FOR.search(str(received[0])[:4096]) if received else None
    return match.group(1) if match is not None else ""


def _free_form_action(body: str) -> str:
    """``delayed`` for a warning that the MTA keeps trying (``DELAY_WORDS``, no word of a permanent
    failure), else ``failed``."""
    return "delayed" if says_delayed(body) else "failed"


def _free_form(message: Message, parts: list[Message]) -> list[BouncedRecipient]:
    body = full = ""
    for part in parts:
        if _readable(part) and part.get_content_subtype() != "rfc822-headers":
            full = text_of(part)
            if part.get_content_subtype() == "html":
                full = re.sub(r"<[^<>]{0,2000}>", " ", full)  # a tag; never scans past the next "<"
            body = cut_original(full)
            if body.strip():
                break
    first = _named_recipients(message, body)
    recipients = list(first)
    if not recipients:
        original = attached_headers(parts)
        to = _envelope_recipient(original) if original is not None else ""
        if not to:
            to = _header(original, "To") if original is not None else _header(message, "X-Original-To")
        if not to:  # the copy of the original message inside the text: its To: line
            copy = re.search(r"^To:[ \t]*(.+)$", full[len(body) :], re.MULTILINE | re.IGNORECASE)
            to = copy.group(1) if copy else ""
        recipients = list(dict.fromkeys(_address(value) for value in _ADDRESS.findall(to)))[:1]
        if not recipients:
            return []
        return [
            _record(
                recipients[0], action=_free_form_action(body), diagnostic=body, status=None, remote_mta=None
            )
        ]
    named = sorted((position, address) for address, position in first.items() if position >= 0)
    starts = [position for position, _ in named]
    mentions = _mentions(body, recipients)
    mention_starts = [position for position, _ in mentions]
    action = _free_form_action(body)
    records: list[BouncedRecipient] = []
    for address in recipients:
        start = first[address]
        if start < 0:
            diagnostic = body
        else:
            # From the line that names it (not before the previous recipient, nor far back) to
            # where the next recipient is named: each part of the text is read for one recipient.
            index = bisect.bisect_left(starts, start)
            previous_end = starts[index - 1] + len(named[index - 1][1]) if index > 0 else 0
            line_start = body.rfind("\n", max(previous_end, start - LOOK_BACK), start) + 1
            segment_start = max(line_start, previous_end, start - LOOK_BACK)
            following = _next_other_mention(mentions, mention_starts, start, address.lower(), len(body))
            diagnostic = body[segment_start:following]
            if len(starts) == 1 and find_reply(diagnostic) is None and reason_from_words(diagnostic) is None:
                diagnostic = body  # one recipient: the reason may stand before the address
        records.append(_record(address, action=action, diagnostic=diagnostic, status=None, remote_mta=None))
    return records


# Headers by which mail clients mark an unsubscribe request they sent on the user's behalf.
UNSUBSCRIBE_HEADERS = ("X-Apple-Unsubscribe",)


def _is_unsubscribe_request(message: Message) -> bool:
    return any(str(message.get(name, "")).strip().lower() == "true" for name in UNSUBSCRIBE_HEADERS)


def _unsubscribe(message: Message) -> list[BouncedRecipient]:
    """An unsubscribe request: feedback of type ``opt-out`` from the address that sent it."""
    sender = _ADDRESS.search(_header(message, "From"))
    if sender is None:
        return []
    return [
        _record(
            sender.group(0),
            action="",
            diagnostic="",
            status=None,
            remote_mta=None,
            reason=Reason.FEEDBACK,
            feedback_type="opt-out",
        )
    ]


# --- 2 and 6. automatic replies -----------------------------------------------------------------------


def _is_auto_reply(message: Message) -> bool:
    """RFC 3834 ``Auto-Submitted: auto-replied``, the headers responders add, or their subjects."""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    subject = _header(message, "Subject").lower()
    return (
        auto.startswith("auto-replied")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or str(message.get("Precedence", "")).strip().lower() == "auto_reply"
        or any(word in subject for word in AUTOREPLY_SUBJECTS)
    )


def _auto_reply(message: Message) -> list[BouncedRecipient]:
    if not _is_auto_reply(message):
        return []
    sender = _ADDRESS.search(_header(message, "From"))
    if sender is None:
        return []
    body = ""
    for part in _parts(message):
        if part.get_content_type() == "text/plain":
            body = text_of(part)
            break
    return [
        _record(
            sender.group(0),
            action="",
            diagnostic=body[:2000],
            status=None,
            remote_mta=None,
            reason=Reason.VACATION,
        )
    ]
