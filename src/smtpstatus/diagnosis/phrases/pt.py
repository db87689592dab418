"""Portuguese: what mail systems localized to Portuguese write.

Microsoft Outlook names a Portuguese automatic reply "Resposta automática:".
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

PORTUGUESE = Language(
    code="pt",
    reasons={
        Reason.MAILBOX_FULL: ("caixa cheia",),
        Reason.USER_UNKNOWN: ("usuário desconhecido", "destinatário desconhecido"),
    },
    autoreply_subjects=("resposta automática",),
)
