"""The phrase tables (``smtpstatus.diagnosis.phrases``): one module per language, one order of reasons,
and no phrase that an earlier phrase makes unreachable."""

from __future__ import annotations

import pkgutil

import pytest

from smtpstatus.diagnosis import Reason, diagnose, phrases
from smtpstatus.diagnosis.phrases import (
    FALLBACK_PRECEDENCE,
    FALLBACK_WORDS,
    LANGUAGES,
    PRECEDENCE,
    PRIORITY_WORDS,
    WORDS,
)
from smtpstatus.diagnosis.words import reason_from_words


def ordered_phrases() -> list[tuple[str, Reason, str]]:
    """Every phrase in the order a text is tried against it, with its reason and its table."""
    return [
        *((phrase, reason, "priority") for phrase, reason in PRIORITY_WORDS),
        *((phrase, reason, "words") for reason, table in WORDS for phrase in table),
        *((phrase, reason, "fallback") for reason, table in FALLBACK_WORDS for phrase in table),
    ]


def shadowed(entries: list[tuple[str, Reason, str]]) -> list[str]:
    """Phrases that never decide: an earlier phrase of another reason is part of them, so a text
    that holds them holds it too and gets its reason."""
    found: list[str] = []
    for index, (phrase, reason, table) in enumerate(entries):
        for earlier, earlier_reason, earlier_table in entries[:index]:
            if earlier_reason is not reason and earlier in phrase:
                found.append(
                    f"{phrase!r} ({reason.value}, {table}) is shadowed by {earlier!r} "
                    f"({earlier_reason.value}, {earlier_table})"
                )
    return found


def test_no_phrase_is_shadowed_by_an_earlier_reason() -> None:
    assert shadowed(ordered_phrases()) == []


def test_the_shadow_check_finds_a_shadowed_phrase() -> None:
    """The check itself: "mailbox full" of a later reason, under an earlier "full"."""
    entries = [("full", Reason.SYSTEM_FULL, "words"), ("mailbox full", Reason.MAILBOX_FULL, "words")]
    assert shadowed(entries) == [
        "'mailbox full' (mailboxfull, words) is shadowed by 'full' (systemfull, words)"
    ]
    assert shadowed(list(reversed(entries))) == []


def test_every_language_module_is_entered_and_in_the_order() -> None:
    modules = {info.name for info in pkgutil.iter_modules(phrases.__path__) if info.name != "language"}
    assert {language.code for language in LANGUAGES} == modules
    assert len({language.code for language in LANGUAGES}) == len(LANGUAGES)
    for language in LANGUAGES:
        assert set(language.reasons) <= set(PRECEDENCE), language.code
        assert set(language.fallback) <= set(FALLBACK_PRECEDENCE), language.code
    assert len(set(PRECEDENCE)) == len(PRECEDENCE)


def test_phrases_are_folded_as_texts_are() -> None:
    """A phrase is looked for in a text folded by ``words_of``: lowercase, single spaces."""
    for phrase, _, _ in ordered_phrases():
        assert phrase == phrase.lower() and "  " not in phrase and phrase.strip(), phrase
    for language in LANGUAGES:
        for table in (language.bounce_subjects, language.autoreply_subjects, language.delay):
            assert all(word == word.lower() and word.strip() for word in table), language.code


def test_a_phrase_of_every_language_decides_its_reason() -> None:
    for language in LANGUAGES:
        for reason, table in language.reasons.items():
            for phrase in table:
                assert reason_from_words(f"550 {phrase}") is reason, (language.code, phrase)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("550 5.1.1 <x@example.de>: Empfänger unbekannt", Reason.USER_UNKNOWN),
        ("552 Postfach voll", Reason.MAILBOX_FULL),
        ("550 Utilisateur inconnu", Reason.USER_UNKNOWN),
        ("550 Destinatario sconosciuto", Reason.USER_UNKNOWN),
        ("552 Buzón lleno", Reason.MAILBOX_FULL),
        ("550 Пользователь не найден", Reason.USER_UNKNOWN),
        ("550 宛先不明", Reason.USER_UNKNOWN),
        ("552 邮箱已满", Reason.MAILBOX_FULL),
    ],
)
def test_localized_replies(text: str, reason: Reason) -> None:
    assert diagnose(text).reason is reason
