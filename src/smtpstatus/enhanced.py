"""Enhanced mail system status codes (RFC 3463, RFC 2034): ``class.subject.detail``.

The meanings below are written for someone reading a bounce: what happened and what to do. They
follow RFC 3463 and the IANA registry of enhanced status codes (RFC 5248, 4954, 6531, 7372, 7505).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

__all__ = ["EnhancedStatusCode", "parse_enhanced"]

CLASS_MEANINGS = {
    2: "success",
    4: "persistent transient failure: the same message may be accepted later",
    5: "permanent failure: sending the same message again will fail again",
}

SUBJECT_MEANINGS = {
    0: "other or undefined status",
    1: "addressing status",
    2: "mailbox status",
    3: "mail system status",
    4: "network and routing status",
    5: "mail delivery protocol status",
    6: "message content or media status",
    7: "security or policy status",
}

# (subject, detail) -> meaning; the class digit only says whether it is final.
DETAIL_MEANINGS = {
    (0, 0): "no further detail was given",
    (1, 0): "something is wrong with an address",
    (1, 1): "the recipient's mailbox does not exist here (check the address for typos)",
    (1, 2): "the recipient's domain or mail system does not exist or does not accept mail",
    (1, 3): "the recipient address is not syntactically valid",
    (1, 4): "the recipient address is ambiguous: it matches more than one mailbox",
    (1, 5): "the recipient address is valid",
    (1, 6): "the mailbox has moved and there is no forwarding address",
    (1, 7): "the sender address is not syntactically valid",
    (1, 8): "the sender's domain does not exist or cannot receive replies",
    (1, 9): "the message was relayed to a system that does not report delivery status",
    (1, 10): "the recipient's domain publishes a null MX: it accepts no mail",
    (2, 0): "something is wrong with the recipient's mailbox",
    (2, 1): "the mailbox is disabled and does not accept messages",
    (2, 2): "the mailbox is full",
    (2, 3): "the message is larger than this mailbox accepts",
    (2, 4): "a mailing list could not be expanded",
    (3, 0): "something is wrong with the receiving mail system",
    (3, 1): "the mail system's storage is full",
    (3, 2): "the system is not accepting network messages right now",
    (3, 3): "the system does not support a feature the message needs",
    (3, 4): "the message is larger than the system accepts",
    (3, 5): "the receiving system is misconfigured",
    (4, 0): "a network or routing problem",
    (4, 1): "the destination host did not answer",
    (4, 2): "the connection was dropped or is unusable",
    (4, 3): "a directory (DNS) lookup failed",
    (4, 4): "no route to the destination could be found",
    (4, 5): "the mail system is congested",
    (4, 6): "a routing loop was detected",
    (4, 7): "delivery time expired: the message was in the queue too long",
    (5, 0): "an SMTP protocol problem",
    (5, 1): "the server did not accept the command",
    (5, 2): "the command had a syntax error",
    (5, 3): "too many recipients for one message",
    (5, 4): "a command argument was invalid",
    (5, 5): "the protocol versions do not match",
    (5, 6): "an authentication exchange line was too long",
    (6, 0): "a problem with the message content or its format",
    (6, 1): "the message uses a media type the destination does not support",
    (6, 2): "the content would have to be converted, which is prohibited",
    (6, 3): "the content would have to be converted, which is not supported",
    (6, 4): "the content was converted and lost information",
    (6, 5): "converting the content failed",
    (6, 6): "the message content is not available",
    (6, 7): "non-ASCII addresses are not permitted here",
    (6, 8): "the reply needs UTF-8 support the client did not ask for",
    (6, 9): "a message with UTF-8 headers cannot be passed on",
    (7, 0): "a security or policy problem",
    (7, 1): "delivery is not authorized: the message was refused by policy (often spam or relay rules)",
    (7, 2): "expanding this mailing list is not allowed",
    (7, 3): "a required security conversion is not possible",
    (7, 4): "the security features the message needs are not supported",
    (7, 5): "a cryptographic operation failed",
    (7, 6): "the cryptographic algorithm is not supported",
    (7, 7): "the message failed an integrity check",
    (7, 8): "the login or password was not accepted",
    (7, 9): "the authentication mechanism is too weak",
    (7, 10): "encryption is needed (start TLS first)",
    (7, 11): "this authentication mechanism needs an encrypted connection",
    (7, 12): "a password change is needed before logging in",
    (7, 13): "the user account is disabled",
    (7, 14): "a trust relationship with the sender is required",
    (7, 15): "the message's priority is too low for the server's policy",
    (7, 16): "the message is too big for its priority",
    (7, 17): "the mailbox owner has changed",
    (7, 18): "the domain owner has changed",
    (7, 19): "the requested ownership check (RRVS) could not be done",
    (7, 20): "no passing DKIM signature was found",
    (7, 21): "no acceptable DKIM signature was found",
    (7, 22): "no valid DKIM signature matching the author was found",
    (7, 23): "SPF validation failed: the sending host is not allowed to send for this domain",
    (7, 24): "SPF validation could not be completed",
    (7, 25): "reverse DNS of the sending host failed validation",
    (7, 26): "several sender authentication checks failed",
    (7, 27): "the sender's domain publishes a null MX: it cannot receive replies",
}


def _component(text: str) -> int | None:
    """One number of a code: ``"0"`` or 1 to 3 digits without a leading zero (RFC 3463, 2)."""
    if 0 < len(text) <= 3 and text.isascii() and text.isdigit() and (text[0] != "0" or text == "0"):
        return int(text)
    return None


def parse_enhanced(text: str) -> EnhancedStatusCode | None:
    """The code spelled by ``text`` (``"5.1.1"``), or ``None``; the one grammar of this package.

    RFC 3463: ``class "." subject "." detail``, class 2, 4 or 5, subject and detail ``0`` or 1 to
    3 digits that do not start with ``0``. Never raises for a ``str``.
    """
    parts = text.split(".")
    if len(parts) != 3 or parts[0] not in _CLASS_DIGITS:
        return None
    subject = _component(parts[1])
    detail = _component(parts[2])
    if subject is None or detail is None:
        return None
    return _new_code(EnhancedStatusCode, (_CLASS_DIGITS[parts[0]], subject, detail))


_CLASS_DIGITS = {"2": 2, "4": 4, "5": 5}


class _Fields(NamedTuple):
    klass: int
    """2 success, 4 persistent transient failure, 5 permanent failure."""
    subject: int
    """What it is about: 1 addressing, 2 mailbox, ..., 7 security or policy."""
    detail: int
    """The precise condition within the subject."""


def _new_code(cls: type[EnhancedStatusCode], fields: tuple[int, int, int]) -> EnhancedStatusCode:
    """A code from fields the grammar has already checked, without checking them again."""
    return _Fields.__new__(cls, *fields)


class EnhancedStatusCode(_Fields):
    """An enhanced status code such as ``5.1.1``; ``str()`` gives it back in that form.

    ``EnhancedStatusCode(5, 1, 1)`` checks its arguments: ``TypeError`` unless each is an ``int``
    (``bool`` is not), ``ValueError`` unless the class is 2, 4 or 5 and subject and detail are
    0 to 999.
    """

    __slots__ = ()

    def __new__(cls, klass: int, subject: int, detail: int) -> EnhancedStatusCode:
        for value in (klass, subject, detail):
            if not isinstance(value, int) or isinstance(value, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(f"EnhancedStatusCode takes three ints, got {type(value).__name__}")
        if klass not in CLASS_MEANINGS or not (0 <= subject <= 999 and 0 <= detail <= 999):
            raise ValueError(
                f"{klass}.{subject}.{detail} is not an enhanced status code (class 2, 4 or 5; subject and detail 0-999)"
            )
        return super().__new__(cls, int(klass), int(subject), int(detail))

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> EnhancedStatusCode:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        # Checked like the constructor; ``_replace`` goes through here too.
        return cls(*iterable)

    @classmethod
    def parse(cls, text: str) -> EnhancedStatusCode:
        """``"5.1.1"`` -> ``EnhancedStatusCode(5, 1, 1)``.

        Raises ``ValueError`` for a string that is not a code (leading zeros included, which
        RFC 3463 forbids), ``TypeError`` for anything but a ``str``.
        """
        if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"EnhancedStatusCode.parse expects str, not {type(text).__name__}")
        code = parse_enhanced(text)
        if code is None:
            raise ValueError(
                f"{text[:40]!r} is not an enhanced status code (class.subject.detail, class 2, 4 or 5)"
            )
        return code

    def __str__(self) -> str:
        return f"{self.klass}.{self.subject}.{self.detail}"

    @property
    def class_meaning(self) -> str:
        return CLASS_MEANINGS[self.klass]

    @property
    def subject_meaning(self) -> str | None:
        """The subject in words (``"addressing status"``); ``None`` for subjects RFC 3463 does not define."""
        return SUBJECT_MEANINGS.get(self.subject)

    @property
    def meaning(self) -> str | None:
        """The code in words, where the registry defines it; ``None`` otherwise.

        A transient code (class 4) says so: ``4.7.1`` is the policy refusal of greylisting, which
        a retry passes.
        """
        meaning = DETAIL_MEANINGS.get((self.subject, self.detail))
        if meaning is not None and self.klass == 4:
            return f"{meaning} (for now: the same message may be accepted later)"
        return meaning

    @property
    def is_success(self) -> bool:
        return self.klass == 2

    @property
    def is_transient(self) -> bool:
        return self.klass == 4

    @property
    def is_permanent(self) -> bool:
        return self.klass == 5
