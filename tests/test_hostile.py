"""Hostile input and a hostile system: no input or system file lost, one line and exit 1, bounded reads.

Each test names the class of failure it guards (issue 10) and checks, besides the message,
that no file changed: bytes and ``os.stat`` (inode, mode, size, mtime) before and after.
Nothing here can touch the real /dev/null: device tests use ``mknod``-made nodes in tmp_path,
and the /dev/null test disables every way of writing before it runs the command.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _cli import run as _run
from shapely.geometry import Point, box

import geo_huallaga
from geo_huallaga import _files, layers
from geo_huallaga.cli import main

ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PROFILE = {
    "id": "test-plane", "name": "Test plane", "cruise_speed_kt": 140, "fuel_flow_l_per_h": 49,
    "usable_fuel_l": 329, "useful_load_kg": 420, "cruise_altitude_ft": 7000,
}


# ------------------------------------------------------------------------------------ helpers


def _error(code: int, err: str) -> str:
    """Assert one error line and exit 1; return the line."""
    lines = err.strip().splitlines()
    assert code == 1, err
    assert len(lines) == 1, err
    assert lines[0].startswith("geo-huallaga: error: "), err
    assert "internal error" not in err
    return lines[0]


def _snapshot(path: Path) -> tuple[bytes | None, tuple[int, ...]]:
    st = os.lstat(path)
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return data, (st.st_ino, st.st_dev, st.st_mode, st.st_size, st.st_mtime_ns, st.st_nlink, st.st_rdev)


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _cli(args: list[str], *, cwd: Path, timeout: float = 120, prefix: tuple[str, ...] = (),
         **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the command line in a fresh process (for limits, signals, privileges and FIFOs)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [*prefix, sys.executable, "-m", "geo_huallaga", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False, **kwargs,  # type: ignore[call-overload]
    )


#: Root reads and writes anything; drop the two capabilities that let it, so permissions apply.
_UNPRIVILEGED: tuple[str, ...] = (
    ("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search")
    if IS_ROOT else ()
)


def _need_unprivileged() -> None:
    if not IS_ROOT:
        return
    works = shutil.which("setpriv") is not None and subprocess.run(
        [*_UNPRIVILEGED, "true"], capture_output=True, check=False
    ).returncode == 0
    if not works:
        pytest.skip("running as root where setpriv cannot drop privileges: permissions cannot be made to apply")


@pytest.fixture
def zones(tmp_path: Path) -> Path:
    path = tmp_path / "zones.geojson"
    gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["Zone A", "Zone B"]},
        geometry=[box(-76.5, -9.5, -76.0, -9.0), box(-76.0, -9.5, -75.5, -9.0)], crs=4326,
    ).to_file(path)
    return path


@pytest.fixture
def cells(tmp_path: Path) -> Path:
    path = tmp_path / "cells.geojson"
    gpd.GeoDataFrame(
        {"ha": [10.0, 20.0, 30.0]},
        geometry=[box(-76.4, -9.3, -76.3, -9.2), box(-76.05, -9.3, -75.95, -9.2), box(-70.1, -9.3, -70.0, -9.2)],
        crs=4326,
    ).to_file(path)
    return path


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "plane.json"
    path.write_text(json.dumps(PROFILE))
    return path


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Mount a tiny tmpfs (root only), yielding it and how to mount it read-only."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr!r}")
    try:
        yield mnt, "remount,ro"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


# ------------------------------------------- 1. nothing the user did not name as output is replaced


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_out_equal_to_the_input_is_refused_even_through_a_link(
    capsys: pytest.CaptureFixture[str], cells: Path, zones: Path, tmp_path: Path, how: str
) -> None:
    out = zones
    if how == "symlink":
        out = tmp_path / "link.geojson"
        out.symlink_to(zones)
    elif how == "hardlink":
        out = tmp_path / "hard.geojson"
        os.link(zones, out)
    before = _snapshot(zones)
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones),
                        "--out", str(out), "--quiet")
    assert "refusing to overwrite an input file" in _error(code, err)
    assert _snapshot(zones) == before


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_an_aircraft_profile_given_to_reach_route_or_map_is_never_the_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    prof = tmp_path / f"plane.{fmt}"
    text = json.dumps(PROFILE) if fmt == "json" else "\n".join(
        f"{k} = {json.dumps(v)}" for k, v in PROFILE.items()
    )
    prof.write_text(text)
    before = _snapshot(prof)
    runs = [
        ["reach", "Iscozacin", "--aircraft", str(prof), "--hours", "1", "--out", str(prof)],
        ["route", "Iscozacin", "Tingo Maria", "--mode", "air", "--aircraft", str(prof), "--out", str(prof)],
        ["map", "--reach", f"Iscozacin:{prof}:1", "--out", str(prof)],
        ["map", "--reach", f"Iscozacin:{prof}:1", f"--out={prof}"],
    ]
    for argv in runs:
        code, _, err = _run(capsys, *argv)
        assert "refusing to overwrite an input file" in _error(code, err), argv
        assert _snapshot(prof) == before, argv


def test_the_library_refuses_an_input_the_command_forgot_to_protect(
    capsys: pytest.CaptureFixture[str], profile: Path
) -> None:
    # the file was named on the command line: every write inside the command is guarded
    before = _snapshot(profile)
    with _files.protected([str(profile)]), pytest.raises(geo_huallaga.errors.LayerValidationError):
        layers.write(layers.load("places"), profile)
    assert _snapshot(profile) == before


def test_files_of_the_installed_package_are_never_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    package = Path(geo_huallaga.__file__).resolve().parent
    asset = next(p for p in sorted((package / "assets").rglob("*")) if p.is_file())
    builtin = layers.path_of("places")
    module = package / "errors.py"
    hard = tmp_path / "hard.geojson"
    os.link(builtin, hard)
    for target in (asset, builtin, module, hard):
        before = _snapshot(target)
        code, _, err = _run(capsys, "validate", str(ROOT / "tests/data/layers_3d.geojson"), "--out", str(target))
        line = _error(code, err)
        assert "refusing" in line, line
        assert "geo_huallaga package" in line or "built-in layers folder" in line, line
        assert _snapshot(target) == before


@pytest.mark.skipif(not IS_ROOT, reason="mknod of a device needs root")
@pytest.mark.parametrize("kind", ["char", "block"])
def test_a_device_node_is_never_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    node = tmp_path / f"{kind}.html"
    mode = stat.S_IFCHR if kind == "char" else stat.S_IFBLK
    os.mknod(node, 0o666 | mode, os.makedev(1, 3) if kind == "char" else os.makedev(7, 200))
    before = _snapshot(node)
    code, _, err = _run(capsys, "map", "--layers", "places", "--out", str(node))
    assert f"is a {kind}" in _error(code, err)
    assert _snapshot(node) == before
    link = tmp_path / "link.html"
    link.symlink_to(node)
    code, _, err = _run(capsys, "map", "--layers", "places", "--out", str(link))
    assert f"is a {kind}" in _error(code, err)
    assert _snapshot(node) == before and link.is_symlink()


def test_a_fifo_or_socket_is_never_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.geojson"
    os.mkfifo(fifo)
    sock_path = tmp_path / "s.geojson"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        for node, kind in ((fifo, "a FIFO"), (sock_path, "a socket")):
            before = _snapshot(node)
            code, _, err = _run(capsys, "reach", "Iscozacin", "--aircraft", "cessna-210", "--hours", "1",
                                "--out", str(node))
            assert f"is {kind}" in _error(code, err)
            assert _snapshot(node) == before
    finally:
        sock.close()


def test_dev_null_is_refused_before_anything_could_touch_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Make every way of writing fail loudly first, so a broken guard cannot replace /dev/null.
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to write: {args}")

    import tempfile

    from geo_huallaga import maps

    for obj, name in ((os, "replace"), (os, "rename"), (os, "chmod"), (tempfile, "mkstemp"),
                      (maps, "build_map"), (maps, "save_map")):
        monkeypatch.setattr(obj, name, forbidden)
    before = os.stat("/dev/null")
    for target in ("/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1"):
        code, _, err = _run(capsys, "map", "--out", target)
        line = _error(code, err)
        assert "refusing to write to a system device or folder" in line, line
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_refused_out_is_refused_before_the_expensive_work(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cells: Path, zones: Path
) -> None:
    from geo_huallaga import cultivation

    def too_late(*args: object, **kwargs: object) -> None:
        raise AssertionError("the overlay ran before --out was checked")

    monkeypatch.setattr(cultivation, "apportion", too_late)
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones), "--out",
                        str(cells.with_suffix("")) + ".geojson", "--quiet")
    assert "refusing to overwrite an input file" in _error(code, err)


# ------------------------------------------------- 2. modes, umask, temporary files and signals


def test_outputs_respect_the_umask_and_keep_the_mode_they_replace(tmp_path: Path) -> None:
    src = ROOT / "tests/data/layers_3d.geojson"
    old_mask = os.umask(0o077)
    try:
        assert main(["validate", str(src), "--out", str(tmp_path / "new.geojson")]) == 0
        kept = tmp_path / "kept.geojson"
        kept.write_text("old")
        kept.chmod(0o640)
        assert main(["validate", str(src), "--out", str(kept)]) == 0
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "new.geojson").stat().st_mode) == 0o600  # 0666 & ~077
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.read_text() != "old"


_WRITER = textwrap.dedent("""
    import sys, time
    from geo_huallaga import layers
    with layers.atomic_write(sys.argv[1]) as tmp:
        tmp.write_text("half a file")
        print("ready", flush=True)
        time.sleep(60)
