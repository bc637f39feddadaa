"""Languages of the map and the command line: gettext catalogues (built with Babel) and numbers.

The words come from ``geo_huallaga/locale/<lang>/LC_MESSAGES/geo_huallaga.mo``, compiled from
the ``.po`` next to it by ``scripts/update_catalogues.sh`` (``pybabel extract``, ``update``,
``compile``). Numbers use the separators of the language's CLDR locale through
:mod:`babel.numbers`: English ``13,025``; Spanish as written in Peru (CLDR ``es_PE``)
``13,025`` too, decimal point and comma for thousands. See :data:`NUMBER_LOCALES`.

Examples
--------
>>> t = translator("es")
>>> t.gettext("Airstrips")
'Pistas de aterrizaje'
>>> format_number(13025.0, "en"), format_number(1234.5, "es", decimals=1)
('13,025', '1,234.5')
>>> resolve_lang(None, environ={"LANG": "es_PE.UTF-8"}), resolve_lang(None, environ={})
('es', 'en')
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from geo_huallaga.errors import ParameterError

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "NUMBER_LOCALES",
    "N_",
    "format_number",
    "number_symbols",
    "resolve_lang",
    "translator",
]

#: The gettext domain: ``locale/<lang>/LC_MESSAGES/geo_huallaga.mo``.
DOMAIN = "geo_huallaga"
LOCALE_DIR = Path(__file__).with_name("locale")
#: The languages with a catalogue; English is the source language (the msgids).
LANGUAGES: tuple[str, ...] = ("en", "es")
#: The CLDR locale whose number separators each language uses. Spanish is written for readers
#: in Peru: CLDR ``es_PE`` groups thousands with a comma and uses a decimal point (generic
#: ``es`` would write ``22.412,5``).
NUMBER_LOCALES: dict[str, str] = {"en": "en", "es": "es_PE"}


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark *message* for the catalogue (``pybabel extract -k N_``) without translating it here.

    Examples
    --------
    >>> N_("Airstrips")
    'Airstrips'
    """
    return message


def resolve_lang(lang: str | None, *, environ: Mapping[str, str] | None = None) -> str:
    """Return the language to use: *lang* if given, else the locale's, else English.

    The locale is read as gettext does: the first of ``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` that is set. ``es_PE.UTF-8`` gives ``es``.

    Parameters
    ----------
    lang : str, optional
        ``"en"`` or ``"es"`` (a region such as ``es_PE`` is accepted).
    environ : mapping, optional
        The environment to read; default :data:`os.environ`.

    Returns
    -------
    str
        One of :data:`LANGUAGES`.

    Raises
    ------
    ParameterError
        *lang* names a language without a catalogue.

    Examples
    --------
    >>> resolve_lang("es_PE"), resolve_lang(None, environ={"LANGUAGE": "fr:es", "LANG": "C"})
    ('es', 'en')
    """
    if lang is not None:
        code = lang.replace("-", "_").split("_")[0].lower()
        if code not in LANGUAGES:
            raise ParameterError(f"language {lang!r} is not available; choose one of: "
                                 + ", ".join(LANGUAGES))
        return code
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """Return the gettext translations of *lang* (English: the identity).

    Examples
    --------
    >>> translator("en").gettext("Airstrips")
    'Airstrips'
    """
    code = resolve_lang(lang)
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])


def format_number(value: float, lang: str, *, decimals: int = 0) -> str:
    """Format *value* with *decimals* decimals and the separators of *lang*'s locale.

    Examples
    --------
    >>> format_number(35106, "es"), format_number(0.25, "en", decimals=2)
    ('35,106', '0.25')
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALES[resolve_lang(lang)])


def number_symbols(lang: str) -> dict[str, str]:
    """Return the group and decimal separators of *lang*'s locale (for the page runtime).

    Examples
    --------
    >>> number_symbols("en")
    {'group': ',', 'decimal': '.'}
    """
    loc = NUMBER_LOCALES[resolve_lang(lang)]
    return {"group": get_group_symbol(loc), "decimal": get_decimal_symbol(loc)}
