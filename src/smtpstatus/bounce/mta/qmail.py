"""qmail (and Yahoo's mail system, which writes the same reports): subject "failure notice", the copy
after "--- Below this line is a copy of the message." (qmail-send's bounce text)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

QMAIL = Profile(
    name="qmail",
    subjects=("failure notice",),
    original_markers=("below this line is a copy of the message", "--- below this line"),
    recipient_introductions=("following addresses",),
)
