"""Every ``>>>`` example in the README runs, and gives what the README shows."""

from __future__ import annotations

import doctest

from tests.helpers import REPO


def test_readme_examples() -> None:
    result = doctest.testfile(str(REPO / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10
    assert result.failed == 0
