"""The whole run: docs directory in, planned output files out (``plan``), checked (``verify_files``).

markdown-it (``parse``) and Jinja (``render``) are imported only when something must be parsed
or rendered: with a cache hit (``cache``), a run needs neither.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, Union

from codegen.config import Settings
from codegen.display import shown
from codegen.errors import CodegenError, CodegenErrors, NotAnEnumPage
from codegen.files import read_regular_file
from codegen.merge import Policy, build_modules
from codegen.model import NET_URL, ModuleSpec, Page, PythonPage, enum_url_parts
from codegen.read import decode_page, find_pages
from codegen.verify import proof_context, prove_one, verify_module

if TYPE_CHECKING:
    from codegen.cache import Cache


class Plan(NamedTuple):
    files: dict[str, bytes]
    """Output file name -> the bytes to write."""
    pages: int
    members: int
    skipped: list[str]
    """The pages that document something other than an enum, as notes."""
    notes: list[str]
    warnings: list[str] = []  # noqa: RUF012 - a NamedTuple default, never mutated
    """Disagreements of translations with the reference language, and translations left out."""
    refused: list[str] = []  # noqa: RUF012
    """With ``keep_going``: each page or enum left out, ``path:line: message``."""


Outcome = Union[Page, PythonPage, NotAnEnumPage, CodegenError]
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
Job = tuple[bytes, str, str]
"""A page's bytes, its path as shown, its path relative to the docs directory."""


def parse_one(job: Job) -> Outcome:
    """Decode and parse one page; a problem is returned, not raised, so every page is reported."""
    from codegen.parse import parse_page  # noqa: PLC0415 - markdown-it only when parsing

    data, shown_path, source = job
    try:
        return parse_page(decode_page(data, shown_path), shown_path, source)
    except (NotAnEnumPage, CodegenError) as outcome:
        return outcome
    except RecursionError:
        return CodegenError(shown_path, None, "nests too deeply to parse")


# Below this many pages (or files to verify) a second process costs more than it saves (make
# bench, "generation").
PARALLEL_MIN_PAGES = 200


def _worker_start(parent: int) -> None:
    """Worker initializer: Ctrl-C is the generator's to handle (it ends the workers), and the kernel
    kills this worker when the generator dies (Linux ``PR_SET_PDEATHSIG``), so an interrupted or
    killed run leaves no process behind and never waits on one."""
    import ctypes  # noqa: PLC0415 - workers only
    import signal  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the parent until now
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def parse_all(jobs: list[Job]) -> list[Outcome]:
    """Every page's outcome, in the order of ``jobs``."""
    return _map(parse_one, jobs)


