"""Automatic replies (RFC 3834: ``Auto-Submitted: auto-replied``, and the headers and subjects that
responders use): reason ``vacation``."""

from __future__ import annotations

from smtpstatus.bounce.addresses import (
    ADDRESS,
)
from smtpstatus.bounce.mime import (
    Part,
    header,
    parts_of,
    text_of,
)
from smtpstatus.bounce.record import BouncedRecipient, make_record
from smtpstatus.diagnosis.phrases import AUTOREPLY_SUBJECTS
from smtpstatus.diagnosis.reasons import Reason


def is_auto_reply(message: Part) -> bool:
    """RFC 3834 ``Auto-Submitted: auto-replied``, the headers responders add, or their subjects."""
    auto = str(message.get("Auto-Submitted", "")).strip().lower()
    subject = header(message, "Subject").lower()
    return (
        auto.startswith("auto-replied")
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or str(message.get("Precedence", "")).strip().lower() == "auto_reply"
        or any(word in subject for word in AUTOREPLY_SUBJECTS)
    )


def read_auto_reply(message: Part) -> list[BouncedRecipient]:
    """The sender of an automatic reply, reason ``vacation``; ``[]`` for any other message."""
    if not is_auto_reply(message):
        return []
    sender = ADDRESS.search(header(message, "From"))
    if sender is None:
        return []
    body = ""
    for part in parts_of(message):
        if part.get_content_type() == "text/plain":
            body = text_of(part)
            break
    return [
        make_record(
            sender.group(0),
            action="",
            diagnostic=body[:2000],
            status=None,
            remote_mta=None,
            reason=Reason.VACATION,
        )
    ]
