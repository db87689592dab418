"""Parse: one page's markdown-it tokens to a ``Page`` (.NET) or a ``PythonPage``.

Sections are found by structure, never by their (machine-translated) headings: the front matter,
the first heading, the first ``csharp`` fence, the first table after it, and the See Also link
whose text is the url's namespace. The enum is named by its declaration and its url; a heading's
words (``## PaperKind Aufzählung``, ``## Énumération X``, a translated name) are never read.

Nested enums (``Outer.Inner``, url ``outer.inner``, declaration ``enum Inner``) keep their dotted
.NET name; the cased names of the enclosing types come from the front matter's title, else the
heading, else the See Also link to the enclosing type. Generic enums (``Name<T1, T2>`` over
several lines with ``where`` constraints, url ``outer-2.name-2``) are named without their type
parameters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from codegen.errors import CodegenError, NotAnEnumPage
from codegen.model import LANGUAGE_CODE, NET_URL, Page, PythonPage, PythonRow, Row, enum_url_parts
from codegen.names import is_csharp_identifier, module_name_of
from codegen.values import UNDERLYING_RANGES, ValueProblem, parse_value

TABLE_COLUMNS = 3
# The Python reference: /[lang/]python-net/<namespace>/<enum>/ (``python/`` in some products), or,
# in repositories of Python pages only, /[lang/]<namespace>/<enum>/ with no platform segment.
_PYTHON_URL = re.compile(
    rf"/(?:(?P<language>{LANGUAGE_CODE})/)?(?:python(?:-net)?/(?P<namespace>[^/\s]+)|(?P<bare>[a-z_]\w*(?:\.\w+)+))"
    r"/(?P<enum>[^/\s]+)/?\Z"
)
# The first header cell of a Python page's members table, bold or not, in the layouts Aspose uses.
PYTHON_TABLE_HEADERS = frozenset({"member name", "name", "field", "member"})
_ENUM_DECLARATION = re.compile(
    r"(?:(?:public|internal|protected|private|new)\s+)*enum\s+(?P<name>[^\s<:]+)"
    r"\s*(?P<generic><[^<>]*>)?\s*(?::\s*(?P<underlying>[\w.]+))?\s*(?:\bwhere\b.*)?\Z"
)
# A generic arity in a url segment (``device-2``) and type parameters in a heading or a title.
_TYPE_PARAMETERS = re.compile("<[^<>]*>|\u2039[^\u2039\u203a]*\u203a")  # <T> and single angle quotes
_SYSTEM_TYPES = {
    "System.SByte": "sbyte",
    "System.Byte": "byte",
    "System.Int16": "short",
    "System.UInt16": "ushort",
    "System.Int32": "int",
    "System.UInt32": "uint",
    "System.Int64": "long",
    "System.UInt64": "ulong",
}


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and front matter: the reading of an xmldocmd page.

    HTML blocks (comments included) are recognized so that what they hide is never read as
    content: a table inside ``<!-- -->`` is no table for any reader of the rendered page. Inline
    HTML stays text, as the pages have always been read.
    """
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .disable("html_inline")
        .use(front_matter_plugin)
    )


# Inline parsing of every token was once deferred to the tokens we read; measured on 2000 pages it
# saved nothing (2.64 s deferred, 2.49 s all at once), so the tokens are parsed as markdown-it does.
_PARSER = markdown_parser()


def normalize_newlines(text: str) -> str:
    """What markdown-it does to line ends before it parses; done here so source lines match.

    In a page whose lines end in LF or CRLF, a bare CR is a line break inside a table cell (3D,
    Diagram, HTML and SVG pages have them): it becomes a space, never a new row. Only a page of
    bare CRs alone (old Mac line ends) has them as line ends."""
    text = text.replace("\r\n", "\n")
    return text.replace("\r", " " if "\n" in text else "\n")


