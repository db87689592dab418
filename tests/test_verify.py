"""Verify: every negative branch; a module that is not the generator's shape is never written."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.errors import CodegenError
from codegen.header import HEADER
from codegen.pipeline import verify_files
from codegen.verify import proof_context, prove_one, verify_module

GOOD_CLASS = """
class Color(_documented.DocumentedMixin, _enum.IntEnum, metaclass=_documented.DocumentedEnumType):
    "Colors."

    __aspose__ = _documented.EnumDocs(namespace="N", name="Color", underlying="int", default_language="en", summaries={"en": "Colors."}, members=_documented.members(_documented.member("RED", "Red", {"en": "red"})))

    RED = 1
    Red = RED
"""
IMPORTS = "import enum as _enum\n\nfrom smtpstatus import _documented\n"


def module(body: str, imports: str = IMPORTS) -> bytes:
    return (HEADER + '"Doc."\n\n' + imports + body).encode()


def test_the_generators_shape_passes_and_imports() -> None:
    data = module(GOOD_CLASS)
    verify_module(data, "out.py")
    with proof_context():
        prove_one("out.py", data, "out.py")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("import os\n", "unexpected top-level Import"),
        ("x = 1\n", "unexpected top-level Assign"),
        ("def f(): pass\n", "unexpected top-level FunctionDef"),
        (
            GOOD_CLASS.replace("    RED = 1", "    RED = __import__('os')"),
            "unexpected statement in generated class",
        ),
        (GOOD_CLASS.replace("    Red = RED", "    Red = BLUE"), "unexpected statement in generated class"),
        (
            GOOD_CLASS.replace('"Colors."\n', '"Colors."\n    def f(self): pass\n'),
            "unexpected statement in generated class",
        ),
        (
            GOOD_CLASS.replace("members=_documented.members(", "members=eval("),
            "unexpected statement in generated class",
        ),
        (GOOD_CLASS.replace('name="Color"', "name=1"), "unexpected statement in generated class"),
        ("@decorator\n" + GOOD_CLASS.lstrip(), "unexpected decorator or keyword"),
        (
            GOOD_CLASS.replace("metaclass=_documented.DocumentedEnumType", "metaclass=type"),
            "unexpected decorator or keyword",
        ),
        ("class (:\n", "generated code does not compile"),
    ],
)
def test_what_the_generator_does_not_write_is_refused(body: str, message: str) -> None:
    with pytest.raises(CodegenError, match=message):
        verify_module(module(body), "out.py")


def test_imports_only_of_the_runtime_and_the_mixins() -> None:
    with pytest.raises(CodegenError, match="unexpected top-level ImportFrom"):
        verify_module(module(GOOD_CLASS, IMPORTS + "from os import system\n"), "out.py")
    verify_module(
        module(GOOD_CLASS, IMPORTS + "from mypackage.mixins import Mixin as _Mixin\n"),
        "out.py",
        ["mypackage.mixins"],
    )


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
    data = module(GOOD_CLASS.replace("    Red = RED", "    RED = 2"))  # a duplicate member name
    verify_module(data, "out.py")
    failure = r"generated module fails on import: TypeError"
    with proof_context(), pytest.raises(CodegenError, match=failure) as caught:
        prove_one("out.py", data, "shown/out.py")
    assert caught.value.path == "shown/out.py"
    assert caught.value.line is not None


def test_a_large_set_is_checked_in_workers_and_reports_as_one_process_would(tmp_path: Path) -> None:
    good = module(GOOD_CLASS)
    files = {f"m{index:03}.py": good for index in range(250)}  # over PARALLEL_MIN_PAGES: workers
    files["m150.py"] = module(GOOD_CLASS.replace("    Red = RED", "    RED = 2"))  # fails on import
    verify_files(files, tmp_path, {}, prove=False)  # not proven: nothing to say
    with pytest.raises(CodegenError, match=r"m150\.py:.*fails on import"):
        verify_files(files, tmp_path, {}, prove=True)
    files["m200.py"] = module(GOOD_CLASS, IMPORTS + "import os\n")  # not the generator's shape
    with pytest.raises(CodegenError, match=r"m200\.py:.*unexpected top-level Import"):
        verify_files(files, tmp_path, {}, prove=True)  # the shape is checked before any import
