"""Apportion a cultivation RASTER (a UNODC/DEVIDA-style density GeoTIFF) to zones, exactly.

UNODC and DEVIDA publish coca cultivation as density grids: hectares of coca per km² on a 1 km
or 5 km grid. Each cell's value becomes hectares with the cell's TRUE area, then every zone gets
the hectares of every cell weighted by the exact fraction of the cell it covers (exactextract,
which computes partial-cell coverage exactly instead of taking or leaving whole cells).

Cell areas
----------
* Geographic raster (degrees): a cell is bounded by two meridians and two parallels, so its area
  on the raster CRS's ellipsoid (taken from ``pyproj`` as a :class:`pyproj.Geod`) is the exact
  ellipsoidal zone formula ``Δλ · b²/2 · [g(φ₂) − g(φ₁)]`` with
  ``g(φ) = sin φ / (1 − e² sin² φ) + atanh(e sin φ) / e``. Cells shrink with latitude: at 10°S a
  0.01° cell is 1.2127 km², at the equator 1.2309 km².
* Projected equal-area raster (Albers, Lambert azimuthal, cylindrical equal-area, ...): the area
  of every cell is its planar area, exactly.
* Any other projected raster (UTM, Mercator, ...): the cell's planar area divided by the
  projection's areal scale at the cell centre (``pyproj.Proj.get_factors``); the midpoint error
  is ~1e-9 relative for 1 km UTM cells.

Within a cell, the covered fraction is measured in the raster's own grid coordinates (exact for
equal-area rasters; for a geographic 1 km cell the fraction differs from the true-area fraction
by less than 1e-5 relative, in boundary cells only).

Memory is bounded by the window, not by the raster: the raster is read one window of at most
``window_cells`` cells at a time (default 8,388,608; the window's own arrays take ~13 bytes a
cell, ~110 MB, and exactextract's buffers come on top). Measured on a 10,000 × 10,000 raster with
200 zones: 720 MiB peak for the whole process (~150 MiB of it imports), against 970 MiB for
exactextract called directly (``benchmarks/bench_raster.py``). With ``engine="dask"`` the windows
run in parallel, each task opening the raster itself, and the totals are the same to rounding.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import shapely
from pyproj import CRS

from geo_huallaga.errors import DataFileNotFoundError, OverlayError, ParameterError

if TYPE_CHECKING:  # pragma: no cover
    from numpy.typing import NDArray

__all__ = [
    "DEFAULT_WINDOW_CELLS",
    "MAX_RASTER_CELLS",
    "RASTER_SUFFIXES",
    "RASTER_UNITS",
    "RasterSums",
    "cell_area_km2",
    "check_grid",
    "geographic_band_area_km2",
    "is_raster_path",
    "max_raster_cells",
    "raster_sums",
]

RasterUnit = Literal["ha-per-km2", "ha-per-cell", "fraction"]

#: What a raster cell's value means: hectares of coca per km², hectares in the cell, or the
#: fraction (0–1) of the cell under coca.
RASTER_UNITS: tuple[str, ...] = ("ha-per-km2", "ha-per-cell", "fraction")

#: File extensions read as rasters (anything GDAL reads can also be passed with a ``raster_unit``).
RASTER_SUFFIXES = frozenset({".tif", ".tiff", ".vrt", ".img", ".asc", ".nc", ".jp2", ".rst", ".bil", ".hdr"})

#: Cells read per window (bounds memory: ~13 bytes per cell of working arrays, plus exactextract's).
DEFAULT_WINDOW_CELLS = 8_388_608

#: Most cells a raster may have (a global 100 m grid has ~8 x 10^10; at the measured ~10^7 cells
#: a second that is hours of work). ``GEO_HUALLAGA_MAX_RASTER_CELLS`` raises it.
MAX_RASTER_CELLS = 10**11

_RASTER_HINT = "raster cultivation layers need rasterio and exactextract: pip install 'geo-huallaga[raster]'"
_HA_PER_KM2 = 100.0  # 1 km² = 100 ha
_DENSIFY_DEG = 0.0025  # ~250 m: zone edges are densified before reprojection into the raster CRS
_DENSIFY_M = 250.0
_UNIT_MAX = {"ha-per-km2": 100.0, "fraction": 1.0}  # a cell cannot hold more coca than its area
_UNIT_SLACK = 1e-6
_COVERAGE_TOL_CELLS = 1e-4  # exactextract's coverage checked against shapely, in cells

ProgressCallback = Callable[[int, int], None]


def _require() -> tuple[Any, Any]:
    try:
        import exactextract
        import exactextract.raster
        import rasterio
    except ImportError as err:
        raise ImportError(_RASTER_HINT) from err
    return rasterio, exactextract


def is_raster_path(source: Any) -> bool:
    """Return True when *source* is a path whose extension is a raster format (GeoTIFF, VRT, ...).

    Examples
    --------
    >>> is_raster_path("density_2022.tif"), is_raster_path("cells.geojson")
    (True, False)
    """
    return isinstance(source, str | os.PathLike) and Path(source).suffix.lower() in RASTER_SUFFIXES


# --------------------------------------------------------------------------- cell areas


def geographic_band_area_km2(lat_south: Any, lat_north: Any, dlon_deg: float, *, a_m: float, f: float) -> Any:
    """Return the exact area (km²) of cells bounded by two parallels and two meridians.

    Parameters
    ----------
    lat_south, lat_north : float or array
        The cells' southern and northern edges, degrees.
    dlon_deg : float
        The cells' width in longitude, degrees.
    a_m, f : float
        The ellipsoid's semi-major axis (metres) and flattening.

    Returns
    -------
    float or numpy.ndarray
        Areas in km².

    Examples
    --------
    A 0.01° cell just south of the equator on WGS84, and at 10°S:

    >>> wgs84 = {"a_m": 6378137.0, "f": 1 / 298.257223563}
    >>> round(float(geographic_band_area_km2(-0.01, 0.0, 0.01, **wgs84)), 6)
    1.230907
    >>> round(float(geographic_band_area_km2(-10.01, -10.0, 0.01, **wgs84)), 6)
    1.212678
    """
    e2 = f * (2.0 - f)
    e = math.sqrt(e2)
    b = a_m * (1.0 - f)

    def g(lat_deg: Any) -> Any:
        s = np.sin(np.radians(lat_deg))
        if e == 0.0:
            return 2.0 * s
        return s / (1.0 - e2 * s * s) + np.arctanh(e * s) / e

    dlon = math.radians(abs(dlon_deg))
    return np.abs(dlon * b * b / 2.0 * (g(lat_north) - g(lat_south))) / 1e6


def _crs_kind(crs: CRS) -> str:
    """Return 'geographic', 'equal-area' or 'projected' for a raster's CRS."""
    from geo_huallaga.cultivation import EQUAL_AREA_PROJECTIONS, _projection_method

    if crs.is_geographic:
        return "geographic"
    if _projection_method(crs) in EQUAL_AREA_PROJECTIONS:
        return "equal-area"
    return "projected"


