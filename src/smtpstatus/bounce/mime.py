"""MIME as far as bounces need it: the message, its parts in order, a part's text, a header's text,
header-style field blocks, and the returned original's headers."""

from __future__ import annotations

import email
import email.message
import email.policy
from email.header import Header, decode_header, make_header
from typing import Union, cast

from smtpstatus._text import MAX_TEXT_CHARACTERS

Message = email.message.Message

MessageInput = Union[bytes, bytearray, str, Message]

# Most parts a message may have before the rest is ignored: bounces have a handful.
MAX_PARTS = 200

# How much of a header holding RFC 2047 encoded words is decoded: the standard library's
# ``decode_header`` is quadratic in the header's length (1 MB took 4.5 s).
MAX_ENCODED_HEADER_CHARACTERS: int = 16 * 1024


def read_message(message: MessageInput) -> Message:
    if isinstance(message, Message):
        return message
    if isinstance(message, (bytes, bytearray)):
        return email.message_from_bytes(bytes(message), policy=email.policy.compat32)
    if isinstance(message, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        return email.message_from_string(message, policy=email.policy.compat32)
    raise TypeError(type(message).__name__)


def parts_of(message: Message) -> list[Message]:
    """The message's parts in order, at most ``MAX_PARTS`` of them."""
    found: list[Message] = []
    pending = [message]
    while pending and len(found) < MAX_PARTS:
        part = pending.pop(0)
        found.append(part)
        payload = part.get_payload()
        if isinstance(payload, list):
            pending[:0] = [item for item in cast("list[object]", payload) if isinstance(item, Message)]
    return found


def text_of(part: Message, limit: int = MAX_TEXT_CHARACTERS) -> str:
    """The decoded text of a part (transfer encoding and charset), at most ``limit`` characters,
    its line ends LF (RFC 5322 writes CRLF; paragraphs are found by blank lines)."""
    return _decoded_text(part, limit).replace("\r\n", "\n")


def _decoded_text(part: Message, limit: int) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        if isinstance(raw, list):
            return "\n\n".join(_fields_text(item) for item in cast("list[object]", raw))[:limit]
        return str(raw)[:limit]
    data = payload[: limit * 4]
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


def _fields_text(item: object) -> str:
    """A block of header fields as text (a delivery-status part is parsed into such blocks):
    the fields as the message had them, without the standard library's generator, which folds
    every header again (a sixth of the time of reading a bounce, measured)."""
    if not isinstance(item, Message):
        return str(item)
    fields = cast("list[tuple[str, object]]", item.items())
    lines = [f"{name}: {value}" for name, value in fields]
    payload = item.get_payload()
    if isinstance(payload, str) and payload.strip():
        lines += ["", payload]
    return "\n".join(lines)


def is_readable(part: Message) -> bool:
    """True for a part whose content is text: a text part, or a multipart whose boundary is broken."""
    return part.get_content_maintype() == "text" or (
        part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), str)
    )


def header(message: Message, name: str) -> str:
    value = message.get(name)
    return "" if value is None else header_text(value)


def header_text(value: object) -> str:
    """A header's value as text: raw 8-bit bytes read as UTF-8 (the usual case), RFC 2047 encoded
    words decoded in at most ``MAX_ENCODED_HEADER_CHARACTERS``; the raw value where that fails."""
    if isinstance(value, Header):  # raw 8-bit bytes in the header: read as UTF-8, the usual case
        try:
            return "".join(
                chunk.decode("utf-8" if charset in (None, "unknown-8bit") else str(charset), "replace")
                if isinstance(chunk, bytes)
                else chunk
                for chunk, charset in decode_header(value)
            )
        except (LookupError, ValueError):  # a charset Python does not know
            return str(value)
    text = str(value)
    if not text.isascii():  # raw 8-bit header bytes, kept by the parser as surrogate escapes
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return text
    if "=?" not in text:  # no encoded word (RFC 2047, 2): nothing to decode
        return text
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


def attached_headers(parts: list[Message]) -> Message | None:
    """The headers of the returned original message (``message/rfc822``, ``text/rfc822-headers``)."""
    for part in parts:
        kind = part.get_content_type()
        if kind in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                return cast("Message", payload[0])
        if kind == "text/rfc822-headers":
            return email.message_from_string(text_of(part), policy=email.policy.compat32)
    return None
