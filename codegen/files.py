"""Files: read only regular files, and walk a tree without skipping what cannot be read.

A FIFO blocks a reader forever and ``/dev/zero`` never ends, so a file is opened without
blocking and checked on its open descriptor (no window between check and read); a directory that
cannot be listed is an error, never a silent gap in the docs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from codegen.display import shown
from codegen.errors import CodegenError

# The largest real reference page is about 150 KB; anything this large is not a page.
MAX_FILE_BYTES = 16 * 1024 * 1024
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not a regular file"


def read_regular_file(path: Path, shown_path: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``; ``CodegenError`` for anything but a readable regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise CodegenError(shown_path, None, f"cannot read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise CodegenError(
                shown_path, None, f"is {kind_of(status.st_mode)}, not a regular file; refusing to read it"
            )
        if status.st_size > limit:
            raise CodegenError(
                shown_path, None, f"is {status.st_size} bytes, more than the {limit} a page can be"
            )
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise CodegenError(shown_path, None, f"cannot read: {error.strerror}") from None
    if len(data) > limit:
        raise CodegenError(shown_path, None, f"grew past {limit} bytes while it was read")
    return data


def walk_files(root: Path, suffix: str) -> list[Path]:
    """Every file under ``root`` whose name ends in ``suffix``, sorted by relative path.

    Symbolic links to directories are followed once (a link back into the tree is an error);
    a directory that cannot be listed is an error.
    """
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            status = directory.stat()
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as error:
            raise CodegenError(shown(directory), None, f"cannot read directory: {error.strerror}") from None
        identity = (status.st_dev, status.st_ino)
        if identity in seen:
            raise CodegenError(
                shown(directory), None, "directory link loop: this directory is already part of the tree"
            )
        seen.add(identity)
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError as error:
                raise CodegenError(shown(path), None, f"cannot read: {error.strerror}") from None
            if is_dir:
                pending.append(path)
            elif entry.name.endswith(suffix):
                found.append(path)
    return sorted(found, key=lambda path: path.relative_to(root).as_posix())