def cell_area_km2(crs: Any, transform: Any, rows: Any, cols: Any) -> NDArray[np.float64]:
    """Return the true area (km²) of raster cells ``(rows, cols)`` of a north-up grid.

    Parameters
    ----------
    crs : pyproj.CRS or str
        The raster's CRS.
    transform : affine.Affine
        The raster's geotransform (no rotation).
    rows, cols : array-like of int
        Row and column indices, broadcast together.

    Returns
    -------
    numpy.ndarray
        Areas in km², broadcast shape of *rows* and *cols*.

    Examples
    --------
    >>> from affine import Affine
    >>> t = Affine(0.01, 0, -76.0, 0, -0.01, -10.0)   # 0.01° cells, first row 10.00–10.01°S
    >>> [round(float(v), 6) for v in cell_area_km2("EPSG:4326", t, [0, 100], [0, 0])]
    [1.212678, 1.208861]
    >>> float(cell_area_km2("EPSG:6933", Affine(1000, 0, 0, 0, -1000, 0), [5], [7])[0])
    1.0
    """
    crs = CRS.from_user_input(crs)
    rows_in, cols_in = np.asarray(rows, dtype=float), np.asarray(cols, dtype=float)
    shape = np.broadcast_shapes(rows_in.shape, cols_in.shape)
    kind = _crs_kind(crs)
    unit = crs.axis_info[0].unit_conversion_factor if crs.axis_info else 1.0
    if kind == "geographic":  # the area depends on the row only: computed per row, then broadcast
        geod = crs.get_geod()
        if geod is None:  # pragma: no cover - every geographic CRS has an ellipsoid
            raise OverlayError(f"the raster's CRS {crs.name} has no ellipsoid")
        deg = math.degrees(unit)  # degrees per CRS unit (1 for degrees)
        top = transform.f + rows_in * transform.e
        bottom = top + transform.e
        per_row = geographic_band_area_km2(bottom * deg, top * deg, transform.a * deg, a_m=geod.a, f=geod.f)
        return np.broadcast_to(np.asarray(per_row, dtype=float), shape)
    planar_km2 = abs(transform.a * transform.e) * unit * unit / 1e6
    if kind == "equal-area":
        return np.broadcast_to(np.float64(planar_km2), shape)
    rows_a, cols_a = np.broadcast_arrays(rows_in, cols_in)
    from pyproj import Proj, Transformer

    to_lonlat = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
    x = transform.c + (cols_a + 0.5) * transform.a
    y = transform.f + (rows_a + 0.5) * transform.e
    lon, lat = to_lonlat.transform(x, y)
    factors = Proj(crs).get_factors(lon, lat, errcheck=False)
    return np.asarray(planar_km2 / np.asarray(factors.areal_scale, dtype=float), dtype=float)


