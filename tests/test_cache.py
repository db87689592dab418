"""The cache: the same output with and without it, never a stale or foreign answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen import cache as cache_module
from codegen.cache import CACHE_DIRECTORY, Cache, page_from_json, page_to_json
from codegen.pipeline import plan
from tests.helpers import DOCS_SOURCE, REPO, run_codegen

SETTINGS = """[tool.smtpstatus-codegen]
docs = "docs"
out = "out"
default-language = "de"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copytree(DOCS_SOURCE / "smtpstatuscode", tmp_path / "docs")
    return tmp_path


def test_same_output_with_and_without_the_cache(project: Path, tmp_path: Path) -> None:
    docs, out = project / "docs", project / "out"
    cache = Cache(project / CACHE_DIRECTORY)
    fresh = plan(docs, out, default_language="de", mixins={})
    first = plan(docs, out, default_language="de", mixins={}, cache=cache)
    hit = plan(docs, out, default_language="de", mixins={}, cache=cache)
    assert fresh == first == hit
    root = project / CACHE_DIRECTORY
    entries = sorted(path.relative_to(root).parts for path in root.rglob("*.json"))
    assert [parts[0].split("-")[0] for parts in entries if len(parts) == 1] == ["plan"]
    assert sorted({parts[1] for parts in entries if len(parts) == 3}) == ["modules", "pages"]
    assert sum(parts[1:2] == ("pages",) for parts in entries) == 5  # one per page


def test_an_unchanged_tree_imports_neither_markdown_it_nor_jinja(project: Path) -> None:
    assert run_codegen(cwd=project).returncode == 0
    check = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "codegen", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{REPO}:{REPO / 'src'}"},
        check=False,
    )
    assert check.returncode == 0, check.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in check.stderr.splitlines() if "|" in line}
    assert "markdown_it" not in imported and "jinja2" not in imported
    assert "codegen.pipeline" in imported


def test_one_changed_page_is_parsed_again_alone(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, out = project / "docs", project / "out"
    cache = Cache(project / CACHE_DIRECTORY)
    plan(docs, out, default_language="de", mixins={}, cache=cache)
    page = docs / "ru.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Коды статуса smtp", "Коды состояния smtp"), encoding="utf-8"
    )
    from codegen import pipeline

    parsed: list[str] = []
    real = pipeline.parse_one

    def counting(job: tuple[bytes, str, str]) -> object:
        parsed.append(job[2])
        return real(job)

    monkeypatch.setattr(pipeline, "parse_one", counting)
    result = plan(docs, out, default_language="de", mixins={}, cache=cache)
    assert parsed == ["ru.md"]
    assert "Коды состояния smtp" in result.files["aspose_email_clients_smtp.py"].decode()


def test_corrupt_and_foreign_entries_are_ignored(project: Path) -> None:
    docs, out = project / "docs", project / "out"
    cache = Cache(project / CACHE_DIRECTORY)
    expected = plan(docs, out, default_language="de", mixins={}, cache=cache)
    for entry in (project / CACHE_DIRECTORY).rglob("*.json"):
        text = entry.read_text(encoding="utf-8")
        entry.write_text(
            text.replace("Smtp status codes", "Tampered"), encoding="utf-8"
        )  # sum no longer matches
    assert plan(docs, out, default_language="de", mixins={}, cache=cache) == expected
    for entry in (project / CACHE_DIRECTORY).rglob("*.json"):
        entry.write_bytes(b"\x00garbage")
    assert plan(docs, out, default_language="de", mixins={}, cache=cache) == expected


def test_another_generator_or_settings_miss(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, out = project / "docs", project / "out"
    plan(docs, out, default_language="de", mixins={}, cache=Cache(project / CACHE_DIRECTORY))
    english = plan(docs, out, default_language="en", mixins={}, cache=Cache(project / CACHE_DIRECTORY))
    assert b'default_language="en"' in english.files["aspose_email_clients_smtp.py"]
    monkeypatch.setattr(cache_module, "generator_fingerprint", lambda: "another generator")
    other = Cache(project / CACHE_DIRECTORY)
    assert other.load_plan(other.plan_key({}, {})) is None
    assert other.load_pages(["0" * 64]) == {}
    assert other.load_module("0" * 64) is None


def test_page_records_round_trip_and_refuse_nonsense() -> None:
    from codegen.parse import parse_page

    text = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")
    page = parse_page(text, "de.md", "de.md")
    assert page_from_json(page_to_json(page), "de.md", "de.md") == page
    assert page_from_json({"kind": "net", "rows": 3}, "de.md", "de.md") is None
    assert page_from_json(None, "de.md", "de.md") is None