""")


def _start_writer(target: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_no_temporary_file_is_left_after_sigterm_or_sighup(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "map.html"
    target.write_text("the old map")
    before = _snapshot(target)
    proc = _start_writer(target)
    assert _hidden(tmp_path)  # the temporary file exists while writing
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == -signum  # still dies of the signal
    proc.stdout.close()  # type: ignore[union-attr]
    assert _hidden(tmp_path) == []
    assert _snapshot(target) == before


_SCRATCH = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from geo_huallaga import _files
    work = Path(sys.argv[1])
    (work / "profile").mkdir(parents=True)
    (work / "profile" / "cache").write_text("chromium's")
    with _files.tracked_temp(work):
        print("ready", flush=True)
        time.sleep(60)
""")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_scratch_folder_is_removed_on_sigterm_or_sighup(tmp_path: Path, signum: int) -> None:
    # map --out x.png renders in a scratch folder (page + Chromium profile): gone after a signal too
    work = tmp_path / "gh-print-x"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", _SCRATCH, str(work)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    assert (work / "profile" / "cache").is_file()
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == -signum
    proc.stdout.close()
    assert not work.exists()


def test_the_next_run_removes_the_temporary_file_of_a_killed_run(tmp_path: Path) -> None:
    target = tmp_path / "zones.geojson"
    proc = _start_writer(target)
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()  # type: ignore[union-attr]
    stale = _hidden(tmp_path)
    assert len(stale) == 1  # SIGKILL cannot be caught
    unrelated = tmp_path / ".notes.txt"
    unrelated.write_text("mine")
    layers.write(layers.load("airstrips"), target)
    assert _hidden(tmp_path) == [".notes.txt"]


