"""Addresses in bounces: in prose, in RFC 3464 typed fields (``rfc822; x@example.org``), in
X.400 wrappings, in the returned message's ``Received:`` lines; and where a text first names each."""

from __future__ import annotations

import re

from smtpstatus.bounce.mime import (
    Part,
)

# An address; the lookbehind makes a long run of word characters cost one scan, not one per
# position (without it, 40,000 letters took 2.5 s: quadratic).
ADDRESS = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+"
)

_TYPE_PREFIX = re.compile(r"^\s*[\w-]+\s*;\s*")


def strip_type(value: str) -> str:
    """``rfc822; x@example.org`` -> ``x@example.org`` (RFC 3464 typed fields)."""
    return _TYPE_PREFIX.sub("", value, count=1).strip()


# An address as prose and X.400 gateways wrap it: 'x@example.org' (the quote is a character an
# address may hold, so the pattern takes the opening one), "SMTP=x@example.org", "RFC-822=..." (an
# X.400 attribute that carries an Internet address).
_ADDRESS_WRAPPING = re.compile(r"^(?:'+|(?:smtp|rfc-?822)=)", re.IGNORECASE)


def address_in(value: str) -> str:
    """The address a value holds, unwrapped (``<x@example.org>``, ``SMTP=x@...``); else the value."""
    match = ADDRESS.search(value)
    address = match.group(0) if match else value.strip().strip("<>")
    return _ADDRESS_WRAPPING.sub("", address)


def dsn_recipient(block: dict[str, str]) -> str:
    """A DSN recipient block's address: ``Final-Recipient`` (RFC 3464, 2.3.2), else, where that is
    no Internet address (an X.400 address, a local name such as ``x@ms-daemon``), the
    ``Original-Recipient`` the sender wrote, if that is one."""
    final = block.get("final-recipient", "")
    original = block.get("original-recipient", "")
    return (
        _internet_address(final) or _internet_address(original) or address_in(strip_type(final or original))
    )


def dsn_original_recipient(block: dict[str, str]) -> str | None:
    """A DSN recipient block's ``Original-Recipient``, where it is an Internet address."""
    return _internet_address(block.get("original-recipient", ""))


def _internet_address(value: str) -> str | None:
    """The address of a typed address field (``rfc822; x@example.org``) where it is an Internet
    address (``_INTERNET_ADDRESS``, not of type X.400), else ``None``."""
    if _INTERNET_ADDRESS.search(value) is None or value.lstrip().lower().startswith("x400"):
        return None
    return address_in(strip_type(value))


# An address field's value ends in "@" and a domain name with a dot ("x@ms-daemon" does not, nor
# the source route "@relay.example:x@host"); the local part may be quoted ("a..b"@example.org).
_INTERNET_ADDRESS = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+>?\s*$")

# "Received: from a by b ... for <x@example.org>; <date>": the envelope recipient of one hop.
_RECEIVED_FOR = re.compile(r"\bfor\s+<?([^\s<>;@]+@[^\s<>;]+)>?\s*;")


def envelope_recipient(original: Part) -> str:
    """The recipient the returned message's last hop names (its first ``Received: ... for <x>``):
    the address the reporting host was delivering to, where the ``To:`` header may be a list's."""
    received = original.get_all("Received") or []
    match = _RECEIVED_FOR.search(str(received[0])[:4096]) if received else None
    return match.group(1) if match is not None else ""


class Mentions:
    """Where a text first names each address: one pass finds every address the pattern knows; a
    plain search (a quoted local part such as ``"a..b"@example.org``) is made for at most
    ``SEARCHES`` others, so a thousand recipients cost a bounded number of passes over the text."""

    SEARCHES = 64

    def __init__(self, text: str) -> None:
        self._text = text
        self._lowered: str | None = None
        self._searches = 0
        self._positions: dict[str, int] = {}
        for match in ADDRESS.finditer(text):
            self._positions.setdefault(address_in(match.group(0)).lower(), match.start())

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
