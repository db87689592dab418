"""Exim: "Mail delivery failed: returning message to sender", the list after "following address(es)
failed", and the copy after "------ This is a copy of the message, including all the headers.
------" (Exim's specification, "Message processing": bounce messages; its bounce_message_text)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

EXIM = Profile(
    name="exim",
    subjects=("mail delivery failed",),
    original_markers=("this is a copy of the message",),
    recipient_introductions=("following address(es)",),
)
