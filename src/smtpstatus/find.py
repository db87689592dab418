"""Find the SMTP reply inside free text: a log line, a ``Diagnostic-Code:``, an exception message.

Real answers rarely arrive as a clean reply. They come wrapped (``smtp; 550 5.1.1 ...``,
``host mx[192.0.2.1] said: 550 ... (in reply to RCPT TO command)``, ``SMTP error from remote mail
server after RCPT TO:<x>: 550 ...``), folded onto one line (``550-5.1.1 first 550 5.1.1 second``),
with the enhanced code after the text (``(#5.1.1 - chkusr)``), as a transcript of several replies
(``450 busy 551 not our user 503 need RCPT``) or quoted inside another reply (``554 4.4.7 Message
expired <421 4.4.2 Connection timed out>``).

How a reply is chosen among the candidates in a text, in order:

1. A reply quoted inside another (between ``<`` and ``>``) is the one the remote server sent.
2. A reply that carries an enhanced status code of its own class (RFC 3463) beats one that does
   not: numbers in prose rarely come with one.
3. A failure beats a success or an intermediate reply (``354 End data ... 451 4.3.0 Error``), and
   among failures without an enhanced code a permanent one beats a transient one (the transcript
   ``450 busy ... 551 not our user`` ends in the 551).
4. Otherwise, the first.

A candidate is three digits 200 to 599 that stand alone (not part of a number, an IP address, a
word or a time) and are followed by a space, a ``-`` or the end of the text.
"""

from __future__ import annotations

import re

from smtpstatus._text import ENHANCED_IN_TEXT, MAX_TEXT_CHARACTERS
from smtpstatus.enhanced import EnhancedStatusCode, parse_enhanced
from smtpstatus.reply import SmtpReply

__all__ = ["find_reply"]

