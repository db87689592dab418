"""MTA profiles (``smtpstatus.bounce.mta``): every profile's words work, each on a message of its own.

Each profile's senders, subjects and markers are tried in a free-form bounce written for the test
(not a corpus row): a message of a family we have never seen works as soon as its words are in a
profile. The corpus files of each family are held to their floors in ``tests/test_bounce.py``.
"""

from __future__ import annotations

import pkgutil

import pytest

from smtpstatus.bounce import mta, parse_bounce
from smtpstatus.bounce.mta import PROFILES, RECIPIENT_INTRODUCTIONS, Profile
from smtpstatus.diagnosis import Reason
from smtpstatus.diagnosis.phrases import LANGUAGES


def message(*, sender: str, subject: str, body: str, null_sender: bool = False) -> bytes:
    return_path = "<>" if null_sender else "<someone@example.org>"
    return (
        f"Return-Path: {return_path}\nFrom: {sender}\nTo: author@example.org\nSubject: {subject}\n\n{body}\n"
    ).encode()


BODY = "Your message could not be delivered.\n\n<gone@example.net>: 550 5.1.1 No such user here\n"


def test_every_profile_module_is_entered_once() -> None:
    modules = {info.name for info in pkgutil.iter_modules(mta.__path__) if info.name != "profile"}
    assert {profile.name for profile in PROFILES} == modules
    assert len({profile.name for profile in PROFILES}) == len(PROFILES)


@pytest.mark.parametrize(
    ("profile", "word"), [(profile, word) for profile in PROFILES for word in profile.senders]
)
def test_a_sender_of_each_profile_marks_a_bounce(profile: Profile, word: str) -> None:
    raw = message(sender=f'"{word}" <{word.replace(" ", "-")}@mx.example.org>', subject="Hello", body=BODY)
    records = parse_bounce(raw)
    assert [(r.recipient, r.reason) for r in records] == [("gone@example.net", Reason.USER_UNKNOWN)], (
        profile.name
    )


SUBJECTS = [(profile.name, word) for profile in PROFILES for word in profile.subjects] + [
    (language.code, word) for language in LANGUAGES for word in language.bounce_subjects
]


@pytest.mark.parametrize(("owner", "word"), SUBJECTS)
def test_a_subject_of_each_profile_and_language_marks_a_bounce(owner: str, word: str) -> None:
    raw = message(sender="Mail System <system@mx.example.org>", subject=f"{word.title()}: hello", body=BODY)
    assert [r.recipient for r in parse_bounce(raw)] == ["gone@example.net"], owner


def test_without_a_mark_a_message_is_no_bounce() -> None:
    raw = message(sender="Mail System <system@mx.example.org>", subject="Hello", body=BODY)
    assert parse_bounce(raw) == []


@pytest.mark.parametrize(
    ("profile", "marker"), [(profile, marker) for profile in PROFILES for marker in profile.original_markers]
)
def test_each_marker_cuts_off_the_copy_of_the_original(profile: Profile, marker: str) -> None:
    """The copy names another address (its To:) and other words ("mailbox full"): neither counts."""
    body = (
        "<gone@example.net>: 550 5.1.1 No such user here\n\n"
        f"--- {marker} ---\n\n"
        "From: author@example.org\nTo: someone-else@example.com\nSubject: my mailbox full of news\n"
    )
    raw = message(sender="MAILER-DAEMON <mailer-daemon@mx.example.org>", subject="failure", body=body)
    records = parse_bounce(raw)
    assert [(r.recipient, r.reason) for r in records] == [("gone@example.net", Reason.USER_UNKNOWN)], (
        profile.name
    )


@pytest.mark.parametrize(
    "introduction", [word for profile in PROFILES for word in profile.recipient_introductions]
)
def test_each_introduction_starts_the_list_of_failed_recipients(introduction: str) -> None:
    """Addresses before the introduction (a summary of the original's To:) are not failed recipients."""
    body = (
        "To: list-member@example.com\n"
        f"The mail system could not deliver to the {introduction} listed below:\n\n"
        "  gone@example.net\n    550 5.1.1 No such user here\n"
    )
    assert RECIPIENT_INTRODUCTIONS.search(body) is not None
    raw = message(sender="MAILER-DAEMON <mailer-daemon@mx.example.org>", subject="failure", body=body)
    assert [r.recipient for r in parse_bounce(raw)] == ["gone@example.net"]


def test_a_localized_automatic_reply_is_a_vacation() -> None:
    raw = message(
        sender="Jana Novak <jana@example.de>",
        subject="Automatische Antwort: Ihre Anfrage",
        body="Ich bin bis Montag nicht im Büro.",
    )
    assert [(r.recipient, r.reason) for r in parse_bounce(raw)] == [("jana@example.de", Reason.VACATION)]
