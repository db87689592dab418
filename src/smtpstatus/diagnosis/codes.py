"""What status codes say of a reason: RFC 3463 enhanced codes (and the IANA registry of them) and
RFC 5321 reply codes.

A specific enhanced code names its reason outright; a generic one (``x.0.0``, ``x.4.4``, ``x.6.0``,
``x.7.0``, ``x.7.1``) and a bare reply code give a reason only where the words name none.
"""

from __future__ import annotations

from smtpstatus.diagnosis.reasons import Reason

__all__ = ["GENERIC_STATUS", "REPLY_CODES", "SPECIFIC_STATUS", "TRANSIENT_GENERIC_STATUS"]

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
    (3, 4): Reason.EMAIL_TOO_LARGE,
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
# Generic codes that mean another reason as a temporary failure (class 4).
TRANSIENT_GENERIC_STATUS: dict[tuple[int, int], Reason] = {
    # RFC 3463, 3.4: X.3.2 "System not accepting network messages" covers "an immanent shutdown,
    # excessive load, or system maintenance"; as 4.3.2 (421 4.3.2), the system's state for now.
    (3, 2): Reason.SYSTEM_ERROR,
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
