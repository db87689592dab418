"""Benchmarks: each figure as a ratio against a reference measured in the same run.

Run with ``make bench``. Every figure is the median of repeated runs; the machines are shared and
noisy, so the ratios are what to read, not the absolute times.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "src")]

from benchmarks.tree import build_tree  # noqa: E402
from codegen.config import Settings  # noqa: E402
from codegen.parse import markdown_parser  # noqa: E402
from codegen.pipeline import plan, verify_files  # noqa: E402
from codegen.write import differences, publish  # noqa: E402

Row = tuple[str, str, float, str, float, str, str]
# Spread of the ratio over the alternated pairs, by (what, measured): "0.95-1.04".
SPREADS: dict[tuple[str, str], str] = {}


MODE = {"instructions": False}  # --instructions: count instructions under cachegrind instead of timing


def instructions_per_call(statement: str, setup: str, number: int = 20_000) -> float:
    """Instructions per call of ``statement``, counted by valgrind's cachegrind (deterministic:
    the same on a busy machine); the cost of the setup and the loop is measured and subtracted."""

    def count(body: str) -> int:
        return program_instructions(f"{setup}\nfor _ in range({number}):\n    {body}\n")

    return (count(statement) - count("pass")) / number


def paired_row(  # noqa: PLR0917 - one row of the table, in its column order
    what: str, measured: str, statement: str, reference_name: str, reference: str, setup: str, target: str
) -> Row:
    if MODE["instructions"]:
        mine, theirs = instructions_per_call(statement, setup), instructions_per_call(reference, setup)
        SPREADS[(what, measured)] = "counted"
        return (what, measured, mine, reference_name, theirs, "instr", target)
    mine, theirs, ratios = paired_ns(statement, reference, setup)
    SPREADS[(what, measured)] = f"{min(ratios):.2f}-{max(ratios):.2f}"
    return (what, measured, mine, reference_name, theirs, "ns", target)


def clean_env() -> dict[str, str]:
    """Bytecode caches on, as after a pip install: an import benchmark without them measures compiling."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src")])
    return env


def import_time_us(module: str) -> float:
    """Microseconds of ``import module`` in a fresh interpreter, timed around the statement itself
    (``-X importtime`` adds its own cost to every module imported: ours are five, http one)."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import time; start = time.perf_counter(); import {module}; print(time.perf_counter() - start)",
        ],
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout) * 1e6


def program_instructions(code: str) -> int:
    """Instructions of a whole ``python -c code`` run under cachegrind (deterministic)."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "cachegrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                f"--cachegrind-out-file={out}",
                sys.executable,
                "-c",
                code,
            ],
            env=clean_env(),
            capture_output=True,
            check=True,
        )
        summary = next(line for line in out.read_text().splitlines() if line.startswith("summary:"))
    return int(summary.split()[1])


def per_call_ns(statement: str, setup: str, repeat: int = 7) -> float:
    timer = timeit.Timer(statement, setup=setup)
    number, _ = timer.autorange()
    return statistics.median(time_ / number * 1e9 for time_ in timer.repeat(repeat, number))


def paired_ns(
    statement: str, reference: str, setup: str, repeat: int = 9
) -> tuple[float, float, list[float]]:
    """Candidate and reference timed in alternation, so that a busy moment of a shared machine hits
    both: medians of each, and the ratio of every pair (its spread says how noisy the run was)."""
    timers = [timeit.Timer(statement, setup=setup), timeit.Timer(reference, setup=setup)]
    numbers = [timer.autorange()[0] for timer in timers]
    samples: list[list[float]] = [[], []]
    for _ in range(repeat):
        for index, timer in enumerate(timers):
            samples[index].append(timer.timeit(numbers[index]) / numbers[index] * 1e9)
    ratios = [mine / theirs for mine, theirs in zip(*samples)]
    return statistics.median(samples[0]), statistics.median(samples[1]), ratios


def alternated(
    what: tuple[str, str], candidate: Callable[[], float], reference: Callable[[], float], runs: int
) -> tuple[float, float]:
    """Candidate and reference measured in alternation (a busy moment of a shared machine hits
    both): the median of each, the spread of the per-pair ratios kept for the table."""
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        mine.append(candidate())
        theirs.append(reference())
    ratios = [a / b for a, b in zip(mine, theirs)]
    SPREADS[what] = f"{min(ratios):.2f}-{max(ratios):.2f}"
    return statistics.median(mine), statistics.median(theirs)


