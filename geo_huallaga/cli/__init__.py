"""The ``geo-huallaga`` command line: thin, it parses, calls the library and prints.

Each group of subcommands lives in its own ``cmd_*`` module with a ``register(subparsers)``
function. Errors the library raises on purpose (:class:`~geo_huallaga.errors.GeoHuallagaError`)
become one line on stderr and exit code 1; usage errors exit 2; nothing prints a traceback
unless ``GEO_HUALLAGA_DEBUG=1`` is set.

Examples
--------
>>> from geo_huallaga.cli import main
>>> main(["--version"])  # doctest: +ELLIPSIS
geo-huallaga ...
0
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from geo_huallaga.errors import GeoHuallagaError

PROG = "geo-huallaga"

# One module per group of subcommands; each defines ``register(subparsers)``.
_COMMAND_MODULES: tuple[str, ...] = (
    "cmd_layers",
    "cmd_economics",
    "cmd_flight",
    "cmd_route",
    "cmd_overlay",
    "cmd_map",
    "cmd_roads",
)


# argparse takes "-10.18,-75.15" (a LAT,LON south of the equator, as copied from a map) for an
# option; any argument that starts with a minus and a digit ("-10.18,-75.15",
# "-10.18,-75.15:cessna-210:2", "-5") is read as a value instead. No option starts with a digit,
# so nothing is shadowed.
_NEGATIVE_NUMBER_OR_PAIR = re.compile(r"^-\.?\d")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2, and that reads "-9.3,-76" as a value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NEGATIVE_NUMBER_OR_PAIR

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: usage error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser with every subcommand registered.

    Returns
    -------
    argparse.ArgumentParser
        The parser; each subcommand sets ``func`` to the function that runs it.
    """
    from geo_huallaga import __version__

    parser = _Parser(
        prog=PROG,
        description="Map the cocaine geography of Peru's Huallaga Valley and Palcazu.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    for name in _COMMAND_MODULES:
        importlib.import_module(f"geo_huallaga.cli.{name}").register(sub)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    print(f"{PROG}: note: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        0 on success, 1 on an error in the input or the analysis, 2 on a usage error.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    if not hasattr(args, "func"):
        parser.print_help(sys.stderr)
        return 2
    debug = os.environ.get("GEO_HUALLAGA_DEBUG") == "1"
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _show_warning
        try:
            return int(args.func(args) or 0)
        except GeoHuallagaError as exc:
            if debug:
                raise
            print(f"{PROG}: error: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print(f"{PROG}: interrupted", file=sys.stderr)
            return 130
        except BrokenPipeError:
            return 0
        except Exception as exc:  # a bug, not bad input: still one line, with a way to see more
            if debug:
                raise
            print(
                f"{PROG}: internal error: {type(exc).__name__}: {exc} "
                "(set GEO_HUALLAGA_DEBUG=1 for a traceback and please report it)",
                file=sys.stderr,
            )
            return 1
