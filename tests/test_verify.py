"""Verify: every negative branch; a module that is not the generator's shape is never written."""

from __future__ import annotations

import ast
import copy as copy_module
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from codegen.errors import CodegenError
from codegen.header import HEADER
from codegen.pipeline import verify_files
from codegen.verify import proof_context, prove_one, verify_module
from tests.helpers import GENERATED

GOOD_CLASS = """
__all__ = [
    "Color",
]


class Color(
    _documented.DocumentedMixin,
    _enum.IntEnum,
    metaclass=_documented.DocumentedEnumType,
):
    "Colors."

    RED = 1
    CRIMSON = RED

    __aspose__ = _documented.EnumDocs(namespace="N", name="Color", underlying="int", default_language="en", summaries={"en": "Colors."}, members=_documented.members(_documented.member("RED", "Red", {"en": "red"}), _documented.member("CRIMSON", "Crimson", {"en": "red"})))
"""
IMPORTS = "import enum as _enum\n\nfrom smtpstatus import documented as _documented\n"
MIXIN_IMPORTS = "import enum as _enum\n\nfrom mypackage.mixins import Mixin as _Mixin\nfrom smtpstatus import documented as _documented\n"
GENERATED_MODULE = (GENERATED / "aspose_email_clients_smtp.py").read_bytes()
MIXIN_MODULES = ["smtpstatus._reply_code"]


def module(body: str, imports: str = IMPORTS) -> bytes:
    return (HEADER + '"Doc."\n\n' + imports + body).encode()


def test_the_generators_shape_passes_and_imports() -> None:
    data = module(GOOD_CLASS)
    verify_module(data, "out.py")
    with proof_context():
        prove_one("out.py", data, "out.py")
    verify_module(GENERATED_MODULE, "real.py", MIXIN_MODULES)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("import os\n", "expected `__all__"),
        ("x = 1\n", "expected `__all__"),
        ("def f(): pass\n", "FunctionDef is never written"),
        (GOOD_CLASS.replace("    RED = 1", "    RED = __import__('os')"), "unexpected statement"),
        (GOOD_CLASS.replace("    CRIMSON = RED", "    CRIMSON = BLUE"), "unexpected statement"),
        (GOOD_CLASS.replace('"Colors."\n', '"Colors."\n    def f(self): pass\n'), "FunctionDef"),
        (GOOD_CLASS.replace("members=_documented.members(", "members=eval("), "expected __aspose__ last"),
        (GOOD_CLASS.replace('name="Color"', "name=1"), "expected __aspose__ last"),
        (GOOD_CLASS.replace("class Color", "@decorator\nclass Color"), "no decorator"),
        (
            GOOD_CLASS.replace("metaclass=_documented.DocumentedEnumType", "metaclass=type"),
            "unexpected decorator or keyword",
        ),
        # What an earlier verify let through (issue 18): a call inside __all__, a second target,
        # a metaclass of any name in the runtime module, a star import, a foreign base class.
        (GOOD_CLASS.replace('    "Color",\n]', "    __import__('os').system('true'),\n]"), "list of strings"),
        (GOOD_CLASS.replace('    "Color",\n]', "    *['Color'],\n]"), "Starred is never written"),
        (GOOD_CLASS.replace("    RED = 1", "    RED = X = 1"), "unexpected statement"),
        (GOOD_CLASS.replace("DocumentedEnumType", "anything"), "unexpected decorator or keyword"),
        (GOOD_CLASS.replace("_enum.IntEnum", "_enum.Enum"), "unexpected base classes"),
        (
            GOOD_CLASS.replace("    _enum.IntEnum,", "    _enum.IntEnum,\n    object,"),
            "unexpected base classes",
        ),
        (GOOD_CLASS.replace('    "Color",\n]', '    "Other",\n]'), "__all__ must list"),
        (GOOD_CLASS.replace("    RED = 1", "    __init_subclass__ = 1"), "unexpected statement"),
        ("class (:\n", "generated code does not compile"),
    ],
)
def test_what_the_generator_does_not_write_is_refused(body: str, message: str) -> None:
    with pytest.raises(CodegenError, match=message):
        verify_module(module(body), "out.py")


def test_imports_only_of_the_runtime_and_the_mixins() -> None:
    with pytest.raises(CodegenError, match="not the runtime or a configured mixin"):
        verify_module(module(GOOD_CLASS, IMPORTS + "from os import system\n"), "out.py")
    with pytest.raises(CodegenError, match="not the runtime or a configured mixin"):
        verify_module(module(GOOD_CLASS, IMPORTS + "from enum import *\n"), "out.py", ["enum"])
    mixed = GOOD_CLASS.replace(
        "    _documented.DocumentedMixin,", "    _Mixin,\n    _documented.DocumentedMixin,"
    )
    verify_module(
        module(mixed, MIXIN_IMPORTS),
        "out.py",
        ["mypackage.mixins"],
    )
    with pytest.raises(CodegenError, match="not an imported mixin"):
        verify_module(
            module(
                mixed.replace("_Mixin,", "_Other,"),
                MIXIN_IMPORTS,
            ),
            "out.py",
            ["mypackage.mixins"],
        )


# --- mutations of the real generated module: any node the generator does not write is refused ---

_EVIL_CALL = ast.Call(func=ast.Name(id="evil", ctx=ast.Load()), args=[], keywords=[])


