"""The rules shared by every reader of outside text (``smtpstatus._text``): one definition each,
and the readers agree because they use it (issue 22: the copies had come to differ)."""

from __future__ import annotations

import pytest

from smtpstatus import diagnose, find_reply
from smtpstatus._text import ENHANCED_IN_TEXT, fold_whitespace


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("550 status 5.1.1.", "5.1.1"),  # the end of a sentence: once found by one reader only
        ("550 status 5.1.1", "5.1.1"),
        ("Remote host said: 554 delivery error (#5.7.1)", "5.7.1"),
        ("550 rejected by 10.5.1.1.2 filter", None),  # a dotted number is no code
        ("550 rejected by 5.1.1.2", None),
        ("550 see v5.1.10 notes", None),
    ],
)
def test_one_enhanced_code_pattern_for_every_reader(text: str, found: str | None) -> None:
    match = ENHANCED_IN_TEXT.search(text)
    assert (match.group(1) if match else None) == found
    reply = find_reply(text)
    assert reply is not None
    assert (str(reply.enhanced) if reply.enhanced else None) == found
    diagnosed = diagnose(text).enhanced
    assert (str(diagnosed) if diagnosed else None) == found


def test_fold_whitespace() -> None:
    assert fold_whitespace("  550 5.1.1\r\n\t user \n unknown ") == "550 5.1.1 user unknown"
