"""The runtime of generated enums: the documentation each member carries. A public module.

Generated modules (this package's own, and those ``python -m codegen`` writes for any other Aspose
product) import it as ``from smtpstatus import documented as _documented``, declare
``__aspose__ = _documented.EnumDocs(...)`` in the class body and inherit ``DocumentedMixin``;
this module turns that table into ``member.description`` and friends.

**The contract** is versioned by ``CONTRACT_VERSION``: its names (``EnumDocs`` with the keyword
arguments ``namespace``, ``name``, ``underlying``, ``default_language``, ``summaries``,
``members``; ``member(python_name, dotnet_name, descriptions)``, ``members(*items)``,
``DocumentedMixin``, ``DocumentedEnumType``) keep their meaning for every release of one contract
version; a change that would break a generated module raises the version and is named in the
changelog. A package of generated enums depends on ``smtpstatus`` (no dependencies of its own) at
the contract version it was generated for: ``smtpstatus.documented.CONTRACT_VERSION == 1``.
"""

import enum
from types import DynamicClassAttribute, MappingProxyType

# Not ``typing.TYPE_CHECKING``: typing costs more to import than this whole package.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, ClassVar, TypeVar

    _Member = TypeVar("_Member")

__all__ = [
    "CONTRACT_VERSION",
    "DocumentedEnumType",
    "DocumentedMixin",
    "EnumDocs",
    "MemberDocs",
    "member",
    "members",
]

CONTRACT_VERSION = 1
"""The version of the contract between generated modules and this runtime (see the docstring)."""

_NO_DESCRIPTIONS: "Mapping[str, str]" = MappingProxyType({})


class MemberDocs:
    """The documentation of one row of the reference page, in every language."""

    __slots__ = ("descriptions", "dotnet_name", "python_name")
    python_name: str
    dotnet_name: str
    descriptions: "Mapping[str, str]"

    def __init__(self, python_name: str, dotnet_name: str, descriptions: "Mapping[str, str]") -> None:
        self.python_name = python_name
        self.dotnet_name = dotnet_name
        self.descriptions = MappingProxyType(dict(descriptions))  # language -> description

    def __repr__(self) -> str:
        return f"MemberDocs({self.python_name!r}, {self.dotnet_name!r}, {dict(self.descriptions)!r})"


def member(python_name: str, dotnet_name: str, descriptions: "Mapping[str, str]") -> MemberDocs:
    """One row of the table: the Python name, the .NET name, the description by language."""
    return MemberDocs(python_name, dotnet_name, descriptions)


def members(*items: MemberDocs) -> "dict[str, MemberDocs]":
    """The rows by Python name."""
    return {item.python_name: item for item in items}


class EnumDocs:
    """Everything the reference pages say about one enum, in every language they exist in.

    The contract between the generator and this runtime: generated modules build one with
    keyword arguments only, text keyed by language, the default language named.
    """

    __slots__ = ("default_language", "languages", "members", "name", "namespace", "summaries", "underlying")
    namespace: str
    name: str
    underlying: str
    default_language: str
    languages: "tuple[str, ...]"
    """Every language of the docs, the default first."""
    summaries: "Mapping[str, str]"
    members: "dict[str, MemberDocs]"

    def __init__(
        self,
        *,
        namespace: str,
        name: str,
        underlying: str,
        default_language: str,
        summaries: "Mapping[str, str]",
        members: "dict[str, MemberDocs]",
    ) -> None:
        self.namespace = namespace
        self.name = name
        self.underlying = underlying
        self.default_language = default_language
        self.summaries = MappingProxyType(dict(summaries))
        self.languages = (
            default_language,
            *(language for language in summaries if language != default_language),
        )
        self.members = members

    @property
    def full_name(self) -> str:
        return f"{self.namespace}.{self.name}"

    def summary(self, language: "str | None" = None) -> str:
        """The enum's summary in ``language`` (default: the default language)."""
        return self.summaries[language or self.default_language]

    def descriptions(self, python_name: "str | None") -> "Mapping[str, str]":
        """A read-only language -> description mapping of one member."""
        docs = self.members.get(python_name) if python_name is not None else None
        return docs.descriptions if docs is not None else _NO_DESCRIPTIONS


