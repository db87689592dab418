"""French: what mail systems localized to French write.

Microsoft Exchange and Outlook name a French non-delivery report "Non remis :" and an automatic
reply "Réponse automatique :".
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

FRENCH = Language(
    code="fr",
    reasons={
        Reason.MAILBOX_FULL: ("boîte pleine", "boite pleine", "boîte aux lettres pleine"),
        Reason.USER_UNKNOWN: (
            "utilisateur inconnu",
            "destinataire inconnu",
            "adresse inconnue",
            "utilisateur inexistant",
            "destinataire inexistant",
            "adresse inexistante",
            "destinataire invalide",
        ),
    },
    bounce_subjects=("non remis",),
    autoreply_subjects=("réponse automatique", "absence"),
)