# ------------------------------------------------------- 3. the system says no: one line, exit 1


def test_permission_denied_on_input_and_output_is_one_line(tmp_path: Path) -> None:
    _need_unprivileged()
    src = tmp_path / "in.geojson"
    shutil.copy(ROOT / "tests/data/layers_3d.geojson", src)
    src.chmod(0o000)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        before = _snapshot(src)
        runs = {
            "validate": (["validate", str(src)], "permission denied"),
            "profile": (["reach", "Iscozacin", "--aircraft", str(_profile_copy(tmp_path, 0o000)), "--hours", "1"],
                        "permission denied"),
            "out": (["map", "--layers", "places", "--out", str(locked / "m.html")], "permission denied"),
        }
        for name, (argv, expected) in runs.items():
            done = _cli(argv, cwd=tmp_path, prefix=_UNPRIVILEGED)
            assert done.returncode == 1, (name, done.stderr)
            line = _error(1, done.stderr)
            assert expected in line, (name, line)
        assert _snapshot(src) == before
        assert list(locked.iterdir()) == []
    finally:
        src.chmod(0o644)
        locked.chmod(0o755)


def _profile_copy(folder: Path, mode: int) -> Path:
    path = folder / "locked_plane.json"
    path.write_text(json.dumps(PROFILE))
    path.chmod(mode)
    return path


