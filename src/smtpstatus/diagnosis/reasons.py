"""The reasons a delivery fails (or a report is sent), what kind each is, and what to do about it.

The names are the vocabulary of bounce-processing tools (sisimai's reason names, as of sisimai 5:
``ratelimited`` and ``emailtoolarge`` replaced ``speeding`` and ``mesgtoobig``, which stay readable
as aliases: ``Reason("speeding") is Reason.RATE_LIMITED``). Each reason's ``kind`` is the one
definition of what it means for the address: a hard bounce, a failure that passes, one to fix
before sending again, a complaint, or no failure at all.
"""

from __future__ import annotations

import enum

__all__ = ["Action", "Kind", "Reason"]


class Kind(str, enum.Enum):
    """What a reason means for the address and the message."""

    HARD = "hard"
    """The address is dead: a permanent failure for this reason is a hard bounce."""
    PASSING = "passing"
    """The condition passes (a full mailbox, a host down, a rate limit): keep the address, retry."""
    FIX_AND_RESEND = "fix and resend"
    """Something on the sending side must change (content, authentication, setup) first."""
    COMPLAINT = "complaint"
    """The address works, but its owner complained: stop mailing it."""
    NOT_A_FAILURE = "not a failure"
    """A success notice or an automatic reply."""

    def __str__(self) -> str:
        return self.value


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


