"""Command line: ``python -m codegen [--check] [--docs DIR --out DIR]``.

Exit codes: 0 done (or up to date), 1 ``--check`` found drift, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from codegen.config import Settings, find_pyproject, load_settings, parse_mixin
from codegen.display import printable, shown
from codegen.errors import CodegenError, CodegenErrors
from codegen.pipeline import Plan, plan
from codegen.write import differences, leftovers, locked, publish, remove_leftovers, unified_diff

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT = 0, 1, 2


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m codegen",
        description="Generate Python enums from Aspose (xmldocmd) enum reference pages.",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 with a diff if output is not current"
    )
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
        "--mixin",
        action="append",
        default=[],
        metavar="ENUM=module:Class",
        help="add a hand-written mixin to the enum with this full .NET name (repeatable)",
    )
    return parser.parse_args(argv)


def _settings(arguments: argparse.Namespace) -> Settings:
    if arguments.docs is not None and arguments.out is not None:
        base = Settings(docs=arguments.docs, out=arguments.out)
    else:
        pyproject = find_pyproject(Path.cwd())
        if pyproject is None:
            raise CodegenError(
                "pyproject.toml", None, "no [tool.smtpstatus-codegen] settings found; pass --docs and --out"
            )
        base = load_settings(pyproject)
        base = Settings(
            docs=arguments.docs or base.docs,
            out=arguments.out or base.out,
            default_language=base.default_language,
            mixins=base.mixins,
        )
    mixins = dict(base.mixins)
    for item in arguments.mixin:
        enum_name, sep, reference = item.partition("=")
        if not sep:
            raise CodegenError("--mixin", None, f"expected ENUM=module:Class, got {item!r}")
        parse_mixin(reference, "--mixin")
        mixins[enum_name] = reference
    return Settings(
        docs=base.docs,
        out=base.out,
        default_language=arguments.default_language or base.default_language,
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


def _say(text: str, *, error: bool = False) -> None:
    """Print a message; text from the docs or the disk never reaches the terminal raw."""
    print(printable(text, keep="\n"), file=sys.stderr if error else sys.stdout)


def run(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    settings = _settings(arguments)
    result = plan(
        settings.docs, settings.out, default_language=settings.default_language, mixins=settings.mixins
    )
    for note in [*map(str, result.skipped), *result.notes]:
        _say(f"note: {note}", error=True)
    out_shown = shown(settings.out)
    if arguments.check:
        return _check(arguments, settings, result)
    with locked(settings.out, exclusive=True):
        for path in remove_leftovers(settings.out):
            _say(f"{shown(path)}: removed, left by an interrupted run", error=True)
        found = differences(settings.out, result.files)
        publish(settings.out, found)
    docs_shown = shown(settings.docs)
    for difference in found:
        verb = (
            "removed (its source is gone)" if difference.kind == "stale" else f"regenerated from {docs_shown}"
        )
        _say(f"{out_shown}/{difference.name} {verb}")
    _say(
        f"{out_shown}: {len(result.files)} files, {len(found)} changed ({result.pages} pages, {result.members} members)"
    )
    return EXIT_OK


def _check(arguments: argparse.Namespace, settings: Settings, result: Plan) -> int:
    """``--check``: report drift and leftovers of interrupted runs, write nothing."""
    out_shown = shown(settings.out)
    with locked(settings.out, exclusive=False):
        found = differences(settings.out, result.files)
        debris = leftovers(settings.out)
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
    _say(
        f"{out_shown}: {len(result.files)} generated files are up to date ({result.pages} pages, {result.members} members)"
    )
    return EXIT_OK


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
    except OSError as error:
        _say(f"{error.filename or 'codegen'}: {error.strerror}", error=True)
        return EXIT_BAD_INPUT
    except RecursionError:
        _say("codegen: input nests too deeply to parse", error=True)
        return EXIT_BAD_INPUT
    except Exception as error:  # pragma: no cover - a generator bug, not bad input
        if os.environ.get("CODEGEN_DEBUG"):
            raise
        print(
            f"codegen: internal error: {type(error).__name__}: {error} (set CODEGEN_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
