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
from codegen.header import (
    ENUM_BASES,
    ENUM_DOCS,
    ENUM_DOCS_FIELDS,
    HEADER,
    METACLASS,
    MIXIN_BASE,
    RUNTIME_LOCAL,
    RUNTIME_MODULE,
    RUNTIME_PACKAGE,
)


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
    _verify_shape(tree, shown_path, mixin_modules)


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
    _check_api_not_hidden(module, data, shown_path)


def _check_api_not_hidden(module: types.ModuleType, data: bytes, shown_path: str) -> None:
    """No member may hide an attribute of the runtime or a mixin (``lookup``, ``description``):
    ``SmtpStatusCode.lookup`` must stay the method. ``enum`` and ``int`` are checked by ``merge``."""
    import enum  # noqa: PLC0415

    for cls in list(vars(module).values()):
        if not (isinstance(cls, type) and issubclass(cls, enum.Enum) and cls.__module__ == module.__name__):
            continue
        api = [base for base in cls.__mro__[1:] if base.__module__ not in ("enum", "builtins")]
        for name in cls.__members__:
            owner = next((base for base in api if name in vars(base)), None)
            if owner is not None:
                marker = f"    {name} = ".encode()
                line = data[: data.index(marker)].count(b"\n") + 1 if marker in data else None
                raise CodegenError(
                    shown_path,
                    line,
                    f"member {cls.__name__}.{name} would hide {owner.__name__}.{name}, which the "
                    "enum's behaviour needs; the docs name a member that cannot be a Python member name",
                )


def _failing_line(error: BaseException, shown_path: str) -> int | None:
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == shown_path:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


# --- the shape: an exact allowlist of what ``render`` writes ----------------------------------
#
# Each function below accepts exactly one statement or expression shape of the templates, field by
# field; everything else is refused with its line. A node kind that none of them names can never
# pass, and ``ALLOWED_NODES`` is checked over the whole tree as a second line of defence.

ALLOWED_NODES: frozenset[type[ast.AST]] = frozenset(
    {
        ast.Module, ast.Expr, ast.Constant, ast.Import, ast.ImportFrom, ast.alias, ast.Assign,
        ast.Name, ast.Load, ast.Store, ast.List, ast.ClassDef, ast.Attribute, ast.keyword, ast.If,
        ast.Call, ast.Dict, ast.UnaryOp, ast.USub,
    }
)  # fmt: skip


class _Refused(Exception):
    def __init__(self, node: ast.AST | None, what: str) -> None:
        super().__init__(what)
        self.line: int | None = getattr(node, "lineno", None)
        self.what = what


def _verify_shape(tree: ast.Module, shown_path: str, mixin_modules: Collection[str]) -> None:
    try:
        for node in ast.walk(tree):
            if type(node) not in ALLOWED_NODES:
                raise _Refused(node, f"{type(node).__name__} is never written by the generator")
        _module_body(tree.body, frozenset(mixin_modules))
    except _Refused as refused:
        raise CodegenError(
            shown_path, refused.line, f"generated code is not of the generator's shape: {refused.what}"
        ) from None


def _module_body(body: list[ast.stmt], mixin_modules: frozenset[str]) -> None:
    """Docstring; then (modules, not the package's ``__init__``) the imports, ``__all__``,
    ``TYPE_CHECKING = False`` where aliases are declared, and the classes."""
    if not body or not _is_docstring(body[0]):
        raise _Refused(body[0] if body else None, "the module docstring must come first")
    rest = body[1:]
    if not rest:
        return  # the package's __init__.py
    if not _is_import_as(rest[0], "enum", "_enum"):
        raise _Refused(rest[0], "expected `import enum as _enum`")
    index = 1
    mixins: set[str] = set()
    imported: list[tuple[str, str]] = []
    while index < len(rest) and isinstance(rest[index], ast.ImportFrom):
        statement = rest[index]
        if _is_import_from(statement, RUNTIME_PACKAGE, RUNTIME_MODULE, RUNTIME_LOCAL):
            imported.append((RUNTIME_PACKAGE, RUNTIME_MODULE))
        else:
            mixins.add(_mixin_import(statement, mixin_modules))
            assert isinstance(statement, ast.ImportFrom)  # the loop's condition
            imported.append((str(statement.module), statement.names[0].name))
        index += 1
    if (RUNTIME_PACKAGE, RUNTIME_MODULE) not in imported or imported != sorted(set(imported)):
        raise _Refused(
            rest[0],
            f"expected `from {RUNTIME_PACKAGE} import {RUNTIME_MODULE} as {RUNTIME_LOCAL}` and the mixins, in order",
        )
    names = _all_list(rest[index] if index < len(rest) else None)
    index += 1
    flag = _assignment(rest[index]) if index < len(rest) else None
    if flag is not None and flag[0] == "TYPE_CHECKING":
        if not (isinstance(flag[1], ast.Constant) and flag[1].value is False):
            raise _Refused(rest[index], "TYPE_CHECKING must be False")
        index += 1
    classes = rest[index:]
    if not classes:
        raise _Refused(rest[-1], "a generated module defines its enums")
    for statement in classes:
        _enum_class(statement, mixins)
    if names != [statement.name for statement in classes if isinstance(statement, ast.ClassDef)]:
        raise _Refused(rest[1], "__all__ must list exactly the enums of the module, in order")


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and _is_constant(node.value, str)


