"""Write: compare the planned files with the output directory; write them, or report drift.

Check mode and write mode share ``differences``: what ``--check`` reports is exactly what a
write would change. Writes are all or nothing as far as the file system allows: every new file is
staged next to its target first, then all are moved into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from codegen.render import HEADER_PREFIX


class Difference(NamedTuple):
    """One output file that is not what the docs say it should be."""

    name: str
    """File name relative to the output directory."""
    kind: str
    """``changed``, ``missing`` or ``stale`` (generated earlier, its source is gone)."""
    old: bytes | None
    new: bytes | None


def is_generated(data: bytes) -> bool:
    return data.startswith(HEADER_PREFIX.encode())


def existing_generated(out_dir: Path) -> dict[str, bytes]:
    """The generated files now in ``out_dir`` (hand-written files there are left alone)."""
    if not out_dir.is_dir():
        return {}
    found: dict[str, bytes] = {}
    for path in sorted(out_dir.glob("*.py")):
        data = path.read_bytes()
        if is_generated(data):
            found[path.name] = data
    return found


def differences(out_dir: Path, planned: Mapping[str, str]) -> list[Difference]:
    current = existing_generated(out_dir)
    result: list[Difference] = []
    for name in sorted(set(planned) | set(current)):
        new = planned[name].encode("utf-8") if name in planned else None
        path = out_dir / name
        if new is not None and name not in current and path.exists():
            old: bytes | None = path.read_bytes()
        else:
            old = current.get(name)
        if old == new:
            continue
        kind = "missing" if old is None else "stale" if new is None else "changed"
        result.append(Difference(name=name, kind=kind, old=old, new=new))
    return result


def unified_diff(difference: Difference, out_dir: Path) -> str:
    import difflib  # noqa: PLC0415 - needed only when something drifted; keeps --check quick

    old_text = (difference.old or b"").decode("utf-8", errors="replace")
    new_text = (difference.new or b"").decode("utf-8", errors="replace")
    old_lines = old_text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    shown = (out_dir / difference.name).as_posix()
    lines = list(
        difflib.unified_diff(
            [_visible_line_end(line) for line in old_lines],
            [_visible_line_end(line) for line in new_lines],
            fromfile=f"{shown} (on disk)" if difference.old is not None else "/dev/null",
            tofile=f"{shown} (from the docs)" if difference.new is not None else "/dev/null",
        )
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    if old_text.replace("\r\n", "\n").replace("\r", "\n") == new_text:
        text = f"{shown}: line endings differ (generated files use LF only)\n" + text
    return text


def _visible_line_end(line: str) -> str:
    """Show a CR in the diff, so a line-ending change is not an invisible one."""
    if line.endswith("\r\n"):
        return line[:-2] + "\\r\n"
    if line.endswith("\r"):
        return line[:-1] + "\\r\n"
    return line


def apply(out_dir: Path, found: list[Difference]) -> None:
    """Make the output directory match the plan: stage every new file, then move all in place."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for difference in found:
            if difference.new is not None:
                handle, temp_name = tempfile.mkstemp(
                    dir=out_dir, prefix=f".{difference.name}.", suffix=".tmp"
                )
                with os.fdopen(handle, "wb") as temp:
                    temp.write(difference.new)
                staged.append((difference.name, Path(temp_name)))
    except BaseException:
        for _, temp_path in staged:
            temp_path.unlink(missing_ok=True)
        raise
    for name, temp_path in staged:
        os.replace(temp_path, out_dir / name)
    for difference in found:
        if difference.new is None:
            (out_dir / difference.name).unlink()
