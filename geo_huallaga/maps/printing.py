"""Print renderings of the map: PNG and PDF through headless Chromium, offline.

The page is the same offline HTML :func:`~geo_huallaga.maps.save_map` writes; Debian's
Chromium (``apt-get install chromium``) renders it with every host name resolving to
nothing (``--host-resolver-rules="MAP * ~NOTFOUND"``), so a print never touches the network.

Sizes: a PNG is ``width_px`` × ``height_px`` device pixels at ``dpi`` (the page is laid out
at ``dpi / 96`` device pixels per CSS pixel, and the PNG says its DPI in a ``pHYs`` chunk);
a PDF is one page of the paper size asked for (``a4``, ``a3``, ``letter``; landscape by
default), the map filling the page. A paper size also sets a PNG's pixels from the DPI.

Examples
--------
>>> print_size(paper="a4", dpi=150)
PrintSize(width_px=1754, height_px=1240, dpi=150.0, width_mm=297.0, height_mm=210.0)
>>> print_size(width_px=1600, height_px=1000, dpi=192).css_px()
(800, 500)
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo_huallaga.errors import MapBuildError

__all__ = ["PAPER_MM", "PRINT_FORMATS", "PrintSize", "chromium_path", "print_size", "save_print"]

#: Formats :func:`save_print` writes, by extension.
PRINT_FORMATS: tuple[str, ...] = (".png", ".pdf")
#: Paper sizes in mm (width, height), portrait, ISO 216 and ANSI.
PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "letter": (215.9, 279.4),
}
#: CSS pixels per inch (CSS Values and Units: 1in = 96px).
CSS_DPI = 96.0
MM_PER_INCH = 25.4
#: Seconds of virtual time Chromium gives the page's scripts before it captures.
#: The smallest CSS size a PNG is laid out at (see :meth:`PrintSize.layout_px`).
MIN_LAYOUT_PX: tuple[int, int] = (1000, 640)
VIRTUAL_TIME_MS = 5000
TIMEOUT_S = 180


@dataclass(frozen=True)
class PrintSize:
    """The output's size: device pixels and DPI, and the paper in mm (for a PDF)."""

    width_px: int
    height_px: int
    dpi: float
    width_mm: float
    height_mm: float

    def css_px(self) -> tuple[int, int]:
        """Return the page's layout size in CSS pixels (device pixels ÷ dpi/96)."""
        scale = self.dpi / CSS_DPI
        return round(self.width_px / scale), round(self.height_px / scale)

    def layout_px(self) -> tuple[int, int, float]:
        """Return the CSS size a PNG is laid out at, and the device pixels per CSS pixel.

        That is :meth:`css_px`, except that a page smaller than :data:`MIN_LAYOUT_PX` is laid out
        at that size and scaled down to the pixels asked for: below it the page would switch to
        its phone layout (legend closed, no subtitle), or the open legend would not fit.

        Examples
        --------
        >>> print_size(width_px=1600, height_px=1000, dpi=150).layout_px()
        (1024, 640, 1.5625)
        >>> print_size(width_px=1200, height_px=800, dpi=192).layout_px()  # 600 × 400 CSS px: too small
        (1000, 667, 1.2)
        """
        css_w, css_h = self.css_px()
        grow = max(1.0, MIN_LAYOUT_PX[0] / css_w, MIN_LAYOUT_PX[1] / css_h)
        if grow == 1.0:
            return css_w, css_h, self.dpi / CSS_DPI
        return round(css_w * grow), round(css_h * grow), self.width_px / round(css_w * grow)


def print_size(
    *,
    width_px: int | None = None,
    height_px: int | None = None,
    dpi: float = 150.0,
    paper: str | None = None,
    portrait: bool = False,
) -> PrintSize:
    """Return the print size from pixels or a paper size, at *dpi*.

    With *paper* the pixels follow from the paper and the DPI (landscape unless *portrait*);
    otherwise *width_px* × *height_px* (default 1600 × 1000) and the paper is what they
    measure at *dpi*.

    Raises
    ------
    ParameterError
        A size or DPI out of range, an unknown paper, or pixels and paper given together.
    """
    from geo_huallaga.errors import ParameterError

    if not 24 <= dpi <= 1200:
        raise ParameterError(f"--dpi {dpi:g} is out of range (24–1200)")
    if paper is not None:
        if width_px is not None or height_px is not None:
            raise ParameterError("give either --paper or --width-px/--height-px, not both")
        key = paper.lower()
        if key not in PAPER_MM:
            raise ParameterError(f"unknown paper {paper!r}; known: {', '.join(PAPER_MM)}")
        w_mm, h_mm = PAPER_MM[key]
        if not portrait:
            w_mm, h_mm = h_mm, w_mm
        return PrintSize(round(w_mm / MM_PER_INCH * dpi), round(h_mm / MM_PER_INCH * dpi), float(dpi), w_mm, h_mm)
    w, h = width_px or 1600, height_px or 1000
    for name, v in (("--width-px", w), ("--height-px", h)):
        if not 200 <= v <= 12000:
            raise ParameterError(f"{name} {v} is out of range (200–12000)")
    return PrintSize(w, h, float(dpi), round(w / dpi * MM_PER_INCH, 1), round(h / dpi * MM_PER_INCH, 1))


