"""Write: differences, publication, leftovers and the lock, on a directory of our own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from codegen.errors import CodegenError
from codegen.header import HEADER
from codegen.write import Difference, differences, leftovers, locked, publish, remove_leftovers, unified_diff

GENERATED = (HEADER + '"A module."\n').encode()


def test_differences_name_each_kind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "same.py").write_bytes(GENERATED)
    (out / "changed.py").write_bytes(GENERATED)
    (out / "stale.py").write_bytes(GENERATED)
    (out / "handwritten.py").write_bytes(b"VALUE = 1\n")
    planned = {"same.py": GENERATED, "changed.py": GENERATED + b"# more\n", "missing.py": GENERATED}
    found = {difference.name: difference.kind for difference in differences(out, planned)}
    assert found == {"changed.py": "changed", "missing.py": "missing", "stale.py": "stale"}


def test_publish_replaces_the_set_and_keeps_everything_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.py").write_bytes(GENERATED)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    inode = out.stat().st_ino
    publish(out, differences(out, {"new.py": GENERATED}))
    assert sorted(path.name for path in out.iterdir()) == ["new.py", "notes.txt"]
    assert out.stat().st_ino != inode  # swapped in as a whole directory
    assert leftovers(out) == []


def test_publish_of_nothing_touches_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    inode = out.stat().st_ino
    publish(out, [])
    assert out.stat().st_ino == inode


def test_a_new_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    with locked(out, exclusive=True):
        publish(out, [Difference("a.py", "missing", None, GENERATED)])
    assert (out / "a.py").read_bytes() == GENERATED
    assert stat.S_IMODE((out / "a.py").stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_leftovers_are_found_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    debris = tmp_path / ".out.codegen-staging-12345"
    (debris / "sub").mkdir(parents=True)
    (debris / "sub" / "x.py").write_bytes(b"x")
    unrelated = tmp_path / ".other.codegen-staging-1"
    unrelated.mkdir()
    assert leftovers(out) == [debris]
    assert remove_leftovers(out) == [debris]
    assert not debris.exists() and unrelated.exists()


def test_a_directory_where_a_module_belongs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a.py").mkdir(parents=True)
    with pytest.raises(CodegenError, match="is a directory where a generated module belongs"):
        differences(out, {"a.py": GENERATED})


def test_an_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(CodegenError, match="is not a directory"):
        differences(tmp_path / "out", {"a.py": GENERATED})


def test_the_diff_shows_line_ends_and_escapes_controls(tmp_path: Path) -> None:
    difference = Difference("a.py", "changed", GENERATED.replace(b"\n", b"\r\n"), GENERATED)
    text = unified_diff(difference, tmp_path)
    assert text.startswith(f"{(tmp_path / 'a.py').as_posix()}: line endings differ")
    assert "\\r\n" in text
    hostile = unified_diff(Difference("a.py", "changed", GENERATED + b"# \x1b[2J\n", GENERATED), tmp_path)
    assert "\x1b" not in hostile and "\\x1b[2J" in hostile
