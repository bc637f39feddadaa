"""Layers out of the toolkit: KML/KMZ for Google Earth, GeoPackage with QGIS styles.

Every exported feature keeps its name, a description (its properties as a small table,
with the source last) and the colours it has on the map. The colours are not kept in a
table of their own: :func:`map_styles` asks :func:`geo_huallaga.maps.build_map` to draw the
layer and reads the styles the page would use, so the map stays the one source of truth.

- ``.kml``: KML 2.2 written here, escaped as XML requires, one ``<Style>`` per map style.
- ``.kmz``: the same ``doc.kml`` zipped with a fixed timestamp (same input, same bytes).
- ``.gpkg``: the layer written by GDAL, plus the ``layer_styles`` table that QGIS reads
  (a QML and an SLD style per layer, registered in ``gpkg_contents``), so QGIS opens it styled.

Examples
--------
>>> import tempfile, pathlib
>>> from geo_huallaga import export
>>> out = pathlib.Path(tempfile.mkdtemp()) / "airstrips.kml"
>>> export.export_layer("airstrips", out).name
'airstrips.kml'
>>> "<name>Iscozacín aerodrome</name>" in out.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import html
import io
import json
import math
import os
import sqlite3
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from geo_huallaga.errors import LayerValidationError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["FORMATS", "ExportStyle", "export", "export_layer", "map_styles", "to_kml"]

#: Output formats by extension.
FORMATS: tuple[str, ...] = (".kml", ".kmz", ".gpkg")

# Leaflet.awesome-markers draws its markers from a sprite; these are the sprite's colours
# for the marker colour names the map uses, measured on the vendored markers-soft.png.
_MARKER_HEX: dict[str, str] = {
    "blue": "#38aadd", "darkblue": "#0067a3", "red": "#d63e2a", "darkred": "#a23336",
    "green": "#72b026", "darkgreen": "#728224", "orange": "#f69730", "purple": "#d252b9",
    "darkpurple": "#5b396b", "cadetblue": "#436978", "gray": "#575757", "black": "#303030",
}
_KML_NS = "http://www.opengis.net/kml/2.2"
# Fixed date for the zip entry: the same input gives the same KMZ bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ExportStyle:
    """One map style, in the terms KML and QGIS share.

    Parameters
    ----------
    stroke : str
        Line or outline colour, ``#rrggbb``.
    stroke_opacity : float
        0–1.
    width_px : float
        Line width in screen pixels.
    fill : str
        Fill colour, ``#rrggbb`` (points: the marker's colour).
    fill_opacity : float
        0–1.
    dashed : bool
        Drawn dashed on the map.

    Examples
    --------
    >>> ExportStyle("#8c510a", 0.85, 4.0, "#8c510a", 0.35).kml_color("#8c510a", 0.85)
    'd90a518c'
    """

    stroke: str
    stroke_opacity: float
    width_px: float
    fill: str
    fill_opacity: float
    dashed: bool = False

    @staticmethod
    def kml_color(hex_rgb: str, opacity: float) -> str:
        """``#rrggbb`` and an opacity as KML's ``aabbggrr``."""
        r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
        return f"{round(opacity * 255):02x}{b}{g}{r}".lower()

    @staticmethod
    def qgis_color(hex_rgb: str, opacity: float) -> str:
        """``#rrggbb`` and an opacity as QGIS's ``r,g,b,a``."""
        r, g, b = (int(hex_rgb[i:i + 2], 16) for i in (1, 3, 5))
        return f"{r},{g},{b},{round(opacity * 255)}"


