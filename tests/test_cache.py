"""The cache: the same verdict with and without it, never a forged or foreign answer, and it
touches nothing it did not make (issue 18, classes 1 and 2)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen import cache as cache_module
from codegen.cache import TAG_FILE, Cache, open_cache, page_from_json, page_to_json, settings_material
from codegen.config import Settings
from codegen.pipeline import plan
from tests.helpers import DOCS_SOURCE, REPO, run_codegen, snapshot

SETTINGS = """[tool.smtpstatus-codegen]
docs = "docs"
out = "out"
default-language = "de"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copytree(DOCS_SOURCE / "smtpstatuscode", root / "docs")
    return root


@pytest.fixture
def location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user cache of this test: ``$XDG_CACHE_HOME/smtpstatus-codegen``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CI", raising=False)
    return tmp_path / "xdg" / cache_module.NAME


def settings_of(project: Path, language: str = "de") -> Settings:
    return Settings(docs=project / "docs", out=project / "out", default_language=language)


def codegen(project: Path, location: Path, *args: str, ci: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"XDG_CACHE_HOME": str(location.parent), "CI": "true" if ci else ""}
    return run_codegen(*args, cwd=project, env=env)


def test_same_output_with_and_without_the_cache(project: Path, location: Path) -> None:
    settings = settings_of(project)
    fresh = plan(settings)
    with Cache(location) as cache:
        first = plan(settings, cache=cache)
        hit = plan(settings, cache=cache)
    assert fresh == first == hit
    generators = [path for path in location.iterdir() if path.name.startswith("g-")]
    assert len(generators) == 1
    kinds = sorted(path.name.split("-")[0] for path in generators[0].iterdir())
    assert kinds.count("page") == 5 and kinds.count("plan") == 1 and kinds.count("module") == 2


def test_the_cache_is_per_user_private_and_tagged(project: Path, location: Path) -> None:
    assert codegen(project, location).returncode == 0
    assert not (project / ".codegen-cache").exists()  # nothing in the repository
    assert oct(location.stat().st_mode & 0o777) == oct(0o700)
    assert (location / TAG_FILE).read_bytes().startswith(b"Signature: 8a477f597d28d172789f06886806bc55")
    assert oct((location / "key").stat().st_mode & 0o777) == oct(0o600)


def test_an_unchanged_tree_imports_neither_markdown_it_nor_jinja(project: Path, location: Path) -> None:
    assert codegen(project, location).returncode == 0
    check = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "codegen", "--check"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{REPO}:{REPO / 'src'}", "XDG_CACHE_HOME": str(location.parent)},
        check=False,
    )
    assert check.returncode == 0, check.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in check.stderr.splitlines() if "|" in line}
    assert "markdown_it" not in imported and "jinja2" not in imported
    assert "codegen.pipeline" in imported


