"""The rules every reader of outside text shares, each defined once: how much of a text is read,
how an enhanced status code is found in running text, and how whitespace is folded.

(``diagnosis`` has its own, different normalization for looking up words: lowercase, reply-code
prefixes and names taken out. It is called ``words_of`` there, not "fold".)
"""

from __future__ import annotations

import re

# The most of one text that is read: a reply, a diagnostic or a bounce's human-readable part is
# far shorter; a longer input costs no more than this. (find_reply read 1 MiB and parse_bounce
# 256 KiB of a part; one limit now, the smaller: no real reply sits deeper in its text.)
MAX_TEXT_CHARACTERS = 256 * 1024

# An enhanced status code (RFC 3463: class.subject.detail, each of up to three digits) in running
# text: not inside a longer dotted number (an IP address, a version), but at the end of a
# sentence ("status 5.1.1.") it counts. qmail writes "(#5.1.1)".
ENHANCED_IN_TEXT = re.compile(r"(?<![\w.])#?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?!\w|\.[0-9])")

_WHITESPACE = re.compile(r"\s+")


def fold_whitespace(text: str) -> str:
    """Every run of whitespace (line ends of a folded header or reply too) as one space, the ends
    stripped."""
    return _WHITESPACE.sub(" ", text).strip()
