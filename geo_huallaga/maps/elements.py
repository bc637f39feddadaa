"""The page's own folium elements (data layers, legend), the record of what was drawn, the runtime."""

from __future__ import annotations

import html as html_lib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium
from branca.element import Element
from folium.map import Layer

from geo_huallaga.maps.encoding import _html_name, script_json
from geo_huallaga.maps.styles import _PAGE_CSS

RUNTIME_JS = Path(__file__).with_name("runtime.js")


@dataclass
class _LegendEntry:
    label: str
    swatch: str  # "box", "line", "dot", "marker"
    color: str
    fill: str | None = None
    note: str = ""


@dataclass
class _LegendSection:
    title: str
    entries: list[_LegendEntry] = field(default_factory=list)
    note: str = ""
    year_select: bool = False


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


def _drawn_of(m: folium.Map) -> _Drawn:
    drawn = getattr(m, "_gh_drawn", None)
    if drawn is None:
        drawn = _Drawn()
        m._gh_drawn = drawn  # type: ignore[attr-defined]
    return drawn


def _ensure_runtime(m: folium.Map) -> None:
    root: Any = m.get_root()
    if "gh_runtime" not in root.header._children:
        js = RUNTIME_JS.read_text(encoding="utf-8")
        root.header.add_child(_Raw(f"<script>{js}</script>"), name="gh_runtime")
        root.header.add_child(_Raw(f"<style>{_PAGE_CSS}</style>"), name="gh_css")


def _legend_html(drawn: _Drawn) -> str:
    esc = html_lib.escape
    out = []
    for sec in drawn.legend:
        title = esc(sec.title)
        if sec.year_select:
            title += (f' <span id="gh-legend-year-label">{esc(drawn.year or "")}</span>'
                      '<span id="gh-legend-year-select"></span>')
        out.append(f"<h4>{title}</h4>")
        for e in sec.entries:
            cls = {"line": "gh-line", "dot": "gh-dot", "marker": "gh-dot"}.get(e.swatch, "")
            css = (f"border-color:{esc(e.color)}" if e.swatch == "line"
                   else f"border-color:{esc(e.color)};background:{esc(e.fill or e.color)}")
            out.append(f'<div><i class="{cls}" style="{css}"></i>{esc(e.label)}</div>')
        if sec.note:
            out.append(f'<div class="gh-note">{esc(sec.note)}</div>')
    return '<details open><summary><b>Legend</b></summary>' + "".join(out) + "</details>"
