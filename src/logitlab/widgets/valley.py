r"""ValleyExplorer: many softmax coefficient pairs, one logistic β.

Left, the plane of softmax coefficients :math:`(\beta_1, \beta_2)`. Its
faint background is :math:`P(\text{class 1} \mid x) = \sigma(x(\beta_1 -
\beta_2))` at ``x = 0.5``: the colour is constant along every diagonal,
because only the difference of the coefficients matters. The stripes are
level sets of that probability, not the valley: the valley is the floor of
a loss on data (lessons 03 and 04), and this explorer has no data. It shows
why a floor is a diagonal line: every point of the line
:math:`\beta_1 - \beta_2 = \beta` through the chosen point gives the same
probabilities. Marked on the line: the shifted point
:math:`(\beta_1 + c, \beta_2 + c)`, :math:`(\beta, 0)` (class 2 fixed at 0),
:math:`(0, -\beta)` (class 1 fixed at 0, statsmodels' choice) and the
symmetric point :math:`(\beta/2, -\beta/2)`. The view zooms to the marked
points. Right, the one probability curve of the whole line: moving ``c``
moves the point along the line and changes no probability."""

from __future__ import annotations

import numpy as np

from ..functions import sigmoid, softmax
from ..mapping import logistic_to_softmax, softmax_to_logistic
from ._base import PALETTE, Explorer
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
#: The input at which the background shows P(class 1): the question's x.
BACKGROUND_X = 0.5


