"""Feedback reports (RFC 5965, ``message/feedback-report``): a complaint, reason ``feedback``; and the
unsubscribe requests mail clients send for their users (feedback type ``opt-out``)."""

from __future__ import annotations

import re

from smtpstatus.bounce.addresses import (
    ADDRESS,
    address_in,
    strip_type,
)
from smtpstatus.bounce.mime import (
    Part,
    attached_headers,
    field_blocks,
    header,
    text_of,
)
from smtpstatus.bounce.record import BouncedRecipient, make_record
from smtpstatus.diagnosis.reasons import Reason


def read_feedback(message: Part, parts: list[Part]) -> list[BouncedRecipient]:
    """One record per original recipient of a feedback report (RFC 5965, 3.2: ``Original-Rcpt-To``,
    else the returned message's ``To:``), reason ``feedback`` with its ``Feedback-Type``."""
    report = next(part for part in parts if part.get_content_type() == "message/feedback-report")
    report_text = text_of(report)
    fields: dict[str, str] = {}
    for block in field_blocks(report_text):
        for name, value in block.items():
            fields.setdefault(name, value)
    # Original-Rcpt-To may appear once per recipient (RFC 5965, 3.2).
    recipients = [
        address_in(value)
        for value in re.findall(r"^Original-Rcpt-To:[ \t]*(.+)$", report_text, re.MULTILINE | re.IGNORECASE)
    ]
    if not recipients:
        original = attached_headers(parts)
        if original is not None:
            recipients = [address_in(value) for value in ADDRESS.findall(header(original, "To"))]
    first_text = next((part for part in parts if part.get_content_type() == "text/plain"), None)
    diagnostic = text_of(first_text) if first_text is not None else ""
    feedback_type = fields.get("feedback-type", "").strip().lower() or None
    return [
        make_record(
            recipient,
            action="",
            diagnostic=diagnostic,
            status=None,
            remote_mta=fields.get("reporting-mta") and strip_type(fields["reporting-mta"]),
            reason=Reason.FEEDBACK,
            feedback_type=feedback_type,
        )
        for recipient in dict.fromkeys(recipients or [""])
    ]


# Headers by which mail clients mark an unsubscribe request they sent on the user's behalf.
UNSUBSCRIBE_HEADERS = ("X-Apple-Unsubscribe",)


def is_unsubscribe_request(message: Part) -> bool:
    """A mail client's unsubscribe request on its user's behalf (``UNSUBSCRIBE_HEADERS``)."""
    return any(str(message.get(name, "")).strip().lower() == "true" for name in UNSUBSCRIBE_HEADERS)


def read_unsubscribe(message: Part) -> list[BouncedRecipient]:
    """An unsubscribe request: feedback of type ``opt-out`` from the address that sent it."""
    sender = ADDRESS.search(header(message, "From"))
    if sender is None:
        return []
    return [
        make_record(
            sender.group(0),
            action="",
            diagnostic="",
            status=None,
            remote_mta=None,
            reason=Reason.FEEDBACK,
            feedback_type="opt-out",
        )
    ]
