"""Verify: the bytes of a rendered module are what Python will read, and hold only what we write.

Checked on the bytes that will be written, not on the ``str`` they were made from: Python decides
the encoding from the bytes (PEP 263), so the encoding it detects must be UTF-8 and the syntax
tree must come from parsing those very bytes. The tree may hold only the generator's statements
(class bodies of literals, checked names, the runtime and mixin imports). Then every module is
executed in a namespace of its own, never registered in ``sys.modules``: a module that does not
import is never written. A module that fails here is never written to disk.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import io
import sys
import tokenize
import types
from collections.abc import Collection, Generator

from codegen.errors import CodegenError
from codegen.header import HEADER, RUNTIME_IMPORTS, RUNTIME_PACKAGE

# The modules a generated module may import besides the configured mixins: (module, name) pairs.
STANDARD_IMPORTS: frozenset[tuple[str, str | None]] = frozenset({("enum", None)})


def verify_module(data: bytes, shown_path: str, mixin_modules: Collection[str] = ()) -> None:
    """Raise ``CodegenError`` unless ``data`` is UTF-8 Python of the generator's shape."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:  # an unknown or contradictory encoding declaration
        raise CodegenError(shown_path, 1, f"Python could not read the generated code: {error.msg}") from None
    if encoding != "utf-8":
        raise CodegenError(shown_path, 1, f"Python would read the generated code as {encoding}, not utf-8")
    if not data.startswith(HEADER.encode()):
        raise CodegenError(shown_path, 1, "generated code does not start with the fixed header")
    try:
        tree = ast.parse(data, filename=shown_path)
    except (SyntaxError, ValueError) as error:
        line = error.lineno if isinstance(error, SyntaxError) else None
        raise CodegenError(shown_path, line, f"generated code does not compile: {error}") from None
    allowed = STANDARD_IMPORTS | RUNTIME_IMPORTS | {(module, None) for module in mixin_modules}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            _verify_class(node, shown_path)
        elif not _is_expected_top_level(node, allowed):
            raise CodegenError(
                shown_path, node.lineno, f"unexpected top-level {type(node).__name__} in generated code"
            )


@contextlib.contextmanager
def _packages_without_their_init(names: Collection[str]) -> Generator[None, None, None]:
    """Make ``import package.module`` skip ``package/__init__.py`` for packages not yet imported.

    The runtime package's ``__init__`` imports the generated modules now on disk: a broken or
    outdated one there must not stop the proof of the new ones (or run at all). A stand-in
    package with the real ``__path__`` lets submodules load; everything the proof imported is
    forgotten afterwards.
    """
    before = set(sys.modules)
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)  # finds, does not execute
        if spec is None or spec.submodule_search_locations is None:
            continue
        stand_in = types.ModuleType(name)
        stand_in.__path__ = list(spec.submodule_search_locations)
        stand_in.__spec__ = spec
        sys.modules[name] = stand_in
    try:
        yield
    finally:
        for name in set(sys.modules) - before:
            del sys.modules[name]


def proof_context(modules: Collection[str] = ()) -> contextlib.AbstractContextManager[None]:
    """Where ``prove_one`` may run: the runtime's and the mixins' packages without their ``__init__``."""
    packages = {module.split(".")[0] for module in (RUNTIME_PACKAGE, *modules)}
    return _packages_without_their_init(sorted(packages))


def prove_one(name: str, data: bytes, shown_path: str) -> None:
    """Execute one module in a namespace of its own, inside ``proof_context``; ``CodegenError``
    where it fails to import.

    Only modules that passed ``verify_module`` come here: their code is class statements over
    literals and the imports the settings name (the ``modules`` of ``proof_context``).
    """
    module = types.ModuleType(f"_codegen_proof_{name.removesuffix('.py')}")
    module.__file__ = shown_path
    try:
        code = compile(data, shown_path, "exec", dont_inherit=True)
        exec(code, module.__dict__)  # verified generated code, in a namespace of its own
    except Exception as error:
        raise CodegenError(
            shown_path,
            _failing_line(error, shown_path),
            f"generated module fails on import: {type(error).__name__}: {error}",
        ) from None


