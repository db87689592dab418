"""Publication under fire: ``kill -9`` at random instants, and runs that race each other.

A run over a few hundred modules is killed many times at random points; after each kill the
output directory must hold exactly the old set or exactly the new set, and the next run must
leave the new set and no leftovers. Two runs started together must both succeed and leave one
complete set. The generator must leave no process behind.
"""

from __future__ import annotations

import os
import random
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codegen.header import HEADER
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- file systems the generator does not own (issue 18, class 4) ----------------------------------

SMALL_DOCS = DOCS_SOURCE / "smtpstatuscode"


def small_run(
    out: Path, *extra: str, docs: Path = SMALL_DOCS, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "codegen", "--docs", str(docs), "--out", str(out), *extra],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=cwd,
        check=False,
        timeout=120,
    )


def _can_mount() -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False).returncode == 0


needs_mounts = pytest.mark.skipif(
    not _can_mount(), reason="mounting needs root and unshare (CI runs as root)"
)


def in_mount_namespace(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a mount namespace of its own: its tmpfs mounts vanish with it."""
    return subprocess.run(
        ["unshare", "-m", "sh", "-euc", script],
        capture_output=True,
        text=True,
        env=environment(),
        check=False,
        timeout=300,
    )


def test_an_output_that_is_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (target / "stale.py").write_text(HEADER + '"Stale."\n', encoding="utf-8")
    link = tmp_path / "out"
    link.symlink_to(target, target_is_directory=True)
    before = snapshot(target)
    for extra in ((), ("--check",)):
        result = small_run(link, *extra)
        assert result.returncode == 2, result.stderr
        assert "is a symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert link.is_symlink() and snapshot(target) == before


@pytest.mark.parametrize("where", ["cwd", "parent of cwd", "contains the docs", "is the docs"])
def test_an_output_that_holds_the_docs_or_the_project_is_refused_at_once(tmp_path: Path, where: str) -> None:
    project = tmp_path / "project"
    docs = project / "docs"
    shutil.copytree(SMALL_DOCS, docs)
    out = {"cwd": Path("."), "parent of cwd": Path(".."), "contains the docs": project, "is the docs": docs}[
        where
    ]
    before = snapshot(tmp_path)
    started = time.monotonic()
    result = small_run(out, docs=docs, cwd=project)
    assert result.returncode == 2, result.stderr
    assert "contains" in result.stderr and "Traceback" not in result.stderr
    assert time.monotonic() - started < 30  # no recursion into itself
    assert snapshot(tmp_path) == before


def test_subdirectories_keep_their_owners_and_modes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert small_run(out).returncode == 0
    sub = out / "sub"
    sub.mkdir()
    (sub / "data.txt").write_text("kept", encoding="utf-8")
    sub.chmod(0o750)
    owner = (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        owner = (4321, 4322)
        os.chown(sub, *owner)
    (out / "aspose_email_clients_smtp.py").write_text(HEADER + '"Changed."\n', encoding="utf-8")
    assert small_run(out).returncode == 0
    status = sub.stat()
    assert stat.S_IMODE(status.st_mode) == 0o750
    assert (status.st_uid, status.st_gid) == owner
    assert (sub / "data.txt").read_text(encoding="utf-8") == "kept"


@needs_mounts
def test_an_output_that_is_a_mount_point_is_published_file_by_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    run_ = f"{shlex.quote(sys.executable)} -m codegen --docs {shlex.quote(str(SMALL_DOCS))} --out {shlex.quote(str(out))}"
    result = in_mount_namespace(
        f"mount -t tmpfs tmpfs {shlex.quote(str(out))}\n"
        f"echo hand-written > {shlex.quote(str(out))}/notes.txt\n"
        f"{run_}\n"
        f"printf '%s' '{HEADER}\"Changed.\"' > {shlex.quote(str(out))}/aspose_email_clients_smtp.py\n"
        f"{run_}\n"
        f"{run_} --check\n"
        f"ls -a {shlex.quote(str(out))}\n"
        f"cat {shlex.quote(str(out))}/notes.txt\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Invalid cross-device link" not in result.stderr
    listing = result.stdout.split()
    assert "aspose_email_clients_smtp.py" in listing and "__init__.py" in listing
    assert not [name for name in listing if "staging" in name]
    assert "hand-written" in result.stdout and "are up to date" in result.stdout


@needs_mounts
def test_a_mount_inside_the_output_is_refused_and_never_touched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert small_run(out).returncode == 0
    mounted = out / "volume"
    mounted.mkdir()
    (out / "aspose_email_clients_smtp.py").write_text(HEADER + '"Changed."\n', encoding="utf-8")
    result = in_mount_namespace(
        f"mount -t tmpfs tmpfs {shlex.quote(str(mounted))}\n"
        f"echo precious > {shlex.quote(str(mounted))}/data.txt\n"
        f"{shlex.quote(sys.executable)} -m codegen --docs {shlex.quote(str(SMALL_DOCS))} "
        f"--out {shlex.quote(str(out))} && exit 9\n"
        f"cat {shlex.quote(str(mounted))}/data.txt\n"
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "is a mount point inside the output directory" in result.stderr
    assert "precious" in result.stdout
    assert (out / "aspose_email_clients_smtp.py").read_text(encoding="utf-8").endswith('"Changed."\n')


@pytest.mark.slow
@pytest.mark.main_venv_only  # a few dozen interrupted runs
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers run on Linux only")
def test_ctrl_c_at_any_instant_exits_130_quietly(
    sets: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """SIGINT to the whole process group, as a terminal sends it: exit 130 (or 0 when the run had
    finished), never a traceback, never a hang, the old set or the new one."""
    old_docs, new_docs, old_set, new_set = sets
    out = tmp_path / "pkg" / "_generated"
    assert run(old_docs, out).returncode == 0
    chooser = random.Random(20261205)
    codes: list[int] = []
    for attempt in range(16):
        process = subprocess.Popen(
            command(old_docs if attempt % 2 else new_docs, out),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
            start_new_session=True,
            text=True,
        )
        time.sleep(chooser.uniform(0.02, 1.5))
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("a run hung after Ctrl-C")
        # -SIGINT: the signal came before Python ran any of the generator (interpreter start-up);
        # a shell reports that as 130 too, and nothing was printed or written.
        assert process.returncode in (0, 130) or (process.returncode == -signal.SIGINT and not stderr), stderr
        assert "Traceback" not in stderr and "Error" not in stderr.replace("interrupted", ""), stderr
        assert python_files(out) in (old_set, new_set)
        codes.append(process.returncode)
    assert codes.count(130) >= 4, codes  # most interrupts land in the generator's own code
