r"""ValleyExplorer: many softmax coefficient pairs, one logistic β, one loss.

Left, the plane of softmax coefficients :math:`(\beta_1, \beta_2)`, filled
with the mean negative log-likelihood of lesson 03's ten data points
(:func:`logitlab.datasets.ten_points`: one feature, no intercept, label 0
is class 1): the same loss lesson 03 plots. The loss sees the coefficients
only through the probabilities, so it is constant along every diagonal
line; its floor, the **valley**, is the line
:math:`\beta_1 - \beta_2 = \hat\beta`, where :math:`\hat\beta` is the logistic
coefficient of :math:`P(\text{class 1})` fitted on the data. Through the
chosen point runs the line :math:`\beta_1 - \beta_2 = \beta`, and on it are
marked the shifted point :math:`(\beta_1 + c, \beta_2 + c)`,
:math:`(\beta, 0)` (class 2 fixed at 0), :math:`(0, -\beta)` (class 1 fixed
at 0, statsmodels' choice) and the symmetric point
:math:`(\beta/2, -\beta/2)`. The view zooms to the marked points. Right,
the one probability curve of the whole line over the ten data points:
moving ``c`` moves the point along the line and changes no probability and
no loss; changing :math:`\beta_1 - \beta_2` moves across the lines and the
loss rises above the floor's."""

from __future__ import annotations

import functools

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap

from .._validation import as_real_array
from ..datasets import ten_points
from ..fitting import fit_logistic
from ..functions import log_softmax, sigmoid, softmax
from ..mapping import logistic_to_softmax, softmax_to_logistic
from ._base import PALETTE, Explorer
from ._loss import square_loss_grid
from ._sliders import ExactValues, float_slider, slider_argument

__all__ = ["ValleyExplorer"]

_STEP = 0.05
_COEF_RANGE = (-5.0, 5.0)
_SHIFT_RANGE = (-5.0, 5.0)
# The background covers every reachable point: coefficients plus shift reach +-10.
_PLANE_MAX = 10.5
# The plane's half-widths: the view zooms to the smallest that holds every marked point.
_HALF_WIDTHS = (3.0, 5.0, 7.5, _PLANE_MAX)
# Room around the outermost point for its marker.
_MARGIN = 0.6
_GRID = np.linspace(-5.0, 5.0, 401)
# The loss background's grid: the sliders' step, so every slider point is a node.
_N_PLANE = int(round(2 * _PLANE_MAX / _STEP)) + 1
# Nodes a side of the drawn contours at any zoom (see _fit_plane).
_CONTOUR_NODES = 121
# Fine just above the minimum (0.539), where the floor is, coarse up the walls;
# the walls rise to about 29 in the plane's corners, all in the top colour.
_LOSS_LEVELS = (0.5, 0.55, 0.6, 0.7, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)
# cividis mixed with white rather than drawn with alpha: transparent bands
# leave seams at their edges that look like contour lines.
_LIGHT_CIVIDIS = ListedColormap(
    0.65 * matplotlib.colormaps["cividis"](np.linspace(0.0, 1.0, 256)) + 0.35)
# A rise below this shows as 0.0000 in the status line: the point is on the floor.
_ON_FLOOR = 5e-5


def _mean_nll(x, y, b1, b2):
    """Mean negative log-likelihood of the two-class softmax; b1, b2 arrays of one shape."""
    b1, b2 = np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)
    scores = np.stack([np.multiply.outer(b1, x), np.multiply.outer(b2, x)], axis=-1)
    logp = log_softmax(scores)  # stable: never the log of a rounded probability
    # Label 0 is class 1 (entry [0]), label 1 is class 2 (entry [1]).
    return -np.where(y == 0, logp[..., 0], logp[..., 1]).mean(axis=-1)


@functools.lru_cache(maxsize=1)
def _valley():
    """The data, its floor and the loss over the plane: computed once per process.

    The data set is fixed, so every explorer shares one copy (read-only).
    """
    x, y = ten_points()
    # fit_logistic models P(label 1) = P(class 2): its coefficient is b2 - b1.
    beta_hat = -float(fit_logistic(x[:, None], y, fit_intercept=False).coef[0])
    axis = np.linspace(-_PLANE_MAX, _PLANE_MAX, _N_PLANE)
    # Through the profile over b2 - b1 (0.3 s directly at N = 421). The tests
    # check the grid against scipy's softmax of both scores at (b1, b2).
    grid = square_loss_grid(x, y, _N_PLANE, _STEP)  # rows beta2, columns beta1
    loss_min = float(_mean_nll(x, y, beta_hat, 0.0))
    for a in (x, y, axis, grid):
        a.flags.writeable = False
    return x, y, beta_hat, loss_min, axis, grid