def test_a_read_only_folder_is_one_line(capsys: pytest.CaptureFixture[str], tmpfs: tuple[Path, str]) -> None:
    mnt, _ = tmpfs
    (mnt / "m.html").write_text("old")
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
    before = _snapshot(mnt / "m.html")
    code, _, err = _run(capsys, "map", "--layers", "places", "--out", str(mnt / "m.html"))
    assert "cannot write: read-only file system" in _error(code, err)
    assert _snapshot(mnt / "m.html") == before


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(
    capsys: pytest.CaptureFixture[str], tmpfs: tuple[Path, str]
) -> None:
    mnt, _ = tmpfs
    (mnt / "m.html").write_text("the old map")
    before = _snapshot(mnt / "m.html")
    code, _, err = _run(capsys, "map", "--layers", "places", "--out", str(mnt / "m.html"))  # ~1 MB into 64 KB
    assert "cannot write: no space left on device (disk full)" in _error(code, err)
    assert _snapshot(mnt / "m.html") == before
    assert _hidden(mnt) == []


def test_a_full_disk_in_any_writer_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The same without root: the write itself raises ENOSPC, as a full disk makes it do.
    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "m.html"
    out.write_text("the old map")
    before = _snapshot(out)
    monkeypatch.setattr(Path, "write_text", full)
    code, _, err = _run(capsys, "map", "--layers", "places", "--out", str(out))
    assert "no space left on device (disk full)" in _error(code, err)
    assert _snapshot(out) == before
    assert _hidden(tmp_path) == []


def test_a_file_size_limit_is_one_line(tmp_path: Path) -> None:
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = _cli(["map", "--layers", "places", "--out", "m.html"], cwd=tmp_path, preexec_fn=limit)
    assert "file too large (a file-size limit" in _error(done.returncode, done.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["map", "validate", "overlay"])
def test_out_under_an_existing_file_is_one_line(
    capsys: pytest.CaptureFixture[str], cells: Path, tmp_path: Path, command: str
) -> None:
    blocker = tmp_path / "existing.txt"
    blocker.write_text("keep me")
    before = _snapshot(blocker)
    argv = {
        "map": ["map", "--layers", "places", "--out", f"{blocker}/sub/x.html"],
        "validate": ["validate", str(cells), "--out", f"{blocker}/x.geojson"],
        "overlay": ["overlay", str(cells), "--value-col", "ha", "--out", f"{blocker}/x.json", "--quiet"],
    }[command]
    code, _, err = _run(capsys, *argv)
    assert "is a file, not a folder" in _error(code, err)
    assert _snapshot(blocker) == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"id": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"id": "x", "cruise_speed_kt": ' + "9" * 5000 + "}", "a number has more than"),
        ('{"id": "x", "cruise_speed_kt": ' + "9" * 400 + "}", "too large to use (400 digits)"),
        ('{"id": "x", "cruise_speed_kt": NaN}', "cruise_speed_kt is nan, not a finite number"),
        ('{"a": ' + '{"b": ' * 40 + "1" + "}" * 40 + "}", "nested more than 16 levels"),
    ],
)
def test_hostile_json_in_profiles_and_scenarios_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(text)
    for argv in (["reach", "Iscozacin", "--aircraft", str(path), "--hours", "1"],
                 ["economics", "--scenario", str(path)]):
        code, _, err = _run(capsys, *argv)
        assert expected in _error(code, err), argv


