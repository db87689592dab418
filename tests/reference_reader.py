"""An independent reading of reference pages, for checking the generator against.

Deliberately simple and line-based (no markdown-it, nothing from ``codegen``): it only has to be
right on the real pages the tests use, so that a bug in the generator cannot hide behind the same
bug in the check.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

_DELIMITER = re.compile(r"^\|(\s*-+\s*\|){3}\s*$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`([^`]*)`")
_BOLD = re.compile(r"\*\*(.*?)\*\*")


@dataclass(frozen=True)
class ReferenceRow:
    name: str
    value: int
    description: str


@dataclass(frozen=True)
class ReferencePage:
    language: str
    enum: str
    flags: bool
    summary_first_line: str
    rows: list[ReferenceRow]


def plain(cell: str) -> str:
    text = _LINK.sub(r"\1", cell)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    return html.unescape(text)


def read_reference(path: Path) -> ReferencePage:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    url = next(line for line in lines if line.startswith("url: "))[5:]
    parts = url.strip("/").split("/")
    language = parts[0] if parts[0] != "net" else "en"
    heading = next(line for line in lines if line.startswith("## ") and line.endswith(" enumeration"))
    enum = heading[3:].split()[0]
    first_code = text.index("```csharp")
    declaration = text[first_code : text.index("```", first_code + 3)]
    flags = "[Flags]" in declaration
    after_heading = lines[lines.index(heading) + 1 :]
    summary = next((line for line in after_heading if line.strip()), "")
    start = next(index for index, line in enumerate(lines) if _DELIMITER.match(line))
    rows: list[ReferenceRow] = []
    for line in lines[start + 1 :]:
        if not line.startswith("|"):
            break
        name, value, description = (cell.strip() for cell in line.strip()[1:-1].split(" | ", 2))
        digits = value.strip("`")
        number = int(digits, 16) if flags else int(digits)
        if flags and number >= 2**63 and "ulong" not in declaration:
            number -= 2**64
        rows.append(ReferenceRow(name, number, plain(description)))
    return ReferencePage(
        language, enum, flags, "" if summary.startswith("```") else plain(summary.strip()), rows
    )
