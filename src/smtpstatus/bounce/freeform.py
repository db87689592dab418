"""Free-form bounces, as Exim, qmail, Gmail, Yahoo, OpenSMTPD, old Sendmail and many others write
them: a human-readable part that names the failed recipients, each followed by what the remote
server said, then a copy of the original message.

The copy is cut off first (the profiles' ``original_markers``, ``smtpstatus.bounce.mta``); the
recipients are the ``X-Failed-Recipients`` header, else the addresses of that text after the
profiles' ``recipient_introductions``; each recipient's diagnostic is the text from its first
mention to the next recipient's."""

from __future__ import annotations

import bisect
import re

from smtpstatus.bounce.addresses import (
    ADDRESS,
    Mentions,
    address_in,
    envelope_recipient,
)
from smtpstatus.bounce.mime import (
    Part,
    attached_headers,
    header,
    is_readable,
    text_of,
)
from smtpstatus.bounce.mta import (
    BOUNCE_SENDERS,
    BOUNCE_SUBJECTS,
    RECIPIENT_INTRODUCTIONS,
)
from smtpstatus.bounce.original import cut_original
from smtpstatus.bounce.record import MAX_RECIPIENTS, BouncedRecipient, make_record
from smtpstatus.diagnosis.words import reason_from_words, says_delayed
from smtpstatus.find import find_reply

# How far before a recipient's address its diagnostic may start (its line, at most this much).
LOOK_BACK = 200


def looks_like_bounce(message: Part, types: list[str], *, null_sender: bool = True) -> bool:
    """A delivery report by its structure, its sender or its subject; ``null_sender`` counts an
    empty ``Return-Path: <>`` as a sign too."""
    if message.get("X-Failed-Recipients") or "multipart/report" in types:
        return True
    sender = (header(message, "From") + " " + str(message.get("Return-Path", ""))).lower()
    if any(word in sender for word in BOUNCE_SENDERS):
        return True
    if null_sender and "<>" in str(message.get("Return-Path", "")):
        return True
    subject = header(message, "Subject").lower()
    return any(word in subject for word in BOUNCE_SUBJECTS)


_SENDER_CONTEXT = re.compile(r"(?:mail\s+from|from:|envelope-from|sender)[\s:<]*\Z", re.IGNORECASE)

# Sendmail's "x@example.net (expanded from: y@example.org)", Exim's "(generated from y@...)": the
# address the recipient had before an alias was expanded, still the same recipient's text.
_ALIAS_CONTEXT = re.compile(r"(?:expanded|generated)\s+from:?\s*<?\Z", re.IGNORECASE)


def _preceded_by(context: re.Pattern[str], text: str, position: int) -> bool:
    """True where the words just before ``position`` (an address) end as ``context`` does:
    ``_SENDER_CONTEXT``, a transcript's sender (``MAIL FROM:<...>``); ``_ALIAS_CONTEXT``, the
    address an alias expanded (``(expanded from: <...>)``)."""
    return context.search(text[max(0, position - 24) : position]) is not None


def _named_recipients(message: Part, body: str) -> dict[str, int]:
    """The failed recipients of a free-form bounce, each with where the text first names it (-1:
    it does not): the ``X-Failed-Recipients`` header, else the addresses of the text that are not
    the bounce's own, a sender's, or before the list the text introduces."""
    own = {
        address_in(address).lower()
        for address in ADDRESS.findall(header(message, "To") + " " + header(message, "From"))
    }
    failed = [address_in(value) for value in ADDRESS.findall(header(message, "X-Failed-Recipients"))]
    first: dict[str, int] = {}
    if failed:
        mentions = Mentions(body)  # however many recipients the header names
        for address in dict.fromkeys(failed):
            first[address] = mentions.first(address)
            if len(first) >= MAX_RECIPIENTS:
                break
        return first
    listed = RECIPIENT_INTRODUCTIONS.search(body)
    # Where the text introduces a list of the failed recipients, addresses before it (the To: line
    # of a summary of the original message) are not among them.
    start = listed.end() if listed is not None and ADDRESS.search(body, listed.end()) else 0
    for match in ADDRESS.finditer(body, start):
        address = address_in(match.group(0))
        key = address.lower()
        if (
            address in first
            or key in own
            or key.startswith(BOUNCE_SENDERS)
            or _preceded_by(_SENDER_CONTEXT, body, match.start())
        ):
            continue
        first[address] = match.start()
        if len(first) >= MAX_RECIPIENTS:
            break
    return first


