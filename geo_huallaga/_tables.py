"""Reading a small settings table (an aircraft profile, a scenario) from a TOML or JSON file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from geo_huallaga.errors import DataFileNotFoundError, ParameterError


def read_table(path: str | Path, *, what: str) -> dict[str, Any]:
    """Read a TOML or JSON file whose top level is a table; name it *what* in errors.

    Raises
    ------
    DataFileNotFoundError
        No such file (or a folder).
    ParameterError
        Another extension, a file that does not parse, or a top level that is not a table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> _ = f.write_text('{"clans": 16}')
    >>> read_table(f, what="scenario")
    {'clans': 16}
    >>> read_table(f.with_suffix(".txt"), what="scenario")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.DataFileNotFoundError: .../a.txt: no such scenario file
    """
    file = Path(path)
    if not file.is_file():
        problem = "is a folder, not a" if file.is_dir() else "no such"
        raise DataFileNotFoundError(f"{file}: {problem} {what} file")
    suffix = file.suffix.lower()
    try:
        if suffix == ".toml":
            data: Any = tomllib.loads(file.read_text(encoding="utf-8"))
        elif suffix == ".json":
            data = json.loads(file.read_text(encoding="utf-8"))
        else:
            raise ParameterError(f"{file}: a {what} file must end in .toml or .json")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{file}: not valid {suffix[1:].upper()}: {exc}") from None
    if not isinstance(data, dict):
        raise ParameterError(f"{file}: expected a table at the top level of the {what} file")
    return data