def wall_seconds(function: Callable[[], object], runs: int) -> float:
    samples: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def command_seconds(command: list[str]) -> float:
    """Wall seconds of one run of ``command`` in the repository."""
    start = time.perf_counter()
    subprocess.run(command, env=clean_env(), cwd=REPO, capture_output=True, check=False)
    return time.perf_counter() - start


def lookups() -> list[Row]:
    setup = "from smtpstatus import SmtpStatusCode, lookup; from http import HTTPStatus; method = SmtpStatusCode.lookup"
    return [
        paired_row(
            "lookup",
            "SmtpStatusCode(550)",
            "SmtpStatusCode(550)",
            "HTTPStatus(404)",
            "HTTPStatus(404)",
            setup,
            "<= 0.7",
        ),
        paired_row(
            "lookup",
            "smtpstatus.lookup(550)",
            "lookup(550)",
            "HTTPStatus(404)",
            "HTTPStatus(404)",
            setup,
            "<= 0.3",
        ),
        paired_row(
            "lookup",
            "smtpstatus.lookup(555), unlisted",
            "lookup(555)",
            "HTTPStatus(404)",
            "HTTPStatus(404)",
            setup,
            "<= 0.3",
        ),
        paired_row(
            "lookup",
            "SmtpStatusCode.lookup(550), bound method",
            "method(550)",
            "HTTPStatus(404)",
            "HTTPStatus(404)",
            setup,
            "-",
        ),
        paired_row(
            "name lookup",
            'SmtpStatusCode["MailboxUnavailable"]',
            'SmtpStatusCode["MailboxUnavailable"]',
            'HTTPStatus["NOT_FOUND"]',
            'HTTPStatus["NOT_FOUND"]',
            setup,
            "<= 1.0",
        ),
    ]


def replies() -> list[Row]:
    setup = (
        "from smtpstatus import parse_reply, SmtpStatusCode\n"
        "single = '550 5.1.1 <x@example.com>: Recipient address rejected'\n"
        "multi = ('550-5.1.1 The email account that you tried to reach does not exist. Please try\\r\\n'"
        " '550-5.1.1 double-checking the recipient address for typos or\\r\\n'"
        " '550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser\\r\\n')\n"
        "table = {member.value: member for member in SmtpStatusCode}\n"
    )
    reference = "table.get(int(single[:3]))"
    name = "int(line[:3]) + dict lookup"
    return [
        paired_row(
            "reply parsing", "parse_reply, one line", "parse_reply(single)", name, reference, setup, "<= 2.5"
        ),
        paired_row(
            "reply parsing",
            "... + .status + .enhanced",
            "r = parse_reply(single); r.status; r.enhanced",
            name,
            reference,
            setup,
            "-",
        ),
        paired_row(
            "reply parsing", "parse_reply, 3 lines", "parse_reply(multi)", name, reference, setup, "-"
        ),
        paired_row(
            "reply parsing",
            "... + .status + .enhanced + .text",
            "r = parse_reply(multi); r.status; r.enhanced; r.text",
            name,
            reference,
            setup,
            "-",
        ),
    ]


