"""Reply classes and categories of RFC 5321 section 4.2, derived from the digits of a code.

The ``ReplyClass`` and ``ReplyCategory`` enums live in ``_reply_classes`` and load on first use:
creating two enums was a sixth of ``import smtpstatus``.

Used by ``SmtpStatusCode`` (through ``ReplyCodeMixin``, named in the generator's settings) and by
parsed replies, so that a member and a reply classify a code the same way.
"""

# Not ``typing.TYPE_CHECKING``: see smtpstatus/__init__.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing_extensions import Self

    from smtpstatus._reply_classes import ReplyCategory, ReplyClass

__all__ = [
    "ClassifiedCode",
    "ReplyCodeMixin",
    "is_reply_code",
    "reply_category",
    "reply_class",
]


def is_reply_code(code: int) -> bool:
    """True for a three-digit reply code of class 2 to 5 (RFC 5321, 4.2): 200 to 599."""
    return 200 <= code <= 599


def class_digit(code: int) -> "int | None":
    """The first digit of a reply code (2 to 5), or ``None``: the one rule behind the classes."""
    return code // 100 if is_reply_code(code) else None


def reply_class(code: int) -> "ReplyClass | None":
    """The class of the first digit; ``None`` for anything but 200-599 (``0``, ``-1``, ``999``)."""
    digit = class_digit(code)
    if digit is None:
        return None
    from smtpstatus._reply_classes import ReplyClass  # noqa: PLC0415 - loaded on first use

    return ReplyClass(digit)


def reply_category(code: int) -> "ReplyCategory | None":
    """The category of the second digit; ``None`` where RFC 5321 defines none (x6z to x9z)."""
    second = (code // 10) % 10
    if not is_reply_code(code) or second > 5:
        return None
    from smtpstatus._reply_classes import ReplyCategory  # noqa: PLC0415 - loaded on first use

    return ReplyCategory(second)


class ClassifiedCode:
    """Class, category and what to do, from the digits of ``_classified_code``.

    One implementation for documented members (``ReplyCodeMixin``) and parsed replies
    (``SmtpReply``), so both always classify a code the same way. Plain properties (C-level, fast
    on parsed replies); no member of ``SmtpStatusCode`` is named like one of them.
    """

    __slots__ = ()

    @property
    def _classified_code(self) -> int:
        raise NotImplementedError

    @property
    def reply_class(self) -> "ReplyClass | None":
        """``ReplyClass`` of the first digit; ``None`` for ``NOT_DEFINED`` and ``GENERAL_FAILURE``."""
        return reply_class(self._classified_code)

    @property
    def category(self) -> "ReplyCategory | None":
        """``ReplyCategory`` of the second digit; ``None`` where it has none."""
        return reply_category(self._classified_code)

    @property
    def is_success(self) -> bool:
        """2yz: the command succeeded."""
        return class_digit(self._classified_code) == 2

    @property
    def is_intermediate(self) -> bool:
        """3yz: go on with the next step (send the message data, the next AUTH line)."""
        return class_digit(self._classified_code) == 3

    @property
    def is_transient(self) -> bool:
        """4yz: failed for now; retrying later may work."""
        return class_digit(self._classified_code) == 4

    @property
    def is_permanent(self) -> bool:
        """5yz: failed for good; retrying the same command will not help."""
        return class_digit(self._classified_code) == 5

    @property
    def is_error(self) -> bool:
        """4yz or 5yz."""
        return class_digit(self._classified_code) in (4, 5)


class ReplyCodeMixin(ClassifiedCode):
    """What the digits of an SMTP status code say: class, category and what to do about it."""

    __slots__ = ()
    if TYPE_CHECKING:
        _value_: int
        _value2member_map_: dict[object, Self]

    @property
    def _classified_code(self) -> int:
        return self._value_

    @classmethod
    def lookup(cls, code: object) -> "Self | None":
        """The member for ``code``, or ``None`` for a code the docs do not list; never raises.

        Real servers send well-formed codes that Aspose does not list (555, 521, 523): use this
        where ``SmtpStatusCode(code)`` would raise ``ValueError``. ``code`` is an ``int`` (or a
        subclass, such as another enum's member); anything else (``"550"``, ``550.0``, ``True``,
        ``None``, a list) gives ``None``.
        """
        try:
            if type(code) is not int:
                if not isinstance(code, int) or isinstance(code, bool):
                    return None
                code = int(code)
            return cls._value2member_map_.get(code)
        except Exception:  # an int subclass whose __int__ or __hash__ raises
            return None