def test_deeply_nested_toml_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text("[parameters]\nclans = " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = _run(capsys, "economics", "--scenario", str(path))
    assert "not valid TOML: nested too deeply" in _error(code, err)


def _parquet_with_geo(path: Path, geo: bytes) -> Path:
    frame = gpd.GeoDataFrame({"ha": [1.0], "id": ["a"]}, geometry=[box(-76.4, -9.3, -76.3, -9.2)], crs=4326)
    table = pa.Table.from_pandas(frame.to_wkb(), preserve_index=False)
    pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}), b"geo": geo}), path)
    return path


@pytest.mark.parametrize(
    ("geo", "expected"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"primary_column": "geometry", "columns": []}', "'columns' must map"),
        (b'{"primary_column": "geom", "columns": {"geometry": {}}}', "'primary_column' 'geom'"),
        (b'{"primary_column": 5, "columns": {"geometry": {}}}', "'primary_column' 5"),
        (b'{"primary_column": "geometry", "columns": {"geometry": {"crs": 5}}}', "'crs' must be"),
        (b'{"primary_column": "geometry", "columns": {"geometry": {"encoding": []}}}', "'encoding' must be"),
    ],
)
def test_malformed_geoparquet_metadata_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, zones: Path, geo: bytes, expected: str
) -> None:
    path = _parquet_with_geo(tmp_path / "cells.parquet", geo)
    runs = [
        ["validate", str(path)],
        ["overlay", str(path), "--value-col", "ha", "--zones", str(zones), "--quiet"],
        ["overlay", str(path), "--value-col", "ha", "--zones", str(zones), "--engine", "dask", "--quiet"],
    ]
    for argv in runs:
        code, _, err = _run(capsys, *argv)
        line = _error(code, err)
        assert "malformed GeoParquet 'geo' metadata" in line and expected in line, (argv, line)


# ------------------------------------------------------ 4. inputs that hang or exhaust memory


@pytest.mark.parametrize("what", ["fifo", "chardev"])
def test_a_fifo_or_device_as_input_is_refused_before_reading(tmp_path: Path, what: str) -> None:
    node = tmp_path / f"in.{what}"
    if what == "fifo":
        os.mkfifo(node)
    elif IS_ROOT:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero: never ends
    else:
        node = Path("/dev/zero")
    links = {}
    for suffix in (".geojson", ".json", ".toml", ".parquet", ".tif", ".osm"):
        links[suffix] = tmp_path / f"link{suffix}"
        links[suffix].symlink_to(node)
    runs = [
        ["validate", str(links[".geojson"])],
        ["overlay", str(links[".geojson"]), "--value-col", "ha", "--quiet"],
        ["overlay", "demo", "--value-col", "ha_2010", "--zones", str(links[".parquet"]), "--quiet"],
        ["overlay", str(links[".parquet"]), "--value-col", "ha", "--engine", "dask", "--quiet"],
        ["map", "--add", str(links[".geojson"]), "--out", "m.html"],
        ["reach", "Iscozacin", "--aircraft", str(links[".json"]), "--hours", "1"],
        ["economics", "--scenario", str(links[".toml"])],
        ["overlay", str(links[".tif"]), "--raster-unit", "ha-per-km2", "--quiet"],  # hung before
        ["roads", "fetch", "--osm-file", str(links[".osm"]), "--out", "r.gpkg"],  # "no such file" before
    ]
    kind = "a FIFO (named pipe)" if what == "fifo" else "a character device"
    for argv in runs:
        done = _cli(argv, cwd=tmp_path, timeout=60)  # a process of its own: a hang fails, not blocks
        line = _error(done.returncode, done.stderr)
        assert f"is {kind}, not a regular file; refusing to read it" in line, (argv, line)


