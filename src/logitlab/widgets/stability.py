"""Push the scores until the textbook formulas break.

:class:`StabilityExplorer` plots a two-class softmax over a fixed input
range with scores ``z1 = s*x + c`` and ``z2 = c``. The scale ``s`` and the
shift ``c`` are sliders. Mathematically the shift changes nothing and the
scale only sharpens the curve; in float64, ``exp`` overflows above 709.78
and underflows to 0 below -745.13, and the naive formulas return NaN or
``-inf`` there. The stable functions of :mod:`logitlab` stay right.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from ..functions import log_softmax, naive_sigmoid, softmax
from ._base import PALETTE, Explorer
from ._sliders import ExactValues, float_log_slider, float_slider, slider_argument

__all__ = ["StabilityExplorer", "EXP_OVERFLOW", "EXP_UNDERFLOW"]

#: Largest argument for which ``numpy.exp`` is finite: log(float64 max).
EXP_OVERFLOW = float(np.log(np.finfo(np.float64).max))
#: Below this ``numpy.exp`` returns exactly 0 (half the smallest subnormal).
EXP_UNDERFLOW = float(np.log(np.finfo(np.float64).smallest_subnormal)) - float(np.log(2))

_N = 401
# The right panel plots -log P(class 2), the loss, on a log axis: from the
# smallest loss worth seeing to above the largest the sliders reach (s*x at
# s = 10**3.5, x = 1).
_LOSS_Y = (1e-4, 1e4)
_PROB_Y = (-0.05, 1.05)
_X_TICKS = (-1.0, -0.5, 0.0, 0.5, 1.0)
# The bands that mark where a formula fails: shaded x ranges, not one marker
# per grid point (59 neighbouring markers merge into an unreadable bar). Drawn
# as rectangles, one per run of failing grid points: an image across the
# axes cost 13 ms a step to resample (profile of 130 steps, issue 20).
_NAN_BAND = {"facecolor": to_rgba(PALETTE["vermillion"], 0.3), "edgecolor": "none"}
# Hatched: it overlaps the NaN band, and two washes would blend into a third colour.
_INF_BAND = {"facecolor": to_rgba(PALETTE["purple"], 0.12), "edgecolor": PALETTE["purple"],
             "hatch": "//", "linewidth": 0.0}
# Where a naive curve stops (NaN or infinite beyond), its last number gets a
# cross: the curve may stop under the stable one, where its end is unseen.
_END_MARKER = {"marker": "X", "ms": 10, "mec": "black", "mew": 0.8}
_ENDS = "✖ where it stops"
_ENDED = ("naive", "log_of_softmax", "log_of_naive")
# Dashes that interleave: where the naive and log(softmax) curves coincide,
# both colours still show.
_DASH_NAIVE = (3.0, (3.0, 3.0))
_DASH_LOG = (0.0, (3.0, 3.0))


def _runs(x, mask, half):
    """(x_lo, x_hi) of each run of True in `mask`, widened by `half` on both sides."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(np.int8), [0]])))
    return [(x[i] - half, x[j - 1] + half) for i, j in zip(edges[::2], edges[1::2], strict=True)]


def _ends(values):
    """Indices of the finite values next to a non-finite one: where a curve stops."""
    finite = np.isfinite(values)
    edge = np.zeros_like(finite)
    edge[:-1] |= finite[:-1] & ~finite[1:]
    edge[1:] |= finite[1:] & ~finite[:-1]
    return np.flatnonzero(edge).tolist()


def _naive_softmax_rows(z):
    """``exp(z) / sum(exp(z))`` row by row, warnings silenced.

    :func:`logitlab.naive_softmax` is the question's code and sums over the
    whole array; the explorer needs the same formula per row (one row per
    input x). It is computed quietly on purpose: the explorer reports the
    breakage in its status line instead of a warning per slider step.
    """
    with np.errstate(all="ignore"):
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)


