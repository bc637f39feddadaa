"""Fill the Spanish catalogue (geo_huallaga/locale/es/LC_MESSAGES/geo_huallaga.po) from this table.

The .po file is the source a translator edits; this table is how it was first written. Run
``scripts/update_catalogues.sh`` after adding words to the code, then this script for the words
it lists, then the compile step again (``pybabel compile -d geo_huallaga/locale -D geo_huallaga``).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

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
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in ES:
            message.string = ES[message.id]
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
    if missing:
        raise SystemExit("no Spanish for: " + "; ".join(map(str, missing)))


if __name__ == "__main__":
    main()
