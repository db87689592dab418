"""The whole run as one function: docs directory in, planned output files out."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Union

from codegen.errors import CodegenError, NotAnEnumPage
from codegen.merge import build_modules
from codegen.model import Page
from codegen.parse import parse_page
from codegen.read import find_pages, read_page
from codegen.render import render_module, render_package_init
from codegen.verify import verify_module


class CodegenErrors(Exception):
    """Every bad page of a run, so one run reports them all."""

    def __init__(self, errors: list[CodegenError]) -> None:
        super().__init__(errors)
        self.errors = errors


class Plan(NamedTuple):
    files: dict[str, str]
    """Output file name -> content."""
    pages: int
    members: int
    skipped: list[NotAnEnumPage]


def shown(path: Path) -> str:
    """A path for messages: relative to the working directory where that is shorter."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else str(path)


# Below this many pages a second process costs more than it saves (measured: make bench).
PARALLEL_MIN_PAGES = 200

Job = tuple[Path, str, str]
Outcome = Union[Page, NotAnEnumPage, CodegenError]


def read_one(job: Job) -> Outcome:
    """Read and parse one page; a problem is returned, not raised, so a worker can hand it back."""
    path, shown_path, source = job
    try:
        return parse_page(read_page(path, shown_path), shown_path, source)
    except (NotAnEnumPage, CodegenError) as outcome:
        return outcome


def read_all(jobs: list[Job]) -> list[Outcome]:
    """Every page's outcome, in the order of ``jobs``; on several cores for a large tree."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN_PAGES or workers < 2:
        return [read_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only large trees pay for it

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(read_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))


def read_pages(docs_dir: Path) -> tuple[list[Page], list[NotAnEnumPage]]:
    jobs = [(path, shown(path), path.relative_to(docs_dir).as_posix()) for path in find_pages(docs_dir)]
    pages: list[Page] = []
    skipped: list[NotAnEnumPage] = []
    errors: list[CodegenError] = []
    for outcome in read_all(jobs):
        if isinstance(outcome, Page):
            pages.append(outcome)
        elif isinstance(outcome, NotAnEnumPage):
            skipped.append(outcome)
        else:
            errors.append(outcome)
    if errors:
        raise CodegenErrors(errors)
    if not pages:
        raise CodegenError(shown(docs_dir), None, "no enum reference pages found")
    return pages, skipped


def plan(docs_dir: Path, out_dir: Path, *, default_language: str, mixins: Mapping[str, str]) -> Plan:
    pages, skipped = read_pages(docs_dir)
    modules = build_modules(pages, default_language=default_language, mixins=mixins)
    files = {f"{module.module_name}.py": render_module(module) for module in modules}
    files["__init__.py"] = render_package_init(modules)
    for name, source in files.items():
        verify_module(source, shown(out_dir / name))
    members = sum(len(spec.members) for module in modules for spec in module.enums)
    return Plan(files=files, pages=len(pages), members=members, skipped=skipped)
