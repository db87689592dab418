"""Delivery status notifications (RFC 3464, ``message/delivery-status``): one record per recipient
block, with its own ``Status``, ``Action``, ``Diagnostic-Code`` and ``Remote-MTA``; every block is
read, however many (``MAX_REPORT_CHARACTERS``)."""

from __future__ import annotations

import re

from smtpstatus.bounce.addresses import (
    Mentions,
    dsn_original_recipient,
    dsn_recipient,
    strip_type,
)
from smtpstatus.bounce.mime import (
    REPORT_TYPES,
    Part,
    field_blocks,
    is_readable,
    text_of,
)
from smtpstatus.bounce.original import cut_original
from smtpstatus.bounce.record import MAX_RECIPIENTS, BouncedRecipient, make_record
from smtpstatus.diagnosis.decide import is_local_delivery
from smtpstatus.enhanced import parse_enhanced

# The text around a DSN recipient's mention that is read for it: a paragraph, at most this much
# either way (421 real messages give the same records as with 4 KiB, which cost twice the time on a
# report of many recipients in one long paragraph, measured).
NEAR_CHARACTERS: int = 2 * 1024

# How much of a delivery-status part is read: its blocks are short, and each recipient's (up to
# ``MAX_RECIPIENTS``) must be read; the cost stays linear.
MAX_REPORT_CHARACTERS: int = 16 * 1024 * 1024


def read_delivery_status(message: Part, parts: list[Part]) -> list[BouncedRecipient]:
    """One record per recipient block of the message's delivery status parts (or of a text part
    that holds such fields), with the human-readable part as context."""
    texts = [
        text_of(part, MAX_REPORT_CHARACTERS)  # every recipient block: none may be lost
        for part in parts
        if part.get_content_type() in REPORT_TYPES
    ]
    if not texts:
        # Some MTAs put the fields in a text part; recognize them by their names.
        texts = [
            text
            for part in parts
            if is_readable(part)
            for text in [text_of(part)]
            if re.search(r"^Final-Recipient:", text, re.IGNORECASE | re.MULTILINE)
            and re.search(r"^Status:", text, re.IGNORECASE | re.MULTILINE)
        ]
    human = _human_text(parts)
    mentions = Mentions(human if texts else "")
    records: list[BouncedRecipient] = []
    for text in texts:
        blocks = field_blocks(text)
        per_message = blocks[0] if blocks and "final-recipient" not in blocks[0] else {}
        for block in blocks:
            if "final-recipient" not in block and "original-recipient" not in block:
                continue
            recipient = dsn_recipient(block)
            diagnostic_code = block.get("diagnostic-code", "")
            diagnostic = strip_type(diagnostic_code)
            near = _near(human, mentions.first(recipient))
            status_field = block.get("status", "")
            if not diagnostic:
                diagnostic = _comment(status_field) or near or human
            status_text = status_field.split()[0] if status_field.split() else ""
            records.append(
                make_record(
                    recipient,
                    action=block.get("action", "").strip().lower().split(" ")[0],
                    diagnostic=diagnostic,
                    status=parse_enhanced(status_text),
                    remote_mta=strip_type(block.get("remote-mta", per_message.get("reporting-mta", ""))),
                    context=near,
                    local_delivery=is_local_delivery(diagnostic_code),
                    original_recipient=dsn_original_recipient(block),
                )
            )
            if len(records) >= MAX_RECIPIENTS:
                return records
    return records


# A comment in a field (RFC 3464, 2.1.1: fields follow RFC 822, which allows "(comments)").
_COMMENT = re.compile(r"\(([^()]{1,500})\)")


def _comment(field: str) -> str:
    """The comment of a ``Status`` field (``5.1.1 (user unknown)`` -> ``user unknown``): where a
    block has no ``Diagnostic-Code``, it is the reporting MTA's own words for the status."""
    match = _COMMENT.search(field)
    return match.group(1).strip() if match is not None else ""


def _human_text(parts: list[Part]) -> str:
    """The first human-readable part of the report, the copy of the original message cut off."""
    for part in parts:
        if part.get_content_type() == "text/plain" or (
            is_readable(part) and part.get_content_maintype() == "multipart"
        ):
            return cut_original(text_of(part))
    return ""


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
