"""The shape of one language's phrases: plain data, read by ``smtpstatus.diagnosis.phrases``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from smtpstatus.diagnosis.reasons import Reason


class Language(NamedTuple):
    """What mail systems write in one language, lowercase, as it is looked for (``words_of``).

    A phrase names its reason wherever it stands in a text; the order in which reasons are tried
    is not a language's business but one list's (``phrases.PRECEDENCE``).
    """

    code: str
    """The language's ISO 639-1 code."""
    reasons: Mapping[Reason, tuple[str, ...]]
    """The phrases of each reason."""
    delay: tuple[str, ...] = ()
    """How a delay warning says the MTA keeps trying: nothing failed yet."""
    transient: tuple[str, ...] = ()
    """Words of a temporary failure, for texts without a reply code or an enhanced code."""
    connection_failure: tuple[str, ...] = ()
    """A remote host that could not be reached, with no cause named."""
    priority: Mapping[str, Reason] = {}
    """Phrases that hold another reason's words but mean this one: tried before all others."""
    fallback: Mapping[Reason, tuple[str, ...]] = {}
    """Words that say less than any reason's phrases: tried after them."""
    bounce_subjects: tuple[str, ...] = ()
    """Words of the subjects of delivery reports (non-delivery, delay)."""
    autoreply_subjects: tuple[str, ...] = ()
    """Words of the subjects of automatic replies (out of office)."""


def joined(tables: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    """Several tables of words as one, each word once, in the tables' order (the languages', the
    MTA profiles')."""
    return tuple(dict.fromkeys(word for table in tables for word in table))
