"""``map --out x.png|x.pdf``: print renderings through headless Chromium, offline.

Without Chromium these tests skip with the reason; under ``CI=true`` that is a failure.
The PNG of the default map is kept in ``artifacts/`` for CI to publish.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

from geo_huallaga import maps
from geo_huallaga.cli import main
from geo_huallaga.errors import LayerValidationError
from geo_huallaga.maps import printing

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("GEO_HUALLAGA_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the print tests must run)")
        pytest.skip(reason)
    return CHROMIUM


def _png_header(data: bytes) -> tuple[int, int, int | None]:
    """Width, height and pixels per metre (pHYs) read straight from the PNG's chunks."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    ppm = None
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"pHYs":
            ppm = struct.unpack(">I", data[pos + 8:pos + 12])[0]
        pos += 12 + length
    return width, height, ppm


@pytest.mark.browser
def test_map_png_has_the_stated_size_and_dpi(chromium: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "map.png"
    assert main(["map", "--out", str(out), "--width-px", "1200", "--height-px", "800", "--dpi", "192"]) == 0
    assert "1200 × 800 px at 192 dpi" in capsys.readouterr().out
    width, height, ppm = _png_header(out.read_bytes())
    assert (width, height) == (1200, 800)
    assert ppm == 7559  # 192 dpi ÷ 0.0254 m per inch = 7,559.06 px per metre
    assert out.stat().st_size > 50_000  # a drawn map, not a blank page
    art = ROOT / "artifacts"
    art.mkdir(exist_ok=True)
    shutil.copyfile(out, art / "huallaga-print.png")


@pytest.mark.browser
def test_map_pdf_is_one_a4_landscape_page(chromium: Path, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    out = tmp_path / "map.pdf"
    assert main(["map", "--out", str(out), "--paper", "a4"]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"
    doc = pdfium.PdfDocument(str(out))
    try:
        assert len(doc) == 1
        w_pt, h_pt = doc[0].get_size()
    finally:
        doc.close()
    # A4 landscape: 297 mm × 210 mm = 841.89 pt × 595.28 pt (72 pt per inch, 25.4 mm per inch)
    assert w_pt == pytest.approx(297 / 25.4 * 72, abs=1.0)
    assert h_pt == pytest.approx(210 / 25.4 * 72, abs=1.0)


def test_print_sizes_from_paper_and_pixels() -> None:
    # A4 landscape at 150 dpi: 297 / 25.4 × 150 = 1,753.9 → 1,754 px; 210 / 25.4 × 150 = 1,240.2 → 1,240 px
    a4 = printing.print_size(paper="a4", dpi=150)
    assert (a4.width_px, a4.height_px) == (1754, 1240)
    assert printing.print_size(paper="a4", dpi=150, portrait=True).width_px == 1240
    # 1,600 device px at 192 dpi is laid out on 1,600 / (192 / 96) = 800 CSS px
    assert printing.print_size(width_px=1600, height_px=1000, dpi=192).css_px() == (800, 500)


@pytest.mark.parametrize("name", ["map.txt", "map", "map.jpeg"])
def test_map_refuses_an_unknown_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    assert main(["map", "--out", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert ".html, .png or .pdf" in err[0]
    assert list(tmp_path.iterdir()) == []


def test_print_options_need_a_print_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["map", "--out", str(tmp_path / "m.html"), "--dpi", "300"]) == 1
    assert "--dpi applies to .png and .pdf output only" in capsys.readouterr().err


def test_missing_chromium_is_one_line_naming_apt(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEO_HUALLAGA_CHROMIUM", str(tmp_path / "no-chromium"))
    assert main(["map", "--out", str(tmp_path / "m.png")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "apt-get install chromium" in err[0]
    assert not (tmp_path / "m.png").exists()


@pytest.mark.browser
def test_print_never_overwrites_an_input(chromium: Path, tmp_path: Path) -> None:
    src = tmp_path / "input.png"
    src.write_bytes(b"not mine to overwrite")
    with pytest.raises(LayerValidationError, match="input"):
        printing.save_print(maps.build_map(layers=["places"]), src, protect=[src],
                            size=printing.print_size(width_px=400, height_px=300, dpi=96))
    assert src.read_bytes() == b"not mine to overwrite"


@pytest.mark.browser
def test_print_with_online_tiles_renders_offline_and_says_so(chromium: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # The OpenStreetMap tiles cannot load (every host name resolves to nothing): the print still
    # completes, without them, and the command says why.
    out = tmp_path / "online.png"
    assert main(["map", "--layers", "places", "--online", "--out", str(out),
                 "--width-px", "600", "--height-px", "400", "--dpi", "96"]) == 0
    assert "no OpenStreetMap tiles" in capsys.readouterr().err
    assert _png_header(out.read_bytes())[:2] == (600, 400)
