"""diagnose: reason, hard bounce and what to do, from the codes and the words, in that order."""

from __future__ import annotations

import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpstatus import Action, Reason, SmtpReply, diagnose
from smtpstatus.diagnosis.codes import SPECIFIC_STATUS
from smtpstatus.diagnosis.commands import command_of
from smtpstatus.diagnosis.phrases import FALLBACK_WORDS, WORDS


@pytest.mark.parametrize(
    ("text", "reason", "hard", "action"),
    [
        (
            "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown",
            Reason.USER_UNKNOWN,
            True,
            Action.STOP_MAILING,
        ),
        ("552 5.2.2 <x@example.com>... Mailbox Full", Reason.MAILBOX_FULL, False, Action.RETRY_LATER),
        ("452 4.2.2 Over quota", Reason.MAILBOX_FULL, False, Action.RETRY_LATER),
        (
            "451 4.7.1 Greylisting in action, please come back later",
            Reason.GREYLISTED,
            False,
            Action.RETRY_LATER,
        ),
        (
            "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
            Reason.BLOCKED,
            False,
            Action.FIX_AND_RESEND,
        ),
        (
            "550 5.7.26 Unauthenticated email from example.jp is not accepted due to domain's DMARC policy",
            Reason.AUTH_FAILURE,
            False,
            Action.FIX_AND_RESEND,
        ),
        (
            "550 5.7.25 The IP address sending this message does not have a PTR record setup",
            Reason.REQUIRE_PTR,
            False,
            Action.FIX_AND_RESEND,
        ),
        (
            "Sorry, I couldn't find any host named cx.example.com. (#5.1.2)",
            Reason.HOST_UNKNOWN,
            True,
            Action.STOP_MAILING,
        ),
        ("550 5.1.10 host/domain does not accept mail", Reason.NOT_ACCEPT, True, Action.STOP_MAILING),
        ("554 5.7.1 <x@example.org>: Relay access denied", Reason.NO_RELAYING, False, Action.FIX_AND_RESEND),
        (
            "554 4.4.7 Message expired: unable to deliver in 840 minutes.",
            Reason.EXPIRED,
            False,
            Action.RETRY_LATER,
        ),
        ("452 4.3.2 Connection rate limit exceeded.", Reason.TOO_MANY_CONNECTIONS, False, Action.RETRY_LATER),
        (
            "550 5.1.6 recipient no longer on server: x@example.jp",
            Reason.HAS_MOVED,
            True,
            Action.STOP_MAILING,
        ),
        ("552 5.3.4 Message size exceeds fixed limit", Reason.EMAIL_TOO_LARGE, False, Action.FIX_AND_RESEND),
        ("250 2.0.0 Ok: queued as 12345", Reason.DELIVERED, False, Action.NOTHING),
        ("something went wrong", Reason.UNDEFINED, False, Action.FIX_AND_RESEND),
        ("421 try again later", Reason.SYSTEM_ERROR, False, Action.RETRY_LATER),
    ],
)
def test_real_texts(text: str, reason: Reason, hard: bool, action: Action) -> None:
    diagnosis = diagnose(text)
    assert (diagnosis.reason, diagnosis.hard_bounce, diagnosis.action) == (reason, hard, action)


def test_a_transient_failure_is_never_a_hard_bounce() -> None:
    diagnosis = diagnose("450 4.1.1 <x@example.com>: Recipient address rejected: unverified address")
    assert diagnosis.reason is Reason.USER_UNKNOWN
    assert diagnosis.transient is True
    assert not diagnosis.hard_bounce
    assert diagnosis.action is Action.RETRY_LATER


