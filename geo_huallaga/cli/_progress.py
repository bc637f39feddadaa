"""A plain text progress bar on stderr for long runs (no dependency, off when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable ``(done, total)`` that draws ``label [#####.....]  50% 5/10`` on *stream*.

    It draws only when *enabled*, when *stream* is a terminal, and once the run has lasted
    *delay_s* seconds (short runs stay silent). :meth:`close` ends the line if one was drawn.

    Examples
    --------
    >>> import io
    >>> bar = ProgressBar("overlay", stream=io.StringIO())  # not a terminal: draws nothing
    >>> bar(5, 10); bar.close(); bar.stream.getvalue()
    ''
    """

    def __init__(
        self, label: str, *, enabled: bool = True, stream: TextIO | None = None, delay_s: float = 1.0
    ) -> None:
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled and bool(isatty and isatty())
        self._start = time.monotonic()
        self._delay_s = delay_s
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        """Redraw the bar for *done* of *total* steps."""
        if not self.enabled or time.monotonic() - self._start < self._delay_s:
            return
        width = 30
        frac = done / total if total else 1.0
        filled = round(width * frac)
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {100 * frac:3.0f}% {done:,}/{total:,}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line, if one was drawn."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