# The usual values table, read without markdown-it's table rule (its per-character loops were a
# third of a page's parse): a header of three cells, a delimiter row, rows that each start with
# "|", a blank line (or nothing) on either side.
_DELIMITER_ROW = re.compile(r"\|(?:[ \t]*:?-+:?[ \t]*\|){3}[ \t]*")
# The core rules markdown-it runs on inline tokens once the blocks are parsed.
_INLINE_RULES = tuple(
    rule
    for name, rule in zip(_PARSER.core.ruler.get_active_rules(), _PARSER.core.ruler.getRules(""))
    if name not in ("normalize", "block")
)


def _usual_table(lines: Sequence[str]) -> tuple[int, int] | None:
    """The lines ``[start, end)`` of the first table in the usual layout, or ``None``."""
    for start, line in enumerate(lines):
        if not line.startswith("|") or start + 1 >= len(lines):
            continue
        if (start and lines[start - 1].strip()) or not _DELIMITER_ROW.fullmatch(lines[start + 1]):
            return None
        if len(_raw_cells(line)) != TABLE_COLUMNS:
            return None
        end = start + 2
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        return (start, end) if end == len(lines) or not lines[end].strip() else None
    return None


def _tokens(
    normalized: str, lines: Sequence[str], env: dict[str, object], *, shortcut: bool
) -> tuple[list[Token], tuple[int, int] | None]:
    """markdown-it's tokens of the page, and the lines of its values table where that table was
    read from the lines (``_table_rows``) and left out of the tokens.

    The shortcut is taken only where it cannot change what the page says: the table's lines are
    parsed as blank lines, and nothing markdown-it makes of the rest (a fence, an HTML block, a
    list) may cover them; else the whole page is parsed as it is.
    """
    span = _usual_table(lines) if shortcut else None
    if span is not None:
        start, end = span
        blanked = "\n".join([*lines[:start], *([""] * (end - start)), *lines[end:]])
        tokens = _PARSER.parse(blanked, env)
        if not any(token.map and token.map[0] < end and token.map[1] > start for token in tokens):
            return tokens, span
        env.clear()
    return _PARSER.parse(normalized, env), None


def _table_rows(
    lines: Sequence[str], span: tuple[int, int], env: dict[str, object]
) -> list[tuple[int, list[Token]]]:
    """Each body row of the table as (line, inline tokens of its cells), parsed as markdown-it's
    table rule and core rules parse them: the cells split, stripped, then the inline rules."""
    start, end = span
    state = StateCore("", _PARSER, env)
    rows: list[tuple[int, list[Token]]] = []
    for index in range(start + 2, end):
        cells: list[Token] = []
        for content in _raw_cells(lines[index])[:TABLE_COLUMNS]:
            cell = Token("inline", "", 0, content=content.strip(), map=[index, index + 1], children=[])
            cells.append(cell)
            state.tokens.append(cell)
        rows.append((index + 1, cells))
    for rule in _INLINE_RULES:
        rule(state)
    return rows


