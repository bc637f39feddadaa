"""Regenerate layers/coca_series.csv: published coca cultivation figures for Peru, by zone and year.

This table is the single editable source of the series; the CSV is written from it, the same
bytes every run. Rules:

* Only figures found in a published report, or in press coverage that quotes a report, with the
  report, and the page, table or web page where it was read. Nothing is interpolated: a year
  with no figure found has no row (``geo-huallaga series`` shows it as empty).
* Growth rates without a base are not hectares and are not rows (e.g. Aguaytía 2010, "−3.8 %",
  is in NOTES below, not in the ha column).
* Where sources disagree, both rows are kept; ``map`` = ``yes`` marks the one the built-in
  ``coca_zones`` layer and the map use.

Zone ids are the built-in ``coca_zones`` ids, plus ``national`` and Peru's departments
(``dep-<name>``) for DEVIDA's departmental figures. Run from the checkout's top::

    python scripts/build_coca_series.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geo_huallaga import layers

OUT = Path(__file__).resolve().parent.parent / "layers" / "coca_series.csv"

COLUMNS = ("zone_id", "zone_name", "kind", "year", "ha", "map", "report", "where", "note")

# Reports, cited once (the CSV repeats the short name on every row).
U2002 = "UNODC / Government of Peru, Peru Coca Survey for 2002 (March 2003)"
U2003 = "UNODC / Government of Peru, Peru Coca Cultivation Survey 2003 (June 2004)"
U2005 = "UNODC / Government of Peru, Peru Coca Cultivation Survey 2005 (June 2006)"
U2007 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2007 (2008)"
U2008 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2008 (June 2009)"
U2010 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2010 (June 2011)"
U2014 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2014 (July 2015)"
U2015 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2015 (July 2016)"
U2017 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2017 (December 2018)"

# Where each figure was read.
W_UNIS = "UN Information Service press release UNIS/NAR/796, 15 May 2003 (unis.unvienna.org)"
W_AP = "Associated Press, 15 May 2003 (mapinc.org/drugnews/v03/n718/a05): '114,160 acres in 2001'"
W_NCJRS = "abstract NCJ 206472 (ojp.gov NCJRS virtual library)"
W_2005 = "national and regional tables (page not recorded)"
W_NET360 = "report as quoted by net360.info, 'Una mala noticia: Perú segundo productor de cocaína'"
W_EFE2008 = "report as quoted by EFE (hoy.com.do, 'Perú produjo 36 % de cocaína mundial')"
W_INFO2008 = (
    "report as quoted by Inforegión (archivo.inforegion.pe, 'cultivos de coca ilegal se incrementaron ... 2008')"
)
W_INFO2010 = "report as quoted by Inforegión (archivo.inforegion.pe, 'Producción de coca ilegal se dispara en el VRAE')"
W_EMOL = "World Drug Report 2011 as quoted by Emol, 23 June 2011"
U2011 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2011 (September 2012)"
W_2011 = (
    "UNODC press release, 27 September 2012, 'Coca bush cultivation increases in Peru - coca monitoring "
    "survey for 2011' (unodc.org/unodc/en/frontpage/2012/September)"
)
W_2010 = "Resumen; the article quotes 13,025 ha and 61,200 ha (21.3 %)"
W_2014 = (
    "Foreword: '42,900 hectares ... 49,800 hectares recorded in 2013 ... since 2012 (60,400ha)' "
    "(derechos.org/nizkor copy)"
)
W_AFP2014 = "report as quoted by AFP in El Deber (eldeber.com.bo, 'Perú redujo en 14 % sus cultivos de coca en 2014')"
W_2015 = "Datos clave table: 'Área neta con cultivos de coca ... 42,900ha -6.1% 40,300ha' (derechos.org/nizkor copy)"
W_PR2017 = (
    "UNODC press release, Lima/Viena 21 December 2018, 'Perú reporta 49,900 hectáreas de cultivos de coca en 2017'"
)
U2009 = "UNODC / DEVIDA, Peru: Monitoreo de cultivos de coca 2009 (June 2010)"
W_INFO2009_AG = (
    "report as quoted by Inforegión (archivo.inforegion.pe, 'Aguaytía es la zona con mayor crecimiento de "
    "cultivos de hoja de coca')"
)
W_INFO2009 = (
    "report as quoted by Inforegión (archivo.inforegion.pe, 'Producción de cultivos de coca ilegal se "
    "incrementó en 6.8% en el 2009 en el país')"
)
DEVIDA_2019 = "DEVIDA, Monitoreo de cultivos de coca 2018-2019 (with CONIDA; UNODC methodological support)"
DEVIDA_2022 = "DEVIDA, Monitoreo de cultivos de coca 2022 (presented 26 June 2023)"
DEVIDA_2023 = "DEVIDA, Monitoreo de cultivos de coca 2023 (June 2024)"
DEVIDA_2024 = "DEVIDA / UNODC, Informe de monitoreo de cultivos de coca 2024 (July 2025)"
W_ANDINA2019 = (
    "report as quoted by Andina (andina.pe, 'Perú reporta 54,655 hectáreas de cultivos de hoja de coca en "
    "producción al 2019'): 'al registrarse 54,134 y 54,655 hectáreas, respectivamente'"
)
W_COMERCIO2022 = (
    "report as quoted by El Comercio, 30 June 2023 ('Los cultivos de hoja de coca en el Perú se "
    "incrementaron en 18%'; copy at lampadia.com): 'En 2020 ... 61.777 hectáreas. Para el 2021 ... 80.681'; "
    "'95.008 hectáreas'"
)
W_COMERCIO2022_DEP = (
    "El Comercio, 30 June 2023, table 'Información Devida' by department, 2018-2022 "
    "(elcomercio.pe, 'Los cultivos de hoja de coca en el Perú se incrementaron en 18%')"
)
W_INFO2023 = (
    "report as quoted by Inforegión (inforegion.pe, 'Devida reporta más de 92 000 hectáreas de cultivo de "
    "narcoca en el país'): 'en el 2022, se registraron 95 008 hectáreas ... descendió a 92 784'"
)
W_INFO2024 = (
    "report as quoted by Inforegión (inforegion.pe, 'Perú logra reducción de cultivos de coca con 3000 "
    "hectáreas menos') and DEVIDA's press note of 1 July 2025 (gob.pe): '89 755 hectáreas'"
)
W_VRAEM2022 = (
    "report as quoted by El Comercio, 30 June 2023 (copy at lampadia.com): 'Vraem ... concentrando el "
    "37,6% (35.106 hectáreas) del total'"
)

NATIONAL = ("national", "Peru (national total)", "national")
AH = ("alto-huallaga", "Alto Huallaga", "zone")
VR = ("vraem", "VRAEM (Apurímac-Ene-Mantaro)", "zone")
LC = ("la-convencion-lares", "La Convención-Lares", "zone")
PPP = ("pichis-palcazu-pachitea", "Pichis-Palcazú-Pachitea", "zone")
AG = ("aguaytia", "Aguaytía", "zone")

# (zone, year, ha, map, report, where, note)
ROWS: list[tuple[tuple[str, str, str], int, int, str, str, str, str]] = [
    (NATIONAL, 2001, 46200, "yes", U2002, W_AP,
     "converted: AP gives 114,160 acres (= 46,199.6 ha); UNODC's own hectare figure for 2001 was not found"),
    (NATIONAL, 2002, 46700, "yes", U2002, W_UNIS, ""),
    (NATIONAL, 2003, 44200, "yes", U2003, W_NCJRS, ""),
    (NATIONAL, 2004, 50300, "yes", U2005, W_2005, ""),
    (NATIONAL, 2005, 48200, "yes", U2005, W_2005, ""),
    (NATIONAL, 2006, 51400, "yes", U2007, W_NET360, "'De 51,400 pasó a 53,700'"),
    (NATIONAL, 2007, 53700, "yes", U2007, W_NET360, ""),
    (NATIONAL, 2008, 56100, "yes", U2008, W_EFE2008, "'56,100 hectáreas ... 4,5 por ciento más'"),
    (NATIONAL, 2009, 59900, "yes", U2010, W_EMOL, "'61.200 hectáreas, un 2% más que en 2009 (59.900 hectáreas)'"),
    (NATIONAL, 2010, 61200, "yes", U2010, W_2010, ""),
    (NATIONAL, 2011, 62500, "yes", U2011, W_2011,
     "new methodology (area on 31 December 2011); the same release gives +5.2 % on 2010, i.e. 64,400 ha by the "
     "old one"),
    (NATIONAL, 2012, 60400, "yes", U2014, W_2014, ""),
    (NATIONAL, 2013, 49800, "yes", U2014, W_2014, ""),
    (NATIONAL, 2014, 42900, "yes", U2014, W_2014, ""),
    (NATIONAL, 2015, 40300, "yes", U2015, W_2015, ""),
    (NATIONAL, 2016, 43900, "yes", U2017, W_PR2017,
     "derived from the same sentence: 49,900 ha is '6,000 hectáreas más que el año anterior'"),
    (NATIONAL, 2017, 49900, "yes", U2017, W_PR2017, ""),
    (NATIONAL, 2018, 54134, "yes", DEVIDA_2019, W_ANDINA2019, ""),
    (NATIONAL, 2019, 54655, "yes", DEVIDA_2019, W_ANDINA2019, ""),
    (NATIONAL, 2020, 61777, "yes", DEVIDA_2022, W_COMERCIO2022, ""),
    (NATIONAL, 2021, 80681, "yes", DEVIDA_2022, W_COMERCIO2022, ""),
    (NATIONAL, 2022, 95008, "yes", DEVIDA_2022, W_COMERCIO2022, ""),
    (NATIONAL, 2023, 92784, "yes", DEVIDA_2023, W_INFO2023, ""),
    (NATIONAL, 2024, 89755, "yes", DEVIDA_2024, W_INFO2024, ""),
    (AH, 2004, 16900, "yes", U2005, W_2005, ""),
    (AH, 2005, 16000, "yes", U2005, W_2005, ""),
    (AH, 2008, 17848, "yes", U2008, W_INFO2008, ""),
    (AH, 2009, 17497, "yes", U2010, W_INFO2010,
     "'frente a las 17,497 que había en el 2009'; the 2009 report gives the same (Inforegión: 'con una "
     "producción de 17,497 hectáreas', 2 % less than 2008)"),
    (AH, 2010, 13025, "yes", U2010, W_2010, "−25.6 % on 2009 (Inforegión)"),
    (VR, 2004, 14700, "yes", U2005, W_2005, "published as Apurímac-Ene"),
    (VR, 2005, 15500, "yes", U2005, W_2005, "published as Apurímac-Ene"),
    (VR, 2008, 16719, "yes", U2008, W_INFO2008, "published as VRAE (Apurímac y Ene)"),
    (VR, 2009, 17486, "yes", U2010, W_INFO2010, "published as VRAE"),
    (VR, 2010, 19723, "yes", U2010, W_INFO2010, "published as VRAE; 32.2 % of the national total"),
    (VR, 2013, 19167, "yes", U2014, W_AFP2014, ""),
    (VR, 2014, 18845, "yes", U2014, W_AFP2014, ""),
    (VR, 2017, 20304, "yes", U2017, W_PR2017, "43 % of the national total"),
    (VR, 2022, 35106, "yes", DEVIDA_2022, W_VRAEM2022,
     "sources disagree: the map uses 35,106; note that the 37.6 % El Comercio prints beside it matches "
     "35,709 / 95,008 (37.58 %), not 35,106 / 95,008 (36.95 %)"),
    (VR, 2022, 35709, "no", "other published sources (not identified by name)",
     "figure carried from the project's earlier fact sheet; its publication was not found in the sources searched",
     "sources disagree: 35,709 kept for reference; the map uses 35,106"),
    (LC, 2004, 12700, "yes", U2005, W_2005, ""),
    (LC, 2005, 12500, "yes", U2005, W_2005, ""),
    (LC, 2009, 13174, "yes", U2009, W_INFO2009, "'La Convención y Lares, con 13,174 hectáreas' (+0.8 % on 2008)"),
    (PPP, 2008, 1378, "yes", U2009, W_INFO2009_AG,
     "'de 1,378 hectáreas en 2008 a 2,091 en 2009' (+51.7 %); published as Pichis-Pachitea-Palcazú"),
    (PPP, 2009, 2091, "yes", U2009, W_INFO2009_AG, "'de 1,378 hectáreas en 2008 a 2,091 en 2009' (+51.7 %)"),
    (AG, 2008, 1677, "yes", U2009, W_INFO2009_AG, "'un paso de 1,677 a 2,913 hectáreas' (+73.7 %)"),
    (AG, 2009, 2913, "yes", U2009, W_INFO2009_AG, "'un paso de 1,677 a 2,913 hectáreas' (+73.7 %)"),
]

#: DEVIDA by department, 2018-2022 (El Comercio's table, ha; "1.371" there is 1,371). The 13
#: departments sum to the national totals within rounding (2018: 54,133 vs 54,134; 2022: 95,006 vs 95,008).
DEPARTMENTS = {
    "ayacucho": ("Ayacucho", (14304, 15813, 17786, 18590, 18469)),
    "cusco": ("Cusco", (16245, 15611, 13707, 13642, 16009)),
    "ucayali": ("Ucayali", (2565, 1735, 3822, 10151, 14531)),
    "loreto": ("Loreto", (5072, 5008, 6328, 10348, 13844)),
    "puno": ("Puno", (7205, 7107, 8730, 10670, 11347)),
    "junin": ("Junín", (3971, 4454, 4882, 6701, 8063)),
    "huanuco": ("Huánuco", (1371, 1149, 1936, 3221, 3887)),
    "san-martin": ("San Martín", (831, 832, 1116, 2046, 2524)),
    "pasco": ("Pasco", (380, 714, 1153, 1835, 2117)),
    "amazonas": ("Amazonas", (642, 652, 656, 1564, 1642)),
    "la-libertad": ("La Libertad", (1131, 1150, 1205, 1193, 1128)),
    "madre-de-dios": ("Madre de Dios", (36, 42, 57, 315, 1013)),
    "cajamarca": ("Cajamarca", (380, 388, 398, 406, 432)),
}
for _id, (_name, _values) in DEPARTMENTS.items():
    for _year, _ha in zip(range(2018, 2023), _values, strict=True):
        ROWS.append(((f"dep-{_id}", _name, "department"), _year, _ha, "yes", DEVIDA_2022, W_COMERCIO2022_DEP, ""))

#: Published figures that are not hectares for a year, kept out of the ha column (for the record).
NOTES = (
    "aguaytia 2010: -3.8 % on 2009 (UNODC Monitoreo 2010, as quoted by Inforegión); not turned into hectares",
    "pichis-palcazu-pachitea: 'more than 3,700 ha' (DEVIDA to Congress, undated); no year, so no row",
    "vraem 2024: '-5 %', 'una disminución de 1908 hectáreas' (DEVIDA press note, 1 July 2025); no base given",
    "vraem 2018-2019: growth rates only (+11.2 %, +7.9 %; Andina); only the southern sector's hectares "
    "(2,270 and 1,947) were given",
    "Correo via net360 (undated, total 48,200 ha as in 2005): VRAE 15,530, La Convención 12,503, Huallaga "
    "11,230 'según registros oficiales de Devida'; no year stated and 'Huallaga' is not UNODC's Alto Huallaga, "
    "so no rows",
    "national 2000: UNODC's figure (about 43,400 ha) was not found in any source text searched; left empty",
)


def render() -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    first_seen: dict[str, int] = {}
    for row in ROWS:
        first_seen.setdefault(row[0][0], len(first_seen))
    for (zone_id, name, kind), year, ha, used, report, where, note in sorted(
        ROWS, key=lambda r: (first_seen[r[0][0]], r[1], r[3] != "yes")
    ):
        writer.writerow((zone_id, name, kind, year, ha, used, report, where, note))
    return buf.getvalue()


def main() -> None:
    with layers.atomic_write(OUT, builtin_ok=True) as tmp:
        tmp.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
