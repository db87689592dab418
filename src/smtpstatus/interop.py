"""Replies from what ``smtplib`` and ``aiosmtplib`` give you: responses and exceptions.

Duck-typed on purpose: neither library is imported here, so ``aiosmtplib`` stays optional and
``import smtpstatus`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, Union, cast

from smtpstatus.reply import SmtpReply

__all__ = [
    "replies_from_recipients_refused",
    "reply_from_aiosmtplib",
    "reply_from_smtplib",
]


class SmtplibResponseError(Protocol):
    """``smtplib.SMTPResponseException`` and its subclasses (``SMTPAuthenticationError``, ...)."""

    @property
    def smtp_code(self) -> int: ...

    @property
    def smtp_error(self) -> bytes | str: ...


class AiosmtplibResponse(Protocol):
    """``aiosmtplib.SMTPResponse`` and ``aiosmtplib.SMTPResponseException``."""

    @property
    def code(self) -> int: ...

    @property
    def message(self) -> str: ...


class AiosmtplibRecipientRefused(AiosmtplibResponse, Protocol):
    """One ``aiosmtplib.SMTPRecipientRefused``."""

    @property
    def recipient(self) -> str: ...


class SmtplibRecipientsRefused(Protocol):
    """``smtplib.SMTPRecipientsRefused``: address -> (code, message)."""

    @property
    def recipients(self) -> Mapping[str, tuple[int, bytes | str]]: ...


class AiosmtplibRecipientsRefused(Protocol):
    """``aiosmtplib.SMTPRecipientsRefused``: a list of refusals."""

    @property
    def recipients(self) -> Iterable[AiosmtplibRecipientRefused]: ...


RecipientsRefused = Union[SmtplibRecipientsRefused, AiosmtplibRecipientsRefused]


def reply_from_smtplib(error: SmtplibResponseError) -> SmtpReply:
    """The reply inside an ``smtplib.SMTPResponseException`` (sender refused, data error, ...)."""
    return SmtpReply.from_code_and_message(error.smtp_code, error.smtp_error)


def reply_from_aiosmtplib(response: AiosmtplibResponse) -> SmtpReply:
    """The reply of an ``aiosmtplib.SMTPResponse`` or ``SMTPResponseException``."""
    return SmtpReply.from_code_and_message(response.code, response.message)


def replies_from_recipients_refused(error: RecipientsRefused) -> dict[str, SmtpReply]:
    """Recipient address -> reply, from ``SMTPRecipientsRefused`` of either library."""
    recipients = error.recipients
    if isinstance(recipients, Mapping):
        by_address = cast("Mapping[str, tuple[int, bytes | str]]", recipients)
        return {
            address: SmtpReply.from_code_and_message(code, message)
            for address, (code, message) in by_address.items()
        }
    return {refused.recipient: reply_from_aiosmtplib(refused) for refused in recipients}
