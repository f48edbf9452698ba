"""Gradient descent on the two-class softmax: straight across the flat valley.

:class:`PathExplorer` draws the loss of a one-feature, two-class softmax
regression without intercept over its two coefficients ``(beta1, beta2)``
and the gradient-descent path from a start the reader chooses. By the
series' convention class 1 is the first sorted label (``y == 0``, row 0,
``beta1``) and class 2 the label ``y == 1`` (row 1, ``beta2``), so a logistic
regression on the labels reports ``beta_hat = beta2 - beta1``. The two row
gradients are equal and opposite, so every step points along ``(1, -1)``:
the path runs straight across the valley and stops on the line
``beta2 - beta1 = beta_hat`` wherever it meets it, with ``beta1 + beta2``
exactly as it started. An L2 penalty adds a pull towards the origin that
shrinks the sum by ``(1 - lr * lam)`` per step, so every path then ends at
the same symmetric point ``beta1 = -beta2``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ..fitting import fit_logistic, gradient_descent_path
from ._base import PALETTE, Explorer
from ._loss import nll_of_difference, square_loss_grid
from ._sliders import array_argument, float_slider, int_slider, slider_argument

__all__ = ["PathExplorer", "demo_data"]

# The right panel's step axis ends at the first of these >= the steps drawn:
# it fits the path without a background redraw on every move of the slider.
_STEP_AXIS_ENDS = (5, 10, 20, 30, 50, 75, 100, 150, 200, 250, 300)
# The right panel's value axis snaps outwards to this grid, for the same reason.
_VALUE_AXIS_GRID = 1.0

# Starts of the faint comparison paths, one per corner region of the plane:
# together they show that each start lands at its own place on the line.
_GHOST_STARTS = ((-3.0, 1.5), (3.5, -2.0), (-2.0, -3.5), (1.0, 3.5))
_LIMIT = 4.5
_MAX_STEPS = 300
_GRID = 121


def demo_data(n=40, beta=1.5, seed=0):
    """A small one-feature data set drawn with a fixed seed.

    Parameters
    ----------
    n : int, optional
        Number of points.
    beta : float, optional
        True logistic coefficient: ``P(y = 1 | x) = sigmoid(beta * x)``.
    seed : int, optional
        Seed of ``numpy.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    x : numpy.ndarray, shape (n,)
        Standard-normal feature values.
    y : numpy.ndarray of int, shape (n,)
        Labels 0 or 1.

    Examples
    --------
    >>> from logitlab.widgets.path import demo_data
    >>> x, y = demo_data()
    >>> x.shape, sorted(set(y.tolist()))
    ((40,), [0, 1])
    """
    from ..functions import sigmoid

    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = (rng.random(n) < sigmoid(beta * x)).astype(int)
    return x, y


class PathExplorer(Explorer):
    """Gradient-descent paths over the loss surface of a two-class softmax.

    The model has one feature and no intercept. In the series' convention
    class 1 is the first sorted label, ``y == 0``, with score ``x * beta1``
    (softmax entry ``[0]``, row 0); class 2 is ``y == 1``, with score
    ``x * beta2`` (entry ``[1]``, row 1). So
    ``P(y = 1) = softmax([x*beta1, x*beta2])[1] = sigmoid(x*(beta2 - beta1))``
    and a logistic regression on ``y`` reports ``beta2 - beta1``.

    Parameters
    ----------
    x, y : array_like, optional
        One feature and 0/1 labels. Default: :func:`demo_data`. The lesson
        passes statsmodels' ``spector`` GPA, standardised, and GRADE.
    start : (float, float), optional
        Starting point ``(beta1, beta2)`` of the path the sliders move.
    lr : float, optional
        Step size of gradient descent.
    n_steps : int, optional
        Number of steps drawn.
    l2 : float, optional
        Penalty strength ``lam`` in ``(lam/2) * (beta1**2 + beta2**2)``.
    predict : bool, optional
        If true, the run is hidden until the learner predicts where it ends
        (two boxes and a "draw the run" button, or :meth:`predict`) or asks
        for it (:meth:`reveal`); the status line asks for the prediction
        instead of giving the end point. Default false: the run is drawn at
        once.

    Attributes
    ----------
    sliders : dict
        ``"beta1"``, ``"beta2"`` (the start), ``"lr"``, ``"steps"``, ``"l2"``.
    path : numpy.ndarray, shape (n_steps + 1, 2)
        The iterates ``(beta1, beta2)`` of the path from the slider start,
        exactly as drawn; ``path[0]`` is the start, ``path[-1]`` the end.
    ghost_paths : list of numpy.ndarray
        The faint paths from fixed starts, same shape as `path`.
    lines : dict of matplotlib.lines.Line2D
        ``"path"``, ``"start"``, ``"end"``, ``"ghost0"``... in the plane;
        ``"sum"`` and ``"difference"`` (beta1 + beta2 and beta2 - beta1
        against the step number) in the right panel; ``"optimum"``, the
        symmetric point for the current penalty.
    beta_hat : float
        The logistic coefficient of ``y`` (no penalty), statsmodels' ``Logit``
        without a constant: the valley floor is the line
        ``beta2 - beta1 = beta_hat``.
    optimum : numpy.ndarray, shape (2,)
        ``(-b/2, b/2)`` where ``b`` is the logistic fit with penalty
        ``lam/2``: the point every path approaches when ``lam > 0``; with
        ``lam = 0`` the symmetric point of the floor, where the path from
        ``beta1 + beta2 = 0`` ends.
    contour_values : numpy.ndarray, shape (121, 121)
        The loss drawn as contours (see :meth:`loss_grid`).
    revealed : bool
        Whether the run is drawn: always true unless ``predict=True``, then
        true after :meth:`predict` or :meth:`reveal`.
    prediction : tuple of float or None
        The last ``(beta1, beta2)`` passed to :meth:`predict`.
    prediction_error : float or None
        Distance from that prediction to the end of the run it was made for.

    Examples
    --------
    >>> from logitlab.widgets import PathExplorer
    >>> ex = PathExplorer(start=(2.0, 3.0), n_steps=200)
    >>> d, s = ex.path[-1, 1] - ex.path[-1, 0], ex.path[-1].sum()
    >>> bool(abs(d - ex.beta_hat) < 1e-6), bool(abs(s - 5.0) < 1e-12)
    (True, True)
    >>> ex.sliders["l2"].value = 0.2
    >>> bool(abs(ex.path[-1].sum()) < 1e-6)  # the penalty makes it symmetric
    True

    With ``predict=True`` the run waits for the learner's guess:

    >>> ex = PathExplorer(start=(2.0, 3.0), n_steps=200, predict=True)
    >>> ex.revealed, len(ex.lines["path"].get_xdata())
    (False, 0)
    >>> b = ex.beta_hat
    >>> ex.predict((5 + b) / 2, (5 - b) / 2)  # the difference's sign flipped
    >>> ex.revealed, "sign is flipped" in ex.status.value
    (True, True)
    """

    kind = "path"
    figsize = (9.6, 5.2)

    def __init__(self, x=None, y=None, *, start=(2.5, 3.0), lr=1.0, n_steps=150, l2=0.0,
                 predict=False):
        func = "PathExplorer"
        if not isinstance(predict, (bool, np.bool_)):
            raise TypeError(f"PathExplorer(): predict must be True or False, got {predict!r}")
        self._predict_mode = bool(predict)
        self.revealed = not self._predict_mode
        self.prediction = None
        self.prediction_error = None
        self._prediction_key = None
        if x is None and y is None:
            x, y = demo_data()
        elif x is None or y is None:
            raise ValueError("PathExplorer(): pass both x and y, or neither")
        x = array_argument(func, "x", x).reshape(-1)
        y = array_argument(func, "y", y).reshape(-1)
        if x.shape != y.shape or x.size < 2:
            raise ValueError(
                f"PathExplorer(): x and y need the same length >= 2, got {x.size} and {y.size}"
            )
        if not np.all((y == 0) | (y == 1)) or y.min() == y.max():
            raise ValueError("PathExplorer(): y must hold 0/1 labels, both present")
        start = array_argument(func, "start", start, shape=(2,))
        self._start0 = tuple(
            slider_argument(func, f"start[{i}]", v, -4.0, 4.0) for i, v in enumerate(start)
        )
        self._lr0 = slider_argument(func, "lr", lr, 0.05, 2.0)
        self._steps0 = slider_argument(func, "n_steps", n_steps, 0, _MAX_STEPS, integer=True)
        self._l2_0 = slider_argument(func, "l2", l2, 0.0, 0.5)
        self.x, self.y = x, y
        self._X = x[:, None]
        self.beta_hat = float(fit_logistic(self._X, y, fit_intercept=False).coef[0])
        self._ghost_key = None
        self._optimum_cache = {}
        self._contour_l2 = None
        self._contours = []
        self._nll_grid = None
        super().__init__()

    # -- computations ------------------------------------------------------
    def loss(self, beta1, beta2, l2=0.0):
        """Mean negative log-likelihood plus ``(l2/2)(beta1^2 + beta2^2)``.

        Broadcasts over arrays of ``beta1`` and ``beta2``. Memory does not
        grow with the number of data points: they are summed in chunks.
        """
        b1 = np.asarray(beta1, dtype=float)
        b2 = np.asarray(beta2, dtype=float)
        d = b2 - b1
        nll = nll_of_difference(self.x, self.y, d.reshape(-1)).reshape(d.shape)
        return nll + 0.5 * l2 * (b1 * b1 + b2 * b2)

    def loss_grid(self, l2=0.0):
        """The loss on the contour grid: ``(B1, B2, L)``, each ``(121, 121)``.

        The NLL depends on ``(beta1, beta2)`` only through ``beta2 - beta1``,
        and on the grid that difference takes only 241 values (multiples of
        the grid step): the NLL is computed once at those (cached, it does not
        depend on `l2`) and read off for every grid point, so neither time
        nor memory grows with the grid times the data.
        """
        B1, B2 = self._grid
        if self._nll_grid is None:
            self._nll_grid = square_loss_grid(self.x, self.y, _GRID, 2 * _LIMIT / (_GRID - 1))
        return B1, B2, self._nll_grid + 0.5 * l2 * (B1 * B1 + B2 * B2)

    def _descend(self, start, lr, n_steps, l2):
        b1, b2 = start
        # fitting orders the softmax rows by sorted label, as the convention
        # does: row 0 is y == 0 (class 1, beta1), row 1 is y == 1 (beta2).
        res = gradient_descent_path(
            self._X, self.y, model="softmax", lr=lr, n_steps=n_steps, l2=l2,
            fit_intercept=False, init=([[b1], [b2]], None),
        )
        return np.column_stack([res.coef[:, 0, 0], res.coef[:, 1, 0]])

    def _optimum(self, l2):
        if l2 not in self._optimum_cache:
            if l2 == 0.0:
                b = self.beta_hat
            else:
                # The symmetric rows +-b/2 carry a penalty (l2/2)(b^2/2): a
                # logistic fit with penalty l2/2.
                b = float(fit_logistic(self._X, self.y, l2=l2 / 2, fit_intercept=False).coef[0])
            self._optimum_cache[l2] = np.array([-b / 2, b / 2])
        return self._optimum_cache[l2]

    # -- drawing -----------------------------------------------------------
    def _build(self):
        s = self.sliders
        b10, b20 = self._start0
        s["beta1"] = float_slider("β₁(0)", b10, -4.0, 4.0, step=0.1, fmt=".1f")
        s["beta2"] = float_slider("β₂(0)", b20, -4.0, 4.0, step=0.1, fmt=".1f")
        s["lr"] = float_slider("step", self._lr0, 0.05, 2.0, step=0.05)
        s["steps"] = int_slider("steps", self._steps0, 0, _MAX_STEPS)
        s["l2"] = float_slider("λ", self._l2_0, 0.0, 0.5, step=0.01)

        fig = self.figure
        grid = fig.add_gridspec(1, 2, width_ratios=[1.15, 1])
        ax = self.ax_plane = fig.add_subplot(grid[0])
        ax2 = self.ax_trace = fig.add_subplot(grid[1])
        ax.set_xlim(-_LIMIT, _LIMIT)
        ax.set_ylim(-_LIMIT, _LIMIT)
        ax.set_aspect("equal")
        ax.set_xlabel(r"$\beta_1$ (class 1: $y=0$)")
        ax.set_ylabel(r"$\beta_2$ (class 2: $y=1$)")
        ax.set_title("loss over the two softmax coefficients")
        g = np.linspace(-_LIMIT, _LIMIT, _GRID)
        self._grid = np.meshgrid(g, g)

        floor_style = {"color": PALETTE["black"], "lw": 1.6, "ls": "--"}
        t = np.array([-2 * _LIMIT, 2 * _LIMIT])
        # One legend entry for the floor: the same line in both panels.
        ax.plot(t, t + self.beta_hat, **floor_style,
                label=rf"floor without penalty $\beta_2-\beta_1=\hat\beta={self.beta_hat:.3f}$"
                      " (both panels)")
        ax.plot(t, -t, color=PALETTE["purple"], lw=1.8, ls=":",
                label=r"symmetric $\beta_2=-\beta_1$")
        # Wider here than the curve that settles on it, so its dashes stay visible.
        ax2.axhline(self.beta_hat, **{**floor_style, "lw": 3.4})

        lines = self.lines = {}
        for i in range(len(_GHOST_STARTS)):
            (lines[f"ghost{i}"],) = ax.plot([], [], color=PALETTE["sky"], lw=1.4,
                                            ls="-", marker="o", ms=5, mfc="white",
                                            markevery=[0], animated=True,
                                            label="paths from other starts" if i == 0 else None)
        (lines["path"],) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.2,
                                   marker=".", ms=4, animated=True,
                                   label="gradient descent from the sliders' start")
        (lines["start"],) = ax.plot([], [], ls="none", marker="o", ms=8,
                                    mfc="white", mec=PALETTE["vermillion"], mew=2,
                                    animated=True)
        (lines["end"],) = ax.plot([], [], ls="none", marker="X", ms=10,
                                  color=PALETTE["vermillion"], mec="black", animated=True)
        (lines["optimum"],) = ax.plot([], [], ls="none", marker="*", ms=15,
                                      color=PALETTE["yellow"], mec="black", animated=True)

        ax2.set_xlabel("gradient-descent step")
        ax2.set_ylabel("coefficient combination")
        ax2.set_title("what moves and what does not")
        # A marker at the last step: with 0 steps the curves are single points.
        (lines["difference"],) = ax2.plot([], [], color=PALETTE["blue"], lw=1.8, marker="o",
                                          ms=6, markevery=[-1], animated=True,
                                          label=r"$\beta_2-\beta_1$ (moves)")
        (lines["sum"],) = ax2.plot([], [], color=PALETTE["orange"], lw=2.2, ls="-.",
                                   marker="D", ms=6, markevery=[-1], animated=True,
                                   label=r"$\beta_1+\beta_2$")
        penalised = self._l2_0 > 0.0
        lines["optimum"].set_label(self._star_label(penalised))
        handles = [h for a in (ax, ax2) for h in a.get_legend_handles_labels()[0]]
        # One legend under both panels: inside the plane it would hide paths.
        legend = fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=10)
        self._star_text = legend.get_texts()[handles.index(lines["optimum"])]
        self._legend_l2_on = penalised
        # The legend entries of what the run draws: hidden with the run, so
        # the legend never names a line that is not on screen.
        run = {lines[name] for name in ("ghost0", "path", "optimum", "difference", "sum")}
        self._run_entries = [
            (h, t) for a, h, t in zip(handles, legend.legend_handles, legend.get_texts(),
                                      strict=True) if a in run
        ]
        self._entries_shown = True
        self._draw_contours(self._l2_0)
        if not self._predict_mode:
            return []
        box = {"step": 0.1, "layout": widgets.Layout(width="170px")}
        self.predict_boxes = (
            widgets.FloatText(value=0.0, description="end β₁ =", **box),
            widgets.FloatText(value=0.0, description="end β₂ =", **box),
        )
        self.draw_button = widgets.Button(description="draw the run",
                                          tooltip="record the prediction, then draw the run")
        self.draw_button.on_click(
            lambda _: self.predict(*(float(b.value) for b in self.predict_boxes)))
        return [widgets.HBox([*self.predict_boxes, self.draw_button])]

    def _star_label(self, penalised):
        return (r"the minimiser with $\lambda>0$ (symmetric)" if penalised
                else r"symmetric point of the floor ($\lambda=0$)")

    def _relabel_star(self, penalised):
        """Say what the star is for the current penalty (legend is static: redraw it)."""
        self._star_text.set_text(self._star_label(penalised))
        self._legend_l2_on = penalised
        self.invalidate()

    def _draw_contours(self, l2):
        """(Re)draw the static loss contours for penalty `l2`."""
        for c in self._contours:
            c.remove()
        B1, B2, L = self.loss_grid(l2)
        self.contour_values = L
        lo = float(L.min())
        # Levels spaced geometrically above the minimum: the flat valley
        # floor and the steep walls both get lines.
        levels = lo + np.geomspace(0.004, max(float(L.max()) - lo, 0.01), 11)
        ax = self.ax_plane
        # Strong enough to read when projected; the paths (vermillion, sky,
        # yellow) stay distinct on cividis' dark blue floor and yellow walls.
        self._contours = [
            ax.contourf(B1, B2, L, levels=np.concatenate([[lo - 1], levels]),
                        cmap="cividis", alpha=0.75, zorder=0),
            ax.contour(B1, B2, L, levels=levels, colors="0.2",
                       linewidths=0.8, zorder=0.5),
        ]
        self._contour_l2 = l2
        self.invalidate()

    def _fit_trace_axes(self, n_steps, values):
        """Fit the right panel's axes to what it draws; redraw the background if they move."""
        ax = self.ax_trace
        x_end = next(e for e in _STEP_AXIS_ENDS if e >= n_steps)
        lo = min(float(values.min()), self.beta_hat)
        hi = max(float(values.max()), self.beta_hat)
        pad = max(0.06 * (hi - lo), 0.2)
        q = _VALUE_AXIS_GRID
        ylim = (q * np.floor((lo - pad) / q), q * np.ceil((hi + pad) / q))
        # A little room on the right for the marker on the last step.
        xlim = (0.0, x_end * 1.03)
        if ax.get_xlim() != xlim or ax.get_ylim() != ylim:
            ax.set_xlim(*xlim)
            ax.set_ylim(*ylim)
            self.invalidate()

    def _refresh(self):
        s = self.sliders
        start = (float(s["beta1"].value), float(s["beta2"].value))
        lr, n_steps, l2 = float(s["lr"].value), int(s["steps"].value), float(s["l2"].value)
        if l2 != self._contour_l2:
            self._draw_contours(l2)
        if (l2 > 0.0) != self._legend_l2_on:
            self._relabel_star(l2 > 0.0)
        key = (lr, n_steps, l2)
        if key != self._ghost_key:
            self.ghost_paths = [self._descend(g, lr, n_steps, l2) for g in _GHOST_STARTS]
            self._ghost_key = key
        self.path = path = self._descend(start, lr, n_steps, l2)
        self.optimum = self._optimum(l2)

        lines = self.lines
        if self._entries_shown != self.revealed:
            for entry in self._run_entries:
                for artist in entry:
                    artist.set_visible(self.revealed)
            self._entries_shown = self.revealed
            self.invalidate()
        if not self.revealed:
            self._hide_run(start, n_steps, l2)
            return
        for i, gp in enumerate(self.ghost_paths):
            lines[f"ghost{i}"].set_data(gp[:, 0], gp[:, 1])
        lines["path"].set_data(path[:, 0], path[:, 1])
        lines["start"].set_data(path[:1, 0], path[:1, 1])
        lines["end"].set_data(path[-1:, 0], path[-1:, 1])
        lines["optimum"].set_data(self.optimum[:1], self.optimum[1:])
        steps = np.arange(n_steps + 1)
        difference, total = path[:, 1] - path[:, 0], path[:, 0] + path[:, 1]
        lines["difference"].set_data(steps, difference)
        lines["sum"].set_data(steps, total)
        self._fit_trace_axes(n_steps, np.concatenate([difference, total]))

        end = path[-1]
        s0, s_end = start[0] + start[1], end[0] + end[1]
        if l2 == 0.0:
            fate = f"started at {s0:+.4f}: conserved"
        else:
            fate = (f"started at {s0:+.4f}, shrinks ×(1 − step·λ) = ×{1 - lr * l2:.3f} "
                    f"per step towards 0")
        self._set_status(
            f"<b>end</b> after {n_steps} steps: β₁ = {end[0]:+.4f}, β₂ = {end[1]:+.4f} · "
            f"<b>β₂ − β₁</b> = {end[1] - end[0]:+.4f} (logistic β̂ of y = {self.beta_hat:+.4f}"
            + ("" if l2 == 0.0 else f"; with λ: {self.optimum[1] * 2:+.4f}")
            + f") · <b>β₁ + β₂</b> = {s_end:+.4f} ({fate})"
            + self._verdict((start, lr, n_steps, l2))
        )

    # -- predict, then observe -----------------------------------------------
    def _hide_run(self, start, n_steps, l2):
        """Show only the start; the status asks where the run will end."""
        lines = self.lines
        for name in ["path", "end", "optimum", "difference", "sum",
                     *(f"ghost{i}" for i in range(len(_GHOST_STARTS)))]:
            lines[name].set_data([], [])
        lines["start"].set_data([start[0]], [start[1]])
        # Axes that fit the start alone: their range must not hint at the end.
        self._fit_trace_axes(n_steps, np.array([start[1] - start[0], start[0] + start[1]]))
        penalty = "" if l2 == 0.0 else f" with penalty λ = {l2:g}"
        self._set_status(
            f"<b>predict first</b>: gradient descent starts at β₁ = {start[0]:+.1f}, "
            f"β₂ = {start[1]:+.1f} and takes {n_steps} steps{penalty}. Where does it end? "
            "Type your β₁ and β₂ in the boxes and press <i>draw the run</i> "
            "(or call <code>explorer.predict(b1, b2)</code>)."
        )

    def predict(self, beta1, beta2):
        """Record a predicted end point ``(beta1, beta2)``, draw the run and judge it.

        The status line then gives the distance from the prediction to the
        end of the run and, for a wrong prediction, the likely mistake: the
        difference's sign flipped, the sum ``beta1 + beta2`` not conserved
        (or, with a penalty, not shrunk to 0), the end off the floor.
        """
        p = array_argument("PathExplorer.predict", "the prediction (beta1, beta2)", [beta1, beta2],
                           shape=(2,))
        self.prediction = (float(p[0]), float(p[1]))
        s = self.sliders
        self._prediction_key = ((float(s["beta1"].value), float(s["beta2"].value)),
                                float(s["lr"].value), int(s["steps"].value),
                                float(s["l2"].value))
        self.revealed = True
        self.update()

    def reveal(self):
        """Draw the run without a prediction."""
        self.revealed = True
        self.update()

    def _verdict(self, key):
        """The judgement of the prediction made for this run, or nothing."""
        if self.prediction is None or key != self._prediction_key:
            return ""
        (b1, b2), end = self.prediction, self.path[-1]
        start, l2 = key[0], key[3]
        self.prediction_error = err = float(np.hypot(b1 - end[0], b2 - end[1]))
        tol = 0.05
        d_p, s_p = b2 - b1, b1 + b2
        d_e, s_e = float(end[1] - end[0]), float(end[0] + end[1])
        s0 = start[0] + start[1]
        if err < tol:
            why = "right: it ends there."
        elif np.hypot(b1 - start[0], b2 - start[1]) < tol:
            why = "that is the start: the gradient is not zero there, so the run moves."
        elif abs(d_p + d_e) < tol and abs(s_p - s_e) < tol:
            why = ("the difference's sign is flipped: the floor is β₂ − β₁ = β̂, "
                   "not β₁ − β₂ = β̂.")
        elif abs(d_p - d_e) < tol and l2 == 0.0 and abs(s_p) < tol:
            why = (f"that is the symmetric point; without a penalty nothing pulls the run "
                   f"there: the sum β₁ + β₂ stays at {s0:+.2f}.")
        elif l2 > 0.0 and abs(s_p - s0) < tol:
            why = ("the sum was conserved, but with λ > 0 the penalty shrinks β₁ + β₂ "
                   "to 0: the run ends at the symmetric point.")
        elif abs(d_p - d_e) < tol:
            why = (f"on the floor, but the sum β₁ + β₂ is not conserved: it should stay "
                   f"{s_e:+.2f}, yours is {s_p:+.2f}.")
        elif abs(s_p - s_e) < tol:
            why = (f"the sum is right, but the end lies on the floor: β₂ − β₁ = "
                   f"{d_e:+.2f}, yours is {d_p:+.2f}.")
        else:
            why = "both the sum β₁ + β₂ and the difference β₂ − β₁ are off."
        return (f"<br><b>your prediction</b> ({b1:+.2f}, {b2:+.2f}) is {err:.3f} "
                f"from the end: {why}")
