"""Spanish: what mail systems localized to Spanish write.

Microsoft Exchange and Outlook name a Spanish non-delivery report "No se puede entregar:" and an
automatic reply "Respuesta automática:".
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

SPANISH = Language(
    code="es",
    reasons={
        Reason.MAILBOX_FULL: ("buzón lleno", "buzon lleno"),
        Reason.USER_UNKNOWN: ("usuario desconocido", "destinatario desconocido"),
    },
    bounce_subjects=("no se puede entregar",),
    autoreply_subjects=("respuesta automática",),
)