class Reason(str, enum.Enum):
    """Why a message was not delivered (or what a report says), in the words bounce tools use.

    Each member's ``value`` is the name (``"userunknown"``), ``kind`` what it means for the address
    (``Kind``) and ``description`` what it says.
    """

    kind: Kind
    description: str

    def __new__(cls, value: str, kind: Kind = Kind.FIX_AND_RESEND, description: str = "") -> Reason:
        member = str.__new__(cls, value)
        member._value_ = value
        member.kind = kind
        member.description = description
        return member

    USER_UNKNOWN = ("userunknown", Kind.HARD, "The mailbox does not exist at the destination.")
    MAILBOX_FULL = ("mailboxfull", Kind.PASSING, "The recipient's mailbox is over its quota.")
    FILTERED = (
        "filtered",
        Kind.FIX_AND_RESEND,
        "The recipient's own settings or a filter after the recipient check refused the message.",
    )
    BLOCKED = (
        "blocked",
        Kind.FIX_AND_RESEND,
        "The sending host or its IP address is refused (blocklists, reputation, missing rDNS).",
    )
    REJECTED = (
        "rejected",
        Kind.FIX_AND_RESEND,
        "The sender (envelope sender, its domain) is refused, or the list/group refused the sender.",
    )
    EXPIRED = (
        "expired",
        Kind.PASSING,
        "The message waited in the queue too long: given up, or (in a delay warning) still retried.",
    )
    HOST_UNKNOWN = ("hostunknown", Kind.HARD, "The recipient's domain or host does not exist.")
    SPAM_DETECTED = ("spamdetected", Kind.FIX_AND_RESEND, "The content was classified as spam.")
    VIRUS_DETECTED = ("virusdetected", Kind.FIX_AND_RESEND, "The content carries malware.")
    POLICY_VIOLATION = (
        "policyviolation",
        Kind.FIX_AND_RESEND,
        "A content or sending policy of the destination refused the message.",
    )
    AUTH_FAILURE = ("authfailure", Kind.FIX_AND_RESEND, "Sender authentication (SPF, DKIM, DMARC) failed.")
    REQUIRE_PTR = (
        "requireptr",
        Kind.FIX_AND_RESEND,
        "The sending IP address has no (matching) reverse DNS record.",
    )
    NETWORK_ERROR = (
        "networkerror",
        Kind.PASSING,
        "The destination could not be reached: DNS, routing, connection.",
    )
    SUSPEND = ("suspend", Kind.PASSING, "The mailbox exists but is disabled, locked or suspended.")
    SYSTEM_ERROR = ("systemerror", Kind.PASSING, "The destination mail system failed or is unavailable.")
    SYSTEM_FULL = ("systemfull", Kind.PASSING, "The destination mail system's storage is full.")
    TOO_MANY_CONNECTIONS = ("toomanyconn", Kind.PASSING, "Too many connections or recipients at once.")
    RATE_LIMITED = ("ratelimited", Kind.PASSING, "Too many messages in a period: a rate limit.")
    SPEEDING = ("ratelimited", Kind.PASSING, "")  # sisimai 4's name: an alias
    EMAIL_TOO_LARGE = (
        "emailtoolarge",
        Kind.FIX_AND_RESEND,
        "The message, or a line of it, is larger than the mail system accepts.",
    )
    MESSAGE_TOO_BIG = ("emailtoolarge", Kind.FIX_AND_RESEND, "")  # sisimai 4's "mesgtoobig": an alias
    EXCEED_LIMIT = (
        "exceedlimit",
        Kind.FIX_AND_RESEND,
        "The message is larger than the recipient's mailbox accepts.",
    )
    NO_RELAYING = (
        "norelaying",
        Kind.FIX_AND_RESEND,
        "The server does not relay for this sender or recipient.",
    )
    SECURITY_ERROR = (
        "securityerror",
        Kind.FIX_AND_RESEND,
        "A security requirement failed: authentication needed, credentials refused.",
    )
    FAILED_STARTTLS = ("failedstarttls", Kind.FIX_AND_RESEND, "Encryption (STARTTLS) was required or failed.")
    NOT_ACCEPT = (
        "notaccept",
        Kind.HARD,
        "The destination accepts no mail at all (null MX, no mail exchanger).",
    )
    HAS_MOVED = (
        "hasmoved",
        Kind.HARD,
        "The recipient has moved and no longer receives mail at this address.",
    )
    SYNTAX_ERROR = (
        "syntaxerror",
        Kind.FIX_AND_RESEND,
        "An SMTP command or its argument was refused as malformed or out of sequence.",
    )
    CONTENT_ERROR = ("contenterror", Kind.FIX_AND_RESEND, "The message's format or headers were refused.")
    NOT_COMPLIANT_RFC = (
        "notcompliantrfc",
        Kind.FIX_AND_RESEND,
        "The message does not follow RFC 5322 (such as several addresses in From:).",
    )
    MAILER_ERROR = ("mailererror", Kind.FIX_AND_RESEND, "A local delivery program (pipe, procmail) failed.")
    BAD_REPUTATION = (
        "badreputation",
        Kind.FIX_AND_RESEND,
        "The sending IP address or domain has a poor reputation.",
    )
    GREYLISTED = (
        "greylisted",
        Kind.PASSING,
        "The server defers a first attempt from an unknown sender on purpose; a retry after a few minutes passes.",
    )
    ON_HOLD = ("onhold", Kind.PASSING, "The message is held and its fate is not decided yet.")
    SUPPRESSED = (
        "suppressed",
        Kind.HARD,
        "The sending service refuses the address: it bounced before or its owner complained.",
    )
    VACATION = (
        "vacation",
        Kind.NOT_A_FAILURE,
        "An automatic reply (out of office), not a failure (RFC 3834).",
    )
    FEEDBACK = (
        "feedback",
        Kind.COMPLAINT,
        "A feedback report: a recipient marked the message as abuse (RFC 5965).",
    )
    DELIVERED = (
        "delivered",
        Kind.NOT_A_FAILURE,
        "The message was delivered: a success notice, not a failure.",
    )
    UNDEFINED = ("undefined", Kind.FIX_AND_RESEND, "The evidence is not enough to say why.")

    def __str__(self) -> str:
        return str(self._value_)

    @classmethod
    def _missing_(cls, value: object) -> Reason | None:
        """The names sisimai used before version 5 (``speeding``, ``mesgtoobig``) read as today's."""
        renamed = FORMER_NAMES.get(value) if isinstance(value, str) else None
        return cls(renamed) if renamed is not None else None


# Reason names that sisimai 5 (2025) replaced: the old name -> the new.
FORMER_NAMES = {"speeding": "ratelimited", "mesgtoobig": "emailtoolarge"}

# What to do after a permanent failure of each kind (a transient one is retried, ``action_for``).
KIND_ACTIONS = {
    Kind.HARD: Action.STOP_MAILING,
    Kind.PASSING: Action.RETRY_LATER,
    Kind.FIX_AND_RESEND: Action.FIX_AND_RESEND,
    Kind.COMPLAINT: Action.STOP_MAILING,
    Kind.NOT_A_FAILURE: Action.NOTHING,
}


def action_for(reason: Reason, transient: bool | None) -> Action:
    """What to do: a report that is no failure needs nothing (a complaint: stop); a transient
    failure is retried; a permanent one as its reason's kind says (``KIND_ACTIONS``)."""
    if reason.kind in (Kind.NOT_A_FAILURE, Kind.COMPLAINT) or not transient:
        return KIND_ACTIONS[reason.kind]
    return Action.RETRY_LATER


def is_hard_bounce(reason: Reason, transient: bool | None) -> bool:
    """The address is bad for good: a reason of kind ``HARD``, of a failure that is not transient."""
    return reason.kind is Kind.HARD and transient is not True
