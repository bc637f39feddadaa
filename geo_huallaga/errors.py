"""Exceptions raised by geo_huallaga.

Every error the toolkit raises on purpose derives from :class:`GeoHuallagaError`;
each subclass also inherits the built-in exception that fits it, so callers can
catch ``ValueError`` or ``KeyError`` as they would anywhere else. Nothing here
prints: the command line turns these into one line on stderr.

Examples
--------
>>> from geo_huallaga.errors import LayerNotFoundError, GeoHuallagaError
>>> err = LayerNotFoundError("unknown layer 'x'; known: places")
>>> isinstance(err, KeyError) and isinstance(err, GeoHuallagaError)
True
>>> str(err)
"unknown layer 'x'; known: places"
"""

from __future__ import annotations


class GeoHuallagaError(Exception):
    """Root of every error geo_huallaga raises on purpose."""

    def __str__(self) -> str:
        # KeyError's own __str__ wraps the message in quotes; one readable line instead.
        return str(self.args[0]) if self.args else self.__class__.__name__


class InvalidCoordinateError(GeoHuallagaError, ValueError):
    """A coordinate is out of range, swapped, or cannot be parsed."""


class LayerNotFoundError(GeoHuallagaError, KeyError):
    """A built-in layer name that does not exist."""


class DataFileNotFoundError(GeoHuallagaError, FileNotFoundError):
    """A file the user named does not exist."""


class FileAccessError(GeoHuallagaError, OSError):
    """A file that cannot be read or written.

    Permission denied, a read-only folder, a full disk, a file-size limit, a FIFO or device
    given as a file, or a file too large for the memory available.
    """


class LayerValidationError(GeoHuallagaError, ValueError):
    """A layer failed validation; ``problems`` lists every problem found, one line each."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = list(problems) if problems else [message]


class PlaceNotFoundError(GeoHuallagaError, KeyError):
    """A place name, ICAO code or coordinate text that resolves to nothing."""


class UnknownAircraftError(GeoHuallagaError, KeyError):
    """An aircraft id with no profile."""


class FlightPlanError(GeoHuallagaError, ValueError):
    """A flight that cannot be planned: impossible payload, zero hours, same origin and end."""


class RoutingError(GeoHuallagaError, ValueError):
    """No route: the network cannot connect the points, or an endpoint is off the network."""


class ParameterError(GeoHuallagaError, ValueError):
    """A scenario or analysis parameter that is unknown or out of its domain."""


class OverlayError(GeoHuallagaError, ValueError):
    """Cultivation or zone layers that cannot be overlaid as asked."""


class MapBuildError(GeoHuallagaError, ValueError):
    """A map that cannot be built, e.g. an asset with no vendored copy."""


class MissingDependencyError(GeoHuallagaError, ImportError):
    """An optional dependency (an extra such as ``geo-huallaga[osm]``) is not installed."""