class ValleyExplorer(ExactValues, Explorer):
    r"""Why the softmax loss has a flat valley: every point of a diagonal line is one β.

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
    lines : dict of str to matplotlib.lines.Line2D
        ``"line"``: the line β₁ − β₂ = β in the plane; ``"softmax"``:
        softmax([x(β₁+c), x(β₂+c)])[0] = P(class 1 | x) over a fixed grid of x
        in [-5, 5], in the right axes. σ(xβ) and the softmax at every other
        marked point coincide with it (see `spread`), so it is drawn once.
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
        self._draw_background(plane)
        plane.set_aspect("equal")
        plane.set_xlabel(r"$\beta_1$ (class 1)")
        plane.set_ylabel(r"$\beta_2$ (class 2)")
        plane.set_title("softmax coefficients; stripes:\nlevel sets of "
                        r"P(class 1 | $x$ = 0.5)")

        self.lines = {
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
        self.lines["line"].set_label(r"$\beta_1 - \beta_2 = \beta$: same probabilities")
        self.points["point"].set_label(r"$(\beta_1, \beta_2)$")
        self.points["shifted"].set_label(r"$(\beta_1 + c, \beta_2 + c)$")
        self.points["reference"].set_label(r"$(\beta, 0)$: class 2 fixed at 0")
        self.points["reference1"].set_label(r"$(0, -\beta)$: class 1 fixed at 0 (statsmodels)")
        self.points["symmetric"].set_label(r"$(\beta/2, -\beta/2)$: symmetric")

        curves.set_xlim(_GRID[0], _GRID[-1])
        curves.set_ylim(-0.03, 1.03)
        curves.set_xlabel("$x$")
        curves.set_ylabel(r"P(class 1 | $x$)")
        curves.set_title("probabilities: one curve\nfor every point of the line")
        nan = np.full_like(_GRID, np.nan)
        # One curve: the softmax at the shifted point. sigma(x beta) and the
        # softmax at every other marked point coincide with it (see `spread`).
        self.lines["softmax"] = curves.plot(
            _GRID, nan, color=PALETTE["blue"], lw=3.0, ls="-", animated=True,
            label=r"softmax$([x(\beta_1{+}c), x(\beta_2{+}c)])$[0] $= \sigma(x\beta)$, any $c$",
        )[0]
        curves.axvline(BACKGROUND_X, color=PALETTE["grey"], lw=1.2, ls="--")
        # The value the plane's background shows at the chosen point.
        self.at_background = curves.plot([], [], "o", color=PALETTE["blue"], ms=9,
                                         animated=True, label=None)[0]
        handles = [self.lines["line"], self.points["point"], self.points["shifted"],
                   self.points["symmetric"], self.points["reference"],
                   self.points["reference1"], self.lines["softmax"]]
        # Under both panels: inside the plane it would cover the background.
        self.legend = self.figure.legend(handles=handles, loc="outside lower center",
                                         ncols=2, fontsize=10.5, markerscale=0.7)
        self._half_width = None
        return []

    def _draw_background(self, ax):
        """P(class 1 | x = 0.5) over the plane, drawn once: constant on every diagonal."""
        b = np.linspace(-_PLANE_MAX, _PLANE_MAX, 301)
        b1, b2 = np.meshgrid(b, b)
        prob = sigmoid(BACKGROUND_X * (b1 - b2))
        image = ax.imshow(prob, extent=(-_PLANE_MAX, _PLANE_MAX, -_PLANE_MAX, _PLANE_MAX),
                          origin="lower", cmap="cividis", vmin=0, vmax=1, alpha=0.55,
                          interpolation="bilinear")
        self._contours = None
        bar = self.figure.colorbar(image, ax=ax, shrink=0.85, pad=0.03)
        bar.set_label(rf"P(class 1 | $x$ = {BACKGROUND_X})")

    def _fit_plane(self, points):
        """Zoom the plane to the smallest of _HALF_WIDTHS that holds every point.

        The background, contours and ticks are static: they are redrawn only
        when the zoom changes, which the few fixed widths keep rare.
        """
        reach = max(abs(v) for p in points for v in p) + _MARGIN
        half = next((h for h in _HALF_WIDTHS if h >= reach), _HALF_WIDTHS[-1])
        if half == self._half_width:
            return
        ax = self.plane_axes
        ax.set_xlim(-half, half)
        ax.set_ylim(-half, half)
        if self._contours is not None:
            self._contours.remove()
        # Computed over the view only, so that every label lands inside it.
        g = np.linspace(-half, half, 121)
        b1, b2 = np.meshgrid(g, g)
        self._contours = ax.contour(b1, b2, sigmoid(BACKGROUND_X * (b1 - b2)),
                                    levels=[0.1, 0.25, 0.5, 0.75, 0.9], colors="0.3",
                                    linewidths=0.9)
        ax.clabel(self._contours, fmt="%.2f", fontsize=10)
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

    # -- updating -------------------------------------------------------
    def _refresh(self):
        b1, b2, c, beta = self.beta1, self.beta2, self.c, self.beta
        s1, s2 = self.shifted
        marked = {"point": (b1, b2), "shifted": (s1, s2), "reference": self.reference,
                  "reference1": self.reference_first, "symmetric": self.symmetric}
        self._fit_plane(marked.values())
        ends = np.array([-_PLANE_MAX, _PLANE_MAX])
        self.lines["line"].set_data(ends, ends - beta)
        self._shift_segment.set_data([b1, s1], [b2, s2])
        for name, (p1, p2) in marked.items():
            self.points[name].set_data([p1], [p2])

        self.lines["softmax"].set_ydata(
            softmax(np.stack([_GRID * s1, _GRID * s2], -1))[:, 0])
        self.at_background.set_data([BACKGROUND_X], [float(sigmoid(BACKGROUND_X * beta))])
        curves = [sigmoid(_GRID * beta)] + [
            softmax(np.stack([_GRID * p1, _GRID * p2], -1))[:, 0] for p1, p2 in marked.values()
        ]
        self.spread = float(np.max(np.ptp(np.stack(curves), axis=0)))

        ref, ref1, sym = marked["reference"], marked["reference1"], marked["symmetric"]
        self._set_status(
            '<div style="padding:6px 10px;border-radius:6px;border:2px solid #999999;'
            'background:#F4F4F4;font-family:monospace;line-height:1.5">'
            f"β₁ − β₂ = {beta:.2f} for every point on the line; "
            "probabilities unchanged by c<br>"
            f"(β₁, β₂) = ({b1:.2f}, {b2:.2f}); shifted by c = {c:.2f}: ({s1:.2f}, {s2:.2f})<br>"
            f"class 2 fixed at 0 (β, 0) = ({ref[0]:.2f}, {ref[1]:.2f}); "
            f"class 1 fixed at 0, statsmodels (0, −β) = ({ref1[0]:.2f}, {ref1[1]:.2f}); "
            f"symmetric (β/2, −β/2) = ({sym[0]:.2f}, {sym[1]:.2f})<br>"
            f"largest difference between their probability curves and σ(xβ): "
            f"{self.spread:.1e}"
            "</div>"
        )
