"""Every real sample page generates a module whose enum matches the page exactly."""

from __future__ import annotations

import enum
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import DATA, SAMPLE_PAGES, SAMPLES, import_file, run_codegen
from tests.reference_reader import read_reference

NAMES_BY_ENUM: dict[tuple[str, str], str] = {}
for _line in (DATA / "python-names.tsv").read_text(encoding="utf-8").splitlines()[1:]:
    _enum, _dotnet, _python = _line.split("\t")
    NAMES_BY_ENUM[(_enum.rsplit(".", 1)[1], _dotnet)] = _python


def generate(tmp_path: Path, *pages: Path) -> tuple[Path, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in pages:
        shutil.copy(page, docs / page.name)
    out = tmp_path / "out"
    # English first, as a tree without settings has it (this repository's settings say German).
    result = run_codegen("--docs", docs, "--out", out, "--default-language", "en")
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def generate_text(tmp_path: Path, page: str) -> Path:
    """Generate from one page given as text (a real page with one change); the output dir."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = run_codegen("--docs", docs, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def enum_class(out: Path, name: str) -> Any:
    """The generated class; typed Any, as it is loaded from a file made at test time."""
    for path in sorted(out.glob("aspose_*.py")):
        module = import_file(path)
        if hasattr(module, name):
            cls = getattr(module, name)
            assert isinstance(cls, type)
            return cls
    raise AssertionError(f"{name} not generated")


@pytest.mark.parametrize("page", SAMPLE_PAGES, ids=[page.stem for page in SAMPLE_PAGES])
def test_sample_generates_exactly(tmp_path: Path, page: Path) -> None:
    reference = read_reference(page)
    out, _ = generate(tmp_path, page)
    cls = enum_class(out, reference.enum)
    assert issubclass(cls, enum.IntFlag) == reference.flags
    assert issubclass(cls, enum.IntEnum) != reference.flags
    first_with_value: dict[int, str] = {}
    for row in reference.rows:
        first_with_value.setdefault(row.value, row.name)
    for row in reference.rows:
        member = cls[row.name]
        assert member.value == row.value, row.name
        canonical = first_with_value[row.value]
        # A duplicate value is an alias, as in .NET: it resolves to the first member.
        assert member is cls[canonical]
        if canonical == row.name:
            assert member.dotnet_name == row.name
            assert member.descriptions == {reference.language: row.description}
            assert member.description == row.description
        expected_python = NAMES_BY_ENUM.get((reference.enum, row.name))
        if expected_python is not None:
            assert cls.__members__[expected_python] is member
    canonical_names = set(first_with_value.values())
    assert len(cls.__members__) >= len(reference.rows)
    assert {cls[name].value for name in canonical_names} == {row.value for row in reference.rows}


def test_flags_values_are_hexadecimal(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, SAMPLES / "en-encryptionprotocols-flags-hex.md")
    cls = enum_class(out, "EncryptionProtocols")
    assert {name: int(member) for name, member in cls.__members__.items() if name.isupper()} == {
        "NOT_SPECIFIED": 0,
        "SSL2": 12,
        "SSL3": 48,
        "TLS": 192,
        "TLS11": 768,
        "TLS12": 3072,
        "TLS13": 12288,
    }


def test_flags_all_ones_is_minus_one(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, SAMPLES / "en-compressiontype-flags-minus-one.md")
    cls = enum_class(out, "CompressionType")
    assert int(cls.__members__["NOT_DEFINED"]) == -1
    assert cls["NotDefined"] is cls.__members__["NOT_DEFINED"]


def test_keywords_resolve_as_aliases(tmp_path: Path) -> None:
    out, _ = generate(
        tmp_path,
        SAMPLES / "en-fieldifcomparisonresult-true-false-crlf.md",
        SAMPLES / "en-dsnaction-none-keyword.md",
    )
    result = enum_class(out, "FieldIfComparisonResult")
    assert result["True"] is result.__members__["TRUE"]
    assert result["False"].value == 2
    action = enum_class(out, "DSNAction")
    assert action["None"] is action.__members__["NONE"]
    assert action.__members__["NONE"].descriptions["en"] == "None of actions."


def test_entities_are_decoded(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, SAMPLES / "de-htmlofficemathoutputmode-entities.md")
    cls = enum_class(out, "HtmlOfficeMathOutputMode")
    assert (
        cls["Image"].description
        == "OfficeMath wird als durch den Tag <img> angegebenes Bild in HTML konvertiert."
    )


def test_empty_descriptions_are_allowed(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, SAMPLES / "ru-failureitem-empty-descriptions.md")
    cls = enum_class(out, "FailureItem")
    assert [member.description for member in cls] == [""] * 6


def test_long_and_byte_underlying_types(tmp_path: Path) -> None:
    out, _ = generate(
        tmp_path, SAMPLES / "en-smtpknownauthenticationtype-long.md", SAMPLES / "en-socksversion-byte.md"
    )
    auth = enum_class(out, "SmtpKnownAuthenticationType")
    assert int(auth["ScramSha512Plus"]) == 0x2000000
    assert auth.__aspose__.underlying == "long"
    assert enum_class(out, "SocksVersion").__aspose__.underlying == "byte"


def test_one_module_per_namespace(tmp_path: Path) -> None:
    pages = [page for page in SAMPLE_PAGES if "conflicts-with-de" not in page.name]
    out, _ = generate(tmp_path, *pages)
    modules = sorted(path.name for path in out.glob("*.py"))
    assert modules == [
        "__init__.py",
        "aspose_email_bounce.py",
        "aspose_email_clients.py",
        "aspose_email_clients_base.py",
        "aspose_email_clients_smtp.py",
        "aspose_email_exceptions.py",
        "aspose_words.py",
        "aspose_words_drawing.py",
        "aspose_words_fields.py",
        "aspose_words_math.py",
        "aspose_words_properties.py",
        "aspose_words_saving.py",
    ]
    clients = import_file(out / "aspose_email_clients.py")
    assert clients.__all__ == ["CompressionType", "SocksVersion"]


def test_language_disagreement_names_both_files_and_the_member(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in SAMPLES.glob("*mathobjecttype*"):
        shutil.copy(page, docs / page.name)
    out = tmp_path / "out"
    result = run_codegen("--docs", docs, "--out", out, "--default-language", "en")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3, lines  # every disagreement, each once
    assert lines[0].endswith(
        "de-mathobjecttype-conflicts-with-en.md:52: member 'Supercript' = 29 is not in "
        f"{docs / 'en-mathobjecttype-conflicts-with-de.md'} (which has 'Superscript' = 29 at line 52)"
    )
    assert "en-mathobjecttype-conflicts-with-de.md:52: member 'Superscript' = 29 is not in" in lines[1]
    assert "en-mathobjecttype-conflicts-with-de.md:53: member 'None' = 30 is not in" in lines[2]
    assert not out.exists()


def test_languages_merge_into_one_class(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, *sorted((DATA.parent.parent / "docs_source" / "smtpstatuscode").glob("*.md")))
    cls = enum_class(out, "SmtpStatusCode")
    assert list(cls["Ok"].descriptions) == ["en", "de", "ru", "zh"]


def test_non_enum_page_is_skipped_with_a_note(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLES / "en-socksversion-byte.md", docs / "socks.md")
    page = (SAMPLES / "en-dsnaction-none-keyword.md").read_text(encoding="utf-8")
    (docs / "class.md").write_text(
        page.replace("public enum DSNAction", "public class DSNAction"), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_codegen("--docs", docs, "--out", out)
    assert result.returncode == 0, result.stderr
    assert (
        "note:" in result.stderr and "class.md" in result.stderr and "public class DSNAction" in result.stderr
    )
    assert sorted(path.name for path in out.glob("*.py")) == ["__init__.py", "aspose_email_clients.py"]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    page = SAMPLES / "en-dsnaction-none-keyword.md"
    bom_page = tmp_path / page.name
    bom_page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    (tmp_path / "plain").mkdir()
    (tmp_path / "bom").mkdir()
    plain_out, _ = generate(tmp_path / "plain", page)
    bom_out, _ = generate(tmp_path / "bom", bom_page)
    assert (bom_out / "aspose_email_bounce.py").read_bytes() == (
        plain_out / "aspose_email_bounce.py"
    ).read_bytes()


def test_combined_flags_have_no_documentation_of_their_own(tmp_path: Path) -> None:
    out, _ = generate(tmp_path, SAMPLES / "en-encryptionprotocols-flags-hex.md")
    cls = enum_class(out, "EncryptionProtocols")
    combined = cls["Ssl2"] | cls["Ssl3"]
    assert int(combined) == 12 + 48
    assert combined.dotnet_name == ""
    assert combined.description == ""
    assert dict(combined.descriptions) == {}
    assert cls["Tls12"].descriptions == {"en": "TLS 1.2"}


def test_markup_in_descriptions_becomes_plain_text(tmp_path: Path) -> None:
    page = (SAMPLES / "en-dsnaction-none-keyword.md").read_text(encoding="utf-8")
    marked_up = (
        r"**Bold** and [a link](../x/) and `code` and \Deleted and &amp; &lt;img&gt; "
        "zero\u200bwidth \ufffd \u0421ommand https://example.com/a_b"
    )
    page = page.replace("| None | `0` | None of actions. |", f"| None | `0` | {marked_up} |")
    action = enum_class(generate_text(tmp_path, page), "DSNAction")
    assert action["None"].description == (
        "Bold and a link and code and \\Deleted and & <img> zero\u200bwidth \ufffd \u0421ommand https://example.com/a_b"
    )


def test_only_the_first_csharp_block_declares_the_enum(tmp_path: Path) -> None:
    page = (SAMPLES / "en-dsnaction-none-keyword.md").read_text(encoding="utf-8")
    examples = "\n## Examples\n\n```csharp\npublic enum SomethingElse : byte\n{\n    A = 300\n}\n```\n"
    page = page.replace("\n### See Also", examples + "\n### See Also")
    action = enum_class(generate_text(tmp_path, page), "DSNAction")
    assert action.__aspose__.underlying == "int"
    assert len(action.__members__) == 12  # six Python names and their six .NET aliases