def test_a_file_too_large_for_memory_is_refused_naming_its_size(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cells: Path
) -> None:
    size = cells.stat().st_size
    # A GeoJSON file needs ~2x its size as a GeoDataFrame (READ_MEMORY_FACTOR); leave 1.5x available.
    monkeypatch.setattr(_files, "available_memory_bytes", lambda: int(1.5 * size))
    code, _, err = _run(capsys, "validate", str(cells))
    line = _error(code, err)
    assert f"{size / 1024:,.1f} KiB on disk needs about {2 * size / 1024:,.1f} KiB of memory" in line
    assert f"only {int(1.5 * size) / 1024:,.1f} KiB is available" in line


def test_the_memory_available_is_the_system_s_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    meminfo = Path("/proc/meminfo")
    if not meminfo.is_file():
        pytest.skip("no /proc/meminfo")
    line = next(x for x in meminfo.read_text().splitlines() if x.startswith("MemAvailable:"))
    kib = int(line.split()[1])
    available = _files.available_memory_bytes()
    assert available is not None and available <= kib * 1024 * 1.05  # never above the system's figure


def _points(path: Path, n: int) -> Path:
    import numpy as np
    import shapely

    xy = np.column_stack([np.linspace(-77, -75, n), np.linspace(-10, -8, n)])
    gpd.GeoDataFrame({"id": np.arange(n)}, geometry=shapely.points(xy), crs=4326).to_file(path, engine="pyogrio")
    return path


def test_map_add_over_the_feature_limit_is_refused_with_how_to_raise_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from geo_huallaga import maps

    big = _points(tmp_path / "big.fgb", 200_001)
    monkeypatch.setattr(maps, "build_map", lambda *a, **k: pytest.fail("read the whole layer"))
    code, _, err = _run(capsys, "map", "--add", str(big), "--out", str(tmp_path / "m.html"))
    line = _error(code, err)
    assert "200,001 features, over the limit of 200,000" in line
    assert "--max-features 200001" in line and "GEO_HUALLAGA_MAX_FEATURES=200001" in line
    small = _points(tmp_path / "small.geojson", 3)
    code, _, err = _run(capsys, "map", "--add", str(small), "--max-features", "2", "--out", str(tmp_path / "m.html"))
    assert "3 features, over the limit of 2" in _error(code, err)
    monkeypatch.setenv("GEO_HUALLAGA_MAX_FEATURES", "2")
    code, _, err = _run(capsys, "map", "--add", str(small), "--out", str(tmp_path / "m.html"))
    assert "3 features, over the limit of 2" in _error(code, err)
    assert not (tmp_path / "m.html").exists()


def test_raising_the_feature_limit_draws_the_layer(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    small = _points(tmp_path / "small.geojson", 3)
    code, out, err = _run(capsys, "map", "--layers", "places", "--add", str(small), "--max-features", "3",
                          "--out", str(tmp_path / "m.html"))
    assert code == 0, err
    assert "small" in out


# ------------------------------------------------ 5. text from user files never reaches a terminal raw


_NASTY = "Zone\x1b[2J\x1b[31mRED\nsecond line\r\u202eevil\x9b"


def _assert_clean(text: str) -> None:
    for c in ("\x1b", "\r", "\u202e", "\x9b"):
        assert c not in text, repr(text)


def test_control_characters_in_zone_names_and_ids_are_escaped_in_tables(
    capsys: pytest.CaptureFixture[str], cells: Path, tmp_path: Path
) -> None:
    zones = tmp_path / "nasty.geojson"
    gpd.GeoDataFrame(
        {"id": [_NASTY, "b"], "name": [_NASTY, "ok"]},
        geometry=[box(-76.5, -9.5, -76.0, -9.0), box(-76.0, -9.5, -75.5, -9.0)], crs=4326,
    ).to_file(zones)
    code, out, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones), "--quiet")
    assert code == 0, err
    _assert_clean(out)
    assert "Zone\\x1b[2J\\x1b[31mRED\\nsecond line\\r\\u202eevil\\x9b" in out
    assert len(out.strip().splitlines()) == 2 + 2 + 2  # header, rule, two zones, blank, totals
    code, out, err = _run(capsys, "overlay", str(cells), "--value-col", "ha", "--zones", str(zones), "--quiet",
                          "--json")
    assert code == 0
    _assert_clean(out)
    assert json.loads(out)["zones"][0]["id"] == _NASTY  # JSON escapes, the value is intact