def test_one_changed_page_is_parsed_again_alone(
    project: Path, location: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_of(project)
    with Cache(location) as cache:
        plan(settings, cache=cache)
    page = project / "docs" / "ru.md"
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
    with Cache(location) as cache:
        result = plan(settings, cache=cache)
    assert parsed == ["ru.md"]
    assert "Коды состояния smtp" in result.files["aspose_email_clients_smtp.py"].decode()


# --- class 2: entries cannot be forged -----------------------------------------------------------


def _entries(location: Path) -> list[Path]:
    return sorted(path for path in location.glob("g-*/*.json"))


def test_entries_rewritten_with_a_plain_hash_are_ignored(project: Path, location: Path) -> None:
    """The old format's "checksum" could be recomputed by anyone: an entry whose body changed and
    whose first line is a plain SHA-256 of the new body does not authenticate."""
    settings = settings_of(project)
    with Cache(location) as cache:
        expected = plan(settings, cache=cache)
    for entry in _entries(location):
        _, _, body = entry.read_bytes().partition(b"\n")
        forged = body.replace(b"Smtp status codes", b"Forged")
        entry.write_bytes(hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)
    with Cache(location) as cache:
        assert plan(settings, cache=cache) == expected
    for entry in _entries(location):
        entry.write_bytes(b"\x00garbage")
    with Cache(location) as cache:
        assert plan(settings, cache=cache) == expected


def test_an_entry_moved_to_another_key_does_not_authenticate(project: Path, location: Path) -> None:
    settings = settings_of(project)
    with Cache(location) as cache:
        plan(settings, cache=cache)
        modules = [path for path in _entries(location) if path.name.startswith("module-")]
        small, large = sorted(modules, key=lambda path: path.stat().st_size)
        key_of_large = large.name[len("module-") : -len(".json")]
        shutil.copyfile(small, large)  # the package __init__ where the enum module belongs
        assert cache.load_module(key_of_large) is None


def test_a_forged_plan_cannot_hide_a_docs_edit(
    project: Path, location: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack of issue 18: after a docs edit, the attacker points the new plan key at the old
    output. Without the user's key the entry does not authenticate, and ``--check`` reports drift
    exactly as ``--no-cache`` does."""
    assert codegen(project, location).returncode == 0
    old_plans = {path.name: path.read_bytes() for path in location.glob("g-*/plan-*.json")}
    page = project / "docs" / "en.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Smtp status codes", "Edited"), encoding="utf-8")
    assert codegen(project, location, "--check", "--no-cache").returncode == 1
    generator = next(location.glob("g-*"))
    for path in generator.glob("plan-*.json"):
        path.unlink()
    with Cache(location) as cache:  # the key the edited tree will look for
        from codegen.cache import content_hash
        from codegen.pipeline import read_jobs

        jobs = read_jobs(project / "docs")
        monkeypatch.chdir(project)
        key = cache.plan_key(
            {source: content_hash(data) for data, _, source in jobs}, settings_material(settings_of(project))
        )
    for body in old_plans.values():
        (generator / f"plan-{key}.json").write_bytes(body)
        assert codegen(project, location, "--check").returncode == 1


@pytest.mark.parametrize(
    "edit",
    [
        ("docs/en.md", "Smtp status codes", "SMTP status codes (edited)"),
        ("docs/de.md", "| Ok | `250` |", "| Ok | `251` |"),
        ("pyproject.toml", 'default-language = "de"', 'default-language = "en"'),
        (
            "pyproject.toml",
            'default-language = "de"\n',
            'default-language = "de"\n[tool.smtpstatus-codegen.mixins]\n'
            '"Aspose.Email.Clients.Smtp.SmtpStatusCode" = "smtpstatus._reply_code:ReplyCodeMixin"\n',
        ),
    ],
)
def test_check_answers_what_no_cache_answers(
    project: Path, location: Path, edit: tuple[str, str, str]
) -> None:
    assert codegen(project, location).returncode == 0
    assert codegen(project, location, "--check").returncode == 0  # a plan is cached
    name, old, new = edit
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    uncached = codegen(project, location, "--check", "--no-cache")
    cached = codegen(project, location, "--check")
    assert (cached.returncode, cached.stdout) == (uncached.returncode, uncached.stdout)
    assert cached.returncode in (1, 2)


def test_every_setting_enters_the_key(project: Path, location: Path) -> None:
    """The key is derived from the ``Settings`` record itself: a field added later cannot be missed."""
    base = settings_of(project)
    variants = {
        "docs": base._replace(docs=project / "other"),
        "out": base._replace(out=project / "other"),
        "default_language": base._replace(default_language="en"),
        "mixins": base._replace(mixins={"A.B": "m:C"}),
        "reference_language": base._replace(reference_language="de"),
        "strict": base._replace(strict=not base.strict),
        "keep_going": base._replace(keep_going=not base.keep_going),
    }
    assert set(variants) == set(Settings._fields)
    with Cache(location) as cache:
        keys = {name: cache.plan_key({}, settings_material(value)) for name, value in variants.items()}
        keys["base"] = cache.plan_key({}, settings_material(base))
    assert len(set(keys.values())) == len(keys)


def test_check_in_ci_uses_no_cache(project: Path, location: Path) -> None:
    result = codegen(project, location, "--check", ci=True)
    assert result.returncode == 1  # no output yet
    assert not location.exists()


def test_another_generator_misses(project: Path, location: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Cache(location) as cache:
        plan(settings_of(project), cache=cache)
    monkeypatch.setattr(cache_module, "generator_fingerprint", lambda: "f" * 64)
    with Cache(location) as other:
        assert other.load_plan(other.plan_key({}, {})) is None
        assert other.load_pages(["0" * 64]) == {}
        assert other.load_module("0" * 64) is None


# --- class 1: the cache touches only what it made ------------------------------------------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    for name in ("src", ".git", "g-" + "0" * 32, "keep"):
        (victim / name).mkdir(parents=True)
        (victim / name / "file.txt").write_text("mine", encoding="utf-8")
    (victim / ".gitignore").write_text("keep me\n", encoding="utf-8")
    (victim / f"plan-{'a' * 64}.json").write_text("not yours", encoding="utf-8")
    return victim


def test_a_symlinked_cache_location_is_no_cache_and_nothing_is_deleted(
    project: Path, location: Path, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    before = snapshot(victim)
    location.parent.mkdir(parents=True)
    location.symlink_to(victim, target_is_directory=True)
    result = codegen(project, location)
    assert result.returncode == 0, result.stderr
    assert "running without a cache" in result.stderr
    assert snapshot(victim) == before
    assert sorted(path.name for path in victim.iterdir()) == sorted(
        [".git", ".gitignore", "g-" + "0" * 32, "keep", "src", f"plan-{'a' * 64}.json"]
    )


@pytest.mark.parametrize("kind", ["file", "foreign directory", "open directory"])
def test_what_is_not_our_cache_is_left_alone(
    project: Path, location: Path, tmp_path: Path, kind: str
) -> None:
    location.parent.mkdir(parents=True)
    if kind == "file":
        location.write_text("a file", encoding="utf-8")
    else:
        shutil.copytree(_victim(tmp_path), location, symlinks=True)
        location.chmod(0o755 if kind == "open directory" else 0o700)
    before = snapshot(location) if location.is_dir() else {"": location.read_bytes()}
    cache, note = open_cache(location)
    assert cache is None and note is not None and "running without a cache" in note
    assert codegen(project, location).returncode == 0
    after = snapshot(location) if location.is_dir() else {"": location.read_bytes()}
    assert after == before


def test_links_inside_the_cache_are_never_followed(project: Path, location: Path, tmp_path: Path) -> None:
    """A link planted in the cache (a generator directory, an entry) leads nowhere: pruning removes
    only regular files of its own names and ``rmdir``s empty directories."""
    victim = _victim(tmp_path)
    before = snapshot(victim)
    with Cache(location) as cache:
        plan(settings_of(project), cache=cache)
    for index in range(3):  # older "generators": one a link to the victim
        (location / f"g-{index:032x}").mkdir()
    (location / f"g-{9:032x}").symlink_to(victim, target_is_directory=True)
    generator = next(
        path
        for path in location.iterdir()
        if path.name.startswith("g-") and path.is_dir() and not path.is_symlink() and any(path.iterdir())
    )
    (generator / f"page-{'b' * 64}.json").symlink_to(victim / "keep" / "file.txt")
    old = 1_000_000
    for path in location.iterdir():
        if path.name.startswith("g-") and path != generator:
            os.utime(path, (old, old), follow_symlinks=False)
    monkey_entries = dict(cache_module.MAX_ENTRIES)
    try:
        cache_module.MAX_ENTRIES.update(page=0, module=0, plan=0)
        with Cache(location) as cache:
            cache.store_pages({"c" * 64: {"kind": "none"}})
    finally:
        cache_module.MAX_ENTRIES.update(monkey_entries)
    assert snapshot(victim) == before
    assert (location / f"g-{9:032x}").is_symlink()  # a link is not ours: left where it is
    assert not (location / f"g-{0:032x}").exists()  # an empty directory of ours: removed


def test_a_repository_that_commits_a_cache_link_to_itself_is_untouched(project: Path, location: Path) -> None:
    """``.codegen-cache -> .`` in a fresh clone once made ``--check`` delete the repository."""
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / ".codegen-cache").symlink_to(".", target_is_directory=True)
    assert codegen(project, location).returncode == 0
    before = snapshot(project)
    assert codegen(project, location, "--check").returncode == 0
    assert snapshot(project) == before
    assert (project / ".git" / "HEAD").exists()


def test_page_records_round_trip_and_refuse_nonsense() -> None:
    from codegen.parse import parse_page

    text = (DOCS_SOURCE / "smtpstatuscode" / "de.md").read_text(encoding="utf-8")
    page = parse_page(text, "de.md", "de.md")
    assert page_from_json(json.loads(json.dumps(page_to_json(page))), "de.md", "de.md") == page
    assert page_from_json({"kind": "net", "rows": 3}, "de.md", "de.md") is None
    assert page_from_json(None, "de.md", "de.md") is None