def _failing_line(error: BaseException, shown_path: str) -> int | None:
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == shown_path:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _is_expected_top_level(node: ast.stmt, allowed: Collection[tuple[str, str | None]]) -> bool:
    if isinstance(node, ast.Import):
        return all((alias.name, None) in allowed and alias.asname == "_" + alias.name for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and all(
            (node.module, alias.name) in allowed or (node.module, None) in allowed for alias in node.names
        )
    if isinstance(node, ast.Expr):
        return _is_str(node.value)
    if isinstance(node, ast.Assign):
        names = _target_names(node)
        if names == ["TYPE_CHECKING"]:
            return isinstance(node.value, ast.Constant) and node.value.value is False
        return names == ["__all__"] and isinstance(node.value, ast.List)
    return False


def _is_typed_aliases(node: ast.stmt, defined: set[str]) -> bool:
    """``if TYPE_CHECKING:`` over ``Name = MEMBER`` lines only: the aliases type checkers read."""
    return (
        isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
        and not node.orelse
        and all(
            isinstance(line, ast.Assign)
            and len(_target_names(line)) == len(line.targets) == 1
            and _is_earlier_member(line.value, defined)
            for line in node.body
        )
    )


def _target_names(node: ast.Assign) -> list[str]:
    return [target.id for target in node.targets if isinstance(target, ast.Name)]


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and _is_str(node.value)


def _is_int(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def _is_runtime_metaclass(keyword: ast.keyword) -> bool:
    """``metaclass=_documented.DocumentedEnumType``: the one keyword a generated class has."""
    value = keyword.value
    return (
        keyword.arg == "metaclass"
        and isinstance(value, ast.Attribute)
        and isinstance(value.value, ast.Name)
        and value.value.id == "_documented"
    )


def _verify_class(node: ast.ClassDef, shown_path: str) -> None:
    if node.decorator_list or not all(_is_runtime_metaclass(keyword) for keyword in node.keywords):
        raise CodegenError(shown_path, node.lineno, "unexpected decorator or keyword in generated class")
    defined: set[str] = set()
    for index, statement in enumerate(node.body):
        ok = index == 0 and _is_docstring(statement)
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            names = _target_names(statement)
            if names == ["__doc__"]:
                ok = _is_str(statement.value)
            elif names == ["__aspose__"]:
                ok = isinstance(statement.value, ast.Call) and _only_literals(statement.value)
            elif names:
                ok = _is_int(statement.value) or _is_earlier_member(statement.value, defined)
                if _is_int(statement.value):
                    defined.add(names[0])
        elif isinstance(statement, ast.If):
            ok = _is_typed_aliases(statement, defined)
        if not ok:
            raise CodegenError(
                shown_path, statement.lineno, f"unexpected statement in generated class {node.name}"
            )


def _is_earlier_member(node: ast.expr, defined: set[str]) -> bool:
    """An alias names a member assigned an int earlier in the same class body."""
    return isinstance(node, ast.Name) and node.id in defined


def _is_runtime_call(node: ast.expr, name: str) -> bool:
    """``_documented.<name>(...)`` with positional arguments only."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "_documented"
        and node.func.attr == name
        and not node.keywords
    )


def _is_str_dict(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Dict)
        and all(key is not None and _is_str(key) for key in node.keys)
        and all(_is_str(value) for value in node.values)
    )


def _is_member(node: ast.expr) -> bool:
    """``_documented.member("PYTHON", "Dotnet", {"de": "...", ...})``."""
    if not _is_runtime_call(node, "member"):
        return False
    assert isinstance(node, ast.Call)
    args = node.args
    return len(args) == 3 and _is_str(args[0]) and _is_str(args[1]) and _is_str_dict(args[2])


def _only_literals(call: ast.Call) -> bool:
    """The documentation table, exactly as the template writes it: ``_documented.EnumDocs`` with
    keyword arguments that are strings, string dicts, or ``_documented.members(member, ...)``.

    Checked node by node in the expected shape (not by walking every node): this runs on every
    module a run writes."""
    if not (
        isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "_documented"
        and call.func.attr == "EnumDocs"
        and not call.args
    ):
        return False
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is None:
            return False
        if _is_str(value) or _is_str_dict(value):
            continue
        if _is_runtime_call(value, "members") and all(_is_member(item) for item in value.args):  # type: ignore[attr-defined]
            continue
        return False
    return True