def chromium_path() -> Path:
    """Return Debian's Chromium (``GEO_HUALLAGA_CHROMIUM`` overrides), or raise.

    Raises
    ------
    MapBuildError
        No Chromium: the message names ``apt-get install chromium``.
    """
    env = os.environ.get("GEO_HUALLAGA_CHROMIUM")
    found = env or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found or not Path(found).exists():
        raise MapBuildError("PNG/PDF output needs Chromium: apt-get install chromium "
                            "(or set GEO_HUALLAGA_CHROMIUM), or write .html")
    return Path(found)


def _print_css(size: PrintSize) -> str:
    """Return CSS (and a marker class) that lay the map out at the print size, on one page, without buttons.

    The legend (open), the scale and the attribution stay; zoom, layer, full-screen and measure
    controls do nothing on paper and are hidden.
    """
    return (
        "<style>"
        f"@page {{ size: {size.width_mm}mm {size.height_mm}mm; margin: 0; }}"
        "html, body { margin: 0; padding: 0; overflow: hidden; }"
        "@media print { html, body, .folium-map { width: 100vw !important; height: 100vh !important; } }"
        ".leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-fullscreen,"
        " .leaflet-control-measure, .leaflet-control-zoom-fullscreen { display: none !important; }"
        # the whole legend on paper (no scroll bar to scroll), and the subtitle even on a small page
        ".gh-legend { max-height: none !important; overflow: visible !important; }"
        ".gh-title p.gh-sub { display: block !important; }"
        "</style>"
        # the page's runtime keeps the legend open on paper whatever the page's width in CSS pixels
        "<script>document.documentElement.classList.add('gh-print');</script>"
    )


def with_png_dpi(png: bytes, dpi: float) -> bytes:
    r"""Return *png* with a ``pHYs`` chunk saying *dpi* (replacing any there was).

    Examples
    --------
    >>> import zlib, struct
    >>> ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    >>> def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    >>> png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")
    >>> out = with_png_dpi(png, 300)
    >>> struct.unpack(">IIB", out[out.index(b"pHYs") + 4:][:9])  # 300 dpi = 11811 px/m
    (11811, 11811, 1)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise MapBuildError("Chromium did not write a PNG")
    ppm = round(dpi / MM_PER_INCH * 1000)
    data = struct.pack(">IIB", ppm, ppm, 1)
    phys = struct.pack(">I", len(data)) + b"pHYs" + data + struct.pack(">I", zlib.crc32(b"pHYs" + data))
    out, pos = [png[:8]], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        ctype = png[pos + 4:pos + 8]
        end = pos + 12 + length
        if ctype != b"pHYs":
            out.append(png[pos:end])
        if ctype == b"IHDR":
            out.append(phys)
        pos = end
    return b"".join(out)


def _run_chromium(html_path: Path, out: Path, size: PrintSize, kind: str, profile: Path) -> None:
    css_w, css_h, device_scale = size.layout_px() if kind == ".png" else (*size.css_px(), 0.0)
    args = [
        str(chromium_path()), "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--no-first-run", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        '--host-resolver-rules=MAP * ~NOTFOUND', f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}", f"--window-size={css_w},{css_h}",
    ]
    if kind == ".png":
        args += [f"--force-device-scale-factor={device_scale:.6g}", f"--screenshot={out}"]
    else:
        args += ["--no-pdf-header-footer", f"--print-to-pdf={out}"]
    try:
        done = subprocess.run([*args, html_path.as_uri()], capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise MapBuildError(f"Chromium took more than {TIMEOUT_S} s to render the map") from None
    if not out.is_file() or out.stat().st_size == 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise MapBuildError(f"Chromium wrote no {kind[1:].upper()} (exit {done.returncode}): {last[:200]}")


def save_print(
    m: Any,
    path: str | os.PathLike[str],
    *,
    size: PrintSize | None = None,
    protect: Sequence[str | os.PathLike[str]] = (),
) -> Path:
    """Render *m* to PNG or PDF (by extension) with headless Chromium, offline, atomically.

    Parameters
    ----------
    m : folium.Map
        The map, as :func:`~geo_huallaga.maps.build_map` returns it.
    path : path
        ``.png`` or ``.pdf``.
    size : PrintSize, optional
        Default :func:`print_size` () — 1600 × 1000 px at 150 dpi.
    protect : sequence of paths
        The map's input files, never overwritten.

    Raises
    ------
    MapBuildError
        Another extension, no Chromium, or Chromium failed.
    """
    from geo_huallaga import _files
    from geo_huallaga.layers import atomic_write
    from geo_huallaga.maps.page import render_html

    target = Path(path)
    kind = target.suffix.lower()
    if kind not in PRINT_FORMATS:
        raise MapBuildError(f"{target}: cannot print to {kind or '(no extension)'}; use .png or .pdf")
    size = size or print_size()
    chromium_path()
    page = render_html(m, offline=True).replace("</head>", _print_css(size) + "</head>", 1)
    with tempfile.TemporaryDirectory(prefix="gh-print-") as tmpdir, _files.tracked_temp(Path(tmpdir)) as work:
        html_path = work / "map.html"
        html_path.write_text(page, encoding="utf-8")
        rendered = work / f"map{kind}"
        _run_chromium(html_path, rendered, size, kind, work / "profile")
        data = rendered.read_bytes()
        if kind == ".png":
            data = with_png_dpi(data, size.dpi)
        with atomic_write(target, protect=protect) as tmp:
            tmp.write_bytes(data)
    return target
