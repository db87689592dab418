"""The shape of an MTA family's profile: plain data, read by the free-form reader."""

from __future__ import annotations

from typing import NamedTuple


class Profile(NamedTuple):
    """What one family of MTAs writes into the bounces it sends, lowercase.

    Every field is matched as a substring of the lowercased text it applies to.
    """

    name: str
    """The family (``exim``, ``sendmail``, ...)."""
    senders: tuple[str, ...] = ()
    """Local parts and display names of the bounce's sender (``From:``, ``Return-Path:``)."""
    subjects: tuple[str, ...] = ()
    """Words of its subjects."""
    original_markers: tuple[str, ...] = ()
    """Lines that start its copy of the original message."""
    recipient_introductions: tuple[str, ...] = ()
    """How it introduces the list of failed recipients (spaces match any run of whitespace)."""
