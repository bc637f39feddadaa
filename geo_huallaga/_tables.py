"""Reading a small settings table (an aircraft profile, a scenario) from a TOML or JSON file."""

from __future__ import annotations

import json
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

from geo_huallaga._files import check_input, describe_os_error
from geo_huallaga.errors import DataFileNotFoundError, FileAccessError, ParameterError

#: A settings file larger than this is refused (profiles and scenarios are a few KB).
MAX_TABLE_BYTES = 1_000_000
#: Deepest nesting of tables and arrays accepted (profiles and scenarios use two or three).
MAX_TABLE_DEPTH = 16
_LARGEST_FLOAT = int(sys.float_info.max)


def read_table(path: str | Path, *, what: str) -> dict[str, Any]:
    """Read a TOML or JSON file whose top level is a table; name it *what* in errors.

    Raises
    ------
    DataFileNotFoundError
        No such file (or a folder).
    FileAccessError
        A FIFO, device or socket, or a file that cannot be read.
    ParameterError
        Another extension, a file that does not parse, a top level that is not a table, a
        file over :data:`MAX_TABLE_BYTES`, nesting over :data:`MAX_TABLE_DEPTH`, or a number
        that is not finite or too large for a float.

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
    >>> _ = f.write_text('{"clans": ' + "[" * 5000 + "]" * 5000 + "}")
    >>> read_table(f, what="scenario")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: .../a.json: not valid JSON: nested too deeply
    """
    file = Path(path)
    if file.is_dir():
        raise DataFileNotFoundError(f"{file}: is a folder, not a {what} file")
    st = check_input(file, what=f"{what} file")
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise ParameterError(f"{file}: a {what} file must end in .toml or .json")
    if st.st_size > MAX_TABLE_BYTES:
        raise ParameterError(
            f"{file}: {st.st_size:,} bytes is too large for a {what} file (at most {MAX_TABLE_BYTES:,})"
        )
    try:
        text = file.read_text(encoding="utf-8")
        data: Any = tomllib.loads(text) if suffix == ".toml" else json.loads(text)
    except OSError as exc:
        raise FileAccessError(f"{file}: cannot read this {what} file: {describe_os_error(exc)}") from None
    except RecursionError:
        raise ParameterError(f"{file}: not valid {suffix[1:].upper()}: nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:  # the decoders' errors, and ints past Python's digit limit
        reason = " ".join(str(exc).split())
        if "integer string conversion" in reason:  # Python's own limit, reworded without its API
            reason = f"a number has more than {sys.get_int_max_str_digits()} digits"
        raise ParameterError(f"{file}: not valid {suffix[1:].upper()}: {reason}") from None
    if not isinstance(data, dict):
        raise ParameterError(f"{file}: expected a table at the top level of the {what} file")
    _check_values(data, file, what)
    return data


def _check_values(data: dict[str, Any], file: Path, what: str) -> None:
    """Refuse nesting deeper than :data:`MAX_TABLE_DEPTH` and numbers no float can hold."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_TABLE_DEPTH:
            raise ParameterError(f"{file}: {where} is nested more than {MAX_TABLE_DEPTH} levels deep")
        if isinstance(value, dict):
            stack += [(v, f"{where}.{k}" if where else str(k), depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        elif isinstance(value, float) and not math.isfinite(value):
            raise ParameterError(f"{file}: {where} is {value}, not a finite number")
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST_FLOAT:
            raise ParameterError(f"{file}: {where} is a number too large to use ({len(str(abs(value)))} digits)")
