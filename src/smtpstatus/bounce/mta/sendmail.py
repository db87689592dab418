"""Sendmail: "Returned mail: see transcript for details", the delay warning "Warning: could not
send message for past 4 hours", and the copy after "----- Unsent message follows -----" or
"----- Message header follows -----" (sendmail's savemail.c and its cf/README)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

SENDMAIL = Profile(
    name="sendmail",
    subjects=("see transcript", "warning: could not", "could not send message"),
    original_markers=("unsent message follows", "message headers follow"),
)