def parse_page(text: str, shown_path: str, source: str, *, shortcut: bool = True) -> Page | PythonPage:
    """Parse one page: a .NET page (``Page``) or a ``python-net`` page (``PythonPage``).

    ``shortcut=False`` gives every line to markdown-it (the shortcut's tests compare the two).
    Raises ``CodegenError`` for bad input, ``NotAnEnumPage`` for pages of other types.
    """
    normalized = normalize_newlines(text)
    env: dict[str, object] = {}
    lines = normalized.split("\n")
    tokens, span = _tokens(normalized, lines, env, shortcut=shortcut)
    front = _front_matter(tokens, lines, shown_path)
    _check_nesting(tokens, shown_path)
    body = 1  # the front matter is token 0
    body_line = tokens[0].map[1] + 1 if tokens[0].map else 1
    url = front.get("url")
    if not url:
        raise CodegenError(shown_path, 1, "front matter has no 'url'")
    if NET_URL.match(url) is None:
        python_url = _PYTHON_URL.match(url)
        if python_url is None:
            raise CodegenError(
                shown_path, 1, f"url {url!r} is not of the form /[lang/]net/<namespace>/<enum>/"
            )
        if span is not None:  # a three-column table on a Python page: read as markdown-it reads it
            env.clear()
            tokens, span = _PARSER.parse(normalized, env), None
        return _python_page(tokens, lines, shown_path, source, python_url, front)
    language, namespace_lower, enum_lower = _split_url(url, shown_path)
    first_heading = _first_index(tokens, "heading_open", body)
    expected_line = _line(tokens[first_heading]) + 1 if first_heading is not None else body_line
    fence_index = _first_csharp_fence(tokens, shown_path, body, expected_line)
    heading_index = _heading(tokens, shown_path, body, fence_index)
    fence = tokens[fence_index]
    fence_line = _line(fence)
    flags, inner, underlying = _declaration(fence.content, shown_path, fence_line)
    url_parts = enum_url_parts(enum_lower)
    if inner.lower() != url_parts[-1]:
        raise CodegenError(shown_path, fence_line, f"enum {inner!r} does not match the url {url!r}")
    name = ".".join([*_enclosing_names(url_parts, front, tokens, heading_index, shown_path), inner])
    summary = _summary(tokens[heading_index + 1 : fence_index])
    table_index = _first_index(tokens, "table_open", fence_index)
    if span is not None and (
        span[0] < fence_line or (table_index is not None and _line(tokens[table_index]) <= span[0])
    ):
        # The table read from the lines is not the first after the declaration: read it all again.
        return parse_page(text, shown_path, source, shortcut=False)
    if span is not None:
        table_line = span[0] + 1
        # The last token before the table's end, where ``table_close`` is on the whole parse.
        after_table = (index for index in range(fence_index, len(tokens)) if _line(tokens[index]) > span[1])
        table_end = next(after_table, len(tokens)) - 1
        rows = _read_rows(
            _table_rows(lines, span, env),
            lines,
            table_line,
            shown_path,
            flags=flags,
            underlying=underlying,
        )
    else:
        if table_index is None:
            raise CodegenError(
                shown_path, fence_line + _line_count(fence), "no values table after the declaration"
            )
        table_line = _line(tokens[table_index])
        token_rows, table_end = _token_rows(tokens, table_index)
        rows = _read_rows(token_rows, lines, table_line, shown_path, flags=flags, underlying=underlying)
    _check_single_values_table(tokens, table_line, table_end, lines, shown_path)
    namespace = _namespace(tokens[table_end:], namespace_lower, shown_path, len(lines))
    return Page(
        path=shown_path,
        source=source,
        language=language,
        url=url,
        namespace=namespace,
        name=name,
        flags=flags,
        underlying=underlying,
        summary=summary,
        declaration_line=fence_line,
        rows=rows,
    )


def _python_page(  # noqa: PLR0917 - the parts parse_page has already found
    tokens: Sequence[Token],
    lines: Sequence[str],
    path: str,
    source: str,
    url: re.Match[str],
    front: dict[str, str],
) -> PythonPage:
    """A Python reference page: its members table of Python names, in any of Aspose's layouts
    (``## Members``, ``## **Members**``, ``### Fields``; a Value column or none; names plain or in
    code spans; with or without an enumeration heading). Paired with the .NET page by the url."""
    url_parts = enum_url_parts(url["enum"])
    name = ".".join(_cased(url_parts, [front.get("title", "")]) or url_parts)
    table_index = _first_index(tokens, "table_open", 1)
    if table_index is None:
        raise CodegenError(path, _body_line(tokens), "no members table on the Python page")
    header_line = _line(tokens[table_index])
    header = [_bare(cell) for cell in _raw_cells(lines[header_line - 1])]
    if not header or header[0].lower() not in PYTHON_TABLE_HEADERS or len(header) not in (2, 3):
        raise CodegenError(
            path, header_line, f"the members table's header {header!r} is not 'Member name | Description'"
        )
    rows: list[PythonRow] = []
    for row_line, cells in _token_rows(tokens, table_index)[0]:
        if len(cells) != len(header) or len(_raw_cells(lines[row_line - 1])) != len(header):
            raise CodegenError(path, row_line, f"row has a cell count other than the header's {len(header)}")
        member = _bare(cells[0].content)
        if not is_csharp_identifier(member):
            raise CodegenError(path, row_line, f"Python member name {member!r} is not an identifier")
        rows.append(PythonRow(python_name=member, line=row_line))
    if not rows:
        raise CodegenError(path, header_line, "members table has no rows")
    return PythonPage(
        path=path,
        source=source,
        namespace_lower=(url["namespace"] or url["bare"]).lower(),
        name=name,
        heading_line=header_line,
        rows=tuple(rows),
        language=url["language"] or "en",
    )