@dataclass(frozen=True)
class _Classes:
    """A choropleth as the map colours it: *column* ≤ ``breaks[k]`` gets ``colors[k]``."""

    column: str
    breaks: tuple[float, ...]
    colors: tuple[str, ...]
    nodata: str

    def colour_of(self, value: Any) -> str:
        """Return the fill the map's page gives *value* (its ``colorFor``)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.nodata
        k = next((k for k, b in enumerate(self.breaks) if value <= b), len(self.colors) - 1)
        return self.colors[min(k, len(self.colors) - 1)]

    def ranges(self) -> list[tuple[float | None, float | None, str]]:
        """Return ``(lower, upper, colour)`` per class: lower exclusive, upper inclusive."""
        last = len(self.colors) - 1
        out: list[tuple[float | None, float | None, str]] = [
            (self.breaks[k - 1] if k else None, b, self.colors[min(k, last)]) for k, b in enumerate(self.breaks)
        ]
        out.append((self.breaks[-1] if self.breaks else None, None, self.colors[last]))
        return out


@dataclass(frozen=True)
class _Styled:
    """A layer's styles as the map draws it: a category column and a style per value."""

    name: str
    cat: str | None
    styles: dict[str, ExportStyle]
    fills: list[str] | None = None  # per-feature fill (choropleth), else None
    classes: _Classes | None = None

    def key_of(self, row: Mapping[str, Any], i: int) -> str:
        """Return the map's style key for the feature (a category value, or ``*``)."""
        value = row.get(self.cat) if self.cat else None
        return str(value) if value is not None and str(value) in self.styles else "*"

    def style_id(self, group: int, row: Mapping[str, Any], i: int) -> str:
        """Return an XML-safe style id: ``g<group>-c<feature>`` (choropleth) or ``g<group>-s<n>``."""
        if self.fills is not None:
            return f"g{group}-c{i}"
        return f"g{group}-s{list(self.styles).index(self.key_of(row, i))}"

    def style_of(self, row: Mapping[str, Any], i: int) -> ExportStyle:
        base = self.styles[self.key_of(row, i)] if self.fills is None else self.styles["*"]
        if self.fills is not None:
            return ExportStyle(base.stroke, base.stroke_opacity, base.width_px, self.fills[i],
                               base.fill_opacity, base.dashed)
        return base


def _hex(color: str) -> str:
    color = _MARKER_HEX.get(color, color)
    if not (color.startswith("#") and len(color) == 7):
        raise LayerValidationError(f"map colour {color!r} is not #rrggbb")
    return color.lower()


def _from_leaflet(opts: Mapping[str, Any]) -> ExportStyle:
    if opts.get("shape") == "marker":
        c = _hex(str(opts.get("markerColor", "blue")))
        return ExportStyle(c, 1.0, 1.0, c, 1.0)
    return ExportStyle(
        stroke=_hex(str(opts.get("color", "#3366cc"))),
        stroke_opacity=float(opts.get("opacity", 1.0)),
        width_px=float(opts.get("weight", 1.0)),
        fill=_hex(str(opts.get("fillColor", opts.get("color", "#3366cc")))),
        fill_opacity=float(opts.get("fillOpacity", 0.35)),
        dashed=bool(opts.get("dashArray")),
    )


def _payloads(m: Any) -> list[dict[str, Any]]:
    """Return the JSON payloads of the map's data layers, in drawing order."""
    found: list[dict[str, Any]] = []

    def walk(el: Any) -> None:
        payload = getattr(el, "payload", None)
        if isinstance(payload, str):
            found.append(json.loads(payload))
        for child in getattr(el, "_children", {}).values():
            walk(child)

    walk(m)
    return found


def _choropleth(spec: Mapping[str, Any]) -> _Classes | None:
    ch = spec.get("choropleth")
    if not ch or ch.get("year") not in ch.get("cols", {}):
        return None
    return _Classes(spec["keys"][ch["cols"][ch["year"]]], tuple(float(b) for b in ch["breaks"]),
                    tuple(_hex(c) for c in ch["colors"]), _hex(ch["nodata"]))


