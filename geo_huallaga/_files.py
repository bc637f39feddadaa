"""Guards for every file the toolkit reads or writes.

Two doors, each guarded once: :func:`check_input` before any user file is opened, and
:func:`check_output` before anything is written (``layers.atomic_write`` calls it, and the
command line calls it before the work starts, so a bad ``--out`` is refused in a second).

What the guards refuse, each with one line naming the file:

* writing over an input of the same command (same inode counts as the same file, so a
  symlink or a hard link to an input is refused too), over a file inside the installed
  package or its built-in layers folder, over a device node, FIFO or socket, or anywhere
  under ``/dev``, ``/proc`` or ``/sys``;
* reading a FIFO, a device or a socket (it could block forever or never end), an unreadable
  file, or a vector file larger than the memory available can hold (see
  :data:`READ_MEMORY_FACTOR`).

Operating-system failures while writing (permission denied, read-only folder, disk full, a
file-size limit) become :class:`~geo_huallaga.errors.FileAccessError` with one line.

Temporary files are named ``.STEM.ghPID.XXXXXXXX.tmpSUFFIX`` next to the target: removed on
success, failure, SIGTERM and SIGHUP; after a ``kill -9`` the next write to the same target
removes those whose process is gone.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> given = folder / "zones.geojson"
>>> _ = given.write_text("{}")
>>> check_output(folder / "out.geojson", protect=[given]).name
'out.geojson'
>>> check_output(given, protect=[given])
Traceback (most recent call last):
...
geo_huallaga.errors.LayerValidationError: ...zones.geojson: refusing to overwrite an input file; choose another --out
>>> check_output("/dev/null")
Traceback (most recent call last):
...
geo_huallaga.errors.LayerValidationError: /dev/null: refusing to write to a system device or folder (/dev); ...
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path
from types import FrameType
from typing import Any

from geo_huallaga.errors import DataFileNotFoundError, FileAccessError, LayerValidationError

__all__ = [
    "READ_MEMORY_FACTOR",
    "SYSTEM_FOLDERS",
    "available_memory_bytes",
    "check_input",
    "check_memory",
    "check_output",
    "describe_os_error",
    "output_mode",
    "protected",
    "protected_inputs",
    "remove_stale_temps",
    "temp_prefix",
    "tracked_temp",
]

#: Folders of the operating system no output may go into (devices, kernel views).
SYSTEM_FOLDERS: tuple[str, ...] = ("/dev", "/proc", "/sys")

#: A vector file read into memory takes about this many times its size on disk, per extension
#: ("" for the others: GeoPackage, FlatGeobuf, Shapefile...). Approximate: the peak growth while
#: reading 150,000 small polygons was 1.4x for GeoJSON, 3.1x for GeoPackage and FlatGeobuf and
#: 13x for (compressed) GeoParquet (``benchmarks/bench_read_memory.py``); the factors leave a
#: margin. A file is refused when its size times the factor exceeds the memory available.
READ_MEMORY_FACTOR: dict[str, float] = {".geojson": 2.0, ".json": 2.0, ".parquet": 15.0, ".geoparquet": 15.0, "": 4.0}

_protected: ContextVar[tuple[str, ...]] = ContextVar("geo_huallaga_protected", default=())


# --------------------------------------------------------------------------------------------
# What a path is


def _special_kind(mode: int) -> str | None:
    """Name a file type that is not a regular file or a folder; None for those two."""
    kinds = (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    for test, name in kinds:
        if test(mode):
            return name
    return None


def _system_folder(path: Path) -> str | None:
    for folder in SYSTEM_FOLDERS:
        if path == Path(folder) or path.is_relative_to(folder):
            return folder
    return None


def _package_folders() -> tuple[tuple[Path, str], ...]:
    """Return the built-in layers folders and the installed package, each with how to name it."""
    package = Path(__file__).resolve().parent
    found = [(package / "_layers", "the built-in layers folder")]
    if (package.parent / "layers" / "places.geojson").is_file():  # a checkout
        found.append((package.parent / "layers", "the built-in layers folder"))
    found.append((package, "the installed geo_huallaga package"))
    return tuple(found)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def describe_os_error(exc: OSError) -> str:
    """Say in a few words what an operating-system error means for the user.

    Examples
    --------
    >>> import errno
    >>> describe_os_error(OSError(errno.ENOSPC, "No space left on device"))
    'no space left on device (disk full)'
    >>> describe_os_error(OSError(errno.EFBIG, "File too large"))
    'file too large (a file-size limit, ulimit -f, was reached)'
    """
    phrases = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOSPC: "no space left on device (disk full)",
        errno.EDQUOT: "disk quota exceeded",
        errno.EFBIG: "file too large (a file-size limit, ulimit -f, was reached)",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "is a folder, not a file",
        errno.ENAMETOOLONG: "file name too long",
        errno.ELOOP: "too many levels of symbolic links",
        errno.EIO: "input/output error",
    }
    if exc.errno in phrases:
        return phrases[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()


# --------------------------------------------------------------------------------------------
# Inputs


@contextlib.contextmanager
def protected(paths: Iterable[str | os.PathLike[str]]) -> Iterator[None]:
    """Protect *paths* (the files a command was given) from every write made inside the block.

    The command line wraps each command in it, so an output can never replace an input even
    when a command forgets to pass it as ``protect=``.

    Examples
    --------
    >>> with protected(["a.geojson"]):
    ...     protected_inputs()
    ('a.geojson',)
    >>> protected_inputs()
    ()
    """
    token = _protected.set(tuple(os.fspath(p) for p in paths))
    try:
        yield
    finally:
        _protected.reset(token)


def protected_inputs() -> tuple[str, ...]:
    """Return the paths :func:`protected` guards in this context."""
    return _protected.get()


def check_input(path: str | os.PathLike[str], *, what: str = "file") -> os.stat_result:
    """Refuse to read *path* unless it is an existing, readable regular file (or folder).

    A FIFO, device or socket is refused before it is opened: reading one could block forever
    or never end.

    Raises
    ------
    DataFileNotFoundError
        No such file.
    FileAccessError
        A FIFO, device or socket, or a file that cannot be read (permission denied).

    Examples
    --------
    >>> check_input("/dev/zero", what="scenario file")
    Traceback (most recent call last):
    ...
    geo_huallaga.errors.FileAccessError: /dev/zero: is a character device, not a regular file; refusing to read it ...
    """
    file = Path(path)
    try:
        st = os.stat(file)
    except FileNotFoundError:
        raise DataFileNotFoundError(f"{file}: no such {what}") from None
    except OSError as exc:
        raise FileAccessError(f"{file}: cannot read this {what}: {describe_os_error(exc)}") from None
    kind = _special_kind(st.st_mode)
    if kind is not None:
        raise FileAccessError(
            f"{file}: is {kind}, not a regular file; refusing to read it (it may never end); "
            "copy the data into a file first"
        )
    flags = os.R_OK | (os.X_OK if stat.S_ISDIR(st.st_mode) else 0)
    if not os.access(file, flags):
        raise FileAccessError(f"{file}: cannot read this {what}: permission denied")
    return st


def _meminfo_available() -> int | None:
    try:
        text = Path("/proc/meminfo").read_text()
    except OSError:
        return None
    m = re.search(r"^MemAvailable:\s+(\d+) kB", text, re.MULTILINE)
    return int(m.group(1)) * 1024 if m else None


def _cgroup_available() -> int | None:
    """Memory left under this process's cgroup (v2 or v1) limit, if it has one."""
    pairs = (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
    )
    for limit_file, usage_file in pairs:
        try:
            limit_text = Path(limit_file).read_text().strip()
            usage = int(Path(usage_file).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit_text.isdigit() and int(limit_text) < 1 << 60:
            return max(int(limit_text) - usage, 0)
    return None


def available_memory_bytes() -> int | None:
    """Return the memory this process can still use, in bytes (None when unknown).

    The smaller of the system's ``MemAvailable`` and what is left under a container (cgroup)
    limit.

    Examples
    --------
    >>> (available_memory_bytes() or 1) > 0
    True
    """
    known = [v for v in (_meminfo_available(), _cgroup_available()) if v is not None]
    return min(known) if known else None


def _size_on_disk(path: Path, st: os.stat_result) -> int:
    if not stat.S_ISDIR(st.st_mode):
        size = st.st_size
        if path.suffix.lower() == ".shp":  # the attributes live beside it
            dbf = path.with_suffix(".dbf")
            with contextlib.suppress(OSError):
                size += dbf.stat().st_size
        return size
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return total


def _mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n / 1024:,.1f} KiB"


