"""Reasons and their kinds (``smtpstatus.diagnosis.reasons``): one definition of what each reason
means for the address, and sisimai 5's names with the old ones as aliases."""

from __future__ import annotations

import pytest

from smtpstatus.diagnosis import Action, Kind, Reason, diagnose
from smtpstatus.diagnosis.reasons import FORMER_NAMES, action_for, is_hard_bounce


def test_every_reason_has_a_kind_and_a_description() -> None:
    assert all(isinstance(reason.kind, Kind) and reason.description for reason in Reason)


def test_sisimai_5_names_and_their_former_names() -> None:
    assert Reason("ratelimited") is Reason.RATE_LIMITED is Reason("speeding") is Reason.SPEEDING
    assert Reason("emailtoolarge") is Reason.EMAIL_TOO_LARGE is Reason("mesgtoobig") is Reason.MESSAGE_TOO_BIG
    assert Reason("suppressed") is Reason.SUPPRESSED
    assert str(Reason.RATE_LIMITED) == "ratelimited"
    assert set(FORMER_NAMES.values()) <= {reason.value for reason in Reason}
    with pytest.raises(ValueError):
        Reason("nosuchreason")
    # The aliases are not listed twice.
    assert [reason.value for reason in Reason].count("ratelimited") == 1


def test_a_hard_bounce_is_a_hard_reason_that_is_not_transient() -> None:
    for reason in Reason:
        for transient in (True, False, None):
            assert is_hard_bounce(reason, transient) == (reason.kind is Kind.HARD and transient is not True)


@pytest.mark.parametrize(
    ("kind", "permanent", "transient"),
    [
        (Kind.HARD, Action.STOP_MAILING, Action.RETRY_LATER),
        (Kind.PASSING, Action.RETRY_LATER, Action.RETRY_LATER),
        (Kind.FIX_AND_RESEND, Action.FIX_AND_RESEND, Action.RETRY_LATER),
        (Kind.COMPLAINT, Action.STOP_MAILING, Action.STOP_MAILING),
        (Kind.NOT_A_FAILURE, Action.NOTHING, Action.NOTHING),
    ],
)
def test_what_each_kind_asks_for(kind: Kind, permanent: Action, transient: Action) -> None:
    reasons = [reason for reason in Reason if reason.kind is kind]
    assert reasons
    for reason in reasons:
        assert action_for(reason, False) is permanent
        assert action_for(reason, None) is permanent
        assert action_for(reason, True) is transient


def test_kinds_of_well_known_reasons() -> None:
    assert Reason.USER_UNKNOWN.kind is Kind.HARD
    assert Reason.MAILBOX_FULL.kind is Kind.PASSING
    assert Reason.SPAM_DETECTED.kind is Kind.FIX_AND_RESEND
    assert Reason.FEEDBACK.kind is Kind.COMPLAINT
    assert Reason.VACATION.kind is Kind.NOT_A_FAILURE


def test_a_rate_limit_reply_is_named_by_the_new_name() -> None:
    """Gmail's rate limit (its "SMTP error reference": 4.2.1 "receiving mail at a rate that
    prevents additional messages"): a passing failure, ``ratelimited``."""
    diagnosis = diagnose("450-4.2.1 The user you are trying to contact is receiving mail at a rate that")
    assert (diagnosis.reason, diagnosis.transient, diagnosis.action) == (
        Reason.RATE_LIMITED,
        True,
        Action.RETRY_LATER,
    )
    assert str(diagnosis.reason) == "ratelimited"