def map_styles(gdf: gpd.GeoDataFrame, *, key: str | None = None, name: str | None = None) -> list[_Styled]:
    """Return the styles :func:`geo_huallaga.maps.build_map` draws *gdf* with.

    *key* is the map's layer key (``places``, ``corridors``, ``reach`` …); without one, or
    for a key the map does not draw, the layer is styled as a user layer (``--add``), named
    *name*.
    Corridors give one entry per mode drawn (land, sea, air), in the map's order.

    Examples
    --------
    >>> from geo_huallaga import layers
    >>> [s.styles["*"].stroke for s in map_styles(layers.load("roads"), key="roads")]
    ['#999999']
    """
    from geo_huallaga import maps
    from geo_huallaga.errors import MapBuildError

    if key == "corridors" and "mode" in gdf.columns:
        m = maps.build_map({"corridors": gdf}, layers=["corridors"], route_corridors=False)
    elif key is not None and key in (*maps.BUILTIN_LAYERS, "reach"):
        try:
            m = maps.build_map({key: gdf}, layers=[key])
        except MapBuildError:
            m = None
    else:
        m = None
    if m is None:
        m = maps.build_map(layers=[])
        maps.add_layer(m, gdf, name=name)
    out = []
    for spec in _payloads(m):
        keys = spec["keys"]
        cat = keys[spec["cat"]] if spec.get("cat") is not None else None
        styles = {k: _from_leaflet(v) for k, v in spec["styles"].items()}
        if "*" not in styles:
            styles["*"] = next(iter(styles.values()))
        classes = _choropleth(spec)
        fills = None
        if classes is not None:
            col = spec["keys"].index(classes.column)
            fills = [classes.colour_of(row[col]) for row in spec["rows"]]
        out.append(_Styled(spec["name"], cat, styles, fills, classes))
    return out


# ------------------------------------------------------------------------------- KML


def _coords(xy: Sequence[Sequence[float]]) -> str:
    return " ".join(f"{x:.6f},{y:.6f}".replace(".000000", "") for x, y in xy)


def _kml_geometry(geom: Any) -> str:
    t = geom.geom_type
    if t == "Point":
        return f"<Point><coordinates>{_coords([(geom.x, geom.y)])}</coordinates></Point>"
    if t == "LineString":
        coords = _coords(geom.coords)
        return f"<LineString><tessellate>1</tessellate><coordinates>{coords}</coordinates></LineString>"
    if t == "Polygon":
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_coords(r.coords)}</coordinates></LinearRing></innerBoundaryIs>"
            for r in geom.interiors
        )
        return (f"<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>"
                f"{_coords(geom.exterior.coords)}</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon>")
    if t.startswith("Multi") or t == "GeometryCollection":
        return "<MultiGeometry>" + "".join(_kml_geometry(g) for g in geom.geoms) + "</MultiGeometry>"
    raise LayerValidationError(f"cannot write a {t} to KML")


def _kml_style(sid: str, st: ExportStyle) -> str:
    return (
        f"<Style id={quoteattr(sid)}>"
        f"<IconStyle><color>{st.kml_color(st.fill, 1.0)}</color><scale>0.8</scale>"
        "<Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle>"
        f"<LineStyle><color>{st.kml_color(st.stroke, st.stroke_opacity)}</color>"
        f"<width>{st.width_px:g}</width></LineStyle>"
        f"<PolyStyle><color>{st.kml_color(st.fill, st.fill_opacity)}</color></PolyStyle>"
        "</Style>"
    )


def _text(value: Any) -> str | None:
    """Return a property value as display text, or None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    text = str(value)
    return text or None


def feature_name(row: Mapping[str, Any], i: int) -> str:
    """Return a feature's name: ``name``, else ``from → to``, else ``id``, else ``feature N``.

    Examples
    --------
    >>> feature_name({"from": "Tingo María", "to": "Paita"}, 0)
    'Tingo María → Paita'
    """
    for col in ("name", "label", "title"):
        if _text(row.get(col)):
            return str(row[col])
    if _text(row.get("from")) and _text(row.get("to")):
        return f"{row['from']} → {row['to']}"
    if _text(row.get("id")):
        return str(row["id"])
    return f"feature {i + 1}"


def _description(row: Mapping[str, Any]) -> str:
    """Return the feature's properties as an HTML table (values HTML-escaped), the source last."""
    cells = []
    for k, v in row.items():
        if k in ("name", "source") or k.startswith("_"):
            continue
        text = _text(v)
        if text is not None:
            cells.append(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(text)}</td></tr>")
    out = f"<table>{''.join(cells)}</table>" if cells else ""
    if _text(row.get("source")):
        out += f"<p>Source: {html.escape(str(row['source']))}</p>"
    return out


