"""In-kernel update time of the slider explorers against the ``@interact`` pattern.

Rows:

* ``CurveExplorer`` slider step (value set -> moving artists blitted over the
  cached background and PNG bytes in the Image widget) against the naive
  ``@interact`` callback that builds a new pyplot figure per change: the same
  size, dpi and style, the same three curves, marker line and points, legend,
  labels and title, ``savefig`` to PNG bytes, ``plt.close``. Each step is
  timed on its own, ours and naive alternating so that load from other
  processes hits both alike; median and best of the steps. Goal: ratio <= 0.4.
* ``ValleyExplorer`` slider step, for information.

The steps cycle through the four sliders, so every kind of change is in
the sample. Agg backend throughout; no browser involved (the browser
benchmark measures the repaint).
"""

from __future__ import annotations

import io
import statistics
import time

import matplotlib

matplotlib.use("Agg")  # before pyplot: the benchmark must never open a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from logitlab import sigmoid, softmax  # noqa: E402

from . import make_row  # noqa: E402

#: Timed slider steps per side; warm-up steps are extra.
STEPS = 40
WARMUP = 3


def naive_figure(beta, beta1, beta2, x, *, figsize, dpi, grid):
    """What an ``@interact`` callback draws per slider move: a whole new figure.

    The one definition of the naive pattern: bench_browser ships this
    function's source into the notebook it measures in JupyterLab.
    """
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)  # no layout engine: the cheapest naive
    ax.plot(grid, sigmoid(grid * beta1), color="#999999", lw=1.8, ls=":",
            label=r"asker's $\sigma(x\beta_1)$")
    ax.plot(grid, sigmoid(grid * beta), color="#0072B2", lw=3.2, label=r"$\sigma(x\beta)$")
    soft = softmax(np.stack([grid * beta1, grid * beta2], axis=-1))[:, 0]
    ax.plot(grid, soft, color="#E69F00", lw=2.0, ls=(0, (5, 3)),
            label=r"softmax$([x\beta_1, x\beta_2])_1$")
    ax.axvline(x, color="black", lw=1.0, ls="--", alpha=0.6)
    ax.plot([x], [sigmoid(x * beta1)], "o", color="#999999", ms=6)
    ax.plot([x], [sigmoid(x * beta)], "o", color="#0072B2", ms=8)
    ax.plot([x], [softmax([x * beta1, x * beta2])[0]], "D", mfc="none", ms=9)
    ax.set_xlim(grid[0], grid[-1])
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel("$x$")
    ax.set_ylabel("probability")
    ax.set_title("sigmoid against the two-class softmax")
    ax.legend(loc="lower right")
    return fig


def _naive_update(beta, beta1, beta2, x, *, figsize, dpi, rc, grid):
    """A naive step in the kernel: new figure, PNG bytes, figure closed."""
    with matplotlib.rc_context(rc):
        fig = naive_figure(beta, beta1, beta2, x, figsize=figsize, dpi=dpi, grid=grid)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
    return buf.getvalue()


def _steps(n):
    """(slider, value) pairs cycling through the sliders, every value a change."""
    values = np.round(np.linspace(-4.0, 4.0, 17), 2)
    names = ("beta", "beta1", "beta2", "x")
    return [(names[i % 4], float(values[(3 * i + 1) % len(values)])) for i in range(n)]


def _curve_rows():
    from logitlab.widgets import CurveExplorer
    from logitlab.widgets._base import _RC

    ex = CurveExplorer()
    grid = ex.lines["sigmoid"].get_xdata()
    state = {name: s.value for name, s in ex.sliders.items()}
    ours, naive = [], []
    for i, (name, value) in enumerate(_steps(STEPS + WARMUP)):
        if ex.sliders[name].value == value:
            value = -value if value else 0.5
        before = ex.n_renders
        t0 = time.perf_counter()
        ex.sliders[name].value = value
        png = ex.image.value
        t1 = time.perf_counter()
        assert ex.n_renders == before + 1 and len(png) > 1000
        state[name] = value
        naive_png = _naive_update(
            state["beta"], state["beta1"], state["beta2"], state["x"],
            figsize=ex.figsize, dpi=ex.dpi, rc=_RC, grid=grid,
        )
        t2 = time.perf_counter()
        assert len(naive_png) > 1000
        if i >= WARMUP:
            ours.append(t1 - t0)
            naive.append(t2 - t1)
    size = f"{ex.figsize[0]}x{ex.figsize[1]} in at {ex.dpi} dpi"
    note = f"{STEPS} steps over 4 sliders, alternating; naive = new figure + savefig; {size}"
    return [
        make_row("CurveExplorer slider step vs @interact new figure (median)",
                 statistics.median(ours) * 1e3, statistics.median(naive) * 1e3,
                 max_ratio=0.4, unit="ms", note=note),
        make_row("CurveExplorer slider step vs @interact new figure (best)",
                 min(ours) * 1e3, min(naive) * 1e3, max_ratio=0.4, unit="ms", note=note),
    ]


def _valley_row():
    from logitlab.widgets import ValleyExplorer

    ex = ValleyExplorer()
    times = []
    names = ("beta1", "beta2", "c")
    values = np.round(np.linspace(-4.0, 4.0, 17), 2)
    for i in range(STEPS + WARMUP):
        name, value = names[i % 3], float(values[(5 * i + 2) % len(values)])
        if ex.sliders[name].value == value:
            value = -value if value else 0.5
        t0 = time.perf_counter()
        ex.sliders[name].value = value
        _ = ex.image.value
        if i >= WARMUP:
            times.append(time.perf_counter() - t0)
    return make_row("ValleyExplorer slider step (median)", statistics.median(times) * 1e3,
                    unit="ms", note=f"{STEPS} steps over 3 sliders; best "
                    f"{min(times) * 1e3:.1f} ms; information only")


def run() -> list[dict]:
    """Rows for ``python -m benchmarks widgets``."""
    return _curve_rows() + [_valley_row()]
