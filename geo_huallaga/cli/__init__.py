"""The ``geo-huallaga`` command line: thin, it parses, calls the library and prints.

Each group of subcommands lives in its own ``cmd_*`` module with a ``register(subparsers)``
function. Errors the library raises on purpose (:class:`~geo_huallaga.errors.GeoHuallagaError`)
become one line on stderr and exit code 1; usage errors exit 2; nothing prints a traceback
unless ``GEO_HUALLAGA_DEBUG=1`` is set. ``--lang es|en`` (before or after the command; default
the locale's language, else English) sets the language of every human-readable word, argparse's
included (:mod:`geo_huallaga.cli._lang`); JSON and CSV keep their English keys.

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

from geo_huallaga.cli._lang import _, lang_in_argv, pick, speaking
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
    "cmd_export",
    "cmd_near",
    "cmd_series",
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
        from geo_huallaga.cli._output import clean

        self.exit(2, clean(_("{prog}: usage error: {message} (see --help)").format(
            prog=self.prog, message=message)) + "\n")


def _add_lang(parser: argparse.ArgumentParser) -> None:
    """Give *parser* and every subcommand under it the ``--lang`` option.

    Its default is suppressed, so a subcommand does not reset the language given before it
    (``geo-huallaga --lang es route ...`` and ``geo-huallaga route ... --lang es`` agree).
    """
    parser.add_argument("--lang", choices=["en", "es"], default=argparse.SUPPRESS,
                        help=_("language of the messages (and of the map): en or es; default: the "
                               "locale's, else English"))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                _add_lang(child)


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
        description=_("Map the cocaine geography of Peru's Huallaga Valley and Palcazu."),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}",
                        help=_("show program's version number and exit"))
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND", parser_class=_Parser)
    for name in _COMMAND_MODULES:
        importlib.import_module(f"geo_huallaga.cli.{name}").register(sub)
    _add_lang(parser)
    return parser


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    from geo_huallaga.cli._output import print_error

    note = _("note")
    print_error(f"{PROG}: {note}: {message}")


def _named_files(argv: Sequence[str], out: Any) -> list[str]:
    """Return every argument that names an existing file, except the one given as ``--out``.

    Values are also split at ``=`` (``--add=x``), ``|`` (``x.gpkg|layername=y``) and ``:``
    (``--reach ORIGIN:PROFILE.toml:3``), so an aircraft profile inside a spec is found too.
    """
    tokens = list(argv)
    skip: set[int] = set()
    if out is not None:
        for i, tok in enumerate(tokens):
            if tok == "--out" and i + 1 < len(tokens):
                skip.add(i + 1)
            elif tok.startswith("--out="):
                skip.add(i)
        if not skip and str(out) in tokens:  # an abbreviated option (--ou)
            skip.add(tokens.index(str(out)))
    command = next((i for i, tok in enumerate(tokens) if not tok.startswith("-")), None)
    skip.add(-1 if command is None else command)  # the subcommand's name is not a file
    found: list[str] = []
    for i, tok in enumerate(tokens):
        if i in skip:
            continue
        value = tok.split("=", 1)[1] if tok.startswith("--") and "=" in tok else tok
        for candidate in {value, value.partition("|")[0], *value.split(":")}:
            if candidate and os.path.lexists(candidate):
                found.append(candidate)
    return found


def _run(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Refuse a bad ``--out`` before any work, then run the command with its inputs protected."""
    from geo_huallaga import _files

    out = getattr(args, "out", None)
    inputs = _named_files(argv, out)
    if out is not None:
        _files.check_output(out, protect=inputs, parents=getattr(args, "out_parents", False))
    with _files.protected(inputs):
        return int(args.func(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Every error is one line on stderr, with control characters escaped
    (:func:`geo_huallaga.cli._output.print_error`), in the language of ``--lang`` (else the
    locale's, else English).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name; ``sys.argv[1:]`` when omitted.

    Returns
    -------
    int
        0 on success, 1 on an error in the input, the analysis or the system (a file that
        cannot be read or written), 2 on a usage error.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = pick(lang_in_argv(argv))
    with speaking(lang):
        return _main(argv, lang)


def _main(argv: list[str], lang: str) -> int:
    """Parse and run, speaking *lang*: see :func:`main`."""
    from geo_huallaga._files import describe_os_error
    from geo_huallaga.cli._output import print_error

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code or 0) if not isinstance(exc.code, str) else 2
    if not hasattr(args, "func"):
        print_error(_("{prog}: usage error: give a command (see {prog} --help)").format(prog=PROG))
        return 2
    args.lang = lang
    error = _("error")
    debug = os.environ.get("GEO_HUALLAGA_DEBUG") == "1"
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _show_warning
        try:
            return _run(args, argv)
        except GeoHuallagaError as exc:
            if debug:
                raise
            print_error(f"{PROG}: {error}: {exc}")
            return 1
        except KeyboardInterrupt:
            print_error(PROG + ": " + _("interrupted"))
            return 130
        except BrokenPipeError:
            return 0
        except ImportError as exc:  # a missing optional extra: its message names the pip command
            if debug:
                raise
            print_error(f"{PROG}: {error}: {exc}")
            return 1
        except OSError as exc:  # the system's refusal (permission, disk full, ...), not a bug
            if debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            print_error(f"{PROG}: {error}: {where}{describe_os_error(exc)}")
            return 1
        except MemoryError:
            print_error(f"{PROG}: {error}: " + _("out of memory; try a smaller input"))
            return 1
        except Exception as exc:  # a bug, not bad input: still one line, with a way to see more
            if debug:
                raise
            print_error(_("{prog}: internal error: {error} (set GEO_HUALLAGA_DEBUG=1 for a traceback "
                          "and please report it)").format(prog=PROG, error=f"{type(exc).__name__}: {exc}"))
            return 1
