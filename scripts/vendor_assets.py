"""Re-vendor the JS/CSS that folium 0.20.0 and its plugins load, for offline maps.

Every file comes from the npm registry at the exact version folium pins, fetched with
``npm pack`` (which downloads the published tarball and runs no package script). Only the
files a geo_huallaga map uses are kept, minified, with every image and font they reference
turned into a ``data:`` URI, next to each package's licence. ``manifest.json`` maps every
CDN URL folium references for those files to the vendored copies, their version and licence.

Usage::

    python scripts/vendor_assets.py [--out geo_huallaga/assets]

Needs ``npm`` (and ``npx``, which fetches ``terser@5.36.0`` from npm to minify the one
package that ships no minified build). The output is deterministic: running it twice gives
the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "geo_huallaga" / "assets"
TERSER = "terser@5.36.0"

MIME = {".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2"}


@dataclass(frozen=True)
class Output:
    """One vendored file: where it comes from inside the package and how it is made."""

    dest: str
    sources: tuple[str, ...]
    transform: str  # "copy", "css", "terser", "fontawesome", "leaflet_icons", "rotate"
    urls: tuple[str, ...] = ()
    kind: str = "js"


@dataclass(frozen=True)
class Package:
    """An npm package at the version folium pins."""

    npm_name: str
    version: str
    license_id: str
    license_src: str | None
    outputs: tuple[Output, ...]
    folder: str = ""
    notes: str = ""
    license_text: str = field(default="")

    @property
    def spec(self) -> str:
        """The ``name@version`` npm spec."""
        return f"{self.npm_name}@{self.version}"

    @property
    def dir(self) -> str:
        """The folder under assets/ holding this package's files."""
        return self.folder or f"{self.npm_name.split('/')[-1]}-{self.version}"


JSD = "https://cdn.jsdelivr.net"
CDNJS = "https://cdnjs.cloudflare.com/ajax/libs"

