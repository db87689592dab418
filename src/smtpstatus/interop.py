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


def _reply(code: object, message: object) -> SmtpReply | None:
    """The reply of a (code, message) pair, or ``None`` where it is not one."""
    if not isinstance(message, (str, bytes)):
        return None
    try:
        return SmtpReply.from_code_and_message(code, message)  # type: ignore[arg-type]  # checked there
    except (TypeError, ValueError):
        return None


def _attribute(source: object, name: str) -> object:
    try:
        return getattr(source, name, None)
    except Exception:  # a property that raises: no reply there
        return None


def reply_from_smtplib(error: SmtplibResponseError | BaseException) -> SmtpReply | None:
    """The reply inside an ``smtplib`` exception (sender refused, data error, ...).

    ``None`` when the exception carries no server reply: ``SMTPServerDisconnected`` and other
    ``SMTPException``\\ s without ``smtp_code``, or a code that is not a reply (smtplib uses
    ``-1`` for a connection that closed). Never raises.
    """
    return _reply(_attribute(error, "smtp_code"), _attribute(error, "smtp_error"))


def reply_from_aiosmtplib(response: AiosmtplibResponse | BaseException) -> SmtpReply | None:
    """The reply of an ``aiosmtplib.SMTPResponse`` or ``SMTPResponseException``.

    ``None`` when there is no server reply in it (``SMTPServerDisconnected``, ``SMTPTimeoutError``).
    Never raises.
    """
    return _reply(_attribute(response, "code"), _attribute(response, "message"))


def replies_from_recipients_refused(error: RecipientsRefused) -> dict[str, SmtpReply]:
    """Recipient address -> reply, from ``SMTPRecipientsRefused`` of either library.

    A refusal that carries no valid reply is left out. Never raises.
    """
    recipients = _attribute(error, "recipients")
    replies: dict[str, SmtpReply] = {}
    try:
        if isinstance(recipients, Mapping):
            for address, pair in cast("Mapping[object, object]", recipients).items():
                if isinstance(pair, tuple) and len(cast("tuple[object, ...]", pair)) == 2:
                    code, message = cast("tuple[object, object]", pair)
                    reply = _reply(code, message)
                    if reply is not None:
                        replies[str(address)] = reply
        elif isinstance(recipients, Iterable):
            for refused in cast("Iterable[object]", recipients):
                reply = reply_from_aiosmtplib(refused)  # type: ignore[arg-type]
                if reply is not None:
                    replies[str(_attribute(refused, "recipient"))] = reply
    except Exception:  # a broken mapping or iterator: what was read so far
        return replies
    return replies