def _mentions(body: str, recipients: list[str]) -> list[tuple[int, str]]:
    """Every place the text names one of the recipients, in order, with that recipient (lowercase);
    not where it names the address an alias of the recipient before expanded."""
    keys = {address.lower() for address in recipients}
    return [
        (match.start(), key)
        for match in ADDRESS.finditer(body)
        for key in (address_in(match.group(0)).lower(),)
        if key in keys and not _preceded_by(_ALIAS_CONTEXT, body, match.start())
    ]


def _next_other_mention(
    mentions: list[tuple[int, str]], starts: list[int], after: int, own: str, default: int
) -> int:
    """Where the text next names another recipient after ``after``: the end of what it says about
    this one, also where a second copy of the report (another language) names them all again."""
    index = bisect.bisect_right(starts, after)
    for position, key in mentions[index : index + 64]:  # a recipient named many times in a row: stop looking
        if key != own:
            return position
    return default


def _free_form_action(body: str) -> str:
    """``delayed`` for a warning that the MTA keeps trying (``DELAY_WORDS``, no word of a permanent
    failure), else ``failed``."""
    return "delayed" if says_delayed(body) else "failed"


def read_free_form(message: Part, parts: list[Part]) -> list[BouncedRecipient]:
    """The recipients a free-form bounce names, each with the text about it (module docstring)."""
    body = full = ""
    for part in parts:
        if is_readable(part) and part.get_content_subtype() != "rfc822-headers":
            full = text_of(part)
            if part.get_content_subtype() == "html":
                full = re.sub(r"<[^<>]{0,2000}>", " ", full)  # a tag; never scans past the next "<"
            body = cut_original(full)
            if body.strip():
                break
    first = _named_recipients(message, body)
    recipients = list(first)
    if not recipients:
        original = attached_headers(parts)
        to = envelope_recipient(original) if original is not None else ""
        if not to:
            to = header(original, "To") if original is not None else header(message, "X-Original-To")
        if not to:  # the copy of the original message inside the text: its To: line
            copy = re.search(r"^To:[ \t]*(.+)$", full[len(body) :], re.MULTILINE | re.IGNORECASE)
            to = copy.group(1) if copy else ""
        recipients = list(dict.fromkeys(address_in(value) for value in ADDRESS.findall(to)))[:1]
        if not recipients:
            return []
        return [
            make_record(
                recipients[0], action=_free_form_action(body), diagnostic=body, status=None, remote_mta=None
            )
        ]
    named = sorted((position, address) for address, position in first.items() if position >= 0)
    starts = [position for position, _ in named]
    mentions = _mentions(body, recipients)
    mention_starts = [position for position, _ in mentions]
    action = _free_form_action(body)
    records: list[BouncedRecipient] = []
    for address in recipients:
        start = first[address]
        if start < 0:
            diagnostic = body
        else:
            # From the line that names it (not before the previous recipient, nor far back) to
            # where the next recipient is named: each part of the text is read for one recipient.
            index = bisect.bisect_left(starts, start)
            previous_end = starts[index - 1] + len(named[index - 1][1]) if index > 0 else 0
            line_start = body.rfind("\n", max(previous_end, start - LOOK_BACK), start) + 1
            segment_start = max(line_start, previous_end, start - LOOK_BACK)
            following = _next_other_mention(mentions, mention_starts, start, address.lower(), len(body))
            diagnostic = body[segment_start:following]
            if len(starts) == 1 and find_reply(diagnostic) is None and reason_from_words(diagnostic) is None:
                diagnostic = body  # one recipient: the reason may stand before the address
        records.append(
            make_record(address, action=action, diagnostic=diagnostic, status=None, remote_mta=None)
        )
    return records
