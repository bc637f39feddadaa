"""Regenerate ``layers/departments.geojson``: Peru's departments (Natural Earth admin-1).

Source: Natural Earth admin-1 states and provinces (public domain), simplified, as shipped by
Debian's ``qgis-common`` 3.22.16+dfsg-1 in ``/usr/share/qgis/resources/data/world_map.gpkg``
(layer ``states_provinces``). Peru has 26 features there: the 25 departments (regiones) plus
the Province of Lima, which Natural Earth keeps apart from the Lima department.

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_departments.py
    # or, with the GeoPackage already on disk (apt-get install qgis-common):
    /work/venv/bin/python scripts/build_departments.py --source /usr/share/qgis/resources/data/world_map.gpkg

Without ``--source`` the script runs ``apt-get download qgis-common`` in a temporary folder
and unpacks the .deb with ``dpkg-deb -x``. Either way the GeoPackage's SHA-256 is checked.

What it does: reads the Peruvian features (``iso_a2 = 'PE'``) with pyogrio, keeps
``name``, ``gn_name`` (the GeoNames name) and ``fips``, gives each an id from its name,
repairs invalid polygons with ``shapely.make_valid``, rounds coordinates to 5 decimals and
writes deterministic GeoJSON. Nothing is simplified further: Natural Earth's generalisation
(vertices every 12–15 km) is the ``approximate`` precision every feature declares.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pyogrio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geojson_out import round_geometry, run_build, write_layer

GPKG_SHA256 = "ff5cceefc4b27abea094fa82459d8aef9417023236c326a666978b62ffe85db2"
MEMBER = "usr/share/qgis/resources/data/world_map.gpkg"
SOURCE = "Natural Earth admin-1 (public domain), via Debian qgis-common 3.22.16 world_map.gpkg"
OUT = Path(__file__).resolve().parent.parent / "layers" / "departments.geojson"
NOTES = {
    "Lima Province": "Natural Earth keeps the Province of Lima (Lima Metropolitana) apart from the Lima department.",
}


def slug(name: str) -> str:
    """``"San Martín"`` → ``"san-martin"``: accents folded, lower case, hyphens."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def fetch(workdir: Path) -> Path:
    """Download qgis-common with apt and unpack the GeoPackage (nothing is installed)."""
    subprocess.run(["apt-get", "download", "qgis-common"], cwd=workdir, check=True)
    deb = next(workdir.glob("qgis-common_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir / "root")], check=True)
    return workdir / "root" / MEMBER


def build(source: Path, out: Path = OUT) -> list[str]:
    """Build the layer from ``world_map.gpkg`` into ``out``; return report lines."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != GPKG_SHA256:
        raise SystemExit(f"{source}: sha256 {digest} is not the pinned {GPKG_SHA256}")
    frame = pyogrio.read_dataframe(source, layer="states_provinces", where="iso_a2 = 'PE'")
    features = []
    for row in frame.itertuples():
        geom = row.geometry if row.geometry.is_valid else shapely.make_valid(row.geometry)
        props = {
            "id": slug(str(row.name)),
            "name": str(row.name),
            "gn_name": str(row.gn_name),
            "fips": "" if pd.isna(row.fips) else str(row.fips),
            "note": NOTES.get(str(row.name), ""),
            "source": SOURCE,
            "precision": "approximate",
        }
        features.append((props, round_geometry(geom)))
    size = write_layer(out, features)
    return [f"{len(features)} Peruvian features", f"wrote {out.name}: {size} bytes"]


def main() -> int:
    """Command-line entry point."""
    return run_build(
        __doc__.splitlines()[0] if __doc__ else "",
        option="--source",
        help_text="world_map.gpkg from qgis-common 3.22.16+dfsg-1",
        build=build,
        fetch=fetch,
    )


if __name__ == "__main__":
    raise SystemExit(main())
