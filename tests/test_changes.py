"""The semantic changelog, on every transition of four real page histories, and on edits we make."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from codegen.__main__ import main
from codegen.changes import BREAKING, DOCS, FEATURE, FORMAT, Change, diff_trees
from tests.helpers import DATA, DOCS_SOURCE

HISTORY = DATA / "history"
PAGE = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")


def transitions(name: str) -> list[tuple[Path, Path]]:
    versions = sorted((HISTORY / name).glob("*.md"))
    return list(zip(versions, versions[1:]))


def diff_pages(tmp_path: Path, old: str | Path, new: str | Path) -> list[Change]:
    for name, page in (("old", old), ("new", new)):
        directory = tmp_path / name
        directory.mkdir(exist_ok=True)
        text = page.read_text(encoding="utf-8") if isinstance(page, Path) else page
        (directory / "page.md").write_text(text, encoding="utf-8")
    return diff_trees(tmp_path / "old", tmp_path / "new")


def summary(changes: list[Change]) -> list[tuple[str, str, str | None]]:
    return [(change.impact, change.kind, change.member) for change in changes]


@pytest.mark.parametrize(("old", "new"), transitions("en-smtpstatuscode"), ids=lambda path: path.stem[:10])
def test_english_smtpstatuscode_changed_in_format_only(old: Path, new: Path, tmp_path: Path) -> None:
    assert summary(diff_pages(tmp_path, old, new)) == [(FORMAT, "format only, no API change", None)]


def test_russian_smtpstatuscode_reworded_17_descriptions(tmp_path: Path) -> None:
    [(old, new)] = transitions("ru-smtpstatuscode")
    changes = diff_pages(tmp_path, old, new)
    described = [change.member for change in changes if change.kind == "description changed"]
    assert len(described) == 17
    assert {change.impact for change in changes} == {DOCS}
    assert ("docs", "summary changed", None) in summary(changes)


def test_pop3listfields_lost_a_member_once(tmp_path: Path) -> None:
    found = {
        (old.stem[:10], new.stem[:10]): summary(diff_pages(tmp_path, old, new))
        for old, new in transitions("en-pop3listfields")
    }
    breaking = {
        key: value for key, value in found.items() if value != [(FORMAT, "format only, no API change", None)]
    }
    assert breaking == {("2023-04-17", "2023-09-07"): [(BREAKING, "member removed", "All")]}


def test_vcardversion_gained_a_member_once(tmp_path: Path) -> None:
    found = {
        (old.stem[:10], new.stem[:10]): summary(diff_pages(tmp_path, old, new))
        for old, new in transitions("en-vcardversion")
    }
    other = {
        key: value for key, value in found.items() if value != [(FORMAT, "format only, no API change", None)]
    }
    assert other == {("2025-08-05", "2026-07-01"): [(FEATURE, "member added", "V40")]}


def test_renames_value_changes_and_type_changes(tmp_path: Path) -> None:
    edited = (
        PAGE.replace("| Ok | `250` |", "| Okay | `250` |")
        .replace("| MailboxBusy | `450` |", "| MailboxBusy | `449` |")
        .replace("public enum SmtpStatusCode", "public enum SmtpStatusCode : long")
    )
    changes = diff_pages(tmp_path, PAGE, edited)
    assert summary(changes) == [
        (BREAKING, "underlying type changed", None),
        (BREAKING, "member renamed", "Okay"),
        (BREAKING, "value changed", "MailboxBusy"),
    ]
    assert "Ok -> Okay (= 250; Python OK -> OKAY)" in changes[1].detail


def test_no_change_at_all(tmp_path: Path) -> None:
    assert diff_pages(tmp_path, PAGE, PAGE) == []


def test_the_command_prints_markdown_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [(old, new)] = transitions("ru-smtpstatuscode")
    for name, page in (("old", old), ("new", new)):
        (tmp_path / name).mkdir()
        shutil.copy(page, tmp_path / name / "ru.md")
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("18 docs\n\n### Aspose.Email.Clients.Smtp.SmtpStatusCode\n")
    assert "- **docs**: description changed: [ru] HelpMessage" in out
    assert main(["diff", "--json", str(tmp_path / "old"), str(tmp_path / "new")]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == "18 docs" and len(report["changes"]) == 18


def test_diff_of_a_broken_tree_names_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "de.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "new" / "de.md").write_text("broken", encoding="utf-8")
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new")]) == 2
    assert "de.md:1: no front matter" in capsys.readouterr().err
