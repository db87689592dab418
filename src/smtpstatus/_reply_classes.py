"""The reply classes and categories of RFC 5321 section 4.2, as enums (loaded on first use)."""

from __future__ import annotations

import enum

__all__ = ["ReplyCategory", "ReplyClass"]


def _spoken(self: enum.Enum) -> str:
    """``str()`` of both enums: the name in words (``transient negative``)."""
    return self.name.lower().replace("_", " ")


class ReplyClass(enum.IntEnum):
    """The first digit of a reply code (RFC 5321, 4.2.1): how the command went."""

    POSITIVE_COMPLETION = 2
    """2yz: the requested action completed; a new request may be sent."""
    POSITIVE_INTERMEDIATE = 3
    """3yz: accepted, but the server waits for more information (DATA, AUTH continuation)."""
    TRANSIENT_NEGATIVE = 4
    """4yz: not done this time; the same request may succeed later, so retry."""
    PERMANENT_NEGATIVE = 5
    """5yz: not done and will not be; do not repeat the same request unchanged."""

    __str__ = _spoken


class ReplyCategory(enum.IntEnum):
    """The second digit of a reply code (RFC 5321, 4.2.1): what the reply is about."""

    SYNTAX = 0
    """x0z: syntax errors, commands that are out of place or not implemented."""
    INFORMATION = 1
    """x1z: replies to requests for information, such as status or help."""
    CONNECTIONS = 2
    """x2z: the transmission channel."""
    UNSPECIFIED_3 = 3
    """x3z: not specified by RFC 5321 (used for authentication by RFC 4954)."""
    UNSPECIFIED_4 = 4
    """x4z: not specified by RFC 5321."""
    MAIL_SYSTEM = 5
    """x5z: the state of the receiver mail system for the requested transfer."""

    __str__ = _spoken
