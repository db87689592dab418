"""Cache: what earlier runs computed from the same inputs, so that they are not computed again.

Two kinds of entries, both JSON (no pickle: a cache entry is data, never code), in a git-ignored
``.codegen-cache/`` beside the ``pyproject.toml`` that holds the settings, never in a shared
temporary directory:

- **plans**: the planned output files of a whole run, keyed by every page's bytes, the settings
  and the generator. A ``--check`` of an unchanged tree reads the pages, finds the plan and
  compares; markdown-it and Jinja are not even imported.
- **pages**: each page's parse, keyed by its bytes. After one page of a tree changed, only that
  page is parsed again.
- **modules**: each module's rendered source, keyed by its model record: only the modules whose
  pages changed are rendered again. A plan names its modules by these keys.

Pages and modules are one small file each, so that a run reads only the entries of its own tree.

The key of both includes the generator itself (the bytes of ``codegen/``'s modules and
templates), the versions of markdown-it-py, mdit-py-plugins and Jinja2 (from their installed
metadata), the Python version and its Unicode database. An entry that does not read, belongs to
another format or does not match what it claims is ignored; a cache that cannot be written is no
cache, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast

from codegen.model import Page, PythonPage, PythonRow, Row

CACHE_DIRECTORY = ".codegen-cache"
FORMAT = 2  # 2: a header line with the sum of the data bytes, then the data
GENERATOR = Path(__file__).resolve().parent
DEPENDENCIES = (
    ("jinja2", "jinja2"),
    ("markdown_it", "markdown_it_py"),
    ("mdit_py_plugins", "mdit_py_plugins"),
)
MAX_PLANS = 16
# Entries kept per kind: enough for several docs trees of a project; the oldest go first.
MAX_ENTRIES = 20_000


def _installed_version(module: str, distribution: str) -> str:
    """The installed distribution's version, read from its ``.dist-info`` name (cheap: no import)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "missing"
    site = Path(spec.origin).parent.parent
    names = sorted(path.name for path in site.glob(f"{distribution}-*.dist-info"))
    return ",".join(names) or f"unknown:{spec.origin}"


