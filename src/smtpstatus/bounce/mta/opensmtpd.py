"""OpenSMTPD: the copy after "Below is a copy of the original message:" (its bounce.c)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

OPENSMTPD = Profile(
    name="opensmtpd",
    subjects=("delivery status notification",),
    original_markers=("below is a copy of the original message",),
)