# --------------------------------------------------------------------------- the sums


@dataclass(frozen=True)
class RasterSums:
    """Hectares summed over a raster: per zone, in all, and the nodata cells skipped.

    Attributes
    ----------
    zone_ha : numpy.ndarray
        Hectares per zone, in the zones' order.
    total_ha : float
        Hectares in every valid cell of the raster (inside a zone or not).
    nodata_cells : int
        Cells skipped as nodata (the raster's nodata value, its mask, or NaN).
    nodata_km2 : float
        True area of those cells, km².
    cells : int
        Cells in the raster.
    """

    zone_ha: NDArray[np.float64]
    total_ha: float
    nodata_cells: int
    nodata_km2: float
    cells: int


@dataclass(frozen=True)
class _Job:
    """What one window needs: small and picklable (sent to dask workers)."""

    path: str
    band: int
    unit: str
    wkb: tuple[bytes, ...]  # zones in the raster CRS, overlaps resolved
    crs_wkt: str
    corner_zones: tuple[int, ...]  # zones with a vertex on a cell corner: computed with shapely


def max_raster_cells() -> int:
    """Return the most cells a raster may have: :data:`MAX_RASTER_CELLS` or ``GEO_HUALLAGA_MAX_RASTER_CELLS``.

    Examples
    --------
    >>> max_raster_cells() == int(os.environ.get("GEO_HUALLAGA_MAX_RASTER_CELLS", MAX_RASTER_CELLS))
    True
    """
    text = os.environ.get("GEO_HUALLAGA_MAX_RASTER_CELLS")
    if text is None:
        return MAX_RASTER_CELLS
    try:
        return int(text)
    except ValueError:
        raise ParameterError(f"GEO_HUALLAGA_MAX_RASTER_CELLS must be a whole number, got {text!r}") from None


