"""Verify: a rendered module must parse and contain only what the generator writes.

Nothing is executed: the check reads the syntax tree. A module that fails here is a generator
bug, never written to disk.
"""

from __future__ import annotations

import ast

from codegen.errors import CodegenError


def verify_module(source: str, shown_path: str) -> None:
    try:
        tree = ast.parse(source, filename=shown_path)
    except SyntaxError as error:
        raise CodegenError(
            shown_path, error.lineno, f"generated code does not compile: {error.msg}"
        ) from None
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            _verify_class(node, shown_path)
        elif not _is_expected_top_level(node):
            raise CodegenError(
                shown_path, node.lineno, f"unexpected top-level {type(node).__name__} in generated code"
            )


def _is_expected_top_level(node: ast.stmt) -> bool:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, ast.Expr):
        return _is_str(node.value)
    if isinstance(node, ast.Assign):
        return _target_names(node) == ["__all__"] and isinstance(node.value, ast.List)
    return False


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


def _is_vars_subscript(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "vars"
        and not node.value.args
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    )


def _verify_class(node: ast.ClassDef, shown_path: str) -> None:
    if node.decorator_list or node.keywords:
        raise CodegenError(shown_path, node.lineno, "unexpected decorator or keyword in generated class")
    defined: set[str] = set()
    for index, statement in enumerate(node.body):
        ok = index == 0 and _is_docstring(statement)
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            names = _target_names(statement)
            if names == ["__doc__"]:
                ok = _is_str(statement.value)
            elif names == ["__aspose__"]:
                ok = isinstance(statement.value, ast.Call) and _only_literals(statement.value)
            elif names or _is_vars_subscript(target):
                ok = _is_int(statement.value) or _is_earlier_member(statement.value, defined)
                if names and _is_int(statement.value):
                    defined.add(names[0])
        if not ok:
            raise CodegenError(
                shown_path, statement.lineno, f"unexpected statement in generated class {node.name}"
            )


def _is_earlier_member(node: ast.expr, defined: set[str]) -> bool:
    """An alias names a member assigned an int earlier in the same class body."""
    return isinstance(node, ast.Name) and node.id in defined


def _only_literals(call: ast.Call) -> bool:
    """The documentation table: calls of ``_documented`` helpers over string constants only."""
    for child in ast.walk(call):
        if isinstance(child, ast.Call):
            func = child.func
            if not (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "_documented"
            ):
                return False
        elif isinstance(child, ast.Constant):
            if not isinstance(child.value, str):
                return False
        elif not isinstance(child, (ast.keyword, ast.Attribute, ast.Name, ast.Load)):
            return False
    return True
