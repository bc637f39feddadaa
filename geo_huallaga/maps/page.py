"""Writing the map: stable ids, legend and layer control last, vendored assets inline, atomic save."""

from __future__ import annotations

import copy
import html as html_lib
import json
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure
from folium.map import Layer

from geo_huallaga.errors import MapBuildError
from geo_huallaga.maps.elements import _configure, _drawn_of, _ensure_runtime, _Legend, _legend_html, _Page

ASSETS_DIR = Path(__file__).parent.parent / "assets"


@lru_cache(maxsize=1)
def asset_manifest() -> dict[str, Any]:
    """Return the vendored-asset manifest (``assets/manifest.json``): CDN URL → files, licence.

    Examples
    --------
    >>> man = asset_manifest()
    >>> man["urls"]["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]["files"][0]
    'leaflet-1.9.3/leaflet.js'
    """
    try:
        text = (ASSETS_DIR / "manifest.json").read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise MapBuildError(
            f"{ASSETS_DIR / 'manifest.json'} is missing; run scripts/vendor_assets.py") from err
    result: dict[str, Any] = json.loads(text)
    return result


def _inline_asset(url: str, kind: str) -> str:
    entry = asset_manifest()["urls"].get(url)
    if entry is None:
        raise MapBuildError(
            f"no vendored copy of {url}: the offline map cannot include it. Add the package "
            "to scripts/vendor_assets.py and re-run it, or save with offline=False")
    if not entry["files"]:  # e.g. glyphicons: not on npm, and no geo_huallaga map uses them
        return ""
    text = "\n".join((ASSETS_DIR / f).read_text(encoding="utf-8") for f in entry["files"])
    if kind == "js":
        return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.I) + "</script>"
    return "<style>" + re.sub(r"</(style)", r"<\\/\1", text, flags=re.I) + "</style>"


_SCRIPT_LINK = re.compile(r'<script src="(https?://[^"]+)"></script>')
_CSS_LINK = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"/>')


def _stabilise_ids(m: folium.Map) -> None:
    """Give every element an id numbered in document order instead of folium's random hex."""
    root: Any = m.get_root()
    counter = 0

    def walk(el: Element) -> None:
        nonlocal counter
        el._id = f"{counter:x}"
        counter += 1
        for child in list(el._children.values()):
            walk(child)

    walk(root)
    for part in (root.header, root.html, root.script):
        walk(part)


def render_html(m: folium.Map, *, offline: bool = True) -> str:
    """Render *m* as one HTML page with stable ids; offline, every asset is inlined.

    Parameters
    ----------
    m : folium.Map
        The map.
    offline : bool
        Inline the vendored JS/CSS (default); otherwise link the CDN URLs as folium does.

    Returns
    -------
    str
        The page.

    Raises
    ------
    MapBuildError
        Offline, an asset the page references has no vendored copy.

    Examples
    --------
    >>> from geo_huallaga.maps import build_map
    >>> page = render_html(build_map({}, layers=[]))
    >>> "cdn.jsdelivr.net" in page, "L.Icon.Default.imagePath" in page
    (False, True)
    """
    # folium's rendering adds elements to the tree (scripts, "addTo" helpers); rendering a copy
    # leaves *m* as it was, so a second rendering (Jupyter re-displays, save then print) gives
    # the same page as the first.
    m = copy.deepcopy(m)
    if not isinstance(m, _HuallagaMap):
        _finalise(m)  # a plain folium.Map: _HuallagaMap.render does this itself
    root = m.get_root()
    if not isinstance(root, Figure):
        raise MapBuildError("the map is not in a folium Figure")
    page: str = root.render()
    return inline_assets(page) if offline else page


