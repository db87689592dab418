"""Publication under fire: ``kill -9`` at random instants, and runs that race each other.

A run over a few hundred modules is killed many times at random points; after each kill the
output directory must hold exactly the old set or exactly the new set, and the next run must
leave the new set and no leftovers. Two runs started together must both succeed and leave one
complete set. The generator must leave no process behind.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import DOCS_SOURCE, REPO, snapshot

PAGE = (DOCS_SOURCE / "smtpstatuscode" / "en.md").read_text(encoding="utf-8")
MODULES = 300
CRASH_ATTEMPTS = 30
RACE_ATTEMPTS = 8
OK_TEXT = "Requested action taken and completed."


def build_docs(root: Path, version: str) -> Path:
    """``MODULES`` pages, each in a namespace of its own, so each makes its own module."""
    docs = root / f"docs-{version}"
    for number in range(MODULES):
        namespace = f"Aspose.Crash.N{number:03d}"
        text = (
            PAGE.replace("aspose.email.clients.smtp", namespace.lower())
            .replace("[Aspose.Email.Clients.Smtp]", f"[{namespace}]")
            .replace(OK_TEXT, f"{OK_TEXT} ({version})")
        )
        path = docs / f"n{number:03d}" / "en.md"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return docs


def command(docs: Path, out: Path, *extra: str) -> list[str]:
    # --no-cache: every run parses and renders, as a first run does (the cache would skip it).
    return [sys.executable, "-m", "codegen", "--docs", str(docs), "--out", str(out), "--no-cache", *extra]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")])}


def run(docs: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(docs, out, *extra),
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
        timeout=300,
    )


def _processes() -> list[tuple[int, str, int, int]]:
    """Every process as (pid, state, parent, process group), from /proc."""
    found: list[tuple[int, str, int, int]] = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found.append((int(entry), fields[0], int(fields[1]), int(fields[2])))
    return found


def _group_running(group: int) -> list[int]:
    """The processes of a process group that still run (zombies, killed and not yet reaped, do not)."""
    return [pid for pid, state, _, pgrp in _processes() if pgrp == group and state != "Z"]


def python_files(out: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(out).items() if name.endswith(".py")}


def debris(out: Path) -> list[str]:
    return sorted(name for name in os.listdir(out.parent) if name.startswith(f".{out.name}."))


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Docs of two versions and the complete output of each."""
    root = tmp_path_factory.mktemp("publication")
    old_docs, new_docs = build_docs(root, "old"), build_docs(root, "new")
    outputs: list[dict[str, bytes]] = []
    for docs in (old_docs, new_docs):
        out = root / f"out-{docs.name}"
        assert run(docs, out).returncode == 0
        outputs.append(python_files(out))
    assert len(outputs[0]) == MODULES + 1
    assert outputs[0] != outputs[1]
    return old_docs, new_docs, outputs[0], outputs[1]


@pytest.mark.main_venv_only  # a minute of kills; the swap is one system call on every Python
def test_kill_9_at_any_instant_leaves_the_old_or_the_new_set(
    sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    old_docs, new_docs, old_set, new_set = sets
    out = tmp_path / "pkg" / "_generated"
    started = time.monotonic()
    assert run(old_docs, out).returncode == 0
    duration = time.monotonic() - started
    chooser = random.Random(20261129)
    outcomes = {"old": 0, "new": 0, "leftovers": 0}
    for attempt in range(CRASH_ATTEMPTS):
        process = subprocess.Popen(
            command(new_docs, out),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(),
            start_new_session=True,
        )
        if attempt % 2:
            # Every other kill lands inside publication: once the staging directory appears.
            while not debris(out) and process.poll() is None:
                time.sleep(0.0005)
            time.sleep(chooser.uniform(0, 0.03))
        else:
            time.sleep(chooser.uniform(0.3 * duration, 1.1 * duration))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 10
        while _group_running(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _group_running(process.pid), "a process of the run outlived it"
        found = python_files(out)
        assert found in (old_set, new_set), "a crash left a mix of old and new modules"
        outcomes["old" if found == old_set else "new"] += 1
        if debris(out):
            outcomes["leftovers"] += 1
            check = run(new_docs, out, "--check")
            assert check.returncode == 1
            assert "left by an interrupted run" in check.stderr
        # Back to the old set for the next attempt; this run also removes any leftovers.
        assert run(old_docs, out).returncode == 0
        assert python_files(out) == old_set
        assert debris(out) == []
    assert run(new_docs, out).returncode == 0
    assert python_files(out) == new_set
    assert debris(out) == []
    print(f"{CRASH_ATTEMPTS} kills: {outcomes}")
    assert outcomes["new"] + outcomes["leftovers"] > 0, "no kill reached the write phase"


def test_runs_that_race_are_serialized(
    sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    old_docs, new_docs, old_set, new_set = sets
    for attempt in range(RACE_ATTEMPTS):
        out = tmp_path / f"race{attempt}" / "_generated"
        first = subprocess.Popen(
            command(old_docs, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment()
        )
        second = subprocess.Popen(
            command(new_docs, out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment()
        )
        assert first.wait(timeout=300) == 0, first.stderr.read() if first.stderr else ""
        assert second.wait(timeout=300) == 0, second.stderr.read() if second.stderr else ""
        for process in (first, second):
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
        assert python_files(out) in (old_set, new_set)
        assert debris(out) == []


def test_a_run_that_fails_half_way_changes_nothing(
    sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from codegen import write
    from codegen.__main__ import main

    old_docs, new_docs, _, new_set = sets
    out = tmp_path / "pkg" / "_generated"
    assert main(["--docs", str(old_docs), "--out", str(out)]) == 0
    (out / "notes.txt").write_text("hand-written", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "data.txt").write_text("kept", encoding="utf-8")
    before = snapshot(out)
    real_write = write._write_file  # pyright: ignore[reportPrivateUsage]
    written: list[Path] = []

    def failing_write(path: Path, data: bytes, mode: int) -> None:
        if len(written) == MODULES // 2:
            raise OSError(28, "No space left on device", str(path))
        written.append(path)
        real_write(path, data, mode)

    monkeypatch.setattr(write, "_write_file", failing_write)
    assert main(["--docs", str(new_docs), "--out", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert snapshot(out) == before
    assert debris(out) == []
    monkeypatch.setattr(write, "_write_file", real_write)
    assert main(["--docs", str(new_docs), "--out", str(out)]) == 0
    assert python_files(out) == new_set
    assert (out / "notes.txt").read_text(encoding="utf-8") == "hand-written"
    assert (out / "sub" / "data.txt").read_text(encoding="utf-8") == "kept"


def _children(pid: int) -> list[int]:
    return [child for child, _, parent, _ in _processes() if parent == pid]


def _alive(pid: int) -> bool:
    return any(found == pid and state != "Z" for found, state, _, _ in _processes())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_workers_die_with_the_generator(
    sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """Killing only the generator (not its process group) must not leave its workers running."""
    _, new_docs, _, _ = sets
    for _attempt in range(3):
        process = subprocess.Popen(
            command(new_docs, tmp_path / "out"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment(),
        )
        workers: list[int] = []
        deadline = time.monotonic() + 20
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = _children(process.pid)
            time.sleep(0.005)
        if not workers:
            process.wait()
            continue  # the run ended before its pool started: try again
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while any(_alive(worker) for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [worker for worker in workers if _alive(worker)], "workers outlived the generator"
        return
    pytest.fail("never saw the generator's workers")
