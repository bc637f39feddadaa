"""The command line's language: its words through the gettext catalogue, argparse's words too.

:func:`main <geo_huallaga.cli.main>` picks the language (``--lang``, else the locale, else
English) before it builds the parser and runs the command inside :func:`speaking`, so every
module of the command line calls ``_()`` on its words and gets the words of that language, with numbers
through :func:`num` (the separators of :data:`geo_huallaga.i18n.NUMBER_LOCALES`). argparse's
own words ("usage:", "options", "show this help message and exit", its usage errors) come
from the stdlib's global gettext domain, which ships no Spanish; :func:`speaking` lends them
the catalogue of :mod:`geo_huallaga.i18n` for the duration of the run (their msgids are listed
in :data:`ARGPARSE_WORDS` so ``pybabel extract`` keeps them in the catalogue).

JSON and CSV output is an API: its keys and coded values stay English.

Examples
--------
>>> with speaking("es"):
...     _("error"), _("commands"), num(13025.5, 1), _n("{n} feature", "{n} features", 2)
('error', 'comandos', '13,025.5', '{n} elementos')
>>> _("commands")  # outside: English
'commands'
>>> lang_in_argv(["--lang=es", "layers"]), lang_in_argv(["route", "A", "B", "--lang", "en"])
('es', 'en')
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from geo_huallaga import i18n
from geo_huallaga.i18n import N_

__all__ = ["ARGPARSE_WORDS", "N_", "_", "_n", "lang_in_argv", "language", "num", "speaking"]

_current: list[tuple[str, gettext.NullTranslations]] = [("en", gettext.NullTranslations())]


#: argparse's own words (Python 3.11's ``argparse``), kept in the catalogue.
ARGPARSE_WORDS: tuple[str, ...] = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"), N_("expected one argument"),
    N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ignored explicit argument %r"), N_("unexpected option string: %s"),
    N_('argument "-" with mode %r'), N_("can't open '%(filename)s': %(error)s"),
)


def _(message: str) -> str:
    """Return *message* in the language of the run (English outside :func:`speaking`)."""
    return _current[-1][1].gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural of a message for *n* in the language of the run.

    Spanish has three plural forms in CLDR (one, many for whole millions, other): the
    catalogue fills all three.
    """
    return _current[-1][1].ngettext(singular, plural, n)


def language() -> str:
    """Return the language of the run: ``"en"`` or ``"es"``."""
    return _current[-1][0]


def num(value: float, decimals: int = 0) -> str:
    """Format *value* with the separators of the run's language (:func:`geo_huallaga.i18n.format_number`).

    Examples
    --------
    >>> num(35106), num(0.125, 2)
    ('35,106', '0.12')
    """
    return i18n.format_number(value, language(), decimals=decimals)


def lang_in_argv(argv: Sequence[str]) -> str | None:
    """Return the value of the last ``--lang X`` or ``--lang=X`` in *argv*, if any.

    The language must be known before the parser is built (argparse translates its words
    while it builds); an invalid value is left for the parser to refuse.
    """
    found = None
    for i, token in enumerate(argv):
        if token == "--":
            break
        if token == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif token.startswith("--lang="):
            found = token.split("=", 1)[1]
    return found


def pick(lang: str | None) -> str:
    """Return the language to speak for *lang* (``None``: the locale's); English for a bad one.

    Examples
    --------
    >>> pick("es_PE"), pick("fr")
    ('es', 'en')
    """
    from geo_huallaga.errors import GeoHuallagaError

    try:
        return i18n.resolve_lang(lang)
    except GeoHuallagaError:  # the parser refuses it, in English
        return "en"


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak *lang* inside the block: :func:`_`, :func:`num` and argparse's own words.

    argparse binds ``gettext`` and ``ngettext`` as module globals; they are swapped for the
    catalogue's and restored on exit, so a program that imports the library is not changed.
    """
    translations = i18n.translator(lang)
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    _current.append((lang, translations))
    argparse._ = translations.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translations.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
        _current.pop()
