"""Diagnose a failed delivery: why it failed and what to do, from a reply or any text about it.

The reply class alone does not say what to do: a full mailbox (552 5.2.2), a spam block or a
blocklisted sending IP are 5xx replies, but mailing the address again later is right for some of
them and wrong for none; a greylisting 451 4.7.1 is a wait, not a refusal. ``diagnose`` reads the
evidence in a fixed order of trust (``decide``); when it is not enough, the reason is
``Reason.UNDEFINED``: never a guess dressed as a fact.

The package, one concern a module:

- ``reasons``: the ``Reason`` names (sisimai's vocabulary, as of sisimai 5), each with its
  ``Kind`` (hard, passing, fix and resend, complaint, not a failure), and the ``Action`` a kind asks for;
- ``codes``: what RFC 3463 enhanced codes and RFC 5321 reply codes say of a reason;
- ``phrases``: the words of each reason, one module per language, and the one order of reasons;
- ``words``: the one way a text is folded before words are looked for in it;
- ``commands``: the SMTP command a failure answered, and what a refusal at each stage means;
- ``decide``: the decision, from all of these.
"""

from __future__ import annotations

from smtpstatus.diagnosis.decide import Diagnosis, diagnose
from smtpstatus.diagnosis.reasons import Action, Kind, Reason

__all__ = ["Action", "Diagnosis", "Kind", "Reason", "diagnose"]
