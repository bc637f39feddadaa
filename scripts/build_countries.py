"""Regenerate ``layers/countries.geojson`` from Natural Earth 1:110m admin-0 countries.

Source: the npm package ``world-atlas@2.0.2`` (Mike Bostock; ISC licence for the package,
the data is Natural Earth vector 4.1.0, public domain), file ``countries-110m.json``
(TopoJSON; ``objects.countries``; ids are ISO 3166-1 numeric codes as strings).

Usage (from the repository root)::

    /work/venv/bin/python scripts/build_countries.py
    # or, with an already unpacked copy:
    /work/venv/bin/python scripts/build_countries.py --source /tmp/package/countries-110m.json

Without ``--source`` the script runs ``npm pack world-atlas@2.0.2`` in a temporary
folder (the npm client downloads the published tarball and runs no package script),
unpacks ``package/countries-110m.json`` and checks its SHA-256 before use.

What it does: reads the TopoJSON with GDAL/pyogrio (``layer="countries"``; the file
declares no CRS, so EPSG:4326 is set), keeps the countries listed in ``COUNTRIES``
below, maps ISO numeric ids to alpha-3 with that table (checked against ISO 3166-1 as
shipped by Debian's ``iso-codes`` 4.15.0, ``/usr/share/iso-codes/json/iso_3166-1.json``),
rounds coordinates to 5 decimals, repairs invalid polygons with ``shapely.make_valid``
(keeping only polygonal parts), checks that no kept polygon straddles the antimeridian,
and writes deterministic GeoJSON (features sorted by id, fixed key order).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _geojson_out import round_geometry, run_build, write_layer

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"
SOURCE = "Natural Earth 1:110m admin-0 v4.1.0 (public domain), via npm world-atlas@2.0.2"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
OUT = Path(__file__).resolve().parent.parent / "layers" / "countries.geojson"

# ISO 3166-1 numeric -> (alpha-3, continent as Natural Earth names it).
# Alpha-3 codes checked against Debian iso-codes 4.15.0 (iso_3166-1.json).
# Continents follow Natural Earth's CONTINENT field: Central America, Mexico and the
# Caribbean are "North America" there.
COUNTRIES: dict[str, tuple[str, str]] = {
    # South America
    "032": ("ARG", "South America"),
    "068": ("BOL", "South America"),
    "076": ("BRA", "South America"),
    "152": ("CHL", "South America"),
    "170": ("COL", "South America"),
    "218": ("ECU", "South America"),
    "238": ("FLK", "South America"),
    "328": ("GUY", "South America"),
    "600": ("PRY", "South America"),
    "604": ("PER", "South America"),
    "740": ("SUR", "South America"),
    "858": ("URY", "South America"),
    "862": ("VEN", "South America"),
    # Central America, Mexico, the Caribbean, and the USA (frames the Gulf and the
    # Caribbean crossing of the sea routes)
    "044": ("BHS", "North America"),
    "084": ("BLZ", "North America"),
    "188": ("CRI", "North America"),
    "192": ("CUB", "North America"),
    "214": ("DOM", "North America"),
    "222": ("SLV", "North America"),
    "320": ("GTM", "North America"),
    "332": ("HTI", "North America"),
    "340": ("HND", "North America"),
    "388": ("JAM", "North America"),
    "484": ("MEX", "North America"),
    "558": ("NIC", "North America"),
    "591": ("PAN", "North America"),
    "630": ("PRI", "North America"),
    "780": ("TTO", "North America"),
    "840": ("USA", "North America"),
    # Europe: the destinations (NLD, BEL, ESP) and their neighbours
    "040": ("AUT", "Europe"),
    "056": ("BEL", "Europe"),
    "208": ("DNK", "Europe"),
    "250": ("FRA", "Europe"),
    "276": ("DEU", "Europe"),
    "372": ("IRL", "Europe"),
    "380": ("ITA", "Europe"),
    "442": ("LUX", "Europe"),
    "528": ("NLD", "Europe"),
    "620": ("PRT", "Europe"),
    "724": ("ESP", "Europe"),
    "756": ("CHE", "Europe"),
    "826": ("GBR", "Europe"),
    # Africa: the destinations (TGO, SEN), the West African coast and its hinterland
    "012": ("DZA", "Africa"),
    "120": ("CMR", "Africa"),
    "204": ("BEN", "Africa"),
    "270": ("GMB", "Africa"),
    "288": ("GHA", "Africa"),
    "324": ("GIN", "Africa"),
    "384": ("CIV", "Africa"),
    "430": ("LBR", "Africa"),
    "466": ("MLI", "Africa"),
    "478": ("MRT", "Africa"),
    "504": ("MAR", "Africa"),
    "562": ("NER", "Africa"),
    "566": ("NGA", "Africa"),
    "624": ("GNB", "Africa"),
    "686": ("SEN", "Africa"),
    "694": ("SLE", "Africa"),
    "732": ("ESH", "Africa"),
    "768": ("TGO", "Africa"),
    "788": ("TUN", "Africa"),
    "854": ("BFA", "Africa"),
}


def fetch_source(workdir: Path, member: str = MEMBER) -> Path:
    """Run ``npm pack`` for the pinned package in ``workdir`` and unpack *member* from it."""
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True
    )
    tarballs = sorted(workdir.glob("world-atlas-*.tgz"))
    if len(tarballs) != 1:
        raise SystemExit(f"npm pack produced {tarballs}, expected one tarball")
    with tarfile.open(tarballs[0]) as tar:
        tar.extract(member, path=workdir, filter="data")
    return workdir / member


def check_sha256(path: Path, pinned: str = SHA256) -> None:
    """Refuse a source file whose SHA-256 differs from the pinned one."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != pinned:
        raise SystemExit(f"{path}: sha256 {digest} != pinned {pinned}")


