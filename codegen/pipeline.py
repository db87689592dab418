"""The whole run: docs directory in, planned output files out (``plan``), checked (``verify_files``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Union

from codegen.display import shown
from codegen.errors import CodegenError, CodegenErrors, NotAnEnumPage
from codegen.merge import build_modules
from codegen.model import Page, PythonPage
from codegen.parse import parse_page
from codegen.read import find_pages, read_page
from codegen.render import render_module, render_package_init
from codegen.verify import prove_imports, verify_module


class Plan(NamedTuple):
    files: dict[str, bytes]
    """Output file name -> the bytes to write, verified and proven to import."""
    pages: int
    members: int
    skipped: list[NotAnEnumPage]
    notes: list[str]


Outcome = Union[Page, PythonPage, NotAnEnumPage, CodegenError]


def read_one(path: Path, shown_path: str, source: str) -> Outcome:
    """Read and parse one page; a problem is returned, not raised, so every page is reported."""
    try:
        return parse_page(read_page(path, shown_path), shown_path, source)
    except (NotAnEnumPage, CodegenError) as outcome:
        return outcome
    except RecursionError:
        return CodegenError(shown_path, None, "nests too deeply to parse")


# Below this many pages a second process costs more than it saves (make bench, "generation").
PARALLEL_MIN_PAGES = 200
Job = tuple[Path, str, str]


def _read_job(job: Job) -> Outcome:
    return read_one(*job)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the kernel kills this worker when the generator dies (Linux
    ``PR_SET_PDEATHSIG``), so a killed run leaves no process behind."""
    import ctypes  # noqa: PLC0415 - workers only
    import signal  # noqa: PLC0415

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def read_all(jobs: list[Job]) -> list[Outcome]:
    """Every page's outcome, in the order of ``jobs``; on several cores for a large tree, where
    the system can tie the workers' lives to the generator's (Linux)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN_PAGES or workers < 2 or not sys.platform.startswith("linux"):
        return [_read_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only large trees pay for it

    with ProcessPoolExecutor(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        return list(pool.map(_read_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))))


def read_pages(docs_dir: Path) -> tuple[list[Page], list[PythonPage], list[NotAnEnumPage]]:
    pages: list[Page] = []
    python_pages: list[PythonPage] = []
    skipped: list[NotAnEnumPage] = []
    errors: list[CodegenError] = []
    jobs = [(path, shown(path), path.relative_to(docs_dir).as_posix()) for path in find_pages(docs_dir)]
    for outcome in read_all(jobs):
        if isinstance(outcome, Page):
            pages.append(outcome)
        elif isinstance(outcome, PythonPage):
            python_pages.append(outcome)
        elif isinstance(outcome, NotAnEnumPage):
            skipped.append(outcome)
        else:
            errors.append(outcome)
    if errors:
        raise CodegenErrors(errors)
    if not pages:
        raise CodegenError(shown(docs_dir), None, "no enum reference pages found")
    return pages, python_pages, skipped


def plan(docs_dir: Path, out_dir: Path, *, default_language: str, mixins: Mapping[str, str]) -> Plan:
    pages, python_pages, skipped = read_pages(docs_dir)
    modules, notes = build_modules(pages, python_pages, default_language=default_language, mixins=mixins)
    sources = {f"{module.module_name}.py": render_module(module) for module in modules}
    sources["__init__.py"] = render_package_init(modules)
    files = {name: source.encode("utf-8") for name, source in sources.items()}
    members = sum(len(spec.members) for module in modules for spec in module.enums)
    return Plan(
        files=files, pages=len(pages) + len(python_pages), members=members, skipped=skipped, notes=notes
    )


def verify_files(
    files: Mapping[str, bytes], out_dir: Path, mixins: Mapping[str, str], *, prove: bool
) -> None:
    """Check the bytes of ``files`` (``verify``) and, before they are written, prove they import.

    Only the files a run would write need it: a file whose bytes are already on disk was proven
    when it was written. (In a ``--check`` of an unchanged tree, parsing and executing every
    module again was a quarter of the run.)
    """
    shown_paths = {name: shown(out_dir / name) for name in files}
    mixin_modules = {reference.partition(":")[0] for reference in mixins.values()}
    for name, data in files.items():
        verify_module(data, shown_paths[name], mixin_modules)
    if prove:
        prove_imports(files, shown_paths, mixin_modules)