def _rows(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    props = gdf.drop(columns=gdf.geometry.name)
    return [dict(zip(props.columns, r, strict=True)) for r in props.itertuples(index=False, name=None)]


def to_kml(gdf: gpd.GeoDataFrame, *, name: str, key: str | None = None) -> str:
    """Return *gdf* as a KML 2.2 document styled as on the map.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> g = gpd.GeoDataFrame({"name": ["A & <B>"]}, geometry=[Point(-76, -9.3)], crs=4326)
    >>> "<name>A &amp; &lt;B&gt;</name>" in to_kml(g, name="test")
    True
    """
    gdf = _in_wgs84(gdf)
    styled = map_styles(gdf, key=key, name=name)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', f'<kml xmlns="{_KML_NS}"><Document>',
             f"<name>{escape(name)}</name>"]
    sources = sorted({str(s) for s in gdf.get("source", []) if _text(s)})
    if sources:
        parts.append(f"<description>{escape('Sources: ' + '; '.join(sources))}</description>")
    groups = _groups(gdf, styled)
    for gi, (st, _idx) in enumerate(groups):
        if st.fills is None:
            parts += [_kml_style(f"g{gi}-s{n}", s) for n, s in enumerate(st.styles.values())]
        else:
            parts += [_kml_style(f"g{gi}-c{i}", st.style_of({}, i)) for i in range(len(st.fills))]
    rows = _rows(gdf)
    geoms = list(gdf.geometry)
    for gi, (st, idx) in enumerate(groups):
        parts.append(f"<Folder><name>{escape(st.name)}</name>")
        for j, i in enumerate(idx):
            row, geom = rows[i], geoms[i]
            if geom is None or geom.is_empty:
                continue
            data = "".join(
                f"<Data name={quoteattr(str(k))}><value>{escape(t)}</value></Data>"
                for k, v in row.items() if not str(k).startswith("_") and (t := _text_raw(v)) is not None
            )
            parts.append(
                "<Placemark>"
                f"<name>{escape(feature_name(row, i))}</name>"
                f"<description>{escape(_description(row))}</description>"
                f"<styleUrl>#{st.style_id(gi, row, j)}</styleUrl>"
                f"<ExtendedData>{data}</ExtendedData>"
                f"{_kml_geometry(geom)}</Placemark>"
            )
        parts.append("</Folder>")
    parts.append("</Document></kml>")
    return "\n".join(parts) + "\n"


