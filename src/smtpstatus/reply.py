"""Parse SMTP replies (RFC 5321 section 4.2) with enhanced status codes (RFC 2034, RFC 3463).

``parse_reply`` accepts one reply, single- or multi-line, as ``str`` or ``bytes``, with CRLF or LF
line ends. It raises ``SmtpReplyError`` (a ``ValueError``) for anything that is not a reply.
"""

from __future__ import annotations

from collections.abc import Iterable

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode
from smtpstatus._reply_code import ClassifiedCode
from smtpstatus.enhanced import EnhancedStatusCode, parse_enhanced

__all__ = ["SmtpReply", "SmtpReplyError", "parse_reply"]

# "200".."599" -> int: one dict lookup checks the three digits and converts them; with the space
# that follows them on a final line, one lookup also checks the separator.
_CODES = {str(code): code for code in range(200, 600)}
_CODES_WITH_SPACE = {f"{code} ": code for code in range(200, 600)}


_UNSET = object()  # what an unset SmtpReply._enhanced reads as: not looked for yet


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
    _enhanced: EnhancedStatusCode | None

    def __init__(self, code: int, lines: tuple[str, ...]) -> None:
        """A reply with ``code`` (200 to 599) and one or more ``lines`` of text.

        Raises ``SmtpReplyError`` (a ``ValueError``) for a code outside 200-599, no lines, or a
        line holding CR or LF (it would inject a line into ``to_wire``), and ``TypeError`` for a
        code that is not an ``int`` or a line that is not a ``str``.
        """
        if not isinstance(code, int) or isinstance(code, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"reply code must be an int, not {type(code).__name__}")
        if not 200 <= code <= 599:
            raise SmtpReplyError(f"{code!r} is not a reply code 2xx-5xx (RFC 5321, 4.2)")
        lines = tuple(lines)
        if not lines:
            raise SmtpReplyError("a reply has at least one line")
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(f"reply line {number} must be a str, not {type(line).__name__}")
            if "\r" in line or "\n" in line:
                raise SmtpReplyError(f"reply line {number} holds a CR or LF: {line[:40]!r}")
        self.code = int(code)
        self.lines = lines
        # ``_enhanced`` stays unset until ``enhanced`` is first asked for: most callers never ask.

    def __reduce__(self) -> tuple[object, tuple[int, tuple[str, ...], EnhancedStatusCode | None]]:
        # Pickling and copying rebuild the reply from its data, through the constructor's checks.
        return (_restore, (self.code, self.lines, self.enhanced))

    @classmethod
    def with_enhanced(
        cls, code: int, lines: tuple[str, ...], enhanced: EnhancedStatusCode | None
    ) -> SmtpReply:
        """A reply whose enhanced code was found elsewhere than at the start of a line.

        ``find_reply`` uses it for ``550 User unknown (#5.1.1)``. Raises as the constructor does,
        and ``TypeError`` unless ``enhanced`` is an ``EnhancedStatusCode`` or ``None``.
        """
        if enhanced is not None and not isinstance(enhanced, EnhancedStatusCode):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"enhanced must be an EnhancedStatusCode or None, not {type(enhanced).__name__}")
        reply = cls(code, lines)
        reply._enhanced = enhanced
        return reply

    @classmethod
    def from_code_and_message(cls, code: int, message: str | bytes) -> SmtpReply:
        """A reply from a client library's (code, message): the message lines joined by ``\\n``.

        This is how ``smtplib`` and ``aiosmtplib`` hand replies over. Raises as the constructor
        does; bytes are read as UTF-8, undecodable bytes replaced.
        """
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
        if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"reply message must be str or bytes, not {type(message).__name__}")
        return cls(code, tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))

    @property
    def status(self) -> SmtpStatusCode | None:
        """The documented ``SmtpStatusCode``; ``None`` for a code the docs do not list (555, 521)."""
        return SmtpStatusCode.lookup(self.code)

    @property
    def enhanced(self) -> EnhancedStatusCode | None:
        """The enhanced status code at the start of the text, whose class matches the reply's."""
        enhanced = getattr(self, "_enhanced", _UNSET)
        if enhanced is _UNSET:  # not looked for yet: parsing leaves the slot unset, for speed
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


def _restore(code: int, lines: tuple[str, ...], enhanced: EnhancedStatusCode | None) -> SmtpReply:
    return SmtpReply.with_enhanced(code, lines, enhanced)


def _strip_code(line: str, prefix: str) -> str:
    if line.startswith(prefix) and (len(line) == len(prefix) or line[len(prefix)] == " "):
        return line[len(prefix) + 1 :]
    return line


def _enhanced_at_start(line: str) -> EnhancedStatusCode | None:
    """``class.subject.detail`` followed by a space or the line end (RFC 2034), else ``None``."""
    if line[1:2] != "." or line[:1] not in "245":
        return None  # most lines: decided by two characters
    return parse_enhanced(line.split(" ", 1)[0])


def _find_enhanced(code: int, lines: Iterable[str]) -> EnhancedStatusCode | None:
    """The first enhanced code that starts a line; RFC 3463 needs its class to be the reply's."""
    for line in lines:
        enhanced = _enhanced_at_start(line)
        if enhanced is not None:
            return enhanced if enhanced.klass == code // 100 else None
    return None


def _check_no_bare_cr(text: str) -> None:
    """A CR that does not end a line would be a line break to some readers and not to others."""
    for number, line in enumerate(text.split("\n"), start=1):
        if "\r" in line[:-1]:
            raise SmtpReplyError(f"line {number}: a bare CR inside the line; lines end with CRLF or LF")


def _check_code(line: str, number: int) -> None:
    if line[:3] not in _CODES:
        raise SmtpReplyError(f"line {number}: {line[:20]!r} does not start with a reply code 2xx-5xx")


def parse_reply(data: str | bytes) -> SmtpReply:
    """Parse one complete SMTP reply.

    >>> reply = parse_reply("550 5.1.1 <x@example.com>: Recipient address rejected\\r\\n")
    >>> reply.code, str(reply.enhanced), reply.is_permanent
    (550, '5.1.1', True)
    """
    if type(data) is str or isinstance(data, str):
        text = data
    elif isinstance(data, (bytes, bytearray, memoryview)):  # pyright: ignore[reportUnnecessaryIsInstance]
        text = bytes(data).decode("utf-8", "replace")
    else:  # a caller without a type checker
        raise TypeError(f"parse_reply expects str or bytes, not {type(data).__name__}")
    if "\n" not in text and "\r" not in text:
        # One line without its line end: the common case, kept to a few C-level operations.
        code = _CODES_WITH_SPACE.get(text[:4])
        if code is not None:
            reply = _new_reply(SmtpReply)  # the inlined __init__: the checks above are its checks
            reply.code = code
            reply.lines = (text[4:],)
            return reply
    if text[-1:] in ("\n", "\r"):
        text = text.rstrip("\r\n")
    if "\r" in text:
        _check_no_bare_cr(text)
    if "\n" not in text:
        code = _CODES_WITH_SPACE.get(text[:4])
        if code is None and len(text) == 3:
            code = _CODES.get(text)
        if code is not None:
            reply = _new_reply(SmtpReply)
            reply.code = code
            reply.lines = (text[4:],)
            return reply
        _check_code(text, 1)
        separator = text[3:4]
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
    reply = _new_reply(SmtpReply)  # every line checked above: the constructor's checks hold
    reply.code = int(code_text)
    reply.lines = tuple(texts)
    return reply
