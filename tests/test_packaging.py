"""The wheel and sdist as users get them: contents, metadata, a fresh install, type completeness.

These need the main venv's tools (build, twine, pyright), so the per-Python nox sessions
deselect them with ``-m "not main_venv_only"``; ``make pytest`` runs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.helpers import REPO

pytestmark = [pytest.mark.main_venv_only, pytest.mark.slow]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], check=True, capture_output=True
    )
    return out


def wheel_of(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with nothing but the wheel in it (no index: it must need nothing else)."""
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", str(wheel_of(dist))],
        check=True,
        capture_output=True,
    )
    return target


def test_wheel_holds_the_package_and_nothing_else(dist: Path) -> None:
    names = zipfile.ZipFile(wheel_of(dist)).namelist()
    package = sorted(name for name in names if not name.startswith("smtpstatus-0.1.0.dist-info/"))
    assert package == sorted(
        f"smtpstatus/{name}"
        for name in [
            "__init__.py",
            "__main__.py",
            "_generated/__init__.py",
            "_generated/aspose_email_clients_smtp.py",
            "_reply_classes.py",
            "_reply_code.py",
            "_text.py",
            "batch.py",
            "bounce/__init__.py",
            "bounce/addresses.py",
            "bounce/freeform.py",
            "bounce/mime.py",
            "bounce/mta/__init__.py",
            "bounce/mta/common.py",
            "bounce/mta/einsundeins.py",
            "bounce/mta/exim.py",
            "bounce/mta/mdaemon.py",
            "bounce/mta/microsoft.py",
            "bounce/mta/opensmtpd.py",
            "bounce/mta/postfix.py",
            "bounce/mta/profile.py",
            "bounce/mta/qmail.py",
            "bounce/mta/sendmail.py",
            "bounce/original.py",
            "bounce/record.py",
            "bounce/rfc3464.py",
            "bounce/rfc3834.py",
            "bounce/rfc5965.py",
            "bounce/ses.py",
            "cli.py",
            "diagnosis/__init__.py",
            "diagnosis/codes.py",
            "diagnosis/commands.py",
            "diagnosis/decide.py",
            "diagnosis/phrases/__init__.py",
            "diagnosis/phrases/de.py",
            "diagnosis/phrases/en.py",
            "diagnosis/phrases/es.py",
            "diagnosis/phrases/fr.py",
            "diagnosis/phrases/it.py",
            "diagnosis/phrases/ja.py",
            "diagnosis/phrases/language.py",
            "diagnosis/phrases/nl.py",
            "diagnosis/phrases/pt.py",
            "diagnosis/phrases/ru.py",
            "diagnosis/phrases/zh.py",
            "diagnosis/reasons.py",
            "diagnosis/words.py",
            "documented.py",
            "enhanced.py",
            "find.py",
            "interop.py",
            "py.typed",
            "reply.py",
        ]
    )


def test_wheel_metadata(dist: Path) -> None:
    wheel = zipfile.ZipFile(wheel_of(dist))
    metadata = Parser().parsestr(wheel.read("smtpstatus-0.1.0.dist-info/METADATA").decode())
    requirements = metadata.get_all("Requires-Dist") or []
    assert all("extra ==" in requirement for requirement in requirements), requirements
    assert metadata["Requires-Python"] == ">=3.9"
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in range(9, 14)} <= set(classifiers)
    assert metadata["License-Expression"] == "MIT"
    assert not [
        url for url in metadata.get_all("Project-URL") or [] if "example.invalid" in url
    ]  # no placeholders
    assert "bounce" in (metadata["Summary"] or "") and "bounce" in (metadata["Keywords"] or "")
    entry_points = wheel.read("smtpstatus-0.1.0.dist-info/entry_points.txt").decode()
    assert "smtpstatus = smtpstatus.cli:main" in entry_points


def test_sdist_builds_the_same_package(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    assert "smtpstatus-0.1.0/src/smtpstatus/_generated/aspose_email_clients_smtp.py" in names
    assert not any("/codegen/" in name or "/tests/" in name or "/docs_source/" in name for name in names)


def test_twine_check(dist: Path) -> None:
    result = subprocess.run(
        [str(BIN / "twine"), "check", "--strict", *map(str, sorted(dist.iterdir()))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_fresh_install_imports_and_runs_the_cli(installed: Path) -> None:
    python = installed / "bin" / "python"
    code = "import smtpstatus, sys; print(smtpstatus.SmtpStatusCode(550).descriptions['en']); print(sorted(m for m in sys.modules if m.startswith('codegen')))"
    result = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True, cwd=installed
    )
    assert result.stdout == "It usually defines a non-existent email address on the remote side.\n[]\n"
    cli = subprocess.run(
        [str(installed / "bin" / "smtpstatus"), "550"], capture_output=True, text=True, check=False
    )
    assert cli.returncode == 0 and "MAILBOX_UNAVAILABLE" in cli.stdout


def test_pyright_verifytypes_is_complete(installed: Path) -> None:
    env = dict(os.environ, PATH=f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(
        [str(BIN / "pyright"), "--verifytypes", "smtpstatus", "--ignoreexternal", "--outputjson"],
        capture_output=True,
        text=True,
        env=env,
        cwd=installed,
        check=False,
    )
    report = json.loads(result.stdout)["typeCompleteness"]
    assert report["packageName"] == "smtpstatus"
    assert report["completenessScore"] == 1.0, result.stdout[:2000]
    assert report["exportedSymbolCounts"]["withUnknownType"] == 0
    assert report["exportedSymbolCounts"]["withAmbiguousType"] == 0