def _mutants(tree: ast.Module) -> Iterator[tuple[str, ast.Module]]:
    """Copies of ``tree`` each with one change the generator never makes: an expression replaced by
    a call, a second assignment target, an extra keyword, a statement appended to a body."""
    for index, node in enumerate(ast.walk(tree)):
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.expr) and not isinstance(value, ast.Call):
                yield f"{type(node).__name__}.{field}#{index} := call", _replaced(tree, index, field, None)
            elif isinstance(value, list) and value and isinstance(value[0], ast.expr):
                items = cast("list[ast.expr]", value)
                for position, item in enumerate(items):
                    if not isinstance(item, ast.Call):
                        yield (
                            f"{type(node).__name__}.{field}[{position}]#{index} := call",
                            _replaced(tree, index, field, position),
                        )
            elif isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                yield f"{type(node).__name__}.{field}#{index} += expr", _appended(tree, index, field)
        if isinstance(node, ast.Assign):
            yield f"Assign#{index} second target", _second_target(tree, index)
        if isinstance(node, (ast.Call, ast.ClassDef)):
            yield f"{type(node).__name__}#{index} extra keyword", _extra_keyword(tree, index)


def _nth(tree: ast.Module, index: int) -> tuple[ast.Module, ast.AST]:
    copy = copy_module.deepcopy(tree)
    return copy, list(ast.walk(copy))[index]


def _replaced(tree: ast.Module, index: int, field: str, position: int | None) -> ast.Module:
    copy, node = _nth(tree, index)
    if position is None:
        setattr(node, field, copy_module.deepcopy(_EVIL_CALL))
    else:
        getattr(node, field)[position] = copy_module.deepcopy(_EVIL_CALL)
    return copy


def _appended(tree: ast.Module, index: int, field: str) -> ast.Module:
    copy, node = _nth(tree, index)
    getattr(node, field).append(ast.Expr(value=copy_module.deepcopy(_EVIL_CALL)))
    return copy


def _second_target(tree: ast.Module, index: int) -> ast.Module:
    copy, node = _nth(tree, index)
    assert isinstance(node, ast.Assign)
    node.targets.append(ast.Name(id="evil", ctx=ast.Store()))
    return copy


def _extra_keyword(tree: ast.Module, index: int) -> ast.Module:
    copy, node = _nth(tree, index)
    assert isinstance(node, (ast.Call, ast.ClassDef))
    node.keywords.append(ast.keyword(arg="evil", value=ast.Constant(value=1)))
    return copy


@pytest.mark.slow
def test_every_mutation_of_the_real_module_is_refused() -> None:
    tree = ast.parse(GENERATED_MODULE)
    count = 0
    for what, mutant in _mutants(tree):
        data = HEADER.encode() + ast.unparse(ast.fix_missing_locations(mutant)).encode() + b"\n"
        with pytest.raises(CodegenError, match=r"not of the generator's shape|does not compile") as refused:
            verify_module(data, "mutant.py", MIXIN_MODULES)
        assert refused.value.path == "mutant.py", what
        count += 1
    assert count > 500  # every node of the real module was tried


def test_the_bytes_are_checked_not_a_str() -> None:
    with pytest.raises(CodegenError, match="as utf-7"):
        verify_module(b"# -*- coding: utf-7 -*-\n" + module(GOOD_CLASS), "out.py")
    with pytest.raises(CodegenError, match="could not read"):
        verify_module(b"# coding: no-such-codec\n" + module(GOOD_CLASS), "out.py")
    with pytest.raises(CodegenError, match="as utf-8-sig"):
        verify_module(b"\xef\xbb\xbf" + module(GOOD_CLASS), "out.py")  # a BOM is not what we write
    with pytest.raises(CodegenError, match="fixed header"):
        verify_module(b"#!/usr/bin/env python\n" + module(GOOD_CLASS), "out.py")
    with pytest.raises(CodegenError, match="does not compile"):
        verify_module(module(GOOD_CLASS + "\x00"), "out.py")


def test_a_module_that_fails_on_import_is_located() -> None:
    data = module(GOOD_CLASS.replace("    CRIMSON = RED", "    RED = 2"))  # a duplicate member name
    verify_module(data, "out.py")
    failure = r"generated module fails on import: TypeError"
    with proof_context(), pytest.raises(CodegenError, match=failure) as caught:
        prove_one("out.py", data, "shown/out.py")
    assert caught.value.path == "shown/out.py"
    assert caught.value.line is not None


def test_a_large_set_is_checked_in_workers_and_reports_as_one_process_would(tmp_path: Path) -> None:
    good = module(GOOD_CLASS)
    files = {f"m{index:03}.py": good for index in range(250)}  # over PARALLEL_MIN_PAGES: workers
    files["m150.py"] = module(GOOD_CLASS.replace("    CRIMSON = RED", "    RED = 2"))  # fails on import
    verify_files(files, tmp_path, {}, prove=False)  # not proven: nothing to say
    with pytest.raises(CodegenError, match=r"m150\.py:.*fails on import"):
        verify_files(files, tmp_path, {}, prove=True)
    files["m200.py"] = module(GOOD_CLASS, IMPORTS + "import os\n")  # not the generator's shape
    with pytest.raises(CodegenError, match=r"m200\.py:.*not of the generator's shape"):
        verify_files(files, tmp_path, {}, prove=True)  # the shape is checked before any import
