"""Generated modules for every sample page are as clean as hand-written code: ruff and mypy --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, SAMPLE_PAGES, run_codegen

pytestmark = pytest.mark.main_venv_only
BIN = Path(sys.executable).parent


def test_sample_modules_pass_ruff_and_mypy(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in SAMPLE_PAGES:
        if "conflicts-with-de" not in page.name:  # its German twin disagrees with it on purpose
            shutil.copy(page, docs / page.name)
    out = tmp_path / "generated"
    assert run_codegen("--docs", docs, "--out", out).returncode == 0
    config = ["--config", str(REPO / "pyproject.toml")]
    for command in (
        [str(BIN / "ruff"), "check", *config, "--ignore", "E501,RUF001,RUF002,RUF003", str(out)],
        [str(BIN / "ruff"), "format", "--check", *config, str(out)],
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--python-version", "3.9", str(out)],
    ):
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
        assert result.returncode == 0, f"{command[0]}: {result.stdout}{result.stderr}"