def check_grid(path: str, crs: CRS, transform: Any, width: int, height: int) -> None:
    """Refuse a raster grid whose header would give a wrong total or never finish.

    The cell size must be finite and non-zero, the grid north-up (rows going south), a
    geographic grid must lie on the globe (latitudes within ±90°, at most 360° of longitude),
    a projected one must map back to longitudes and latitudes, and the cell count must be at
    most :func:`max_raster_cells` (the header of a tiny file can claim 10^18 cells).

    Raises
    ------
    OverlayError
        With the raster named and what to do.

    Examples
    --------
    >>> from affine import Affine
    >>> check_grid("ok.tif", CRS("EPSG:4326"), Affine(0.01, 0, -76, 0, -0.01, -9), 100, 100)
    >>> check_grid("s.tif", CRS("EPSG:4326"), Affine(0.01, 0, -76, 0, 0.01, -9), 100, 100)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.OverlayError: s.tif: the raster is not north-up (its rows go north); warp it ...
    >>> check_grid("w.tif", CRS("EPSG:4326"), Affine(1e30, 0, -76, 0, -1e30, -9), 4, 4)
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.OverlayError: w.tif: the raster's cells reach beyond the globe ...
    """
    a, e, c, f = transform.a, transform.e, transform.c, transform.f
    if not all(math.isfinite(v) for v in (a, e, c, f)) or a == 0 or e == 0:
        raise OverlayError(f"{path}: the raster's cell size or origin is zero or not a number ({a:g} x {e:g} "
                           f"at {c:g}, {f:g}); fix its geotransform (gdal_edit.py -a_ullr)")
    if e > 0 or a < 0:
        raise OverlayError(f"{path}: the raster is not north-up (its rows go {'north' if e > 0 else 'south'}"
                           f"{', its columns west' if a < 0 else ''}); warp it north-up first (gdalwarp)")
    cells = width * height
    limit = max_raster_cells()
    if cells > limit:
        raise OverlayError(
            f"{path}: {width:,} x {height:,} = {cells:,} cells is more than the limit of {limit:,}; "
            "cut it into pieces (gdal_translate -srcwin) or set GEO_HUALLAGA_MAX_RASTER_CELLS"
        )
    west, north, east, south = c, f, c + width * a, f + height * e
    if crs.is_geographic:
        deg = math.degrees(crs.axis_info[0].unit_conversion_factor) if crs.axis_info else 1.0
        ok = (south * deg >= -90 - 1e-9 and north * deg <= 90 + 1e-9 and (east - west) * deg <= 360 + 1e-9
              and west * deg >= -360 - 1e-9 and east * deg <= 360 + 1e-9)
    else:
        from pyproj import Transformer

        to_lonlat = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
        lon, lat = to_lonlat.transform([west, east, west, east], [north, north, south, south], errcheck=False)
        ok = bool(np.all(np.isfinite(lon)) and np.all(np.isfinite(lat)) and np.all(np.abs(lat) <= 90 + 1e-9))
    if not ok:
        raise OverlayError(
            f"{path}: the raster's cells reach beyond the globe (x {west:g} to {east:g}, y {south:g} to "
            f"{north:g} in {crs.name}); its geotransform or CRS is wrong"
        )


