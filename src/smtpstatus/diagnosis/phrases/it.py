"""Italian: what mail systems localized to Italian write.

Microsoft Exchange and Outlook name an Italian non-delivery report "Non recapitabile:" and an
automatic reply "Risposta automatica:".
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

ITALIAN = Language(
    code="it",
    reasons={
        Reason.MAILBOX_FULL: ("casella piena",),
        Reason.USER_UNKNOWN: ("utente sconosciuto", "destinatario sconosciuto"),
    },
    bounce_subjects=("non recapitabile",),
    autoreply_subjects=("risposta automatica",),
)