def test_user_unknown_after_data_is_a_filter() -> None:
    """The recipient was accepted at RCPT TO, so "unknown user" after DATA is a filter's wording."""
    text = "host mail.example.net[192.0.2.78] said: 550 Unknown user x@example.net (in reply to end of DATA command)"
    assert diagnose(text).reason is Reason.FILTERED
    assert diagnose(text.replace("end of DATA", "RCPT TO")).reason is Reason.USER_UNKNOWN


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("354 End data with <CR><LF>.<CR><LF> 451 4.3.0 Error: queue file write error", "DATA"),
        ("550 user unknown, queue id 354 abc", None),  # a number, not the reply that invites data
        ("Remote host said: 550 5.1.1 <x@example.org>... User Unknown [RCPT_TO]", "RCPT"),
        ("host mx.example.org[192.0.2.1] refused to talk to me: 554 go away", "CONNECT"),
        ("192.0.2.7 does not like recipient. Remote host said: 550 no such user", "RCPT"),
        ("192.0.2.7 failed after I sent the message. Remote host said: 554 spam", "DATA"),
        ("SMTP error from remote server after RCPT command: 550 user unknown", "RCPT"),
    ],
)
def test_the_phrases_that_name_the_refused_command(text: str, command: str | None) -> None:
    assert command_of(text) == command
    assert command_of(f"Your message could not be delivered.\n{text}", replied_only=True) == command


def test_a_reply_alone_is_taken_at_its_word() -> None:
    """Without a report around it, "550 unknown user" may well answer RCPT TO (``parse_bounce``
    asks more of a report: see tests/test_bounce.py)."""
    assert diagnose("550 unknown user <x@example.com>").reason is Reason.USER_UNKNOWN


def test_a_local_delivery_program_reports_its_own_failure() -> None:
    """An X-Unix diagnostic is a local program's report: the mailbox's state holds, the rest is
    the program's failure, whatever the code or the words say of the address."""
    assert diagnose('x-unix; procmail: Couldn\'t create "/var/mail/x" id: x: No such user').reason is (
        Reason.MAILER_ERROR
    )
    assert diagnose("X-Unix; 71").reason is Reason.MAILER_ERROR
    assert (
        diagnose("x-unix; Quota exceeded message delivery failed to /var/mail/x").reason
        is Reason.MAILBOX_FULL
    )
    assert diagnose("smtp; 550 No such user").reason is Reason.USER_UNKNOWN  # the same words over SMTP


def test_a_name_server_that_says_try_again_is_a_transient_failure() -> None:
    text = "Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again"
    diagnosis = diagnose(text)
    assert (diagnosis.reason, diagnosis.transient, diagnosis.hard_bounce) == (
        Reason.NETWORK_ERROR,
        True,
        False,
    )
    assert diagnose(text.replace(", try again", "")).hard_bounce


def test_a_delay_warning_is_transient() -> None:
    diagnosis = diagnose(
        "Delivery to the following recipient has been delayed: x@example.com\nMessage will be\n"
        "retried for 2 more day(s)"
    )
    assert diagnosis.transient is True
    assert diagnosis.action is Action.RETRY_LATER


def test_the_words_of_the_servers_reply_before_those_around_it() -> None:
    """A relay's or a service's paraphrase ("Unknown address error") says less than the reply the
    server sent inside it."""
    text = (
        "5.1.0 - Unknown address error 550-'5.7.1 <x@example.com>... Relaying denied' (delivery attempts: 0)"
    )
    assert diagnose(text).reason is Reason.NO_RELAYING
    assert (
        diagnose("Unknown address error 550 5.1.0 rejected").reason is Reason.USER_UNKNOWN
    )  # nothing inside


def test_a_specific_code_beats_the_words() -> None:
    assert diagnose("550 5.2.2 user unknown").reason is Reason.MAILBOX_FULL


def test_a_reply_as_input() -> None:
    diagnosis = diagnose(SmtpReply(550, ("5.1.1 no such user",)))
    assert diagnosis.reply is not None and diagnosis.reason is Reason.USER_UNKNOWN


def test_tables_are_well_formed() -> None:
    phrases = [word for table in (WORDS, FALLBACK_WORDS) for _, words in table for word in words]
    assert all(word == word.lower() and "  " not in word and word.strip() for word in phrases)
    assert len({reason for reason, _ in WORDS}) == len(WORDS)  # one table per reason
    assert all(isinstance(reason, Reason) for reason in SPECIFIC_STATUS.values())
    assert all(reason.description for reason in Reason)
    assert Reason("userunknown") is Reason.USER_UNKNOWN and str(Reason.USER_UNKNOWN) == "userunknown"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.binary(), st.none(), st.integers()))
