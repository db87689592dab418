"""Diagnose a failed delivery: why it failed and what to do, from a reply or any text about it.

The reply class alone does not say what to do: a full mailbox (552 5.2.2), a spam block or a
blocklisted sending IP are 5xx replies, but mailing the address again later is right for some of
them and wrong for none; a greylisting 451 4.7.1 is a wait, not a refusal. ``diagnose`` reads the
evidence in a fixed order of trust:

1. The reply code (RFC 5321) says whether the failure is permanent or transient.
2. A specific enhanced status code (RFC 3463 and the IANA registry: ``5.1.1``, ``5.2.2``,
   ``5.7.26``, ...) names the reason outright.
3. The words name it where the codes are generic (``5.0.0``, ``5.7.1``, ``550``): first the words
   of the reply the server sent (the innermost, where one is quoted in another), then those of the
   whole text, where a relay or a service may paraphrase it ("Unknown address error").
4. A generic enhanced code or reply code gives a reason only when nothing above did.

When none of this is enough, the reason is ``Reason.UNDEFINED``: never a guess dressed as a fact.
The reasons are the names that bounce-processing users know from sisimai; the words are our own,
from the RFCs and from what real servers write, one table per reason.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import NamedTuple, Union

from smtpstatus._text import ENHANCED_IN_TEXT
from smtpstatus.enhanced import EnhancedStatusCode, parse_enhanced
from smtpstatus.find import find_reply
from smtpstatus.reply import SmtpReply

__all__ = ["Action", "Diagnosis", "Reason", "diagnose"]


class Reason(str, enum.Enum):
    """Why a message was not delivered (or what a report says), in the words bounce tools use.

    Each member's ``value`` is the name (``"userunknown"``) and ``description`` says what it means.
    """

    description: str

    def __new__(cls, value: str, description: str = "") -> Reason:
        member = str.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    USER_UNKNOWN = ("userunknown", "The mailbox does not exist at the destination.")
    MAILBOX_FULL = ("mailboxfull", "The recipient's mailbox is over its quota.")
    FILTERED = (
        "filtered",
        "The recipient's own settings or a filter after the recipient check refused the message.",
    )
    BLOCKED = (
        "blocked",
        "The sending host or its IP address is refused (blocklists, reputation, missing rDNS).",
    )
    REJECTED = (
        "rejected",
        "The sender (envelope sender, its domain) is refused, or the list/group refused the sender.",
    )
    EXPIRED = (
        "expired",
        "The message waited in the queue too long: given up, or (in a delay warning) still retried.",
    )
    HOST_UNKNOWN = ("hostunknown", "The recipient's domain or host does not exist.")
    SPAM_DETECTED = ("spamdetected", "The content was classified as spam.")
    VIRUS_DETECTED = ("virusdetected", "The content carries malware.")
    POLICY_VIOLATION = (
        "policyviolation",
        "A content or sending policy of the destination refused the message.",
    )
    AUTH_FAILURE = ("authfailure", "Sender authentication (SPF, DKIM, DMARC) failed.")
    REQUIRE_PTR = ("requireptr", "The sending IP address has no (matching) reverse DNS record.")
    NETWORK_ERROR = ("networkerror", "The destination could not be reached: DNS, routing, connection.")
    SUSPEND = ("suspend", "The mailbox exists but is disabled, locked or suspended.")
    SYSTEM_ERROR = ("systemerror", "The destination mail system failed or is unavailable.")
    SYSTEM_FULL = ("systemfull", "The destination mail system's storage is full.")
    TOO_MANY_CONNECTIONS = ("toomanyconn", "Too many connections or recipients at once.")
    SPEEDING = ("speeding", "Too many messages in a period: a rate limit.")
    MESSAGE_TOO_BIG = ("mesgtoobig", "The message, or a line of it, is larger than the mail system accepts.")
    EXCEED_LIMIT = ("exceedlimit", "The message is larger than the recipient's mailbox accepts.")
    NO_RELAYING = ("norelaying", "The server does not relay for this sender or recipient.")
    SECURITY_ERROR = (
        "securityerror",
        "A security requirement failed: authentication needed, credentials refused.",
    )
    FAILED_STARTTLS = ("failedstarttls", "Encryption (STARTTLS) was required or failed.")
    NOT_ACCEPT = ("notaccept", "The destination accepts no mail at all (null MX, no mail exchanger).")
    HAS_MOVED = ("hasmoved", "The recipient has moved and no longer receives mail at this address.")
    SYNTAX_ERROR = (
        "syntaxerror",
        "An SMTP command or its argument was refused as malformed or out of sequence.",
    )
    CONTENT_ERROR = ("contenterror", "The message's format or headers were refused.")
    NOT_COMPLIANT_RFC = (
        "notcompliantrfc",
        "The message does not follow RFC 5322 (such as several addresses in From:).",
    )
    MAILER_ERROR = ("mailererror", "A local delivery program (pipe, procmail) failed.")
    BAD_REPUTATION = ("badreputation", "The sending IP address or domain has a poor reputation.")
    GREYLISTED = (
        "greylisted",
        "The server defers a first attempt from an unknown sender on purpose; a retry after a few minutes passes.",
    )
    ON_HOLD = ("onhold", "The message is held and its fate is not decided yet.")
    SUPPRESSED = (
        "suppressed",
        "The sending service refuses the address: it bounced before or its owner complained.",
    )
    VACATION = ("vacation", "An automatic reply (out of office), not a failure (RFC 3834).")
    FEEDBACK = ("feedback", "A feedback report: a recipient marked the message as abuse (RFC 5965).")
    DELIVERED = ("delivered", "The message was delivered: a success notice, not a failure.")
    UNDEFINED = ("undefined", "The evidence is not enough to say why.")

    def __str__(self) -> str:
        return str(self._value_)


class Action(str, enum.Enum):
    """What the sender should do about it."""

    RETRY_LATER = "retry later"
    """Keep the address; try the message again later."""
    FIX_AND_RESEND = "fix and resend"
    """Change something first (content, authentication, sending setup), then send again."""
    STOP_MAILING = "stop mailing the address"
    """Remove the address from your lists."""
    NOTHING = "nothing to do"
    """Not a failure."""

    def __str__(self) -> str:
        return self.value


class Diagnosis(NamedTuple):
    """What is known about one failed (or reported) delivery."""

    reply: SmtpReply | None
    """The reply the remote server sent, where the text carries one."""
    enhanced: EnhancedStatusCode | None
    """The enhanced status code, from the reply or anywhere in the text."""
    reason: Reason
    hard_bounce: bool
    """True when the address itself is bad for good: stop mailing it."""
    action: Action
    transient: bool | None
    """True for a temporary failure, False for a permanent one, None where nothing says which."""


# Reasons after which the address is dead: a permanent failure of one of these is a hard bounce.
HARD_REASONS = frozenset(
    {Reason.USER_UNKNOWN, Reason.HOST_UNKNOWN, Reason.HAS_MOVED, Reason.NOT_ACCEPT, Reason.SUPPRESSED}
)
_NOT_FAILURES = {
    Reason.DELIVERED: Action.NOTHING,
    Reason.VACATION: Action.NOTHING,
    Reason.FEEDBACK: Action.STOP_MAILING,  # the recipient complained: stop, though the address works
}
# A permanent failure for these reasons usually passes: the address is kept, the message retried.
_PASSING_REASONS = frozenset(
    {
        Reason.MAILBOX_FULL,
        Reason.EXPIRED,
        Reason.NETWORK_ERROR,
        Reason.SYSTEM_ERROR,
        Reason.SYSTEM_FULL,
        Reason.TOO_MANY_CONNECTIONS,
        Reason.SPEEDING,
        Reason.SUSPEND,
        Reason.ON_HOLD,
        Reason.GREYLISTED,
    }
)

# Enhanced status codes that name a reason outright: (subject, detail) -> reason.
SPECIFIC_STATUS: dict[tuple[int, int], Reason] = {
    (1, 1): Reason.USER_UNKNOWN,
    (1, 2): Reason.HOST_UNKNOWN,
    (1, 3): Reason.USER_UNKNOWN,
    (1, 4): Reason.USER_UNKNOWN,
    (1, 6): Reason.HAS_MOVED,
    (1, 7): Reason.REJECTED,
    (1, 8): Reason.REJECTED,
    (2, 2): Reason.MAILBOX_FULL,
    (2, 3): Reason.EXCEED_LIMIT,
    (3, 1): Reason.SYSTEM_FULL,
    (3, 4): Reason.MESSAGE_TOO_BIG,
    (3, 5): Reason.SYSTEM_ERROR,
    (4, 6): Reason.NETWORK_ERROR,
    (5, 3): Reason.TOO_MANY_CONNECTIONS,
    (6, 1): Reason.CONTENT_ERROR,
    (7, 6): Reason.SECURITY_ERROR,
    (7, 7): Reason.SECURITY_ERROR,
    (7, 8): Reason.SECURITY_ERROR,
    (7, 10): Reason.FAILED_STARTTLS,
    (7, 11): Reason.FAILED_STARTTLS,
    (7, 13): Reason.SUSPEND,
    (7, 17): Reason.HAS_MOVED,
    (7, 18): Reason.HAS_MOVED,
    (7, 20): Reason.AUTH_FAILURE,
    (7, 21): Reason.AUTH_FAILURE,
    (7, 22): Reason.AUTH_FAILURE,
    (7, 23): Reason.AUTH_FAILURE,
    (7, 24): Reason.AUTH_FAILURE,
    (7, 25): Reason.REQUIRE_PTR,
    (7, 26): Reason.AUTH_FAILURE,
    (7, 27): Reason.NOT_ACCEPT,
}
# Generic codes: a reason only where the words say nothing.
GENERIC_STATUS: dict[tuple[int, int], Reason] = {
    (3, 2): Reason.NOT_ACCEPT,
    # "Recipient address has null MX" (RFC 7505); Microsoft 365 sends it for an unknown recipient
    # ("5.1.10 RESOLVER.ADR.RecipientNotFound"): the words decide.
    (1, 10): Reason.NOT_ACCEPT,
    (1, 0): Reason.USER_UNKNOWN,  # "other address status": in a recipient's report, the recipient's
    (2, 0): Reason.FILTERED,
    (2, 1): Reason.SUSPEND,  # generic in practice: servers send 5.2.1 with "User unknown" too
    (3, 0): Reason.SYSTEM_ERROR,
    (3, 3): Reason.SYSTEM_ERROR,
    (4, 0): Reason.NETWORK_ERROR,
    (4, 1): Reason.NETWORK_ERROR,
    (4, 2): Reason.NETWORK_ERROR,
    (4, 3): Reason.NETWORK_ERROR,
    # "Unable to route" (RFC 3463, 3.5): the next hop is not known, a routing failure of the
    # network subject; no specific cause (a null MX has its own code, x.1.10; RFC 7505).
    (4, 4): Reason.NETWORK_ERROR,
    (4, 5): Reason.TOO_MANY_CONNECTIONS,
    (4, 7): Reason.EXPIRED,  # "delivery time expired": the MTA gave up; a cause in the text says why
    (5, 0): Reason.SYNTAX_ERROR,
    (5, 1): Reason.SYNTAX_ERROR,
    (5, 2): Reason.SYNTAX_ERROR,
    (5, 4): Reason.SYNTAX_ERROR,
    (5, 5): Reason.SYNTAX_ERROR,
    (6, 0): Reason.CONTENT_ERROR,  # "other or undefined media error" (RFC 3463, 3.7): generic
    (6, 2): Reason.CONTENT_ERROR,
    (6, 3): Reason.CONTENT_ERROR,
    (6, 5): Reason.CONTENT_ERROR,
    (7, 0): Reason.SECURITY_ERROR,
    (7, 1): Reason.REJECTED,
    # "Authentication mechanism is too weak" (RFC 4954); some servers use it for policy.
    (7, 9): Reason.SECURITY_ERROR,
}
# Reply codes that name a reason where nothing else does (RFC 5321, 4.2.2-4.2.3).
REPLY_CODES: dict[int, Reason] = {
    421: Reason.SYSTEM_ERROR,
    450: Reason.SYSTEM_ERROR,
    451: Reason.SYSTEM_ERROR,
    452: Reason.MAILBOX_FULL,
    500: Reason.SYNTAX_ERROR,
    501: Reason.SYNTAX_ERROR,
    502: Reason.SYNTAX_ERROR,
    503: Reason.SYNTAX_ERROR,
    504: Reason.SYNTAX_ERROR,
    521: Reason.NOT_ACCEPT,
    523: Reason.EXCEED_LIMIT,
    530: Reason.SECURITY_ERROR,
    534: Reason.SECURITY_ERROR,
    535: Reason.SECURITY_ERROR,
    538: Reason.FAILED_STARTTLS,
    551: Reason.HAS_MOVED,
    552: Reason.MAILBOX_FULL,
    556: Reason.NOT_ACCEPT,
}

# A remote host that could not be reached (no answer, no connection): retried until the message's
# time ran out, such a failure is the message's expiry; a named cause (DNS, routing) stays itself.
CONNECTION_FAILURE_WORDS = (
    "connection refused",
    "connection timed out",
    "timed out",
    "host not reachable",
    "unable to connect",
    "could not connect",
    "failed to connect",
)

# The words of each reason, lowercase, as servers and MTAs write them. Checked in this order: a
# more specific reason comes before a broader one that shares words with it. (Letting the longest
# phrase decide instead was measured on the corpus: 5 rows worse.)
WORDS: tuple[tuple[Reason, tuple[str, ...]], ...] = (
    (Reason.GREYLISTED, ("greylist", "graylist", "grey-list", "gray-list", "greylisting", "greylisted")),
    (Reason.ON_HOLD, ("on hold",)),
    (
        Reason.NOT_COMPLIANT_RFC,
        (
            "multiple addresses in from",
            "not rfc 5322 compliant",
            "not rfc5322 compliant",
            "is not rfc compliant",
            "duplicate header",
            "valid address in from",
            "no from: header",
            "no from header",
        ),
    ),
    (
        Reason.VIRUS_DETECTED,
        ("virus", "malware", "infected", "trojan"),
    ),
    (
        Reason.SPAM_DETECTED,
        (
            "spam classification",
            "classified as spam",
            "considered spam",
            "detected as spam",
            "looks like spam",
            "spam content",
            "spam message",
            "message is spam",
            "unsolicited",
            "bulk mail",
            "ube,",
            "ube ",
            "blacklisted url",
            "junk mail",
            "spamcop",
            "spam score",
            "rejected as spam",
            "probability of spam",
            "likely spam",
            "identified as spam",
            "marked as spam",
            "suspected spam",
            "suspicion of spam",
        ),
    ),
    (
        Reason.AUTH_FAILURE,
        (
            "dmarc",
            "dkim",
            "spf ",
            "spf:",
            "spf record",
            "spf check",
            "spf validation",
            "sender policy framework",
            "sender is unauthenticated",
            "unauthenticated email",
            "authentication results",
        ),
    ),
    (
        Reason.REQUIRE_PTR,
        (
            "ptr record",
            "reverse dns",
            "reverse lookup",
            "rdns",
            "missing reverse",
            "no ptr",
            "cannot find your hostname",
            "cannot find your reverse",
            "does not resolve to your ip",
        ),
    ),
    (
        Reason.NO_RELAYING,
        (
            "relay access denied",
            "relaying denied",
            "no relaying",
            "relay denied",
            "relay not permitted",
            "relaying not permitted",
            "not permitted to relay",
            "unable to relay",
            "we do not relay",
            "not configured to relay",
            "relay not allowed",
            "email address is not verified",
        ),
    ),
    (
        Reason.REJECTED,
        (
            "sender address rejected",
            "sender rejected",
            "sender verify failed",
            "sender domain",
            "not a member of",
            "permission to post",
            "send mail as",
            "address that has been blacklisted",
            "sender address is blocked",
            "sender is blocked",
            "banned sender",
        ),
    ),
    (
        Reason.FAILED_STARTTLS,
        (
            "starttls",
            "must issue a starttls",
            "tls required",
            "encryption required",
            "does not support tls",
            "tls is required",
            "tls not available",
            "certificate not verified",
            "certificate verification failed",
            "certificate verify failed",
        ),
    ),
    (
        Reason.SECURITY_ERROR,
        (
            "authentication required",
            "authentication is required",
            "must authenticate",
            "unauthenticated senders",
            "authentication failed",
            "smtp auth",
            "not authorized to send",
            "account has not been authorized",
        ),
    ),
    (
        Reason.EXCEED_LIMIT,
        (
            "limit set by recipient",
            "too large for this recipient",
            "recipsizelimit",
            "exceeds fixed maximum message size",
            "exceeds the maximum message size",
            "message length exceeds",
        ),
    ),
    (
        Reason.MESSAGE_TOO_BIG,
        (
            "message too large",
            "message is too large",
            "message too big",
            "message size exceeds",
            "size limit",
            "message exceeds the maximum",
            "too big for",
            "incoming message size",
            # RFC 5321 (4.5.3.1) sets the text line's length among its size limits.
            "line too long",
            "line limit exceeded",
            "line length exceeded",
        ),
    ),
    (
        Reason.MAILBOX_FULL,
        (
            "mailbox full",
            "mailbox is full",
            "mailbox for user is full",
            "full mailbox",
            "over quota",
            "overquota",
            "quota exceeded",
            "exceeded storage",
            "storage allocation",
            "mailbox size",
            "disk quota",
            "insufficient storage",
            "not enough disk space",
            "exceeded the local limit",
            "exceeds its quota",
            "user is over",
            "mailbox exceeded",
            "their mailbox is full",
            "mailfolder is full",
            "mail folder is full",
            "quota",
            # Localized MTAs: de, fr, es, it, pt, nl, ru, ja, zh.
            "postfach voll",
            "postfach ist voll",
            "boîte pleine",
            "boite pleine",
            "boîte aux lettres pleine",
            "buzón lleno",
            "buzon lleno",
            "casella piena",
            "caixa cheia",
            "mailbox is vol",
            "postvak vol",
            "ящик переполнен",
            "メールボックスが一杯",
            "メールボックスがいっぱい",
            "邮箱已满",
            "信箱已满",
        ),
    ),
    (
        Reason.SUSPEND,
        (
            "account is disabled",
            "account disabled",
            "is disabled",
            "mailbox disabled",
            "mailbox is disabled",
            "has been disabled",
            "account is locked",
            "account has been suspended",
            "account suspended",
            "mailbox suspended",
            "user suspended",
            "is suspended",
            "mailbox is frozen",
            "account is blocked",
            "recipient account is blocked",
            "inactive",
            "deactivated",
        ),
    ),
    (
        Reason.HAS_MOVED,
        (
            "has moved",
            "no longer on server",
            "no longer with",
            "no longer works",
            "not our customer",
            "not our user",
            "user not local",
            "address has changed",
        ),
    ),
    (
        Reason.NOT_ACCEPT,
        (
            "does not accept mail",
            "doesn't receive email",
            "does not receive email",
            "accepts no mail",
            "null mx",
            "no mx found",
            "couldn't find a mail exchanger",
            "no smtp service",
            "not accepting mail",
            "not accepting network messages",
        ),
    ),
    (
        Reason.HOST_UNKNOWN,
        (
            "host unknown",
            "unknown host",
            "no such domain",
            "domain not found",
            "domain name not found",
            "host not found",
            "couldn't find any host",
            "could not find any host",
            "name or service not known",
            "nxdomain",
            "domain does not exist",
            "unrouteable mail domain",
            "unrouteable address",
            "unknown domain",
            "invalid domain",
            "domain is not",
            "non-existent host",
            "nonexistent host",
            "domaine inexistant",
            "domaine n'existe pas",
            "domaine n\u2019existe pas",  # the typographic apostrophe
        ),
    ),
    (
        Reason.SPEEDING,
        (
            "too many messages",
            "too many recipients this hour",
            "sent to too many recipients",
            "sending rate",
            "rate limited",
            "throttl",
            "slow down",
            "exceeded the rate",
            "message rate",
            "receiving mail at a rate",
        ),
    ),
    (
        Reason.TOO_MANY_CONNECTIONS,
        (
            "too many connections",
            "connection rate limit",
            "too many concurrent",
            "connection limit",
            "too many sessions",
            "too many recipients",
            "too many simultaneous",
        ),
    ),
    (
        Reason.BAD_REPUTATION,
        ("poor reputation", "bad reputation", "low reputation", "reputation score", "user complaints"),
    ),
    (
        Reason.BLOCKED,
        (
            "blocklist",
            "blacklist",
            "block list",
            "black list",
            "blocked using",
            "spamhaus",
            "listed at",
            "listed in",
            "dnsbl",
            "client host rejected",
            "client host blocked",
            "ip address blocked",
            "ip blocked",
            "adresse ip source",
            "invalid ip for sending",
            "your ip",
            "sending ip",
            "from this ip",
            "refused to talk to me",
            "no access from mail server",
            "not accepting connections",
            "connection refused by",
            "your internet service provider",
        ),
    ),
    (
        Reason.USER_UNKNOWN,
        (
            "user unknown",
            "unknown user",
            "no such user",
            "no such mailbox",
            "no such recipient",
            "no such person",
            "no mailbox here",
            "mailbox not found",
            "mailbox unavailable",
            "mailbox does not exist",
            "mailbox doesn't exist",
            "user not found",
            "user does not exist",
            "user doesn't exist",
            "user not exist",
            "recipient not found",
            "recipient unknown",
            "unknown recipient",
            "recipient does not exist",
            "address not found",
            "address couldn't be found",
            "address unknown",
            "unknown address",
            "invalid recipient",
            "invalid mailbox",
            "invalid address",
            "addressee unknown",
            "not a valid mailbox",
            "not a valid user",
            "doesn't have a",
            "does not exist",
            "doesn't exist",
            "destinataire invalide",
            "account that you tried to reach does not exist",
            "user not known",
            "no longer valid",
            "invalid final delivery userid",
            # Localized MTAs: de, fr, es, it, pt, nl, ru, ja, zh.
            "benutzer unbekannt",
            "unbekannter benutzer",
            "empfänger unbekannt",
            "unbekannter empfänger",
            "utilisateur inconnu",
            "destinataire inconnu",
            "adresse inconnue",
            "utilisateur inexistant",
            "destinataire inexistant",
            "adresse inexistante",
            "usuario desconocido",
            "destinatario desconocido",
            "utente sconosciuto",
            "destinatario sconosciuto",
            "usuário desconhecido",
            "destinatário desconhecido",
            "gebruiker onbekend",
            "onbekende gebruiker",
            "пользователь не найден",
            "нет такого пользователя",
            "адресат не найден",
            "宛先不明",
            "存在しないユーザ",
            "ユーザが存在しません",
            "用户不存在",
            "收件人不存在",
        ),
    ),
    (
        Reason.POLICY_VIOLATION,
        (
            "policy reasons",
            "for policy",
            "content policy",
            "policy violation",
            "violates",
            "header error",
            "potential security issue",
            "message not allowed",
            "not allowed by policy",
            "content restriction",
            "executable attachment",
            "prohibited attachment",
        ),
    ),
    (
        Reason.MAILER_ERROR,
        ("pipe to |", "procmail", "mailer error", "command died", "exit code", "operating system error"),
    ),
    (
        Reason.SYSTEM_ERROR,
        (
            "system error",
            "internal error",
            "queue file write error",
            "service currently unavailable",
            "local error",
            "server error",
            "i/o error",
            "unable to contact ldap",
            "duplicated message-id",
            "service refuse",
            "service refused",
            "error while being processed",
        ),
    ),
    (
        Reason.NETWORK_ERROR,  # a cause named: before the words of giving up (EXPIRED)
        (
            "no route to host",
            "network is unreachable",
            "connection reset",
            "lost connection",
            "dns error",
            "routing loop",
            "hop count exceeded",
            "too many hops",
            "lookup failure",
            "network error",
            "mail loop",
            "message looping",
            "loop detected",
            "forwarding loop",
            "loops back to myself",
        ),
    ),
    (
        Reason.EXPIRED,
        (
            "message expired",
            "queue too long",
            "in the queue too long",
            "could not be delivered for",
            "delivery time expired",
            "retry timeout exceeded",
            "retry time not reached",
            "deleted from queue",
            "undelivered after",
            "did not accept our requests to connect",
            "envelope expired",
            "giving up",
            "not delivered within",
            "will be retried for",
            "failing for a long time",
            "delivery failed 20 attempts",
            "too many retries",
            "multiple retries",
        ),
    ),
    (
        Reason.SYNTAX_ERROR,
        (
            "syntax error",
            "improper sequence",
            "bad sequence of commands",
            "command not recognized",
            "command parameter not implemented",
            "command unrecognized",
            "malformed address",
        ),
    ),
    (
        Reason.CONTENT_ERROR,
        # "media error": RFC 3463's name for subject 6 (x.6.0 "Other or undefined media error").
        ("headers too large", "header too large", "invalid mime", "message content", "media error"),
    ),
)
# How a delay warning says the MTA keeps trying: nothing failed yet.
DELAY_WORDS = (
    "not yet been delivered",
    "will continue to attempt",
    "will continue to try",
    "attempts will continue",
    "will be retried for",
    "will keep trying",
    "this is just a warning",
    "this is only a warning",
    "warning message only",
    "do not need to resend",
    "do not need to re-send",
)
# Words of a temporary failure, for texts without a reply code or enhanced code.
_TRANSIENT_WORDS = (
    "try again later",
    "please try later",
    "temporarily",
    "temporary failure",
    "deferred",
    "try later",
    "host not found, try again",  # Postfix: the name server answered "try again" (TRY_AGAIN)
)
# Words are searched in the first part of a text only: diagnostics are short, input may not be.
MAX_WORDS_CHARACTERS = 16 * 1024

Subject = Union[str, bytes, SmtpReply, None]
# How MTAs name the SMTP command a failure answered.
_COMMAND = re.compile(
    r"in\s+reply\s+to\s+(?:end\s+of\s+)?(?P<replied>[A-Z]+(?:\s+[A-Z]+)?)\s+command"
    r"|after\s+(?:end\s+of\s+)?(?P<after>data|rcpt(?:\s+to)?|mail\s+from|ehlo|helo)\b"
    r"|did\s+not\s+like\s+our\s+(?:final\s+)?(?P<liked>data|rcpt\s+to|mail\s+from)"
    r"|>>>\s+(?P<sent>rcpt|mail|data|ehlo|helo)"
    r"|smtp\s+command:?\s+(?P<named>data|rcpt|mail|ehlo|helo)\b"
    r"|after\s+initial\s+(?P<connect>connect)ion"
    r"|but\s+(?:my\s+(?P<name>name)|(?P<sender>sender))\s+was\s+rejected"
    # qmail-remote: "<ip> does not like recipient.", "<ip> failed after I sent the message."
    r"|does\s+not\s+like\s+(?P<recipient>recipient)"
    r"|failed\s+after\s+I\s+sent\s+the\s+(?P<message>message)"
    # A command named in brackets after the reply ("... User Unknown [RCPT_TO]").
    r"|\[(?P<bracketed>RCPT_TO|MAIL_FROM|DATA)\]"
    # Postfix: the greeting was a refusal ("host x refused to talk to me: 554 ...").
    r"|refused\s+to\s+talk\s+to\s+(?P<greeting>me)"
    # The reply to DATA that invites the message (RFC 5321, 3.3): what fails after it is the message.
    r"|(?<![\w.])(?P<invited>354)[ -](?:start|end|enter|go\s+ahead|send)"
    # Postfix's restrictions name the stage they judged, whenever they report it.
    r"|(?P<restriction>helo|ehlo|data|etrn)\s+command\s+rejected"
    r"|(?P<client>client)\s+host\s+rejected"
    r"|(?P<sender_address>sender)\s+address\s+rejected",
    re.IGNORECASE,
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
    window = text[:MAX_WORDS_CHARACTERS]
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
_RECIPIENT_REASONS = frozenset(
    {
        Reason.USER_UNKNOWN,
        Reason.HOST_UNKNOWN,
        Reason.MAILBOX_FULL,
        Reason.SUSPEND,
        Reason.HAS_MOVED,
        Reason.UNDEFINED,
    }
)


# Phrases that contain another reason's words but mean this one; checked before ``WORDS``.
# (Microsoft 365 refuses an unknown recipient with "Recipient address rejected: Access denied";
# Domino says "User x not listed in Domino Directory", which is not a blocklist's "listed in".)
PRIORITY_WORDS: tuple[tuple[str, Reason], ...] = (
    ("recipient address rejected: access denied", Reason.USER_UNKNOWN),
    ("not listed in", Reason.USER_UNKNOWN),
)
# Words that say less than any of ``WORDS``, checked after them: a host not reached, with no cause
# named and no word of giving up; the bare word "spam", where no phrase says more ("- SPAM. See
# <url>"; "blocked for spamming" is a blocked host); an address refused without a word of why
# (Postfix's "Recipient address rejected: <why>"); a bare "access denied", where "client host
# rejected" or "sending IP" would say whose access.
FALLBACK_WORDS: tuple[tuple[Reason, tuple[str, ...]], ...] = (
    (Reason.NETWORK_ERROR, CONNECTION_FAILURE_WORDS),
    (
        Reason.SPAM_DETECTED,
        (" spam ", " spam.", " spam,", " spam;", " spam:", " spam!", " spam'", ' spam"', " spam)"),
    ),
)
# Not among them: "Recipient address rejected:" is how Postfix begins every refusal of a recipient
# restriction (an unknown user, an unknown domain, a policy, a blocklist; Postfix's
# smtpd_recipient_restrictions), and "Access denied" is said for senders, networks and policies
# alike: neither names a cause; the code and the words after them do.
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


def _priority_reason(folded: str) -> Reason | None:
    return next((reason for phrase, reason in PRIORITY_WORDS if phrase in folded), None)


def reason_from_words(text: str) -> Reason | None:
    """The first reason of ``WORDS`` whose words occur in ``text`` (case and spacing aside, reply
    codes of a folded reply removed)."""
    return _reason_from_window(text[:MAX_WORDS_CHARACTERS])


@functools.lru_cache(maxsize=32)  # see _words_window
def _reason_from_window(window: str) -> Reason | None:
    folded = _words_window(window)
    priority = _priority_reason(folded)
    if priority is not None:
        return priority
    for table in (WORDS, FALLBACK_WORDS):
        for reason, words in table:
            for word in words:
                if word in folded:
                    return reason
    return None


def enhanced_in_text(text: str, klass: int | None) -> EnhancedStatusCode | None:
    """The first enhanced code in ``text``, of ``klass`` where a reply code fixes the class."""
    for match in ENHANCED_IN_TEXT.finditer(text[:MAX_WORDS_CHARACTERS]):
        code = parse_enhanced(match[1])
        if code is not None and (klass is None or code.klass == klass):
            return code
    return None


def best_enhanced(
    status: EnhancedStatusCode | None, reply: SmtpReply | None, text: str
) -> EnhancedStatusCode | None:
    """What the server said (the reply's own enhanced code) first, then a reported ``status``
    (a DSN's summary of it), then any code of the reply's class in the text."""
    if reply is not None and reply.enhanced is not None:
        return reply.enhanced
    if status is not None:
        return status
    return enhanced_in_text(text, reply.code // 100 if reply is not None else None)


def choose_reason(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    command: str | None = None,
    *,
    transient: bool | None = None,
    local_delivery: bool = False,
    reported: bool = False,
) -> Reason:
    """The reason, by the order of trust in the module docstring; then what the refused command
    (``COMMAND_REASONS``), a local delivery program (``LOCAL_DELIVERY_REASONS``) and a temporary
    failure say about it. ``reported``: the text is a delivery report's (see ``_not_shown_unknown``)."""
    reason = _reason_of_evidence(reply, enhanced, text, command, reported=reported)
    if local_delivery and reason not in LOCAL_DELIVERY_REASONS:
        return Reason.MAILER_ERROR
    if command is not None and reason in _RECIPIENT_REASONS:
        reason = COMMAND_REASONS.get(command, reason)
    if reason is Reason.HOST_UNKNOWN and transient:
        return Reason.NETWORK_ERROR  # a name that does not resolve for now: a DNS failure, retried
    return reason


# A Diagnostic-Code of type X-Unix (RFC 3464, 2.3.6) is what a local delivery program said: a pipe,
# procmail, mail.local (sendmail reports its exit status: "X-Unix; 71"). The recipient was accepted
# and handed to it; what it can know of is the mailbox and the message. Any other failure is the
# program's own: "No such user" from a pipe is its user, not the recipient.
LOCAL_DELIVERY_REASONS = frozenset(
    {
        Reason.MAILBOX_FULL,
        Reason.EXCEED_LIMIT,
        Reason.MESSAGE_TOO_BIG,
        Reason.SYSTEM_FULL,
        Reason.SUSPEND,
        Reason.FILTERED,
        Reason.SPAM_DETECTED,
        Reason.VIRUS_DETECTED,
        Reason.CONTENT_ERROR,
    }
)
_LOCAL_DELIVERY_TYPE = re.compile(r"\s*x-unix\s*;", re.IGNORECASE)


def is_local_delivery(diagnostic_code: str) -> bool:
    """True where a ``Diagnostic-Code`` value is of type X-Unix: a local delivery program's report."""
    return _LOCAL_DELIVERY_TYPE.match(diagnostic_code) is not None


def _reason_of_evidence(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    command: str | None,
    *,
    reported: bool,
) -> Reason:
    if enhanced is not None and enhanced.klass == 2:
        return Reason.DELIVERED
    if enhanced is not None:
        specific = SPECIFIC_STATUS.get((enhanced.subject, enhanced.detail))
        if specific is not None:
            return specific
    # What the server said, then what the text around it says (see the module docstring).
    worded = reason_from_words(" ".join(reply.lines)) if reply is not None else None
    if worded is None:
        worded = reason_from_words(text)
    if worded is Reason.USER_UNKNOWN and _not_shown_unknown(
        reply, enhanced, command, text, reported=reported
    ):
        return Reason.FILTERED
    if worded is not None:
        return worded
    if enhanced is not None:
        generic = GENERIC_STATUS.get((enhanced.subject, enhanced.detail))
        if generic is not None:
            return generic
    if reply is not None:
        if reply.code < 300:
            return Reason.DELIVERED
        by_code = REPLY_CODES.get(reply.code)
        if by_code is not None:
            return by_code
    return Reason.UNDEFINED


def _not_shown_unknown(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    command: str | None,
    text: str,
    *,
    reported: bool,
) -> bool:
    """True where "user unknown" is not shown to be what happened, so a filter is taken to have
    said it (``FILTERED``, not a hard bounce).

    A refusal after DATA comes after the server accepted the recipient at RCPT TO; an enhanced
    code about the mailbox's state (x.2.0) says the mailbox exists; a security or policy code
    (x.7.y) says a policy refused it, whatever words it chose (except a ``PRIORITY_WORDS`` phrase,
    which is how such a server says "user unknown").

    In a delivery report (``reported``), a quoted reply with no enhanced code, at a stage the
    report does not name, is not shown either. The MTAs that refuse a recipient at RCPT TO, or
    report such a refusal, say so: an address code (x.1.y, RFC 3463), "in reply to RCPT TO", a
    transcript. Reports with neither come from gateways and filters that accepted the message and
    refused it afterwards, in the words "550 unknown user". (A reply on its own, as ``diagnose``
    gets it, is taken at its word: it may well be the answer to RCPT TO.)
    """
    if command == "DATA":
        return True
    if enhanced is None:
        return reported and reply is not None and command is None
    if (enhanced.subject, enhanced.detail) == (2, 0):
        return True
    return enhanced.subject == 7 and _priority_reason(words_of(text)) is None


def is_transient(reply: SmtpReply | None, enhanced: EnhancedStatusCode | None, text: str) -> bool | None:
    """Temporary or permanent: the reply code first, then the enhanced code, then the words."""
    if reply is not None and reply.code >= 400:
        return reply.code < 500
    if enhanced is not None and enhanced.klass != 2:
        return enhanced.klass == 4
    folded = words_of(text)
    if any(words in folded for words in _TRANSIENT_WORDS) or says_delayed(text):
        return True
    return None


def action_for(reason: Reason, transient: bool | None) -> Action:
    """What to do: from the reason, and whether the failure is temporary."""
    not_failure = _NOT_FAILURES.get(reason)
    if not_failure is not None:
        return not_failure
    if transient or reason in _PASSING_REASONS:
        return Action.RETRY_LATER
    if reason in HARD_REASONS:
        return Action.STOP_MAILING
    return Action.FIX_AND_RESEND


def conclude(
    reply: SmtpReply | None,
    enhanced: EnhancedStatusCode | None,
    text: str,
    reason: Reason | None = None,
    *,
    command: str | None = None,
    local_delivery: bool = False,
    reported: bool = False,
) -> Diagnosis:
    """A ``Diagnosis`` from evidence already found (``parse_bounce`` has more than one text).

    ``command`` is the SMTP command the failure answered, where known (``RCPT``, ``DATA``);
    ``local_delivery`` is true where a local delivery program reported it (``is_local_delivery``);
    ``reported`` where the text is a delivery report's (a bounce message), not a reply alone.
    """
    transient = is_transient(reply, enhanced, text)
    if reason is None:
        reason = choose_reason(
            reply,
            enhanced,
            text,
            command,
            transient=transient,
            local_delivery=local_delivery,
            reported=reported,
        )
    return with_reason(
        Diagnosis(
            reply=reply,
            enhanced=enhanced,
            reason=reason,
            hard_bounce=False,
            action=Action.NOTHING,
            transient=transient,
        ),
        reason,
    )


def with_reason(diagnosis: Diagnosis, reason: Reason) -> Diagnosis:
    """``diagnosis`` with ``reason``, its hard bounce and advice derived by the one rule (a hard
    reason of a failure that is not transient stops mailing; ``action_for`` says what to do)."""
    return diagnosis._replace(
        reason=reason,
        hard_bounce=reason in HARD_REASONS and diagnosis.transient is not True,
        action=action_for(reason, diagnosis.transient),
    )


def diagnose(subject: Subject) -> Diagnosis:
    """Why delivery failed and what to do, from a reply or any text that carries one.

    ``subject`` is an ``SmtpReply``, or ``str``/``bytes`` such as a ``Diagnostic-Code:`` value, a
    log line or an exception message. Never raises: anything else is diagnosed as no evidence
    (``Reason.UNDEFINED``).

    >>> diagnosis = diagnose("host mx.example.net[192.0.2.1] said: 552 5.2.2 <x@example.net>: "
    ...                      "Mailbox full (in reply to RCPT TO command)")
    >>> diagnosis.reason, diagnosis.hard_bounce, str(diagnosis.action)
    (<Reason.MAILBOX_FULL: 'mailboxfull'>, False, 'retry later')
    """
    try:
        if isinstance(subject, SmtpReply):
            reply: SmtpReply | None = subject
            text = "\n".join(subject.lines)
        elif isinstance(subject, (str, bytes)):
            text = subject if isinstance(subject, str) else bytes(subject).decode("utf-8", "replace")
            reply = find_reply(text)
        else:
            reply, text = None, ""
        return conclude(
            reply,
            best_enhanced(None, reply, text),
            text,
            command=command_of(text),
            local_delivery=is_local_delivery(text),
        )
    except Exception:  # never raises: the evidence is data
        return conclude(None, None, "")
