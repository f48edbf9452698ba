r"""ValleyExplorer: many softmax coefficient pairs, one logistic β.

Left, the plane of softmax coefficients :math:`(\beta_1, \beta_2)`. Its
faint background is :math:`P(\text{class 1} \mid x) = \sigma(x(\beta_1 -
\beta_2))` at a fixed ``x``: the colour is constant along every diagonal,
because only the difference of the coefficients matters. That flat
direction is the valley of the softmax loss. The line :math:`\beta_1 -
\beta_2 = \beta` through the chosen point is drawn, with the shifted point
:math:`(\beta_1 + c, \beta_2 + c)`, the reference-class point
:math:`(\beta, 0)` and the symmetric point :math:`(\beta/2, -\beta/2)`.
Right, the probability curves: moving ``c`` moves the point along the line
and changes no probability.
"""

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
# Every marked point stays inside: coefficients plus shift reach +-10.
_PLANE = (-10.5, 10.5)
_GRID = np.linspace(-5.0, 5.0, 401)
#: The input at which the background shows P(class 1): the question's x.
BACKGROUND_X = 0.5


class ValleyExplorer(ExactValues, Explorer):
    r"""The flat valley of the two-class softmax: every point of a diagonal line is one β.

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
        ``"line"``: the line β₁ − β₂ = β in the plane; ``"sigmoid"``:
        σ(xβ) and ``"softmax"``: softmax([x(β₁+c), x(β₂+c)])[0] over a fixed
        grid of x in [-5, 5], in the right axes.
    points : dict of str to matplotlib.lines.Line2D
        One-point artists in the plane: ``"point"`` (β₁, β₂), ``"shifted"``
        (β₁+c, β₂+c), ``"reference"`` (β, 0), ``"symmetric"`` (β/2, −β/2).
    spread : float
        Largest difference, over the x grid, between the class-1
        probabilities of the four marked points and σ(xβ): rounding only.

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
    figsize = (9.6, 4.2)

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

        plane, curves = self.figure.subplots(1, 2, width_ratios=[1.0, 1.15])
        self.plane_axes, self.curve_axes = plane, curves
        self._draw_background(plane)
        plane.set_xlim(*_PLANE)
        plane.set_ylim(*_PLANE)
        plane.set_aspect("equal")
        plane.set_xticks([-10, -5, 0, 5, 10])
        plane.set_yticks([-10, -5, 0, 5, 10])
        plane.set_xlabel(r"$\beta_1$ (class 1)")
        plane.set_ylabel(r"$\beta_2$ (class 2)")
        plane.set_title(r"softmax coefficients $(\beta_1, \beta_2)$")

        self.lines = {
            "line": plane.plot([], [], color=PALETTE["black"], lw=1.6, ls="-",
                               animated=True)[0],
        }
        # The shift as a dotted segment from the chosen point to the shifted one.
        self._shift_segment = plane.plot([], [], color=PALETTE["orange"], lw=2.0, ls=":",
                                         animated=True)[0]
        marker = {"ls": "none", "animated": True}
        self.points = {
            "point": plane.plot([], [], "o", color=PALETTE["blue"], ms=10, **marker)[0],
            "shifted": plane.plot([], [], "D", color=PALETTE["orange"], ms=9, mec="black",
                                  **marker)[0],
            "reference": plane.plot([], [], "s", mfc="none", mec=PALETTE["vermillion"],
                                    mew=2.2, ms=11, **marker)[0],
            "symmetric": plane.plot([], [], "^", mfc="none", mec=PALETTE["green"], mew=2.2,
                                    ms=12, **marker)[0],
        }
        self.lines["line"].set_label(r"$\beta_1 - \beta_2 = \beta$")
        self.points["point"].set_label(r"$(\beta_1, \beta_2)$")
        self.points["shifted"].set_label(r"$(\beta_1 + c, \beta_2 + c)$")
        self.points["reference"].set_label(r"reference $(\beta, 0)$")
        self.points["symmetric"].set_label(r"symmetric $(\beta/2, -\beta/2)$")
        plane.legend(loc="upper left", fontsize=8, framealpha=0.9)

        curves.set_xlim(_GRID[0], _GRID[-1])
        curves.set_ylim(-0.03, 1.03)
        curves.set_xlabel("$x$")
        curves.set_ylabel("P(class 1)")
        curves.set_title("probabilities: unchanged along the line")
        nan = np.full_like(_GRID, np.nan)
        self.lines["sigmoid"] = curves.plot(
            _GRID, nan, color=PALETTE["blue"], lw=3.2, ls="-", animated=True,
            label=r"$\sigma(x\beta)$",
        )[0]
        # Dashed over the solid sigmoid: both stay visible where they coincide.
        self.lines["softmax"] = curves.plot(
            _GRID, nan, color=PALETTE["orange"], lw=2.0, ls=(0, (5, 3)), animated=True,
            label=r"softmax$([x(\beta_1{+}c), x(\beta_2{+}c)])_1$",
        )[0]
        curves.axvline(BACKGROUND_X, color=PALETTE["grey"], lw=1.0, ls="--")
        curves.legend(loc="lower right", fontsize=9, framealpha=0.9)
        return []

    def _draw_background(self, ax):
        """P(class 1 | x = 0.5) over the plane, drawn once: the valley's stripes."""
        b = np.linspace(*_PLANE, 301)
        b1, b2 = np.meshgrid(b, b)
        prob = sigmoid(BACKGROUND_X * (b1 - b2))
        image = ax.imshow(prob, extent=(*_PLANE, *_PLANE), origin="lower", cmap="cividis",
                          vmin=0, vmax=1, alpha=0.55, interpolation="bilinear")
        levels = [0.1, 0.25, 0.5, 0.75, 0.9]
        contours = ax.contour(b1, b2, prob, levels=levels, colors=PALETTE["grey"],
                              linewidths=0.8)
        ax.clabel(contours, fmt="%.2f", fontsize=7)
        bar = self.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
        bar.set_label(rf"P(class 1 | $x$ = {BACKGROUND_X})")

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
        """The reference-class point (β, 0) on the line (statsmodels, R, Stata)."""
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "reference"))

    @property
    def symmetric(self):
        """The symmetric point (β/2, −β/2) on the line (what an L2 penalty picks)."""
        return tuple(float(v) for v in logistic_to_softmax(self.beta, "symmetric"))

    # -- updating -------------------------------------------------------
    def _refresh(self):
        b1, b2, c, beta = self.beta1, self.beta2, self.c, self.beta
        s1, s2 = self.shifted
        ends = np.array(_PLANE)
        self.lines["line"].set_data(ends, ends - beta)
        self._shift_segment.set_data([b1, s1], [b2, s2])
        marked = {"point": (b1, b2), "shifted": (s1, s2), "reference": self.reference,
                  "symmetric": self.symmetric}
        for name, (p1, p2) in marked.items():
            self.points[name].set_data([p1], [p2])

        sig = sigmoid(_GRID * beta)
        self.lines["sigmoid"].set_ydata(sig)
        self.lines["softmax"].set_ydata(softmax(np.stack([_GRID * s1, _GRID * s2], -1))[:, 0])
        curves = [sig] + [
            softmax(np.stack([_GRID * p1, _GRID * p2], -1))[:, 0] for p1, p2 in marked.values()
        ]
        self.spread = float(np.max(np.ptp(np.stack(curves), axis=0)))

        ref, sym = marked["reference"], marked["symmetric"]
        self._set_status(
            '<div style="padding:6px 10px;border-radius:6px;border:2px solid #999999;'
            'background:#F4F4F4;font-family:monospace;line-height:1.5">'
            f"β₁ − β₂ = {beta:.2f} for every point on the line; "
            "probabilities unchanged by c<br>"
            f"(β₁, β₂) = ({b1:.2f}, {b2:.2f}); shifted by c = {c:.2f}: ({s1:.2f}, {s2:.2f})<br>"
            f"reference (β, 0) = ({ref[0]:.2f}, {ref[1]:.2f}); "
            f"symmetric (β/2, −β/2) = ({sym[0]:.2f}, {sym[1]:.2f})<br>"
            f"largest difference between their probability curves: {self.spread:.1e}"
            "</div>"
        )
