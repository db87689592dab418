"""Enhanced status codes (RFC 3463)."""

from __future__ import annotations

import pytest

from smtpstatus import EnhancedStatusCode


def test_parse_and_str() -> None:
    code = EnhancedStatusCode.parse("5.1.1")
    assert code == EnhancedStatusCode(5, 1, 1)
    assert (code.klass, code.subject, code.detail) == (5, 1, 1)
    assert str(code) == "5.1.1"
    assert code.is_permanent and not code.is_transient and not code.is_success


@pytest.mark.parametrize(
    ("text", "subject", "meaning_part"),
    [
        ("5.1.1", "addressing status", "does not exist"),
        ("4.2.2", "mailbox status", "mailbox is full"),
        ("5.7.1", "security or policy status", "not authorized"),
        ("5.3.4", "mail system status", "larger than the system accepts"),
        ("4.4.1", "network and routing status", "did not answer"),
        ("5.5.2", "mail delivery protocol status", "syntax error"),
        ("5.6.1", "message content or media status", "media type"),
        ("5.7.8", "security or policy status", "password was not accepted"),
        ("2.0.0", "other or undefined status", "no further detail"),
    ],
)
def test_meanings(text: str, subject: str, meaning_part: str) -> None:
    code = EnhancedStatusCode.parse(text)
    assert code.subject_meaning == subject
    assert code.meaning is not None and meaning_part in code.meaning


def test_unregistered_detail_keeps_its_subject() -> None:
    code = EnhancedStatusCode.parse("5.7.139")
    assert code.meaning is None
    assert code.subject_meaning == "security or policy status"
    assert EnhancedStatusCode.parse("4.16.55").subject_meaning is None


@pytest.mark.parametrize(
    "text", ["", "5.1", "5.1.1.1", "3.1.1", "6.0.0", "5.1234.1", "5.1.x", "5..1", "５.1.1", " 5.1.1"]
)
def test_not_enhanced_codes(text: str) -> None:
    with pytest.raises(ValueError, match="not an enhanced status code"):
        EnhancedStatusCode.parse(text)


@pytest.mark.parametrize(
    "text", ["05.1.1", "5.01.1", "5.1.01", "5.00.0", "5.1.0001", "5.1000.1", "5.1", "5.1.1.1"]
)
def test_leading_zeros_and_other_shapes_are_refused(text: str) -> None:
    """RFC 3463: subject and detail are 0 or start with 1-9; at most three digits."""
    with pytest.raises(ValueError, match="not an enhanced status code"):
        EnhancedStatusCode.parse(text)


@pytest.mark.parametrize("value", [None, 511, b"5.1.1", ["5.1.1"]])
def test_parse_of_a_non_string_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="expects str"):
        EnhancedStatusCode.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ((9, 9, 9), ValueError),
        ((3, 1, 1), ValueError),
        ((5, -1, 1), ValueError),
        ((5, 1, 1000), ValueError),
        ((True, 1, 1), TypeError),
        ((5, 1.0, 1), TypeError),
        (("5", 1, 1), TypeError),
    ],
)
def test_the_constructor_checks_its_fields(
    fields: tuple[object, object, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        EnhancedStatusCode(*fields)  # type: ignore[arg-type]


def test_replace_and_make_check_too() -> None:
    code = EnhancedStatusCode(5, 1, 1)
    assert code._replace(detail=2) == EnhancedStatusCode(5, 1, 2)
    with pytest.raises(ValueError):
        code._replace(klass=9)
    with pytest.raises(ValueError):
        EnhancedStatusCode._make((1, 2, 3))  # pyright: ignore[reportPrivateUsage] - namedtuple API
    assert EnhancedStatusCode(5, 7, 1).class_meaning.startswith("permanent")
