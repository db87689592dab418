"""1&1 and GMX (one mail system): the returned headers after "--- The header of the original message
is following. ---"."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

EINSUNDEINS = Profile(
    name="einsundeins", original_markers=("the header of the original message is following",)
)