def test_control_characters_in_columns_and_paths_stay_on_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, zones: Path
) -> None:
    cells = tmp_path / "c.geojson"
    gpd.GeoDataFrame({_NASTY: [1.0]}, geometry=[Point(-76.2, -9.2).buffer(0.01)], crs=4326).to_file(cells)
    code, _, err = _run(capsys, "overlay", str(cells), "--value-col", "ha\x1b[0m", "--zones", str(zones), "--quiet")
    _assert_clean(_error(code, err))
    weird = tmp_path / "new\nline\x1b[31m.geojson"
    code, _, err = _run(capsys, "validate", str(weird))
    line = _error(code, err)
    _assert_clean(line)
    assert "new\\nline\\x1b[31m.geojson: no such file" in line


def test_names_from_profiles_and_scenarios_are_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plane = tmp_path / "plane.json"
    plane.write_text(json.dumps({**PROFILE, "id": _NASTY, "name": _NASTY}))
    scenario = tmp_path / "s.toml"
    scenario.write_text(f"name = {json.dumps(_NASTY)}\n[parameters]\nclans = 20\n")
    runs = [
        ["reach", "Iscozacin", "--aircraft", str(plane), "--hours", "1"],
        ["flight", "Iscozacin", "Tingo Maria", "--aircraft", str(plane)],
        ["economics", "--scenario", str(scenario)],
        ["economics", "--scenario", str(scenario), "--markdown"],
    ]
    for argv in runs:
        code, out, err = _run(capsys, *argv)
        assert code == 0, err
        _assert_clean(out + err)
        if argv[-1] != str(scenario):  # the plain economics table does not show the scenario's name
            assert "Zone\\x1b[2J" in out, (argv, out)


def test_usage_errors_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "a.geojson", "\x1b[31m\nred"])
    err = capsys.readouterr().err
    assert code == 2
    _assert_clean(err)
    assert err.count("\n") == 1 and "unrecognized arguments: \\x1b[31m\\nred" in err


def test_problems_listed_by_validate_are_escaped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "dup\x1b[31m.geojson"
    gpd.GeoDataFrame({"id": [_NASTY, _NASTY]}, geometry=[Point(-76, -9), Point(-76.1, -9)], crs=4326).to_file(bad)
    code, _, err = _run(capsys, "validate", str(bad))
    assert code == 1
    _assert_clean(err)
    assert len(err.strip().splitlines()) == 1


def test_near_export_and_roads_fetch_escape_text_from_files_and_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    points, areas = tmp_path / "points.geojson", tmp_path / "areas.geojson"
    gpd.GeoDataFrame({"id": [_NASTY, "p2"], "name": [_NASTY, "ok"], "source": [_NASTY, "s"]},
                     geometry=[Point(-76.2, -9.2), Point(-70.0, -9.0)], crs=4326).to_file(points)
    gpd.GeoDataFrame({"id": [_NASTY], "name": [_NASTY], "source": [_NASTY]},
                     geometry=[box(-76.5, -9.5, -76.0, -9.0)], crs=4326).to_file(areas)
    code, out, err = _run(capsys, "near", str(points), "--to", str(areas))
    assert code == 0, err
    _assert_clean(out + err)  # the "sources:" lines printed the source column raw
    assert "sources: points: Zone\\x1b[2J\\x1b[31mRED\\nsecond line" in out
    code, out, err = _run(capsys, "near", str(points), "--to", str(areas), "--csv")
    assert code == 0, err
    _assert_clean(out)
    assert len(out.splitlines()) == 3  # header and two points: no name breaks a row
    written = tmp_path / "near.csv"
    code, _, err = _run(capsys, "near", str(points), "--to", str(areas), "--out", str(written), "--json")
    assert code == 0, err
    assert _NASTY in written.read_bytes().decode("utf-8")  # a file keeps the text as read
    nasty_out = tmp_path / "e\x1b[31m\nx.kml"
    code, out, err = _run(capsys, "export", "places", "--out", str(nasty_out))
    assert code == 0, err
    _assert_clean(out)
    assert out.count("\n") == 1 and "e\\x1b[31m\\nx.kml" in out
    code, out, err = _run(capsys, "roads", "fetch", "--osm-file", str(ROOT / "tests" / "data" / "osm_roads.osm"),
                          "--out", str(tmp_path / "r\x1b[31m.geojson"))
    assert code == 0, err
    _assert_clean(out)
    assert "r\\x1b[31m.geojson" in out