def _windows(width: int, height: int, window_cells: int) -> list[tuple[int, int, int, int]]:
    """Return (col_off, row_off, n_cols, n_rows) windows of at most *window_cells* cells."""
    n_cols = max(1, min(width, window_cells))
    n_rows = max(1, window_cells // n_cols)
    return [
        (c, r, min(n_cols, width - c), min(n_rows, height - r))
        for r in range(0, height, n_rows)
        for c in range(0, width, n_cols)
    ]


def _hectares(job: _Job, ds: Any, window: tuple[int, int, int, int]) -> tuple[NDArray[np.float64], int, float]:
    """Read one window and return hectares per cell (0 where nodata), nodata count and area."""
    from rasterio.windows import Window

    col, row, n_cols, n_rows = window
    values = ds.read(job.band, window=Window(col, row, n_cols, n_rows))
    invalid = np.isnan(values) if values.dtype.kind == "f" else np.zeros(values.shape, dtype=bool)
    nodata = ds.nodatavals[job.band - 1]
    if nodata is not None and not math.isnan(nodata):
        invalid |= values == nodata
    if any(flag.name == "per_dataset" for flag in ds.mask_flag_enums[job.band - 1]):  # an internal mask band
        invalid |= ds.read_masks(job.band, window=Window(col, row, n_cols, n_rows)) == 0
    any_invalid = bool(invalid.any())
    valid = ~invalid if any_invalid else True
    if values.size and not invalid.all():
        low = float(np.min(values, where=valid, initial=np.inf))
        high = float(np.max(values, where=valid, initial=-np.inf))
        if math.isinf(high) or math.isinf(low):
            raise OverlayError(f"{job.path}: the raster has infinite values that are not marked as nodata")
        if low < 0:
            raise OverlayError(
                f"{job.path}: the raster has negative values that are not nodata (e.g. {low:g}); "
                "set the raster's nodata value"
            )
        limit = _UNIT_MAX.get(job.unit)
        if limit is not None and high > limit * (1 + _UNIT_SLACK):
            raise OverlayError(
                f"{job.path}: a value of {high:g} cannot be {job.unit} (at most {limit:g}: "
                "a cell holds no more coca than its own area); check --raster-unit"
            )
    rows = np.arange(row, row + n_rows)[:, None]
    cols = np.arange(col, col + n_cols)[None, :]
    area = np.broadcast_to(cell_area_km2(CRS.from_wkt(job.crs_wkt), ds.transform, rows, cols), values.shape)
    if job.unit == "ha-per-km2":
        hectares = np.multiply(values, area, dtype=np.float64)
    elif job.unit == "fraction":
        hectares = np.multiply(values, area * _HA_PER_KM2, dtype=np.float64)
    else:
        hectares = values.astype(np.float64)
    nodata_km2 = 0.0
    if any_invalid:
        hectares[invalid] = 0.0
        nodata_km2 = float(area[invalid].sum())
    return hectares, int(invalid.sum()), nodata_km2


def _window_sums(job: _Job, window: tuple[int, int, int, int], ds: Any = None) -> NDArray[np.float64]:
    """Sum one window: hectares per zone, then total hectares, nodata cells, nodata km², cells."""
    rasterio, exactextract = _require()
    if ds is None:
        with rasterio.open(job.path) as opened:
            return _window_sums(job, window, opened)
    hectares, nodata_cells, nodata_km2 = _hectares(job, ds, window)
    col, row, n_cols, n_rows = window
    t = ds.transform
    xmin, ymax = t.c + col * t.a, t.f + row * t.e
    xmax, ymin = xmin + n_cols * t.a, ymax + n_rows * t.e
    n_zones = len(job.wkb)
    out = np.zeros(n_zones + 4)
    out[n_zones : n_zones + 4] = (float(hectares.sum()), nodata_cells, nodata_km2, n_cols * n_rows)
    geoms = shapely.from_wkb(list(job.wkb))
    hit = np.flatnonzero(shapely.intersects(geoms, shapely.box(xmin, ymin, xmax, ymax)))
    if len(hit) == 0 or not hectares.any():
        return out
    import geopandas as gpd

    zones = gpd.GeoDataFrame({"zone_index": hit}, geometry=geoms[hit], crs=job.crs_wkt)
    source = exactextract.raster.NumPyRasterSource(hectares, xmin, ymin, xmax, ymax, srs_wkt=job.crs_wkt)
    result = exactextract.exact_extract(
        source, zones, ["sum", "count"], include_cols=["zone_index"], output="pandas"
    )
    index = result["zone_index"].to_numpy(dtype=int)
    sums = np.nan_to_num(result["sum"].to_numpy(dtype=float))
    # exactextract 0.3.0 can misplace or drop a whole cell when a zone's vertex sits exactly on
    # a cell corner (e.g. a vertex at -76.4, -9.1 on a 0.01° grid): such zones, and any zone whose
    # covered cells times a cell's grid area differ from its area in the window, are redone here
    # with shapely, exactly.
    window_box = shapely.box(xmin, ymin, xmax, ymax)
    cell_grid_area = abs(t.a * t.e)
    covered = np.nan_to_num(result["count"].to_numpy(dtype=float)) * cell_grid_area
    expected = shapely.area(shapely.intersection(geoms[index], window_box))
    redo = (np.abs(covered - expected) > _COVERAGE_TOL_CELLS * cell_grid_area) | np.isin(index, job.corner_zones)
    for k in np.flatnonzero(redo):
        sums[k] = _shapely_sum(hectares, geoms[index[k]], xmin, ymax, t.a, t.e)
    out[index] = sums
    return out


def _corner_zones(geoms: NDArray[Any], transform: Any) -> tuple[int, ...]:
    """Return the indices of zones with a vertex on a cell corner (within 1e-9 of a cell)."""
    found = []
    for i, geom in enumerate(geoms):
        xy = shapely.get_coordinates(geom)
        u = (xy[:, 0] - transform.c) / transform.a
        v = (xy[:, 1] - transform.f) / transform.e
        if ((np.abs(u - np.round(u)) < 1e-9) & (np.abs(v - np.round(v)) < 1e-9)).any():
            found.append(i)
    return tuple(found)


def _shapely_sum(
    hectares: NDArray[np.float64], zone: Any, xmin: float, ymax: float, dx: float, dy: float
) -> float:
    """Coverage-weighted sum of *hectares* (a window whose top-left is xmin, ymax) inside *zone*.

    Slow but simple: each cell's covered fraction is the shapely intersection area over the
    cell's area; cells wholly inside skip the intersection.
    """
    n_rows, n_cols = hectares.shape
    zmin_x, zmin_y, zmax_x, zmax_y = shapely.bounds(zone)
    c0 = max(0, math.floor((zmin_x - xmin) / dx))
    c1 = min(n_cols, math.ceil((zmax_x - xmin) / dx))
    r0 = max(0, math.floor((zmax_y - ymax) / dy))
    r1 = min(n_rows, math.ceil((zmin_y - ymax) / dy))
    shapely.prepare(zone)
    total = 0.0
    cols = np.arange(c0, c1)
    for r in range(r0, r1):
        top = ymax + r * dy
        bottom, top_row = np.full(len(cols), top + dy), np.full(len(cols), top)
        cells = shapely.box(xmin + cols * dx, bottom, xmin + (cols + 1) * dx, top_row)
        frac = np.ones(len(cols))
        edge = ~shapely.contains_properly(zone, cells)
        frac[edge] = shapely.area(shapely.intersection(cells[edge], zone)) / abs(dx * dy)
        total += float((frac * hectares[r, c0:c1]).sum())
    return total


def _zones_in_raster_crs(zones: Any, raster_crs: CRS, *, first_wins: bool) -> tuple[bytes, ...]:
    """Bring the zones (a GeoDataFrame with a CRS) into the raster's CRS, edges densified first.

    Zones already in the raster's CRS are used as they are (no round trip).
    """
    from geo_huallaga.cultivation import _give_shared_area_to_first

    geoms = np.asarray(zones.geometry.array, dtype=object)
    zone_crs = CRS.from_user_input(zones.crs)
    if zone_crs != raster_crs:
        step = _DENSIFY_DEG if zone_crs.is_geographic else _DENSIFY_M
        projected = zones.set_geometry(shapely.segmentize(geoms, step)).to_crs(raster_crs)
        geoms = np.asarray(projected.geometry.array, dtype=object)
        geoms = shapely.make_valid(geoms)
    if first_wins:
        geoms = _give_shared_area_to_first(geoms)
    return tuple(shapely.to_wkb(geoms))


def raster_sums(
    raster: Any,
    zones: Any,
    *,
    raster_unit: str,
    band: int = 1,
    engine: str = "geopandas",
    client: Any = None,
    first_wins: bool = False,
    window_cells: int = DEFAULT_WINDOW_CELLS,
    progress: ProgressCallback | None = None,
) -> RasterSums:
    """Sum a density raster's hectares per zone with exact partial-cell coverage.

    Most callers want :func:`geo_huallaga.cultivation.apportion`, which takes a raster too and
    checks the zones (ids, validity, overlaps) first.

    Parameters
    ----------
    raster : str or path
        Any raster GDAL reads (GeoTIFF, VRT, ...), north-up, with a CRS.
    zones : geopandas.GeoDataFrame
        Zone polygons with a CRS (any); they are reprojected to the raster's CRS.
    raster_unit : {"ha-per-km2", "ha-per-cell", "fraction"}
        What a cell's value means.
    band : int, default 1
        The band to read.
    engine : {"geopandas", "dask"}, default "geopandas"
        ``"dask"``: windows in parallel with dask (extra ``geo-huallaga[dask]``).
    client : distributed.Client, optional
        With ``engine="dask"``: run there (else local threads).
    first_wins : bool, default False
        The zones overlap and shared area goes to the zone listed first.
    window_cells : int, default 8388608
        Cells read per window (memory grows with it, not with the raster).
    progress : callable, optional
        Called as ``progress(done, total)`` after each window.

    Returns
    -------
    RasterSums

    Examples
    --------
    A 4 × 4 raster of 1 km cells in an equal-area CRS, 50 ha/km² everywhere, one cell nodata;
    a zone covering the western half plus half a column:

    >>> import tempfile, pathlib, numpy as np, rasterio, geopandas as gpd
    >>> from affine import Affine
    >>> from shapely.geometry import box
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "d.tif"
    >>> data = np.full((4, 4), 50.0, dtype="float32"); data[0, 3] = -1
    >>> with rasterio.open(path, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32",
    ...                    crs="EPSG:6933", transform=Affine(1000, 0, 0, 0, -1000, 4000), nodata=-1) as ds:
    ...     ds.write(data, 1)
    >>> zone = gpd.GeoDataFrame(geometry=[box(0, 0, 2500, 4000)], crs="EPSG:6933")
    >>> s = raster_sums(path, zone, raster_unit="ha-per-km2")
    >>> float(s.zone_ha[0]), s.total_ha, s.nodata_cells
    (500.0, 750.0, 1)
    """
    if raster_unit not in RASTER_UNITS:
        raise ParameterError(f"raster unit must be one of {', '.join(RASTER_UNITS)}; got {raster_unit!r}")
    if engine not in ("geopandas", "dask"):
        raise ParameterError(f"engine must be 'geopandas' or 'dask', got {engine!r}")
    if window_cells < 1:
        raise ParameterError(f"window_cells must be positive, got {window_cells}")
    rasterio, _ = _require()
    path = raster if isinstance(raster, str | os.PathLike) else getattr(raster, "name", raster)
    if not isinstance(path, str | os.PathLike):
        raise OverlayError(f"the raster must be a path or an open rasterio dataset, got {type(raster).__name__}")
    path = os.fspath(path)
    if "://" not in path and not path.startswith("/vsi"):
        from geo_huallaga import _files

        if not Path(path).exists():
            raise DataFileNotFoundError(f"no such file: {path}")
        _files.check_input(path, what="raster")  # a FIFO or device would never end
    try:
        ds_ctx = rasterio.open(path)
    except rasterio.errors.RasterioIOError as err:
        raise OverlayError(f"{path}: not a raster GDAL can read ({str(err).splitlines()[0]})") from err
    with ds_ctx as ds:
        if not 1 <= band <= ds.count:
            raise ParameterError(f"{path}: band {band} does not exist (the raster has {ds.count})")
        if ds.crs is None:
            raise OverlayError(f"{path}: the raster has no CRS; assign one (e.g. gdal_edit.py -a_srs EPSG:4326)")
        t = ds.transform
        if t.b != 0 or t.d != 0:
            raise OverlayError(f"{path}: rotated or sheared rasters are not supported; warp it north-up first")
        raster_crs = CRS.from_user_input(ds.crs.to_wkt())
        width, height = ds.width, ds.height
        check_grid(path, raster_crs, t, width, height)
    wkb = _zones_in_raster_crs(zones, raster_crs, first_wins=first_wins)
    corners = _corner_zones(shapely.from_wkb(list(wkb)), t)
    job = _Job(path, band, raster_unit, wkb, raster_crs.to_wkt(), corners)
    windows = _windows(width, height, window_cells)
    n_zones = len(job.wkb)
    total = np.zeros(n_zones + 4)
    if engine == "dask":
        total = _run_dask(job, windows, client, progress)
    else:
        with rasterio.open(path) as ds:
            for k, window in enumerate(windows, start=1):
                total += _window_sums(job, window, ds)
                if progress is not None:
                    progress(k, len(windows))
    return RasterSums(
        zone_ha=total[:n_zones],
        total_ha=float(total[n_zones]),
        nodata_cells=int(total[n_zones + 1]),
        nodata_km2=float(total[n_zones + 2]),
        cells=int(total[n_zones + 3]),
    )


def _run_dask(
    job: _Job, windows: Sequence[tuple[int, int, int, int]], client: Any, progress: ProgressCallback | None
) -> NDArray[np.float64]:
    try:
        import dask
    except ImportError as err:
        raise ImportError("engine='dask' needs dask: pip install 'geo-huallaga[dask]'") from err
    from geo_huallaga.cultivation import _default_client

    job_once = dask.delayed(job, pure=True)
    tasks = [dask.delayed(_window_sums)(job_once, w) for w in windows]
    client = client if client is not None else _default_client()
    total = np.zeros(len(job.wkb) + 4)
    if client is not None:
        from distributed import as_completed

        futures = client.compute(tasks)
        for done, future in enumerate(as_completed(futures), start=1):
            total += future.result()
            if progress is not None:
                progress(done, len(tasks))
        return total
    for part in dask.compute(*tasks, scheduler="threads"):
        total += part
    if progress is not None:
        progress(len(tasks), len(tasks))
    return total
