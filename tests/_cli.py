"""Running the command line in-process from a test: one copy for every test module."""

from __future__ import annotations

import pytest

from geo_huallaga.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``geo-huallaga ARGV`` and return its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """Return the one line of *err*, failing unless it is exactly one ``geo-huallaga: error:`` line."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("geo-huallaga: error: "), err
    return lines[0]