def _text_raw(value: Any) -> str | None:
    """Return a value as plain text for ExtendedData (no thousands separators)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _groups(gdf: gpd.GeoDataFrame, styled: list[_Styled]) -> list[tuple[_Styled, list[int]]]:
    """Features per map layer: corridors split by mode, as the map splits them."""
    if len(styled) > 1 and "mode" in gdf.columns:
        order = ("land", "sea", "air")
        modes = [m for m in order if (gdf["mode"] == m).any()]
        return [(s, [i for i, v in enumerate(gdf["mode"]) if v == mode])
                for s, mode in zip(styled, modes, strict=False)]
    return [(styled[0], list(range(len(gdf))))]


def _in_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        raise LayerValidationError("the layer has no CRS; set it (EPSG:4326?)")
    return gdf if gdf.crs.equals("EPSG:4326") else gdf.to_crs(4326)


def kmz_bytes(kml: str) -> bytes:
    """Zip a KML document as ``doc.kml`` with a fixed timestamp (same input, same bytes).

    Examples
    --------
    >>> kmz_bytes("<kml/>") == kmz_bytes("<kml/>")
    True
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("doc.kml", date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3
        zf.writestr(info, kml.encode("utf-8"))
    return buf.getvalue()


# ------------------------------------------------------------------------------ GPKG


def _qml(st: _Styled, geom_type: str) -> str:
    """Return a QGIS QML style: the map's classes (rules), categories, or a single symbol."""
    kind = {"Point": "marker", "LineString": "line", "Polygon": "fill"}[geom_type]

    def symbol(sid: str, s: ExportStyle) -> str:
        if kind == "marker":
            layer = (f'<layer class="SimpleMarker" enabled="1" locked="0" pass="0">'
                     f'<prop k="color" v="{s.qgis_color(s.fill, s.fill_opacity if s.fill_opacity > 0 else 1)}"/>'
                     f'<prop k="outline_color" v="{s.qgis_color(s.stroke, s.stroke_opacity)}"/>'
                     '<prop k="size" v="2.6"/><prop k="name" v="circle"/>'
                     "</layer>")
        elif kind == "line":
            layer = (f'<layer class="SimpleLine" enabled="1" locked="0" pass="0">'
                     f'<prop k="line_color" v="{s.qgis_color(s.stroke, s.stroke_opacity)}"/>'
                     f'<prop k="line_width" v="{s.width_px * 0.26:.2f}"/>'
                     f'<prop k="line_style" v="{"dash" if s.dashed else "solid"}"/>'
                     "</layer>")
        else:
            layer = (f'<layer class="SimpleFill" enabled="1" locked="0" pass="0">'
                     f'<prop k="color" v="{s.qgis_color(s.fill, s.fill_opacity)}"/>'
                     f'<prop k="outline_color" v="{s.qgis_color(s.stroke, s.stroke_opacity)}"/>'
                     f'<prop k="outline_width" v="{s.width_px * 0.26:.2f}"/>'
                     f'<prop k="outline_style" v="{"dash" if s.dashed else "solid"}"/>'
                     "</layer>")
        return f'<symbol name="{sid}" type="{kind}" alpha="1">{layer}</symbol>'

    base = st.styles["*"]
    if st.classes is not None:
        cl = st.classes
        col = '"' + cl.column.replace('"', '""') + '"'
        rules = [(f"{col} IS NULL", f"no figure ({cl.column})", cl.nodata)]
        for lower, upper, colour in cl.ranges():
            terms = ([f"{col} > {lower:g}"] if lower is not None else []) + (
                [f"{col} <= {upper:g}"] if upper is not None else [])
            label = (f"{lower:,.0f}–{upper:,.0f}" if lower is not None and upper is not None
                     else f"≤ {upper:,.0f}" if upper is not None else f"> {lower:,.0f}")
            rules.append((" AND ".join(terms), label, colour))
        xml_rules = "".join(f'<rule key="r{i}" filter={quoteattr(f)} symbol="{i}" label={quoteattr(lab)}/>'
                            for i, (f, lab, _) in enumerate(rules))
        syms = "".join(symbol(str(i), ExportStyle(base.stroke, base.stroke_opacity, base.width_px, colour,
                                                  base.fill_opacity, base.dashed))
                       for i, (_, _, colour) in enumerate(rules))
        renderer = (f'<renderer-v2 type="RuleRenderer"><rules key="root">{xml_rules}</rules>'
                    f"<symbols>{syms}</symbols></renderer-v2>")
    elif st.cat and len(st.styles) > 1:
        keys = [k for k in st.styles if k != "*"]
        cats = "".join(f'<category symbol="{i}" value={quoteattr(k)} label={quoteattr(k)} render="true"/>'
                       for i, k in enumerate(keys))
        cats += f'<category symbol="{len(keys)}" value="" label="other" render="true"/>'
        syms = "".join(symbol(str(i), st.styles[k]) for i, k in enumerate([*keys, "*"]))
        renderer = (f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(st.cat)}>'
                    f"<categories>{cats}</categories><symbols>{syms}</symbols></renderer-v2>")
    else:
        renderer = f'<renderer-v2 type="singleSymbol"><symbols>{symbol("0", st.styles["*"])}</symbols></renderer-v2>'
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="3.22.16" styleCategories="Symbology">{renderer}</qgis>\n')


