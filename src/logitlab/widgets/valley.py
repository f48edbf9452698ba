r"""ValleyExplorer: many softmax coefficient pairs, one logistic β, one loss.

Left, the plane of softmax coefficients :math:`(\beta_1, \beta_2)`, filled
with the mean negative log-likelihood of lesson 03's ten data points
(:func:`logitlab.datasets.ten_points`: one feature, no intercept, label 0
is class 1) on a log colour scale: the same loss lesson 03 plots. The loss
sees the coefficients only through the probabilities, so it is constant
along every diagonal line; its floor, the **valley**, is the line
:math:`\beta_1 - \beta_2 = \hat\beta`, where :math:`\hat\beta` is the fitted
coefficient of :math:`P(\text{class 1})`. Through the chosen point runs the
line :math:`\beta_1 - \beta_2 = \beta`, and on it are marked the shifted
point :math:`(\beta_1 + c, \beta_2 + c)`, :math:`(0, -\beta)` (class 1 fixed
at 0, statsmodels' choice), :math:`(\beta, 0)` (class 2 fixed at 0) and the
symmetric point :math:`(\beta/2, -\beta/2)`. The view is fixed: it holds
every point the sliders can reach. Right, the probability curve of the
shifted point, :math:`P(\text{class 2} \mid x)`, over the ten data points
drawn at their labels (label 1, class 2, at height 1).

A fresh explorer does not give away what lesson 03 asks the learner to
predict: the loss at the marked points and how it changes along the line
appear (in the status line and beside the shifted point) once a slider has
moved, or after :meth:`ValleyExplorer.reveal`.
"""

from __future__ import annotations

import functools

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap, LogNorm

from .._validation import as_real_array
from ..datasets import ten_points
from ..fitting import fit_logistic
from ..functions import log_softmax, sigmoid, softmax
from ..mapping import logistic_to_softmax, softmax_to_logistic
from ..palette import class_colour
from ._base import PALETTE, Explorer
from ._loss import square_loss_grid
from ._sliders import ExactValues, float_slider, slider_argument

__all__ = ["ValleyExplorer"]

_STEP = 0.05
_COEF_RANGE = (-5.0, 5.0)
_SHIFT_RANGE = (-5.0, 5.0)
# The view holds every reachable point: coefficients plus shift reach +-10.
# Fixed for the explorer's life, so no slider sweep rescales it.
_PLANE_MAX = 10.5
_GRID = np.linspace(-5.0, 5.0, 401)
# The loss background's grid: the sliders' step, so every slider point is a node.
_N_PLANE = int(round(2 * _PLANE_MAX / _STEP)) + 1
# Nodes a side of the drawn contours: the bands are straight diagonals,
# which a coarser grid draws just as well.
_CONTOUR_NODES = 211
# Log-spaced levels, a factor sqrt(2) apart, from below the floor's least
# loss (0.539) to above the plane's largest (about 29, in its corners): the
# colour bar's log scale spaces them evenly and nothing lies above the top.
_LOSS_LEVELS = tuple(float(v) for v in np.geomspace(0.5, 32.0, 13))
# cividis mixed with white rather than drawn with alpha: transparent bands
# leave seams at their edges that look like contour lines.
_LIGHT_CIVIDIS = ListedColormap(
    0.65 * matplotlib.colormaps["cividis"](np.linspace(0.0, 1.0, 256)) + 0.35)