class StabilityExplorer(ExactValues, Explorer):
    """Naive versus stable softmax as the scores grow.

    Two classes, scores ``z1 = s*x + c`` and ``z2 = c`` for ``x`` in
    [-1, 1]. Left: the probability of class 1, softmax entry ``[0]``,
    ``softmax([z1, z2])[0]``, which equals ``sigmoid(s*x)`` for every ``c``.
    Right: the loss of class 2, ``-log P(class 2)`` (minus entry ``[1]`` of
    the log-probabilities), on a log axis: every value is positive. A naive
    curve that stops (NaN or infinite beyond) has a cross on its last value,
    and the x range where the naive softmax is NaN is shaded in both panels.

    Parameters
    ----------
    scale : float, optional
        Initial scale ``s`` (slider range 1 to about 3162, logarithmic).
    shift : float, optional
        Initial shift ``c`` (slider range -1000 to 1000, step 5). Both
        values stay exact although the sliders' readouts round them to
        their grids, until the slider is moved (see :attr:`scale`,
        :attr:`shift`).

    Attributes
    ----------
    sliders : dict
        ``"scale"`` (a FloatLogSlider) and ``"shift"``.
    x : numpy.ndarray
        The fixed input grid (401 points in [-1, 1]).
    lines : dict of matplotlib.lines.Line2D
        Left panel: ``"stable"`` (``logitlab.softmax``), ``"naive"`` (the
        per-row ``exp(z)/sum(exp(z))``, NaN where it breaks),
        ``"naive_sigmoid"`` (``1/(1+exp(-(z1-z2)))``, the question's
        sigmoid). Right panel, each as ``-log P(class 2)``:
        ``"log_softmax"``, ``"log_of_softmax"`` (``log(softmax(...))``,
        ``-inf`` where the probability underflows) and ``"log_of_naive"``.
        Infinite values are drawn as gaps; ``lines[name].get_markevery()``
        lists the grid points where a curve stops.
    bands : dict of matplotlib.collections.PolyCollection
        Shaded x ranges across a whole panel, one rectangle per run of
        failing grid points (each point's cell reaches halfway to its
        neighbours): ``"nan"`` (left) and ``"nan_log"`` (right), where the
        naive softmax is NaN, and ``"neg_inf"`` (right, hatched so that it
        reads where the NaN band lies under it), where ``log(softmax)`` is
        ``-inf``.
    masks : dict of numpy.ndarray of bool
        The grid points each band shades, by the same names.
    values : dict of numpy.ndarray
        The values as computed, by the lines' names: probabilities, and
        log-probabilities (``log P``, the right panel plots ``-log P``), NaN
        and inf kept.
    broken : dict of int
        Number of grid points where each naive version fails:
        ``"naive_nan"``, ``"naive_sigmoid_overflow"`` (the question's sigmoid
        overflows ``exp`` there but still returns the right limit),
        ``"naive_sigmoid_lost"`` (of those, where the truth is a positive
        subnormal), ``"log_of_softmax_inf"``, ``"log_of_naive_bad"``, and
        ``"stable_bad"`` (non-finite stable values: always 0).

    Examples
    --------
    >>> from logitlab.widgets import StabilityExplorer
    >>> ex = StabilityExplorer(scale=10)
    >>> ex.broken["naive_nan"]
    0
    >>> ex.sliders["scale"].value = 1000
    >>> ex.broken["naive_nan"] > 0, ex.broken["stable_bad"]
    (True, 0)
    >>> [round(float(ex.x[i]), 3) for i in ex.lines["naive"].get_markevery()]  # its end
    [0.705]
    >>> ex.close()
    """

    kind = "stability"
    figsize = (9.6, 4.6)

    def __init__(self, scale=10.0, shift=0.0):
        self._scale0 = slider_argument("StabilityExplorer", "scale", scale, 1.0, 10**3.5)
        self._shift0 = slider_argument("StabilityExplorer", "shift", shift, -1000.0, 1000.0)
        self.x = np.linspace(-1.0, 1.0, _N)
        super().__init__()

    # -- construction ---------------------------------------------------
    def _build(self):
        self.sliders["scale"] = float_log_slider("scale s", self._scale0, 0.0, 3.5)
        self.sliders["shift"] = float_slider("shift c", self._shift0, -1000.0, 1000.0,
                                             step=5.0, fmt=".0f", label_width="56px")
        # The browser rounds a value to the slider's grid and echoes it back:
        # shift = 12 would become 10 once the explorer is displayed.
        self._init_exact({"scale": self._scale0, "shift": self._shift0})
        self.ax_prob, self.ax_log = self.figure.subplots(1, 2)
        self.lines, self.bands = {}, {}
        self._build_prob_panel()
        self._build_loss_panel()
        self._build_legend()
        self._shown = None
        return []

    def _band(self, name, ax, style):
        """Rectangles across `ax`'s height over the failing x ranges, set per step."""
        self.bands[name] = ax.add_collection(PolyCollection(
            [], transform=ax.get_xaxis_transform(), zorder=0.5, animated=True, **style))

    def _curve(self, ax, name, colour, lw, ls="-", ends=False):
        (self.lines[name],) = ax.plot(
            self.x, self.x, color=colour, lw=lw, ls=ls, animated=True, label=f"_{name}",
            **(dict(_END_MARKER, mfc=colour, markevery=[]) if ends else {}))

    def _build_prob_panel(self):
        """Left: P(class 1) by the stable softmax, the naive softmax and the naive sigmoid."""
        ax = self.ax_prob
        self._band("nan", ax, _NAN_BAND)
        ax.set(xlim=(-1, 1), xticks=_X_TICKS, ylim=_PROB_Y, title="probability",
               xlabel=r"input $x$  (scores $z_1=sx+c$, $z_2=c$)",
               ylabel=r"$P(\mathrm{class}\ 1)$ = softmax entry [0]")
        self._curve(ax, "stable", PALETTE["blue"], 3.0)
        self._curve(ax, "naive", PALETTE["orange"], 2.2, _DASH_NAIVE, ends=True)
        self._curve(ax, "naive_sigmoid", PALETTE["black"], 1.4, ":")

    def _build_loss_panel(self):
        """Right: -log P(class 2) on a log axis, the NaN and -inf bands, the three versions."""
        ax = self.ax_log
        self._band("nan_log", ax, _NAN_BAND)
        self._band("neg_inf", ax, _INF_BAND)
        # Every -log P is positive; 0 (P rounded to 1) is left out, not clipped.
        ax.set_yscale("log", nonpositive="mask")
        ax.set(xlim=(-1, 1), xticks=_X_TICKS, ylim=_LOSS_Y, title="the loss −log P, on a log axis",
               xlabel=r"input $x$", ylabel=r"$-\log P(\mathrm{class}\ 2)$, from entry [1]")
        # The same colour and style as the left panel's version of each formula.
        self._curve(ax, "log_softmax", PALETTE["blue"], 3.0)
        self._curve(ax, "log_of_softmax", PALETTE["green"], 2.2, _DASH_LOG, ends=True)
        self._curve(ax, "log_of_naive", PALETTE["orange"], 2.2, _DASH_NAIVE, ends=True)

    def _build_legend(self):
        """One legend under both panels: each formula once, in both panels' colour and style."""
        entries = {
            "stable": "stable: softmax, −log_softmax",
            "naive": r"naive $e^{z_1}/\sum e^{z_j}$, " + _ENDS,
            "log_of_softmax": "−log(softmax), " + _ENDS,
            "naive_sigmoid": r"naive sigmoid $1/(1+e^{-(z_1-z_2)})$",
        }
        handles = []
        for name, label in entries.items():
            self.lines[name].set_label(label)
            handles.append(self.lines[name])
        handles += [
            Patch(**_NAN_BAND, label="shaded: naive softmax is NaN"),
            Patch(**_INF_BAND, label="hatched: log(softmax) is −inf"),
        ]
        # Under the panels: inside, a legend would sit on curves at some setting.
        legend = self.figure.legend(handles=handles, loc="outside lower center", ncols=3,
                                    fontsize=10, handlelength=3.0)
        # Each entry stands for the curves (or bands) named here: shown while one draws.
        stands_for = [["stable", "log_softmax"], ["naive", "log_of_naive"],
                      ["log_of_softmax"], ["naive_sigmoid"], ["nan"], ["neg_inf"]]
        self.legend_entries = {
            names[0]: (handle, text, names)
            for names, handle, text in zip(stands_for, legend.legend_handles,
                                           legend.get_texts(), strict=True)
        }

    def _show_only_drawn_entries(self):
        """Hide the legend entries of curves and bands that have nothing on screen.

        A curve that is NaN everywhere (the naive softmax at ``c = -1000``) or
        a band with nothing to shade must not be listed. The legend is part of
        the cached background: it is redrawn only when the set changes.
        """
        drawn = {name: bool(np.isfinite(self.values[name]).any()) for name in self.lines}
        drawn.update({name: bool(mask.any()) for name, mask in self.masks.items()})
        shown = {name: any(drawn[n] for n in names)
                 for name, (_, _, names) in self.legend_entries.items()}
        if shown == self._shown:
            return
        for name, (handle, text, _) in self.legend_entries.items():
            handle.set_visible(shown[name])
            text.set_visible(shown[name])
        # A sweep of the scale crosses the overflow thresholds back and forth:
        # each legend has its background drawn once (a full draw takes ten
        # times a step), then reused.
        self._show_background(tuple(shown.values()))
        self._shown = shown

    @property
    def scale(self):
        """The scale s in use (exact, even off the slider's grid)."""
        return self._value("scale")

    @property
    def shift(self):
        """The shift c in use (exact, even off the slider's 5-step grid)."""
        return self._value("shift")

    # -- updating -------------------------------------------------------
    def _refresh(self):
        s, c = self.scale, self.shift
        z = np.column_stack([s * self.x + c, np.full_like(self.x, c)])
        self._compute(z)
        self._show_curves()
        self._show_bands()
        self._show_only_drawn_entries()
        self._set_status(self._status_html(s, c, z))

    def _compute(self, z):
        """Every version's values at the scores `z`, the failure masks and counts."""
        stable = softmax(z, axis=1)
        log_stable = log_softmax(z, axis=1)
        naive = _naive_softmax_rows(z)
        with np.errstate(all="ignore"):
            log_of_softmax = np.log(stable[:, 1])
            log_of_naive = np.log(naive[:, 1])
            naive_sig = naive_sigmoid(z[:, 0] - z[:, 1])
        self.values = {
            "stable": stable[:, 0],
            "naive": naive[:, 0],
            "naive_sigmoid": naive_sig,
            "log_softmax": log_stable[:, 1],
            "log_of_softmax": log_of_softmax,
            "log_of_naive": log_of_naive,
        }
        nan_mask = np.isnan(naive[:, 0])
        inf_mask = np.isneginf(log_of_softmax)
        self.masks = {"nan": nan_mask, "nan_log": nan_mask, "neg_inf": inf_mask}
        # exp(-(z1 - z2)) overflows in the naive sigmoid.
        over = -(z[:, 0] - z[:, 1]) > EXP_OVERFLOW
        self.broken = {
            "naive_nan": int(nan_mask.sum()),
            "naive_sigmoid_overflow": int(over.sum()),
            # Overflowed to 0 where the truth is a positive subnormal.
            "naive_sigmoid_lost": int(np.sum(over & (z[:, 0] - z[:, 1] > EXP_UNDERFLOW))),
            "log_of_softmax_inf": int(inf_mask.sum()),
            "log_of_naive_bad": int(np.sum(~np.isfinite(log_of_naive))),
            "stable_bad": int(np.sum(~np.isfinite(stable)) + np.sum(~np.isfinite(log_stable))),
        }

    def _show_curves(self):
        """Each line at its values (the right panel's negated), gaps where not finite."""
        for name, values in self.values.items():
            line = self.lines[name]
            y = -values if line.axes is self.ax_log else values
            # matplotlib leaves gaps at NaN; inf would be clipped to the axis
            # edge and look like a value, so it is drawn as a gap too.
            line.set_data(self.x, np.where(np.isinf(y), np.nan, y))
            if name in _ENDED:
                ends = _ends(y)
                line.set_markevery(ends)
                line.set_marker(_END_MARKER["marker"] if ends else "None")

    def _show_bands(self):
        half = (self.x[1] - self.x[0]) / 2
        for name, band in self.bands.items():
            band.set_verts([[(lo, 0.0), (hi, 0.0), (hi, 1.0), (lo, 1.0)]
                            for lo, hi in _runs(self.x, self.masks[name], half)])

    def _status_html(self, s, c, z):
        b = self.broken
        parts = [f"s = {s:.4g}, c = {c:.4g}: scores from {z.min():.4g} to {z.max():.4g}."]
        if b["naive_nan"]:
            parts.append(
                f"<b>naive softmax breaks</b>: NaN at {b['naive_nan']} of {_N} points, shaded "
                f"(exp overflows above {EXP_OVERFLOW:.2f}; both exps underflow to 0 below "
                f"{EXP_UNDERFLOW:.2f})."
            )
        else:
            parts.append("naive softmax: still fine.")
        if b["naive_sigmoid_overflow"]:
            lost = b["naive_sigmoid_lost"]
            parts.append(
                f"naive sigmoid: exp overflows at {b['naive_sigmoid_overflow']} points; "
                "its 0 is the right limit there"
                + (f" except at {lost} where the truth is a positive subnormal." if lost
                   else ".")
            )
        if b["log_of_softmax_inf"]:
            parts.append(
                f"<b>log(softmax) breaks</b>: −inf at {b['log_of_softmax_inf']} points, shaded."
            )
        if b["log_of_naive_bad"]:
            parts.append(f"log(naive softmax): NaN or −inf at {b['log_of_naive_bad']} points.")
        parts.append(
            "stable softmax and log_softmax: finite everywhere."
            if b["stable_bad"] == 0
            else f"stable versions: {b['stable_bad']} non-finite values (unexpected)."
        )
        return " ".join(parts)