def check_memory(path: str | os.PathLike[str], st: os.stat_result | None = None) -> int:
    """Refuse a vector file whose in-memory copy would not fit in the memory available.

    The estimate is the size on disk times :data:`READ_MEMORY_FACTOR` (approximate). Returns
    the size on disk in bytes.

    Raises
    ------
    FileAccessError
        Size x factor exceeds :func:`available_memory_bytes`; the message names both.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.geojson"
    >>> _ = f.write_text('{"type": "FeatureCollection", "features": []}')
    >>> check_memory(f)
    45
    """
    file = Path(path)
    st = os.stat(file) if st is None else st
    size = _size_on_disk(file, st)
    factor = READ_MEMORY_FACTOR.get(file.suffix.lower(), READ_MEMORY_FACTOR[""])
    available = available_memory_bytes()
    if available is not None and size * factor > available:
        raise FileAccessError(
            f"{file}: {_mib(size)} on disk needs about {_mib(size * factor)} of memory to read "
            f"(~{factor:g}x its size), but only {_mib(available)} is available; split or filter it "
            "first (ogr2ogr -spat/-where), or use overlay --engine dask with GeoParquet"
        )
    return size


# --------------------------------------------------------------------------------------------
# Outputs


def _same_inode(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _input_path(p: str | os.PathLike[str]) -> Path:
    """Strip QGIS's ``|layername=...`` from a protected path."""
    return Path(os.fspath(p).partition("|")[0])


def _refuse_input(target: Path, real: Path, target_st: os.stat_result | None,
                  protect: Sequence[str | os.PathLike[str]]) -> None:
    for p in protect:
        given = _input_path(p)
        try:
            given_st = os.stat(given)
        except (OSError, ValueError):
            continue
        same_name = real == given.resolve()
        if same_name or (target_st is not None and _same_inode(target_st, given_st)):
            raise LayerValidationError(f"{target}: refusing to overwrite an input file; choose another --out")


def _refuse_package(target: Path, real: Path, target_st: os.stat_result | None) -> None:
    folders = _package_folders()
    for folder, what in folders:
        if _inside(real, folder):
            raise LayerValidationError(f"{target}: refusing to write into {what} ({folder}); choose another --out")
    if target_st is None or target_st.st_nlink < 2:
        return
    for folder, _what in folders:  # a hard link elsewhere to a file of the package?
        for root, _dirs, files in os.walk(folder):
            for name in files:
                with contextlib.suppress(OSError):
                    if _same_inode(os.stat(os.path.join(root, name)), target_st):
                        raise LayerValidationError(
                            f"{target}: is a hard link to {os.path.join(root, name)}, a file of the "
                            "installed geo_huallaga package; refusing to replace it; choose another --out"
                        )


def check_output(
    path: str | os.PathLike[str],
    *,
    protect: Sequence[str | os.PathLike[str]] = (),
    builtin_ok: bool = False,
    parents: bool = False,
) -> Path:
    """Refuse an output path that would replace anything the user did not name as the output.

    Parameters
    ----------
    path : path
        The output the user named.
    protect : sequence of paths
        The command's inputs; the paths of :func:`protected` are added.
    builtin_ok : bool
        Allow files inside the package (the scripts that regenerate the built-in layers).
    parents : bool
        Missing folders will be created by the caller: accept them, but not a file in the way.

    Returns
    -------
    pathlib.Path
        Where to write: *path* with symbolic links resolved, so a link keeps pointing at the
        file it names.

    Raises
    ------
    DataFileNotFoundError
        Empty path, a folder, or a folder that does not exist or is a file.
    LayerValidationError
        An input, a package file, a device, FIFO or socket, or a system folder.
    """
    text = os.fspath(path)
    if not text:
        raise DataFileNotFoundError("the output path is empty")
    target = Path(text)
    absolute = Path(os.path.abspath(text))
    real = target.resolve()
    for candidate in (absolute, real):
        folder = _system_folder(candidate)
        if folder is not None:
            raise LayerValidationError(
                f"{target}: refusing to write to a system device or folder ({folder}); "
                "name a regular file as --out"
            )
    try:
        target_st: os.stat_result | None = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):  # a missing folder is reported below
        target_st = None
    except OSError as exc:
        raise FileAccessError(f"{target}: cannot write here: {describe_os_error(exc)}") from None
    if target_st is not None:
        if stat.S_ISDIR(target_st.st_mode):
            raise DataFileNotFoundError(f"{target}: is a folder, not a file path")
        kind = _special_kind(target_st.st_mode)
        if kind is not None:
            raise LayerValidationError(f"{target}: is {kind}; refusing to replace it; name a regular file as --out")
    _refuse_input(target, real, target_st, (*protect, *protected_inputs()))
    if not builtin_ok:
        _refuse_package(target, real, target_st)
    _check_folder(real, target, parents=parents)
    return real


