"""MTA profiles: one module of plain data per family of MTAs that write free-form bounces.

The free-form reader (``smtpstatus.bounce.freeform``) knows no MTA: it reads every profile's
senders, subjects, markers and recipient introductions. ``PROFILES`` is the order their words are
tried in; where markers of two profiles both occur in a text, the earliest in the text cuts,
whichever profile it is of. Delay warnings are words of a language, not of an MTA:
``smtpstatus.diagnosis.phrases`` (``Language.delay``).

To add an MTA family: a module with its ``Profile``, entered in ``PROFILES``, and a test with a
message of its own (``tests/test_mta.py``).
"""

from __future__ import annotations

import re

from smtpstatus.bounce.mta.common import COMMON
from smtpstatus.bounce.mta.einsundeins import EINSUNDEINS
from smtpstatus.bounce.mta.exim import EXIM
from smtpstatus.bounce.mta.mdaemon import MDAEMON
from smtpstatus.bounce.mta.microsoft import MICROSOFT
from smtpstatus.bounce.mta.opensmtpd import OPENSMTPD
from smtpstatus.bounce.mta.postfix import POSTFIX
from smtpstatus.bounce.mta.profile import Profile
from smtpstatus.bounce.mta.qmail import QMAIL
from smtpstatus.bounce.mta.sendmail import SENDMAIL
from smtpstatus.diagnosis.phrases import BOUNCE_SUBJECTS as LANGUAGE_SUBJECTS
from smtpstatus.diagnosis.phrases.language import joined

__all__ = [
    "BOUNCE_SENDERS",
    "BOUNCE_SUBJECTS",
    "ORIGINAL_MARKERS",
    "PROFILES",
    "RECIPIENT_INTRODUCTIONS",
    "Profile",
]

PROFILES: tuple[Profile, ...] = (
    POSTFIX,
    SENDMAIL,
    EXIM,
    QMAIL,
    MICROSOFT,
    OPENSMTPD,
    MDAEMON,
    EINSUNDEINS,
    COMMON,
)


BOUNCE_SENDERS = joined([profile.senders for profile in PROFILES])
# A report's subject words: each MTA's own, then those of every language that no one MTA owns.
BOUNCE_SUBJECTS = joined([*(profile.subjects for profile in PROFILES), LANGUAGE_SUBJECTS])
ORIGINAL_MARKERS = joined([profile.original_markers for profile in PROFILES])
# The introductions as one pattern (a space in one matches any run of whitespace).
RECIPIENT_INTRODUCTIONS = re.compile(
    "|".join(
        r"\s+".join(re.escape(word) for word in introduction.split())
        for introduction in joined([profile.recipient_introductions for profile in PROFILES])
    ),
    re.IGNORECASE,
)
