"""Cost of ``import logitlab`` beside ``import numpy``, in fresh interpreters.

logitlab imports only NumPy at the top level (widgets, matplotlib and scipy
load on demand), so the goal is at most 30 ms more than ``import numpy``.

Rows: the median wall time of ``python -c "import X"`` over alternating
fresh subprocesses (interpreter start-up included on both sides, so the
difference is the import), and the import time ``python -X importtime``
attributes to logitlab's own modules.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time

from . import make_row

RUNS = 11
GOAL_MS = 30.0


def _wall(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - start


def _importtime() -> tuple[float, float]:
    """(cumulative ms of logitlab, of numpy) from one -X importtime run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import logitlab"],
        check=True,
        capture_output=True,
        text=True,
    )
    cumulative = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s*(\d+)\s*\|\s*(\d+)\s*\|(\s*)(\S+)", line)
        if match:
            cumulative.setdefault(match[4], int(match[2]) / 1e3)
    return cumulative["logitlab"], cumulative.get("numpy", 0.0)


def run() -> list[dict]:
    """Median over alternating subprocess runs, after one warm-up of each."""
    _wall("numpy"), _wall("logitlab")  # warm the file-system cache
    ours, base = [], []
    for _ in range(RUNS):
        base.append(_wall("numpy"))
        ours.append(_wall("logitlab"))
    t_ours, t_base = statistics.median(ours) * 1e3, statistics.median(base) * 1e3
    extra = t_ours - t_base
    row = make_row(
        "python -c 'import logitlab' vs 'import numpy'",
        t_ours,
        t_base,
        unit="ms",
        note=f"{extra:+.1f} ms; median of {RUNS} alternating fresh interpreters",
    )
    row["goal"] = f"<= numpy + {GOAL_MS:g} ms"
    row["ok"] = bool(extra <= GOAL_MS)

    own = [lt - nt for lt, nt in (_importtime() for _ in range(5))]
    cumulative = statistics.median(own)
    detail = make_row(
        "import logitlab minus its numpy import (-X importtime)",
        cumulative,
        unit="ms",
        note="for information (importtime adds its own overhead): median of 5 runs, "
        "logitlab's cumulative import time less numpy's",
    )
    return [row, detail]
