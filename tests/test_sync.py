"""``python -m codegen sync``: a fake upstream checkout built from the real page histories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import DATA, DOCS_SOURCE, GENERATED, REPO, run_codegen, snapshot

HISTORY = DATA / "history"
NAMESPACE = "aspose.email.clients.smtp"
LANGUAGE_DIRS = {"de": "german", "en": "english", "ru": "russian", "zh": "chinese"}


def upstream(root: Path, *, ru_version: str = "2022-07-29-fe36189063.md", skip: str | None = None) -> Path:
    """An Aspose.Email API-reference checkout: today's pages, the Russian one from ``ru_version``."""
    for language, directory in LANGUAGE_DIRS.items():
        if language == skip:
            continue
        page = root / directory / "net" / NAMESPACE / "smtpstatuscode" / "_index.md"
        page.parent.mkdir(parents=True)
        source = (
            HISTORY / "ru-smtpstatuscode" / ru_version
            if language == "ru"
            else DOCS_SOURCE / "smtpstatuscode" / f"{language}.md"
        )
        shutil.copy(source, page)
    python = root / "english" / "python-net" / NAMESPACE / "smtpstatuscode" / "_index.md"
    python.parent.mkdir(parents=True)
    shutil.copy(DOCS_SOURCE / "smtpstatuscode" / "python.md", python)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(DOCS_SOURCE, copy / "docs_source")
    out = copy / "src" / "smtpstatus" / "_generated"
    shutil.copytree(GENERATED, out, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_sync_copies_regenerates_and_says_what_changed(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "old-checkout", ru_version="2022-06-16-4b54ad7f8c.md")
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("- **docs**: description changed: [ru] MailboxNameNotAllowed\n")
    assert "18 docs" in result.stdout
    assert "docs_source/smtpstatuscode/ru.md updated from" in result.stderr
    assert (repo / "docs_source" / "smtpstatuscode" / "ru.md").read_bytes() == (
        HISTORY / "ru-smtpstatuscode" / "2022-06-16-4b54ad7f8c.md"
    ).read_bytes()
    check = run_codegen("--check", cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr
    again = run_codegen("sync", "--from", checkout, cwd=repo)
    assert again.returncode == 0
    assert again.stdout.strip().endswith("No changes.")


def test_a_missing_language_changes_nothing(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout", skip="zh")
    before = snapshot(repo)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2
    assert "language 'zh' (chinese/zh/) is not in the upstream tree" in result.stderr
    assert snapshot(repo) == before


def test_a_moved_enum_changes_nothing(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout")
    moved = checkout / "german" / "net" / NAMESPACE / "smtpstatuscode"
    moved.rename(moved.with_name("smtpstatus"))
    before = snapshot(repo)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2
    assert (
        "no net page of Aspose.Email.Clients.Smtp.SmtpStatusCode upstream; the namespace is there"
        in result.stderr
    )
    assert snapshot(repo) == before


def test_a_broken_upstream_page_changes_nothing(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout")
    page = checkout / "english" / "net" / NAMESPACE / "smtpstatuscode" / "_index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("`250`", "`abc`"), encoding="utf-8")
    before = snapshot(repo)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2
    assert "value 'abc' is not a decimal number" in result.stderr
    assert snapshot(repo) == before
    assert not [path for path in repo.iterdir() if path.name.startswith(".docs_source")]
