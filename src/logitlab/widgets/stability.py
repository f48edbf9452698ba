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
from matplotlib.colors import to_rgba
from matplotlib.patches import Patch

from ..functions import log_softmax, naive_sigmoid, softmax
from ._base import PALETTE, Explorer
from ._sliders import float_log_slider, float_slider, slider_argument

__all__ = ["StabilityExplorer", "EXP_OVERFLOW", "EXP_UNDERFLOW"]

#: Largest argument for which ``numpy.exp`` is finite: log(float64 max).
EXP_OVERFLOW = float(np.log(np.finfo(np.float64).max))
#: Below this ``numpy.exp`` returns exactly 0 (half the smallest subnormal).
EXP_UNDERFLOW = float(np.log(np.finfo(np.float64).smallest_subnormal)) - float(np.log(2))

_N = 401
_LOG_Y_MIN = -4000.0
# A log-probability is never positive: the axis stops just above 0 so that
# the curve at 0 stays off the frame, in symlog's linear part.
_LOG_Y_MAX = 0.3
_PROB_Y = (-0.05, 1.05)
# The bands that mark where a naive formula fails: shaded x ranges, not one
# marker per grid point (59 neighbouring markers merge into an unreadable bar).
_BAND_ALPHA = 0.3


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


class StabilityExplorer(Explorer):
    """Naive versus stable softmax as the scores grow.

    Two classes, scores ``z1 = s*x + c`` and ``z2 = c`` for ``x`` in
    [-1, 1]. Left: the probability of class 1, softmax entry ``[0]``,
    ``softmax([z1, z2])[0]``, which equals ``sigmoid(s*x)`` for every ``c``.
    Right: the log-probability of class 2, entry ``[1]``, on a symmetric-log
    axis.

    Parameters
    ----------
    scale : float, optional
        Initial scale ``s`` (slider range 1 to about 3162, logarithmic).
    shift : float, optional
        Initial shift ``c`` (slider range -1000 to 1000).

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
        sigmoid). Right panel: ``"log_softmax"``, ``"log_of_softmax"``
        (``log(softmax(...))``, ``-inf`` where the probability underflows)
        and ``"log_of_naive"``.
    bands : dict of matplotlib.image.AxesImage
        Shaded x ranges across the whole panel: ``"nan"`` (left, where the
        naive softmax is NaN) and ``"neg_inf"`` (right, where
        ``log(softmax)`` is ``-inf``). Each is one row of ``len(x)`` RGBA
        pixels, transparent where the formula works.
    masks : dict of numpy.ndarray of bool
        The grid points each band shades, by the same names.
    values : dict of numpy.ndarray
        The plotted values by the same names (NaN and inf kept as computed).
    broken : dict of int
        Number of grid points where each naive version fails:
        ``"naive_nan"``, ``"naive_sigmoid_overflow"`` (the question's sigmoid
        overflows ``exp`` there but still returns the right limit),
        ``"log_of_softmax_inf"``, ``"log_of_naive_bad"``, and
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
    """

    kind = "stability"
    figsize = (9.6, 4.6)

    def __init__(self, scale=10.0, shift=0.0):
        self._scale0 = slider_argument("StabilityExplorer", "scale", scale, 1.0, 10**3.5)
        self._shift0 = slider_argument("StabilityExplorer", "shift", shift, -1000.0, 1000.0)
        self.x = np.linspace(-1.0, 1.0, _N)
        super().__init__()

    def _build(self):
        self.sliders["scale"] = float_log_slider("scale s", self._scale0, 0.0, 3.5)
        self.sliders["shift"] = float_slider("shift c", self._shift0, -1000.0, 1000.0,
                                             step=5.0, fmt=".0f", label_width="56px")

        fig = self.figure
        ax1, ax2 = self.ax_prob, self.ax_log = fig.subplots(1, 2)
        x = self.x
        lines = self.lines = {}
        self.bands = {}
        half = (x[1] - x[0]) / 2
        band_colour = {"nan": PALETTE["vermillion"], "neg_inf": PALETTE["purple"]}
        for name, ax, (lo, hi) in (("nan", ax1, _PROB_Y),
                                   ("neg_inf", ax2, (_LOG_Y_MIN, _LOG_Y_MAX))):
            self.bands[name] = ax.imshow(
                np.zeros((1, _N, 4)), extent=(x[0] - half, x[-1] + half, lo, hi),
                aspect="auto", interpolation="nearest", origin="lower", zorder=0,
                animated=True)
        self._band_rgba = {k: np.array(to_rgba(c, _BAND_ALPHA)) for k, c in band_colour.items()}

        ax1.set_xlim(-1, 1)
        ax1.set_ylim(*_PROB_Y)
        ax1.set_xlabel(r"input $x$  (scores $z_1=sx+c$, $z_2=c$)")
        ax1.set_ylabel(r"$P(\mathrm{class}\ 1)$ = softmax entry [0]")
        ax1.set_title("probability")
        (lines["stable"],) = ax1.plot(x, x, color=PALETTE["blue"], lw=3.0, animated=True,
                                      label="softmax (max subtracted)")
        (lines["naive"],) = ax1.plot(x, x, color=PALETTE["orange"], lw=2.2, ls="--",
                                     animated=True, label=r"naive $e^{z_1}/\sum e^{z_j}$")
        (lines["naive_sigmoid"],) = ax1.plot(x, x, color=PALETTE["black"], lw=1.4, ls=":",
                                             animated=True,
                                             label=r"naive $1/(1+e^{-(z_1-z_2)})$")
        handles = ax1.get_legend_handles_labels()[0] + [
            Patch(facecolor=self._band_rgba["nan"], edgecolor="none",
                  label="shaded: naive softmax is NaN")]
        # Legends under the panels: inside, they would sit on curves at some setting.
        self.legend_entries = {}
        self._legend_entry(ax1.legend(handles=handles, loc="upper center",
                                      bbox_to_anchor=(0.5, -0.2), ncols=2, fontsize=10),
                           ["stable", "naive", "naive_sigmoid", "nan"])

        ax2.set_xlim(-1, 1)
        ax2.set_yscale("symlog", linthresh=1.0)
        ax2.set_ylim(_LOG_Y_MIN, _LOG_Y_MAX)
        ax2.set_xlabel(r"input $x$")
        ax2.set_ylabel(r"$\log P(\mathrm{class}\ 2)$, entry [1]")
        ax2.set_title("log-probability (what a loss needs)")
        (lines["log_softmax"],) = ax2.plot(x, x, color=PALETTE["blue"], lw=3.0,
                                           animated=True, label="log_softmax")
        (lines["log_of_softmax"],) = ax2.plot(x, x, color=PALETTE["green"], lw=2.2,
                                              ls="--", animated=True, label="log(softmax)")
        (lines["log_of_naive"],) = ax2.plot(x, x, color=PALETTE["orange"], lw=1.6, ls=":",
                                            animated=True, label="log(naive softmax)")
        handles = ax2.get_legend_handles_labels()[0] + [
            Patch(facecolor=self._band_rgba["neg_inf"], edgecolor="none",
                  label="shaded: log(softmax) is −inf")]
        self._legend_entry(ax2.legend(handles=handles, loc="upper center",
                                      bbox_to_anchor=(0.5, -0.2), ncols=2, fontsize=10),
                           ["log_softmax", "log_of_softmax", "log_of_naive", "neg_inf"])
        self._shown = None
        return []

    def _legend_entry(self, legend, names):
        for name, handle, text in zip(names, legend.legend_handles, legend.get_texts(),
                                      strict=True):
            self.legend_entries[name] = (handle, text)

    def _show_only_drawn_entries(self):
        """Hide the legend entries of curves and bands that have nothing on screen.

        A curve that is NaN everywhere (``log(naive softmax)`` at ``c = -1000``) or
        a band with nothing to shade must not be listed. The legend is part of
        the cached background: it is redrawn only when the set changes.
        """
        shown = {name: bool(np.isfinite(self.values[name]).any()) for name in self.lines}
        shown.update({name: bool(mask.any()) for name, mask in self.masks.items()})
        if shown == self._shown:
            return
        for name, (handle, text) in self.legend_entries.items():
            handle.set_visible(shown[name])
            text.set_visible(shown[name])
        self._shown = shown
        self.invalidate()

    def _refresh(self):
        s = float(self.sliders["scale"].value)
        c = float(self.sliders["shift"].value)
        x = self.x
        z = np.column_stack([s * x + c, np.full_like(x, c)])
        stable = softmax(z, axis=1)
        log_stable = log_softmax(z, axis=1)
        naive = _naive_softmax_rows(z)
        with np.errstate(all="ignore"):
            log_of_softmax = np.log(stable[:, 1])
            log_of_naive = np.log(naive[:, 1])
            naive_sig = naive_sigmoid(z[:, 0] - z[:, 1])
        v = self.values = {
            "stable": stable[:, 0],
            "naive": naive[:, 0],
            "naive_sigmoid": naive_sig,
            "log_softmax": log_stable[:, 1],
            "log_of_softmax": log_of_softmax,
            "log_of_naive": log_of_naive,
        }
        nan_mask = np.isnan(naive[:, 0])
        inf_mask = np.isneginf(log_of_softmax)
        self.broken = {
            "naive_nan": int(nan_mask.sum()),
            "naive_sigmoid_overflow": int(np.sum(-(z[:, 0] - z[:, 1]) > EXP_OVERFLOW)),
            # Overflowed to 0 where the truth is a positive subnormal.
            "naive_sigmoid_lost": int(np.sum((-(z[:, 0] - z[:, 1]) > EXP_OVERFLOW)
                                             & (z[:, 0] - z[:, 1] > EXP_UNDERFLOW))),
            "log_of_softmax_inf": int(inf_mask.sum()),
            "log_of_naive_bad": int(np.sum(~np.isfinite(log_of_naive))),
            "stable_bad": int(np.sum(~np.isfinite(stable)) + np.sum(~np.isfinite(log_stable))),
        }
        lines = self.lines
        for name, values in v.items():
            # matplotlib leaves gaps at NaN; -inf would be clipped to the
            # axis edge and look like a value, so it is drawn as a gap too.
            lines[name].set_data(x, np.where(np.isneginf(values), np.nan, values))
        self.masks = {"nan": nan_mask, "neg_inf": inf_mask}
        for name, mask in self.masks.items():
            self.bands[name].set_data(np.where(mask[None, :, None], self._band_rgba[name], 0.0))
        self._show_only_drawn_entries()

        b = self.broken
        parts = [f"s = {s:.4g}, c = {c:.0f}: scores from {z.min():.4g} to {z.max():.4g}."]
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
        self._set_status(" ".join(parts))
