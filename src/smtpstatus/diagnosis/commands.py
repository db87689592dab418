"""The SMTP command a failure answered, as MTAs name it, and what a refusal at each stage says.

RFC 5321 (3.3): a session names the sending host (greeting, EHLO/HELO), then the sender (MAIL
FROM), the recipients (RCPT TO), the content (DATA). A refusal before RCPT TO cannot be about a
recipient.
"""

from __future__ import annotations

import re

from smtpstatus.diagnosis.reasons import Reason
from smtpstatus.diagnosis.words import MAX_WORDS_CHARACTERS

__all__ = ["COMMAND_REASONS", "RECIPIENT_REASONS", "command_of"]

# How MTAs name the SMTP command a failure answered; matched in the lowercased text (a pattern
# without IGNORECASE: twice as fast, measured).
_COMMAND = re.compile(
    r"in\s+reply\s+to\s+(?:end\s+of\s+)?(?P<replied>[a-z]+(?:\s+[a-z]+)?)\s+command"
    r"|after\s+(?:end\s+of\s+)?(?P<after>data|rcpt(?:\s+to)?|mail\s+from|ehlo|helo)\b"
    r"|did\s+not\s+like\s+our\s+(?:final\s+)?(?P<liked>data|rcpt\s+to|mail\s+from)"
    r"|>>>\s+(?P<sent>rcpt|mail|data|ehlo|helo)"
    r"|smtp\s+command:?\s+(?P<named>data|rcpt|mail|ehlo|helo)\b"
    r"|after\s+initial\s+(?P<connect>connect)ion"
    r"|but\s+(?:my\s+(?P<name>name)|(?P<sender>sender))\s+was\s+rejected"
    # qmail-remote: "<ip> does not like recipient.", "<ip> failed after I sent the message."
    r"|does\s+not\s+like\s+(?P<recipient>recipient)"
    r"|failed\s+after\s+i\s+sent\s+the\s+(?P<message>message)"
    # A command named in brackets after the reply ("... User Unknown [RCPT_TO]").
    r"|\[(?P<bracketed>rcpt_to|mail_from|data)\]"
    # Postfix: the greeting was a refusal ("host x refused to talk to me: 554 ...").
    r"|refused\s+to\s+talk\s+to\s+(?P<greeting>me)"
    # The reply to DATA that invites the message (RFC 5321, 3.3): what fails after it is the message.
    r"|(?<![\w.])(?P<invited>354)[ -](?:start|end|enter|go\s+ahead|send)"
    # Postfix's restrictions name the stage they judged, whenever they report it.
    r"|(?P<restriction>helo|ehlo|data|etrn)\s+command\s+rejected"
    r"|(?P<client>client)\s+host\s+rejected"
    r"|(?P<sender_address>sender)\s+address\s+rejected"
)
# The groups of ``_COMMAND`` that say which command failed, wherever they stand in a text.
_FAILURE_PHRASES = frozenset({"replied", "after", "recipient", "message", "bracketed", "greeting", "invited"})
# The groups whose phrase names its command by what it says of it (qmail's, Exim's and Postfix's
# words for the greeting, HELO/EHLO, MAIL FROM, RCPT TO, DATA); the others capture the command.
_PHRASE_COMMANDS = {
    "connect": "CONNECT",
    "client": "CONNECT",
    "greeting": "CONNECT",
    "name": "EHLO",
    "sender": "MAIL",
    "sender_address": "MAIL",
    "recipient": "RCPT",
    "message": "DATA",
    "invited": "DATA",
}


def command_of(text: str, *, replied_only: bool = False) -> str | None:
    """The SMTP command a failure answered where the text names it (``RCPT``, ``DATA``, ...).

    A phrase that says which command failed (Postfix's ``in reply to X command``, Exim's ``SMTP
    error ... after X``, ...) is taken first. In a session transcript (``>>> MAIL FROM``, ``<<< 250``,
    ``>>> RCPT TO``, ``<<< 550``) the failed command is the last one sent before the first error
    reply, not the first one sent. ``replied_only`` takes only the phrases that say which command
    failed (not a transcript's), and only as the first command named: elsewhere in a
    human-readable part, a transcript may name later commands than the one that failed.
    """
    window = text[:MAX_WORDS_CHARACTERS].lower()
    if replied_only:
        match = _COMMAND.search(window)
        return _command_name(match) if match is not None and match.lastgroup in _FAILURE_PHRASES else None
    error = _ERROR_REPLY.search(window)
    error_at = error.start() if error is not None else len(window)
    sent: re.Match[str] | None = None
    for match in _COMMAND.finditer(window):
        if match.lastgroup != "sent":
            return _command_name(match)
        if match.start() < error_at:
            sent = match
    return _command_name(sent) if sent is not None else None


def _command_name(match: re.Match[str]) -> str:
    """The command a match of ``_COMMAND`` names: by its phrase, or the command it captured
    (``RCPT TO``, ``RCPT_TO`` -> ``RCPT``). Each alternative has one group: the last matched."""
    group = match.lastgroup or ""
    return _PHRASE_COMMANDS.get(group) or match[group].upper().replace("_", " ").split()[0]


# An error reply in a session transcript: "<<< 550 ...".
_ERROR_REPLY = re.compile(r"<<<\s*[45][0-9][0-9]")


# A refusal of MAIL FROM is about the sender; of the connection or HELO/EHLO, about the sending
# host. No recipient has been named yet: a reason about one (unknown, full, suspended, moved), or
# none, cannot be what happened; these are.
COMMAND_REASONS: dict[str, Reason] = {
    "MAIL": Reason.REJECTED,
    "EHLO": Reason.BLOCKED,
    "HELO": Reason.BLOCKED,
    "CONNECT": Reason.BLOCKED,
}
# The reasons only a recipient can have (and "no reason"): at an earlier stage, the stage's reason
# of ``COMMAND_REASONS`` replaces them.
RECIPIENT_REASONS = frozenset(
    {
        Reason.USER_UNKNOWN,
        Reason.HOST_UNKNOWN,
        Reason.MAILBOX_FULL,
        Reason.SUSPEND,
        Reason.HAS_MOVED,
        Reason.UNDEFINED,
    }
)
