"""Postfix: "Undelivered Mail Returned to Sender" and the delay notice "Delayed Mail (still being
retried)" (Postfix's bounce(5) templates: failure_template, delay_template); its reports are RFC 3464
DSNs, read by structure first."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

POSTFIX = Profile(
    name="postfix",
    subjects=("undelivered mail returned to sender", "delayed mail"),
)
