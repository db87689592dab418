"""Russian: what mail systems localized to Russian write.

Localized MTAs and providers.
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

RUSSIAN = Language(
    code="ru",
    reasons={
        Reason.MAILBOX_FULL: ("ящик переполнен",),
        Reason.USER_UNKNOWN: ("пользователь не найден", "нет такого пользователя", "адресат не найден"),
    },
)