# A rise below this shows as 0.0000 in the status line: the point is on the floor.
_ON_FLOOR = 5e-5
# The loss label's offset from the shifted point, in points: across the line.
_LABEL_OFFSET = 16


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
    # fit_logistic models P(label 1) = P(class 2): its coefficient is gamma = b2 - b1.
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
        :math:`\hat\beta`, the fitted :math:`\beta = \beta_1 - \beta_2` on
        the floor: the logistic coefficient of P(class 1), the negative of
        software's :math:`\hat\gamma` on the labels.
    loss_min : float
        The least mean loss over the plane, reached all along the floor.
    plane_axis : numpy.ndarray, shape (421,)
        The coefficient values of the background grid, -10.5 to 10.5 in
        steps of 0.05, for both :math:`\beta_1` and :math:`\beta_2`.
    loss_values : numpy.ndarray, shape (421, 421)
        The mean loss, drawn as filled contours: ``loss_values[i, j]`` is
        the loss at ``(beta1, beta2) = (plane_axis[j], plane_axis[i])``.
    colorbar : matplotlib.colorbar.Colorbar
        The loss scale beside the plane (log scale, levels a factor
        :math:`\sqrt 2` apart).
    lines : dict of str to matplotlib.lines.Line2D
        ``"floor"``: the valley floor β₁ − β₂ = β̂; ``"line"``: the line
        β₁ − β₂ = β through the chosen point; ``"softmax"``:
        softmax([x(β₁+c), x(β₂+c)])[1] = P(class 2 | x) = 1 − σ(xβ) over a
        fixed grid of x in [-5, 5], in the right axes; the softmax at every
        other marked point coincides with it (see `spread`), so it is drawn
        once. ``"class1"``, ``"class2"``: the data points of each class,
        drawn at their labels (class 1, label 0, at 0; class 2 at 1).
    points : dict of str to matplotlib.lines.Line2D
        One-point artists in the plane: ``"point"`` (β₁, β₂), ``"shifted"``
        (β₁+c, β₂+c), ``"reference"`` (β, 0), ``"reference1"`` (0, −β),
        ``"symmetric"`` (β/2, −β/2). The chosen point is a filled dot drawn
        above open markers of larger sizes: at c = 0 the chosen, shifted and
        symmetric points coincide and all show.
    loss_label : matplotlib.text.Annotation
        The mean loss beside the shifted point; hidden until :attr:`revealed`.
    legend : matplotlib.legend.Legend
        Under both panels, six entries.
    spread : float
        Largest difference, over the x grid, between the class-1
        probabilities of the five marked points and σ(xβ): rounding only.

    Examples
    --------
    >>> from logitlab.widgets import ValleyExplorer
    >>> ex = ValleyExplorer()
    >>> ex.beta, ex.shifted, ex.revealed
    (2.0, (1.0, -1.0), False)
    >>> "changes nothing" in ex.status.value  # lesson 03 asks about the loss first
    False
    >>> ex.sliders["c"].value = 1.5
    >>> ex.shifted, ex.beta, ex.spread < 1e-15, ex.revealed
    ((2.5, 0.5), 2.0, True, True)
    >>> "changes nothing" in ex.status.value
    True

    Along the line the loss stays; it is above the floor's minimum:

    >>> round(ex.loss, 4), abs(ex.loss - ex.loss_point) < 1e-15, round(ex.rise, 4)
    (0.7615, True, 0.2225)
    >>> ex.close()
    """

    kind = "valley"
    figsize = (9.6, 5.4)

    def __init__(self, beta1=1.0, beta2=-1.0, c=0.0):
        func = "ValleyExplorer"
        self._init = {
            "beta1": slider_argument(func, "beta1", beta1, *_COEF_RANGE),
            "beta2": slider_argument(func, "beta2", beta2, *_COEF_RANGE),
            "c": slider_argument(func, "c", c, *_SHIFT_RANGE),
        }
        self.spread = float("nan")
        self._revealed = False
        self._status_key = None
        self.x, self.y, self.beta_hat, self.loss_min, self.plane_axis, self.loss_values = (
            _valley())
        super().__init__()

    # -- construction ---------------------------------------------------
    def _build(self):
        self._build_sliders()
        plane, curves = self.figure.subplots(1, 2, width_ratios=[1.3, 1.0])
        self.plane_axes, self.curve_axes = plane, curves
        self.lines, self.points = {}, {}
        self._build_plane(plane)
        self._build_points(plane)
        self._build_curves(curves)
        self._build_legend()
        return []

    def _build_sliders(self):
        init = self._init
        self.sliders["beta1"] = float_slider("β₁", init["beta1"], *_COEF_RANGE, step=_STEP)
        self.sliders["beta2"] = float_slider("β₂", init["beta2"], *_COEF_RANGE, step=_STEP)
        self.sliders["c"] = float_slider("c", init["c"], *_SHIFT_RANGE, step=_STEP)
        self._init_exact()
        self._exact.update(init)

    def _build_plane(self, ax):
        """The loss as filled contours with a log colour bar, fixed view, the floor."""
        ax.set_xlim(-_PLANE_MAX, _PLANE_MAX)
        ax.set_ylim(-_PLANE_MAX, _PLANE_MAX)
        ax.set_aspect("equal")
        stride = -(-(_N_PLANE - 1) // (_CONTOUR_NODES - 1))
        g = self.plane_axis[::stride]
        filled = ax.contourf(g, g, self.loss_values[::stride, ::stride],
                             levels=list(_LOSS_LEVELS), cmap=_LIGHT_CIVIDIS,
                             norm=LogNorm(_LOSS_LEVELS[0], _LOSS_LEVELS[-1]), zorder=0)
        self._filled = filled
        self.colorbar = self.figure.colorbar(filled, ax=ax, shrink=0.9, pad=0.03,
                                             ticks=[0.5, 1, 2, 4, 8, 16, 32], format="%g")
        self.colorbar.minorticks_off()
        self.colorbar.set_label("mean negative log-likelihood (log scale)")
        ax.set_xlabel(r"$\beta_1$ (class 1)")
        ax.set_ylabel(r"$\beta_2$ (class 2)")
        ax.set_title("mean loss of ten data points\nover the softmax coefficients")
        ends = np.array([-_PLANE_MAX, _PLANE_MAX])
        # Static, so drawn under the moving line: a wide band that still shows
        # on both sides of it when the chosen line is the floor.
        self.lines["floor"] = ax.plot(
            ends, ends - self.beta_hat, color=PALETTE["sky"], lw=6.0, solid_capstyle="butt",
            label=rf"valley floor $\beta_1 - \beta_2 = \hat\beta = {self.beta_hat:.3f}$")[0]
        self.lines["line"] = ax.plot(
            [], [], color=PALETTE["black"], lw=1.8, ls="-", animated=True,
            label=r"the line $\beta_1 - \beta_2 = \beta$ through $(\beta_1, \beta_2)$")[0]
        # The shift as a dotted segment from the chosen point to the shifted one.
        self._shift_segment = ax.plot([], [], color=PALETTE["vermillion"], lw=2.0, ls=":",
                                      animated=True)[0]

    def _build_points(self, ax):
        """The marked points: open markers of decreasing size, the chosen point filled on top.

        Points that coincide (at c = 0 the chosen, shifted and symmetric
        points are one; at beta = 0 all five) all stay visible. Not clipped:
        a point at the plane's edge (+-10) stays whole.
        """
        marker = {"ls": "none", "animated": True, "mfc": "none", "mew": 2.2, "clip_on": False}
        reference = {"mec": PALETTE["purple"], "ms": 17, **marker}
        self.points = {
            "symmetric": ax.plot([], [], "o", mec=PALETTE["green"], ms=25, **marker,
                                 label=r"$(\beta/2, -\beta/2)$: symmetric")[0],
            # One style for both: one legend entry names both.
            "reference1": ax.plot([], [], "s", **reference,
                                  label=r"$(0, -\beta)$ (statsmodels), $(\beta, 0)$: "
                                        "a class fixed at 0")[0],
            "reference": ax.plot([], [], "s", **reference)[0],
            "shifted": ax.plot([], [], "D", mec=PALETTE["vermillion"], ms=11, **marker,
                               label=r"shifted $(\beta_1 + c, \beta_2 + c)$")[0],
            "point": ax.plot([], [], "o", color=PALETTE["black"], mec="white", mew=1.2, ms=8,
                             ls="none", clip_on=False, animated=True,
                             label=r"chosen $(\beta_1, \beta_2)$")[0],
        }
        for artist in self.points.values():
            artist.set_in_layout(False)
        # The loss on the figure, beside the shifted point (hidden until revealed).
        # No box: a box would hide the loss map under it.
        self.loss_label = ax.annotate(
            "", (0.0, 0.0), xytext=(_LABEL_OFFSET, -_LABEL_OFFSET), textcoords="offset points",
            fontsize=12, ha="left", va="top", animated=True, visible=False,
            annotation_clip=False)
        self.loss_label.set_in_layout(False)

    def _build_curves(self, ax):
        """P(class 2 | x) at the shifted point over the data, drawn at their labels."""
        ax.set_xlim(_GRID[0], _GRID[-1])
        # Room above 1 and below 0 for the data markers.
        ax.set_ylim(-0.08, 1.08)
        ax.set_xlabel("$x$")
        ax.set_ylabel(r"P(class 2 | $x$) = P(label 1)")
        ax.set_title("probabilities at the shifted point")
        data = {"ls": "none", "ms": 9, "mew": 1.2, "mec": PALETTE["black"], "clip_on": False}
        for k in (1, 2):
            label = k - 1  # class 1 is label 0, class 2 label 1: drawn at height label
            at = self.x[self.y == label]
            self.lines[f"class{k}"] = ax.plot(at, np.full(at.size, float(label)), "o",
                                              mfc=class_colour(k), **data)[0]
            # Named beside its row, outside the curve's area.
            ax.annotate(f"class {k}\n(label {label})", (1.0, label), xycoords=("axes fraction",
                        "data"), xytext=(8, 0), textcoords="offset points", ha="left",
                        va="center", fontsize=10)
        nan = np.full_like(_GRID, np.nan)
        # One curve: the softmax at the shifted point. The softmax at every other
        # marked point coincides with it (see `spread`).
        self.lines["softmax"] = ax.plot(_GRID, nan, color=PALETTE["black"], lw=2.6, ls="-",
                                        animated=True)[0]

    def _build_legend(self):
        handles = [self.lines["floor"], self.lines["line"], self.points["point"],
                   self.points["shifted"], self.points["reference1"], self.points["symmetric"]]
        # Under both panels: inside the plane it would cover the background.
        self.legend = self.figure.legend(handles=handles, loc="outside lower center",
                                         ncols=3, fontsize=10, markerscale=0.7)

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
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "reference", reference=2))

    @property
    def reference_first(self):
        """The point (0, −β) on the line: class 1 fixed at 0 (statsmodels' MNLogit, R nnet)."""
        return (0.0, 0.0 - self.beta)  # not -beta: no "-0.00" at beta = 0

    @property
    def symmetric(self):
        """The symmetric point (β/2, −β/2) on the line (what an L2 penalty picks)."""
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "symmetric"))

    @property
    def revealed(self):
        """Whether the losses are shown (read-only; see :meth:`reveal`).

        False for a fresh explorer: lesson 03 asks for a prediction about the
        loss first. True once a slider has moved the point or the shift away
        from the constructor's values (the browser's rounded echo of those
        values does not count), or after :meth:`reveal`; never false again.
        """
        return self._revealed

    def reveal(self):
        """Show the losses in the status line and beside the shifted point, without moving."""
        if not self._revealed:
            self._revealed = True
            self.update()

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
        # Moved away from the start: from here on the losses may be shown.
        start = (self._init["beta1"], self._init["beta2"], self._init["c"])
        self._revealed = self._revealed or (b1, b2, c) != start
        s1, s2 = self.shifted
        marked = self._marked()
        ends = np.array([-_PLANE_MAX, _PLANE_MAX])
        self.lines["line"].set_data(ends, ends - beta)
        self._shift_segment.set_data([b1, s1], [b2, s2])
        for name, (p1, p2) in marked.items():
            self.points[name].set_data([p1], [p2])
        self.lines["softmax"].set_ydata(
            softmax(np.stack([_GRID * s1, _GRID * s2], -1))[:, 1])
        curves = [sigmoid(_GRID * beta)] + [
            softmax(np.stack([_GRID * p1, _GRID * p2], -1))[:, 0] for p1, p2 in marked.values()
        ]
        self.spread = float(np.max(np.ptp(np.stack(curves), axis=0)))
        self._place_loss_label(s1, s2)
        self._show_status(marked)

    def _place_loss_label(self, s1, s2):
        """The loss beside the shifted point, across the line from it (once revealed)."""
        label = self.loss_label
        label.set_visible(self._revealed)
        if not self._revealed:
            return
        label.xy = (s1, s2)
        # Towards the plane's centre, so the label stays inside the figure.
        right = s1 < 0
        label.set_position((_LABEL_OFFSET if right else -_LABEL_OFFSET,
                            -_LABEL_OFFSET if right else _LABEL_OFFSET))
        label.set_horizontalalignment("left" if right else "right")
        label.set_verticalalignment("top" if right else "bottom")
        label.set_text(f"loss {self.loss:.4f}")

    def _show_status(self, marked):
        """Set the status line; skipped when its text would not change."""
        key = (self._revealed, *marked.values(), self.spread)
        if key == self._status_key:
            return
        self._status_key = key
        beta, (b1, b2), (s1, s2), c = self.beta, marked["point"], marked["shifted"], self.c
        ref, ref1, sym = marked["reference"], marked["reference1"], marked["symmetric"]
        rows = [
            f"β₁ − β₂ = {beta:.2f} for every point on the line",
            f"(β₁, β₂) = ({b1:.2f}, {b2:.2f}); shifted by c = {c:.2f}: ({s1:.2f}, {s2:.2f})",
            *self._loss_rows(),
            f"class 1 fixed at 0, statsmodels (0, −β) = ({ref1[0]:.2f}, {ref1[1]:.2f}); "
            f"class 2 fixed at 0 (β, 0) = ({ref[0]:.2f}, {ref[1]:.2f}); "
            f"symmetric (β/2, −β/2) = ({sym[0]:.2f}, {sym[1]:.2f})",
        ]
        if self._revealed:
            rows.append("largest difference between their probability curves and σ(xβ): "
                        f"{self.spread:.1e}")
        self._set_status(
            '<div style="padding:6px 10px;border-radius:6px;border:2px solid #999999;'
            'background:#F4F4F4;font-family:monospace;line-height:1.5">'
            + "<br>".join(rows) + "</div>")

    def _loss_rows(self):
        """The status lines about the loss: a prompt until revealed, then the values."""
        if not self._revealed:
            return ["move a slider (or call <code>reveal()</code>) to see the mean loss "
                    "of the ten points here"]
        loss_point, loss, rise = self.loss_point, self.loss, self.rise
        if rise < _ON_FLOOR:
            across = (f"on the floor β₁ − β₂ = β̂ = {self.beta_hat:.3f}: "
                      f"the least loss, {self.loss_min:.4f}")
        else:
            across = (f"{rise:.4f} above the floor's {self.loss_min:.4f} "
                      f"(β₁ − β₂ = β̂ = {self.beta_hat:.3f}): across the lines the loss rises")
        return [f"mean loss of the ten points: {loss_point:.4f} at (β₁, β₂), {loss:.4f} at the "
                "shifted point: moving along the line changes nothing; probabilities unchanged "
                "by c", across]
