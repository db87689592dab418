"""The copy of the original message a report returns inside its text: where it begins."""

from __future__ import annotations

import functools
import re

from smtpstatus.bounce.mta import ORIGINAL_MARKERS

__all__ = ["cut_original"]


@functools.lru_cache(maxsize=8)  # a message's text is cut by the report's reader, then by batch's
def cut_original(text: str) -> str:
    """``text`` up to the copy of the original message it quotes."""
    lowered = text.lower()
    cut = len(text)
    for marker in ORIGINAL_MARKERS:
        position = lowered.find(marker)
        if 0 <= position < cut:
            cut = position
    headers = re.search(
        r"^(?:Return-Path|Received|Message-ID|DKIM-Signature):", text[:cut], re.MULTILINE | re.IGNORECASE
    )
    if headers is not None:
        cut = headers.start()
    if cut == len(text):  # no copy: all of it, the last line too
        return text
    line_start = text.rfind("\n", 0, cut)
    return text[: line_start + 1 if line_start >= 0 else cut]