class DocumentedEnumType(enum.EnumMeta):
    """The metaclass of generated enums: the .NET names as aliases, and a fast ``Enum(value)``.

    The .NET names come from ``__aspose__`` once the class is built: an alias written in the class
    body costs as much as a member (enum builds one and throws it away). ``SmtpStatusCode(550)``
    is a dictionary lookup here; everything else (an unknown value, the functional API, flags not
    yet combined) goes the way ``EnumType`` goes, unchanged.
    """

    def __new__(metacls, cls: str, bases: "tuple[type, ...]", classdict: "Any", **kwds: "Any") -> "Any":
        enum_class = super().__new__(metacls, cls, bases, classdict, **kwds)
        aspose = enum_class.__dict__.get("__aspose__")
        if isinstance(aspose, EnumDocs):
            _add_dotnet_names(enum_class, aspose)
        return enum_class

    def __call__(cls: "type[_Member]", value: object, *args: "Any", **kwargs: "Any") -> "_Member":  # pyright: ignore[reportIncompatibleMethodOverride] - the functional API is EnumType's, below
        if not args and not kwargs:
            try:
                member = cls._value2member_map_.get(value)  # type: ignore[attr-defined]
            except TypeError:  # an unhashable value: EnumType says what is wrong with it
                member = None
            if member is not None:
                return member  # type: ignore[no-any-return]
        return super().__call__(value, *args, **kwargs)  # type: ignore[misc, no-any-return]


def _add_dotnet_names(enum_class: "Any", aspose: EnumDocs) -> None:
    """Each .NET name that differs from the Python name becomes an alias, as if the class body had
    said ``Name = NAME``: the same member by attribute, by ``Enum[name]`` and in ``__members__``
    (after the members, in page order); never in iteration.

    A name that means something already on the class (``name``, ``value``, ``dotnet_name``, a
    mixin's method) keeps that meaning as an attribute, for the class and every member; the alias
    is then reached as ``Enum[name]`` only.
    """
    member_map = enum_class._member_map_
    taken: set[str] = set()  # every name the class and its bases define: one set, not a scan per alias
    for base in enum_class.__mro__:
        taken.update(base.__dict__)
    for docs in aspose.members.values():
        alias = docs.dotnet_name
        if alias == docs.python_name or alias in member_map:
            continue
        member = member_map[docs.python_name]
        if alias not in taken:
            type.__setattr__(enum_class, alias, member)
        member_map[alias] = member


class DocumentedMixin:
    """Adds the documented .NET name and descriptions to the members of a generated enum.

    The properties are ``DynamicClassAttribute``s, as ``name`` and ``value`` are, so that a
    member whose .NET name is ``description`` does not hide them on any supported Python.
    """

    __slots__ = ()
    __aspose__: "ClassVar[EnumDocs]"
    if TYPE_CHECKING:
        # str in IntEnum, str | None in IntFlag (combined flags): Any agrees with both bases.
        _name_: Any
        _value_: int

    @DynamicClassAttribute
    def dotnet_name(self) -> str:
        """The member's name in .NET (``MailboxUnavailable``); empty for combined flags."""
        docs = type(self).__aspose__.members.get(self._name_)
        return docs.dotnet_name if docs is not None else ""

    @DynamicClassAttribute
    def description(self) -> str:
        """The documented description in the default language."""
        aspose = type(self).__aspose__
        docs = aspose.members.get(self._name_)
        return docs.descriptions[aspose.default_language] if docs is not None else ""

    @DynamicClassAttribute
    def descriptions(self) -> "Mapping[str, str]":
        """Read-only mapping of language code to documented description."""
        return type(self).__aspose__.descriptions(self._name_)

    def __str__(self) -> str:
        # The value, as IntEnum gives it from Python 3.11 on: the same on every supported Python.
        return str(self._value_)
