"""Fit the circuity factors of the built-in road network; write ``geo_huallaga/data/circuity.json``.

Routes every pair of ``geo_huallaga/data/driving_distances.csv`` on the built-in network,
fits one factor per terrain class (:func:`geo_huallaga.circuity.fit`), checks it by
leave-one-out and prints the table that docs/routing.md shows. Same inputs, same bytes.

Run from the repository root after ``scripts/build_road_network.py``::

    PYTHONPATH=$PWD /work/venv/bin/python scripts/fit_circuity.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo_huallaga import circuity, routing
from geo_huallaga.layers import atomic_write

OUT = Path(routing.__file__).resolve().parent / "data" / "circuity.json"
SOURCE = ("fitted by scripts/fit_circuity.py on the published driving distances of "
          "geo_huallaga/data/driving_distances.csv (docs/routing.md)")


def _write(factors: dict[str, dict[str, float]], extra: dict[str, object]) -> None:
    text = json.dumps({"source": SOURCE, "factors": factors, **extra}, indent=2, ensure_ascii=False) + "\n"
    with atomic_write(OUT, protect=[circuity.REFERENCE_FILE], builtin_ok=True) as tmp:
        tmp.write_text(text, encoding="utf-8")


def main() -> int:
    if not OUT.exists():
        # Measuring does not depend on the factors (only the per-class lengths are used),
        # but routing reads the file: start from factors of 1.
        _write({c: {"low": 1.0, "central": 1.0, "high": 1.0} for c in circuity.CLASSES}, {})
    pairs = circuity.reference_pairs()
    measured = [circuity.measure(p) for p in pairs]
    published = np.array([p.published_km for p in pairs])
    result = circuity.fit(measured, published)
    factors = {
        c: {"low": round(float(result.low[k]), 3), "central": round(float(result.central[k]), 3),
            "high": round(float(result.high[k]), 3)}
        for k, c in enumerate(circuity.CLASSES)
    }
    abs_err = np.abs(result.loo_error)
    summary = {
        "pairs": len(pairs),
        "loo_median_abs_error": round(float(np.median(abs_err)), 4),
        "loo_max_abs_error": round(float(abs_err.max()), 4),
    }
    _write(factors, summary)
    print("| pair | published km | network km (flat + rugged + access) | estimate km | LOO error |")
    print("|---|---|---|---|---|")
    central = result.central
    for p, m, e in zip(pairs, measured, result.loo_error, strict=True):
        est = float(m.class_km @ central + m.fixed_km)
        print(f"| {p.origin} – {p.destination} | {p.published_km:g} | "
              f"{m.class_km.sum() + m.fixed_km:.0f} ({m.class_km[0]:.0f} + {m.class_km[1]:.0f} + "
              f"{m.fixed_km:.0f}) | {est:.0f} | {e * 100:+.1f} % |")
    print(f"factors: {factors}")
    print(f"leave-one-out: median |error| {summary['loo_median_abs_error'] * 100:.1f} %, "
          f"max {summary['loo_max_abs_error'] * 100:.1f} %, over {len(pairs)} pairs")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
