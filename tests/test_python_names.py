"""Python names from Aspose's own Python reference pages, and the per-product rules without them."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from codegen.__main__ import main
from codegen.names import enum_python_names, shared_prefix, words_python_name
from tests.helpers import DATA, import_file

PAIRS = sorted(path.name.removesuffix(".net.md") for path in (DATA / "python").glob("*.net.md"))
PYTHON_ROW = re.compile(r"^\|\s*([A-Za-z0-9_]+)\s*\|", re.MULTILINE)


def python_page_names(pair: str) -> list[str]:
    text = (DATA / "python" / f"{pair}.python.md").read_text(encoding="utf-8-sig")
    return [name for name in PYTHON_ROW.findall(text) if name not in ("Name", "Member")]


def generate(
    pair: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], *, with_python: bool = True
) -> tuple[Any, str]:
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    shutil.copy(DATA / "python" / f"{pair}.net.md", docs / "net.md")
    if with_python:
        shutil.copy(DATA / "python" / f"{pair}.python.md", docs / "python.md")
    capsys.readouterr()
    assert main(["--docs", str(docs), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    [module_path] = [path for path in out.glob("*.py") if path.name != "__init__.py"]
    module = import_file(module_path)
    [name] = module.__all__
    return getattr(module, name), err


@pytest.mark.parametrize("pair", PAIRS)
def test_names_come_from_the_python_page(
    pair: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cls, err = generate(pair, tmp_path, capsys)
    expected = python_page_names(pair)
    members: list[str] = list(cls.__aspose__.members)
    assert [name for name in members if name in expected] == expected
    missing = [name for name in members if name not in expected]
    if pair == "email-vcardversion":  # .NET has V40, the Python page not yet
        assert missing == ["V40"]
        assert "VCardVersion.V40 is not on the Python page yet; using the rule's name V40" in err
    else:
        assert missing == []


def test_the_rules_without_python_pages() -> None:
    """The rules reproduce every real Aspose.Email pair we have; Aspose.Words' misses are known."""
    with (DATA / "python-names.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    by_enum: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_enum.setdefault(row["enum"], []).append(row)
    same = sum(
        guess == row["python_name"]
        for enum, enum_rows in by_enum.items()
        for guess, row in zip(
            enum_python_names(enum.rsplit(".", 1)[0], [r["dotnet_name"] for r in enum_rows]), enum_rows
        )
    )
    assert same == len(rows) == 398
    assert words_python_name("PdfA1a") == "PDF_A1A"
    assert words_python_name("MediumGrid1Accent1") == "MEDIUM_GRID1_ACCENT1"
    assert words_python_name("Emboss3D") == "EMBOSS_3D"
    assert words_python_name("Paper10x14") == "PAPER_10X14"
    assert shared_prefix(["None", "PT_SHORT", "PT_LONG"]) == "PT_"
    assert shared_prefix(["TZRULE_FLAG_RECUR_CURRENT_TZREG", "TZRULE_FLAG_EFFECTIVE_TZREG"]) is None


def test_a_python_member_without_a_dotnet_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The .NET page gives the values: a Python member it lacks (BarCode's BYTES) is a note."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "python" / "email-vcardversion.net.md", docs / "net.md")
    text = (DATA / "python" / "email-vcardversion.python.md").read_text(encoding="utf-8")
    (docs / "python.md").write_text(
        text.replace("|V30|", "|V31|").replace("|V21|", "|V30|"), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["--docs", str(docs), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert re.search(r"python\.md:\d+: Python member 'V31' has no \.NET member in .*; left out", err), err


def test_two_python_members_for_one_dotnet_member(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "python" / "email-vcardversion.net.md", docs / "net.md")
    text = (DATA / "python" / "email-vcardversion.python.md").read_text(encoding="utf-8")
    (docs / "python.md").write_text(text.replace("|V30|", "|V_21|"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--docs", str(docs), "--out", str(tmp_path / "out")]) == 2
    assert "both pair with .NET member 'V21'" in capsys.readouterr().err


def test_a_python_page_without_its_dotnet_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "python" / "email-vcardversion.net.md", docs / "net.md")
    shutil.copy(DATA / "python" / "words-pdfcompliance.python.md", docs / "python.md")
    capsys.readouterr()
    assert main(["--docs", str(docs), "--out", str(tmp_path / "out")]) == 2
    assert "Python page of PdfCompliance has no .NET page" in capsys.readouterr().err


def _vcard_docs(tmp_path: Path, dotnet: str, python: str) -> Path:
    """The real VCardVersion pair with the .NET member V30 and its Python row renamed."""
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    net = (DATA / "python" / "email-vcardversion.net.md").read_text(encoding="utf-8")
    (docs / "net.md").write_text(net.replace("| V30 |", f"| {dotnet} |"), encoding="utf-8")
    text = (DATA / "python" / "email-vcardversion.python.md").read_text(encoding="utf-8")
    (docs / "python.md").write_text(text.replace("|V30|", f"|{python}|"), encoding="utf-8")
    return docs


@pytest.mark.parametrize(
    ("dotnet", "python", "rule"), [("None", "None", "NONE"), ("Class", "class", "CLASS")]
)
def test_a_python_keyword_on_the_python_page_takes_the_rules_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dotnet: str, python: str, rule: str
) -> None:
    """Issue 18, class 5: these were an internal error (exit 3)."""
    docs = _vcard_docs(tmp_path, dotnet, python)
    capsys.readouterr()
    assert main(["--docs", str(docs), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert f"Python member {python!r} is a Python keyword; using the rule's name {rule}" in err
    [path] = [path for path in (tmp_path / "out").glob("*.py") if path.name != "__init__.py"]
    cls = import_file(path).VCardVersion
    assert cls[rule] is cls[dotnet]


def test_a_member_that_would_hide_the_runtime_api_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``lookup`` (the mixin's) and ``description`` (the runtime's) must stay what they are."""
    for dotnet, python, owner in (
        ("Lookup", "lookup", "ReplyCodeMixin"),
        ("Description", "description", "DocumentedMixin"),
    ):
        docs = _vcard_docs(tmp_path / dotnet, dotnet, python)
        mixin = "--mixin=Aspose.Email.PersonalInfo.VCard.VCardVersion=smtpstatus._reply_code:ReplyCodeMixin"
        capsys.readouterr()
        assert main(["--docs", str(docs), "--out", str(tmp_path / dotnet / "out"), mixin]) == 2
        err = capsys.readouterr().err
        assert f"member VCardVersion.{python} would hide {owner}.{python}" in err, err
        assert not (tmp_path / dotnet / "out").exists()
