"""Amazon SES notifications (SNS, ``notificationType``) and events (``eventType``), as the Amazon SES
Developer Guide describes them ("Contents of notifications", "Contents of event data")."""

from __future__ import annotations

import json
import re
from typing import cast

from smtpstatus.bounce.addresses import (
    strip_type,
)
from smtpstatus.bounce.mime import (
    Part,
    text_of,
)
from smtpstatus.bounce.record import BouncedRecipient, make_record
from smtpstatus.diagnosis.reasons import Reason
from smtpstatus.enhanced import parse_enhanced


def read_ses(message: Part, parts: list[Part]) -> list[BouncedRecipient]:
    """The records of the first text part that holds an SES notification or event (JSON)."""
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
    "MessageTooLarge": Reason.EMAIL_TOO_LARGE,
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
    return make_record(
        _string(entry.get("emailAddress")),
        action=_string(entry.get("action")) or action,
        diagnostic=strip_type(_string(entry.get("diagnosticCode"))),
        status=parse_enhanced(_string(entry.get("status"))),
        remote_mta=strip_type(mta),
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
                make_record(
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
                make_record(
                    _string(address),
                    action="delivered",
                    diagnostic=_string(delivery.get("smtpResponse")),
                    status=None,
                    remote_mta=_string(delivery.get("remoteMtaIp")),
                    reason=Reason.DELIVERED,
                )
            )
    return records
