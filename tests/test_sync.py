"""``python -m codegen sync``: a fake upstream checkout built from the real page histories."""

from __future__ import annotations

import json
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


# --- issue 18, class 5: every check before the first change, nothing outside the docs ------------


def _set_sync(repo: Path, old: str, new: str) -> None:
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert old in text
    pyproject.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'enums = ["Aspose.Email.Clients.Smtp.SmtpStatusCode"]',
            'enums = ["Aspose.Email.Test.{outside}"]',
            "enums must be a list of Namespace.Enum names (dotted identifiers)",
        ),
        (
            'enums = ["Aspose.Email.Clients.Smtp.SmtpStatusCode"]',
            'enums = ["Aspose.Email.Clients.Smtp.SmtpStatusCode", "Aspose.Email..X"]',
            "dotted identifiers",
        ),
        ('languages = ["de", "en", "ru", "zh"]', 'languages = ["de", "../../x"]', "is not one of"),
        ('languages = ["de", "en", "ru", "zh"]', 'languages = ["de", "xx"]', "is not one of"),
    ],
)
def test_names_and_languages_are_checked_before_anything_is_read(
    repo: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    checkout = upstream(tmp_path / "checkout")
    outside = tmp_path / "outside"
    _set_sync(repo, old, new.replace("{outside}", f"/{outside}"))
    before = snapshot(repo)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert snapshot(repo) == before
    assert not outside.exists()


def test_a_hand_written_file_in_the_output_stops_sync_before_any_change(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout", ru_version="2022-06-16-4b54ad7f8c.md")
    module = repo / "src" / "smtpstatus" / "_generated" / "aspose_email_clients_smtp.py"
    module.write_text("VALUE = 1  # written by hand\n", encoding="utf-8")
    before = snapshot(repo)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "is not a generated file" in result.stderr
    assert "updated from" not in result.stderr
    assert snapshot(repo) == before


def test_a_symlinked_enum_directory_is_refused_and_diff_reads_it(repo: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "smtpstatuscode"
    real.parent.mkdir()
    (repo / "docs_source" / "smtpstatuscode").rename(real)
    (repo / "docs_source" / "smtpstatuscode").symlink_to(real, target_is_directory=True)
    diff = run_codegen("diff", DOCS_SOURCE, repo / "docs_source", cwd=repo)
    assert diff.returncode == 0, diff.stderr
    assert "removed" not in diff.stdout and "No changes." in diff.stdout
    checkout = upstream(tmp_path / "checkout", ru_version="2022-06-16-4b54ad7f8c.md")
    before, before_real = snapshot(repo), snapshot(real)
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2, result.stderr
    assert "is a symbolic link" in result.stderr
    assert (snapshot(repo), snapshot(real)) == (before, before_real)


def test_a_killed_sync_leaves_scratch_that_check_reports_and_sync_removes(repo: Path, tmp_path: Path) -> None:
    scratch = repo / ".docs_source.sync-abc123"
    (scratch / "smtpstatuscode").mkdir(parents=True)
    (scratch / "smtpstatuscode" / "de.md").write_text("half", encoding="utf-8")
    check = run_codegen("--check", cwd=repo)
    assert check.returncode == 1
    assert ".docs_source.sync-abc123: left by an interrupted run" in check.stderr
    result = run_codegen("sync", "--from", upstream(tmp_path / "checkout"), cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "removed, left by an interrupted sync" in result.stderr
    assert not scratch.exists()


def test_errors_name_the_upstream_page_not_the_scratch_copy(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout")
    page = checkout / "german" / "net" / NAMESPACE / "smtpstatuscode" / "_index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("`250`", "`251`"), encoding="utf-8")
    result = run_codegen("sync", "--from", checkout, cwd=repo)
    assert result.returncode == 2
    assert str(page) in result.stderr
    assert ".sync-" not in result.stderr


def test_sync_json_prints_only_json_on_stdout(repo: Path, tmp_path: Path) -> None:
    checkout = upstream(tmp_path / "checkout", ru_version="2022-06-16-4b54ad7f8c.md")
    result = run_codegen("sync", "--from", checkout, "--json", cwd=repo)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["summary"] == "18 docs"
    assert all(change["enum"] == "Aspose.Email.Clients.Smtp.SmtpStatusCode" for change in document["changes"])
    assert "regenerated from" in result.stderr