def test_never_raises(subject: object) -> None:
    diagnosis = diagnose(subject)  # type: ignore[arg-type]
    assert isinstance(diagnosis.reason, Reason)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # A refused MAIL FROM is about the sender, whatever the words say of an address.
        (
            "SMTP error from remote mail server after MAIL FROM:<s@example.com> SIZE=1022: "
            "553 5.1.0 sender.example.com does not exist",
            Reason.REJECTED,
        ),
        (
            "host mx.example.org said: 550 Unroutable sender address (in reply to MAIL FROM command)",
            Reason.REJECTED,
        ),
        # In a transcript, the command that failed is the last one sent before the error reply.
        (
            ">>> MAIL From:<a@example.org> SIZE=1 <<< 250 ok >>> RCPT To:<b@example.com> "
            "<<< 550 5.1.1 <b@example.com>... User unknown >>> DATA <<< 503 no valid recipients",
            Reason.USER_UNKNOWN,
        ),
        # A refused greeting or HELO/EHLO is about the sending host.
        (
            "Connected to 192.0.2.112 but my name was rejected. Remote host said: 501 5.0.0 Invalid domain name",
            Reason.BLOCKED,
        ),
        ("SMTP error from remote mail server after initial connection: 550 Rejected", Reason.BLOCKED),
        (
            "SMTP error from remote mail server after initial connection: 554 You've reached your daily relay quota",
            Reason.BLOCKED,  # no mailbox can be full before a recipient is named
        ),
        (
            "The error that the other server returned was: 500 Remote server does not support TLS",
            Reason.FAILED_STARTTLS,
        ),
        # "Recipient address rejected:" says which address; the words after it say why.
        ("554 5.3.0 <x@example.net>: Recipient address rejected: Mailer error", Reason.MAILER_ERROR),
        (
            "521 5.3.2 <x@example.net>: Recipient address rejected: System not accepting network messages",
            Reason.NOT_ACCEPT,
        ),
        # Alone, it names no cause: Postfix begins every refusal of a recipient restriction so
        # (an unknown user, domain, policy, blocklist); a generic code adds none.
        ("550 5.0.0 <x@example.net>: Recipient address rejected", Reason.UNDEFINED),
        # A name that does not resolve for now is a DNS failure; for good, an unknown host.
        ("451 4.4.0 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN", Reason.NETWORK_ERROR),
        ("550 5.4.0 DNS type 'mx' lookup of example.jp responded with code NXDOMAIN", Reason.HOST_UNKNOWN),
        # 4.4.7 says the MTA gave up; a cause in the text says why it could not deliver.
        ("4.4.7 Deferred: Name server: example.co.jp.: host name lookup failure", Reason.NETWORK_ERROR),
        ("4.4.7 Delivery to the following recipients has been delayed.", Reason.EXPIRED),
        # X.7.9 is "authentication mechanism is too weak" (RFC 4954) unless words say more.
        ("550 5.7.9 Rejected", Reason.SECURITY_ERROR),
        ("554 5.7.9 Message not accepted for policy reasons.", Reason.POLICY_VIOLATION),
        # Postfix's restrictions name the stage they judged: the HELO name, not the recipient's domain.
        (
            "554 5.7.1 <unknown[192.0.2.1]>: Helo command rejected: Host not found (in reply to RCPT TO command)",
            Reason.BLOCKED,
        ),
        ("550 5.1.0 <s@example.org>: Sender address rejected: Domain not found", Reason.REJECTED),
        # "Access denied" says whose access only with other words; alone, the code decides (5.7.1:
        # "delivery not authorized, message refused", RFC 3463).
        ("554 5.7.1 <x[192.0.2.1]>: Client host rejected: Access denied", Reason.BLOCKED),
        ("550 5.7.606 Access denied, banned sending IP [192.0.2.1].", Reason.BLOCKED),
        ("550 5.7.1 Access denied", Reason.REJECTED),
        # X.1.10 is "null MX" (RFC 7505); Microsoft 365 sends it for an unknown recipient.
        (
            "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
            Reason.USER_UNKNOWN,
        ),
        ("556 5.1.10 Recipient address has null MX", Reason.NOT_ACCEPT),
        # "Other address status" (X.1.0) of a recipient: the recipient's address.
        ("550 #5.1.0 Address rejected.", Reason.USER_UNKNOWN),
        ("550 5.7.0 <x@example.net>: Recipient address rejected: No relaying", Reason.NO_RELAYING),
        ("550 5.0.0 <x@example.net>: Recipient address rejected: On hold", Reason.ON_HOLD),
        # Microsoft's phrase for an unknown recipient, under a policy code too.
        ("554 5.7.1 <x@example.ch>: Recipient address rejected: Access denied", Reason.USER_UNKNOWN),
        # A sendmail transcript's markers do not cut a phrase in two.
        (
            "<<< 552-5.7.0 its content presents a potential\n<<< 552-5.7.0 security issue.",
            Reason.POLICY_VIOLATION,
        ),
        # Names (addresses, hosts, IP addresses) inside a phrase do not hide it.
        ("DNS lookup failure: host cx.example.org not found", Reason.HOST_UNKNOWN),
        ("550 User <x@example.com> unknown", Reason.USER_UNKNOWN),
        ("554 5.7.1 Service unavailable; listed on dnsbl.sorbs.net", Reason.BLOCKED),  # a name's word
        ("550 High probability of spam", Reason.SPAM_DETECTED),
        # The bare word "spam" where no phrase says more; a host blocked for spamming is blocked.
        ("554 5.7.0 Reject, id=22222-22 - SPAM. See http://mx.example.net/block", Reason.SPAM_DETECTED),
        ("550 Spam", Reason.SPAM_DETECTED),
        ("smtplib.SMTPDataError: (554, b'5.7.1 Message rejected, probably spam')", Reason.SPAM_DETECTED),
        ("550 5.0.0 <x@example.net>: Recipient address rejected: spam", Reason.SPAM_DETECTED),
        ("550 5.7.1 Client host blocked for spamming issues", Reason.BLOCKED),
        ("550 5.7.1 Rejected by antispam.example.net", Reason.REJECTED),  # a name, not the word
        (
            "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents "
            "additional messages from being delivered.",
            Reason.RATE_LIMITED,
        ),
        # Localized MTAs say it in their language.
        ("550 5.0.0 <x@example.de>: Benutzer unbekannt", Reason.USER_UNKNOWN),
        ("550 Utilisateur inconnu / unknown", Reason.USER_UNKNOWN),
        ("452 Postfach ist voll", Reason.MAILBOX_FULL),
        ("552 Buzón lleno", Reason.MAILBOX_FULL),
        ("送信先のメールボックスが一杯のため、送信できませんでした。", Reason.MAILBOX_FULL),
        ("550 Пользователь не найден", Reason.USER_UNKNOWN),
        # Words of real bounces outside the reference corpus (flufl.bounce's test messages).
        (
            "The e-mail message could not be delivered because the user's mailfolder is full.",
            Reason.MAILBOX_FULL,
        ),
        ("This mail message has exceeded the maximum incoming message size.", Reason.EMAIL_TOO_LARGE),
        ('Mailer mx.example.com said: "554 Message looping (received 6 times)"', Reason.NETWORK_ERROR),
        ("Invalid final delivery userid: x@example.jp", Reason.USER_UNKNOWN),
        ("One or more of the recipients are not a valid user of the system.", Reason.USER_UNKNOWN),
        ("Local user x. (Originally addressed to x@example.it) User not known", Reason.USER_UNKNOWN),
        ("this email address is wrong or no longer valid", Reason.USER_UNKNOWN),
        (
            "Il se peut que le groupe n'existe pas ou que vous ne soyez pas autorisé",
            Reason.UNDEFINED,
        ),  # a hedge
        ("550 Adresse inexistante", Reason.USER_UNKNOWN),
        # Phrases of large providers and MTAs (Gmail, Microsoft 365, Exim), as their documentation gives them.
        (
            "550-5.7.1 [192.0.2.1] Messages missing a valid address in From: header, or having no From: header, "
            "are not accepted.",
            Reason.NOT_COMPLIANT_RFC,
        ),
        (
            "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
            Reason.BLOCKED,
        ),
        ("550 5.7.511 Access denied, banned sender", Reason.REJECTED),
        ("550 Sender address is blocked", Reason.REJECTED),
        ("all relevant MX records point to non-existent hosts", Reason.HOST_UNKNOWN),
        ("550 5.7.1 Message rejected due to content restrictions", Reason.POLICY_VIOLATION),
        ("550 Message rejected because it contains an executable attachment", Reason.POLICY_VIOLATION),
        ("User x@example.com not listed in Domino Directory", Reason.USER_UNKNOWN),  # not a blocklist's
        ("Server certificate not verified", Reason.FAILED_STARTTLS),
        # RFC 5321 counts the text line's length among the size limits (4.5.3.1.6).
        (
            "SMTP error from remote mail server after end of data: 500 Line limit exceeded",
            Reason.EMAIL_TOO_LARGE,
        ),
        ("500 5.5.0 Line too long", Reason.EMAIL_TOO_LARGE),
        # Sent to contact one's provider: the sending network is refused.
        (
            "550 SC-004 Unfortunately, messages from 192.0.2.1 weren't sent. We recommend that you contact "
            "your Internet service provider.",
            Reason.BLOCKED,
        ),
        # The reason exists for it: a sender's reputation is not a blocklist entry.
        (
            "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints",
            Reason.BAD_REPUTATION,
        ),
    ],
)
def test_the_command_the_failure_answered_and_the_words_after_a_generic_phrase(
    text: str, reason: Reason
) -> None:
    assert diagnose(text).reason is reason


