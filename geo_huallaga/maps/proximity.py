"""Proximity classes on the map: points coloured by class, counts in the legend."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from geo_huallaga.i18n import format_number
from geo_huallaga.maps.draw import _add, _check_gdf, add_layer
from geo_huallaga.maps.elements import _drawn_of, _ensure_runtime, _LegendEntry, _LegendSection
from geo_huallaga.maps.styles import LayerStyle

__all__ = ["PROXIMITY_COLOURS", "add_proximity"]


#: Colours of the proximity classes (ColorBrewer RdYlBu ends, purple for uncertain).
PROXIMITY_COLOURS: dict[str, str] = {"inside": "#d7191c", "near": "#fdae61", "beyond": "#2c7bb6",
                                     "uncertain": "#7b3294"}


def _class_word(c: str, gettext: Any, lang: str) -> str:
    """Return a proximity class in the map's language.

    Examples
    --------
    >>> from geo_huallaga.i18n import translator
    >>> _class_word("within 5 km", translator("es").gettext, "es"), _class_word("inside", str, "en")
    ('a menos de 5 km', 'inside')
    """
    within = re.fullmatch(r"within (\S+) km", c)
    if within is not None:
        return str(gettext("within {km} km")).format(km=format_number(float(within.group(1)), lang,
                                                                     decimals=_decimals(within.group(1))))
    return str(gettext(c))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def add_proximity(
    m: folium.Map,
    points: gpd.GeoDataFrame,
    *,
    classes: Sequence[str],
    counts: Mapping[str, int],
    areas: gpd.GeoDataFrame | None = None,
    name: str = "Points by distance",
    areas_name: str = "Areas measured to",
) -> int:
    """Draw points coloured by their proximity class, with the counts in the legend.

    The classes come from :func:`geo_huallaga.proximity.near` (this only draws them). A point
    with an ``uncertainty_radius_km`` is drawn as its uncertainty circle, never as a pin.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`build_map`.
    points : geopandas.GeoDataFrame
        Points with a ``class`` column (and optionally ``uncertainty_radius_km``).
    classes : sequence of str
        The classes in order, e.g. ``("inside", "within 5 km", "beyond")``.
    counts : mapping
        Points per class (``uncertain`` included when there are some).
    areas : geopandas.GeoDataFrame, optional
        The areas or lines measured to, drawn under the points.
    name, areas_name : str
        Layer names.

    Returns
    -------
    int
        The number of points drawn.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> from geo_huallaga.maps import build_map
    >>> m = build_map({}, layers=[])
    >>> pts = gpd.GeoDataFrame({"name": ["a", "b"], "class": ["inside", "beyond"]},
    ...                        geometry=[Point(-76, -9), Point(-75, -9)], crs=4326)
    >>> add_proximity(m, pts, classes=("inside", "within 5 km", "beyond"),
    ...               counts={"inside": 1, "within 5 km": 0, "beyond": 1})
    2
    """
    if areas is not None:
        add_layer(m, areas, name=areas_name, style=LayerStyle(color="#1b7837", fill_opacity=0.15))
    gdf = _check_gdf(points, name).copy()
    _ensure_runtime(m)
    drawn = _drawn_of(m)
    colour = {c: PROXIMITY_COLOURS["inside" if c == "inside" else "beyond" if c == "beyond" else "near"]
              for c in classes}
    colour["uncertain"] = PROXIMITY_COLOURS["uncertain"]
    # the classes in the map's language ("within 5 km" → "a menos de 5 km")
    word = {c: _class_word(c, drawn.gettext, drawn.lang) for c in colour}
    colour = {word[c]: v for c, v in colour.items()}
    counts = {word.get(c, c): n for c, n in counts.items()}
    classes = [word[c] for c in classes]
    gdf["class"] = [word.get(str(c), str(c)) for c in gdf["class"]]
    radius_km = (gdf["uncertainty_radius_km"].astype(float) if "uncertainty_radius_km" in gdf.columns
                 else pd.Series(np.nan, index=gdf.index))
    coarse = radius_km.notna().to_numpy()
    gdf["_radius_m"] = radius_km * 1000.0
    gdf["_drawn_as"] = [f"{c}~" if k else str(c) for c, k in zip(gdf["class"], coarse, strict=True)]
    styles: dict[str, LayerStyle] = {}
    for c, col in colour.items():
        styles[c] = LayerStyle(shape="dot", color="#333333", fill_color=col, weight=1, fill_opacity=0.95,
                               radius_px=6)
        styles[f"{c}~"] = LayerStyle(shape="circle", color=col, weight=2, fill_opacity=0.12, dash_array="6 4")
    tip = (*[c for c in ("name", "id") if c in gdf.columns][:1], "class")
    extra = [drawn.gettext("± {r} km: somewhere in this circle").format(r=format_number(r, drawn.lang))
             if k else "" for r, k in zip(radius_km, coarse, strict=True)]
    key = f"near_{sum(1 for k in drawn.counts if k.startswith('near_')) + 1}"
    _add(m, drawn, key, name, gdf, styles, cat="_drawn_as", tip=tip, tip_extra=extra, radius_col="_radius_m")
    drawn.legend.append(_LegendSection(name, [
        _LegendEntry(f"{c}: {int(counts.get(c, 0))}", "dot", "#333333", colour[c])
        for c in (*classes, "uncertain") if c in counts
    ]))
    return drawn.counts[key]
