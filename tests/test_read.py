"""Read: which files are pages, how their bytes become text, and what is refused."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from codegen.errors import CodegenError
from codegen.files import MAX_FILE_BYTES, read_regular_file
from codegen.read import decode_page, find_pages


def read_page(path: Path, shown_path: str) -> str:
    """A page's text as the pipeline reads it: only regular files, then decoded."""
    return decode_page(read_regular_file(path, shown_path), shown_path)


def test_pages_in_a_machine_independent_order(tmp_path: Path) -> None:
    for name in ("b/z.md", "a.md", "b/a.md", "B.md", "notes.txt", "c/d/e.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert [path.relative_to(tmp_path).as_posix() for path in find_pages(tmp_path)] == [
        "B.md",
        "a.md",
        "b/a.md",
        "b/z.md",
        "c/d/e.md",
    ]


def test_a_missing_docs_directory(tmp_path: Path) -> None:
    with pytest.raises(CodegenError, match="docs directory does not exist"):
        find_pages(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf---\nx", "---\nx"),  # a byte-order mark dropped
        ("Maßnahme".encode(), "Maßnahme"),
        (b"a\r\nb", "a\r\nb"),  # line ends are the parser's business
    ],
)
def test_decoding(data: bytes, text: str) -> None:
    assert decode_page(data, "p.md") == text


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "empty file"),
        (b" \n\t\n", 1, "empty file"),
        (b"a\nb\n\x00", 3, "binary file"),
        (b"ok\n\xff\xfe", 2, "not valid UTF-8 (byte 0xff at offset 3)"),
    ],
)
def test_what_is_not_a_page(data: bytes, line: int, message: str) -> None:
    with pytest.raises(CodegenError, match=re.escape(message)) as caught:
        decode_page(data, "p.md")
    assert caught.value.line == line


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.md")
    with pytest.raises(CodegenError, match="is a FIFO"):
        read_page(tmp_path / "fifo.md", "fifo.md")
    with pytest.raises(CodegenError, match="is a character device"):
        read_regular_file(Path("/dev/null"), "null")
    with pytest.raises(CodegenError, match="cannot read: No such file"):
        read_page(tmp_path / "gone.md", "gone.md")


def test_a_file_too_large_to_be_a_page(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(CodegenError, match="more than"):
        read_page(big, "big.md")