def _is_constant(node: ast.expr, kind: type) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is kind


def _is_name(node: ast.expr, name: str | None = None) -> bool:
    return isinstance(node, ast.Name) and (name is None or node.id == name)


def _is_attribute(node: ast.expr, owner: str, names: Collection[str]) -> bool:
    """``owner.name`` for one of ``names``."""
    return isinstance(node, ast.Attribute) and _is_name(node.value, owner) and node.attr in names


def _is_import_as(node: ast.stmt, module: str, local: str) -> bool:
    return (
        isinstance(node, ast.Import)
        and len(node.names) == 1
        and node.names[0].name == module
        and node.names[0].asname == local
    )


def _is_import_from(node: ast.stmt | None, module: str, name: str, local: str | None) -> bool:
    return (
        isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module == module
        and len(node.names) == 1
        and node.names[0].name == name
        and node.names[0].asname == local
    )


def _mixin_import(node: ast.stmt, mixin_modules: frozenset[str]) -> str:
    """``from package.module import Class as _Class`` of a configured mixin; its local name."""
    if isinstance(node, ast.ImportFrom) and node.module in mixin_modules and len(node.names) == 1:
        name = node.names[0].name
        if name != "*" and _is_import_from(node, node.module, name, "_" + name):
            return "_" + name
    raise _Refused(node, "an import that is not the runtime or a configured mixin")