def _generation_row(
    what: str, label: Callable[[int, float], str], build: Callable[[Path], int], runs: int
) -> Row:
    """A docs tree made by ``build`` (which says how many pages it wrote), generated in full with
    the write, against markdown-it's parse of the same pages, alternated. ``label(pages, seconds)``
    names the row."""
    work = Path(tempfile.mkdtemp(prefix=f"smtpstatus-{what}-"))
    try:
        docs = work / "docs"
        count = build(docs)
        paths = sorted(docs.rglob("*.md"))
        parser = markdown_parser()

        def parse_only() -> None:
            for path in paths:
                parser.parse(path.read_text(encoding="utf-8"))

        def full_run() -> None:
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            result = plan(Settings(docs=docs, out=out, default_language="en"))
            found = differences(out, result.files)
            verify_files({d.name: d.new for d in found if d.new is not None}, out, {}, prove=True)
            publish(out, found)

        generator, reference = alternated(
            (what, "generator"), lambda: wall_seconds(full_run, 1), lambda: wall_seconds(parse_only, 1), runs
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    measured = label(count, generator)
    SPREADS[(what, measured)] = SPREADS.pop((what, "generator"))
    return (
        what,
        measured,
        generator * 1e3,
        "markdown-it parse of the same pages",
        reference * 1e3,
        "ms",
        "<= 1.2",
    )


def generation(pages: int, runs: int) -> list[Row]:
    def label(count: int, _: float) -> str:
        return f"generator, {count} pages, write included"

    return [_generation_row("generation", label, lambda docs: build_tree(docs, pages), runs)]


def languages(runs: int, enums: int = 190) -> list[Row]:
    """A product-wide run: ``enums`` enums in 16 languages (about 3,000 pages), English deciding,
    the other languages merged into each enum; against markdown-it's parse of the same pages."""
    from benchmarks.tree import build_language_tree  # noqa: PLC0415

    def label(count: int, seconds: float) -> str:
        return f"generator, {count:,} pages in 16 languages ({count / seconds:,.0f} pages/s)"

    return [_generation_row("languages", label, lambda docs: build_language_tree(docs, enums), runs)]


def check(runs: int) -> list[Row]:
    command_seconds([sys.executable, "-m", "codegen", "--check"])  # unmeasured: .pyc files and the cache
    checking, reference = alternated(
        ("check", "python -m codegen --check"),
        lambda: command_seconds([sys.executable, "-m", "codegen", "--check"]),
        lambda: command_seconds([sys.executable, "-c", "import jinja2, markdown_it"]),
        runs,
    )
    return [
        (
            "check",
            "python -m codegen --check",
            checking * 1e3,
            "python -c 'import jinja2, markdown_it'",
            reference * 1e3,
            "ms",
            "<= 1.3",
        )
    ]


def incremental(runs: int, pages: int = 423) -> list[Row]:
    """A project of ``pages`` pages with its cache: a ``--check`` of the unchanged tree and a run
    after one page changed, against a full run (``--no-cache``) of the same tree; alternated."""
    work = Path(tempfile.mkdtemp(prefix="smtpstatus-bench-"))
    try:
        count = build_tree(work / "docs", pages)
        (work / "pyproject.toml").write_text(
            '[tool.smtpstatus-codegen]\ndocs = "docs"\nout = "out"\n', encoding="utf-8"
        )
        env = {**clean_env(), "XDG_CACHE_HOME": str(work / "xdg"), "CI": ""}  # a cache of its own
        page = sorted((work / "docs").rglob("*.md"))[0]
        original = page.read_bytes()

        def timed(*arguments: str) -> float:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "codegen", *arguments],
                cwd=work,
                env=env,
                capture_output=True,
                check=True,
            )
            return time.perf_counter() - start

        timed()  # the first run fills the cache
        full: list[float] = []
        check_: list[float] = []
        one_page: list[float] = []
        for run in range(runs):
            full.append(timed("--no-cache", "--check"))  # a full run's parse and render, nothing written
            check_.append(timed("--check"))
            page.write_bytes(original + b"\n" * (run + 1))  # new bytes every time: never a plan hit
            one_page.append(timed())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    reference = statistics.median(full) * 1e3
    for measured, samples in (
        (f"--check, unchanged {count}-page tree", check_),
        (f"regenerate after one page of {count} changed", one_page),
    ):
        ratios = [mine / theirs for mine, theirs in zip(samples, full)]
        SPREADS[("incremental", measured)] = f"{min(ratios):.2f}-{max(ratios):.2f}"
    return [
        (
            "incremental",
            f"--check, unchanged {count}-page tree",
            statistics.median(check_) * 1e3,
            "a full run of that tree",
            reference,
            "ms",
            "<= 0.3",
        ),
        (
            "incremental",
            f"regenerate after one page of {count} changed",
            statistics.median(one_page) * 1e3,
            "a full run of that tree",
            reference,
            "ms",
            "<= 0.4",
        ),
    ]