def generator_fingerprint() -> str:
    """Everything besides the pages and settings that the output depends on."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in sorted([*GENERATOR.glob("*.py"), *GENERATOR.glob("templates/*")]):
        digest.update(path.relative_to(GENERATOR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for module, distribution in DEPENDENCIES:
        digest.update(f"{module}={_installed_version(module, distribution)}\n".encode())
    digest.update(f"python={sys.version_info[:2]} unicode={unicodedata.unidata_version}\n".encode())
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_hash(record: object) -> str:
    """The hash of a model record (``NamedTuple`` of strings, numbers and tuples: a stable repr)."""
    return hashlib.sha256(repr(record).encode("utf-8", "surrogatepass")).hexdigest()


class Cache:
    """The cache directory of one project, for one generator."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.fingerprint = generator_fingerprint()

    # --- plans --------------------------------------------------------------------------------

    def plan_key(self, page_hashes: Mapping[str, str], settings: Mapping[str, object]) -> str:
        material = json.dumps(
            {"generator": self.fingerprint, "pages": dict(sorted(page_hashes.items())), "settings": settings},
            sort_keys=True,
        )
        return hashlib.sha256(material.encode()).hexdigest()

    def load_plan(self, key: str) -> dict[str, object] | None:
        entry = self._read(self.directory / f"plan-{key}.json")
        if entry is None or entry.get("key") != key:
            return None
        return entry

    def store_plan(self, key: str, entry: dict[str, object]) -> None:
        self._write(self.directory / f"plan-{key}.json", {**entry, "key": key})
        self._prune("plan-*.json", MAX_PLANS)

    # --- pages and modules: one small file each, under this generator's directory --------------

    def _entries(self, kind: str) -> Path:
        return self.directory / self.fingerprint[:32] / kind

    def load_pages(self, digests: Iterable[str]) -> dict[str, dict[str, object]]:
        """The parse of each page the cache knows, by the page's content hash."""
        found: dict[str, dict[str, object]] = {}
        for digest in digests:
            entry = self._read(self._entries("pages") / f"{digest}.json")
            if entry is not None and entry.get("digest") == digest:
                found[digest] = entry
        return found

    def store_pages(self, pages: Mapping[str, dict[str, object]]) -> None:
        for digest, entry in pages.items():
            self._write(self._entries("pages") / f"{digest}.json", {**entry, "digest": digest})
        if pages:
            self._prune_entries("pages")

    def load_module(self, key: str) -> str | None:
        entry = self._read(self._entries("modules") / f"{key}.json")
        text = entry.get("text") if entry is not None and entry.get("key") == key else None
        return text if isinstance(text, str) else None

    def store_modules(self, modules: Mapping[str, str]) -> None:
        for key, text in modules.items():
            self._write(self._entries("modules") / f"{key}.json", {"key": key, "text": text})
        if modules:
            self._prune_entries("modules")

    def _prune_entries(self, kind: str) -> None:
        """Keep the newest ``MAX_ENTRIES`` of a kind, and the directories of the two newest generators."""
        with contextlib.suppress(OSError):
            entries = sorted(
                self._entries(kind).iterdir(), key=lambda path: path.stat().st_mtime, reverse=True
            )
            for stale in entries[MAX_ENTRIES:]:
                stale.unlink()
            generators = sorted(
                (path for path in self.directory.iterdir() if path.is_dir()),
                key=lambda path: path.stat().st_mtime,
                reverse=True,
            )
            for stale_generator in generators[2:]:
                shutil.rmtree(stale_generator, ignore_errors=True)

    # --- files ----------------------------------------------------------------------------------

    def _read(self, path: Path) -> dict[str, object] | None:
        """An entry as written, or ``None``: unreadable, another format, or not matching its sum.

        A file is a header line (``{"format": ..., "sum": ...}``) and the data as JSON: the sum is
        of the data's bytes, so checking it costs one hash, not a second serialization."""
        try:
            header_line, _, body = path.read_bytes().partition(b"\n")
            header: Any = json.loads(header_line)
            if header["format"] != FORMAT or header["sum"] != content_hash(body):
                return None
            data: Any = json.loads(body)
        except (OSError, ValueError, RecursionError, KeyError, TypeError):
            return None
        return cast("dict[str, object]", data) if isinstance(data, dict) else None

    def _write(self, path: Path, entry: dict[str, object]) -> None:
        with contextlib.suppress(OSError, ValueError):
            path.parent.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            body = json.dumps(entry).encode()  # ASCII: any str round-trips, lone surrogates too
            header = json.dumps({"format": FORMAT, "sum": content_hash(body)}).encode()
            temporary.write_bytes(header + b"\n" + body)
            os.replace(temporary, path)

    def _prune(self, pattern: str, keep: int) -> None:
        with contextlib.suppress(OSError):
            entries = sorted(
                self.directory.glob(pattern), key=lambda path: path.stat().st_mtime, reverse=True
            )
            for stale in entries[keep:]:
                stale.unlink()


# --- page records as JSON ---------------------------------------------------------------------


def page_to_json(page: Page | PythonPage) -> dict[str, object]:
    if isinstance(page, PythonPage):
        return {
            "kind": "python",
            "namespace_lower": page.namespace_lower,
            "name": page.name,
            "heading_line": page.heading_line,
            "rows": [[row.python_name, row.line] for row in page.rows],
        }
    return {
        "kind": "net",
        "language": page.language,
        "url": page.url,
        "namespace": page.namespace,
        "name": page.name,
        "flags": page.flags,
        "underlying": page.underlying,
        "summary": page.summary,
        "declaration_line": page.declaration_line,
        "rows": [[row.dotnet_name, row.value, row.description, row.line] for row in page.rows],
    }


def page_from_json(entry: Any, path: str, source: str) -> Page | PythonPage | None:
    """The record back, with this run's path; ``None`` for anything that is not a sound entry."""
    try:
        if entry["kind"] == "python":
            return PythonPage(
                path=path,
                source=source,
                namespace_lower=str(entry["namespace_lower"]),
                name=str(entry["name"]),
                heading_line=int(entry["heading_line"]),
                rows=tuple(PythonRow(str(name), int(line)) for name, line in entry["rows"]),
            )
        if entry["kind"] == "net":
            rows = tuple(
                Row(str(name), int(value), str(text), int(line)) for name, value, text, line in entry["rows"]
            )
            return Page(
                path=path,
                source=source,
                language=str(entry["language"]),
                url=str(entry["url"]),
                namespace=str(entry["namespace"]),
                name=str(entry["name"]),
                flags=bool(entry["flags"]),
                underlying=str(entry["underlying"]),
                summary=str(entry["summary"]),
                declaration_line=int(entry["declaration_line"]),
                rows=rows,
            )
    except (KeyError, TypeError, ValueError):
        return None
    return None
