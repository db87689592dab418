"""The generator across Aspose products: one real page per format variant of 15 more products
(``tests/data/wide/``, from ``shared/docs/wide``, with its README naming the repositories and
commits), and pages derived from them."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from codegen.__main__ import main
from tests.helpers import DATA, import_file

WIDE = DATA / "wide"
NET_PAGES = sorted(path for path in WIDE.rglob("_index.md") if "/net/" in path.as_posix())
BROKEN = {
    "pdf/turkish/net/aspose.pdf.annotations/renditiontype/_index.md": "member name 'Seçici' is not a C# identifier"
}


def page(relative: str) -> Path:
    return WIDE / relative


@pytest.fixture(autouse=True)
def _no_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no pyproject.toml has settings: a product-wide run's defaults (English decides)."""
    monkeypatch.chdir(tmp_path)


def generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], pages: Mapping[str, Path | str], *options: str
) -> tuple[int, str, Path]:
    """Run the generator on a docs tree of these pages (name -> file or text)."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    for name, source in pages.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copy(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    capsys.readouterr()
    code = main(["--docs", str(docs), "--out", str(out), *options])
    captured = capsys.readouterr()
    return code, captured.err + captured.out, out


def load(out: Path, module: str) -> ModuleType:
    return import_file(out / f"{module}.py")


@pytest.mark.parametrize("path", NET_PAGES, ids=lambda path: path.relative_to(WIDE).as_posix())
def test_every_real_net_page_generates_alone_or_is_refused_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    relative = path.relative_to(WIDE).as_posix()
    code, err, out = generate(tmp_path, capsys, {"page.md": path})
    if relative in BROKEN:
        assert code == 2 and f"page.md:22: {BROKEN[relative]}" in err
        return
    assert code == 0, err
    [module] = [file for file in out.glob("*.py") if file.name != "__init__.py"]
    imported = load(out, module.stem)
    [name] = imported.__all__
    cls: Any = getattr(imported, name)
    assert len(cls.__aspose__.members) >= 2


def test_headings_are_never_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``## PaperKind Aufzählung``, ``## Énumération X``, ``## Enumeration X``, ``## Перечисление прав``."""
    pages = {
        "de.md": page("pdf/german/net/aspose.pdf.printing/paperkind/_index.md"),
        "fr.md": page("pdf/french/net/aspose.pdf.annotations/annotationflags/_index.md"),
        "ar.md": page("pdf/arabic/net/aspose.pdf.annotations/annotationflags/_index.md"),
        "ru.md": page("pdf/russian/net/aspose.pdf/permissions/_index.md"),
    }
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    assert load(out, "aspose_pdf").Permissions.__aspose__.languages == ("ru",)
    flags = load(out, "aspose_pdf_annotations").AnnotationFlags
    assert flags.__aspose__.languages == ("ar", "fr")
    assert load(out, "aspose_pdf_printing").PaperKind.__aspose__.name == "PaperKind"


