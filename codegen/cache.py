"""Cache: what earlier runs computed from the same inputs, so that they are not computed again.

A cache speeds a run up; it never decides a verdict that ``--no-cache`` would answer differently,
and it only ever touches what it made. So:

- **Where.** One directory per user, outside every repository: ``$XDG_CACHE_HOME/smtpstatus-codegen``
  (``~/.cache/smtpstatus-codegen`` without it; XDG Base Directory specification), made by the
  generator with mode 0700 and tagged with a ``CACHEDIR.TAG``. Anything else at that path (a
  symbolic link, a file, a directory of another user or open to others, a directory without the
  tag that is not empty) is no cache: the run says so in a note and goes on without one. Nothing
  there is ever deleted.
- **Never through a link, never across a mount.** Every file is opened relative to the descriptor
  of the directory that was checked (``O_NOFOLLOW``), and a subdirectory on another file system
  is not used. Pruning deletes only regular files whose names this module writes
  (``plan-``/``page-``/``module-`` and 64 hex digits), and removes a directory only when that
  leaves it empty (``rmdir``, never a recursive delete).
- **Entries cannot be forged.** Every entry is data (JSON, never pickle or bytecode) and carries an
  HMAC-SHA256 of its kind, name and bytes under a random key kept in the cache directory (mode
  0600). Someone who can write a repository, or restore a CI cache into it, cannot make an entry
  this user's runs accept. An entry that does not authenticate is ignored.
- **Keys from everything the output depends on**: the pages' bytes, every field of the run's
  settings (derived from ``Settings`` itself, so a new setting cannot be missed), the generator's
  own code and templates, the versions of markdown-it-py, mdit-py-plugins and Jinja2, the Python
  version and its Unicode database. Module text read from the cache is verified exactly like
  freshly rendered text before it is used (``pipeline``).

Three kinds of entries, one small file each, in one directory per generator fingerprint:

- **plans**: the planned output files of a whole run. A ``--check`` of an unchanged tree reads the
  pages, finds the plan and compares; markdown-it and Jinja are not even imported.
- **pages**: each page's parse, keyed by its bytes: after one page changed, only it is parsed.
- **modules**: each module's rendered source, keyed by its model record: only the modules whose
  pages changed are rendered again. A plan names its modules by these keys.

A cache that cannot be written is no cache, never an error.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import importlib.util
import json
import os
import re
import stat
import sys
import time
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, cast

from codegen.model import Page, PythonPage, PythonRow, Row

NAME = "smtpstatus-codegen"
FORMAT = 3  # 3: per-user directory, entries authenticated with HMAC-SHA256
GENERATOR = Path(__file__).resolve().parent
DEPENDENCIES = (
    ("jinja2", "jinja2"),
    ("markupsafe", "markupsafe"),
    ("markdown_it", "markdown_it_py"),
    ("mdit_py_plugins", "mdit_py_plugins"),
    ("mdurl", "mdurl"),
)
# Entries kept per kind: enough for several docs trees of a project; the oldest go first.
MAX_ENTRIES = {"plan": 16, "page": 20_000, "module": 20_000}
MAX_ENTRY_BYTES = 64 * 1024 * 1024
KEY_FILE = "key"
KEY_BYTES = 32
TAG_FILE = "CACHEDIR.TAG"
# https://bford.info/cachedir/: backup tools skip a directory that holds this file.
TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# The cache of `python -m codegen` (smtpstatus).\n"
_ENTRY_NAME = re.compile(r"(plan|page|module)-[0-9a-f]{64}\.json\Z")
_TEMPORARY_NAME = re.compile(r"\.tmp-[0-9]+-[0-9a-f]{16}\Z")
_GENERATOR_NAME = re.compile(r"g-[0-9a-f]{32}\Z")
_DIRECTORY_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
# Temporary files of a killed run older than this are removed when entries are pruned.
STALE_TEMPORARY_SECONDS = 3600.0


class Unusable(Exception):
    """The cache location is not a cache this generator made; the message says why."""


def default_location() -> Path:
    """``$XDG_CACHE_HOME/smtpstatus-codegen``, else ``~/.cache/smtpstatus-codegen``.

    The XDG specification says a relative ``XDG_CACHE_HOME`` is invalid and to be ignored."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):
        return Path(configured) / NAME
    try:
        home = Path.home()
    except (RuntimeError, KeyError) as error:  # no home directory to be found
        raise Unusable(f"no cache directory: {error}") from None
    if not home.is_absolute():  # never a cache relative to the working directory (a repository)
        raise Unusable(f"no cache directory: the home directory {str(home)!r} is not an absolute path")
    return home / ".cache" / NAME


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