def _sld(st: _Styled, layer: str, geom_type: str) -> str:
    """Return an OGC SLD 1.1 style with the same colours as the QML."""

    def symbolizer(s: ExportStyle) -> str:
        stroke = (f'<se:Stroke><se:SvgParameter name="stroke">{s.stroke}</se:SvgParameter>'
                  f'<se:SvgParameter name="stroke-opacity">{s.stroke_opacity:g}</se:SvgParameter>'
                  f'<se:SvgParameter name="stroke-width">{s.width_px:g}</se:SvgParameter></se:Stroke>')
        fill = (f'<se:Fill><se:SvgParameter name="fill">{s.fill}</se:SvgParameter>'
                f'<se:SvgParameter name="fill-opacity">{s.fill_opacity:g}</se:SvgParameter></se:Fill>')
        if geom_type == "Point":
            return (f"<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName>"
                    f"{fill}{stroke}</se:Mark><se:Size>7</se:Size></se:Graphic></se:PointSymbolizer>")
        if geom_type == "LineString":
            return f"<se:LineSymbolizer>{stroke}</se:LineSymbolizer>"
        return f"<se:PolygonSymbolizer>{fill}{stroke}</se:PolygonSymbolizer>"

    rules = []
    base = st.styles["*"]
    if st.classes is not None:
        cl = st.classes
        prop = f"<ogc:PropertyName>{escape(cl.column)}</ogc:PropertyName>"
        ogc = 'xmlns:ogc="http://www.opengis.net/ogc"'
        classes = [(f"<ogc:PropertyIsNull>{prop}</ogc:PropertyIsNull>", "no figure", cl.nodata)]
        for lower, upper, colour in cl.ranges():
            terms = ([f"<ogc:PropertyIsGreaterThan>{prop}<ogc:Literal>{lower:g}</ogc:Literal>"
                      "</ogc:PropertyIsGreaterThan>"] if lower is not None else []) + (
                [f"<ogc:PropertyIsLessThanOrEqualTo>{prop}<ogc:Literal>{upper:g}</ogc:Literal>"
                 "</ogc:PropertyIsLessThanOrEqualTo>"] if upper is not None else [])
            cond = terms[0] if len(terms) == 1 else f"<ogc:And>{''.join(terms)}</ogc:And>"
            classes.append((cond, f"{lower if lower is not None else ''}–{upper if upper is not None else ''}", colour))
        for cond, label, colour in classes:
            sym = symbolizer(ExportStyle(base.stroke, base.stroke_opacity, base.width_px, colour,
                                         base.fill_opacity, base.dashed))
            rules.append(f"<se:Rule><se:Name>{escape(label)}</se:Name><ogc:Filter {ogc}>{cond}</ogc:Filter>"
                         f"{sym}</se:Rule>")
    elif st.cat and len(st.styles) > 1:
        for k, s in st.styles.items():
            if k == "*":
                continue
            flt = (f'<ogc:Filter xmlns:ogc="http://www.opengis.net/ogc"><ogc:PropertyIsEqualTo>'
                   f"<ogc:PropertyName>{escape(st.cat)}</ogc:PropertyName><ogc:Literal>{escape(k)}</ogc:Literal>"
                   "</ogc:PropertyIsEqualTo></ogc:Filter>")
            rules.append(f"<se:Rule><se:Name>{escape(k)}</se:Name>{flt}{symbolizer(s)}</se:Rule>")
    else:
        rules.append(f"<se:Rule><se:Name>{escape(layer)}</se:Name>{symbolizer(st.styles['*'])}</se:Rule>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:se="http://www.opengis.net/se" '
            'version="1.1.0"><NamedLayer>'
            f"<se:Name>{escape(layer)}</se:Name><UserStyle><se:Name>{escape(layer)}</se:Name>"
            f"<se:FeatureTypeStyle>{''.join(rules)}</se:FeatureTypeStyle></UserStyle></NamedLayer>"
            "</StyledLayerDescriptor>\n")


_LAYER_STYLES_SQL = """
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))
"""
_FIXED_TIME = "2000-01-01T00:00:00.000Z"


def _family(gdf: gpd.GeoDataFrame) -> str:
    types = {t.replace("Multi", "") for t in gdf.geometry.geom_type.dropna().unique()}
    if len(types) != 1 or not types <= {"Point", "LineString", "Polygon"}:
        raise LayerValidationError(
            f"a GeoPackage layer holds one geometry type; this layer has {', '.join(sorted(types)) or 'none'}"
        )
    return types.pop()