def test_a_huge_text_is_not_kept_once_diagnosed() -> None:
    """The caches hold windows of the text words are looked for in, never a whole input."""
    tracemalloc.start()
    try:
        text = "550 user unknown " + "x" * (20 * 1024 * 1024)
        assert diagnose(text).reason is Reason.USER_UNKNOWN
        del text
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 4 * 1024 * 1024, kept


def test_delay_words_mean_one_thing_for_every_reader() -> None:
    """A delay warning is transient for ``diagnose`` exactly where a free-form bounce calls it
    ``delayed``: both ask ``says_delayed``, which a word of a permanent failure overrules."""
    from smtpstatus.diagnosis.words import says_delayed

    warning = "This is only a warning: your message has not yet been delivered."
    assert says_delayed(warning) and diagnose(warning).transient is True
    final = "Permanent failure: your message has not yet been delivered and never will be."
    assert not says_delayed(final)
    assert diagnose(final).transient is not True


def test_connection_failure_words_are_looked_for_as_every_word_is() -> None:
    """Case, line breaks and reply-code prefixes aside, as ``words_of`` reads a text."""
    from smtpstatus.diagnosis.words import names_connection_failure

    assert names_connection_failure("connect to mx.example.com[192.0.2.1]:25:\n  Connection TIMED out")
    assert not names_connection_failure("550 5.1.1 user unknown")