def _vrt(path: Path, geotransform: str, width: int = 4, height: int = 4) -> Path:
    """A raster whose header says what we want (GDAL reads a band without sources as zeros)."""
    path.write_text(
        f'<VRTDataset rasterXSize="{width}" rasterYSize="{height}"><SRS>EPSG:4326</SRS>'
        f"<GeoTransform>{geotransform}</GeoTransform>"
        '<VRTRasterBand dataType="Float32" band="1"></VRTRasterBand></VRTDataset>'
    )
    return path


@pytest.mark.parametrize(("geotransform", "message"), [
    ("-76.4, 0, 0, -9, 0, -0.1", "cell size or origin is zero or not a number"),  # numpy notes, then 'total 0'
    ("-76.4, nan, 0, -9, 0, -0.1", "cell size or origin is zero or not a number"),
    ("-76.4, 0.1, 0, -9, 0, 0.1", "the raster is not north-up (its rows go north)"),  # an internal error
    ("-76.4, 1e30, 0, -9, 0, -1e30", "cells reach beyond the globe"),  # a total larger than the Earth, exit 0
    ("-190, 10, 0, 100, 0, -10", "cells reach beyond the globe"),  # latitudes past 90°, exit 0
])
def test_a_raster_whose_geotransform_is_impossible_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, geotransform: str, message: str
) -> None:
    raster = _vrt(tmp_path / "r.vrt", geotransform)
    code, _, err = _run(capsys, "overlay", str(raster), "--raster-unit", "ha-per-km2", "--quiet")
    assert message in _error(code, err)


def test_a_raster_header_claiming_huge_dimensions_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # 2e9 x 2e9 cells in a 300-byte file: the list of windows alone took 9 GB of memory, and growing.
    raster = _vrt(tmp_path / "huge.vrt", "-76.4, 1e-9, 0, -9, 0, -1e-9", 2_000_000_000, 2_000_000_000)
    before = _snapshot(raster)
    code, _, err = _run(capsys, "overlay", str(raster), "--raster-unit", "ha-per-km2", "--quiet")
    line = _error(code, err)
    assert "2,000,000,000 x 2,000,000,000 = 4,000,000,000,000,000,000 cells is more than the limit of " \
           "100,000,000,000" in line and "GEO_HUALLAGA_MAX_RASTER_CELLS" in line
    assert _snapshot(raster) == before
    rasterio = pytest.importorskip("rasterio")
    from affine import Affine

    small = tmp_path / "small.tif"  # 16 cells of 50 ha/km²
    with rasterio.open(small, "w", driver="GTiff", width=4, height=4, count=1, dtype="float32", crs="EPSG:4326",
                       transform=Affine(0.1, 0, -76.4, 0, -0.1, -9.0)) as ds:
        ds.write(np.full((4, 4), 50.0, dtype="float32"), 1)
    monkeypatch.setenv("GEO_HUALLAGA_MAX_RASTER_CELLS", "15")
    code, _, err = _run(capsys, "overlay", str(small), "--raster-unit", "ha-per-km2", "--quiet")
    assert "4 x 4 = 16 cells is more than the limit of 15" in _error(code, err)
    monkeypatch.setenv("GEO_HUALLAGA_MAX_RASTER_CELLS", "16")
    code, _, err = _run(capsys, "overlay", str(small), "--raster-unit", "ha-per-km2", "--quiet")
    assert code == 0, err