def _write_gpkg(gdf: gpd.GeoDataFrame, tmp: Path, *, layer: str, key: str | None) -> None:
    from geo_huallaga.layers import _write_ogr

    geom_type = _family(gdf)
    styled = map_styles(gdf, key=key, name=layer)
    st = styled[0]
    if len(styled) > 1:  # corridors: one categorised style by mode, as the map's layers
        st = _Styled(layer, "mode", {**{m: s.styles["*"] for m, s in zip(
            [m for m in ("land", "sea", "air") if (gdf["mode"] == m).any()], styled, strict=False)},
            "*": styled[0].styles["*"]})
    tmp.unlink(missing_ok=True)
    # GeoPackage 1.2: what QGIS 3.22's GDAL 3.6 (Debian bookworm) reads without a warning
    _write_ogr(gdf.drop(columns=[c for c in gdf.columns if str(c).startswith("_")]), tmp, driver="GPKG",
               layer=layer, dataset_options={"VERSION": "1.2"})
    con = sqlite3.connect(tmp)
    try:
        geom_col = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                               (layer,)).fetchone()[0]
        con.execute(_LAYER_STYLES_SQL)
        con.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
            "VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, '', NULL, ?)",
            (layer, geom_col, layer, _qml(st, geom_type), _sld(st, layer, geom_type),
             "colours as on the geo-huallaga map", _FIXED_TIME),
        )
        con.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles', '', ?)", (_FIXED_TIME,)
        )
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


# ---------------------------------------------------------------------------- public


def export(
    gdf: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    name: str,
    key: str | None = None,
    protect: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Write *gdf* as KML, KMZ or GeoPackage (by extension), styled as on the map.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        The features (any CRS; written in EPSG:4326).
    path : path
        ``.kml``, ``.kmz`` or ``.gpkg``.
    name : str
        The document (KML) or table (GeoPackage) name.
    key : str, optional
        The map layer it is drawn as (``places``, ``corridors``, ``reach`` …); default:
        styled as a user layer.
    protect : sequence of paths
        Input files that must not be overwritten.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    LayerValidationError
        An unsupported extension, or a GeoPackage of mixed geometry types.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from geo_huallaga import layers
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "roads.kmz"
    >>> export(layers.load("roads"), out, name="roads", key="roads").stat().st_size > 1000
    True
    """
    from geo_huallaga.layers import atomic_write

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise LayerValidationError(
            f"{target}: cannot export to {suffix or '(no extension)'}; use {', '.join(FORMATS)}"
        )
    gdf = _in_wgs84(gdf)
    if suffix == ".gpkg":
        table = "".join(c if c.isalnum() or c == "_" else "_" for c in name) or "layer"
        with atomic_write(target, protect=protect) as tmp:
            _write_gpkg(gdf, tmp, layer=table, key=key)
        return target
    kml = to_kml(gdf, name=name, key=key)
    with atomic_write(target, protect=protect) as tmp:
        if suffix == ".kml":
            tmp.write_text(kml, encoding="utf-8")
        else:
            tmp.write_bytes(kmz_bytes(kml))
    return target


def export_layer(
    layer: str | os.PathLike[str],
    path: str | os.PathLike[str],
) -> Path:
    """Export a built-in layer (by name) or a vector file, styled as on the map.

    The built-in ``corridors`` are traced as the map draws them (roads, sea lanes,
    geodesics: :func:`geo_huallaga.maps.routed_corridors`), not as straight lines.

    A file written by ``route --out`` (legs: ``mode``, ``from``, ``to``) is styled as the
    map's corridors; ``reach --out`` areas (``aircraft``, ``hours``, ``radius_km``) as reach
    areas; anything else (``overlay --out`` zones, your files) as a user layer.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "places.gpkg"
    >>> export_layer("places", out).suffix
    '.gpkg'
    """
    from geo_huallaga import layers

    text = os.fspath(layer)
    if text == "corridors":  # traced along roads, sea lanes and geodesics, as the map draws them
        from geo_huallaga import maps

        return export(maps.routed_corridors(layers.load(text)), path, name=text, key=text)
    if text in layers.CATALOG:
        return export(layers.load(text), path, name=text, key=text)
    gdf = layers.load(text)
    stem = layers.split_layer(text)[0].stem
    columns = set(gdf.columns)
    key = None
    if {"mode", "from", "to"} <= columns:  # route --out legs
        key = "corridors"
    elif {"aircraft", "hours", "radius_km"} <= columns:  # reach --out areas
        key = "reach"
    return export(gdf, path, name=stem, key=key, protect=[layers.split_layer(text)[0]])
