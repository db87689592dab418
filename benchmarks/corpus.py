"""Agreement of ``parse_bounce`` and ``find_reply`` with the reference answers of the bounce corpus.

``tests/data/bounces/`` holds 304 real bounce messages and, per failed recipient, what the
reference tool (sisimai) answers. Each field is compared as it is:

- ``reason``, ``reply code``, ``hard bounce``, ``command`` (the SMTP command refused): equal, or
  not. (For ``command``, the reference reads a pipelined sendmail transcript, ``>>> DATA`` then
  ``<<< 550`` then ``<<< 503 Need RCPT``, as DATA; the 550 answers RCPT TO, and we say nothing.)
- ``status``: equal; a reference pseudo-code ``x.0.9nn`` (sisimai's stand-in for "the message
  carries no code") agrees with our ``None``, since we never invent a code.

**Validation discipline.** The corpus is split by a fixed hash of the file name (``half``) into a
working half and a held-out half. Rules are derived from the working half, the RFCs and MTA
documentation only; ``python benchmarks/corpus.py`` prints every disagreement of the working half
by category and only totals for the held-out half (and their gap), so that overfitting shows
before mail we have never seen shows it. ``family`` names a file's MTA or provider family (the
file name's prefix), for per-family figures and test floors.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from smtpstatus.bounce import BouncedRecipient, parse_bounce  # noqa: E402
from smtpstatus.diagnosis import Reason  # noqa: E402
from smtpstatus.find import find_reply  # noqa: E402

CORPUS = REPO / "tests" / "data" / "bounces"
FIELDS = ("reason", "status", "reply code", "hard bounce", "command")


class Row(NamedTuple):
    file: str
    position: int
    """Which bounced recipient of the message (1-based)."""
    expected: dict[str, str]
    found: dict[str, str]
    diagnostic: str


def _reason_name(label: str) -> str:
    """The reference's reason label as today's name: it predates sisimai 5's renames
    (``speeding`` is ``ratelimited`` now, ``mesgtoobig`` ``emailtoolarge``)."""
    try:
        return str(Reason(label))
    except ValueError:
        return label


def half(name: str) -> str:
    """``working`` or ``held-out``: a fixed hash of the file name, never its content.

    The low bit of the SHA-256's second byte: the first byte's is even for every file of this
    corpus (it is itself one half of a larger collection, split that way), so it splits nothing."""
    import hashlib  # noqa: PLC0415

    return "working" if hashlib.sha256(name.encode()).digest()[1] % 2 == 0 else "held-out"


def family(name: str) -> str:
    """The MTA or provider family of a corpus file: ``lhost-postfix-32.eml`` -> ``postfix``,
    ``rhost-aol-03.eml`` -> ``aol``, ``rfc3464-01.eml`` -> ``rfc3464``."""
    parts = name.removesuffix(".eml").split("-")
    return parts[1] if parts[0] in ("lhost", "rhost") and len(parts) > 2 else parts[0]


def expected_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return rows


def _pseudo(status: str) -> bool:
    detail = status.rsplit(".", maxsplit=1)[-1] if status else ""
    return len(detail) == 3 and detail.startswith("9")


def _found(record: BouncedRecipient | None) -> dict[str, str]:
    if record is None:
        return dict.fromkeys(FIELDS, "(no record)")
    return {
        "reason": record.reason.value,
        "status": str(record.status) if record.status is not None else "",
        "reply code": str(record.reply_code) if record.reply_code is not None else "",
        "hard bounce": str(record.hard_bounce),
        "command": record.command or "",
    }


def compare() -> Iterator[Row]:
    """One row per reference row, with what ``parse_bounce`` found for the same recipient."""
    by_file: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in expected_rows():
        by_file[str(row["file"])].append(row)
    for name, rows in sorted(by_file.items()):
        records = parse_bounce((CORPUS / "emails" / name).read_bytes())
        for row in rows:
            index = int(str(row["index"]))
            record = records[index - 1] if index <= len(records) else None
            status = str(row["expected_status"])
            expected = {
                "reason": _reason_name(str(row["expected_reason"])),
                "status": "" if _pseudo(status) else status,
                "reply code": str(row["expected_replycode"]),
                "hard bounce": str(row["expected_hardbounce"]),
                "command": str(row["smtp_command"]),
            }
            yield Row(name, index, expected, _found(record), record.diagnostic if record else "")


def agreement(rows: list[Row]) -> dict[str, float]:
    return {
        field: sum(row.expected[field] == row.found[field] for row in rows) / len(rows) for field in FIELDS
    }


def find_reply_agreement() -> dict[str, float]:
    """``find_reply`` on the reference's diagnostic texts: reply code, and enhanced code where both
    the text and the reference have a real one."""
    rows = expected_rows()
    codes = 0
    enhanced_total = enhanced_same = 0
    for row in rows:
        reply = find_reply(str(row["diagnostic_code"]))
        codes += (str(reply.code) if reply else "") == str(row["expected_replycode"])
        status = str(row["expected_status"])
        if reply is not None and reply.enhanced is not None and status and not _pseudo(status):
            enhanced_total += 1
            enhanced_same += str(reply.enhanced) == status
    return {"reply code": codes / len(rows), "enhanced code": enhanced_same / max(enhanced_total, 1)}


def main() -> None:
    rows = list(compare())
    for field, share in agreement(rows).items():
        print(f"parse_bounce {field:12} {share:6.1%} of {len(rows)} rows")
    for field, share in find_reply_agreement().items():
        print(f"find_reply   {field:12} {share:6.1%}")
    working = [row for row in rows if half(row.file) == "working"]
    held_out = [row for row in rows if half(row.file) == "held-out"]
    print("\nThe halves (a fixed hash of the file name; rules come from the working half only):")
    mine, theirs = agreement(working), agreement(held_out)
    for field in FIELDS:
        print(
            f"  {field:12} working {mine[field]:6.1%} of {len(working)}   held-out {theirs[field]:6.1%} "
            f"of {len(held_out)}   gap {100 * (mine[field] - theirs[field]):+.1f} points"
        )
    print("\nReason by family (working half | held-out half, totals):")
    families = sorted({family(row.file) for row in rows})
    for name in families:
        parts: list[str] = []
        for group in (working, held_out):
            members = [row for row in group if family(row.file) == name]
            same = sum(row.expected["reason"] == row.found["reason"] for row in members)
            parts.append(f"{same}/{len(members)}" if members else "-")
        print(f"  {name:18} {parts[0]:>7} | {parts[1]:>7}")
    for field in FIELDS:
        kinds = Counter(
            (row.expected[field], row.found[field])
            for row in working
            if row.expected[field] != row.found[field]
        )
        print(f"\n{field} (working half): expected -> found (count)")
        for (expected, found), count in kinds.most_common():
            print(f"  {expected or '-'} -> {found or '-'} ({count})")
        for row in working:
            if row.expected[field] != row.found[field]:
                print(
                    f"    {row.file}#{row.position}: {row.expected[field] or '-'} -> {row.found[field] or '-'}"
                )


if __name__ == "__main__":
    main()