def check_iso_table(path: Path = ISO_CODES) -> bool:
    """Check ``COUNTRIES`` against Debian's ISO 3166-1 table when it is installed."""
    if not path.exists():
        return False
    entries = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
    alpha3 = {e["numeric"]: e["alpha_3"] for e in entries}
    wrong = {n: (a, alpha3.get(n)) for n, (a, _) in COUNTRIES.items() if alpha3.get(n) != a}
    if wrong:
        raise SystemExit(f"alpha-3 table disagrees with {path}: {wrong}")
    return True


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Return a valid (Multi)Polygon: rounded, repaired if needed, polygon parts only."""
    for _ in range(3):
        geom = round_geometry(geom)
        if geom.is_valid:
            break
        geom = shapely.make_valid(geom)
        if geom.geom_type == "GeometryCollection":
            parts = [
                g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            geom = shapely.union_all(parts)
    if not geom.is_valid or geom.geom_type not in ("Polygon", "MultiPolygon"):
        raise SystemExit(f"could not repair geometry: {shapely.is_valid_reason(geom)}")
    return geom


def check_antimeridian(iso_a3: str, geom: BaseGeometry) -> None:
    """Refuse any polygon part wider than 180 degrees of longitude (a wrapped part)."""
    parts = shapely.get_parts(geom)
    for part in parts:
        minx, _, maxx, _ = part.bounds
        if maxx - minx > 180 or minx < -180 or maxx > 180:
            raise SystemExit(f"{iso_a3}: a part spans {minx}..{maxx}: antimeridian problem")


def build(source: Path) -> list[str]:
    """Build the layer from ``source``; return report lines."""
    check_sha256(source)
    frame = pyogrio.read_dataframe(source, layer="countries")
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    found = set(frame["id"].dropna())
    missing = sorted(set(COUNTRIES) - found)
    if missing:
        raise SystemExit(f"ids not in the source: {missing}")
    features = []
    repaired = []
    for row in frame[frame["id"].isin(list(COUNTRIES))].itertuples():
        iso_a3, continent = COUNTRIES[row.id]
        geom = row.geometry
        fixed = polygonal(geom)
        if not geom.is_valid:
            repaired.append(iso_a3.lower())
        check_antimeridian(iso_a3, fixed)
        props = {
            "id": iso_a3.lower(),
            "name": row.name,
            "iso_a3": iso_a3,
            "iso_n3": row.id,
            "continent": continent,
            "source": SOURCE,
            "precision": "approximate",
        }
        features.append((props, fixed))
    size = write_layer(OUT, features)
    iso = "checked against" if check_iso_table() else "NOT checked (missing):"
    return [
        f"wrote {OUT} ({len(features)} features, {size} bytes); repaired: {repaired or 'none'}",
        f"alpha-3 table {iso} {ISO_CODES}",
    ]


def main() -> int:
    return run_build(
        __doc__.splitlines()[0],
        option="--source",
        help_text="an unpacked countries-110m.json",
        build=build,
        fetch=fetch_source,
    )


if __name__ == "__main__":
    raise SystemExit(main())