def _bare(cell: str) -> str:
    """A cell's text without emphasis or a code span around it (``**Name**``, ```NAME```)."""
    return cell.strip().strip("*").strip().strip("`").strip()


def _body_line(tokens: Sequence[Token]) -> int:
    return tokens[0].map[1] + 1 if tokens and tokens[0].map else 1


def _cased(url_parts: Sequence[str], texts: Sequence[str]) -> list[str] | None:
    """``url_parts`` (lowercase, ``["docsaveoptions", "recognitionmode"]``) with the casing one of
    ``texts`` gives them (``Enum DocSaveOptions.RecognitionMode``), type parameters dropped
    (``Device<T>`` in a heading, ``DeviceTGraphicContext`` in a title); ``None`` where none gives
    all parts."""
    wanted = len(url_parts)
    for text in texts:
        for word in _TYPE_PARAMETERS.sub("", text).split():
            parts = word.split(".")
            if len(parts) != wanted:
                continue
            if all(part.lower().startswith(lower) and lower for part, lower in zip(parts, url_parts)):
                cased = [part[: len(lower)] for part, lower in zip(parts, url_parts)]
                if all(is_csharp_identifier(part) for part in cased):
                    return cased
    return None


def _enclosing_names(
    url_parts: Sequence[str],
    front: dict[str, str],
    tokens: Sequence[Token],
    heading_index: int,
    path: str,
) -> list[str]:
    """The cased names of the types a nested enum is declared in (``url_parts``: the url's
    segment, the enum's own part last): from the title or the heading, else (one level) the See
    Also link to the enclosing type; an error where the page does not say."""
    if len(url_parts) == 1:
        return []
    cased = _cased(url_parts, [front.get("title", ""), plain_text(tokens[heading_index])])
    if cased is not None:
        return cased[:-1]
    if len(url_parts) == 2:
        links = [plain_text(token) for token in tokens[heading_index + 1 :] if token.type == "inline"]
        cased = _cased(url_parts[:1], [text for text in links if text])
        if cased is not None:
            return cased
    raise CodegenError(
        path,
        _line(tokens[heading_index]),
        f"the page does not say how the enclosing type of {'.'.join(url_parts)!r} is written",
    )


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _line_count(token: Token) -> int:
    return token.map[1] - token.map[0] if token.map else 1


def _first_index(tokens: Sequence[Token], kind: str, start: int) -> int | None:
    for index in range(start, len(tokens)):
        if tokens[index].type == kind:
            return index
    return None


def _front_matter(tokens: Sequence[Token], lines: Sequence[str], path: str) -> dict[str, str]:
    """The ``key: value`` lines of the front matter (flat YAML, as xmldocmd writes it)."""
    if not tokens or tokens[0].type != "front_matter":
        if lines and lines[0].rstrip() == "---":
            raise CodegenError(path, 1, "front matter is not closed (no second '---' line)")
        raise CodegenError(path, 1, "no front matter: an Aspose reference page starts with '---'")
    fields: dict[str, str] = {}
    for line in tokens[0].content.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[key.strip()] = value
    return fields


def _split_url(url: str, path: str) -> tuple[str, str, str]:
    match = NET_URL.match(url)
    if match is None:
        raise CodegenError(path, 1, f"url {url!r} is not of the form /[lang/]net/<namespace>/<enum>/")
    return match["language"] or "en", match["namespace"], match["enum"]


