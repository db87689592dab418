"""Names: C# identifiers in, validated Python identifiers out.

Where Aspose publishes a Python reference page, the Python names come from it (``merge``). Where
it does not, a rule must guess. The rules below are derived from Aspose's own names: the 398 real
.NET/Python pairs of Aspose.Email's reference pages, and 13,400 pairs of eight products read from
Aspose's Python packages (each wheel holds the .NET assembly, whose enums give the .NET names, and
type stubs, which give the Python names; ``benchmarks/python_names.py`` reads them, and
``tests/data/python-names/`` holds what it read). ``tests/test_names.py`` measures every rule on
every pair.

Aspose's rule (``python_name``), for every product but Aspose.Words
    Split into words: capitalized or lowercase words (``Not|Defined``), acronyms before a
    capitalized word (``HTML|Format``), capitals directly followed by digits (``SAML20``, ``MD5``),
    digit runs; join with ``_`` and uppercase. Units that stay one word: capital-digit units glued
    together (``R5G6B5``, ``A4L4``), capitals, digits and a capital (``J2K``, ``PRC16K``, ``L2R``),
    a capital, digits and a lowercase letter (``PdfA1a`` -> ``PDF_A1A``), digits and a capital
    (``Emboss3D`` -> ``EMBOSS_3D``, ``Paper16K``), digits and a lowercase unit (``24bpp``,
    ``10x14``). A digit run *inside* a name is its own word, a *trailing* one stays on the word
    before it (``Base64Response`` -> ``BASE_64_RESPONSE``, ``Tls12`` -> ``TLS12``). Underscores
    separate words too (``PT_SHORT``). Measured: Aspose.Email 398/398, Aspose.3D 100%, Aspose.PSD
    100%, Aspose.Imaging 99.9%, Aspose.Diagram 99.8%, Aspose.Cells 99.7%, Aspose.Pdf 99.5%.
    Known misses: ``Excel97To2003`` -> ``EXCEL_97_TO_2003``, ``Sha3_256`` -> ``SHA_3_256``.

Aspose.Email only: a C-style prefix of one segment that (almost) every member of the enum shares is
    dropped (``PT_SHORT`` -> ``SHORT``, ``MAPI_P1`` -> ``P1``); a prefix of several segments is kept
    (``TZRULE_FLAG_RECUR_CURRENT_TZREG``). Other products keep it (Aspose.Imaging's ``PAN_ANY``).

Aspose.Words for Python (``words_python_name``)
    Closer to the common "inflection" rule: a digit run stays on the word before it, lowercase
    letters after digits included (``Pdf17`` -> ``PDF17``, ``PdfA1a`` -> ``PDF_A1A``,
    ``MediumGrid1Accent1`` -> ``MEDIUM_GRID1_ACCENT1``); a unit that starts with digits is a word
    of its own (``Emboss3D`` -> ``EMBOSS_3D``, ``Paper10x14`` -> ``PAPER_10X14``). Measured: 98.3%
    of 3,542 pairs (Aspose's rule: 95.2%). Known misses: ``Texture10Percent`` ->
    ``TEXTURE_10_PERCENT``, ``PdfA4Ua2`` -> ``PDF_A4_UA_2``.

Any other product takes Aspose's rule, prefixes kept, with a note that none of its names were
checked.

Keywords are upper-cased like any name (``None`` -> ``NONE``).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence

_CSHARP_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_WORD = re.compile(
    r"""
      (?:[A-Z][0-9]+){2,}(?![a-z])  # capital-digit units glued together: R5G6B5, A4L4
    | [A-Z]+[0-9]+[A-Z](?![a-z])    # capitals, digits and a capital: J2K, PRC16K, L2R
    | [A-Z][0-9]+[a-z](?![a-z])     # a capital, digits and a lowercase letter: A1a
    | [0-9]+[A-Z](?![a-z])          # digits and a capital: 3D, 16K
    | [0-9]+[a-z]+[0-9]*            # digits and a lowercase unit: 24bpp, 10x14
    | [A-Z]+[0-9]+                  # capitals directly followed by digits: MD5, SAML20, V4
    | [A-Z]+(?=[A-Z][a-z])          # an acronym before a capitalized word: HTML|Format
    | [A-Z]?[a-z]+                  # a capitalized or lowercase word: Not|Defined, header
    | [A-Z]+                        # a trailing acronym: NTLM
    | [0-9]+                        # a digit run
    """,
    re.VERBOSE,
)


_WORDS_PRODUCT_WORD = re.compile(
    r"""
      [0-9]+[a-z]+[0-9]*          # a unit led by digits: 10x14
    | [0-9]+[A-Z]+(?![a-z])       # digits and capitals: 3D
    | [A-Z]+(?=[A-Z][a-z])        # an acronym before a capitalized word: HTML|Format
    | [A-Z]?[a-z]+(?:[0-9]+(?![0-9a-z]|[A-Z](?![a-z])))?  # a word and its digits: Grid1, Pdf17
    | [A-Z][0-9]+[a-z]*           # a capital, digits, lowercase: A1a
    | [A-Z]+[0-9]*                # capitals and digits: NTLM, MD5
    | [0-9]+                      # a digit run
    """,
    re.VERBOSE,
)
# Products by the first two segments of the namespace; anything else follows Aspose.Email's rule.
WORDS_PRODUCT = "Aspose.Words"


def is_csharp_identifier(name: str) -> bool:
    """True for the ASCII C# identifiers that Aspose member and enum names are."""
    return _CSHARP_IDENTIFIER.match(name) is not None


