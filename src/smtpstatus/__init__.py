"""SMTP status codes, generated from the Aspose.Email reference, and tools for failed mail.

``SmtpStatusCode`` loads with the package; the reply classes, the reply parser, enhanced status
codes, ``find_reply``, ``diagnose``, ``parse_bounce`` and ``read_bounces`` load on first use, so
``import smtpstatus`` stays close to ``import http``; client interop is a module of its own
(``smtpstatus.interop``). (No ``from __future__``, no ``importlib``: each was a measurable part of
the import.) Each lazy name is written three times, for three readers: ``_LAZY`` (the run time),
the ``TYPE_CHECKING`` imports (type checkers, which cannot run ``__getattr__``) and ``__all__``;
a test checks that the three agree.
"""

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode

# Not ``typing.TYPE_CHECKING``: importing typing would triple the cost of ``import smtpstatus``.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from smtpstatus._reply_classes import ReplyCategory, ReplyClass
    from smtpstatus.batch import BounceRecord, read_bounces
    from smtpstatus.bounce import BouncedRecipient, parse_bounce
    from smtpstatus.diagnosis import Action, Diagnosis, Kind, Reason, diagnose
    from smtpstatus.enhanced import EnhancedStatusCode
    from smtpstatus.find import find_reply
    from smtpstatus.reply import SmtpReply, SmtpReplyError, parse_reply

__all__ = [
    "Action",
    "BounceRecord",
    "BouncedRecipient",
    "Diagnosis",
    "EnhancedStatusCode",
    "Kind",
    "Reason",
    "ReplyCategory",
    "ReplyClass",
    "SmtpReply",
    "SmtpReplyError",
    "SmtpStatusCode",
    "diagnose",
    "find_reply",
    "lookup",
    "parse_bounce",
    "parse_reply",
    "read_bounces",
]
__version__ = "0.1.0"

_members_by_value: "dict[object, SmtpStatusCode]" = SmtpStatusCode._value2member_map_  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]


def lookup(code: object) -> "SmtpStatusCode | None":
    """The member for a code, or ``None`` for a code the docs do not list; never raises.

    ``SmtpStatusCode.lookup`` with a shortcut for a plain ``int``, the one to use in a hot loop
    (attribute access on an enum class is slow on Python 3.11 and older).
    """
    if type(code) is int:
        return _members_by_value.get(code)
    return SmtpStatusCode.lookup(code)


_LAZY = {
    "ReplyCategory": "smtpstatus._reply_classes",
    "ReplyClass": "smtpstatus._reply_classes",
    "Action": "smtpstatus.diagnosis",
    "BounceRecord": "smtpstatus.batch",
    "BouncedRecipient": "smtpstatus.bounce",
    "Diagnosis": "smtpstatus.diagnosis",
    "Kind": "smtpstatus.diagnosis",
    "Reason": "smtpstatus.diagnosis",
    "diagnose": "smtpstatus.diagnosis",
    "find_reply": "smtpstatus.find",
    "parse_bounce": "smtpstatus.bounce",
    "read_bounces": "smtpstatus.batch",
    "EnhancedStatusCode": "smtpstatus.enhanced",
    "SmtpReply": "smtpstatus.reply",
    "SmtpReplyError": "smtpstatus.reply",
    "parse_reply": "smtpstatus.reply",
}


def __getattr__(name: str) -> "Any":
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'smtpstatus' has no attribute {name!r}")
    value = getattr(__import__(module_name, fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> "list[str]":
    return sorted(set(globals()) | set(__all__))
