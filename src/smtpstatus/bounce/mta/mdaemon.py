"""MDaemon: bounces sent by "MDaemon" (its sender name)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

MDAEMON = Profile(name="mdaemon", senders=("mdaemon",))
