"""Command line.

``python -m codegen [--check] [--docs DIR --out DIR]``  generate, or check for drift
``python -m codegen diff OLD_DOCS NEW_DOCS [--json]``  what changed between two docs trees
``python -m codegen sync --from DIR [--json]``        take the pages from an upstream checkout

Exit codes: 0 done (or up to date), 1 ``--check`` found drift or ``--keep-going`` left pages out,
2 bad input or usage, 3 an
internal error (a bug of the generator, never caused by input), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import os
import sys


def _interrupted_quietly(kind: type[BaseException], value: BaseException, traceback: object) -> None:
    """Ctrl-C at any instant, imports included: exit 130, no traceback (``main`` handles the rest)."""
    if issubclass(kind, KeyboardInterrupt):
        os._exit(130)
    sys.__excepthook__(kind, value, traceback)  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.excepthook = _interrupted_quietly

import argparse  # after the interrupt handler, which must be in place first
import contextlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from codegen.config import Settings, find_pyproject, load_settings, parse_mixin
from codegen.display import printable, shown
from codegen.errors import CodegenError, CodegenErrors
from codegen.model import LANGUAGE_CODE
from codegen.pipeline import Plan, plan, verify_files
from codegen.write import (
    Difference,
    check_output_location,
    differences,
    leftovers,
    locked,
    publish,
    remove_leftover,
    remove_leftovers,
    unified_diff,
)

if TYPE_CHECKING:
    from codegen.cache import Cache

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m codegen",
        description="Generate Python enums from Aspose (xmldocmd) enum reference pages.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff if output is not current"
    )
    parser.add_argument("--version", action="version", version="smtpstatus-codegen (smtpstatus 0.1.0)")
    parser.add_argument(
        "--docs", type=Path, help="directory of reference pages (default: from pyproject.toml)"
    )
    parser.add_argument(
        "--out", type=Path, help="directory for the generated modules (default: from pyproject.toml)"
    )
    parser.add_argument(
        "--default-language", help="language of member.description (default: from pyproject.toml, else en)"
    )
    parser.add_argument(
        "--reference-language",
        help="language whose page decides an enum's members and values (default: from pyproject.toml, else en)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="every disagreement between the languages of an enum is an error, not a warning",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="generate every enum that is valid, list each refused page, exit 1",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse and render everything, without the per-user cache (always so for --check when CI is set)",
    )
    parser.add_argument(
        "--mixin",
        action="append",
        default=[],
        metavar="ENUM=module:Class",
        help="add a hand-written mixin to the enum with this full .NET name (repeatable)",
    )
    return parser.parse_args(argv)


def _settings(arguments: argparse.Namespace) -> Settings:
    """The settings of ``[tool.smtpstatus-codegen]`` where there are any, each overridden by its
    command-line option; without a pyproject.toml, ``--docs`` and ``--out`` are enough."""
    pyproject = find_pyproject(Path.cwd())
    if pyproject is not None:
        found = load_settings(pyproject)
        base = found._replace(docs=arguments.docs or found.docs, out=arguments.out or found.out)
    elif arguments.docs is not None and arguments.out is not None:
        base = Settings(docs=arguments.docs, out=arguments.out)
    else:
        raise CodegenError(
            "pyproject.toml", None, "no [tool.smtpstatus-codegen] settings found; pass --docs and --out"
        )
    mixins = dict(base.mixins)
    for item in arguments.mixin:
        enum_name, sep, reference = item.partition("=")
        if not sep:
            raise CodegenError("--mixin", None, f"expected ENUM=module:Class, got {item!r}")
        parse_mixin(reference, "--mixin")
        mixins[enum_name] = reference
    for option in ("default_language", "reference_language"):
        value = getattr(arguments, option)
        if value is not None and not re.fullmatch(LANGUAGE_CODE, value):
            raise CodegenError(f"--{option.replace('_', '-')}", None, f"{value!r} is not a language code")
    return base._replace(
        default_language=arguments.default_language or base.default_language,
        reference_language=arguments.reference_language or base.reference_language,
        strict=arguments.strict or base.strict,
        keep_going=arguments.keep_going or base.keep_going,
        mixins=mixins,
    )


def _fix_command(arguments: argparse.Namespace) -> str:
    import shlex  # noqa: PLC0415 - needed only when something drifted

    words = ["python", "-m", "codegen"]
    for option in ("docs", "out"):
        value = getattr(arguments, option)
        if value is not None:
            words += [f"--{option}", str(value)]
    return shlex.join(words)


def _in_ci() -> bool:
    """``CI`` is set (GitHub Actions, GitLab, ... set it): a ``--check`` there trusts no cache."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _cache(arguments: argparse.Namespace) -> Cache | None:
    """The per-user cache, or ``None``: ``--no-cache``, a ``--check`` in CI, or a location that is
    not a cache this generator made (then a note says why)."""
    if arguments.no_cache or (arguments.check and _in_ci()):
        return None
    from codegen.cache import open_cache  # noqa: PLC0415

    cache, note = open_cache()
    if note is not None:
        _say(f"note: {note}", error=True)
    return cache


