"""Microsoft Exchange and Microsoft 365: "Undeliverable:", "Delivery has failed to these recipients
or groups", and "Original message headers:" before the returned headers (Exchange's non-delivery
reports; their localized subjects are in the languages: ``smtpstatus.diagnosis.phrases``)."""

from __future__ import annotations

from smtpstatus.bounce.mta.profile import Profile

MICROSOFT = Profile(
    name="microsoft",
    senders=("microsoftexchange",),
    subjects=("undeliverable", "delivery has failed"),
    original_markers=("original message header",),
)
