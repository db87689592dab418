"""Read bounce messages: one record per failed recipient, from the message's structure.

A message is read in a fixed order, structure first (``READERS``, after the two checks that come
before every reader):

1. RFC 5965 feedback reports (``message/feedback-report``): a complaint, reason ``feedback``; an
   unsubscribe request a mail client sent (``X-Apple-Unsubscribe``): feedback ``opt-out``
   (``rfc5965``).
2. RFC 3834 automatic replies (out of office), where nothing marks the message as a bounce:
   reason ``vacation`` (auto-replies have a null sender too, RFC 3834 3.3; ``rfc3834``).
3. RFC 3464 delivery status notifications (``message/delivery-status``; ``rfc3464``).
4. Amazon SES notifications and events (a JSON body with ``notificationType`` or ``eventType``;
   ``ses``).
5. Free-form bounces (``freeform``), read with the MTA profiles (``mta``: one module per family).
6. An automatic reply after all, where a bounce's marks led nowhere.

The package, one concern a module: ``mime`` (reading the message), ``addresses``, ``record`` (one
record per recipient, and the one reading of a recipient's text that every format shares), one
reader per report format, and ``mta``. A message that is none of these gives no record.
``parse_bounce`` never raises, and its time and output grow in proportion to the message.
"""

from __future__ import annotations

from collections.abc import Callable

from smtpstatus.bounce.freeform import looks_like_bounce, read_free_form
from smtpstatus.bounce.mime import MessageInput, Part, parts_of, read_message
from smtpstatus.bounce.record import BouncedRecipient
from smtpstatus.bounce.rfc3464 import read_delivery_status
from smtpstatus.bounce.rfc3834 import is_auto_reply, read_auto_reply
from smtpstatus.bounce.rfc5965 import is_unsubscribe_request, read_feedback, read_unsubscribe
from smtpstatus.bounce.ses import read_ses, ses_records

__all__ = ["BouncedRecipient", "parse_bounce", "ses_records"]

Reader = Callable[[Part, "list[Part]"], "list[BouncedRecipient]"]
# The report formats read by their structure, in this order (a message with a delivery-status part
# is a DSN, whatever its text says); free-form reading comes after them.
READERS: tuple[Reader, ...] = (read_delivery_status, read_ses)


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
        return _parse(read_message(message))
    except Exception:  # never raises: the message is data
        return []


def _parse(message: Part) -> list[BouncedRecipient]:
    parts = parts_of(message)
    types = [part.get_content_type() for part in parts]
    if "message/feedback-report" in types:
        return read_feedback(message, parts)
    if is_unsubscribe_request(message):
        return read_unsubscribe(message)
    if is_auto_reply(message) and not looks_like_bounce(message, types, null_sender=False):
        return read_auto_reply(message)  # auto-replies have a null sender too (RFC 3834, 3.3)
    for reader in READERS:
        records = reader(message, parts)
        if records:
            return records
    if looks_like_bounce(message, types):
        records = read_free_form(message, parts)
        if records:
            return records
    return read_auto_reply(message)
