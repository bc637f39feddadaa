"""geo_huallaga: the cocaine geography of Peru's Huallaga Valley and Palcazu, computed.

The API is reached through modules (``geo_huallaga.layers``, ``geo_huallaga.geodesy``, ...).
Modules load lazily, so ``import geo_huallaga`` and ``geo-huallaga --help`` stay fast.

Examples
--------
>>> import geo_huallaga as gh
>>> gh.__version__ != ""
True
>>> "places" in gh.layers.available()
True
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:
    __version__ = version("geo-huallaga")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

_MODULES = (
    "aircraft",
    "cultivation",
    "economics",
    "errors",
    "geodesy",
    "layers",
    "maps",
    "routing",
)

__all__ = ["__version__", *_MODULES]


def __getattr__(name: str) -> Any:
    """Import a submodule the first time it is reached (PEP 562)."""
    if name in _MODULES:
        return importlib.import_module(f"geo_huallaga.{name}")
    raise AttributeError(f"module 'geo_huallaga' has no attribute {name!r}")
