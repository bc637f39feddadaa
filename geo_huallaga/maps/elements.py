"""The page's own folium elements (data layers, legend), the record of what was drawn, the runtime."""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
import numpy as np
from branca.element import Element
from folium.map import Layer

from geo_huallaga.i18n import number_symbols, translator
from geo_huallaga.maps.encoding import _html_name, script_json
from geo_huallaga.maps.styles import _PAGE_CSS
from geo_huallaga.maps.text import value_words

RUNTIME_JS = Path(__file__).with_name("runtime.js")


@dataclass
class _LegendEntry:
    label: str
    swatch: str  # "box", "line", "dash", "dotted" (lines), "dot", "marker"
    color: str
    fill: str | None = None
    note: str = ""


@dataclass
class _LegendSection:
    title: str
    entries: list[_LegendEntry] = field(default_factory=list)
    note: str = ""
    year_select: bool = False
    #: Place in the legend (stable for equal values): the reference layers go last.
    order: int = 50


class _Raw(Element):
    """Text put in the page as it is.

    branca turns the output of a MacroElement's ``script`` macro into a new Jinja template
    and renders it again, so data holding ``{{ ... }}`` would be evaluated as a template.
    This element's text never goes through Jinja.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "GhRaw"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _DataLayer(Layer):
    """A toggleable layer drawn by the page runtime from a compact JSON payload."""

    def __init__(self, payload: str, *, name: str, show: bool = True) -> None:
        super().__init__(name=_html_name(name), overlay=True, control=True, show=show)
        self._name = "GhLayer"
        self.payload = payload

    def render(self, **kwargs: Any) -> Any:
        js = f"var {self.get_name()} = ghHuallaga.layer({self.payload});"
        root: Any = self.get_root()
        root.script.add_child(_Raw(js), name=self.get_name())
        super().render(**kwargs)


class _Legend(folium.MacroElement):
    def __init__(self, html: str, years: Sequence[str], year: str | None) -> None:
        super().__init__()
        self._name = "GhLegend"
        self.args = ", ".join(script_json(x) for x in (html, list(years), year))

    def render(self, **kwargs: Any) -> Any:
        parent: Any = self._parent
        js = f"ghHuallaga.legend({parent.get_name()}, {self.args});"
        root: Any = self.get_root()
        root.script.add_child(_Raw(js), name=self.get_name())
        super().render(**kwargs)


@dataclass
class _Drawn:
    """What :func:`build_map` drew: feature counts per layer key, for the CLI to report."""

    counts: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    legend: list[_LegendSection] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    year: str | None = None
    year_note: str = ""
    lang: str = "en"
    #: (minlon, minlat, maxlon, maxlat) of what the opening view must show.
    bounds: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: Names of the places at the ends of corridors: labelled first.
    corridor_ends: set[str] = field(default_factory=set)
    title: str = ""
    subtitle: str = ""
    credit: str = ""

    def gettext(self, message: str) -> str:
        """Translate *message* into the map's language."""
        return translator(self.lang).gettext(message)


def _drawn_of(m: folium.Map) -> _Drawn:
    drawn = getattr(m, "_gh_drawn", None)
    if drawn is None:
        drawn = _Drawn()
        m._gh_drawn = drawn  # type: ignore[attr-defined]
    return drawn


def _configure(m: folium.Map, drawn: _Drawn) -> None:
    """Put the page options in the header, after the runtime and before any layer is drawn."""
    root: Any = m.get_root()
    js = f"<script>ghHuallaga.configure({script_json(_page_options(drawn))});</script>"
    root.header.add_child(_Raw(js), name="gh_setup")


def _ensure_runtime(m: folium.Map) -> None:
    root: Any = m.get_root()
    if "gh_runtime" not in root.header._children:
        js = RUNTIME_JS.read_text(encoding="utf-8")
        root.header.add_child(_Raw(f"<script>{js}</script>"), name="gh_runtime")
        root.header.add_child(_Raw(f"<style>{_PAGE_CSS}</style>"), name="gh_css")


def _legend_html(drawn: _Drawn) -> str:
    esc = html_lib.escape
    out = []
    for sec in sorted(drawn.legend, key=lambda s: s.order):
        title = esc(sec.title)
        if sec.year_select:
            title += (f' <span id="gh-legend-year-label">{esc(drawn.year or "")}</span>'
                      '<span id="gh-legend-year-select"></span>')
        out.append(f"<h4>{title}</h4>")
        if sec.year_select and drawn.year_note:
            out.append(f'<div class="gh-note" id="gh-legend-year-note">{esc(drawn.year_note)}</div>')
        for e in sec.entries:
            cls = {"line": "gh-line", "dash": "gh-dash", "dotted": "gh-dotted", "dot": "gh-dot",
                   "marker": "gh-dot"}.get(e.swatch, "")
            css = (f"border-color:{esc(e.color)}" if e.swatch in ("line", "dash", "dotted")
                   else f"border-color:{esc(e.color)};background:{esc(e.fill or e.color)}")
            out.append(f'<div><i class="{cls}" style="{css}"></i>{esc(e.label)}</div>')
        if sec.note:
            out.append(f'<div class="gh-note">{esc(sec.note)}</div>')
    legend = esc(drawn.gettext("Legend"))
    return f"<details open><summary><b>{legend}</b></summary>" + "".join(out) + "</details>"


class _Page(folium.MacroElement):
    """Title block, credits, the opening view and labels: set up once the layers exist."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "GhPage"

    def render(self, **kwargs: Any) -> Any:
        parent: Any = self._parent
        js = f"ghHuallaga.page({parent.get_name()});"
        root: Any = self.get_root()
        root.script.add_child(_Raw(js), name=self.get_name())
        super().render(**kwargs)


def _page_options(drawn: _Drawn) -> dict[str, Any]:
    """Return what the page runtime needs besides the layers: texts, number separators, the view."""
    _ = drawn.gettext
    options: dict[str, Any] = {
        "title": drawn.title,
        "subtitle": drawn.subtitle,
        "credit": drawn.credit,
        "lang": drawn.lang,
        "num": number_symbols(drawn.lang),
        "words": value_words(drawn.gettext),
        "strings": {
            "year": _("year"),
            "noFigure": _("no figure for {year}"),
            "sources": _("Sources"),
            "flight": _("flight"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "measure": _("Measure distances and areas"),
            "yes": _("yes"),
            "no": _("no"),
        },
    }
    if drawn.bounds:
        arr = np.array(drawn.bounds, dtype=float)
        options["bounds"] = [[round(float(arr[:, 1].min()), 4), round(float(arr[:, 0].min()), 4)],
                             [round(float(arr[:, 3].max()), 4), round(float(arr[:, 2].max()), 4)]]
    return options
