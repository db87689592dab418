"""The README's examples run and show what they claim: doctests, and the CLI transcript."""

from __future__ import annotations

import doctest
import re
import shlex

import pytest

from smtpstatus.cli import main
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_doctests() -> None:
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 15
    assert result.failed == 0


def test_readme_codegen_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    from codegen.__main__ import main as codegen_main

    transcripts = re.findall(r"```sh\n\$ python -m codegen ([^\n]+)\n(.*?)```", README, re.DOTALL)
    assert transcripts
    for arguments, shown in transcripts:
        capsys.readouterr()
        assert codegen_main(shlex.split(arguments)) == 0
        assert capsys.readouterr().out == shown


def test_readme_cli_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    transcripts = re.findall(r"```sh\n\$ (smtpstatus [^\n]+)\n(.*?)```", README, re.DOTALL)
    assert transcripts
    for command, shown in transcripts:
        assert main(shlex.split(command)[1:]) == 0
        assert capsys.readouterr().out == shown
