"""Shared output helpers for the command line: JSON, tables, coordinates."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def dumps_json(obj: Any) -> str:
    """Serialise *obj* as stable, human-readable JSON (keys in the order given, UTF-8 text).

    Examples
    --------
    >>> print(dumps_json({"distance_km": 1.5, "name": "Tingo María"}))
    {
      "distance_km": 1.5,
      "name": "Tingo María"
    }
    """
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)


def print_json(obj: Any) -> None:
    """Print *obj* as JSON on stdout."""
    sys.stdout.write(dumps_json(obj) + "\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a plain left-aligned text table on stdout.

    Examples
    --------
    >>> print_table(["name", "features"], [["places", 38], ["roads", 12]])
    name    features
    ------  --------
    places  38
    roads   12
    """
    text_rows = [[("" if v is None else str(v)) for v in row] for row in rows]
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
