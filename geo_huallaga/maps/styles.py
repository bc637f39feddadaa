"""How layers look: colours, the page's CSS, :class:`LayerStyle`, the corridors' styles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from geo_huallaga import layers
from geo_huallaga.maps.text import N_

#: Radius of the uncertainty circle drawn for a point whose ``precision`` is coarse (defined,
#: with its reasoning, in layers: proximity gives the same points a distance range from it).
PRECISION_RADIUS_KM: dict[str, float] = layers.PRECISION_RADIUS_KM

SEA_COLOUR = "#cfe0ea"
LAND_COLOUR = "#f4f1e8"
COCA_COLOURS: tuple[str, ...] = ("#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15")
NODATA_COLOUR = "#d9d9d9"
#: Features above which a layer draws on a canvas instead of SVG.
CANVAS_MIN_FEATURES = 1000
#: (lon, lat) of the south-west and north-east corners the map opens on when it draws neither
#: coca zones nor airstrips: the Huallaga and Palcazu valleys.
HUALLAGA_BOUNDS = ((-77.5, -11.5), (-73.5, -7.0))

_PAGE_CSS = f"""
.folium-map.leaflet-container {{ background: {SEA_COLOUR}; }}
.gh-legend {{ background: #fff; padding: 6px 9px; font: 12px/1.35 system-ui, sans-serif;
  max-width: 260px; max-height: 60vh; overflow-y: auto; }}
.gh-legend h4 {{ font-size: 13px; margin: 4px 0 2px; }}
.gh-legend i {{ display: inline-block; width: 14px; height: 11px; margin-right: 5px;
  vertical-align: -1px; border: 1px solid #555; }}
.gh-legend i.gh-line {{ height: 0; border-width: 2px 0 0; border-style: solid; }}
.gh-legend i.gh-dot {{ border-radius: 50%; width: 10px; height: 10px; }}
.gh-legend .gh-note {{ color: #555; font-size: 11px; }}
.gh-popup {{ min-width: 240px; }}
.gh-popup table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
.gh-popup th {{ text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;
  vertical-align: top; white-space: nowrap; }}
.gh-popup td {{ padding: 1px 0; white-space: pre-wrap; overflow-wrap: anywhere; }}
.gh-popup-title {{ font-weight: 700; margin-bottom: 4px; }}
.gh-popup td.gh-num {{ font-variant-numeric: tabular-nums; }}
.gh-popup-src {{ color: #555; font-size: 11px; margin-top: 5px; border-top: 1px solid #ddd;
  padding-top: 3px; }}
.gh-legend i.gh-dash {{ height: 0; border-width: 2px 0 0; border-style: dashed; }}
.gh-legend i.gh-dotted {{ height: 0; border-width: 2px 0 0; border-style: dotted; }}
.gh-legend summary {{ cursor: pointer; }}
.leaflet-interactive:focus, .leaflet-marker-icon:focus {{ outline: none; }}
.gh-title {{ background: rgba(255, 255, 255, 0.92); padding: 6px 10px; max-width: 420px;
  font: 12px/1.3 system-ui, sans-serif; }}
.gh-title h1 {{ font-size: 17px; margin: 0 0 2px; line-height: 1.2; }}
.gh-title p {{ margin: 0; }}
.gh-title .gh-credit {{ color: #555; font-size: 11px; margin-top: 3px; }}
.gh-labels {{ pointer-events: none; }}
.folium-map .leaflet-control-attribution {{ font-size: 11px; max-width: 62%; }}
.gh-label {{ position: absolute; white-space: nowrap; font: 12px/1.1 system-ui, sans-serif;
  color: #222; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.gh-label-country {{ color: #777; font-size: 11px; letter-spacing: 0.08em; text-transform: uppercase; }}
.gh-label-department {{ color: #666; font-size: 11px; font-style: italic; }}
.gh-label-area {{ color: #7f2704; font-weight: 600; }}
.gh-label-line {{ color: #2a6f9e; font-style: italic; }}
.gh-label-circle {{ color: #b10026; font-weight: 600; font-size: 11px; }}
.gh-label-corridor {{ color: #555; font-size: 11px; }}
@media (max-width: 700px) {{
  .gh-title {{ max-width: calc(100vw - 80px); padding: 4px 7px; }}
  .gh-title h1 {{ font-size: 14px; }}
  .gh-title p.gh-sub {{ display: none; }}
  .gh-legend {{ max-height: 45vh; max-width: 230px; }}
}}
"""


@dataclass(frozen=True)
class LayerStyle:
    """How a layer is drawn: Leaflet path options, and for points a shape.

    Parameters
    ----------
    color, weight, opacity, fill_color, fill_opacity, dash_array :
        Leaflet path options (``fill_color`` defaults to ``color``).
    shape : {"dot", "marker", "circle"}
        Points as small circle markers, Font Awesome markers (``icon``, ``marker_color``),
        or circles whose radius in metres comes from the layer's ``radius_col``.
    radius_px : float
        Size of a ``dot``.
    css_class : str, optional
        Class prefix of the drawn features instead of ``gh-layer-`` (the layer key follows).

    Examples
    --------
    >>> LayerStyle(color="#123456").leaflet()["fillColor"]
    '#123456'
    """

    color: str = "#3366cc"
    weight: float = 2.0
    opacity: float = 0.9
    fill_color: str | None = None
    fill_opacity: float = 0.35
    dash_array: str | None = None
    shape: str = "dot"
    radius_px: float = 5.0
    icon: str = "circle"
    marker_color: str = "blue"
    css_class: str | None = None

    def leaflet(self) -> dict[str, Any]:
        """Return the options the page runtime reads."""
        out: dict[str, Any] = {
            "shape": self.shape,
            "color": self.color,
            "weight": self.weight,
            "opacity": self.opacity,
            "fillColor": self.fill_color or self.color,
            "fillOpacity": self.fill_opacity,
        }
        if self.dash_array:
            out["dashArray"] = self.dash_array
        if self.css_class:
            out["cls"] = self.css_class
        if self.shape == "dot":
            out["radius"] = self.radius_px
        if self.shape == "marker":
            out["icon"] = self.icon
            out["markerColor"] = self.marker_color
        return out


CORRIDOR_STYLES: dict[str, tuple[str, LayerStyle]] = {
    "land": (N_("Land corridors"), LayerStyle(color="#8c510a", weight=4, opacity=0.85)),
    "sea": (N_("Sea corridors"), LayerStyle(color="#01665e", weight=3, opacity=0.85,
                                        dash_array="8 6")),
    "air": (N_("Air corridors (great circles)"), LayerStyle(color="#c51b7d", weight=3,
                                                        opacity=0.9, dash_array="2 6")),
}