def _check_nesting(tokens: Sequence[Token], path: str) -> None:
    """markdown-it stops reading a document where blocks nest ``maxNesting`` deep; what follows
    is silently lost. Say so, rather than report whatever is missing afterwards."""
    limit = _PARSER.options["maxNesting"]
    for token in tokens:
        if token.nesting == 1 and token.level >= limit - 1:
            raise CodegenError(
                path,
                _line(token) or None,
                f"blocks nest {limit} levels deep here; markdown-it stops reading the page at this point",
            )


def _first_csharp_fence(tokens: Sequence[Token], path: str, start: int, expected_line: int) -> int:
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.type == "fence" and token.info.strip().split(" ")[0] == "csharp":
            return index
    raise CodegenError(path, expected_line, "no ```csharp declaration block after the heading")


def _declaration(code: str, path: str, line: int) -> tuple[bool, str, str]:
    """Read ``[Flags]`` and ``public enum Name : type`` from the declaration block."""
    statements = [text.strip() for text in code.split("\n") if text.strip()]
    attributes = [text for text in statements if text.startswith("[")]
    declarations = [text for text in statements if not text.startswith("[")]
    if not declarations:
        raise CodegenError(path, line, "the csharp block declares nothing")
    declaration = declarations[0]
    if not re.search(r"\benum\b", declaration):
        raise NotAnEnumPage(path, declaration)
    # A generic enum's ``where`` constraints continue the declaration on the lines after it.
    constraints = [text for text in declarations[1:] if text.startswith("where ")]
    declaration = " ".join([declaration, *constraints[:1]]) if constraints else declaration
    match = _ENUM_DECLARATION.search(declaration)
    if match is None or not is_csharp_identifier(match["name"]):
        raise CodegenError(path, line + 1, f"cannot read the enum declaration {declaration!r}")
    underlying = match["underlying"] or "int"
    underlying = _SYSTEM_TYPES.get(underlying, underlying)
    if underlying not in UNDERLYING_RANGES:
        raise CodegenError(path, line + 1, f"{underlying!r} is not an integral type an enum can be based on")
    flags = any(
        re.fullmatch(r"\[\s*(System\.)?Flags(Attribute)?\s*(\(\s*\))?\s*\]", text) for text in attributes
    )
    return flags, match["name"], underlying


def _heading(tokens: Sequence[Token], path: str, start: int, fence_index: int) -> int:
    """The index of the inline token of the first heading before the declaration: where the
    summary starts. Its words are never read (translated, reordered, the name translated)."""
    for index in range(start, fence_index):
        if tokens[index].type == "heading_open":
            return index + 1
    raise CodegenError(path, _line(tokens[fence_index]), "no heading before the ```csharp declaration")


def _summary(tokens: Sequence[Token]) -> str:
    paragraphs = [plain_text(token) for token in tokens if token.type == "inline"]
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _children(inline: Token) -> list[Token]:
    """The inline tokens of ``inline`` (parsed with the page: its link references are known)."""
    return inline.children or []


def plain_text(inline: Token) -> str:
    """The text a reader sees in an inline token: markup dropped, links to text, entities decoded."""
    parts: list[str] = []
    _append_text(_children(inline), parts)
    return "".join(parts)