def _segment_words(segment: str) -> list[str]:
    words = _WORD.findall(segment)
    # A trailing digit run stays on the word before it (Tls12, ScramSha1); inside a name it is a
    # word of its own (Base64Response, ScramSha1Plus).
    if len(words) >= 2 and words[-1].isdigit() and not words[-2].isdigit():
        words[-2:] = [words[-2] + words[-1]]
    return words


def python_name(dotnet_name: str) -> str:
    """The UPPER_SNAKE Python name of a C# member name (``Base64Response`` -> ``BASE_64_RESPONSE``).

    Aspose's rule for one name (the module docstring), prefixes kept. Underscores in the C# name separate
    words too (``PT_UNSPECIFIED``); a leading or trailing underscore is kept, so that ``MailTips_``
    stays distinct from ``MailTips``.
    """
    segments = dotnet_name.split("_")
    parts = ["_".join(_segment_words(segment)) for segment in segments]
    return "_".join(parts).upper()


def words_python_name(dotnet_name: str) -> str:
    """Aspose.Words' rule for one name (``PdfA1a`` -> ``PDF_A1A``, ``Emboss3D`` -> ``EMBOSS_3D``)."""
    segments = dotnet_name.split("_")
    return "_".join("_".join(_WORDS_PRODUCT_WORD.findall(segment)) for segment in segments).upper()


def shared_prefix(dotnet_names: Sequence[str]) -> str | None:
    """The one-segment C-style prefix (``PT_``) that all members but at most one share, or None.

    Aspose.Email's Python names drop it; a prefix of several segments (``TZRULE_FLAG_``) is kept.
    """
    heads = [name.split("_", 1)[0] + "_" for name in dotnet_names if "_" in name.strip("_")]
    if len(heads) < 2:
        return None
    head = max(set(heads), key=heads.count)
    sharing = [name for name in dotnet_names if name.startswith(head)]
    if len(sharing) < len(dotnet_names) - 1 or not head[:-1].isupper():
        return None
    rests = [name[len(head) :] for name in sharing]
    if all(rest.split("_", 1)[0] + "_" == rests[0].split("_", 1)[0] + "_" and "_" in rest for rest in rests):
        return None  # a second shared segment: the prefix has several segments and is kept
    return head


EMAIL_PRODUCT = "Aspose.Email"
# Products whose names the rules were measured on (see the module docstring); any other gets a note.
MEASURED_PRODUCTS = (
    "Aspose.Cells",
    "Aspose.Diagram",
    "Aspose.Imaging",
    "Aspose.PSD",
    "Aspose.Pdf",
    "Aspose.ThreeD",
)
KNOWN_PRODUCTS = (EMAIL_PRODUCT, WORDS_PRODUCT, *MEASURED_PRODUCTS)


def product_of(namespace: str) -> str:
    """``Aspose.Pdf`` of ``Aspose.Pdf.Annotations``: the first two segments."""
    return ".".join(namespace.split(".")[:2])


def rule_note(namespace: str) -> str | None:
    """A note where the namespace's product has no measured rule, ``None`` where it has one."""
    product = product_of(namespace)
    if product in KNOWN_PRODUCTS:
        return None
    return (
        f"{product} has no measured naming rule (none of its names were checked): enums without a "
        "Python page take Aspose's common rule (codegen/names.py); put the Python pages among the "
        "docs for the real names"
    )


def enum_python_names(namespace: str, dotnet_names: Sequence[str]) -> list[str]:
    """The rule's Python names of one enum's members, for the product the namespace belongs to."""
    product = product_of(namespace)
    if product == WORDS_PRODUCT:
        return [words_python_name(name) for name in dotnet_names]
    prefix = shared_prefix(dotnet_names) if product == EMAIL_PRODUCT else None
    names: list[str] = []
    for name in dotnet_names:
        rest = name[len(prefix) :] if prefix and name.startswith(prefix) else name
        names.append(python_name(rest) if rest and not rest[0].isdigit() else python_name(name))
    return names


def is_python_identifier(name: str) -> bool:
    """True when ``name`` can be written as a plain Python assignment target.

    ASCII only: Python normalizes non-ASCII identifiers (NFKC), so ``º`` would silently become
    ``o`` in the generated module.
    """
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


def module_name_of(namespace: str) -> str | None:
    """The generated module of a .NET namespace (``Aspose.Email.Clients.Smtp`` ->
    ``aspose_email_clients_smtp``), or ``None`` where that is no Python module name."""
    name = namespace.lower().replace(".", "_")
    return name if is_python_identifier(name) else None


def is_enum_private(name: str) -> bool:
    """True for names that ``enum`` reserves or mangles (``_sunder_``, ``__dunder__``, ``_x``)."""
    return name.startswith("_") or name.endswith("__")