class ValleyExplorer(ExactValues, Explorer):
    r"""The flat valley of the softmax loss: every point of a diagonal line is one β.

    Parameters
    ----------
    beta1, beta2 : float, optional
        Softmax coefficients of class 1 and class 2, in [-5, 5]. Defaults
        1.0 and -1.0, the question's values (also the symmetric solution).
    c : float, optional
        Shift added to both coefficients, in [-5, 5]. Default 0.

    Attributes
    ----------
    sliders : dict of str to ipywidgets.FloatSlider
        ``"beta1"``, ``"beta2"``, ``"c"``.
    x, y : numpy.ndarray
        The data (:func:`logitlab.datasets.ten_points`, read-only): label 0
        is class 1, label 1 is class 2.
    beta_hat : float
        :math:`\hat\beta = \beta_1 - \beta_2` on the floor: the logistic
        coefficient of P(class 1), the negative of what a logistic
        regression on the labels reports.
    loss_min : float
        The least mean loss over the plane, reached all along the floor.
    plane_axis : numpy.ndarray, shape (421,)
        The coefficient values of the background grid, -10.5 to 10.5 in
        steps of 0.05, for both :math:`\beta_1` and :math:`\beta_2`.
    loss_values : numpy.ndarray, shape (421, 421)
        The mean loss, drawn (cut to the view) as filled contours:
        ``loss_values[i, j]`` is the loss at
        ``(beta1, beta2) = (plane_axis[j], plane_axis[i])``.
    colorbar : matplotlib.colorbar.Colorbar
        The loss scale beside the plane.
    lines : dict of str to matplotlib.lines.Line2D
        ``"floor"``: the valley floor β₁ − β₂ = β̂; ``"line"``: the line
        β₁ − β₂ = β through the chosen point; ``"softmax"``:
        softmax([x(β₁+c), x(β₂+c)])[0] = P(class 1 | x) over a fixed grid of
        x in [-5, 5], in the right axes. σ(xβ) and the softmax at every other
        marked point coincide with it (see `spread`), so it is drawn once.
        ``"class1"``, ``"class2"``: the data points of each class, drawn at
        P(class 1) = 1 and 0.
    points : dict of str to matplotlib.lines.Line2D
        One-point artists in the plane: ``"point"`` (β₁, β₂), ``"shifted"``
        (β₁+c, β₂+c), ``"reference"`` (β, 0), ``"reference1"`` (0, −β),
        ``"symmetric"`` (β/2, −β/2). Open markers of nested sizes: at c = 0
        the chosen, shifted and symmetric points coincide and all show.
    legend : matplotlib.legend.Legend
        Under both panels.
    spread : float
        Largest difference, over the x grid, between the class-1
        probabilities of the five marked points and σ(xβ): rounding only.

    Examples
    --------
    >>> from logitlab.widgets import ValleyExplorer
    >>> ex = ValleyExplorer()
    >>> ex.beta, ex.shifted
    (2.0, (1.0, -1.0))
    >>> ex.sliders["c"].value = 1.5
    >>> ex.shifted, ex.beta, ex.spread < 1e-15
    ((2.5, 0.5), 2.0, True)

    Along the line the loss stays; it is above the floor's minimum:

    >>> round(ex.loss, 4), abs(ex.loss - ex.loss_point) < 1e-15, round(ex.rise, 4)
    (0.7615, True, 0.2225)
    >>> ex.close()
    """

    kind = "valley"
    figsize = (9.6, 5.8)

    def __init__(self, beta1=1.0, beta2=-1.0, c=0.0):
        func = "ValleyExplorer"
        self._init = {
            "beta1": slider_argument(func, "beta1", beta1, *_COEF_RANGE),
            "beta2": slider_argument(func, "beta2", beta2, *_COEF_RANGE),
            "c": slider_argument(func, "c", c, *_SHIFT_RANGE),
        }
        self.spread = float("nan")
        self.x, self.y, self.beta_hat, self.loss_min, self.plane_axis, self.loss_values = (
            _valley())
        super().__init__()

    # -- construction ---------------------------------------------------
    def _build(self):
        init = self._init
        self.sliders["beta1"] = float_slider("β₁", init["beta1"], *_COEF_RANGE, step=_STEP)
        self.sliders["beta2"] = float_slider("β₂", init["beta2"], *_COEF_RANGE, step=_STEP)
        self.sliders["c"] = float_slider("c", init["c"], *_SHIFT_RANGE, step=_STEP)
        self._init_exact()
        self._exact.update(init)

        plane, curves = self.figure.subplots(1, 2, width_ratios=[1.0, 1.0])
        self.plane_axes, self.curve_axes = plane, curves
        self._filled, self._half_width = None, None
        self._fit_plane(self._marked().values())
        # Levels and colours are the same at every zoom: one colour bar serves all.
        # Equal room per band: the fine levels near the floor stay readable.
        self.colorbar = self.figure.colorbar(self._filled, ax=plane, shrink=0.9, pad=0.03,
                                             spacing="uniform", ticks=list(_LOSS_LEVELS),
                                             format="%g")
        self.colorbar.set_label("mean negative log-likelihood")
        plane.set_aspect("equal")
        plane.set_xlabel(r"$\beta_1$ (class 1)")
        plane.set_ylabel(r"$\beta_2$ (class 2)")
        plane.set_title("mean loss of ten data points\nover the softmax coefficients")

        ends = np.array([-_PLANE_MAX, _PLANE_MAX])
        # Static, so drawn under the moving line: a wide band that still shows
        # on both sides of it when the chosen line is the floor.
        floor = plane.plot(ends, ends - self.beta_hat, color=PALETTE["sky"], lw=6.0,
                           solid_capstyle="butt")[0]
        self.lines = {
            "floor": floor,
            "line": plane.plot([], [], color=PALETTE["black"], lw=1.8, ls="-",
                               animated=True)[0],
        }
        # The shift as a dotted segment from the chosen point to the shifted one.
        self._shift_segment = plane.plot([], [], color=PALETTE["orange"], lw=2.0, ls=":",
                                         animated=True)[0]
        # Five sizes, largest drawn first, open shapes: points that coincide (at
        # c = 0 the chosen, shifted and symmetric points are one; at beta = 0 all
        # five) all stay visible.
        # Not clipped: a point at the plane's edge (+-10) stays whole.
        marker = {"ls": "none", "animated": True, "mfc": "none", "mew": 2.2, "clip_on": False}
        self.points = {
            "symmetric": plane.plot([], [], "o", mec=PALETTE["green"], ms=25, **marker)[0],
            "reference1": plane.plot([], [], "h", mec=PALETTE["purple"], ms=19.5, **marker)[0],
            "shifted": plane.plot([], [], "D", mec=PALETTE["orange"], ms=12, **marker)[0],
            "reference": plane.plot([], [], "s", mec=PALETTE["vermillion"], ms=8.5, **marker)[0],
            "point": plane.plot([], [], "o", color=PALETTE["blue"], ms=5.5, ls="none",
                                clip_on=False, animated=True)[0],
        }
        for artist in self.points.values():
            artist.set_in_layout(False)
        floor.set_label(r"valley floor $\beta_1 - \beta_2 = \hat\beta$: least loss")
        self.lines["line"].set_label(r"$\beta_1 - \beta_2 = \beta$: same probabilities and loss")
        self.points["point"].set_label(r"$(\beta_1, \beta_2)$")
        self.points["shifted"].set_label(r"$(\beta_1 + c, \beta_2 + c)$")
        self.points["reference"].set_label(r"$(\beta, 0)$: class 2 fixed at 0")
        self.points["reference1"].set_label(r"$(0, -\beta)$: class 1 fixed at 0 (statsmodels)")
        self.points["symmetric"].set_label(r"$(\beta/2, -\beta/2)$: symmetric")

        curves.set_xlim(_GRID[0], _GRID[-1])
        # Room above 1 and below 0 for the data markers.
        curves.set_ylim(-0.08, 1.08)
        curves.set_xlabel("$x$")
        curves.set_ylabel(r"P(class 1 | $x$)")
        curves.set_title("probabilities: one curve\nfor every point of the line")
        # The data the loss is taken over: each point at the probability a
        # perfect fit would give it, so the loss is how far the curve misses.
        data = {"ls": "none", "ms": 8, "mew": 1.8, "mec": PALETTE["black"], "clip_on": False}
        self.lines["class1"] = curves.plot(
            self.x[self.y == 0], np.ones(int(np.sum(self.y == 0))), "o",
            mfc=PALETTE["black"], label="data, class 1 (label 0): at 1", **data)[0]
        self.lines["class2"] = curves.plot(
            self.x[self.y == 1], np.zeros(int(np.sum(self.y == 1))), "o",
            mfc="white", label="data, class 2 (label 1): at 0", **data)[0]
        nan = np.full_like(_GRID, np.nan)
        # One curve: the softmax at the shifted point. sigma(x beta) and the
        # softmax at every other marked point coincide with it (see `spread`).
        self.lines["softmax"] = curves.plot(
            _GRID, nan, color=PALETTE["blue"], lw=3.0, ls="-", animated=True,
            label=r"softmax$([x(\beta_1{+}c), x(\beta_2{+}c)])$[0] $= \sigma(x\beta)$, any $c$",
        )[0]
        handles = [self.lines["floor"], self.lines["line"], self.points["point"],
                   self.points["shifted"], self.points["symmetric"], self.points["reference"],
                   self.points["reference1"], self.lines["softmax"], self.lines["class1"],
                   self.lines["class2"]]
        # Under both panels: inside the plane it would cover the background.
        self.legend = self.figure.legend(handles=handles, loc="outside lower center",
                                         ncols=2, fontsize=10.5, markerscale=0.7)
        return []

    def _fit_plane(self, points):
        """Zoom the plane to the smallest of _HALF_WIDTHS that holds every point.

        The filled loss contours are static, cut from the cached grid to the
        view (nothing is drawn outside the axes), and redrawn only when the
        zoom changes, which the few fixed widths keep rare.
        """
        reach = max(abs(v) for p in points for v in p) + _MARGIN
        half = next((h for h in _HALF_WIDTHS if h >= reach), _HALF_WIDTHS[-1])
        if half == self._half_width:
            return
        ax = self.plane_axes
        ax.set_xlim(-half, half)
        ax.set_ylim(-half, half)
        if self._filled is not None:
            self._filled.remove()
        # At most about _CONTOUR_NODES nodes a side, whatever the zoom: the bands
        # are straight diagonals, which a coarser grid draws just as well, and a
        # zoom then costs a few milliseconds on top of the full redraw.
        inside = np.flatnonzero(np.abs(self.plane_axis) <= half + _STEP / 2)
        stride = -(-(inside.size - 1) // (_CONTOUR_NODES - 1))
        view = inside[::stride]
        g = self.plane_axis[view]
        self._filled = ax.contourf(g, g, self.loss_values[np.ix_(view, view)],
                                   levels=list(_LOSS_LEVELS), cmap=_LIGHT_CIVIDIS,
                                   extend="max", zorder=0)
        self._half_width = half
        self.invalidate()

    # -- public state ---------------------------------------------------
    @property
    def beta1(self):
        """Softmax coefficient of class 1 at the chosen point."""
        return self._value("beta1")

    @property
    def beta2(self):
        """Softmax coefficient of class 2 at the chosen point."""
        return self._value("beta2")

    @property
    def c(self):
        """The shift added to both coefficients."""
        return self._value("c")

    @property
    def beta(self):
        """β = β₁ − β₂ of the chosen point: the logistic coefficient of the whole line."""
        return float(softmax_to_logistic(self.beta1, self.beta2))

    @property
    def shifted(self):
        """The shifted point (β₁ + c, β₂ + c)."""
        return (self.beta1 + self.c, self.beta2 + self.c)

    @property
    def reference(self):
        """The point (β, 0) on the line: class 2 fixed at 0 (VGAM's default, the last level)."""
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "reference"))

    @property
    def reference_first(self):
        """The point (0, −β) on the line: class 1 fixed at 0 (statsmodels' MNLogit, R nnet)."""
        return (0.0, 0.0 - self.beta)  # not -beta: no "-0.00" at beta = 0

    @property
    def symmetric(self):
        """The symmetric point (β/2, −β/2) on the line (what an L2 penalty picks)."""
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "symmetric"))

    def mean_loss(self, beta1, beta2):
        """Mean negative log-likelihood of the ten points at ``(beta1, beta2)``.

        Computed from the softmax of both scores, as lesson 03 does.

        Parameters
        ----------
        beta1, beta2 : float or array_like
            Coefficients of class 1 and class 2; arrays are broadcast
            against each other and give the loss at each pair.

        Returns
        -------
        float or numpy.ndarray
            A float for two numbers, else an array of the broadcast shape.

        Examples
        --------
        >>> from logitlab.widgets import ValleyExplorer
        >>> with ValleyExplorer() as ex:
        ...     print(f"{ex.mean_loss(0.0, 0.0):.6f}")  # every probability 1/2: log 2
        ...     print(ex.mean_loss([0.0, 5.0], 5.0).round(6))  # (5, 5) is (0, 0) shifted
        0.693147
        [7.086445 0.693147]
        """
        func = "ValleyExplorer.mean_loss"
        b1 = as_real_array(beta1, func, "beta1")
        b2 = as_real_array(beta2, func, "beta2")
        try:
            b1, b2 = np.broadcast_arrays(b1, b2)
        except ValueError:
            raise ValueError(f"{func}(): beta1 and beta2 must have shapes that broadcast, "
                             f"got {b1.shape} and {b2.shape}") from None
        loss = _mean_nll(self.x, self.y, b1, b2)
        return float(loss) if loss.ndim == 0 else loss

    @property
    def loss(self):
        """Mean loss at the shifted point (β₁ + c, β₂ + c): the same for every c."""
        return float(_mean_nll(self.x, self.y, *self.shifted))

    @property
    def loss_point(self):
        """Mean loss at the chosen point (β₁, β₂)."""
        return float(_mean_nll(self.x, self.y, self.beta1, self.beta2))

    @property
    def rise(self):
        """How far the loss at the shifted point lies above the floor's minimum."""
        return self.loss - self.loss_min

    # -- updating -------------------------------------------------------
    def _marked(self):
        """The five marked points of the plane, by artist name."""
        return {"point": (self.beta1, self.beta2), "shifted": self.shifted,
                "reference": self.reference, "reference1": self.reference_first,
                "symmetric": self.symmetric}

    def _refresh(self):
        b1, b2, c, beta = self.beta1, self.beta2, self.c, self.beta
        s1, s2 = self.shifted
        marked = self._marked()
        self._fit_plane(marked.values())
        ends = np.array([-_PLANE_MAX, _PLANE_MAX])
        self.lines["line"].set_data(ends, ends - beta)
        self._shift_segment.set_data([b1, s1], [b2, s2])
        for name, (p1, p2) in marked.items():
            self.points[name].set_data([p1], [p2])

        self.lines["softmax"].set_ydata(
            softmax(np.stack([_GRID * s1, _GRID * s2], -1))[:, 0])
        curves = [sigmoid(_GRID * beta)] + [
            softmax(np.stack([_GRID * p1, _GRID * p2], -1))[:, 0] for p1, p2 in marked.values()
        ]
        self.spread = float(np.max(np.ptp(np.stack(curves), axis=0)))

        loss_point, loss = self.loss_point, self.loss
        rise = loss - self.loss_min
        if rise < _ON_FLOOR:
            across = (f"on the floor β₁ − β₂ = β̂ = {self.beta_hat:.3f}: "
                      f"the least loss, {self.loss_min:.4f}")
        else:
            across = (f"{rise:.4f} above the floor's {self.loss_min:.4f} "
                      f"(β₁ − β₂ = β̂ = {self.beta_hat:.3f}): across the lines the loss rises")
        ref, ref1, sym = marked["reference"], marked["reference1"], marked["symmetric"]
        self._set_status(
            '<div style="padding:6px 10px;border-radius:6px;border:2px solid #999999;'
            'background:#F4F4F4;font-family:monospace;line-height:1.5">'
            f"β₁ − β₂ = {beta:.2f} for every point on the line; "
            "probabilities unchanged by c<br>"
            f"(β₁, β₂) = ({b1:.2f}, {b2:.2f}); shifted by c = {c:.2f}: ({s1:.2f}, {s2:.2f})<br>"
            f"mean loss of the ten points: {loss_point:.4f} at (β₁, β₂), {loss:.4f} at the "
            "shifted point: moving along the line changes nothing<br>"
            f"{across}<br>"
            f"class 2 fixed at 0 (β, 0) = ({ref[0]:.2f}, {ref[1]:.2f}); "
            f"class 1 fixed at 0, statsmodels (0, −β) = ({ref1[0]:.2f}, {ref1[1]:.2f}); "
            f"symmetric (β/2, −β/2) = ({sym[0]:.2f}, {sym[1]:.2f})<br>"
            f"largest difference between their probability curves and σ(xβ): "
            f"{self.spread:.1e}"
            "</div>"
        )