# Leaflet.awesome-markers ships no LICENSE file; this is the MIT licence its package.json
# names (github.com/lvoogdt/Leaflet.awesome-markers/blob/2.0/develop/LICENSE).
AWESOME_MARKERS_LICENSE = """The MIT License (MIT)

Copyright (c) 2013 L. Voogdt

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

PACKAGES: tuple[Package, ...] = (
    Package(
        "leaflet", "1.9.3", "BSD-2-Clause", "package/LICENSE",
        (
            Output("leaflet.js", ("package/dist/leaflet.js",), "copy",
                   (f"{JSD}/npm/leaflet@1.9.3/dist/leaflet.js",)),
            # Leaflet derives its default marker icon path from the leaflet.css URL; once the
            # CSS is inlined that breaks, so the icons are set explicitly as data: URIs.
            Output("icon-default.js",
                   ("package/dist/images/marker-icon.png", "package/dist/images/marker-icon-2x.png",
                    "package/dist/images/marker-shadow.png"), "leaflet_icons",
                   (f"{JSD}/npm/leaflet@1.9.3/dist/leaflet.js",)),
            Output("leaflet.css", ("package/dist/leaflet.css",), "css",
                   (f"{JSD}/npm/leaflet@1.9.3/dist/leaflet.css",), "css"),
        ),
    ),
    Package(
        "jquery", "3.7.1", "MIT", "package/LICENSE.txt",
        (
            Output("jquery.min.js", ("package/dist/jquery.min.js",), "copy",
                   ("https://code.jquery.com/jquery-3.7.1.min.js",
                    f"{CDNJS}/jquery/3.7.1/jquery.min.js")),
        ),
    ),
    Package(
        "bootstrap", "5.2.2", "MIT", "package/LICENSE",
        (
            Output("bootstrap.bundle.min.js", ("package/dist/js/bootstrap.bundle.min.js",), "copy",
                   (f"{JSD}/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js",)),
            Output("bootstrap.min.css", ("package/dist/css/bootstrap.min.css",), "css",
                   (f"{JSD}/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css",), "css"),
        ),
    ),
    Package(
        "@fortawesome/fontawesome-free", "6.2.0",
        "Icons: CC-BY-4.0, Fonts: OFL-1.1, Code: MIT", "package/LICENSE.txt",
        (
            # all.min.css embeds brands, v4 shims and ttf copies (about 1.2 MiB once inlined):
            # the solid and regular styles with woff2 fonts are all awesome-markers needs.
            Output("fontawesome-solid-regular.min.css",
                   ("package/css/fontawesome.min.css", "package/css/solid.min.css",
                    "package/css/regular.min.css"), "fontawesome",
                   (f"{JSD}/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",), "css"),
        ),
        notes="solid and regular styles only, woff2 fonts as data: URIs; brands omitted",
    ),
    Package(
        "drmonty-leaflet-awesome-markers", "2.0.2", "MIT", None,
        (
            Output("leaflet.awesome-markers.min.js", ("package/js/leaflet.awesome-markers.min.js",),
                   "copy", (f"{CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js",)),
            Output("leaflet.awesome-markers.css", ("package/css/leaflet.awesome-markers.css",),
                   "css",
                   (f"{CDNJS}/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css",), "css"),
        ),
        folder="leaflet-awesome-markers-2.0.2",
        notes="retina (@2x) sprite rules dropped (the 1x sprites serve) to save about 90 KB",
        license_text=AWESOME_MARKERS_LICENSE,
    ),
    Package(
        "leaflet.fullscreen", "3.0.0", "MIT", "package/LICENSE",
        (
            Output("Control.FullScreen.min.js", ("package/Control.FullScreen.js",), "terser",
                   (f"{JSD}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js",)),
            Output("Control.FullScreen.css", ("package/Control.FullScreen.css",), "css",
                   (f"{JSD}/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css",), "css"),
        ),
    ),
    Package(
        "leaflet-measure", "2.1.7", "MIT", "package/LICENSE",
        (
            Output("leaflet-measure.min.js", ("package/dist/leaflet-measure.min.js",), "copy",
                   (f"{JSD}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js",)),
            Output("leaflet-measure.min.css", ("package/dist/leaflet-measure.css",), "css",
                   (f"{JSD}/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css",), "css"),
        ),
    ),
)

ROTATE_URL = (
    f"{JSD}/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css"
)
GLYPHICONS_URL = "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css"


def _data_uri(data: bytes, suffix: str) -> str:
    return f"data:{MIME[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


def minify_css(text: str) -> str:
    """Strip comments (keeping ``/*! ... */`` licence headers) and collapse whitespace.

    Conservative: spaces are only removed next to ``{ } ;`` and after ``,`` and ``:``
    inside declarations is left alone, so selectors keep their meaning.
    """
    keep: list[str] = []

    def _comment(match: re.Match[str]) -> str:
        if match.group(0).startswith("/*!"):
            keep.append(match.group(0))
            return f"\x00{len(keep) - 1}\x00"
        return ""

    text = re.sub(r"/\*.*?\*/", _comment, text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};])\s*", r"\1", text)
    text = re.sub(r",\s+", ",", text)
    text = re.sub(r";}", "}", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))] + "\n", text)
    return text.strip() + "\n"


def _inline_css_urls(css: str, read: Callable[[str], bytes], base: str) -> str:
    def repl(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#")):
            return match.group(0)
        path = str(Path(base, ref)).replace("\\", "/")
        path = re.sub(r"[^/]+/\.\./", "", path)
        return f"url({_data_uri(read(path), Path(ref).suffix)})"

    return re.sub(r"""url\((['"]?)([^'")]+)\1\)""", repl, css)


def _terser(text: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "in.js")
        src.write_text(text, encoding="utf-8")
        out = subprocess.run(
            ["npx", "--yes", TERSER, str(src), "--compress", "--mangle", "--comments", "/^!/"],
            check=True, capture_output=True, text=True,
        )
    return out.stdout.rstrip("\n") + "\n"


def _rotate_css() -> str:
    # folium's leaflet.awesome.rotate.css is generated rules: .fa-rotate-N rotates by N degrees.
    return "".join(f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(360)) + "\n"


def _build_output(pkg: Package, out: Output, read: Callable[[str], bytes]) -> str:
    if out.transform == "copy":
        return read(out.sources[0]).decode("utf-8")
    if out.transform == "terser":
        return _terser(read(out.sources[0]).decode("utf-8"))
    if out.transform == "leaflet_icons":
        icon, icon2x, shadow = (_data_uri(read(s), ".png") for s in out.sources)
        return (
            "L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions("
            f'{{iconUrl:"{icon}",iconRetinaUrl:"{icon2x}",shadowUrl:"{shadow}"}});\n'
        )
    if out.transform == "css":
        base = str(Path(out.sources[0]).parent)
        css = read(out.sources[0]).decode("utf-8")
        if pkg.npm_name == "drmonty-leaflet-awesome-markers":
            # The retina block would inline two more sprites (about 90 KB): the 1x ones serve.
            css = re.sub(r"/\* Retina displays \*/\s*@media[^{]*\{.*?\}\s*\}", "", css,
                         count=1, flags=re.S)
        return minify_css(_inline_css_urls(css, read, base))
    if out.transform == "fontawesome":
        parts = []
        for src in out.sources:
            css = read(src).decode("utf-8")
            css = re.sub(r',url\([^)]*\.ttf\) format\("truetype"\)', "", css)
            parts.append(_inline_css_urls(css, read, str(Path(src).parent)))
        return minify_css("\n".join(parts))
    raise ValueError(f"unknown transform {out.transform!r}")


def _npm_pack(spec: str, dest: Path) -> tuple[Path, str]:
    result = subprocess.run(
        ["npm", "pack", "--ignore-scripts", "--json", "--pack-destination", str(dest), spec],
        check=True, capture_output=True, text=True,
    )
    info = json.loads(result.stdout)[0]
    return dest / info["filename"], info["integrity"]


def vendor(out_dir: Path) -> dict[str, object]:
    """Fetch every package, write the vendored files and return the manifest."""
    manifest_packages: dict[str, object] = {}
    urls: dict[str, dict[str, object]] = {}
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            tarball, integrity = _npm_pack(pkg.spec, Path(tmp))
            with tarfile.open(tarball) as tar:

                def read(name: str, tar: tarfile.TarFile = tar) -> bytes:
                    member = tar.extractfile(name)
                    if member is None:
                        raise FileNotFoundError(name)
                    return member.read()

                folder = out_dir / pkg.dir
                folder.mkdir()
                license_name = Path(pkg.license_src).name if pkg.license_src else "LICENSE"
                license_bytes = (read(pkg.license_src) if pkg.license_src
                                 else pkg.license_text.encode("utf-8"))
                (folder / license_name).write_bytes(license_bytes)
                files = []
                for out in pkg.outputs:
                    text = _build_output(pkg, out, read)
                    (folder / out.dest).write_text(text, encoding="utf-8", newline="\n")
                    rel = f"{pkg.dir}/{out.dest}"
                    files.append(rel)
                    for url in out.urls:
                        entry = urls.setdefault(
                            url, {"kind": out.kind, "package": pkg.npm_name, "files": []})
                        entry["files"].append(rel)  # type: ignore[attr-defined]
            manifest_packages[pkg.npm_name] = {
                "version": pkg.version,
                "npm": pkg.spec,
                "integrity": integrity,
                "license": pkg.license_id,
                "license_file": f"{pkg.dir}/{license_name}",
                "files": files,
                "notes": pkg.notes,
            }
    # folium's own rotate CSS: generated rules, not on npm; folium is MIT-licensed.
    folium_dir = out_dir / "folium-0.20.0"
    folium_dir.mkdir()
    (folium_dir / "leaflet.awesome.rotate.min.css").write_text(_rotate_css(), encoding="utf-8")
    (folium_dir / "LICENSE.txt").write_text(_folium_license(), encoding="utf-8")
    manifest_packages["folium"] = {
        "version": "0.20.0", "npm": None, "integrity": None, "license": "MIT",
        "license_file": "folium-0.20.0/LICENSE.txt",
        "files": ["folium-0.20.0/leaflet.awesome.rotate.min.css"],
        "notes": "the .fa-rotate-N rules of folium's leaflet.awesome.rotate.css, regenerated",
    }
    urls[ROTATE_URL] = {"kind": "css", "package": "folium",
                        "files": ["folium-0.20.0/leaflet.awesome.rotate.min.css"]}
    urls[GLYPHICONS_URL] = {
        "kind": "css", "package": None, "files": [],
        "omitted": "Bootstrap 3 glyphicons are not on npm; only Icon(prefix='glyphicon') uses "
                   "them and geo_huallaga draws none, so the offline page leaves the link out",
    }
    return {
        "comment": "Generated by scripts/vendor_assets.py; do not edit by hand.",
        "folium": "0.20.0",
        "packages": manifest_packages,
        "urls": dict(sorted(urls.items())),
    }


def _folium_license() -> str:
    from importlib.metadata import distribution

    dist = distribution("folium")
    for f in dist.files or []:
        if f.name.upper().startswith("LICENSE"):
            return Path(str(dist.locate_file(f))).read_text(encoding="utf-8")
    raise FileNotFoundError("folium's LICENSE not found in its installed metadata")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    manifest = vendor(args.out)
    (args.out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"vendored {len(manifest['packages'])} packages into {args.out} ({total / 1024:.0f} KiB)")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
