"""What bounces of many MTAs share, owned by no one family: the RFC 3464 names of a report's
parts, the usual sender names (RFC 5321, 4.5.1: every host has a postmaster; "MAILER-DAEMON" is the
traditional name of the reporting process), and the usual ways to introduce the failed recipients."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

COMMON = Profile(
    name="common",
    senders=(
        "mailer-daemon",
        "mailer_daemon",
        "post_master",
        "postmaster",
        "mail delivery",
        "maildelivery",
        "mail-daemon",
    ),
    original_markers=(
        "original message follows",
        "----- original message -----",
        "------ original message",
        "--- original message",
        "-- original message",
        "original message details",
        "content-type: message/rfc822",
        "enclosed is a copy of the message",
        "headers of your message follow",
        "your message reads",
    ),
    recipient_introductions=(
        "following recipient",
        "following addresses",
        "following address(es)",
        "these recipient",
        "these addresses",
        "these address(es)",
    ),
)
