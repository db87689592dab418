"""Parse SMTP replies (RFC 5321 section 4.2) with enhanced status codes (RFC 2034, RFC 3463).

``parse_reply`` accepts one reply, single- or multi-line, as ``str`` or ``bytes``, with CRLF or LF
line ends. It raises ``SmtpReplyError`` (a ``ValueError``) for anything that is not a reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode
from smtpstatus._reply_code import ClassifiedCode
from smtpstatus.enhanced import EnhancedStatusCode

__all__ = ["SmtpReply", "SmtpReplyError", "parse_reply"]

# "200".."599" -> int: one dict lookup checks the three digits and converts them.
_CODES = {str(code): code for code in range(200, 600)}
_UNSET = object()  # SmtpReply._enhanced before the text was looked at
_STATUS_BY_VALUE = cast("dict[object, SmtpStatusCode]", SmtpStatusCode._value2member_map_)


class SmtpReplyError(ValueError):
    """The text is not an SMTP reply; the message says which line and why."""


class SmtpReply(ClassifiedCode):
    """One SMTP reply: its code, its lines, and what they mean.

    ``lines`` are the texts after ``NNN-``/``NNN `` on each line, as the server sent them.
    ``text`` is the same without the enhanced status code that starts a line.
    """

    __slots__ = ("_enhanced", "code", "lines")

    code: int
    lines: tuple[str, ...]

    def __init__(self, code: int, lines: tuple[str, ...]) -> None:
        self.code = code
        self.lines = lines
        self._enhanced: object = _UNSET  # EnhancedStatusCode | None once looked for

    @classmethod
    def from_code_and_message(cls, code: int, message: str | bytes) -> SmtpReply:
        """A reply from a client library's (code, message): the message lines joined by ``\\n``.

        This is how ``smtplib`` and ``aiosmtplib`` hand replies over.
        """
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
        if not 100 <= code <= 999:
            raise SmtpReplyError(f"{code!r} is not a three-digit reply code")
        lines = text.split("\n") if text else [""]
        return parse_reply(
            "\r\n".join(f"{code}-{line}" for line in lines[:-1])
            + ("\r\n" if len(lines) > 1 else "")
            + f"{code} {lines[-1]}"
        )

    @property
    def status(self) -> SmtpStatusCode | None:
        """The documented ``SmtpStatusCode``; ``None`` for a code the docs do not list (555, 521)."""
        return _STATUS_BY_VALUE.get(self.code)

    @property
    def enhanced(self) -> EnhancedStatusCode | None:
        """The enhanced status code at the start of the text, whose class matches the reply's."""
        enhanced = self._enhanced
        if enhanced is _UNSET:  # not looked for yet: most callers never ask
            enhanced = self._enhanced = _find_enhanced(self.code, self.lines)
        return enhanced  # type: ignore[return-value]

    @property
    def text(self) -> str:
        """The human-readable text: lines joined by ``\\n``, the enhanced code removed."""
        enhanced = self.enhanced
        if enhanced is None:
            return "\n".join(self.lines)
        prefix = str(enhanced)
        return "\n".join(_strip_code(line, prefix) for line in self.lines)

    @property
    def _classified_code(self) -> int:
        return self.code

    def to_wire(self) -> str:
        """The reply as a server sends it, CRLF line ends included."""
        last = len(self.lines) - 1
        return "".join(
            f"{self.code}{' ' if index == last else '-'}{line}\r\n" for index, line in enumerate(self.lines)
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SmtpReply):
            return NotImplemented
        return self.code == other.code and self.lines == other.lines

    def __hash__(self) -> int:
        return hash((self.code, self.lines))

    def __repr__(self) -> str:
        return f"SmtpReply(code={self.code}, lines={self.lines!r})"

    def __str__(self) -> str:
        return self.to_wire().rstrip("\r\n").replace("\r\n", "\n")


_new_reply = object.__new__


def _strip_code(line: str, prefix: str) -> str:
    if line.startswith(prefix) and (len(line) == len(prefix) or line[len(prefix)] == " "):
        return line[len(prefix) + 1 :]
    return line


def _enhanced_at_start(line: str) -> EnhancedStatusCode | None:
    """``class.subject.detail`` followed by a space or the line end (RFC 2034), else ``None``."""
    if line[1:2] != "." or line[:1] not in "245":
        return None  # most lines: decided by two characters
    head = line.split(" ", 1)[0]
    subject, dot, detail = head[2:].partition(".")
    digits = subject + detail
    if dot and 0 < len(subject) <= 3 and 0 < len(detail) <= 3 and digits.isascii() and digits.isdigit():
        return EnhancedStatusCode(int(head[0]), int(subject), int(detail))
    return None


def _find_enhanced(code: int, lines: Iterable[str]) -> EnhancedStatusCode | None:
    """The first enhanced code that starts a line; RFC 3463 needs its class to be the reply's."""
    for line in lines:
        enhanced = _enhanced_at_start(line)
        if enhanced is not None:
            return enhanced if enhanced.klass == code // 100 else None
    return None


def _check_code(line: str, number: int) -> None:
    if line[:3] not in _CODES:
        raise SmtpReplyError(f"line {number}: {line[:20]!r} does not start with a reply code 2xx-5xx")


def parse_reply(data: str | bytes) -> SmtpReply:
    """Parse one complete SMTP reply.

    >>> reply = parse_reply("550 5.1.1 <x@example.com>: Recipient address rejected\\r\\n")
    >>> reply.code, str(reply.enhanced), reply.is_permanent
    (550, '5.1.1', True)
    """
    if isinstance(data, str):
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
        text = bytes(data).decode("utf-8", "replace")
    else:  # a caller without a type checker
        raise TypeError(f"parse_reply expects str or bytes, not {type(data).__name__}")
    if text[-1:] in ("\n", "\r"):
        text = text.rstrip("\r\n")
    if "\n" not in text:
        # One line: the common case, kept to a few C-level operations.
        code = _CODES.get(text[:3])
        separator = text[3:4]
        if code is not None and (separator == " " or not separator):
            reply = _new_reply(SmtpReply)
            reply.code = code
            reply.lines = (text[4:],)
            reply._enhanced = _UNSET  # pyright: ignore[reportPrivateUsage] - the inlined __init__
            return reply
        _check_code(text, 1)
        if separator == "-":
            raise SmtpReplyError("line 1: a continuation line ('-') needs a final line after it")
        raise SmtpReplyError(f"line 1: expected a space or a line end after the code, found {separator!r}")
    raw_lines = text.split("\n")
    code_text = raw_lines[0][:3]
    texts: list[str] = []
    last = len(raw_lines) - 1
    for index, raw in enumerate(raw_lines):
        line = raw[:-1] if raw.endswith("\r") else raw
        number = index + 1
        _check_code(line, number)
        if line[:3] != code_text:
            raise SmtpReplyError(f"line {number}: code {line[:3]} differs from {code_text} on line 1")
        separator = line[3:4]
        if index < last and separator != "-":
            raise SmtpReplyError(f"line {number}: a line before the last must have '-' after the code")
        if index == last and separator not in (" ", ""):
            raise SmtpReplyError(f"line {number}: the last line must have a space or nothing after the code")
        texts.append(line[4:])
    return SmtpReply(int(code_text), tuple(texts))
