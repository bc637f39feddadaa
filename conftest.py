"""Collection rules shared by the doctests and the tests."""

import pytest

collect_ignore = ["geo_huallaga/__main__.py", "benchmarks", "scripts", "build", "dist"]


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test and doctest in English, whatever the machine's locale.

    ``--lang`` and ``lang=`` still choose; the expected texts are English unless a test asks
    for Spanish.
    """
    monkeypatch.setenv("LANGUAGE", "en")
