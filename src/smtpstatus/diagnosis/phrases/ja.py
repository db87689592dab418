"""Japanese: what mail systems localized to Japanese write.

Japanese providers' reports ("メールエラー": mail error, their subject).
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

JAPANESE = Language(
    code="ja",
    reasons={
        Reason.MAILBOX_FULL: ("メールボックスが一杯", "メールボックスがいっぱい"),
        Reason.USER_UNKNOWN: ("宛先不明", "存在しないユーザ", "ユーザが存在しません"),
    },
    bounce_subjects=("メールエラー",),
)