def peak_memory(pages: int) -> list[Row]:
    """Peak resident memory of one generator run on the large tree, against a bare interpreter
    (``ru_maxrss`` of the child, read by a small parent process; POSIX)."""
    work = Path(tempfile.mkdtemp(prefix="smtpstatus-bench-"))
    try:
        docs = work / "docs"
        count = build_tree(docs, pages)

        def peak_kib(command: list[str]) -> float:
            script = (
                "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=False, capture_output=True); "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
            )
            result = subprocess.run(
                [sys.executable, "-c", script, *command],
                env={**clean_env(), "XDG_CACHE_HOME": str(work / "xdg"), "CI": ""},  # a cache of its own
                cwd=work,
                capture_output=True,
                text=True,
                check=True,
            )
            return float(result.stdout.strip())

        (work / "pyproject.toml").write_text(
            '[tool.smtpstatus-codegen]\ndocs = "docs"\nout = "out"\n', encoding="utf-8"
        )  # a project of its own, with its own cache
        run = [sys.executable, "-m", "codegen"]
        uncached = peak_kib([*run, "--no-cache"])
        shutil.rmtree(work / "out")
        generator = peak_kib(run)  # filling the project's cache
        bare = peak_kib([sys.executable, "-c", "import jinja2, markdown_it"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    reference = "python -c 'import jinja2, markdown_it'"
    return [
        (
            "memory",
            f"generator peak RSS, {count} pages, --no-cache",
            uncached / 1024,
            reference,
            bare / 1024,
            "MiB",
            "-",
        ),
        (
            "memory",
            f"generator peak RSS, {count} pages, filling the cache",
            generator / 1024,
            reference,
            bare / 1024,
            "MiB",
            "-",
        ),
    ]


def bounces(runs: int) -> list[Row]:
    """Reading bounce messages and diagnostic texts of the real corpus."""
    import email  # noqa: PLC0415
    import email.policy  # noqa: PLC0415
    import json  # noqa: PLC0415

    from smtpstatus.bounce import parse_bounce  # noqa: PLC0415
    from smtpstatus.diagnosis import diagnose  # noqa: PLC0415
    from smtpstatus.find import find_reply  # noqa: PLC0415

    corpus = REPO / "tests" / "data" / "bounces"
    messages = [path.read_bytes() for path in sorted((corpus / "emails").glob("*.eml"))]
    texts = [
        str(row["diagnostic_code"])
        for row in json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    ]

    def read_all() -> None:
        for message in messages:
            parse_bounce(message)

    def parse_all() -> None:
        for message in messages:
            email.message_from_bytes(message, policy=email.policy.compat32)

    read_s, parse_s = alternated(
        ("bounces", "parse_bounce"),
        lambda: wall_seconds(read_all, 1),
        lambda: wall_seconds(parse_all, 1),
        runs,
    )
    digits = re.compile(r"[2-5][0-9][0-9]")

    def per_text(function: Callable[[str], object]) -> Callable[[], float]:
        return lambda: wall_seconds(lambda: [function(text) for text in texts], 1) / len(texts) * 1e9

    finding_row, diagnosing_row = "find_reply, per diagnostic text", "diagnose, per diagnostic text"
    finding, scanning = alternated(
        ("bounces", finding_row), per_text(find_reply), per_text(digits.search), runs
    )
    diagnosing, scanning_too = alternated(
        ("bounces", diagnosing_row), per_text(diagnose), per_text(digits.search), runs
    )

    def report(recipients: int) -> bytes:
        """A delivery status notification of ``recipients`` failed recipients, each with its
        block and a line of the human-readable part, and a returned message of as many lines."""
        human = b"".join(b"<u%d@example.org>: 550 5.1.1 unknown\r\n" % n for n in range(recipients))
        blocks = b"".join(
            b"Final-Recipient: rfc822; u%d@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
            b"Diagnostic-Code: smtp; 550 5.1.1 <u%d@example.org>: user unknown\r\n\r\n" % (n, n)
            for n in range(recipients)
        )
        original = b"".join(b"X-Line-%d: some returned header\r\n" % n for n in range(recipients))
        return (
            b"From: MAILER-DAEMON@mx.example.org\r\nSubject: Undelivered Mail\r\n"
            b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
            b"--b\r\nContent-Type: text/plain\r\n\r\n" + human + b"--b\r\n"
            b"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
            + blocks
            + b"--b\r\nContent-Type: text/rfc822-headers\r\n\r\n"
            + original
            + b"--b--\r\n"
        )

    small, large = report(100), report(800)
    growth_row = "parse_bounce, a report of 800 recipients"
    grown, base = alternated(
        ("bounces", growth_row),
        lambda: wall_seconds(lambda: parse_bounce(large), 1),
        lambda: wall_seconds(lambda: parse_bounce(small), 1),
        runs,
    )
    reading_row = f"parse_bounce, {len(messages)} real messages ({len(messages) / read_s:,.0f}/s)"
    SPREADS[("bounces", reading_row)] = SPREADS.pop(("bounces", "parse_bounce"))
    return [
        (
            "bounces",
            reading_row,
            read_s * 1e3,
            "email.message_from_bytes of the same",
            parse_s * 1e3,
            "ms",
            "<= 4",
        ),
        (
            "bounces",
            growth_row,
            grown * 1e3,
            "the same of 100 (the input 8x smaller)",
            base * 1e3,
            "ms",
            "<= 16",  # linear: 8 (twice that for noise); quadratic: 64
        ),
        (
            "bounces",
            finding_row,
            finding,
            "re.search for 3 digits, same text",
            scanning,
            "ns",
            "-",
        ),
        (
            "bounces",
            diagnosing_row,
            diagnosing,
            "re.search for 3 digits, same text",
            scanning_too,
            "ns",
            "-",
        ),
    ]


def _mbox_of_corpus(path: Path, count: int) -> int:
    """An mbox of ``count`` real bounce messages (the corpus repeated), written by ``mailbox``."""
    import mailbox  # noqa: PLC0415

    messages = [
        item.read_bytes() for item in sorted((REPO / "tests" / "data" / "bounces" / "emails").glob("*.eml"))
    ]
    box = mailbox.mbox(str(path))
    for index in range(count):
        box.add(mailbox.mboxMessage(messages[index % len(messages)]))
    box.flush()
    box.close()
    return count


def _peak_rss_kib(command: list[str]) -> float:
    """The peak resident memory of a child process, in KiB (``ru_maxrss`` of the finished child)."""
    code = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, check=True, env=clean_env()
    )
    return float(result.stdout.strip())


def _versus_sisimai(path: Path, what: str, count: int, runs: int) -> Row:
    """The command line on ``path`` (``count`` messages) against sisimai's on the same, one core each."""
    sisimai = [
        "perl",
        "-MSisimai",
        "-e",
        "my $v = Sisimai->make(shift, vacation => 1) || []; print scalar(@$v)",
        str(path),
    ]
    ours = [sys.executable, "-m", "smtpstatus", str(path), "--format", "jsonl", "--jobs", "1"]
    mine, theirs = alternated(
        ("batch", what), lambda: command_seconds(ours), lambda: command_seconds(sisimai), runs
    )
    measured = f"smtpstatus, {what} ({count / mine:,.0f}/s, one core)"
    SPREADS[("batch", measured)] = SPREADS.pop(("batch", what))
    return (
        "batch",
        measured,
        mine * 1e3,
        f"sisimai 4.25 (perl), same ({count / theirs:,.0f}/s)",
        theirs * 1e3,
        "ms",
        "<= 0.5",
    )


def batch(runs: int, messages: int = 6000) -> list[Row]:
    """Bulk reading: --jobs 2 against --jobs 1 on an mbox of real bounces; peak memory at two
    sizes of the mbox (it must stay flat); parse_bounce against sisimai (Debian's libsisimai-perl,
    a benchmark reference only), messages per second on one core each."""
    from smtpstatus.batch import read_bounces  # noqa: PLC0415

    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="smtpstatus-batch-"))
    try:
        large = work / "large.mbox"
        _mbox_of_corpus(large, messages)
        one, two = alternated(
            ("batch", "jobs"),
            lambda: wall_seconds(lambda: sum(1 for _ in read_bounces(large, jobs=2)), 1),
            lambda: wall_seconds(lambda: sum(1 for _ in read_bounces(large, jobs=1)), 1),
            max(2, runs // 2),
        )
        jobs_row = f"read_bounces --jobs 2, {messages:,} messages ({messages / one:,.0f}/s)"
        SPREADS[("batch", jobs_row)] = SPREADS.pop(("batch", "jobs"))
        rows.append(
            (
                "batch",
                jobs_row,
                one * 1e3,
                "--jobs 1, same mbox",
                two * 1e3,
                "ms",
                "<= 0.67",
            )
        )
        small = work / "small.mbox"
        _mbox_of_corpus(small, messages // 8)
        command = [sys.executable, "-m", "smtpstatus", "--format", "jsonl", "--jobs", "1"]
        small_kib, large_kib = _peak_rss_kib([*command, str(small)]), _peak_rss_kib([*command, str(large)])
        rows.append(
            (
                "batch",
                f"peak RSS, {messages:,} messages",
                large_kib / 1024,
                f"the same, {messages // 8:,} messages",
                small_kib / 1024,
                "MiB",
                "<= 1.2",
            )
        )
        corpus = REPO / "tests" / "data" / "bounces" / "emails"
        count = len(list(corpus.glob("*.eml")))
        if subprocess.run(["perl", "-MSisimai", "-e1"], capture_output=True, check=False).returncode == 0:
            rows.append(_versus_sisimai(corpus, f"{count} messages", count, runs))
            # The same messages, eight times, in one mbox: throughput, each tool's start-up spread
            # over many messages.
            repeated = work / "corpus-8x.mbox"
            many = _mbox_of_corpus(repeated, count * 8)
            rows.append(_versus_sisimai(repeated, f"an mbox of {many:,}", many, runs))
        else:
            print(
                "batch: sisimai is not installed (apt-get install libsisimai-perl): no comparison row",
                file=sys.stderr,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def imports(runs: int) -> list[Row]:
    what = ("import", "import smtpstatus")
    for module in ("smtpstatus", "http"):  # write the .pyc files first
        subprocess.run([sys.executable, "-c", f"import {module}"], env=clean_env(), check=True)
    if MODE["instructions"]:
        bare = program_instructions("pass")
        counted = [
            (program_instructions(f"import {module}") - bare) / 1e3 for module in ("smtpstatus", "http")
        ]
        SPREADS[what] = "counted"
        return [(*what, counted[0], "import http", counted[1], "k instr", "<= 1.1")]
    mine, theirs = alternated(
        what, lambda: import_time_us("smtpstatus"), lambda: import_time_us("http"), runs
    )
    return [(*what, mine, "import http", theirs, "us", "<= 1.1")]


def table(rows: list[Row]) -> str:
    lines = [
        f"Python {sys.version.split()[0]} on {sys.platform}; medians of repeated runs.",
        "",
        "| what | measured | time | reference (same run) | time | ratio | spread | target |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    for what, measured, value, reference, reference_value, unit, target in rows:
        spread = SPREADS.get((what, measured), "-")
        ratio = value / reference_value
        verdict = ""
        if target != "-":
            # Judged on the ratio as printed: 1.004 against a target of 1.0 is a tie, not a miss.
            verdict = " (met)" if round(ratio, 2) <= float(target.split()[-1]) else " (missed)"
        lines.append(
            f"| {what} | {measured} | {value:,.1f} {unit} | {reference} | {reference_value:,.1f} {unit} | {ratio:.2f} | {spread} | {target}{verdict} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--pages", type=int, default=2000, help="size of the generated docs tree (default 2000)"
    )
    parser.add_argument("--runs", type=int, default=5, help="repetitions of the slow figures (default 5)")
    parser.add_argument("--quick", action="store_true", help="small tree and few runs, to try the script")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="lookups and reply parsing as instruction counts under valgrind's cachegrind (deterministic)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[
            "import",
            "lookup",
            "reply",
            "generation",
            "check",
            "incremental",
            "memory",
            "bounces",
            "batch",
            "languages",
            "corpus",
        ],
        help="measure only this (repeatable)",
    )
    arguments = parser.parse_args()
    pages, runs = (200, 3) if arguments.quick else (arguments.pages, arguments.runs)
    MODE["instructions"] = arguments.instructions and shutil.which("valgrind") is not None
    figures: dict[str, Callable[[], list[Row]]] = {
        "import": lambda: imports(max(runs * 3, 15)),
        "lookup": lookups,
        "reply": replies,
        "generation": lambda: generation(pages, runs),
        "check": lambda: check(max(runs, 5)),
        "incremental": lambda: incremental(max(runs, 5)),
        "memory": lambda: peak_memory(pages),
        "bounces": lambda: bounces(max(runs, 5)),
        "batch": lambda: batch(runs, 600 if arguments.quick else 6000),
        "languages": lambda: languages(runs, 20 if arguments.quick else 190),
    }
    chosen = arguments.only or [*figures, "corpus"]
    rows = [row for name in chosen if name != "corpus" for row in figures[name]()]
    print(table(rows))
    if "corpus" in chosen:
        from benchmarks import corpus  # noqa: PLC0415

        print("\nAgreement with the bounce corpus's reference answers:\n")
        corpus.main()


if __name__ == "__main__":
    main()
