"""Read: find the pages of a docs tree and decode them to text, or say why not."""

from __future__ import annotations

from pathlib import Path

from codegen.errors import CodegenError
from codegen.files import walk_files

_BOM = "\ufeff"


def find_pages(docs_dir: Path) -> list[Path]:
    """Every ``*.md`` file under ``docs_dir``, in an order that does not depend on the machine."""
    if not docs_dir.is_dir():
        raise CodegenError(str(docs_dir), None, "docs directory does not exist")
    return walk_files(docs_dir, ".md")


def decode_page(data: bytes, shown_path: str) -> str:
    """The text of a page: UTF-8, an optional byte-order mark dropped; never binary or empty."""
    if not data.strip():
        raise CodegenError(shown_path, 1, "empty file, expected an Aspose enum reference page")
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise CodegenError(shown_path, line, "binary file (NUL byte), expected a markdown page")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CodegenError(
            shown_path, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return text[1:] if text.startswith(_BOM) else text