# A reply code where it stands alone: not inside a number, an address, a word or a time.
_CANDIDATE = re.compile(r"(?<![\w.\-+/=@%&$])([2-5][0-9][0-9])(-|[:,]?[ \t]+|[:,]|\Z)")
# An enhanced status code anywhere in the text, also as ``#5.1.1`` (qmail) or ``(5.1.1)``.
_ENHANCED_AT_START = re.compile(r"([245]\.[0-9]{1,3}\.[0-9]{1,3})(?=[\s,;:)\]>]|\Z)")
# What an MTA appends to the reply it quotes: not part of what the server said.
_TRAILER = re.compile(r"\s*\(in reply to [^()]*\)\s*\Z|\s*\(\s*\)\s*\Z", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
# How far before a reply its quoting "<" may stand (spaces between are allowed, nothing else).
QUOTE_REACH = 64
# Texts longer than this are searched in their first part only: a reply is never that long.


class _Candidate:
    """One place where a reply code stands in the text."""

    __slots__ = ("code", "continued", "end", "enhanced", "quoted", "start", "text_start")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self.code = int(match[1])
        self.start = match.start(1)
        self.text_start = match.end()
        self.continued = match[2] == "-"
        self.end = len(text)
        enhanced_match = _ENHANCED_AT_START.match(text, self.text_start)
        enhanced = parse_enhanced(enhanced_match[1]) if enhanced_match else None
        self.enhanced = enhanced if enhanced is not None and enhanced.klass == self.code // 100 else None
        self.quoted = _quoted(text, self.start)

    def rank(self) -> tuple[int, int, int, int]:
        """Smaller is better (see the module docstring); ties go to the first."""
        failure = self.code >= 400
        return (
            0 if self.quoted else 1,
            0 if self.enhanced is not None else 1,
            0 if failure else 1,
            0 if self.code >= 500 or self.enhanced is not None else 1,
        )


def _quoted(text: str, position: int) -> bool:
    """True when the reply at ``position`` is quoted in another: between a ``<`` and its ``>``
    that hold nothing but it, or after Sendmail's ``<address>... `` (``554 <x>... 550 Host unknown``)."""
    if text.endswith(">... ", 0, position) or text.endswith(">...", 0, position):
        return True
    # A quote stands right before the reply; looking further back for every candidate of a long
    # text would make the search quadratic.
    opening = text.rfind("<", max(0, position - QUOTE_REACH), position)
    if opening < 0 or text[opening + 1 : position].strip():
        return False
    return text.find(">", position, position + QUOTE_REACH * 8) > 0


# Words after which three digits are a number, not a reply (``port 587``, ``line 250``).
NOT_REPLY_AFTER = frozenset({"port", "line", "lines", "id", "pid", "uid", "size", "version", "ttl", "bytes"})
_LAST_WORD = re.compile(r"([A-Za-z]+)[ \t]*\Z")


def _after_counting_word(text: str, position: int) -> bool:
    word = _LAST_WORD.search(text[max(0, position - 16) : position])
    return word is not None and word[1].lower() in NOT_REPLY_AFTER


def _candidates(text: str) -> list[_Candidate]:
    found = [
        _Candidate(match, text)
        for match in _CANDIDATE.finditer(text)
        if not _after_counting_word(text, match.start(1))
    ]
    for current, following in zip(found, found[1:]):
        current.end = following.start
    return found


def _line_text(text: str, candidate: _Candidate) -> str:
    segment = text[candidate.text_start : candidate.end]
    if candidate.quoted:
        closing = segment.find(">")
        if closing >= 0:
            segment = segment[:closing]
    segment = _WHITESPACE.sub(" ", segment).strip()
    return _TRAILER.sub("", segment).strip()


def _enhanced_nearby(reply_lines: tuple[str, ...], code: int) -> EnhancedStatusCode | None:
    """An enhanced code of the reply's class anywhere in its lines (``(#5.1.1 - chkusr)``)."""
    for line in reply_lines:
        for match in ENHANCED_IN_TEXT.finditer(line):
            enhanced = parse_enhanced(match[1])
            if enhanced is not None and enhanced.klass == code // 100:
                return enhanced
    return None


def _decode(text: str | bytes) -> str:
    if isinstance(text, str):
        return text[:MAX_TEXT_CHARACTERS]
    return bytes(text[: MAX_TEXT_CHARACTERS * 4]).decode("utf-8", "replace")[:MAX_TEXT_CHARACTERS]


def find_reply(text: str | bytes) -> SmtpReply | None:
    """The SMTP reply the remote server sent, found anywhere in ``text``; ``None`` if there is none.

    The reply's ``enhanced`` is its enhanced status code where the text carries one of the same
    class anywhere in the reply. Never raises: anything that is not ``str`` or ``bytes`` gives
    ``None`` too.

    >>> reply = find_reply("host mx.example.net[192.0.2.1] said: 550 5.1.1 <x@example.net>: "
    ...                    "Recipient address rejected: User unknown (in reply to RCPT TO command)")
    >>> reply.code, str(reply.enhanced), reply.text
    (550, '5.1.1', '<x@example.net>: Recipient address rejected: User unknown')
    """
    try:
        return _find(_decode(text))
    except Exception:  # never raises: text is data
        return None


def _find(text: str) -> SmtpReply | None:
    candidates = _candidates(text)
    if not candidates:
        return None
    best = min(range(len(candidates)), key=lambda index: candidates[index].rank())
    chosen = candidates[best]
    parts = [chosen]
    # A folded multi-line reply: "550-5.1.1 first line 550 5.1.1 second line".
    index = best
    while parts[-1].continued and index + 1 < len(candidates) and candidates[index + 1].code == chosen.code:
        index += 1
        parts.append(candidates[index])
    lines = tuple(_line_text(text, part) for part in parts)
    enhanced = chosen.enhanced or _enhanced_nearby(lines, chosen.code)
    return SmtpReply.with_enhanced(chosen.code, lines, enhanced)