def settings_material(settings: NamedTuple) -> dict[str, object]:
    """Every field of a settings record, as JSON-ready data: a new field enters the key by itself."""
    return {name: _plain(value) for name, value in settings._asdict().items()}


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        items = cast("Mapping[object, object]", value).items()
        return {str(key): _plain(item) for key, item in sorted(items, key=lambda pair: str(pair[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in cast("Iterable[object]", value)]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return f"{type(value).__name__}:{value}"  # a Path: its text


class Cache:
    """The per-user cache directory, for one generator. Open with ``open_cache``."""

    def __init__(self, location: Path) -> None:
        """Open (or make) the cache at ``location``; ``Unusable`` where it is not ours to use."""
        self.location = location
        self.fingerprint = generator_fingerprint()
        self._root = _open_root(location)
        try:
            self._device = os.fstat(self._root).st_dev
            self._key = _load_key(self._root)
            self._directory = _open_subdirectory(self._root, f"g-{self.fingerprint[:32]}", self._device)
        except BaseException:
            os.close(self._root)
            raise

    def close(self) -> None:
        for descriptor in (self._directory, self._root):
            with contextlib.suppress(OSError):
                os.close(descriptor)

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- keys and entries ---------------------------------------------------------------------

    def plan_key(self, page_hashes: Mapping[str, str], settings: Mapping[str, object]) -> str:
        material = json.dumps(
            {
                "generator": self.fingerprint,
                "pages": dict(sorted(page_hashes.items())),
                "settings": settings,
                "cwd": os.getcwd(),  # paths in notes are shown relative to it
            },
            sort_keys=True,
        )
        return hashlib.sha256(material.encode()).hexdigest()

    def load_plan(self, key: str) -> dict[str, object] | None:
        return self._read("plan", key)

    def store_plan(self, key: str, entry: dict[str, object]) -> None:
        self._write("plan", key, entry)
        self._prune("plan")

    def load_pages(self, digests: Iterable[str]) -> dict[str, dict[str, object]]:
        """The parse of each page the cache knows, by the page's content hash."""
        found: dict[str, dict[str, object]] = {}
        for digest in digests:
            entry = self._read("page", digest)
            if entry is not None:
                found[digest] = entry
        return found

    def store_pages(self, pages: Mapping[str, dict[str, object]]) -> None:
        for digest, entry in pages.items():
            self._write("page", digest, entry)
        if pages:
            self._prune("page")

    def load_module(self, key: str) -> str | None:
        entry = self._read("module", key)
        text = entry.get("text") if entry is not None else None
        return text if isinstance(text, str) else None

    def store_modules(self, modules: Mapping[str, str]) -> None:
        for key, text in modules.items():
            self._write("module", key, {"text": text})
        if modules:
            self._prune("module")

    # --- files: every one opened relative to a checked directory, never through a link ---------

    def _tag(self, kind: str, key: str, body: bytes) -> bytes:
        message = f"{FORMAT}\0{self.fingerprint}\0{kind}\0{key}\0".encode() + body
        return hmac.new(self._key, message, hashlib.sha256).hexdigest().encode()

    def _read(self, kind: str, key: str) -> dict[str, object] | None:
        """The entry as written by this user's generator, or ``None`` (missing, unreadable, forged)."""
        name = f"{kind}-{key}.json"
        if not _ENTRY_NAME.match(name):
            return None
        try:
            data = _read_regular(self._directory, name)
        except OSError:
            return None
        if data is None:
            return None
        tag, _, body = data.partition(b"\n")
        if not hmac.compare_digest(tag, self._tag(kind, key, body)):
            return None
        try:
            entry: Any = json.loads(body)
        except (ValueError, RecursionError):
            return None
        return cast("dict[str, object]", entry) if isinstance(entry, dict) else None

    def _write(self, kind: str, key: str, entry: dict[str, object]) -> None:
        name = f"{kind}-{key}.json"
        if not _ENTRY_NAME.match(name):
            return
        with contextlib.suppress(OSError, ValueError):
            body = json.dumps(entry).encode()  # ASCII: any str round-trips, lone surrogates too
            _write_new(self._directory, name, self._tag(kind, key, body) + b"\n" + body)

    def _prune(self, kind: str) -> None:
        """Keep the newest entries of a kind, and the directories of the two newest generators."""
        with contextlib.suppress(OSError):
            _prune_directory(self._directory, kind, MAX_ENTRIES[kind])
            _prune_generators(self._root, self._device, keep=2)


def open_cache(location: Path | None = None) -> tuple[Cache | None, str | None]:
    """The cache at ``location`` (default: ``default_location()``), or ``None`` and a note why not."""
    try:
        where = location or default_location()
    except Unusable as reason:
        return None, f"{reason}; running without a cache"
    try:
        return Cache(where), None
    except Unusable as reason:
        return None, f"{where}: {reason}; running without a cache"
    except OSError as error:
        return None, f"{where}: cannot use it as a cache ({error.strerror}); running without a cache"


# --- the directories ---------------------------------------------------------------------------


def _open_root(location: Path) -> int:
    """The descriptor of the cache directory, made now (mode 0700, tagged) or made earlier by us."""
    with contextlib.suppress(OSError):
        location.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    made = False
    try:
        os.mkdir(location, 0o700)
        made = True
    except FileExistsError:
        pass
    try:
        descriptor = os.open(location, _DIRECTORY_FLAGS)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Unusable("is not a directory this generator made (a link or a file)") from None
        raise
    try:
        _check_own_private_directory(os.fstat(descriptor))
        if made:
            _write_new(descriptor, TAG_FILE, TAG)
        elif _read_regular(descriptor, TAG_FILE) != TAG:
            if os.listdir(descriptor):
                raise Unusable("has no CACHEDIR.TAG of this generator: not a cache it made")
            _write_new(descriptor, TAG_FILE, TAG)  # an empty directory of ours: a run died after mkdir
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _check_own_private_directory(status: os.stat_result) -> None:
    if not stat.S_ISDIR(status.st_mode):
        raise Unusable("is not a directory")
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        raise Unusable("belongs to another user")
    if status.st_mode & 0o077:
        raise Unusable(f"is open to other users (mode {stat.S_IMODE(status.st_mode):o}, not 700)")


def _open_subdirectory(root: int, name: str, device: int) -> int:
    """A directory of ours inside the cache: made here, never a link, on the same file system."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=root)
    try:
        descriptor = os.open(name, _DIRECTORY_FLAGS, dir_fd=root)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise Unusable(f"{name} is not a directory this generator made") from None
        raise
    status = os.fstat(descriptor)
    try:
        _check_own_private_directory(status)
        if status.st_dev != device:
            raise Unusable(f"{name} is on another file system (a mount point)")
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _load_key(root: int) -> bytes:
    """The secret of this cache: made once from ``os.urandom``, mode 0600, never in a repository."""
    for _ in range(3):
        key = _read_regular(root, KEY_FILE)
        if key is not None:
            if len(key) != KEY_BYTES:
                raise Unusable("its key file is damaged")
            return key
        fresh = os.urandom(KEY_BYTES)
        temporary = _temporary_name()
        _write_new(root, temporary, fresh)
        try:
            os.link(temporary, KEY_FILE, src_dir_fd=root, dst_dir_fd=root, follow_symlinks=False)
        except FileExistsError:
            pass  # another run made the key first: read theirs
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=root)
    raise Unusable("its key file cannot be read")


def _read_regular(directory: int, name: str) -> bytes | None:
    """A regular file of ours in ``directory``, or ``None`` where there is none; never a link."""
    try:
        descriptor = os.open(name, _READ_FLAGS, dir_fd=directory)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
            return None
        return handle.read(MAX_ENTRY_BYTES + 1)


def _temporary_name() -> str:
    return f".tmp-{os.getpid()}-{os.urandom(8).hex()}"


def _write_new(directory: int, name: str, data: bytes) -> None:
    """``name`` in ``directory`` holds ``data`` (mode 0600), replaced in one step."""
    temporary = _temporary_name()
    descriptor = os.open(temporary, _CREATE_FLAGS, 0o600, dir_fd=directory)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, name, src_dir_fd=directory, dst_dir_fd=directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=directory)
        raise


def _our_files(directory: int, pattern: re.Pattern[str]) -> list[tuple[float, str]]:
    """(mtime, name) of the regular files in ``directory`` whose names match ``pattern``."""
    found: list[tuple[float, str]] = []
    for name in os.listdir(directory):
        if pattern.match(name):
            with contextlib.suppress(OSError):
                status = os.stat(name, dir_fd=directory, follow_symlinks=False)
                if stat.S_ISREG(status.st_mode):
                    found.append((status.st_mtime, name))
    return found


def _prune_directory(directory: int, kind: str, keep: int) -> None:
    entries = sorted(
        (entry for entry in _our_files(directory, _ENTRY_NAME) if entry[1].startswith(f"{kind}-")),
        reverse=True,
    )
    stale = [name for _, name in entries[keep:]]
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    stale += [name for mtime, name in _our_files(directory, _TEMPORARY_NAME) if mtime < cutoff]
    for name in stale:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=directory)


def _prune_generators(root: int, device: int, *, keep: int) -> None:
    """Empty and remove the directories of older generators: only our files, only by ``rmdir``."""
    generators: list[tuple[float, str]] = []
    for name in os.listdir(root):
        if _GENERATOR_NAME.match(name):
            with contextlib.suppress(OSError):
                status = os.stat(name, dir_fd=root, follow_symlinks=False)
                if stat.S_ISDIR(status.st_mode) and status.st_dev == device:
                    generators.append((status.st_mtime, name))
    for _, name in sorted(generators, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            descriptor = os.open(name, _DIRECTORY_FLAGS, dir_fd=root)
            try:
                if os.fstat(descriptor).st_dev != device:
                    continue
                for pattern in (_ENTRY_NAME, _TEMPORARY_NAME):
                    for _, entry in _our_files(descriptor, pattern):
                        with contextlib.suppress(OSError):
                            os.unlink(entry, dir_fd=descriptor)
            finally:
                os.close(descriptor)
            os.rmdir(name, dir_fd=root)  # only if nothing else is in it


# --- page records as JSON: derived from the model's records, field by field ---------------------


def page_to_json(page: Page | PythonPage) -> dict[str, object]:
    """A parsed page as JSON data: every field of its record but the paths (this run's), rows as
    lists in their record's field order."""
    data: dict[str, object] = {"kind": "python" if isinstance(page, PythonPage) else "net"}
    for name, value in page._asdict().items():
        if name in _RUN_FIELDS:
            continue
        data[name] = [list(row) for row in value] if name == "rows" else value
    return data


def page_from_json(entry: Any, path: str, source: str) -> Page | PythonPage | None:
    """The record back, with this run's path; ``None`` for anything that is not a sound entry
    (every field present, each of its annotated type)."""
    try:
        record, row = (PythonPage, PythonRow) if entry["kind"] == "python" else (Page, Row)
        if entry["kind"] not in ("python", "net"):
            return None
        values: dict[str, object] = {"path": path, "source": source}
        for name, kind in _field_types(record).items():
            if name in _RUN_FIELDS:
                continue
            if name == "rows":
                values[name] = tuple(_typed_record(row, item) for item in entry[name])
            else:
                values[name] = _typed(kind, entry[name])
        construct: Any = record  # the fields were checked one by one against its annotations
        return cast("Page | PythonPage", construct(**values))
    except (KeyError, TypeError, ValueError):
        return None


_RUN_FIELDS = frozenset({"path", "source"})


@functools.cache
def _field_types(record: type) -> dict[str, type]:
    """Each field of a model record and its type (``typing.get_type_hints``)."""
    import typing  # noqa: PLC0415 - only reading the cache needs it

    return {name: hint for name, hint in typing.get_type_hints(record).items() if name in record._fields}  # type: ignore[attr-defined]


def _typed(kind: type, value: object) -> object:
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise TypeError(f"{value!r} is not {kind}")


def _typed_record(record: type, value: object) -> object:
    fields = _field_types(record)
    if not isinstance(value, list) or len(cast("list[object]", value)) != len(fields):
        raise TypeError("not a row")
    return record(*(_typed(kind, item) for kind, item in zip(fields.values(), cast("list[object]", value))))
