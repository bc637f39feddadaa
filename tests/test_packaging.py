"""The wheel carries every built-in layer, so an installed package finds them without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo_huallaga import layers

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_carries_every_layer(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in layers.available():
        assert f"geo_huallaga/_layers/{name}.geojson" in names
    assert "geo_huallaga/py.typed" in names
    # the map's runtime and the Spanish catalogue (compiled .mo, which gettext reads)
    assert "geo_huallaga/maps/runtime.js" in names
    assert "geo_huallaga/locale/es/LC_MESSAGES/geo_huallaga.mo" in names
    # each packed layer is byte-identical to the checkout's
    with zipfile.ZipFile(wheel) as zf:
        for name in layers.available():
            assert zf.read(f"geo_huallaga/_layers/{name}.geojson") == (ROOT / "layers" / f"{name}.geojson").read_bytes()
        # the gazetteer's table travels too (place look-up must work from an installed wheel)
        for name in ("gazetteer.tsv.gz", "gazetteer_countries.tsv"):
            assert zf.read(f"geo_huallaga/_layers/{name}") == (ROOT / "layers" / name).read_bytes()
        mo = "geo_huallaga/locale/es/LC_MESSAGES/geo_huallaga.mo"
        assert zf.read(mo) == (ROOT / mo).read_bytes()
