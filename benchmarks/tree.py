"""A large docs tree for the generation benchmark: the real pages, replicated with variations.

Every copy renames the enum (heading, declaration, url), moves it to one of several namespaces and
shifts the values of plain ``int`` enums, so no two pages are the same and nothing can be cached.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "docs_source" / "smtpstatuscode", REPO / "tests" / "data" / "samples"]
NAMESPACES = 40
_URL = re.compile(r"^url: (/(?:[a-z]{2,3}/)?net/)([^/]+)/([^/]+)/", re.MULTILINE)
_HEADING = re.compile(r"^## (\w+) enumeration", re.MULTILINE)
_VALUE = re.compile(r"^(\| \w+ \| `)(-?\d+)(` \|)", re.MULTILINE)


def real_pages() -> dict[str, list[str]]:
    """Real pages grouped by enum (the languages of one enum stay together); one per conflict."""
    groups: dict[str, list[str]] = {}
    for directory in SOURCES:
        for path in sorted(directory.glob("*.md")):
            if "conflicts-with-en" in path.name or path.name == "python.md":
                continue  # one page per conflict; Python pages name no values
            text = path.read_bytes().decode("utf-8")
            name = _HEADING.search(text)
            assert name is not None, path
            groups.setdefault(name.group(1), []).append(text)
    return groups


def variant(text: str, copy: int) -> str:
    heading = _HEADING.search(text)
    url = _URL.search(text)
    assert heading is not None
    assert url is not None
    name = heading.group(1)
    new_name = f"{name}V{copy}"
    namespace_lower = url.group(2)
    link = re.search(r"\[([^\]]+)\]\(\.\./\.\./" + re.escape(namespace_lower), text, re.IGNORECASE)
    assert link is not None
    namespace = link.group(1)
    new_namespace = f"{namespace}.Bench{copy % NAMESPACES}"
    text = text.replace(f"## {name} enumeration", f"## {new_name} enumeration")
    text = re.sub(rf"public enum {name}\b", f"public enum {new_name}", text, count=1)
    text = _URL.sub(lambda m: f"url: {m.group(1)}{new_namespace.lower()}/{new_name.lower()}/", text, count=1)
    text = text.replace(
        f"[{namespace}](../../{namespace_lower}", f"[{new_namespace}](../../{new_namespace.lower()}"
    )
    if "[Flags]" not in text and "public enum " + new_name + "\n" in text.replace("\r\n", "\n"):
        text = _VALUE.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + copy}{m.group(3)}", text)
    return text


def build_tree(root: Path, at_least: int) -> int:
    groups = real_pages()
    written = 0
    copy = 0
    while written < at_least:
        for name, texts in groups.items():
            for index, text in enumerate(texts):
                path = root / f"copy{copy:04d}" / f"{name.lower()}-{index}.md"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(variant(text, copy).encode("utf-8"))
                written += 1
        copy += 1
    return written


# Sixteen of the languages the Aspose references are published in, English first.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "ru", "zh", "ja", "ko", "ar", "nl", "pl", "tr", "el", "id")


def build_language_tree(root: Path, enums: int) -> int:
    """A product's reference in every language: ``enums`` enums (variants of the real pages'
    English versions), each with a page in each of ``LANGUAGES`` under ``<language>/net/...``,
    its summary and descriptions marked with the language, as translations differ."""
    english = [texts[0] for texts in real_pages().values()]
    written = 0
    for number in range(enums):
        text = variant(english[number % len(english)], number)
        for language in LANGUAGES:
            page = _translated(text, language)
            path = root / language / f"enum{number:05d}" / "_index.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(page.encode("utf-8"))
            written += 1
    return written


def _translated(text: str, language: str) -> str:
    """The page in ``language``: the url's language segment (none for English), its prose marked."""
    segment = "" if language == "en" else f"{language}/"
    text = re.sub(r"^url: /(?:[a-z]{2,3}/)?net/", f"url: /{segment}net/", text, count=1, flags=re.MULTILINE)
    return re.sub(r"^(\| \w+ \| `-?\w+` \| )", rf"\1[{language}] ", text, flags=re.MULTILINE)
