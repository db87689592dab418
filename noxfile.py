"""The whole test suite on every supported Python: ``nox`` (``make test`` runs it).

The interpreters come from pyenv on these machines (``pyenv root``/versions/3.X.*); a version
that is not installed fails the run instead of being skipped.
"""

from __future__ import annotations

import glob
import os
import subprocess
from pathlib import Path

import nox

VERSIONS = ["3.9", "3.10", "3.11", "3.12", "3.13"]
PIP = "pip==25.2"
nox.options.sessions = [f"tests-{version}" for version in VERSIONS]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True


def pyenv_python(version: str) -> str:
    """The newest pyenv-installed interpreter of ``version``, as an absolute path."""
    root = (
        os.environ.get("PYENV_ROOT")
        or subprocess.run(["pyenv", "root"], capture_output=True, text=True, check=False).stdout.strip()
    )
    candidates = glob.glob(
        os.path.join(
            root or str(Path.home() / ".pyenv"), "versions", f"{version}.*", "bin", f"python{version}"
        )
    )
    candidates.sort(
        key=lambda path: [int(part) for part in Path(path).parts[-3].split(".") if part.isdigit()]
    )
    return candidates[-1] if candidates else f"python{version}"


for _version in VERSIONS:

    @nox.session(name=f"tests-{_version}", python=pyenv_python(_version))
    def tests(session: nox.Session) -> None:
        """Install the pinned test dependencies and the package, then run pytest."""
        session.install(PIP)
        session.install("-c", "constraints.txt", "--group", "test", "-e", ".")
        # The packaging and type-checker tests need tools that live in the main venv only.
        session.run("pytest", "-q", "-p", "no:cacheprovider", "-m", "not main_venv_only", *session.posargs)