def _map(
    function: Callable[[_Item], _Result], items: Sequence[_Item], *, many: int | None = None
) -> list[_Result]:
    """``function`` of every item, in order; on several cores for ``many`` pages or files (default:
    one per item), where the system can tie the workers' lives to the generator's (Linux)."""
    workers = min(os.cpu_count() or 1, 8)
    count = len(items) if many is None else many
    if count < PARALLEL_MIN_PAGES or workers < 2 or not sys.platform.startswith("linux"):
        return [function(item) for item in items]
    import multiprocessing  # noqa: PLC0415 - only large trees pay for it

    # ``multiprocessing.Pool`` and not ``concurrent.futures``: on Ctrl-C its ``terminate`` ends
    # the workers at once, where an executor's exit handler could wait on them for ever.
    pool = multiprocessing.get_context("fork").Pool(
        workers, initializer=_worker_start, initargs=(os.getpid(),)
    )
    try:
        results = pool.map(function, items, chunksize=max(1, len(items) // (workers * 8)))
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return results


def read_jobs(docs_dir: Path) -> list[Job]:
    """Every page's bytes; every page that cannot be read is reported, all at once."""
    jobs: list[Job] = []
    errors: list[CodegenError] = []
    for path in find_pages(docs_dir):
        shown_path = shown(path)
        try:
            jobs.append(
                (read_regular_file(path, shown_path), shown_path, path.relative_to(docs_dir).as_posix())
            )
        except CodegenError as error:
            errors.append(error)
    if errors:
        raise CodegenErrors(errors)
    return jobs


class Sorted(NamedTuple):
    pages: list[Page]
    python_pages: list[PythonPage]
    skipped: list[NotAnEnumPage]
    warnings: list[str]
    """Translations that do not read, left out (not ``strict``)."""
    refused: list[CodegenError]
    """Pages that do not read, left out (``keep_going``)."""


# The url of a page, read from its bytes: what a page that does not parse was.
_URL_LINE = re.compile(rb"^url:[ \t]*['\"]?(/[^\s'\"]*)", re.MULTILINE)


def _identity(url: str) -> tuple[str, str, str] | None:
    """(language, namespace, enum) of a .NET page's url, lowercase, generic arities dropped."""
    match = NET_URL.match(url)
    if match is None:
        return None
    enum = ".".join(enum_url_parts(match["enum"]))
    return match["language"] or "en", match["namespace"].lower(), enum


def _identity_of(data: bytes) -> tuple[str, str, str] | None:
    match = _URL_LINE.search(data[:4096])
    return _identity(match.group(1).decode("utf-8", "replace")) if match is not None else None


def sort_outcomes(
    outcomes: Sequence[Outcome], docs_dir: Path, jobs: Sequence[Job] = (), settings: Settings | None = None
) -> Sorted:
    """The pages by kind. A page that does not read is an error; outside ``strict``, a translation
    that does not read (member names translated) is a warning, where its enum has a page in the
    reference language that does; with ``keep_going``, any other such page is left out and
    reported."""
    pages = [outcome for outcome in outcomes if isinstance(outcome, Page)]
    python_pages = [outcome for outcome in outcomes if isinstance(outcome, PythonPage)]
    skipped = [outcome for outcome in outcomes if isinstance(outcome, NotAnEnumPage)]
    errors: list[CodegenError] = []
    warnings: list[str] = []
    data_of = {shown_path: data for data, shown_path, _ in jobs}
    lenient = settings is not None and not settings.strict
    references = {identity[1:] for page in pages for identity in [_identity(page.url)] if identity}
    for outcome in outcomes:
        if not isinstance(outcome, CodegenError):
            continue
        identity = _identity_of(data_of.get(outcome.path, b""))
        if (
            lenient
            and settings is not None
            and identity is not None
            and identity[0] != settings.reference_language
            and identity[1:] in references
        ):
            warnings.append(f"warning: {outcome} (the {identity[0]} page is left out)")
        else:
            errors.append(outcome)
    if errors and not (settings is not None and settings.keep_going):
        raise CodegenErrors(errors)
    if not pages:
        raise CodegenError(shown(docs_dir), None, "no enum reference pages found")
    return Sorted(pages, python_pages, skipped, warnings, errors)


def read_pages(docs_dir: Path, settings: Settings | None = None) -> Sorted:
    jobs = read_jobs(docs_dir)
    return sort_outcomes(parse_all(jobs), docs_dir, jobs, settings)


def _parse_with_cache(jobs: list[Job], hashes: list[str], cache: Cache) -> list[Outcome]:
    """Parse only the pages the cache does not know (by their bytes); remember the new ones."""
    from codegen.cache import page_from_json, page_to_json  # noqa: PLC0415

    known = cache.load_pages(hashes)
    outcomes: list[Outcome | None] = []
    missing: list[int] = []
    for index, ((_, shown_path, source), digest) in enumerate(zip(jobs, hashes)):
        page = page_from_json(known.get(digest), shown_path, source) if digest in known else None
        outcomes.append(page)
        if page is None:
            missing.append(index)
    if missing:
        new: dict[str, dict[str, object]] = {}
        for index, outcome in zip(missing, parse_all([jobs[index] for index in missing])):
            outcomes[index] = outcome
            if isinstance(outcome, (Page, PythonPage)):
                new[hashes[index]] = page_to_json(outcome)
        cache.store_pages(new)
    return [outcome for outcome in outcomes if outcome is not None]


def plan(settings: Settings, *, cache: Cache | None = None) -> Plan:
    """The files the docs make. With a ``cache``, an unchanged tree is not parsed or rendered.

    The cache is keyed by every field of ``settings``, and every module text it gives back is
    verified like a freshly rendered one (``verify_module``) before it is used."""
    docs_dir = settings.docs
    jobs = read_jobs(docs_dir)
    key = ""
    if cache is not None:
        from codegen.cache import content_hash, settings_material  # noqa: PLC0415

        hashes = [content_hash(data) for data, _, _ in jobs]
        key = cache.plan_key(
            {source: digest for (_, _, source), digest in zip(jobs, hashes)}, settings_material(settings)
        )
        hit = _plan_from_entry(cache.load_plan(key), cache, settings)
        if hit is not None:
            return hit
        outcomes = _parse_with_cache(jobs, hashes, cache)
    else:
        outcomes = parse_all(jobs)
    found = sort_outcomes(outcomes, docs_dir, jobs, settings)
    merged = build_modules(
        found.pages,
        found.python_pages,
        default_language=settings.default_language,
        mixins=settings.mixins,
        policy=Policy(settings.reference_language, settings.strict, settings.keep_going),
    )
    modules = merged.modules
    sources, keys = _render(modules, cache, settings)
    result = Plan(
        files={name: source.encode("utf-8") for name, source in sources.items()},
        pages=len(found.pages) + len(found.python_pages),
        members=sum(len(spec.members) for module in modules for spec in module.enums),
        skipped=[str(page) for page in found.skipped],
        notes=merged.notes,
        warnings=[*found.warnings, *merged.warnings],
        refused=[str(error) for error in [*found.refused, *merged.refused]],
    )
    if cache is not None:
        cache.store_plan(key, _entry_of_plan(result, keys))
    return result


def _cached_module(cache: Cache, key: str, name: str, settings: Settings) -> str | None:
    """A module's text from the cache, verified exactly as fresh text is; ``None`` where there is
    none or it is not what the generator writes."""
    text = cache.load_module(key)
    if text is None:
        return None
    try:
        verify_module(text.encode("utf-8"), shown(settings.out / name), _mixin_modules(settings.mixins))
    except (CodegenError, UnicodeEncodeError):
        return None
    return text


def _mixin_modules(mixins: Mapping[str, str]) -> tuple[str, ...]:
    return tuple(sorted({reference.partition(":")[0] for reference in mixins.values()}))


def _render(
    modules: list[ModuleSpec], cache: Cache | None, settings: Settings
) -> tuple[dict[str, str], dict[str, str]]:
    """Every module's source, and its cache key; with a cache, only modules whose records changed
    are rendered."""
    rendered: dict[str, str] = {}
    keys: dict[str, str] = {}
    if cache is not None:
        from codegen.cache import record_hash  # noqa: PLC0415

        keys = {f"{module.module_name}.py": record_hash(module) for module in modules}
        keys["__init__.py"] = record_hash(
            ("package", [(module.module_name, module.sources) for module in modules])
        )
        for name, key in keys.items():
            text = _cached_module(cache, key, name, settings)
            if text is not None:
                rendered[name] = text
    missing = [module for module in modules if f"{module.module_name}.py" not in rendered]
    if missing or "__init__.py" not in rendered:
        from codegen.render import render_module, render_package_init  # noqa: PLC0415 - Jinja only here

        for module in missing:
            rendered[f"{module.module_name}.py"] = render_module(module)
        if "__init__.py" not in rendered:
            rendered["__init__.py"] = render_package_init(modules)
        if cache is not None:
            fresh = {f"{module.module_name}.py" for module in missing} | {"__init__.py"}
            cache.store_modules({keys[name]: rendered[name] for name in fresh if name in keys})
    names = [*(f"{module.module_name}.py" for module in modules), "__init__.py"]
    return {name: rendered[name] for name in names}, keys


def _entry_of_plan(result: Plan, keys: Mapping[str, str]) -> dict[str, object]:
    """The plan as the keys of its modules in the module cache (their text is stored once)."""
    return {
        "files": dict(keys),
        "pages": result.pages,
        "members": result.members,
        "skipped": result.skipped,
        "notes": result.notes,
        "warnings": result.warnings,
        "refused": result.refused,
    }


def _plan_from_entry(entry: Any, cache: Cache, settings: Settings) -> Plan | None:
    """A cached plan, or ``None`` for an entry that is not one (or whose modules are gone)."""
    if entry is None:
        return None
    try:
        files: dict[str, bytes] = {}
        for name, key in entry["files"].items():
            text = _cached_module(cache, str(key), str(name), settings)
            if text is None:
                return None  # a module of this plan is gone: plan again
            files[str(name)] = text.encode("utf-8")
        result = Plan(
            files=files,
            pages=int(entry["pages"]),
            members=int(entry["members"]),
            skipped=[str(item) for item in entry["skipped"]],
            notes=[str(item) for item in entry["notes"]],
            warnings=[str(item) for item in entry["warnings"]],
            refused=[str(item) for item in entry["refused"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return result if files else None


def verify_files(
    files: Mapping[str, bytes], out_dir: Path, mixins: Mapping[str, str], *, prove: bool
) -> None:
    """Check the bytes of ``files`` (``verify``) and, before they are written, prove they import.

    Only the files a run would write need it: a file whose bytes are already on disk was proven
    when it was written. (In a ``--check`` of an unchanged tree, parsing and executing every
    module again was a quarter of the run.)
    """
    mixin_modules = _mixin_modules(mixins)
    checks = [(name, data, shown(out_dir / name)) for name, data in files.items()]
    chunks = [
        (checks[start : start + _CHUNK], mixin_modules, prove) for start in range(0, len(checks), _CHUNK)
    ]
    results = [result for chunk in _map(_check_chunk, chunks, many=len(checks)) for result in chunk]
    # As one process would report: the first file that is not what we write, else the first that
    # does not import.
    for stage in ("verify", "prove"):
        for result in results:
            if result is not None and result[0] == stage:
                raise result[1]


# Files checked by one worker at a time: the proof's imports of the runtime are made once a chunk.
_CHUNK = 32
_Chunk = tuple[list[tuple[str, bytes, str]], tuple[str, ...], bool]
"""Files (name, bytes, path as shown), the mixin modules, whether to prove the files import."""


def _check_chunk(chunk: _Chunk) -> list[tuple[str, CodegenError] | None]:
    """``verify_module`` and, if asked, the import proof of each file: its first problem and the
    stage, returned (not raised) so that workers hand them back."""
    files, mixin_modules, prove = chunk
    results: list[tuple[str, CodegenError] | None] = []
    verified: list[tuple[int, str, bytes, str]] = []
    for name, data, shown_path in files:
        try:
            verify_module(data, shown_path, mixin_modules)
        except CodegenError as error:
            results.append(("verify", error))
            continue
        results.append(None)
        verified.append((len(results) - 1, name, data, shown_path))
    if prove and verified:
        with proof_context(mixin_modules):
            for index, name, data, shown_path in verified:
                try:
                    prove_one(name, data, shown_path)
                except CodegenError as error:
                    results[index] = ("prove", error)
    return results