def test_no_phrase_stands_in_two_reasons_tables() -> None:
    """Position in a table must not decide between two reasons: a phrase names one reason."""
    from smtpstatus.diagnosis.phrases import FALLBACK_WORDS, PRIORITY_WORDS, WORDS

    seen: dict[str, Reason] = {}
    twice: list[tuple[str, Reason, Reason]] = []
    for phrase, reason in [
        *PRIORITY_WORDS,
        *(
            (phrase, reason)
            for table in (WORDS, FALLBACK_WORDS)
            for reason, phrases in table
            for phrase in phrases
        ),
    ]:
        if seen.setdefault(phrase, reason) is not reason:
            twice.append((phrase, seen[phrase], reason))
    assert twice == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # RFC 3463, 3.4: X.3.2 as a temporary failure is the system's state (shutdown, load,
        # maintenance); as a permanent one, a system that takes no mail.
        ("421 4.3.2 Service not available, closing transmission channel", Reason.SYSTEM_ERROR),
        ("550 5.3.2 System not accepting network messages", Reason.NOT_ACCEPT),
        # Words that say so outright still decide a temporary failure (RFC 7505: a null MX).
        ("451 4.3.2 Domain example.org has a null MX", Reason.NOT_ACCEPT),
        # Microsoft's documented texts (Microsoft Learn, "Email non-delivery reports" 5.2.122, 5.7.515).
        (
            "554 5.2.122 The recipient has exceeded their limit for the number of messages they can "
            "receive per hour.",
            Reason.RATE_LIMITED,
        ),
        (
            "550 5.7.515 Access denied, sending domain example.com doesn't meet the required "
            "authentication level.",
            Reason.AUTH_FAILURE,
        ),
    ],
)
def test_documented_texts(text: str, reason: Reason) -> None:
    assert diagnose(text).reason is reason