def _check_folder(real: Path, target: Path, *, parents: bool) -> None:
    folder = real.parent
    if folder.is_dir():
        return
    if not parents:
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise DataFileNotFoundError(f"{target.parent}: {what}")
    for ancestor in (folder, *folder.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise DataFileNotFoundError(f"{ancestor}: is a file, not a folder (in --out {target})")
            return


def output_mode(target: Path) -> int:
    """Return the permission bits a new *target* gets: those of the file it replaces, else 0666 & ~umask.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = f.write_text("x"); f.chmod(0o600)
    >>> oct(output_mode(f))
    '0o600'
    """
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


# --------------------------------------------------------------------------------------------
# Temporary files: named after the target and this process, removed on signals


def temp_prefix(target: Path) -> str:
    """Return the prefix of this process's temporary files for *target*.

    Examples
    --------
    >>> import os
    >>> temp_prefix(Path("maps/m.html")) == f".m.gh{os.getpid()}."
    True
    """
    return f".{target.stem}.gh{os.getpid()}."


def _pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files for *target* left by runs of this tool that were killed.

    Only files of this tool's pattern for the same target, owned by this user, whose process
    is no longer running. Returns the files removed.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> stale = folder / ".m.gh999999999.abcdefgh.tmp.html"
    >>> _ = stale.write_text("half a map")
    >>> [p.name for p in remove_stale_temps(folder / "m.html")]
    ['.m.gh999999999.abcdefgh.tmp.html']
    """
    pattern = re.compile(
        re.escape(f".{target.stem}.gh") + r"(\d+)\.[a-z0-9_]{8}" + re.escape(f".tmp{target.suffix}") + r"\Z"
    )
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or int(m.group(1)) == os.getpid() or _pid_running(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.geteuid():
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


_live_temps: set[Path] = set()
_previous_handlers: dict[int, Any] = {}
_lock = threading.Lock()
_CLEANUP_SIGNALS: tuple[int, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    for tmp in list(_live_temps):
        with contextlib.suppress(OSError):
            if tmp.is_dir() and not tmp.is_symlink():  # a scratch folder (the print's Chromium profile)
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink()
    _live_temps.clear()
    previous = _previous_handlers.pop(signum, signal.SIG_DFL)
    signal.signal(signum, previous)
    if callable(previous):
        previous(signum, frame)
    else:
        os.kill(os.getpid(), signum)  # die of the signal, as without us


@contextlib.contextmanager
def tracked_temp(tmp: Path) -> Iterator[Path]:
    """Remove *tmp* (a file, or a scratch folder and all in it) on SIGTERM or SIGHUP while the block runs.

    Handlers are installed only in the main thread and only for signals not ignored (a
    ``nohup`` run keeps ignoring SIGHUP). SIGXFSZ is ignored, so a file-size limit becomes
    an ``EFBIG`` error instead of killing the process.
    """
    main = threading.current_thread() is threading.main_thread()
    with _lock:
        first = not _live_temps
        _live_temps.add(tmp)
        if main and first:
            if hasattr(signal, "SIGXFSZ"):
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            for signum in _CLEANUP_SIGNALS:
                current = signal.getsignal(signum)
                if current is not signal.SIG_IGN and current is not _on_signal:
                    _previous_handlers[signum] = signal.SIG_DFL if current is None else current
                    signal.signal(signum, _on_signal)
    try:
        yield tmp
    finally:
        with _lock:
            _live_temps.discard(tmp)
            if main and not _live_temps:
                for signum, previous in list(_previous_handlers.items()):
                    if signal.getsignal(signum) is _on_signal:
                        signal.signal(signum, previous)
                    del _previous_handlers[signum]