def inline_assets(page: str) -> str:
    """Replace folium's ``<script src>`` and stylesheet links by the vendored files, inline.

    Works on any page folium rendered (e.g. one built without :func:`build_map`).

    Parameters
    ----------
    page : str
        HTML from ``folium.Map.get_root().render()``.

    Returns
    -------
    str
        The page with every asset inline.

    Raises
    ------
    MapBuildError
        A script or stylesheet URL with no vendored copy.

    Examples
    --------
    >>> page = inline_assets('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>')
    >>> page.startswith("<script>/*! jQuery v3.7.1"), len(page) > 80_000
    (True, True)
    """
    page = _SCRIPT_LINK.sub(lambda mt: _inline_asset(mt.group(1), "js"), page)
    page = _CSS_LINK.sub(lambda mt: _inline_asset(mt.group(1), "css"), page)
    left = re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', page)
    if left:
        raise MapBuildError(f"offline page still loads {', '.join(sorted(set(left)))}")
    return page


def _finalise(m: folium.Map) -> None:
    """Add the legend and the layer control last, and number the ids, just before rendering."""
    drawn = _drawn_of(m)
    legend_key = "gh_legend"
    if drawn.legend:
        m.add_child(_Legend(_legend_html(drawn), drawn.years, drawn.year), name=legend_key)
    elif legend_key in m._children:
        del m._children[legend_key]
    _move_layer_control_last(m)
    page_key = "gh_page"
    if page_key in m._children:
        del m._children[page_key]
    _ensure_runtime(m)
    _configure(m, drawn)
    m.add_child(_Page(), name=page_key)
    _stabilise_ids(m)


class _HuallagaMap(folium.Map):
    """A folium.Map that adds its legend and layer control whenever it is rendered.

    So the map is complete however it is shown: :func:`save_map`, folium's own ``save``,
    or inline in Jupyter (``_repr_html_``).
    """

    def render(self, **kwargs: Any) -> Any:
        _finalise(self)
        return super().render(**kwargs)

    def _repr_html_(self, **kwargs: Any) -> str:
        """Show the map in Jupyter as the offline page, so it draws with no network.

        folium's own display links its scripts from CDNs (a blank map offline); this one
        puts the page :func:`render_html` makes, every asset inline, in an iframe's
        ``srcdoc``, escaped as an attribute value, non-ASCII as character references (so the
        notebook's own encoding cannot garble it).
        """
        page = html_lib.escape(render_html(self, offline=True), quote=True)
        page = page.encode("ascii", "xmlcharrefreplace").decode("ascii")
        return (
            '<div style="width:100%;"><div style="position:relative;width:100%;height:0;padding-bottom:60%;">'
            f'<iframe srcdoc="{page}" style="position:absolute;width:100%;height:100%;left:0;top:0;'
            'border:none !important;" allowfullscreen></iframe></div></div>'
        )


def _move_layer_control_last(m: folium.Map) -> None:
    key = "gh_layer_control"
    if key in m._children:
        del m._children[key]
    if any(isinstance(c, Layer) and c.control for c in m._children.values()):
        # Collapsed; the page runtime opens it on screens wider than a phone.
        m.add_child(folium.LayerControl(collapsed=True, position="topright"), name=key)


def save_map(
    m: folium.Map,
    path: str | os.PathLike[str],
    *,
    offline: bool = True,
    protect: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Write *m* as one HTML file, atomically (a reader never sees half a file).

    Parameters
    ----------
    m : folium.Map
        The map.
    path : str or path
        Where to write; the folder must exist.
    offline : bool
        Inline every script, stylesheet, font and icon (default), so the file opens with no
        network; ``False`` links the CDN copies as folium does (a smaller file).
    protect : sequence of paths
        The map's input files (layers drawn from files): *path* may not be one of them, nor
        a file in the built-in layers folder.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    LayerValidationError
        *path* is one of *protect* or lies in the built-in layers folder; nothing is written.

    Examples
    --------
    >>> from geo_huallaga.maps import build_map
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "m.html"
    >>> save_map(build_map({}, layers=[]), out).stat().st_size > 500_000
    True
    >>> save_map(build_map({}, layers=[]), out, protect=[out])
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.LayerValidationError: ...: refusing to overwrite an input file; choose another --out
    """
    from geo_huallaga.layers import atomic_write

    page = render_html(m, offline=offline)
    target = Path(path)
    with atomic_write(target, protect=protect) as tmp:
        tmp.write_text(page, encoding="utf-8", newline="\n")
    return target
