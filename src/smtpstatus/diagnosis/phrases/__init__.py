"""The phrases of every reason, one module per language, and the one order they are tried in.

A language is a module of plain data (``Language``: ``en.py``, ``de.py``, ...). A text names the
first reason of ``PRECEDENCE`` whose phrase (of any language) it holds; ``PRIORITY_WORDS`` are
tried before, ``FALLBACK_WORDS`` after. Position inside a language's table decides nothing: a
phrase that an earlier reason's phrase contains would never decide, and a test fails on one
(``tests/test_diagnosis.py``).

To add a language: a module with a ``Language`` (its ISO 639-1 ``code``), entered in
``LANGUAGES``. To add a reason's phrase: its language's table; if another reason's phrase contains
it, the test says which.
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.de import GERMAN
from smtpstatus.diagnosis.phrases.en import ENGLISH
from smtpstatus.diagnosis.phrases.es import SPANISH
from smtpstatus.diagnosis.phrases.fr import FRENCH
from smtpstatus.diagnosis.phrases.it import ITALIAN
from smtpstatus.diagnosis.phrases.ja import JAPANESE
from smtpstatus.diagnosis.phrases.language import Language, joined
from smtpstatus.diagnosis.phrases.nl import DUTCH
from smtpstatus.diagnosis.phrases.pt import PORTUGUESE
from smtpstatus.diagnosis.phrases.ru import RUSSIAN
from smtpstatus.diagnosis.phrases.zh import CHINESE
from smtpstatus.diagnosis.reasons import Reason

__all__ = [
    "AUTOREPLY_SUBJECTS",
    "BOUNCE_SUBJECTS",
    "CONNECTION_FAILURE_WORDS",
    "DELAY_WORDS",
    "FALLBACK_PRECEDENCE",
    "FALLBACK_WORDS",
    "LANGUAGES",
    "PRECEDENCE",
    "PRIORITY_WORDS",
    "TRANSIENT_WORDS",
    "WORDS",
    "Language",
]

LANGUAGES: tuple[Language, ...] = (
    ENGLISH,
    GERMAN,
    FRENCH,
    SPANISH,
    ITALIAN,
    PORTUGUESE,
    DUTCH,
    RUSSIAN,
    JAPANESE,
    CHINESE,
)

# The order reasons are tried in: a more specific reason before a broader one that shares words
# with it. (Letting the longest phrase decide instead was measured on the corpus: 5 rows worse.)
PRECEDENCE: tuple[Reason, ...] = (
    Reason.GREYLISTED,  # a deliberate deferral, whatever else the reply says
    Reason.ON_HOLD,
    Reason.NOT_COMPLIANT_RFC,  # a named header fault, before the content words
    Reason.VIRUS_DETECTED,  # content: named threats before the broader words of policy
    Reason.SPAM_DETECTED,
    Reason.AUTH_FAILURE,  # SPF/DKIM/DMARC, before the sender's and the host's refusals
    Reason.REQUIRE_PTR,
    Reason.NO_RELAYING,
    Reason.REJECTED,
    Reason.FAILED_STARTTLS,
    Reason.SECURITY_ERROR,
    Reason.EXCEED_LIMIT,  # sizes: the recipient's limit, the system's, then a full mailbox
    Reason.EMAIL_TOO_LARGE,
    Reason.MAILBOX_FULL,
    Reason.SUSPEND,  # the recipient's states, before the broad words of an unknown user
    Reason.HAS_MOVED,
    Reason.NOT_ACCEPT,
    Reason.HOST_UNKNOWN,
    Reason.RATE_LIMITED,
    Reason.TOO_MANY_CONNECTIONS,
    Reason.BAD_REPUTATION,
    Reason.BLOCKED,
    Reason.USER_UNKNOWN,
    Reason.POLICY_VIOLATION,
    Reason.MAILER_ERROR,
    Reason.SYSTEM_ERROR,
    Reason.NETWORK_ERROR,  # a cause named: before the words of giving up (EXPIRED)
    Reason.EXPIRED,
    Reason.SYNTAX_ERROR,
    Reason.CONTENT_ERROR,
)


def _of_every_language(reason: Reason, fallback: bool = False) -> tuple[str, ...]:
    return joined(
        [(language.fallback if fallback else language.reasons).get(reason, ()) for language in LANGUAGES]
    )


WORDS: tuple[tuple[Reason, tuple[str, ...]], ...] = tuple(
    (reason, _of_every_language(reason)) for reason in PRECEDENCE
)
CONNECTION_FAILURE_WORDS = joined([language.connection_failure for language in LANGUAGES])
PRIORITY_WORDS: tuple[tuple[str, Reason], ...] = tuple(
    (phrase, reason) for language in LANGUAGES for phrase, reason in language.priority.items()
)
# A host not reached with no cause named, after every reason's phrases: a network error; then the
# other words that say less than any phrase.
FALLBACK_PRECEDENCE: tuple[Reason, ...] = (Reason.SPAM_DETECTED,)
FALLBACK_WORDS: tuple[tuple[Reason, tuple[str, ...]], ...] = (
    (Reason.NETWORK_ERROR, CONNECTION_FAILURE_WORDS),
    *((reason, _of_every_language(reason, fallback=True)) for reason in FALLBACK_PRECEDENCE),
)
DELAY_WORDS = joined([language.delay for language in LANGUAGES])
TRANSIENT_WORDS = joined([language.transient for language in LANGUAGES])
BOUNCE_SUBJECTS = joined([language.bounce_subjects for language in LANGUAGES])
AUTOREPLY_SUBJECTS = joined([language.autoreply_subjects for language in LANGUAGES])