def _assignment(node: ast.stmt) -> tuple[str, ast.expr] | None:
    """``NAME = value`` with one plain name as its target: (the name, the value), else ``None``."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and node.type_comment is None:
        target = node.targets[0]
        if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
            return target.id, node.value
    return None


def _all_list(node: ast.stmt | None) -> list[str]:
    assigned = _assignment(node) if node is not None else None
    if assigned is None or assigned[0] != "__all__":
        raise _Refused(node, "expected `__all__ = [...]`")
    value = assigned[1]
    names = [
        item.value
        for item in (value.elts if isinstance(value, ast.List) else [])
        if isinstance(item, ast.Constant) and isinstance(item.value, str)
    ]
    if not isinstance(value, ast.List) or len(names) != len(value.elts):
        raise _Refused(node, "__all__ must be a list of strings")
    return names


def _enum_class(node: ast.stmt, mixins: Collection[str]) -> None:
    """``class Name([_Mixin,] _documented.DocumentedMixin, _enum.IntEnum|IntFlag,
    metaclass=_documented.DocumentedEnumType):`` over the body ``_class_body`` accepts."""
    if not isinstance(node, ast.ClassDef):
        raise _Refused(node, f"unexpected top-level {type(node).__name__}")
    if node.decorator_list or getattr(node, "type_params", None):
        raise _Refused(node, "a generated class has no decorator or type parameter")
    bases = list(node.bases)
    if bases and isinstance(bases[0], ast.Name):
        if bases[0].id not in mixins:
            raise _Refused(node, f"base {bases[0].id} is not an imported mixin")
        bases = bases[1:]
    if not (
        len(bases) == 2
        and _is_attribute(bases[0], RUNTIME_LOCAL, {MIXIN_BASE})
        and _is_attribute(bases[1], "_enum", ENUM_BASES)
    ):
        raise _Refused(node, "unexpected base classes in generated class")
    if not (
        len(node.keywords) == 1
        and node.keywords[0].arg == "metaclass"
        and _is_attribute(node.keywords[0].value, RUNTIME_LOCAL, {METACLASS})
    ):
        raise _Refused(node, "unexpected decorator or keyword in generated class")
    _class_body(node)


def _class_body(node: ast.ClassDef) -> None:
    """Docstring (or ``__doc__ = "..."``); ``NAME = int`` and ``NAME = EARLIER``; the ``if
    TYPE_CHECKING:`` aliases; ``__aspose__ = _documented.EnumDocs(...)`` last."""
    body = list(node.body)
    first = _assignment(body[0]) if body else None
    if body and (
        _is_docstring(body[0])
        or (first is not None and first[0] == "__doc__" and _is_constant(first[1], str))
    ):
        body = body[1:]
    defined: set[str] = set()
    unexpected = f"unexpected statement in generated class {node.name}"
    for statement in body[:-1]:
        if isinstance(statement, ast.If) and statement is body[-2]:
            _typed_aliases(statement, defined)
            continue
        assigned = _assignment(statement)
        if assigned is None or (assigned[0].startswith("__") and assigned[0].endswith("__")):
            raise _Refused(statement, unexpected)
        name, value = assigned
        if _is_int(value):
            defined.add(name)
        elif not (isinstance(value, ast.Name) and value.id in defined):
            raise _Refused(statement, unexpected)
    last = _assignment(body[-1]) if body else None
    if last is None or last[0] != "__aspose__" or not _is_enum_docs(last[1]):
        raise _Refused(body[-1] if body else node, f"{unexpected}: expected __aspose__ last")


def _typed_aliases(node: ast.If, defined: set[str]) -> None:
    """``if TYPE_CHECKING:`` over ``Name = MEMBER`` lines only: the aliases type checkers read."""
    if not (_is_name(node.test, "TYPE_CHECKING") and not node.orelse and node.body):
        raise _Refused(node, "unexpected if statement in generated class")
    for line in node.body:
        assigned = _assignment(line)
        if (
            assigned is None
            or assigned[0].startswith("__")
            or not (isinstance(assigned[1], ast.Name) and assigned[1].id in defined)
        ):
            raise _Refused(line, "an alias names a member defined above it")


def _is_int(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return _is_constant(node, int)


def _is_runtime_call(node: ast.expr, name: str) -> bool:
    """``_documented.<name>(...)`` with positional arguments only."""
    return (
        isinstance(node, ast.Call) and _is_attribute(node.func, RUNTIME_LOCAL, {name}) and not node.keywords
    )


def _is_str_dict(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Dict)
        and all(key is not None and _is_constant(key, str) for key in node.keys)
        and all(_is_constant(value, str) for value in node.values)
    )


def _is_member(node: ast.expr) -> bool:
    """``_documented.member("PYTHON", "Dotnet", {"de": "...", ...})``."""
    if not (isinstance(node, ast.Call) and _is_runtime_call(node, "member")):
        return False
    args = node.args
    return (
        len(args) == 3 and _is_constant(args[0], str) and _is_constant(args[1], str) and _is_str_dict(args[2])
    )


def _is_enum_docs(node: ast.expr) -> bool:
    """``_documented.EnumDocs(namespace=..., ..., members=_documented.members(member, ...))``: the
    keywords of ``ENUM_DOCS_FIELDS`` in that order, each of its one shape."""
    if not (
        isinstance(node, ast.Call) and _is_attribute(node.func, RUNTIME_LOCAL, {ENUM_DOCS}) and not node.args
    ):
        return False
    if [keyword.arg for keyword in node.keywords] != list(ENUM_DOCS_FIELDS):
        return False
    for keyword in node.keywords:
        value = keyword.value
        if keyword.arg == "summaries":
            ok = _is_str_dict(value)
        elif keyword.arg == "members":
            ok = (
                isinstance(value, ast.Call)
                and _is_runtime_call(value, "members")
                and all(_is_member(item) for item in value.args)
            )
        else:
            ok = _is_constant(value, str)
        if not ok:
            return False
    return True
