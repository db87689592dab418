"""Chinese: what mail systems localized to Chinese write.

Chinese providers' reports.
"""

from __future__ import annotations

from smtpstatus.diagnosis.phrases.language import Language
from smtpstatus.diagnosis.reasons import Reason

CHINESE = Language(
    code="zh",
    reasons={
        Reason.MAILBOX_FULL: ("邮箱已满", "信箱已满"),
        Reason.USER_UNKNOWN: ("用户不存在", "收件人不存在"),
    },
)
