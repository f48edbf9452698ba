"""In-kernel slider step time of the explorers of lessons 05-07.

A step is: slider value set -> the explorer recomputes what it plots (a
gradient-descent path of up to 300 steps, 401 naive and stable softmaxes,
or a 160 x 160 three-class probability image), blits it over the cached
background and has PNG bytes in the Image widget. Goal: a median under
100 ms, so that dragging stays fluid (about 10 frames per second or more).
The PathExplorer penalty slider redraws the loss contours (static
background) and is reported separately, for information. The PathExplorer's
right panel fits its axes to the drawn values, so a step that moves them
redraws the background too: the random jumps above hit that on almost every
step; a drag in the slider's own 0.1 steps (the mean, redraws included) is
what a reader feels.
"""

from __future__ import annotations

import statistics
import time

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot: never open a window

import numpy as np  # noqa: E402

from . import make_row  # noqa: E402

STEPS = 30
WARMUP = 3
GOAL_MS = 100.0


def _steps(ex, names, values):
    import ipywidgets

    from logitlab.widgets._sliders import value_range

    times = []
    for i in range(STEPS + WARMUP):
        name = names[i % len(names)]
        slider = ex.sliders[name]
        # Values, not slider positions: a log slider's min and max are exponents,
        # and the sliders refuse a value out of range.
        lo, hi = value_range(slider)
        fraction = values[(7 * i + 3) % len(values)]
        if isinstance(slider, ipywidgets.FloatLogSlider):
            value = lo * (hi / lo) ** fraction
        else:
            value = lo + (hi - lo) * fraction
        if isinstance(slider.value, int):
            value = int(round(value))
        if slider.value == value:
            value = lo if value != lo else hi
        t0 = time.perf_counter()
        slider.value = value
        _ = ex.image.value
        if i >= WARMUP:
            times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3, min(times) * 1e3


def run() -> list[dict]:
    from logitlab.widgets import PathExplorer, RegionsExplorer, StabilityExplorer

    fractions = np.linspace(0.05, 0.95, 19)
    rows = []

    path = PathExplorer(n_steps=300)
    med, best = _steps(path, ("beta1", "beta2"), fractions)
    rows.append(make_row("PathExplorer start-slider step, 300 GD steps (median)", med,
                         max_value=GOAL_MS, unit="ms",
                         note=f"{STEPS} steps; best {best:.1f} ms"))
    times = []
    for value in np.round(np.arange(-4.0, 4.05, 0.1), 1):
        t0 = time.perf_counter()
        path.sliders["beta1"].value = float(value)
        _ = path.image.value
        times.append(time.perf_counter() - t0)
    rows.append(make_row("PathExplorer start-slider drag by 0.1, -4 to 4 (mean)",
                         statistics.mean(times) * 1e3, max_value=GOAL_MS, unit="ms",
                         note=f"{len(times)} steps, axis redraws included; "
                              f"median {statistics.median(times) * 1e3:.1f} ms"))
    path.sliders["steps"].value = 300
    med, best = _steps(path, ("lr", "steps"), fractions)
    rows.append(make_row("PathExplorer step-size/steps slider step (median)", med,
                         max_value=GOAL_MS, unit="ms",
                         note=f"recomputes 5 paths; best {best:.1f} ms"))
    t0 = time.perf_counter()
    for value in (0.1, 0.2, 0.0):
        path.sliders["l2"].value = value
    rows.append(make_row("PathExplorer penalty slider step (mean of 3)",
                         (time.perf_counter() - t0) / 3 * 1e3, unit="ms",
                         note="redraws the contours and the background; information only"))

    stab = StabilityExplorer()
    med, best = _steps(stab, ("scale", "shift"), fractions)
    rows.append(make_row("StabilityExplorer slider step (median)", med, max_value=GOAL_MS,
                         unit="ms", note=f"{STEPS} steps; best {best:.1f} ms"))

    reg = RegionsExplorer()
    med, best = _steps(reg, ("a", "w1", "w2"), fractions)
    rows.append(make_row("RegionsExplorer slider step, 160x160 image (median)", med,
                         max_value=GOAL_MS, unit="ms", note=f"{STEPS} steps; best {best:.1f} ms"))
    return rows
