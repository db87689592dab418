"""Shared test helpers: paths, running the generator, importing what it wrote."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import itertools
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SAMPLES = DATA / "samples"
DOCS_SOURCE = REPO / "docs_source"
GENERATED = REPO / "src" / "smtpstatus" / "_generated"
SAMPLE_PAGES = sorted(SAMPLES.glob("*.md"))

_counter = itertools.count()


def run_codegen(
    *args: str | os.PathLike[str], cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m codegen`` in a subprocess, as a user runs it."""
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src"), full_env.get("PYTHONPATH", "")])
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "codegen", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def import_file(path: Path) -> ModuleType:
    """Import a generated module from anywhere, under a fresh name so no cache is shared."""
    name = f"_generated_under_test_{next(_counter)}_{path.stem}"
    loader = importlib.machinery.SourceFileLoader(name, str(path))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its bytes, to prove a run changed nothing."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