def test_nested_enums_get_class_names_that_cannot_collide(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = {
        "doc.md": page("pdf/english/net/aspose.pdf/docsaveoptions.recognitionmode/_index.md"),
        "epub.md": page("pdf/english/net/aspose.pdf/epubsaveoptions.recognitionmode/_index.md"),
        "fraction.md": page(
            "pdf/english/net/aspose.pdf.annotations/measure.numberformat.fractionstyle/_index.md"
        ),
        "image.md": page("imaging/english/net/aspose.imaging/image.imageoperation/_index.md"),
    }
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    pdf = load(out, "aspose_pdf")
    assert pdf.__all__ == ["DocSaveOptionsRecognitionMode", "EpubSaveOptionsRecognitionMode"]
    assert (
        pdf.DocSaveOptionsRecognitionMode.__aspose__.full_name == "Aspose.Pdf.DocSaveOptions.RecognitionMode"
    )
    assert pdf.EpubSaveOptionsRecognitionMode.Flow.name == "FLOW"
    fraction = load(out, "aspose_pdf_annotations").MeasureNumberFormatFractionStyle
    assert fraction.__aspose__.name == "Measure.NumberFormat.FractionStyle"
    assert load(out, "aspose_imaging").ImageImageOperation.__aspose__.name == "Image.ImageOperation"


def test_a_nested_enum_whose_page_does_not_say_how_its_outer_type_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = page(
        "pdf/english/net/aspose.pdf.annotations/measure.numberformat.fractionstyle/_index.md"
    ).read_text(encoding="utf-8")
    text = text.replace("Enum Measure.NumberFormat.FractionStyle", "Enum").replace(
        "## Measure.NumberFormat.FractionStyle enumeration", "## Aufzählung"
    )
    code, err, _ = generate(tmp_path, capsys, {"page.md": text})
    assert code == 2 and "page.md:9: the page does not say how the enclosing type" in err


def test_generic_enums_in_two_languages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = {
        "en.md": page("html/english/net/aspose.html.rendering/device-2.pagewritingstrategy-2/_index.md"),
        "de.md": page("html/german/net/aspose.html.rendering/device-2.pagewritingstrategy-2/_index.md"),
    }
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    cls = load(out, "aspose_html_rendering").DevicePageWritingStrategy
    assert cls.__aspose__.name == "Device.PageWritingStrategy"
    assert cls.__aspose__.languages == ("en", "de")
    assert cls.SINGLE_STREAM.descriptions["de"] == "Schreibt alle Seiten in einen Ausgabestrom."


def test_members_that_differ_only_in_case_are_one_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = {
        "net.md": page("cells/english/net/aspose.cells/loadformat/_index.md"),
        "python.md": page("cells-py/english/aspose.cells/loadformat/_index.md"),
    }
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    load_format = load(out, "aspose_cells").LoadFormat
    assert load_format.Csv is load_format.CSV and load_format["Csv"] is load_format.CSV
    assert [member.name for member in load_format][:3] == ["AUTO", "CSV", "XLSX"]
    different = page("cells/english/net/aspose.cells/loadformat/_index.md").read_text(encoding="utf-8")
    different = different.replace("| CSV | `1` |", "| CSV | `99` |")
    code, err, _ = generate(tmp_path / "different", capsys, {"net.md": different})
    assert code == 2 and "name collision: 'CSV' and 'Csv'" in err


@pytest.mark.parametrize(
    ("product", "enum", "module", "names"),
    [
        (
            "imaging",
            "aspose.imaging/animationdisposalmethods",
            "aspose_imaging",
            ["PRESERVE", "BACKGROUND", "PREVIOUS"],
        ),
        (
            "tex",
            "aspose.tex/interaction",
            "aspose_tex",
            ["BATCH_MODE", "NONSTOP_MODE", "SCROLL_MODE", "ERROR_STOP_MODE", "FORMAT_DEFINED"],
        ),
        (
            "3d",
            "aspose.threed.animation/weightedmode",
            "aspose_threed_animation",
            ["NONE", "OUT_WEIGHT", "NEXT_IN_WEIGHT", "BOTH"],
        ),
        (
            "barcode",
            "aspose.barcode.generation/aztecencodemode",
            "aspose_barcode_generation",
            ["AUTO", "EXTENDED", "BINARY", "ECI"],
        ),
    ],
)
def test_python_page_formats(  # noqa: PLR0917 - pytest passes the parameters by position
    tmp_path: Path, capsys: pytest.CaptureFixture[str], product: str, enum: str, module: str, names: list[str]
) -> None:
    """Bold Members heading without an enumeration heading (alphabetical: paired by name), code
    spans, a bare CR inside a cell, a member the .NET page lacks (a note)."""
    pages = {
        "net.md": page(f"{product}/english/net/{enum}/_index.md"),
        "python.md": page(f"{product}/english/python-net/{enum}/_index.md"),
    }
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    imported = load(out, module)
    [name] = imported.__all__
    assert list(getattr(imported, name).__members__)[: len(names)] == names
    if product == "barcode":
        assert "Python member 'BYTES' has no .NET member" in err


def test_a_bare_cr_in_a_cell_is_no_new_row() -> None:
    from codegen.parse import parse_page

    path = page("3d/english/python-net/aspose.threed.animation/weightedmode/_index.md")
    parsed = parse_page(path.read_bytes().decode("utf-8-sig"), "p.md", "p.md")
    assert [row.python_name for row in parsed.rows] == ["NONE", "OUT_WEIGHT", "NEXT_IN_WEIGHT", "BOTH"]  # type: ignore[union-attr]


def _lagging_german(english: str) -> str:
    """The English page as a German translation that lags: a member fewer, one value changed."""
    text = english.replace("url: /net/", "url: /de/net/").replace("Line Spacing Type", "Zeilenabstand")
    lines = [line for line in text.splitlines() if not line.startswith("| Percent")]
    return "\n".join(lines) + "\n"


def test_a_lagging_translation_is_a_warning_and_strict_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english_path = page("font/english/net/aspose.font.renderers/renderingutils.linespacingtype/_index.md")
    english = english_path.read_text(encoding="utf-8")
    pages: dict[str, Path | str] = {"en.md": english_path, "de.md": _lagging_german(english)}
    code, err, out = generate(tmp_path / "lenient", capsys, pages)
    assert code == 0, err
    assert "warning: " in err and "de.md" in err and "en.md" in err
    assert "1 warnings" in err
    cls = load(out, "aspose_font_renderers").RenderingUtilsLineSpacingType
    assert [member.name for member in cls] == ["PIXELS", "PERCENT_OF_FONT_HEIGHT"]  # English decides
    assert cls.PERCENT_OF_FONT_HEIGHT.descriptions["de"] == ""  # German does not describe it
    assert cls.__aspose__.summaries["de"].startswith("Zeilenabstand")
    code, err, _ = generate(tmp_path / "strict", capsys, pages, "--strict")
    assert code == 2 and "is not in" in err


def test_a_broken_translation_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    turkish = page("pdf/turkish/net/aspose.pdf.annotations/renditiontype/_index.md")
    english = turkish.read_text(encoding="utf-8").replace("url: /tr/net/", "url: /net/")
    for turkish_name, name in (("Medya", "Media"), ("Seçici", "Selector"), ("Tanımsız", "Undefined")):
        english = english.replace(f"| {turkish_name} |", f"| {name} |")
    pages: dict[str, Path | str] = {"en.md": english, "tr.md": turkish}
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    assert "warning: " in err and "tr.md:22: member name 'Seçici' is not a C# identifier" in err
    cls = load(out, "aspose_pdf_annotations").RenditionType
    assert cls.__aspose__.languages == ("en",)
    code, err, _ = generate(tmp_path / "strict", capsys, pages, "--strict")
    assert code == 2 and "tr.md:22: member name 'Seçici'" in err


def test_a_translation_into_other_identifiers_is_left_out_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The French BorderEffect writes its members in French ("Aucun", "Nuageux"): identifiers, so
    only the English page can show the translation (alone, the page reads as an enum of its own);
    each disagreement is a warning with both files' lines, English decides, and ``--strict``
    refuses it."""
    french = page("pdf/french/net/aspose.pdf.annotations/bordereffect/_index.md")
    english = french.read_text(encoding="utf-8").replace("url: /fr/net/", "url: /net/")
    english = english.replace("| Aucun |", "| None |").replace("| Nuageux |", "| Cloudy |")
    pages: dict[str, Path | str] = {"en.md": english, "fr.md": french}
    code, err, out = generate(tmp_path, capsys, pages)
    assert code == 0, err
    assert (
        "en.md:21: member 'None' = 0 is not in" in err and "fr.md (which has 'Aucun' = 0 at line 21)" in err
    )
    cls = load(out, "aspose_pdf_annotations").BorderEffect
    assert [member.name for member in cls] == ["NONE", "CLOUDY"]
    # The French page keeps its summary, but describes none of the English members.
    assert cls.__aspose__.languages == ("en", "fr")
    assert [member.descriptions["fr"] for member in cls] == ["", ""]
    code, err, _ = generate(tmp_path / "strict", capsys, pages, "--strict")
    assert code == 2 and "en.md:21: member 'None' = 0 is not in" in err


def test_keep_going_generates_what_is_valid_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages: dict[str, Path | str] = {
        "good.md": page("tex/english/net/aspose.tex/interaction/_index.md"),
        "bad.md": page("tasks/english/net/aspose.tasks/timephaseddatatype/_index.md")
        .read_text(encoding="utf-8")
        .replace("`-1`", "`zero`", 1),
    }
    code, err, out = generate(tmp_path / "all-or-nothing", capsys, pages)
    assert code == 2 and not out.exists()
    code, err, out = generate(tmp_path / "keep-going", capsys, pages, "--keep-going")
    assert code == 1
    assert "refused: " in err and "bad.md:" in err and "1 refused (exit 1)" in err
    assert load(out, "aspose_tex").Interaction.BATCH_MODE == 0
    assert not (out / "aspose_tasks.py").exists()


def test_every_page_under_the_docs_imports_or_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every page of tests/data/wide in one run: the broken ones refused with path:line."""
    docs = tmp_path / "docs"
    shutil.copytree(WIDE, docs, ignore=shutil.ignore_patterns("README.md"))
    capsys.readouterr()
    code = main(["--docs", str(docs), "--out", str(tmp_path / "out"), "--keep-going"])
    err = capsys.readouterr().err
    refused = [line for line in err.splitlines() if line.startswith("refused: ")]
    assert code == 1 and len(refused) == 2, err
    # The Turkish page is the only page of its enum here: no translation, a broken page.
    assert "extrapolationtype/_index.md:20: Python page of ExtrapolationType has no .NET page" in err
    assert "renditiontype/_index.md:22: member name 'Seçici'" in err
    for module in sorted((tmp_path / "out").glob("*.py")):
        import_file(module)


def test_a_product_without_a_measured_rule_gets_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Names without a Python page come from a rule; for a product none of whose names the rules
    were measured on, a note says which rule stood in (one per product), and none where the Python
    page is there or the product was measured."""
    pages: dict[str, Path | str] = {
        "a.md": page("html/english/net/aspose.html.rendering/device-2.pagewritingstrategy-2/_index.md"),
        "b.md": page("html/german/net/aspose.html.rendering/device-2.pagewritingstrategy-2/_index.md"),
    }
    code, err, _ = generate(tmp_path / "rule", capsys, pages)
    assert code == 0
    assert err.count("Aspose.Html has no measured naming rule") == 1
    measured: dict[str, Path | str] = {
        "a.md": page("pdf/english/net/aspose.pdf/docsaveoptions.recognitionmode/_index.md"),
    }
    code, err, _ = generate(tmp_path / "measured", capsys, measured)
    assert code == 0 and "naming rule" not in err
    paired: dict[str, Path | str] = {
        "net.md": page("tex/english/net/aspose.tex/interaction/_index.md"),
        "python.md": page("tex/english/python-net/aspose.tex/interaction/_index.md"),
    }
    code, err, _ = generate(tmp_path / "paired", capsys, paired)
    assert code == 0 and "naming rule" not in err
