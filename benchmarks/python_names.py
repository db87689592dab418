"""Read Aspose's .NET and Python names of enum members from Aspose's Python packages.

An Aspose "for Python via .NET" wheel holds the product's .NET assembly (``aspose/assemblies/``),
whose public enums give the .NET member names in declaration order, and type stubs (``*.pyi``),
which give the Python member names. Paired by enum (namespace and name, case aside) and member
(underscores and case aside), they are the real names that ``codegen/names.py``'s rules are
measured on (``tests/data/python-names/<product>.tsv``, ``tests/test_names.py``).

Neither the wheels nor the .NET metadata reader are dependencies of this project; to read again:

    pip download --no-deps --only-binary :all: aspose-pdf    # or aspose-cells-python, ...
    pip install dnfile==0.18.0                               # in a scratch environment
    python benchmarks/python_names.py aspose_pdf-*.whl > tests/data/python-names/pdf.tsv

Packages read (2026-12): aspose-pdf 26.10.0, aspose-cells-python 26.10.0,
aspose-imaging-python-net 26.10.0, aspose-words 26.10.0, aspose-3d 26.9.0,
aspose-diagram-python 26.10, aspose-psd 26.9.0 (BarCode, HTML, SVG, Tasks and ZIP ship no stubs
with members).
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tempfile
import zipfile
from typing import Any

# A class statement of a stub, and a member line of an enum class in any of the stubs' styles
# ("NAME: Class", "NAME : Class", "NAME: int", "NAME = enum.auto()").
_CLASS = re.compile(r"^(\s*)class (\w+)(?:\([^)]*\))?:\s*$")
_MEMBER = re.compile(r"^\s+([A-Z][A-Z0-9_]*)\s*(?::\s*[\w.]+|=\s*[\w.()\-]+)\s*$")


def stub_members(text: str, module: str) -> dict[tuple[str, str], list[str]]:
    """(module, dotted class name) -> the upper-case member names of each class of a stub."""
    found: dict[tuple[str, str], list[str]] = {}
    classes: list[tuple[int, str]] = []  # the enclosing classes: (indent, name)
    for line in text.splitlines():
        statement = _CLASS.match(line)
        if statement is not None:
            indent = len(statement[1])
            while classes and classes[-1][0] >= indent:
                classes.pop()
            classes.append((indent, statement[2]))
            continue
        member = _MEMBER.match(line)
        if member is not None and classes:
            found.setdefault((module, ".".join(name for _, name in classes)), []).append(member[1])
    return found


def assembly_enums(path: str) -> list[tuple[str, str, list[str]]]:
    """(namespace, dotted name, member names) of each public enum of a .NET assembly."""
    dnfile: Any = importlib.import_module("dnfile")
    tables: Any = dnfile.dnPE(path).net.mdtables
    types: Any = tables.TypeDef.rows
    nested: list[Any] = list(tables.NestedClass or [])
    enclosing: dict[int, int] = {
        int(link.NestedClass.row_index): int(link.EnclosingClass.row_index) for link in nested
    }
    enums: list[tuple[str, str, list[str]]] = []
    for index, row in enumerate(types, start=1):
        base: Any = row.Extends.row if row.Extends else None
        if (
            base is None
            or f"{getattr(base, 'TypeNamespace', '')}.{getattr(base, 'TypeName', '')}" != "System.Enum"
        ):
            continue
        if not (row.Flags.tdPublic or row.Flags.tdNestedPublic):
            continue
        names = [str(row.TypeName)]
        outer = index
        while outer in enclosing:
            outer = enclosing[outer]
            names.insert(0, str(types[outer - 1].TypeName))
        members = [str(field.row.Name) for field in row.FieldList if str(field.row.Name) != "value__"]
        enums.append((str(types[outer - 1].TypeNamespace), ".".join(names), members))
    return enums


def pairs(wheel: str) -> list[tuple[str, str, str, str]]:
    """(namespace, enum, .NET name, Python name) of every member the wheel names both ways."""
    archive = zipfile.ZipFile(wheel)
    stubs: dict[tuple[str, str], list[str]] = {}
    enums: list[tuple[str, str, list[str]]] = []
    for name in archive.namelist():
        if name.endswith(".pyi") and "__pyinstaller" not in name and "__nuitka" not in name:
            module = name[: -len(".pyi")].replace("/__init__", "").replace("/", ".")
            stubs.update(stub_members(archive.read(name).decode("utf-8", "replace"), module))
        elif name.startswith("aspose/assemblies/") and name.endswith(".dll"):
            with tempfile.NamedTemporaryFile(suffix=".dll", delete=False) as copy:
                copy.write(archive.read(name))
            try:
                enums += assembly_enums(copy.name)
            except AttributeError:  # a native library, no .NET metadata
                pass
            finally:
                os.unlink(copy.name)
    by_name = {
        (namespace.lower(), enum.lower()): (namespace, enum, members) for namespace, enum, members in enums
    }
    found: list[tuple[str, str, str, str]] = []
    for (module, enum), python_names in stubs.items():
        match = by_name.get((module.lower(), enum.lower()))
        if match is None or "#" in enum:  # not an enum of the assembly, or an obfuscated one
            continue
        namespace, dotnet_enum, members = match
        python_by_key = {name.replace("_", "").lower(): name for name in python_names}
        for member in members:
            python = python_by_key.get(member.replace("_", "").lower())
            if python is not None:
                found.append((namespace, dotnet_enum, member, python))
    return sorted(set(found))


def main() -> None:
    print("namespace\tenum\tdotnet\tpython")
    for row in pairs(sys.argv[1]):
        print("\t".join(row))


if __name__ == "__main__":
    main()
