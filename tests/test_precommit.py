"""The pre-commit hook other repositories use, run for real by pre-commit on a repository of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SAMPLES

pytestmark = [pytest.mark.main_venv_only, pytest.mark.slow]
PRE_COMMIT = str(Path(sys.executable).with_name("pre-commit"))


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_manifest_and_config_are_valid() -> None:
    subprocess.run(
        [PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [PRE_COMMIT, "validate-config", str(REPO / ".pre-commit-config.yaml")],
        check=True,
        capture_output=True,
    )


def test_hook_passes_when_current_and_fails_with_a_diff_on_drift(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "docs").mkdir(parents=True)
    shutil.copy(SAMPLES / "en-socksversion-byte.md", other / "docs" / "socksversion.md")
    (other / "pyproject.toml").write_text(
        '[tool.smtpstatus-codegen]\ndocs = "docs"\nout = "pkg/_generated"\n', encoding="utf-8"
    )
    subprocess.run(
        [sys.executable, "-m", "codegen"],
        cwd=other,
        check=True,
        capture_output=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    git(other, "init", "-q")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "init")
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "HOME": str(tmp_path),
    }

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PRE_COMMIT, "try-repo", str(REPO), "aspose-enums-check", "--all-files"],
            cwd=other, capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip

    current = hook()
    assert current.returncode == 0, current.stdout + current.stderr
    page = other / "docs" / "socksversion.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("| SocksV5 | `5` |", "| SocksV5 | `6` |"), encoding="utf-8"
    )
    git(other, "add", "-A")
    drift = hook()
    assert drift.returncode == 1
    assert "+    SOCKS_V5 = 6" in drift.stdout
    assert "run `python -m codegen` to regenerate them" in drift.stdout
