"""``parse_bounce`` on a second set of real bounces: the test messages of flufl.bounce.

The reference corpus (``tests/data/bounces/``) is what the rules were written against; this set
was not. flufl.bounce's tests say, per message, which addresses bounced and whether the message is
a warning (a delay) rather than a failure. It is not in the repository (it is another project's
test data); get it from PyPI and pass its directory:

    pip download --no-deps --no-binary :all: flufl.bounce==6.0.0
    tar xzf flufl_bounce-6.0.0.tar.gz
    python benchmarks/second_corpus.py flufl_bounce-6.0.0

It prints how many messages give the same addresses, how many agree on warning or failure, and
the reasons found. flufl.bounce's own choices differ from ours in places (it prefers a DSN's
Original-Recipient and names no address for a spam refusal or an auto-reply): the differences are
printed, to be read, not counted as errors.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from smtpstatus.bounce import parse_bounce  # noqa: E402


def expectations(root: Path) -> tuple[dict[str, set[str]], dict[str, bool]]:
    """The ``DETECTORS`` table of flufl.bounce's ``tests/test_detectors.py``: addresses per file
    (all detectors' together), and whether the file is a warning. Read as data, never run."""
    source = (root / "tests" / "test_detectors.py").read_text(encoding="utf-8")
    table = next(
        node.value
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "DETECTORS"
    )
    addresses: dict[str, set[str]] = defaultdict(set)
    warnings: dict[str, bool] = {}
    for _, filename, expected, is_temporary in ast.literal_eval(table):
        addresses[filename] |= {address.decode().lower() for address in expected}
        warnings[filename] = is_temporary
    return addresses, warnings


def main(root: Path) -> None:
    addresses, warnings = expectations(root)
    same = agree = read = 0
    reasons: Counter[str] = Counter()
    for filename in sorted(addresses):
        records = parse_bounce((root / "tests" / "data" / filename).read_bytes())
        found = {record.recipient.lower() for record in records if record.recipient}
        reasons.update(record.reason.value for record in records)
        if found == addresses[filename]:
            same += 1
        else:
            print(f"addresses  {filename}: expected {sorted(addresses[filename])}, found {sorted(found)}")
        if records and addresses[filename]:
            read += 1
            delayed = all(record.action == "delayed" for record in records)
            agree += delayed == warnings[filename]
            if delayed != warnings[filename]:
                print(f"warning    {filename}: expected {warnings[filename]}, found {delayed}")
    print(f"\nsame addresses        {same}/{len(addresses)} messages")
    print(f"warning or failure    {agree}/{read} messages read")
    print(
        "reasons               " + ", ".join(f"{reason} {count}" for reason, count in reasons.most_common())
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