def _append_text(children: Sequence[Token], parts: list[str]) -> None:
    for child in children:
        if child.type in ("text", "text_special", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            _append_text(child.children or [], parts)


def _check_single_values_table(
    tokens: Sequence[Token], table_line: int, table_end: int, lines: Sequence[str], path: str
) -> None:
    """A second table shaped like the values table (three columns, a code span as the first
    value) would make the page ambiguous: refuse it rather than pick one."""
    for index in range(table_end + 1, len(tokens)):
        token = tokens[index]
        if token.type != "table_open" or not token.map:
            continue
        start, end = token.map
        header = _raw_cells(lines[start])
        first_row = _raw_cells(lines[start + 2]) if start + 2 < end else []
        if len(header) == TABLE_COLUMNS and len(first_row) == TABLE_COLUMNS:
            value = first_row[1].strip()
            if len(value) >= 2 and value[0] == value[-1] == "`":
                raise CodegenError(
                    path,
                    start + 1,
                    f"a second values table; the page must have one (the first is at line {table_line})",
                )


def _raw_cells(line: str) -> list[str]:
    """The cells of a table row as markdown-it splits them, before it pads or truncates the row."""
    stripped = line.strip()
    # Without a backslash, markdown-it's escapedSplit is str.split; the C version is much faster.
    cells = stripped.split("|") if "\\" not in stripped else escapedSplit(stripped)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _token_rows(tokens: Sequence[Token], table_index: int) -> tuple[list[tuple[int, list[Token]]], int]:
    """The body rows of markdown-it's table at ``table_index`` as (line, cell tokens), and the
    index of its ``table_close``."""
    rows: list[tuple[int, list[Token]]] = []
    index = table_index
    cells: list[Token] = []
    in_body = False
    while index < len(tokens):
        token = tokens[index]
        if token.type == "table_close":
            break
        if token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open":
            cells = []
            rows.append((_line(token), cells))
        elif in_body and token.type == "inline":
            cells.append(token)
        index += 1
    return rows, index


def _read_rows(
    rows: Sequence[tuple[int, Sequence[Token]]],
    lines: Sequence[str],
    header_line: int,
    path: str,
    *,
    flags: bool,
    underlying: str,
) -> tuple[Row, ...]:
    header_cells = len(_raw_cells(lines[header_line - 1]))
    if header_cells != TABLE_COLUMNS:
        raise CodegenError(
            path,
            header_line,
            f"values table has {header_cells} columns, expected 3 (name | value | description)",
        )
    if not rows:
        raise CodegenError(path, header_line, "values table has no rows")
    return tuple(
        _row(cells, lines[row_line - 1], row_line, path, flags=flags, underlying=underlying)
        for row_line, cells in rows
    )


def _row(
    cells: Sequence[Token],
    source: str,
    line: int,
    path: str,
    *,
    flags: bool,
    underlying: str,
) -> Row:
    raw = _raw_cells(source)
    if len(raw) != TABLE_COLUMNS or len(cells) != TABLE_COLUMNS:
        raise CodegenError(path, line, f"row has {len(raw)} cells, expected 3 (name | value | description)")
    name_cell, value_cell, description_cell = cells
    name = name_cell.content.strip()
    if not name:
        raise CodegenError(path, line, "empty member name")
    if not is_csharp_identifier(name):
        raise CodegenError(path, line, f"member name {name!r} is not a C# identifier")
    code_spans = [
        child
        for child in _children(value_cell)
        if child.type not in ("text", "text_special") or child.content.strip()
    ]
    if len(code_spans) != 1 or code_spans[0].type != "code_inline":
        raise CodegenError(
            path, line, f"value of {name!r} must be one code span like `250`, found {value_cell.content!r}"
        )
    try:
        value = parse_value(code_spans[0].content.strip(), flags=flags, underlying=underlying)
    except ValueProblem as problem:
        raise CodegenError(path, line, f"{name}: {problem}") from None
    return Row(dotnet_name=name, value=value, description=plain_text(description_cell), line=line)


def _namespace(tokens: Sequence[Token], namespace_lower: str, path: str, line_count: int) -> str:
    """The See Also namespace link's text: the namespace with its real casing."""
    for token in tokens:
        if token.type != "inline":
            continue
        if "](" not in token.content:
            continue  # no link here
        children = _children(token)
        for index, child in enumerate(children):
            if child.type != "link_open":
                continue
            text_parts: list[str] = []
            for inner in children[index + 1 :]:
                if inner.type == "link_close":
                    break
                text_parts.append(inner.content)
            text = "".join(text_parts).strip()
            if text.lower() == namespace_lower:
                if module_name_of(text) is None:
                    raise CodegenError(
                        path, _line(token), f"namespace {text!r} does not make a Python module name"
                    )
                return text
    raise CodegenError(path, line_count, f"no See Also link to the namespace {namespace_lower!r} of the url")