def _say(text: str, *, error: bool = False) -> None:
    """Print a message; text from the docs or the disk never reaches the terminal raw."""
    print(printable(text, keep="\n"), file=sys.stderr if error else sys.stdout)


def _diff(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen diff",
        description="What a change of the docs means to the code that imports it.",
    )
    parser.add_argument("old", type=Path, help="the docs before")
    parser.add_argument("new", type=Path, help="the docs after")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    arguments = parser.parse_args(argv)
    from codegen.changes import as_json, as_markdown, diff_trees  # noqa: PLC0415

    changes = diff_trees(arguments.old, arguments.new)
    _say(as_json(changes) if arguments.json else as_markdown(changes).rstrip("\n"))
    return EXIT_OK


def _sync(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen sync",
        description="Take the configured enums' pages from an Aspose API-reference checkout, "
        "regenerate, and say what changed.",
    )
    parser.add_argument("--from", dest="upstream", type=Path, required=True, help="the upstream checkout")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    arguments = parser.parse_args(argv)
    from codegen import sync  # noqa: PLC0415
    from codegen.changes import as_json, as_markdown, compare, snapshot  # noqa: PLC0415
    from codegen.config import sync_table  # noqa: PLC0415

    pyproject = find_pyproject(Path.cwd())
    if pyproject is None:
        raise CodegenError("pyproject.toml", None, "no [tool.smtpstatus-codegen] settings found")
    settings = load_settings(pyproject)
    check_output_location(settings.out, settings.docs)
    before = snapshot(settings.docs, settings)
    wanted = sync.settings_from(sync_table(pyproject), str(pyproject), list(before.enums))
    found = sync.find_upstream_pages(arguments.upstream, wanted)
    sync.check_enum_directories(settings.docs, sorted({enum for enum, _ in found}))
    # Every check happens before the first change: the new pages read, merge and agree, their
    # modules verify and import, and the output holds nothing the run would refuse to overwrite.
    with locked(settings.docs, exclusive=True):
        for path in sync.leftovers(settings.docs):
            remove_leftover(path)
            _say(f"{shown(path)}: removed, left by an interrupted sync", error=True)
        with sync.staging_directory(settings.docs) as scratch:
            staged = sync.stage(found, settings.docs, Path(scratch))
            try:
                changes = compare(before, snapshot(Path(scratch), settings))
                trial = plan(settings._replace(docs=Path(scratch)))
                verify_files(trial.files, settings.out, settings.mixins, prove=True)
            except (CodegenError, CodegenErrors) as problem:
                raise sync.from_upstream(problem, staged.origins) from None
        with locked(settings.out, exclusive=False):
            differences(settings.out, trial.files)
    changed = sync.apply_pages(settings.docs, staged.pages)
    for name in changed:
        _say(f"{shown(settings.docs)}/{name} updated from {shown(arguments.upstream)}", error=True)
    with contextlib.redirect_stdout(sys.stderr) if arguments.json else contextlib.nullcontext():
        generated = run([])  # its report is progress: with --json, stdout holds only the JSON
    _say(as_json(changes) if arguments.json else as_markdown(changes).rstrip("\n"))
    return generated


