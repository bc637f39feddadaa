"""Fill the Spanish catalogue (geo_huallaga/locale/es/LC_MESSAGES/geo_huallaga.po) from this table.

The .po file is the source a translator edits; this table is how it was written. After adding
words to the code, add their Spanish here and run ``scripts/update_catalogues.sh``: it extracts,
merges, runs this script (which stops, naming them, when a msgid has no Spanish) and compiles.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.pofile import read_po, write_po

#: The catalogue's header dates, fixed so that re-running the scripts gives the same bytes
#: (``pybabel update`` stamps the time of the run).
HEADER_DATE = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
PO = Path(__file__).resolve().parents[1] / "geo_huallaga/locale/es/LC_MESSAGES/geo_huallaga.po"

ES: dict[str, str] = {
    "Air corridors (great circles)": "Corredores aéreos (ortodrómicas)",
    "Bank towns checked (distance to the line)": "Ciudades ribereñas comprobadas (distancia a la línea)",
    "Schematic course": "Curso esquemático",
    "river, schematic course": "río, curso esquemático",
    "yes": "sí",
    "inside": "dentro",
    "in buffer": "en la zona de influencia",
    "beyond": "más lejos",
    "uncertain": "incierto",
    "within {km} km": "a menos de {km} km",
    "Nearest": "Más cercano",
    "Class": "Clase",
    "{points}: distance to {areas}": "{points}: distancia a {areas}",
    "± {r} km: somewhere in this circle": "± {r} km: en algún lugar de este círculo",
    "Zoom in": "Acercar",
    "Zoom out": "Alejar",
    "Full screen": "Pantalla completa",
    "Exit full screen": "Salir de pantalla completa",
    "schematic road": "carretera esquemática",
    "schematic road: not in the source, straight between towns":
        "carretera esquemática: no está en la fuente, recta entre poblados",
    "Measure distances and areas": "Medir distancias y áreas",
    "no": "no",
    "Aircraft": "Aeronave",
    "Airstrips": "Pistas de aterrizaje",
    "Coca zones (UNODC/DEVIDA), airstrips, and the routes out of the valleys described in "
    "“The Cocaine Clans” (InSight Crime / IDL-Reporteros)":
        "Zonas cocaleras (UNODC/DEVIDA), pistas de aterrizaje y las rutas de salida de los valles "
        "descritas en “Los clanes de la cocaína” (InSight Crime / IDL-Reporteros)",
    "Coca zones (ha)": "Zonas cocaleras (ha)",
    "Coca zones, hectares in": "Zonas cocaleras, hectáreas en",
    "Coca, airstrips and trafficking corridors of the Huallaga and the Palcazu":
        "Coca, pistas y corredores del narcotráfico en el Huallaga y el Palcazu",
    "Continent": "Continente",
    "Corridors": "Corredores",
    "Countries": "Países",
    "Country": "País",
    "Departments": "Departamentos",
    "Distance": "Distancia",
    "Family clans": "Clanes familiares",
    "From": "Desde",
    "Hectares {year}": "Hectáreas {year}",
    "Hours in the air": "Horas de vuelo",
    "ICAO code": "Código OACI",
    "In the article": "En el artículo",
    "Kind": "Tipo",
    "Land corridors": "Corredores terrestres",
    "Largest gap between vertices": "Mayor distancia entre vértices",
    "Legend": "Leyenda",
    "Length": "Longitud",
    "Limited by": "Limitado por",
    "Location precision": "Precisión de la ubicación",
    "Map: geo_huallaga. Locations are approximate where a pop-up says so; sources in each "
    "pop-up and at the bottom right.":
        "Mapa: geo_huallaga. Las ubicaciones son aproximadas donde la ventana emergente lo "
        "indica; fuentes en cada ventana y abajo a la derecha.",
    "Means": "Medios",
    "Median gap between vertices": "Distancia mediana entre vértices",
    "Mode": "Modo",
    "Name": "Nombre",
    "Note": "Nota",
    "OpenStreetMap (online)": "OpenStreetMap (en línea)",
    "Origin": "Origen",
    "Passes through": "Pasa por",
    "Places": "Lugares",
    "Places and ports": "Lugares y puertos",
    "Radius": "Radio",
    "Reach": "Alcance",
    "Reach areas": "Áreas de alcance",
    "Rivers": "Ríos",
    "Road number": "Número de ruta",
    "Roads": "Carreteras",
    "Sea corridors": "Corredores marítimos",
    "Sources": "Fuentes",
    "Status": "Situación",
    "Strips": "Pistas",
    "To": "Hasta",
    "Traced as": "Trazado como",
    "Travel time": "Tiempo de viaje",
    "UNODC/DEVIDA monitoring; outlines approximate":
        "Monitoreo UNODC/DEVIDA; contornos aproximados",
    "Uncertainty radius": "Radio de incertidumbre",
    "Your layer": "Su capa",
    "air": "aéreo",
    "approximate": "aproximada",
    "area-weighted": "ponderado por área",
    "authorized": "autorizada",
    "authorized aerodrome": "aeródromo autorizado",
    "clandestine": "clandestina",
    "clandestine strips": "pistas clandestinas",
    "container ship": "buque portacontenedores",
    "department boundary": "límite departamental",
    "destination": "destino",
    "destination abroad": "destino en el extranjero",
    "district": "distrito",
    "error": "error",
    "features": "elementos",
    "flight": "de vuelo",
    "fuel": "combustible",
    "gibraltar": "Gibraltar",
    "hours": "horas",
    "land": "terrestre",
    "layer": "capa",
    "locality": "localidad",
    "model": "modelo",
    "name": "nombre",
    "no figure for the year": "sin cifra para el año",
    "no figure for {year}": "sin cifra para {year}",
    "no road in the data: straight line": "sin carretera en los datos: línea recta",
    "{n} points are nearest to a schematic line ({names}): a straight line drawn through towns, not its "
    "surveyed course; their distances are to that line (nearest_schematic in --json and --csv)":
        "{n} puntos tienen como más cercana una línea esquemática ({names}): una recta trazada entre "
        "poblados, no su curso levantado; sus distancias son a esa línea (nearest_schematic en --json y --csv)",
    "schematic road (not in the source data): straight line of {km} km between towns":
        "carretera esquemática (no está en los datos de origen): línea recta de {km} km entre poblados",
    "no road in the data: straight line of {km} km":
        "sin carretera en los datos: línea recta de {km} km",
    "note": "nota",
    "offline": "sin conexión",
    "offline, plus OpenStreetMap tiles when online":
        "sin conexión, más teselas de OpenStreetMap cuando hay conexión",
    "on foot or mule (access to the road)": "a pie o en mula (acceso a la carretera)",
    "panama": "Panamá",
    "port": "puerto",
    "range": "autonomía",
    "reachable in the hours given (still air, fuel-capped)":
        "alcanzable en las horas indicadas (aire en calma, limitado por el combustible)",
    "river": "río",
    "road (OpenStreetMap)": "carretera (OpenStreetMap)",
    "schematic: one straight line in the source, over {km} km":
        "esquemático: una sola línea recta en la fuente, de más de {km} km",
    "schematic: the source has one straight line of {km} km here":
        "esquemático: la fuente tiene aquí una sola línea recta de {km} km",
    "sea": "marítimo",
    "skipped {name}: its built-in file is not installed":
        "se omitió {name}: su archivo incorporado no está instalado",
    "strips": "pistas",
    "suez": "Suez",
    "surveyed": "medida",
    "town": "ciudad",
    "truck": "camión",
    "truck (access to the port)": "camión (acceso al puerto)",
    "wrote {path} ({size} KiB, {mode})": "se escribió {path} ({size} KiB, {mode})",
    "year": "año",
    "your layer": "su capa",
    "{name} (SYNTHETIC)": "{name} (SINTÉTICO)",
    "{name}: cells": "{name}: celdas",
    "{name}: total per zone": "{name}: total por zona",
    "{n} clandestine strips: somewhere in this circle":
        "{n} pistas clandestinas: en algún lugar de este círculo",
    "{n} strips: somewhere in this circle": "{n} pistas: en algún lugar de este círculo",
    "{path} has {n} cells: drawn as zone totals only":
        "{path} tiene {n} celdas: solo se dibujan los totales por zona",
    "{what}: somewhere in this circle (radius {radii}, district precision)":
        "{what}: en algún lugar de este círculo (radio {radii}, precisión de distrito)",
    "{year}: figures for {n} of {total} zones": "{year}: cifras para {n} de {total} zonas",
    "{year}: the latest year with figures for the most zones ({n} of {total})":
        "{year}: el año más reciente con cifras para más zonas ({n} de {total})",
    "± {r} km ({p} precision, not an exact site)":
        "± {r} km (precisión: {p}; no es un sitio exacto)",
    # the command line (geo_huallaga/cli): tables, summaries, notes, errors
    "{percent} of input total": "{percent} del total de entrada",
    "{percent} of national total": "{percent} del total nacional",
    "(not used)": "(no usado)",
    "--online: the print is rendered offline, so it has no OpenStreetMap tiles":
        "--online: la impresión se genera sin conexión, así que no lleva teselas de OpenStreetMap",
    ".json, .csv, or .geojson, .gpkg, .fgb or .parquet (the points with their class)":
        ".json, .csv, o .geojson, .gpkg, .fgb o .parquet (los puntos con su clase)",
    "Findings:": "Hallazgos:",
    "Map the cocaine geography of Peru's Huallaga Valley and Palcazu.":
        "Cartografía de la cocaína en el valle del Huallaga y el Palcazu (Perú).",
    "NOT feasible: {reason}": "NO es factible: {reason}",
    "a file with no extension": "un archivo sin extensión",
    "apportion a cultivation layer (hectares per cell or polygon) to zones by area":
        "reparte una capa de cultivo (hectáreas por celda o polígono) entre zonas según el área",
    "approximate, derived, or an assumption of the model":
        "aproximado, derivado o un supuesto del modelo",
    "area": "área",
    "area a flight of given hours or payload can reach from (or come from) a place":
        "área que un vuelo de horas o carga dadas alcanza desde un lugar (o desde la que llega a él)",
    "area within {country}": "área dentro de {country}",
    "areas: {sources}": "áreas: {sources}",
    "article": "artículo",
    "check a vector file (GeoJSON, GPKG, SHP, FGB, Parquet)":
        "verifica un archivo vectorial (GeoJSON, GPKG, SHP, FGB, Parquet)",
    "class": "clase",
    "climb": "ascenso",
    "commands": "comandos",
    "compute a land, sea or air route between two places":
        "calcula una ruta terrestre, marítima o aérea entre dos lugares",
    "cruise": "crucero",
    "descent": "descenso",
    "description": "descripción",
    "distance km": "distancia km",
    "distances geodesic on WGS84": "distancias geodésicas sobre WGS84",
    "download (or read from an .osm file) the drivable roads of an area":
        "descarga (o lee de un archivo .osm) las vías transitables de un área",
    "draw the Huallaga map as one offline HTML file":
        "dibuja el mapa del Huallaga en un solo archivo HTML que funciona sin conexión",
    "driving distance, estimated: {km} km ({low} – {high}); the road length times a circuity factor "
    "per terrain class, fitted on published driving distances (docs/routing.md)":
        "distancia por carretera, estimada: {km} km ({low} – {high}); la longitud de la vía por un "
        "factor de sinuosidad por tipo de terreno, ajustado a distancias por carretera publicadas "
        "(docs/routing.md)",
    "export route needs two places: export route A B --out x.kml":
        "export route necesita dos lugares: export route A B --out x.kml",
    "feasible": "factible",
    "figure": "cifra",
    "flight {flight_h} h, block {block_h} h; fuel required {fuel_l} l ({fuel_kg} kg), available "
    "{available_l} l (limited by {limit}); max payload for this distance {max_payload}; range with "
    "this payload {range_km} km":
        "vuelo {flight_h} h, calzo a calzo {block_h} h; combustible necesario {fuel_l} l ({fuel_kg} kg), "
        "disponible {available_l} l (limitado por {limit}); carga máxima para esta distancia "
        "{max_payload}; alcance con esta carga {range_km} km",
    "from": "desde",
    "fuel l": "combustible l",
    "geodesic distance and bearing between two places": "distancia geodésica y rumbo entre dos lugares",
    "geometry": "geometría",
    "get drivable roads from OpenStreetMap (needs the osm extra)":
        "obtiene vías transitables de OpenStreetMap (requiere el extra osm)",
    "ha = hectares of coca on 31 December of the year. Where sources disagree, {not_used} marks the "
    "figure the map does not use. Full sources: --csv, or layers/coca_series.csv.":
        "ha = hectáreas de coca al 31 de diciembre del año. Donde las fuentes discrepan, {not_used} "
        "marca la cifra que el mapa no usa. Fuentes completas: --csv, o layers/coca_series.csv.",
    "initial bearing {deg}°": "rumbo inicial {deg}°",
    "interrupted": "interrumpido",
    "language of the messages (and of the map): en or es; default: the locale's, else English":
        "idioma de los mensajes (y del mapa): en o es; por omisión, el de la configuración regional, "
        "si no, inglés",
    "length_km": "longitud_km",
    "time_h": "tiempo_h",
    "list the article's corridors with their computed lengths and times":
        "lista los corredores del artículo con sus longitudes y tiempos calculados",
    "list the built-in layers": "lista las capas incorporadas",
    "low – high": "mín. – máx.",
    "means": "medio",
    "mode": "modo",
    "nearest": "más cercano",
    "no published Alto Huallaga figure for {year}; its share of the national total still uses {ha} "
    "ha from the scenario (another year)":
        "no hay cifra publicada del Alto Huallaga para {year}; su parte del total nacional sigue "
        "usando {ha} ha del escenario (otro año)",
    "no published figure found (left empty; not estimated here)":
        "no se encontró cifra publicada (se deja vacío; no se estima aquí)",
    "no published figure found (left empty; not estimated here) for any year":
        "no se encontró cifra publicada (se deja vacío; no se estima aquí) para ningún año",
    "nodata: {n} cells ({km2} km²), not counted": "sin datos: {n} celdas ({km2} km²), no contadas",
    "none": "ninguna",
    "not stated": "no indicadas",
    "of the length: road {road}%, schematic {schematic}%, access {access}%":
        "de la longitud: carretera {road} %, esquemática {schematic} %, acceso {access} %",
    "other places of that name (choose with \"NAME, COUNTRY\" or --country)":
        "otros lugares con ese nombre (elija con \"NOMBRE, PAÍS\" o --country)",
    "out of memory; try a smaller input": "memoria agotada; pruebe con una entrada más pequeña",
    "overlap: {first} and {second} share {km2} km² (given to {first})":
        "superposición: {first} y {second} comparten {km2} km² (asignados a {first})",
    "overlay": "superposición",
    "passages: {names}": "pasos: {names}",
    "payload {kg} kg, wind {kt} kt": "carga {kg} kg, viento {kt} kt",
    "phase": "fase",
    "plan a light-aircraft flight: time, fuel, payload–range":
        "planifica un vuelo de avioneta: tiempo, combustible, carga–alcance",
    "points": "puntos",
    "pop. {n}": "pobl. {n}",
    "ports: {ports}": "puertos: {ports}",
    "published coca hectares by zone and year (UNODC, DEVIDA), with sources":
        "hectáreas de coca publicadas por zona y año (UNODC, DEVIDA), con fuentes",
    "radius {km} km (limited by {limit})": "radio {km} km (limitado por {limit})",
    "reserve": "reserva",
    "resolve a place name, airport or port code, or a coordinate":
        "resuelve un nombre de lugar, un código de aeropuerto o de puerto, o una coordenada",
    "roads: {credit}": "carreteras: {credit}",
    "share": "proporción",
    "source": "fuente",
    "sources: points: {sources}": "fuentes: puntos: {sources}",
    "tanks": "tanques",
    "taxi": "rodaje",
    "the aircraft profiles and their sources": "los perfiles de aeronave y sus fuentes",
    "the article's sums (clans, flights, Palcazu, potential HCl) with ranges":
        "las cuentas del artículo (clanes, vuelos, Palcazu, HCl potencial) con rangos",
    "the feature limit must be at least 1, got {n}": "el límite de elementos debe ser al menos 1, no {n}",
    "time h": "tiempo h",
    "to": "hasta",
    "total input {total}; assigned {assigned}; unassigned {unassigned}":
        "total de entrada {total}; asignado {assigned}; sin asignar {unassigned}",
    "total": "total",
    "total: {km} km, {h} h ({mode})": "total: {km} km, {h} h ({mode})",
    "unexpected arguments after {layer}: {args}": "argumentos inesperados después de {layer}: {args}",
    "unit": "unidad",
    "use it with: {command}": "úselo con: {command}",
    "valid": "válido",
    "valid after repair": "válido tras la reparación",
    "value": "valor",
    "weight": "peso",
    "which points (airstrips) lie inside, near or far from areas, roads or borders":
        "qué puntos (pistas) están dentro, cerca o lejos de áreas, carreteras o fronteras",
    "write a layer or a route as KML/KMZ (Google Earth) or GeoPackage (QGIS), styled as on the map":
        "escribe una capa o una ruta como KML/KMZ (Google Earth) o GeoPackage (QGIS), con el estilo del mapa",
    "wrote {path}": "se escribió {path}",
    "wrote {path} ({n} bytes)": "se escribió {path} ({n} bytes)",
    "wrote {path} ({size} KiB, {what} at {dpi} dpi, offline)":
        "se escribió {path} ({size} KiB, {what} a {dpi} ppp, sin conexión)",
    "wrote {path}: {n} road lines ({source})": "se escribió {path}: {n} líneas de carretera ({source})",
    "zone": "zona",
    "{aircraft} cannot fly {a} → {b} nonstop: {reason}":
        "{aircraft} no puede volar {a} → {b} sin escalas: {reason}",
    "{a} and {b} are the same point ({lat},{lon}): give two places":
        "{a} y {b} son el mismo punto ({lat},{lon}): indique dos lugares",
    "{a} and {b} go together": "{a} y {b} van juntos",
    "{kg} kg payload": "{kg} kg de carga",
    "{name} ({code}, {km} km away)": "{name} ({code}, a {km} km)",
    "{n} points of coarse precision (e.g. district) are measured as distance ranges over their "
    "uncertainty circle; {m} of them span two classes ('uncertain'); --json or --csv lists the ranges":
        "{n} puntos de precisión gruesa (p. ej., distrito) se miden como rangos de distancia sobre su "
        "círculo de incertidumbre; {m} de ellos abarcan dos clases ('incierto'); --json o --csv "
        "lista los rangos",
    "{n} points of {points} against {m} features of {areas}":
        "{n} puntos de {points} frente a {m} elementos de {areas}",
    "{n} points of {points} against {m} land borders drawn from {areas}":
        "{n} puntos de {points} frente a {m} fronteras terrestres trazadas a partir de {areas}",
    "{options} apply to --mode {mode} only": "{options} solo se aplican con --mode {mode}",
    "{option} applies to --mode {mode} only": "{option} solo se aplica con --mode {mode}",
    "{option} must be 0 or more, got {value}": "{option} debe ser 0 o más, no {value}",
    "{option} must be a whole number, got {value}": "{option} debe ser un número entero, no {value}",
    "{option} must be positive, got {value}": "{option} debe ser positivo, no {value}",
    "{option} needs {other}": "{option} necesita {other}",
    "{option} {path}: {n} features, over the limit of {limit} for one map layer (a browser stalls on "
    "more); raise it with {raise_option} or {variable}, or filter/simplify the layer first":
        "{option} {path}: {n} elementos, por encima del límite de {limit} para una capa del mapa (un "
        "navegador se atasca con más); súbalo con {raise_option} o {variable}, o filtre/simplifique "
        "la capa antes",
    "{option} {value} names no layer; give one or more of: {names}":
        "{option} {value} no nombra ninguna capa; indique una o más de: {names}",
    "{option} {value}: HOURS must be a number, got {got}": "{option} {value}: HOURS debe ser un número, no {got}",
    "{option} {value}: HOURS must be more than 0": "{option} {value}: HOURS debe ser mayor que 0",
    "{option} {value}: expected a distance like 10km, 5nm or 3mi":
        "{option} {value}: se esperaba una distancia como 10km, 5nm o 3mi",
    "{option} {value}: expected {form}, e.g. {example}": "{option} {value}: se esperaba {form}, p. ej. {example}",
    "{path}: no such file": "{path}: no existe el archivo",
    "{path}: the map is written as .html, .png or .pdf, not {kind}":
        "{path}: el mapa se escribe como .html, .png o .pdf, no {kind}",
    "{prog}: internal error: {error} (set GEO_HUALLAGA_DEBUG=1 for a traceback and please report it)":
        "{prog}: error interno: {error} (defina GEO_HUALLAGA_DEBUG=1 para ver la traza y, por favor, "
        "infórmelo)",
    "{prog}: usage error: give a command (see {prog} --help)":
        "{prog}: error de uso: indique un comando (vea {prog} --help)",
    "{prog}: usage error: {message} (see --help)": "{prog}: error de uso: {message} (vea --help)",
    "{w} × {h} mm page": "página de {w} × {h} mm",
    "schematic": "esquemático",
    "user": "usuario",
    "coordinate": "coordenada",
    "truck (schematic section: road not in the source)":
        "camión (tramo esquemático: la carretera no está en los datos de origen)",
    "start of schematic section": "inicio del tramo esquemático",
    "end of schematic section": "fin del tramo esquemático",
    "road near {place}": "carretera cerca de {place}",
    # argparse's own words (geo_huallaga.cli._lang.ARGPARSE_WORDS)
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos posicionales",
    "show this help message and exit": "muestra esta ayuda y termina",
    "show program's version number and exit": "muestra la versión del programa y termina",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "the following arguments are required: %s": "se requieren los siguientes argumentos: %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
    "not allowed with argument %s": "no permitido con el argumento %s",
    "expected one argument": "se esperaba un argumento",
    "expected at most one argument": "se esperaba como máximo un argumento",
    "expected at least one argument": "se esperaba al menos un argumento",
    "ambiguous option: %(option)s could match %(matches)s":
        "opción ambigua: %(option)s podría ser %(matches)s",
    "invalid %(type)s value: %(value)r": "valor %(type)s no válido: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "opción no válida: %(value)r (elija entre %(choices)s)",
    "ignored explicit argument %r": "argumento explícito ignorado %r",
    "unexpected option string: %s": "opción inesperada: %s",
    'argument "-" with mode %r': 'argumento "-" con modo %r',
    "can't open '%(filename)s': %(error)s": "no se puede abrir '%(filename)s': %(error)s",
}

#: Plural messages: the three Spanish forms of CLDR (one; many: whole millions; other).
ES_PLURAL: dict[str, tuple[str, str, str]] = {
    "{n} feature": ("{n} elemento", "{n} de elementos", "{n} elementos"),
    "{options} applies to .png and .pdf output only": (
        "{options} solo se aplica a la salida .png y .pdf",
        "{options} solo se aplican a la salida .png y .pdf",
        "{options} solo se aplican a la salida .png y .pdf",
    ),
}


def main() -> None:
    """Write the table's translations into the .po file, keeping its other entries."""
    with PO.open("rb") as f:
        catalog = read_po(f)
    catalog.project = "geo_huallaga"
    catalog.version = "0.1.0"
    catalog.copyright_holder = "geo_huallaga developers"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "geo_huallaga developers"
    catalog.language_team = "Spanish <es@li.org>"
    catalog.creation_date = catalog.revision_date = HEADER_DATE
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple) and message.id[0] in ES_PLURAL:
            message.string = ES_PLURAL[message.id[0]]
            message.flags.discard("fuzzy")
        elif message.id in ES:
            message.string = ES[message.id]
            message.flags.discard("fuzzy")
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
    if missing:
        raise SystemExit("no Spanish for: " + "; ".join(map(str, missing)))


if __name__ == "__main__":
    main()
