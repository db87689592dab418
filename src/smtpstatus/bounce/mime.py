"""MIME as far as bounces need it: the message, its parts in order, a part's text, a header's text,
header-style field blocks, and the returned original's headers.

A message is read by ``Part``, our own reader of RFC 5322 headers and RFC 2045/2046 bodies, not by
the standard library's ``email`` parser: a bounce needs its headers, its part boundaries and the
text of a few parts, and ``email`` builds much more (it compiles a regular expression for every
boundary it meets: a third of the time of reading a bounce, measured). ``Part`` keeps the names of
the ``email.message.Message`` methods it offers, and reads as ``email`` (policy ``compat32``)
does: the same parts, the same header values, the same decoded bytes
(``tests/test_mime.py`` compares the two on every message of the corpus).
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Union

from smtpstatus._text import MAX_TEXT_CHARACTERS

if TYPE_CHECKING:
    import email.message

# (``email`` is imported only where a caller hands in an ``email.message.Message`` or a header holds
# RFC 2047 encoded words: it is a fifth of the time of starting the command line.)
MessageInput = Union[bytes, bytearray, str, "email.message.Message", "Part"]

# Most parts a message may have before the rest is ignored: bounces have a handful.
MAX_PARTS = 200
# How deep parts may nest (a message in a message in a multipart ...) before the rest is text.
MAX_DEPTH = 24

# How much of a header holding RFC 2047 encoded words is decoded: the standard library's
# ``decode_header`` is quadratic in the header's length (1 MB took 4.5 s).
MAX_ENCODED_HEADER_CHARACTERS: int = 16 * 1024


# Delivery status parts (RFC 3464, 2; RFC 6533, 6.2): fields, not a message.
REPORT_TYPES = ("message/delivery-status", "message/global-delivery-status")


class Part:
    """One MIME entity: its header fields and its body, its parts where it has any.

    ``get_payload()`` is the list of parts of a multipart or ``message/*`` entity (a delivery
    status body, ``REPORT_TYPES``, is fields, not a message: it stays text), else the body as
    ``str``; a multipart whose boundary never occurs keeps its body as text, as ``email`` does.
    """

    __slots__ = ("_children", "_fields", "_first", "_texts", "body", "content_type")

    body: bytes
    """The body as it was sent (transfer encoding not undone: ``decoded``)."""
    content_type: str
    """``maintype/subtype``, lowercase (RFC 2045, 5.2: ``text/plain`` where none is valid)."""

    def __init__(
        self, fields: list[tuple[str, str]], body: bytes, default_type: str, depth: int, budget: list[int]
    ) -> None:
        self._fields = fields
        # The first value of each field name (lowercase): one pass, however many lookups follow.
        self._first = {name.lower(): value for name, value in reversed(fields)}
        self.body = body
        self.content_type = _content_type(self.get("content-type"), default_type)
        self._children: list[Part] | None = None
        self._texts: dict[int, str] = {}
        if depth >= MAX_DEPTH or budget[0] <= 0:
            return
        maintype = self.content_type.partition("/")[0]
        if maintype == "multipart":
            boundary = self.get_param("boundary")
            pieces, text_end = (
                _split_multipart(body, boundary.encode("utf-8", "surrogateescape"))
                if boundary
                else (None, len(body))
            )
            self.body = body[:text_end]  # no parts: the text before a closing delimiter
            if pieces is not None:
                inner = "message/rfc822" if self.content_type == "multipart/digest" else "text/plain"
                self._children = []
                for piece in pieces:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                    self._children.append(_parse(piece, inner, depth + 1, budget))
        elif maintype == "message" and self.content_type not in REPORT_TYPES:
            budget[0] -= 1
            self._children = [_parse(body, "text/plain", depth + 1, budget)]

    # --- the email.message.Message methods bounces use ---------------------------------------

    def get(self, name: str, failobj: str | None = None) -> str | None:
        """The first field called ``name`` (case aside), else ``failobj``."""
        return self._first.get(name.lower(), failobj)

    def get_all(self, name: str) -> list[str] | None:
        """Every field called ``name`` (case aside), in order; ``None`` where there is none."""
        key = name.lower()
        found = [value for field, value in self._fields if field.lower() == key]
        return found or None

    def items(self) -> list[tuple[str, str]]:
        """The fields, names as written, in order."""
        return list(self._fields)

    def get_content_type(self) -> str:
        """``maintype/subtype``, lowercase."""
        return self.content_type

    def get_content_maintype(self) -> str:
        """``text`` of ``text/plain``."""
        return self.content_type.partition("/")[0]

    def get_content_subtype(self) -> str:
        """``plain`` of ``text/plain``."""
        return self.content_type.partition("/")[2]

    def get_param(self, name: str) -> str | None:
        """A parameter of the ``Content-Type`` field (RFC 2045, 5.1), unquoted."""
        return _params(self.get("content-type") or "").get(name.lower())

    def get_content_charset(self) -> str | None:
        """The ``charset`` parameter, lowercase; ``None`` where there is none."""
        charset = self.get_param("charset")
        return charset.lower() if charset else None

    def get_payload(self) -> list[Part] | str:
        """The parts of a multipart or ``message/*`` entity, else the body as text (its bytes as
        ``email`` gives them: ASCII, other bytes as surrogate escapes)."""
        if self._children is not None:
            return self._children
        return self.body.decode("ascii", "surrogateescape")

    def decoded(self) -> bytes:
        """The body, its ``Content-Transfer-Encoding`` (RFC 2045, 6) undone where it is base64 or
        quoted-printable; the raw bytes for any other, or where the encoding is broken."""
        encoding = (self.get("content-transfer-encoding") or "").strip().lower()
        if encoding == "base64":
            return _base64_decoded(b"".join(self.body.splitlines()))
        if encoding == "quoted-printable":
            return quopri.decodestring(self.body)
        return self.body

    def text(self, limit: int) -> str:
        """``text_of``, decoded once per limit: a report's readers and ``batch`` ask for the same
        parts' texts."""
        text = self._texts.get(limit)
        if text is None:
            text = self._texts[limit] = _decoded_text(self, limit).replace("\r\n", "\n")
        return text

    def walk(self) -> Iterator[Part]:
        """This part, then each of its parts, depth first."""
        yield self
        for child in self._children or ():
            yield from child.walk()


def _base64_decoded(data: bytes) -> bytes:
    """Base64 read as leniently as ``email`` reads it: padded, then with stray characters left
    out, then with padding added; the raw bytes where nothing decodes."""
    for candidate, validate in ((data + b"=" * (-len(data) % 4), True), (data, False), (data + b"==", False)):
        try:
            return base64.b64decode(candidate, validate=validate)
        except binascii.Error:
            continue
    return data


def _content_type(value: str | None, default: str) -> str:
    """RFC 2045, 5.2: no field, or one that is not ``type/subtype``, is the default type."""
    if value is None:
        return default
    kind = value.split(";", 1)[0].strip().lower()
    return kind if kind.count("/") == 1 else "text/plain"


_PARAM = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, raw in _PARAM.findall(value[:4096]):
        text = raw.strip()
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        params.setdefault(name.lower(), text.strip())
    return params


def _split_multipart(body: bytes, boundary: bytes) -> tuple[list[bytes] | None, int]:
    """The bodies of a multipart's parts (RFC 2046, 5.1.1): each between two delimiter lines
    (``--boundary``, transport padding after it), the line break before a delimiter is the
    delimiter's; the preamble and the epilogue are dropped. ``None`` where no delimiter opens a
    part, with how much of the body is then its text (up to a closing delimiter, as ``email``)."""
    delimiter = b"--" + boundary
    pieces: list[bytes] = []
    start: int | None = None
    position = 0
    while True:
        found = body.find(delimiter, position)
        if found < 0:
            break
        position = found + len(delimiter)
        if found > 0 and body[found - 1 : found] not in (b"\n", b"\r"):
            continue
        end = position
        closing = body.startswith(b"--", end)
        if closing:
            end += 2
        while body[end : end + 1] in (b" ", b"\t"):
            end += 1
        if end < len(body) and body[end : end + 1] not in (b"\r", b"\n"):
            continue  # a longer boundary, or words after it: not a delimiter line
        line_end = end + (2 if body.startswith(b"\r\n", end) else 1 if end < len(body) else 0)
        if start is not None:
            pieces.append(body[start : max(start, _before_line_end(body, found))])
            if len(pieces) >= MAX_PARTS:
                return pieces, len(body)
        if closing:
            return (pieces, len(body)) if start is not None else (None, found)
        start = line_end
        position = line_end
    if start is None:
        return None, len(body)
    # No closing delimiter: the last part runs to the end, its last line end dropped as a
    # delimiter would drop it.
    pieces.append(body[start : max(start, _before_line_end(body, len(body)))])
    return pieces, len(body)


def _before_line_end(data: bytes, end: int) -> int:
    """``end``, or where the line end just before it begins."""
    if data[end - 2 : end] == b"\r\n":
        return end - 2
    if end > 0 and data[end - 1 : end] in (b"\n", b"\r"):
        return end - 1
    return end


def _parse(data: bytes, default_type: str, depth: int, budget: list[int]) -> Part:
    """A part from its bytes: header fields up to the first empty line (or the first line that is
    no field), then the body (RFC 5322, 2.1)."""
    end = _HEADER_END.search(data)
    block = data[: end.start()] if end is not None else data
    body_start = end.end() if end is not None else len(data)
    if data[:1] in (b"\n", b"\r"):  # no fields at all: the body follows the empty first line
        block, body_start = b"", (2 if data.startswith(b"\r\n") else 1)
    if b"\n" not in block and b"\r" in block:  # old Mac line ends
        block = block.replace(b"\r", b"\n")
    text = block.decode("utf-8", "surrogateescape")
    matches = list(_FIELD.finditer(text))
    if not _one_after_another(matches, len(text)):  # another line among the fields: which?
        stray = _NOT_A_FIELD_LINE.search(text)
        if stray is not None:  # a line that is no field: the body begins with it
            text = text[: stray.start()]
            body_start = len(text.encode("utf-8", "surrogateescape"))
            matches = [match for match in matches if match.end() <= stray.start()]
    fields = [(match[1], match[2].rstrip("\r\n")) for match in matches]
    return Part(fields, data[body_start:], default_type, depth, budget)


def _one_after_another(matches: list[re.Match[str]], size: int) -> bool:
    """The fields fill the whole header, each on the line after the one before (the usual case:
    no line that is something else needs looking for)."""
    position = 0
    for match in matches:
        if match.start() != position:
            return False
        position = match.end() + 1
    return position >= size


# The end of the header: the first empty line (a line end right after a line end).
_HEADER_END = re.compile(rb"(?:\r\n|\n|\r(?!\n))(?:\r\n|\n|\r(?!\n))")
# A line that is neither a field (a name of printable characters but ":", RFC 5322 2.2, then
# ":"), nor a continuation, nor an mbox "From " line.
_NOT_A_FIELD_LINE = re.compile(r"^(?![\x21-\x39\x3b-\x7e]*:|From |[ \t]|\r?$)", re.MULTILINE)
# A field with its folded continuation lines, as ``email``'s ``compat32`` policy reads it: the
# value after the colon, leading blanks dropped, folded lines kept.
_FIELD = re.compile(r"^([\x21-\x39\x3b-\x7e]*):[ \t]*(.*(?:\n[ \t].*)*)", re.MULTILINE)


def read_message(message: MessageInput) -> Part:
    """A message as ``Part``: raw bytes, a ``str`` (its characters as UTF-8) or an
    ``email.message.Message`` (written out as bytes first)."""
    if isinstance(message, Part):
        return message
    if isinstance(message, (bytes, bytearray)):
        data = bytes(message)
    elif isinstance(message, str):
        data = message.encode("utf-8", "surrogateescape")
    else:
        data = _bytes_of(message)
    return _parse(data, "text/plain", 0, [MAX_PARTS])


def _bytes_of(message: email.message.Message) -> bytes:
    import email.message  # noqa: PLC0415

    if not isinstance(message, email.message.Message):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(type(message).__name__)
    try:
        return message.as_bytes()
    except Exception:  # a message the generator cannot write: its text
        return message.as_string().encode("utf-8", "surrogateescape")


def read_headers(text: str) -> Part:
    """Header fields given as text (``text/rfc822-headers``, a quoted copy) as a ``Part``."""
    return _parse(text.encode("utf-8", "surrogateescape"), "text/plain", MAX_DEPTH, [0])


def parts_of(message: Part) -> list[Part]:
    """The message's parts in order, at most ``MAX_PARTS`` of them."""
    found: list[Part] = []
    for part in message.walk():
        found.append(part)
        if len(found) >= MAX_PARTS:
            break
    return found


def text_of(part: Part, limit: int = MAX_TEXT_CHARACTERS) -> str:
    """The decoded text of a part (transfer encoding and charset), at most ``limit`` characters,
    its line ends LF (RFC 5322 writes CRLF; paragraphs are found by blank lines)."""
    return part.text(limit)


def _decoded_text(part: Part, limit: int) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):
        return "\n\n".join(_fields_text(item) for item in payload)[:limit]
    data = part.decoded()[: limit * 4]
    # The declared charset, else UTF-8 (often sent under a wrong label), else the label with
    # replacement characters; an unknown label counts as UTF-8.
    for charset, errors in ((part.get_content_charset() or "utf-8", "strict"), ("utf-8", "strict")):
        try:
            return data.decode(charset, errors)[:limit]
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode(part.get_content_charset() or "utf-8", "replace")[:limit]
    except LookupError:
        return data.decode("utf-8", "replace")[:limit]


def _fields_text(item: Part) -> str:
    """A message's header fields as text, then its body where it is text."""
    lines = [f"{name}: {value}" for name, value in item.items()]
    payload = item.get_payload()
    if isinstance(payload, str) and payload.strip():
        lines += ["", payload]
    return "\n".join(lines)


def is_readable(part: Part) -> bool:
    """True for a part whose content is text: a text part, or a multipart whose boundary is broken."""
    return part.get_content_maintype() == "text" or (
        part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), str)
    )


def header(message: Part, name: str) -> str:
    """The first field called ``name`` as text (``header_text``), ``""`` where there is none."""
    value = message.get(name)
    return "" if value is None else header_text(value)


def header_text(value: object) -> str:
    """A header's value as text: raw 8-bit bytes read as UTF-8 (the usual case), RFC 2047 encoded
    words decoded in at most ``MAX_ENCODED_HEADER_CHARACTERS``; the raw value where that fails."""
    text = str(value)
    if not text.isascii():  # raw 8-bit header bytes, kept by the parser as surrogate escapes
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return text
    if "=?" not in text:  # no encoded word (RFC 2047, 2): nothing to decode
        return text
    from email.header import decode_header, make_header  # noqa: PLC0415

    try:
        return str(make_header(decode_header(text[:MAX_ENCODED_HEADER_CHARACTERS])))
    except Exception:  # an undecodable encoded word: the raw value
        return text


def field_blocks(text: str) -> list[dict[str, str]]:
    """Header-style field blocks (RFC 3464, RFC 5965), separated by blank lines; names lowercased."""
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current, last = {}, ""
            continue
        if line[:1] in (" ", "\t") and last:
            current[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            last = name.strip().lower()
            if last in current:  # a field seen again: the next block began without a blank line
                blocks.append(current)
                current = {}
            current[last] = value.strip()
    if current:
        blocks.append(current)
    return blocks


def attached_headers(parts: list[Part]) -> Part | None:
    """The headers of the returned original message (``message/rfc822``, ``text/rfc822-headers``)."""
    for part in parts:
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload:
                return payload[0]
        if kind == "text/rfc822-headers":
            return read_headers(text_of(part))
    return None