def run(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["diff"]:
        return _diff(words[1:])
    if words[:1] == ["sync"]:
        return _sync(words[1:])
    arguments = _arguments(argv)
    settings = _settings(arguments)
    check_output_location(settings.out, settings.docs)
    cache = _cache(arguments)
    try:
        result = plan(settings, cache=cache)
    finally:
        if cache is not None:
            cache.close()
    for note in [*map(str, result.skipped), *result.notes]:
        _say(f"note: {note}", error=True)
    for warning in result.warnings:
        _say(warning, error=True)
    for refused in result.refused:
        _say(f"refused: {refused}", error=True)
    out_shown = shown(settings.out)
    if arguments.check:
        return _check(arguments, settings, result)
    with locked(settings.out, exclusive=True):
        for path in remove_leftovers(settings.out):
            _say(f"{shown(path)}: removed, left by an interrupted run", error=True)
        found = differences(settings.out, result.files)
        verify_files(_new_files(found), settings.out, settings.mixins, prove=True)
        publish(settings.out, found)
    docs_shown = shown(settings.docs)
    for difference in found:
        verb = (
            "removed (its source is gone)" if difference.kind == "stale" else f"regenerated from {docs_shown}"
        )
        _say(f"{out_shown}/{difference.name} {verb}")
    _say(f"{out_shown}: {len(result.files)} files, {len(found)} changed ({_counts(result)})")
    return EXIT_DRIFT if result.refused else EXIT_OK


def _counts(result: Plan) -> str:
    """``5 pages, 32 members``, and the warnings and refused pages where there are any."""
    words = [f"{result.pages} pages", f"{result.members} members"]
    if result.warnings:
        words.append(f"{len(result.warnings)} warnings")
    if result.refused:
        words.append(f"{len(result.refused)} refused (exit 1)")
    return ", ".join(words)


def _new_files(found: Sequence[Difference]) -> dict[str, bytes]:
    return {difference.name: difference.new for difference in found if difference.new is not None}


def _semantic_changes(settings: Settings, result: Plan) -> str:
    """What the drift means (the generated modules against the docs), above the text diff."""
    from codegen.changes import as_markdown, compare, snapshot, snapshot_of_generated  # noqa: PLC0415

    try:
        old = snapshot_of_generated(settings.out)
        new = snapshot(settings.docs, settings)
    except (CodegenError, CodegenErrors):
        return ""
    changes = compare(old, new._replace(page_bytes={name: {} for name in new.enums}))
    if not changes:
        return "Semantic changes: none (the generated code differs in layout only).\n\n"
    return "Semantic changes:\n" + as_markdown(changes) + "\n"


def _check(arguments: argparse.Namespace, settings: Settings, result: Plan) -> int:
    """``--check``: report drift and leftovers of interrupted runs, write nothing."""
    out_shown = shown(settings.out)
    with locked(settings.out, exclusive=False):
        found = differences(settings.out, result.files)
        debris = leftovers(settings.out)
    from codegen.sync import leftovers as sync_leftovers  # noqa: PLC0415

    debris += sync_leftovers(settings.docs)
    verify_files(_new_files(found), settings.out, settings.mixins, prove=False)
    if found:
        sys.stdout.write(_semantic_changes(settings, result))
    for difference in found:
        sys.stdout.write(unified_diff(difference, Path(out_shown)))
    for path in debris:
        _say(f"{shown(path)}: left by an interrupted run", error=True)
    if found:
        names = ", ".join(f"{difference.name} ({difference.kind})" for difference in found)
        _say(f"{out_shown}: {len(found)} generated file(s) differ from the docs: {names}", error=True)
    if found or debris:
        _say(f"run `{_fix_command(arguments)}` to regenerate them", error=True)
        return EXIT_DRIFT
    _say(f"{out_shown}: {len(result.files)} generated files are up to date ({_counts(result)})")
    return EXIT_DRIFT if result.refused else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return run(argv)
    except CodegenErrors as errors:
        for error in errors.errors:
            _say(str(error), error=True)
        return EXIT_BAD_INPUT
    except CodegenError as error:
        _say(str(error), error=True)
        return EXIT_BAD_INPUT
    except SystemExit as exit_:  # argparse: usage errors and --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_BAD_INPUT
    except OSError as error:
        _say(f"{error.filename or 'codegen'}: {error.strerror}", error=True)
        return EXIT_BAD_INPUT
    except RecursionError:
        _say("codegen: input nests too deeply to parse", error=True)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _ignore_interrupts()  # a second Ctrl-C while the run winds down changes nothing
        _say("codegen: interrupted; nothing was left half-written", error=True)
        return EXIT_INTERRUPTED
    except Exception as error:  # pragma: no cover - a generator bug, not bad input
        if os.environ.get("CODEGEN_DEBUG"):
            raise
        print(
            f"codegen: internal error: {type(error).__name__}: {error} (set CODEGEN_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _ignore_interrupts() -> None:
    import signal  # noqa: PLC0415

    signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    status = main()
    _ignore_interrupts()  # the interpreter's shutdown (worker pools, buffers) is not interrupted
    sys.exit(status)
