"""German: what mail systems localized to German write.

Microsoft Exchange and Outlook name a German non-delivery report "Unzustellbar:" and an
automatic reply "Automatische Antwort:"; "Abwesenheit" is the usual out-of-office subject.
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

GERMAN = Language(
    code="de",
    reasons={
        Reason.MAILBOX_FULL: ("postfach voll", "postfach ist voll"),
        Reason.USER_UNKNOWN: (
            "benutzer unbekannt",
            "unbekannter benutzer",
            "empfänger unbekannt",
            "unbekannter empfänger",
        ),
    },
    bounce_subjects=("unzustellbar",),
    autoreply_subjects=("abwesenheit", "automatische antwort"),
)
