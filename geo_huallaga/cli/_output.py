"""Shared output helpers for the command line: JSON, tables, coordinates."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

#: Characters a terminal may act on: C0 and C1 controls (escape sequences, carriage return,
#: newline), DEL, line and paragraph separators, and the bidirectional overrides that can make
#: text display in another order than it reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    return _SHORT.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def clean(text: Any) -> str:
    r"""Return *text* as one line safe for a terminal: control characters escaped as ``\n``, ``\x1b``...

    Every table cell and every error or note the command line prints goes through here, so
    names, ids, columns and paths from user files never move the cursor, recolour the
    terminal or break a line.

    Examples
    --------
    >>> print(clean("zone\n\x1b[31mred\u202e"))
    zone\n\x1b[31mred\u202e
    >>> clean("Tingo María")
    'Tingo María'
    """
    return _UNSAFE.sub(_escape_char, str(text))


def _escape_json(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def dumps_json(obj: Any) -> str:
    r"""Serialise *obj* as stable, human-readable JSON (keys in the order given, UTF-8 text).

    Characters a terminal may act on are escaped (``\u009b``), as JSON allows.

    Examples
    --------
    >>> print(dumps_json({"distance_km": 1.5, "name": "Tingo María"}))
    {
      "distance_km": 1.5,
      "name": "Tingo María"
    }
    >>> print(dumps_json(["a\u202eb\x9b"]))
    [
      "a\u202eb\u009b"
    ]
    """
    text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)
    # json escapes C0 controls itself; C1 controls, separators and bidi overrides too (still valid JSON)
    return _UNSAFE_IN_JSON.sub(_escape_json, text)


def print_error(message: Any) -> None:
    r"""Print one line on stderr: *message* passed through :func:`clean`.

    Examples
    --------
    >>> import contextlib, io
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     print_error("geo-huallaga: error: bad\nname")
    >>> err.getvalue()
    'geo-huallaga: error: bad\\nname\n'
    """
    sys.stderr.write(clean(message) + "\n")


def print_line(text: Any, *, lines: bool = False) -> None:
    r"""Print *text* on stdout through :func:`clean`; with *lines*, keep its line breaks.

    Examples
    --------
    >>> print_line("Cessna\x1b[2J")
    Cessna\x1b[2J
    >>> print_line("a\nb\x1b", lines=True)
    a
    b\x1b
    """
    parts = str(text).split("\n") if lines else [str(text)]
    sys.stdout.write("\n".join(clean(p) for p in parts) + "\n")


def print_json(obj: Any) -> None:
    """Print *obj* as JSON on stdout."""
    sys.stdout.write(dumps_json(obj) + "\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a plain left-aligned text table on stdout, every cell passed through :func:`clean`.

    Examples
    --------
    >>> print_table(["name", "features"], [["places", 38], ["roads", 12]])
    name    features
    ------  --------
    places  38
    roads   12
    """
    headers = [clean(h) for h in headers]
    text_rows = [[("" if v is None else clean(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in text_rows]
    sys.stdout.write("\n".join(lines) + "\n")


def check_out_format(path: Path, suffixes: Sequence[str], uses: str) -> None:
    """Refuse an ``--out`` extension the command cannot write, before any work is done.

    Examples
    --------
    >>> check_out_format(Path("a.csv"), (".json", ".csv"), ".json or .csv")
    >>> check_out_format(Path("a.txt"), (".json", ".csv"), ".json or .csv")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.ParameterError: a.txt: unsupported --out format .txt; use .json or .csv
    """
    from geo_huallaga.errors import ParameterError

    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise ParameterError(f"{path}: unsupported --out format {suffix or '(none)'}; use {uses}")
