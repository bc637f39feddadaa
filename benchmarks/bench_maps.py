"""Map size, build time and time-to-idle in Chromium: geo_huallaga.maps against folium defaults.

For 100, 1,000 and 10,000 polygons (24-vertex blobs with id, name, hectares, source and
precision, a fixed seed), on the same GeoDataFrame in one process:

- folium defaults: ``folium.GeoJson(gdf)`` on a ``folium.Map``, page from ``get_root().render()``;
- geo_huallaga: ``maps.add_layer(m, gdf)`` on an empty ``build_map``, page from
  ``render_html(m, offline=False)`` (CDN links, like folium, so the bytes compare like for like);
  the offline file (every asset inline) is listed too;
- the default map (every built-in layer, labels, legend, title, credits) against folium's
  ``GeoJson`` of the same layers' features, both with CDN links; corridors as the layer has
  them (``route_corridors=False``) so both pages hold the same geometries.

Time to idle: both pages are opened offline in Debian's Chromium (folium's with its CDN links
replaced by the same vendored files) and timed from navigation start to the first idle callback
after load. Build times are the best of 3.

Run: ``PYTHONPATH=. python benchmarks/bench_maps.py [--sizes 100,1000,10000] [--no-browser]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np

from geo_huallaga import maps

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


def polygons(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    lon0 = rng.uniform(-77.0, -74.0, n)
    lat0 = rng.uniform(-11.0, -7.5, n)
    r = rng.uniform(0.005, 0.03, n)
    theta = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    wobble = rng.uniform(0.7, 1.3, (n, 24))
    xs = lon0[:, None] + r[:, None] * wobble * np.cos(theta)
    ys = lat0[:, None] + r[:, None] * wobble * np.sin(theta)
    from shapely import polygons as make_polygons

    rings = np.stack([xs, ys], axis=-1)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)
    return gpd.GeoDataFrame(
        {
            "id": [f"zone-{i}" for i in range(n)],
            "name": [f"Zone {i}" for i in range(n)],
            "ha": np.round(rng.uniform(0, 5000, n), 1),
            "source": "synthetic benchmark data",
            "precision": "exact",
        },
        geometry=make_polygons(rings),
        crs=4326,
    )


def folium_default(gdf: gpd.GeoDataFrame) -> str:
    m = folium.Map(location=[-9.3, -75.5], zoom_start=7)
    folium.GeoJson(gdf).add_to(m)
    page: str = m.get_root().render()
    return page


def ours(gdf: gpd.GeoDataFrame, *, offline: bool) -> str:
    m = maps.build_map({}, layers=[])
    maps.add_layer(m, gdf, name="zones")
    return maps.render_html(m, offline=offline)


def default_map_ratio() -> tuple[float, float]:
    """KiB of folium's GeoJson of the built-in layers and of our default map, same features."""
    from geo_huallaga import layers

    m = folium.Map(location=[-9.3, -75.5], zoom_start=7)
    for key in maps.BUILTIN_LAYERS:
        name = "corridors" if key.endswith("_corridors") else key
        if key in ("sea_corridors", "air_corridors"):
            continue  # one GeoJson for the three corridor layers
        # the map's Roads layer draws the network routes run on, not the 12-section layer
        source = layers.data_dir() / maps.ROAD_NETWORK_FILE if name == "roads" else name
        gdf = layers.load(source)
        folium.GeoJson(gdf, name=name).add_to(m)
    folium.LayerControl().add_to(m)
    base: str = m.get_root().render()
    ours_page = maps.render_html(maps.build_map(route_corridors=False, lang="en"), offline=False)
    return len(base.encode()) / 1024, len(ours_page.encode()) / 1024


def best_of(fn: Callable[[], str], k: int = 3) -> tuple[str, float]:
    best = float("inf")
    out = ""
    for _ in range(k):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def idle_ms(browser: object, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else r.abort())
    page.goto(path.as_uri(), wait_until="load")
    ms = float(page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestIdleCallback("
        "() => r(performance.now()))))"))
    errors = page.evaluate("() => document.querySelectorAll('.leaflet-container').length")
    page.close()
    if errors != 1:
        raise RuntimeError(f"{path}: no map rendered")
    return ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    browser = None
    pw = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    tmp = Path(tempfile.mkdtemp())
    for n in sizes:
        gdf = polygons(n)
        base, t_base = best_of(lambda gdf=gdf: folium_default(gdf))
        mine, t_mine = best_of(lambda gdf=gdf: ours(gdf, offline=False))
        offline, _ = best_of(lambda gdf=gdf: ours(gdf, offline=True), 1)
        row = {
            "n": n, "folium_kib": len(base.encode()) / 1024, "ours_kib": len(mine.encode()) / 1024,
            "offline_kib": len(offline.encode()) / 1024, "t_folium": t_base, "t_ours": t_mine,
        }
        if browser is not None:
            a = tmp / f"folium-{n}.html"
            a.write_text(maps.inline_assets(base), encoding="utf-8")
            b = tmp / f"ours-{n}.html"
            b.write_text(offline, encoding="utf-8")
            row["idle_folium"] = min(idle_ms(browser, a) for _ in range(2))
            row["idle_ours"] = min(idle_ms(browser, b) for _ in range(2))
        rows.append(row)
    if browser is not None and pw is not None:
        browser.close()
        pw.stop()
    head = (f"{'polygons':>8} | {'folium KiB':>10} | {'ours KiB':>8} | {'ratio':>5} | "
            f"{'offline KiB':>11} | {'build folium s':>14} | {'build ours s':>12} | "
            f"{'idle folium ms':>14} | {'idle ours ms':>12}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['n']:>8,} | {r['folium_kib']:>10,.0f} | {r['ours_kib']:>8,.0f} | "
              f"{r['ours_kib'] / r['folium_kib']:>5.2f} | {r['offline_kib']:>11,.0f} | "
              f"{r['t_folium']:>14.3f} | {r['t_ours']:>12.3f} | "
              f"{r.get('idle_folium', float('nan')):>14,.0f} | "
              f"{r.get('idle_ours', float('nan')):>12,.0f}")
    folium_kib, ours_kib = default_map_ratio()
    print(f"\ndefault map, same features: folium GeoJson {folium_kib:,.0f} KiB, geo_huallaga "
          f"{ours_kib:,.0f} KiB, ratio {ours_kib / folium_kib:.2f} (must stay <= 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
