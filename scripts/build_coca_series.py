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
DEVIDA = "DEVIDA, Peru coca monitoring reports 2018-2024"

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
W_DEVIDA = "DEVIDA's report for that year, national total (page not recorded)"
W_DEVIDA_DEP = "DEVIDA's figures by department, 2018 and 2022 (page not recorded)"

NATIONAL = ("national", "Peru (national total)", "national")
AH = ("alto-huallaga", "Alto Huallaga", "zone")
VR = ("vraem", "VRAEM (Apurímac-Ene-Mantaro)", "zone")
LC = ("la-convencion-lares", "La Convención-Lares", "zone")

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
    (NATIONAL, 2018, 54134, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2019, 54655, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2020, 61777, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2021, 80681, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2022, 95008, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2023, 92784, "yes", DEVIDA, W_DEVIDA, ""),
    (NATIONAL, 2024, 89755, "yes", DEVIDA, W_DEVIDA, ""),
    (AH, 2004, 16900, "yes", U2005, W_2005, ""),
    (AH, 2005, 16000, "yes", U2005, W_2005, ""),
    (AH, 2008, 17848, "yes", U2008, W_INFO2008, ""),
    (AH, 2009, 17497, "yes", U2010, W_INFO2010, "'frente a las 17,497 que había en el 2009'"),
    (AH, 2010, 13025, "yes", U2010, W_2010, "−25.6 % on 2009 (Inforegión)"),
    (VR, 2004, 14700, "yes", U2005, W_2005, "published as Apurímac-Ene"),
    (VR, 2005, 15500, "yes", U2005, W_2005, "published as Apurímac-Ene"),
    (VR, 2008, 16719, "yes", U2008, W_INFO2008, "published as VRAE (Apurímac y Ene)"),
    (VR, 2009, 17486, "yes", U2010, W_INFO2010, "published as VRAE"),
    (VR, 2010, 19723, "yes", U2010, W_INFO2010, "published as VRAE; 32.2 % of the national total"),
    (VR, 2013, 19167, "yes", U2014, W_AFP2014, ""),
    (VR, 2014, 18845, "yes", U2014, W_AFP2014, ""),
    (VR, 2017, 20304, "yes", U2017, W_PR2017, "43 % of the national total"),
    (VR, 2022, 35106, "yes", DEVIDA, W_DEVIDA, "sources disagree: the map uses 35,106"),
    (VR, 2022, 35709, "no", "other published sources (not identified by name)", W_DEVIDA,
     "sources disagree: 35,709 kept for reference; the map uses 35,106"),
    (LC, 2004, 12700, "yes", U2005, W_2005, ""),
    (LC, 2005, 12500, "yes", U2005, W_2005, ""),
]

DEPARTMENTS = {
    "huanuco": ("Huánuco", 1371, 3887),
    "san-martin": ("San Martín", 831, 2524),
    "pasco": ("Pasco", 380, 2117),
    "ucayali": ("Ucayali", 2565, 14531),
}
for _id, (_name, _ha2018, _ha2022) in DEPARTMENTS.items():
    for _year, _ha in ((2018, _ha2018), (2022, _ha2022)):
        ROWS.append(((f"dep-{_id}", _name, "department"), _year, _ha, "yes", DEVIDA, W_DEVIDA_DEP, ""))

#: Published figures that are not hectares for a year, kept out of the ha column (for the record).
NOTES = (
    "aguaytia 2010: -3.8 % on 2009 (UNODC Monitoreo 2010, as quoted by Inforegión); no hectare base found",
    "aguaytia 2009: +73.7 % on 2008, the largest rise in the country (same source); no hectare base found",
    "pichis-palcazu-pachitea: 'more than 3,700 ha' (DEVIDA to Congress, undated); no year, so no row",
    "national 2000 and 2011: no figure found in the sources searched; left empty",
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
