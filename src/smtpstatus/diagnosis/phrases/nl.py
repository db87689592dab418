"""Dutch: what mail systems localized to Dutch write.

Microsoft Exchange and Outlook name a Dutch non-delivery report "Onbestelbaar:" and an automatic
reply "Automatisch antwoord:".
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

DUTCH = Language(
    code="nl",
    reasons={
        Reason.MAILBOX_FULL: ("mailbox is vol", "postvak vol"),
        Reason.USER_UNKNOWN: ("gebruiker onbekend", "onbekende gebruiker"),
    },
    bounce_subjects=("onbestelbaar",),
    autoreply_subjects=("automatisch antwoord",),
)
