"""Words in a text: the one way a text is folded before phrases are looked for in it, and the
questions asked of the folded text (which reason's phrase it holds, whether it is a delay warning,
whether it names a host not reached).
"""

from __future__ import annotations

import functools
import re

from smtpstatus.diagnosis.phrases import (
    CONNECTION_FAILURE_WORDS,
    DELAY_WORDS,
    FALLBACK_WORDS,
    PRIORITY_WORDS,
    TRANSIENT_WORDS,
    WORDS,
)
from smtpstatus.diagnosis.reasons import Reason

__all__ = [
    "MAX_WORDS_CHARACTERS",
    "names_connection_failure",
    "priority_reason",
    "reason_from_words",
    "says_delayed",
    "says_transient",
    "words_of",
]

# Words are searched in the first part of a text only: diagnostics are short, input may not be.
MAX_WORDS_CHARACTERS = 16 * 1024

# The continuation prefix of a folded multi-line reply ("550-5.7.1 ", "550 5.7.1 ") and the
# markers of a session transcript ("<<< "), which would cut a phrase in two.
_FOLD = re.compile(r"(?<![\w.])[2-5][0-9][0-9][ -](?:[245]\.[0-9]{1,3}\.[0-9]{1,3} )?|<<<|>>>")
# Addresses, host names and IP addresses (bracketed or not): names, not words. Taken out, "host
# mx.example.net not found" and "user <x@example.net> unknown" read as the phrases they are
# (the names themselves stay readable too: see ``words_of``).
# (Matched only from the start of a run of name characters: linear time on any text.)
_NAMES = re.compile(r"(?<![\w.+=@-])[<\[(]?(?:[\w.+=-]+@)?[\w-]+(?:\.[\w-]+)+(?::[0-9]+)?[>\])]?")


def says_delayed(text: str) -> bool:
    """A delay warning: the MTA keeps trying (``DELAY_WORDS``) and says nothing of a permanent
    failure. The one test of it, for ``is_transient`` and a free-form bounce's action."""
    folded = words_of(text)
    return "permanent" not in folded and any(words in folded for words in DELAY_WORDS)


def names_connection_failure(text: str) -> bool:
    """The text says the remote host could not be reached (``CONNECTION_FAILURE_WORDS``),
    looked for as every word is (``words_of``)."""
    folded = words_of(text)
    return any(words in folded for words in CONNECTION_FAILURE_WORDS)


def words_of(text: str) -> str:
    """The text as words are looked for in it: lowercase, single spaces, no reply-code prefixes;
    then, after a NUL no word holds, the same without names. A word may be in either: "host not
    found" in the second, "spamhaus" (of zen.spamhaus.org) in the first. Each half begins and ends
    with a space, so that " spam " is a word at either end too."""
    return _words_window(text[:MAX_WORDS_CHARACTERS])


# parse_bounce asks about one text several times. The caches hold windows of at most
# MAX_WORDS_CHARACTERS, never a whole (possibly huge) input.
@functools.lru_cache(maxsize=32)
def _words_window(window: str) -> str:
    plain = _FOLD.sub(" ", window)
    return " " + " ".join(f"{plain} \0 {_NAMES.sub(' ', plain)}".lower().split()) + " "


def priority_reason(folded: str) -> Reason | None:
    """The reason a ``PRIORITY_WORDS`` phrase in ``folded`` (a text as ``words_of`` gives it) names."""
    return next((reason for phrase, reason in PRIORITY_WORDS if phrase in folded), None)


def reason_from_words(text: str) -> Reason | None:
    """The first reason of ``WORDS`` whose words occur in ``text`` (case and spacing aside, reply
    codes of a folded reply removed)."""
    return _reason_from_window(text[:MAX_WORDS_CHARACTERS])


@functools.lru_cache(maxsize=32)  # see _words_window
def _reason_from_window(window: str) -> Reason | None:
    folded = _words_window(window)
    priority = priority_reason(folded)
    if priority is not None:
        return priority
    for table in (WORDS, FALLBACK_WORDS):
        for reason, words in table:
            for word in words:
                if word in folded:
                    return reason
    return None


def says_transient(text: str) -> bool:
    """The words say the failure is temporary (``TRANSIENT_WORDS``) or it is a delay warning."""
    folded = words_of(text)
    return any(words in folded for words in TRANSIENT_WORDS) or says_delayed(text)
