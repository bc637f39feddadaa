"""Regenerate layers/demo_coca_grid.geojson: a SYNTHETIC coca cultivation grid for demos and tests.

No openly licensed coca density grid of Peru exists (UNODC and DEVIDA publish density maps only
as figures in PDF reports), so ``geo-huallaga overlay demo`` runs on this invented one. What is
real: the totals. Inside each built-in ``coca_zones`` polygon the cells of each ``ha_YYYY``
column sum exactly to that zone's sourced figure (UNODC Peru Coca Surveys 2005 and 2010, DEVIDA
2022; see the zone's ``source``), e.g. Alto Huallaga 13,025 ha in 2010. What is invented: how
those hectares spread over the cells (smooth bumps around named coca towns such as Monzón and
Aucayacu, which the article names as the clans' centres). A zone with no figure for a year
gets 0 in that column; a zone with no figure at all gets no cells. Every cell says it is
synthetic in its ``synthetic`` and ``source`` properties.

Cells are 0.05° squares lying wholly inside a zone (measured in South America Albers Equal
Area), so apportioning the grid to ``coca_zones`` gives the zone totals back. Run from the
checkout's top; the output is deterministic (same bytes every run)::

    python scripts/build_demo_grid.py
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo_huallaga import layers
from geo_huallaga.cultivation import DEFAULT_EQUAL_AREA_CRS

OUT = Path(__file__).resolve().parent.parent / "layers" / "demo_coca_grid.geojson"

CELL_DEG = 0.05
SIGMA_DEG = 0.15  # width of each invented hotspot
BASE = 0.05  # invented background density, relative to a hotspot's peak
MARGIN_M = 50.0  # cells keep this far inside a zone's edge

#: Invented hotspots, at named places (places layer) inside each zone.
HOTSPOTS: dict[str, tuple[str, ...]] = {
    "alto-huallaga": ("monzon", "aucayacu", "uchiza", "tocache"),
    "vraem": ("pichari", "llochegua", "kimbiri"),
    "la-convencion-lares": ("quillabamba",),
}

SOURCE = (
    "SYNTHETIC, not a survey: invented pattern; cells in a zone sum to its coca_zones ha_YYYY "
    "figure (UNODC 2005/2010, DEVIDA 2022); scripts/build_demo_grid.py"
)


def _cells_inside(zone_geom: shapely.Geometry) -> np.ndarray:
    """0.05° squares (EPSG:4326) lying wholly inside *zone_geom*, on a grid aligned to 0.05°."""
    minx, miny, maxx, maxy = zone_geom.bounds
    i0, i1 = int(np.floor(minx / CELL_DEG)), int(np.ceil(maxx / CELL_DEG))
    j0, j1 = int(np.floor(miny / CELL_DEG)), int(np.ceil(maxy / CELL_DEG))
    ii, jj = np.meshgrid(np.arange(i0, i1), np.arange(j0, j1))
    x0 = np.round(ii.ravel() * CELL_DEG, 6)
    y0 = np.round(jj.ravel() * CELL_DEG, 6)
    boxes = shapely.box(x0, y0, np.round(x0 + CELL_DEG, 6), np.round(y0 + CELL_DEG, 6))
    projected = gpd.GeoSeries(boxes, crs=4326).to_crs(DEFAULT_EQUAL_AREA_CRS).to_numpy()
    zone_ea = gpd.GeoSeries([zone_geom], crs=4326).to_crs(DEFAULT_EQUAL_AREA_CRS).iloc[0]
    inner = shapely.buffer(zone_ea, -MARGIN_M)
    shapely.prepare(inner)
    return np.asarray(boxes[shapely.contains_properly(inner, projected)], dtype=object)


def _weights(cells: np.ndarray, hotspots: tuple[str, ...], zone_geom: shapely.Geometry) -> np.ndarray:
    centres = shapely.centroid(cells)
    x, y = shapely.get_x(centres), shapely.get_y(centres)
    points = [(p.lon, p.lat) for p in (layers.place(h) for h in hotspots)]
    if not points:
        c = shapely.point_on_surface(zone_geom)
        points = [(c.x, c.y)]
    w = np.full(len(cells), BASE)
    for lon, lat in points:
        w += np.exp(-((x - lon) ** 2 + (y - lat) ** 2) / (2 * SIGMA_DEG**2))
    return w


def _split_cents(total_ha: float, weights: np.ndarray) -> np.ndarray:
    """Hectares per cell, in whole cents of a hectare, summing exactly to *total_ha*."""
    total_cents = round(total_ha * 100)
    cents = np.floor(weights / weights.sum() * total_cents).astype(np.int64)
    cents[int(np.argmax(weights))] += total_cents - int(cents.sum())
    return cents / 100.0


def build() -> gpd.GeoDataFrame:
    zones = layers.load("coca_zones")
    years = [c for c in zones.columns if re.fullmatch(r"ha_\d{4}", str(c))]
    frames = []
    for _, zone in zones.iterrows():
        if all(zone[year] != zone[year] for year in years):
            continue  # no figure in any year: nothing to spread
        cells = _cells_inside(zone.geometry)
        weights = _weights(cells, HOTSPOTS.get(zone["id"], ()), zone.geometry)
        data: dict[str, object] = {
            "id": [f"demo-{zone['id']}-{k:04d}" for k in range(1, len(cells) + 1)],
            "zone_id": zone["id"],
        }
        for year in years:
            figure = zone[year]
            data[year] = np.zeros(len(cells)) if figure != figure else _split_cents(float(figure), weights)
        data["synthetic"] = True
        data["source"] = SOURCE
        frames.append(gpd.GeoDataFrame(data, geometry=cells, crs=4326))
    grid = gpd.GeoDataFrame(
        gpd.pd.concat(frames, ignore_index=True), geometry="geometry", crs=4326
    )
    return grid


def main() -> None:
    grid = build()
    layers.write(grid, OUT, precision=6, builtin_ok=True)
    print(f"{OUT}: {len(grid)} synthetic cells, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
