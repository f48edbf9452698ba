"""Gradient descent on the two-class softmax: straight across the flat valley.

:class:`PathExplorer` draws the loss of a one-feature, two-class softmax
regression without intercept over its two coefficients ``(beta1, beta2)``
and the gradient-descent path from a start the reader chooses. By the
series' convention class 1 is the first sorted label (label 0, row 0,
``beta1``) and class 2 the label 1 (row 1, ``beta2``), so the loss depends
on the coefficients only through ``beta = beta1 - beta2`` (``P(class 1) =
sigmoid(x * beta)``), and its floor is the line ``beta1 - beta2 = beta_hat``,
``beta_hat`` the fitted ``beta``. Software's logistic regression on the
labels reports ``gamma_hat = -beta_hat`` (it models P(label 1)). The two
row gradients are equal and opposite, so every step points along
``(1, -1)``: the path runs straight across the valley and stops on the
floor wherever it meets it, with ``beta1 + beta2`` exactly as it started.
An L2 penalty adds a pull towards the origin that shrinks the sum by
``(1 - lr * lam)`` per step, so every path then ends at the same symmetric
point ``beta1 = -beta2``.
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.colors import LogNorm

from .._validation import as_real_array
from ..fitting import fit_logistic
from ._base import PALETTE, Explorer
from ._loss import nll_of_difference, square_loss_grid
from ._sliders import (
    ExactValues,
    array_argument,
    float_slider,
    int_slider,
    slider_argument,
)

__all__ = ["PathExplorer", "demo_data"]

# The default run starts far from the floor: about 4.4 units of the 9-unit
# plane, clear of its start and end markers; at the default step size most of
# it takes the first 30-50 of its 150 steps, so the step panel shows it arrive.
_START = (4.0, -1.0)
_LR = 0.3
_N_STEPS = 150
# The right panel's step axis ends at the first of these >= the run's step
# count (the constructor's): it never rescales while the steps slider sweeps
# the run. More steps than that switch it once to the slider's maximum.
_STEP_AXIS_ENDS = (5, 10, 20, 30, 50, 75, 100, 150, 200, 250, 300)

# Starts of the faint comparison paths, one per corner region of the plane:
# together they show that each start lands at its own place on the line.
_GHOST_STARTS = ((-3.0, 1.5), (3.5, -2.0), (-2.0, -3.5), (1.0, 3.5))
_LIMIT = 4.5
_MAX_STEPS = 300
_GRID = 121
_GRID_STEP = 2 * _LIMIT / (_GRID - 1)
# The colour scale spans this many decades below the largest excess loss on
# the plane (any penalty): the flat floor and the steep walls both show.
_DECADES = 4
# Bands of the colour map: they read as filled contours, three per decade.
_BANDS = 3 * _DECADES
# Numbers at least this large are printed in the general format (1e+308,
# not 309 digits).
_HUGE = 1e6


def _num(value, spec="+.4f"):
    """`value` formatted with `spec`, or in the general format if it is huge."""
    return format(value, spec) if abs(value) < _HUGE else format(value, "+.4g")


def demo_data(n=40, beta=-1.5, seed=0):
    """A small one-feature data set drawn with a fixed seed.

    Parameters
    ----------
    n : int, optional
        Number of points, at least 2.
    beta : float, optional
        True ``beta = beta1 - beta2``, the coefficient of class 1:
        ``P(class 1 | x) = P(label 0 | x) = sigmoid(beta * x)``, so label 1
        (class 2) has probability ``sigmoid(-beta * x)``.
    seed : int or None, optional
        Seed of ``numpy.random.default_rng``; the same seed gives the same data.

    Returns
    -------
    x : numpy.ndarray, shape (n,)
        Standard-normal feature values.
    y : numpy.ndarray of int, shape (n,)
        Labels 0 or 1.

    Raises
    ------
    TypeError, ValueError
        For an `n` that is not a whole number >= 2, a `beta` that is not a
        finite number, or a `seed` that is not a whole number >= 0 or None.

    Examples
    --------
    >>> from logitlab.widgets.path import demo_data
    >>> x, y = demo_data()
    >>> x.shape, sorted(set(y.tolist()))
    ((40,), [0, 1])
    """
    from ..functions import sigmoid

    func = "demo_data"
    whole = (isinstance(n, (numbers.Integral, np.integer))
             and not isinstance(n, (bool, np.bool_)))
    if not whole or n < 2:
        raise ValueError(f"{func}(): n must be a whole number >= 2, got {n!r}")
    b = as_real_array(beta, func, "beta")
    if b.ndim != 0 or not np.isfinite(b):
        raise ValueError(f"{func}(): beta must be one finite number, got {beta!r}")
    if seed is not None and (isinstance(seed, (bool, np.bool_))
                             or not isinstance(seed, (numbers.Integral, np.integer)) or seed < 0):
        raise ValueError(f"{func}(): seed must be a whole number >= 0 or None, got {seed!r}")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    y = (rng.random(n) < sigmoid(-float(b) * x)).astype(int)
    return x, y


def _checked_data(func, x, y):
    """x and y as flat float arrays, or an error naming `func` (separated data included)."""
    if x is None and y is None:
        x, y = demo_data()
    elif x is None or y is None:
        raise ValueError(f"{func}(): pass both x and y, or neither")
    x = array_argument(func, "x", x).reshape(-1)
    y = array_argument(func, "y", y).reshape(-1)
    if x.shape != y.shape or x.size < 2:
        raise ValueError(f"{func}(): x and y need the same length >= 2, got {x.size} and {y.size}")
    if not np.all((y == 0) | (y == 1)) or y.min() == y.max():
        raise ValueError(f"{func}(): y must hold 0/1 labels, both present")
    # P(class 1) = sigmoid(x * beta): label 0 wants x * beta large, label 1 small.
    v = (1.0 - 2.0 * y) * x
    if not np.any(v != 0):
        raise ValueError(f"{func}(): x is 0 at every point: the loss is flat, there is no floor")
    if not (np.any(v > 0) and np.any(v < 0)):
        raise ValueError(
            f"{func}(): no finite floor: the data are separated (the sign of x predicts "
            "every label), so the loss keeps falling as |β₁ − β₂| grows and gradient descent "
            "never stops; pass data whose classes overlap"
        )
    return x, y


class PathExplorer(ExactValues, Explorer):
    """Gradient-descent paths over the loss surface of a two-class softmax.

    The model has one feature and no intercept. In the series' convention
    class 1 is the first sorted label, label 0, with score ``x * beta1``
    (softmax entry ``[0]``, row 0); class 2 is label 1, with score
    ``x * beta2`` (entry ``[1]``, row 1). So
    ``P(class 1) = softmax([x*beta1, x*beta2])[0] = sigmoid(x*(beta1 - beta2))``:
    the loss depends on ``beta = beta1 - beta2`` alone.

    Parameters
    ----------
    x, y : array_like, optional
        One feature and 0/1 labels, both labels present and not separated
        (the sign of x must not predict every label: then the loss has no
        floor). Default: :func:`demo_data`. The lesson passes statsmodels'
        ``spector`` GPA, standardised, and GRADE.
    start : (float, float), optional
        Starting point ``(beta1, beta2)`` of the path the sliders move, each
        in [-4, 4]. Values off the sliders' grid are kept exactly.
    lr : float, optional
        Step size of gradient descent (eta), in [0.05, 2]. Default 0.3.
    n_steps : int, optional
        Number of steps drawn, 0 to 300, default 150. The right panel's step
        axis is fixed to it (it switches once to 300 if the slider asks for
        more steps).
    l2 : float, optional
        Penalty strength ``lam`` in ``(lam/2) * (beta1**2 + beta2**2)``,
        added to the mean loss, in [0, 0.5].
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
        The iterates ``(beta1, beta2)`` of the path from the start, exactly
        as drawn; ``path[0]`` is the start, ``path[-1]`` the end.
    ghost_paths : list of numpy.ndarray
        The faint paths from fixed starts, same shape as `path`.
    lines : dict of matplotlib.lines.Line2D
        ``"path"``, ``"start"``, ``"end"``, ``"ghosts"`` (the four faint
        paths, separated by NaN), ``"ghost_starts"`` in the plane;
        ``"sum"`` and ``"difference"`` (beta1 + beta2 and beta1 - beta2
        against the step number) in the right panel; ``"optimum"``, the
        symmetric point for the current penalty; ``"floor"``, the floor.
    beta_hat : float
        The fitted ``beta = beta1 - beta2`` without penalty: the valley floor
        is the line ``beta1 - beta2 = beta_hat``.
    gamma_hat : float
        ``-beta_hat``: what statsmodels' ``Logit`` without a constant reports
        on the 0/1 labels (it models P(label 1) = P(class 2)).
    optimum : numpy.ndarray, shape (2,)
        ``(b/2, -b/2)`` where ``b`` is the fitted ``beta`` with penalty
        ``lam/2``: the point every path approaches when ``lam > 0``; with
        ``lam = 0`` the symmetric point of the floor, where the path from
        ``beta1 + beta2 = 0`` ends.
    contour_values : numpy.ndarray, shape (121, 121)
        The loss with the current penalty on the plane's grid (see
        :meth:`loss_grid`); the colours show how far it lies above its least
        value, on a log scale.
    colorbar : matplotlib.colorbar.Colorbar
        The colour scale beside the plane.
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
    >>> ex = PathExplorer(start=(2.0, 3.0), lr=1.0, n_steps=200)
    >>> d, s = ex.path[-1, 0] - ex.path[-1, 1], ex.path[-1].sum()
    >>> bool(abs(d - ex.beta_hat) < 1e-6), bool(abs(s - 5.0) < 1e-12)
    (True, True)
    >>> ex.sliders["l2"].value = 0.2
    >>> bool(abs(ex.path[-1].sum()) < 1e-6)  # the penalty makes it symmetric
    True

    With ``predict=True`` the run waits for the learner's guess:

    >>> ex = PathExplorer(start=(2.0, 3.0), lr=1.0, n_steps=200, predict=True)
    >>> ex.revealed, len(ex.lines["path"].get_xdata())
    (False, 0)
    >>> b = ex.beta_hat
    >>> ex.predict((5 - b) / 2, (5 + b) / 2)  # the difference's sign flipped
    >>> ex.revealed, "sign is flipped" in ex.status.value
    (True, True)
    """

    kind = "path"
    figsize = (9.6, 5.2)

    def __init__(self, x=None, y=None, *, start=_START, lr=_LR, n_steps=_N_STEPS, l2=0.0,
                 predict=False):
        func = "PathExplorer"
        if not isinstance(predict, (bool, np.bool_)):
            raise TypeError(f"PathExplorer(): predict must be True or False, got {predict!r}")
        self._predict_mode = bool(predict)
        self.revealed = not self._predict_mode
        self.prediction = None
        self.prediction_error = None
        self._prediction_key = None
        self.x, self.y = _checked_data(func, x, y)
        start = array_argument(func, "start", start, shape=(2,))
        self._init = {
            "beta1": slider_argument(func, "start[0]", start[0], -4.0, 4.0),
            "beta2": slider_argument(func, "start[1]", start[1], -4.0, 4.0),
            "lr": slider_argument(func, "lr", lr, 0.05, 2.0),
            "l2": slider_argument(func, "l2", l2, 0.0, 0.5),
        }
        self._steps0 = slider_argument(func, "n_steps", n_steps, 0, _MAX_STEPS, integer=True)
        self._X = self.x[:, None]
        self.gamma_hat = float(fit_logistic(self._X, self.y, fit_intercept=False).coef[0])
        self.beta_hat = 0.0 - self.gamma_hat  # 0.0 - : no "-0.0"
        # Gradient of the mean NLL in beta = b1 - b2: mean((sigmoid(x*beta) - [y == 0]) x).
        self._label0_x = float(np.sum(self.x[self.y == 0]))
        self._runs = {}
        self._optimum_cache = {}
        self._nll_grid = None
        self._pixel_nll = None
        self._loss_l2 = None
        self._legend_key = None
        super().__init__()

    # -- computations ------------------------------------------------------
    def loss(self, beta1, beta2, l2=0.0):
        """Mean negative log-likelihood plus ``(l2/2)(beta1^2 + beta2^2)``.

        Broadcasts over arrays of ``beta1`` and ``beta2``. Memory does not
        grow with the number of data points: they are summed in chunks.

        Raises
        ------
        TypeError, ValueError
            For coefficients that are not real numbers or do not broadcast,
            or an `l2` that is not a finite number >= 0.

        Examples
        --------
        >>> from logitlab.widgets import PathExplorer
        >>> with PathExplorer(n_steps=0) as ex:
        ...     print(f"{float(ex.loss(0.0, 0.0)):.6f}")  # every probability 1/2: log 2
        0.693147
        """
        func = "PathExplorer.loss"
        b1 = as_real_array(beta1, func, "beta1")
        b2 = as_real_array(beta2, func, "beta2")
        lam = _penalty(func, l2)
        try:
            b1, b2 = np.broadcast_arrays(b1, b2)
        except ValueError:
            raise ValueError(f"{func}(): beta1 and beta2 must have shapes that broadcast, "
                             f"got {b1.shape} and {b2.shape}") from None
        # nll_of_difference takes beta2 - beta1 (the difference software reports).
        d = b2 - b1
        nll = nll_of_difference(self.x, self.y, d.reshape(-1)).reshape(d.shape)
        return nll + 0.5 * lam * (b1 * b1 + b2 * b2)

    def loss_grid(self, l2=0.0):
        """The loss on the plane's grid: ``(B1, B2, L)``, each ``(121, 121)``.

        The NLL depends on ``(beta1, beta2)`` only through ``beta1 - beta2``,
        and on the grid that difference takes only 241 values (multiples of
        the grid step): the NLL is computed once at those (cached, it does not
        depend on `l2`) and read off for every grid point, so neither time
        nor memory grows with the grid times the data.

        Raises
        ------
        TypeError, ValueError
            For an `l2` that is not a finite number >= 0.

        Examples
        --------
        >>> from logitlab.widgets import PathExplorer
        >>> with PathExplorer(n_steps=0) as ex:
        ...     B1, B2, L = ex.loss_grid(0.1)
        >>> L.shape, float(B1[0, 0]), float(B2[-1, 0])
        ((121, 121), -4.5, 4.5)
        """
        lam = _penalty("PathExplorer.loss_grid", l2)
        B1, B2 = self._grid
        if self._nll_grid is None:
            self._nll_grid = square_loss_grid(self.x, self.y, _GRID, _GRID_STEP)
        return B1, B2, self._nll_grid + 0.5 * lam * (B1 * B1 + B2 * B2)

    def _runs_from(self, starts, lr, l2, n_steps):
        """Gradient-descent paths from each start, computed once per setting and kept.

        A run of fewer steps is the beginning of a longer one, so a move of
        the steps slider only slices; the start, step size and penalty key
        the cache, and the starts not in it are computed together.
        """
        missing = [s for s in starts
                   if (s, lr, l2) not in self._runs or len(self._runs[s, lr, l2]) <= n_steps]
        if missing:
            if len(self._runs) > 256:
                self._runs.clear()
            run = self._descend(np.array(missing, dtype=float).T, lr, l2,
                                self._step_axis_end(n_steps))
            for i, s in enumerate(missing):
                self._runs[s, lr, l2] = run[:, :, i]
        return [self._runs[s, lr, l2][: n_steps + 1] for s in starts]

    def _descend(self, b, lr, l2, n_steps):
        """Iterates of gradient descent from the columns of `b` (2, k): shape (n_steps+1, 2, k).

        The two rows' gradients are ``+-g + lam * b`` with ``g`` the
        derivative of the mean NLL in ``beta = b1 - b2``: one matrix-vector
        product per step for all k paths. The tests check the iterates
        against the softmax gradient written out and against
        :func:`logitlab.fitting.gradient_descent_path`.
        """
        x = self.x
        # g = mean((sigmoid(x*beta) - [y == 0]) x), sigmoid(z) = (1 + tanh(z/2)) / 2
        # (never overflows): g = const + tanh(beta * x/2) @ x / (2n).
        half_x, scale = 0.5 * x, 0.5 / x.size
        const = (0.5 * float(np.sum(x)) - self._label0_x) / x.size
        shrink = 1.0 - lr * l2
        out = np.empty((n_steps + 1, 2, b.shape[1]))
        out[0] = b
        with np.errstate(over="ignore", invalid="ignore"):
            for t in range(n_steps):
                now, nxt = out[t], out[t + 1]
                g = np.tanh(np.multiply.outer(now[0] - now[1], half_x)) @ x
                g *= lr * scale
                g += lr * const
                np.multiply(now, shrink, out=nxt)
                nxt[0] -= g
                nxt[1] += g
        return out

    def _optimum(self, l2):
        if l2 not in self._optimum_cache:
            if l2 == 0.0:
                b = self.beta_hat
            else:
                # The symmetric rows +-b/2 carry a penalty (l2/2)(b^2/2): a
                # logistic fit with penalty l2/2 (of gamma = -beta).
                b = -float(fit_logistic(self._X, self.y, l2=l2 / 2, fit_intercept=False).coef[0])
            self._optimum_cache[l2] = np.array([b / 2, -b / 2])
        return self._optimum_cache[l2]

    # -- drawing -----------------------------------------------------------
    def _build(self):
        self._build_sliders()
        fig = self.figure
        grid = fig.add_gridspec(1, 2, width_ratios=[1.3, 1])
        self.ax_plane = fig.add_subplot(grid[0])
        self.ax_trace = fig.add_subplot(grid[1])
        self.lines = {}
        self._build_plane(self.ax_plane)
        self._build_trace(self.ax_trace)
        # The full legend reserves its room under the panels; _refresh then
        # lists what is drawn.
        self._draw_legend(revealed=True, penalised=self._init["l2"] > 0.0)
        return self._build_predict_controls() if self._predict_mode else []

    def _build_sliders(self):
        s, init = self.sliders, self._init
        s["beta1"] = float_slider("β₁(0)", init["beta1"], -4.0, 4.0, step=0.1, fmt=".1f")
        s["beta2"] = float_slider("β₂(0)", init["beta2"], -4.0, 4.0, step=0.1, fmt=".1f")
        s["lr"] = float_slider("step η", init["lr"], 0.05, 2.0, step=0.05)
        s["steps"] = int_slider("steps", self._steps0, 0, _MAX_STEPS)
        s["l2"] = float_slider("λ", init["l2"], 0.0, 0.5, step=0.01)
        self._init_exact()
        # Exact from the start: the browser's rounded echo must not move the run.
        self._exact.update(init)

    def _build_plane(self, ax):
        """Loss map with its colour bar, floor, symmetric line and the path artists."""
        ax.set_xlim(-_LIMIT, _LIMIT)
        ax.set_ylim(-_LIMIT, _LIMIT)
        ax.set_aspect("equal")
        # The map covers the whole axes: grid lines would sit under it.
        ax.grid(False)
        ax.set_xlabel(r"$\beta_1$ (class 1: label 0)")
        ax.set_ylabel(r"$\beta_2$ (class 2: label 1)")
        ax.set_title("loss over the two softmax coefficients")
        g = np.linspace(-_LIMIT, _LIMIT, _GRID)
        self._grid = np.meshgrid(g, g)
        self._loss_image = self._build_loss_map(ax)
        t = np.array([-2 * _LIMIT, 2 * _LIMIT])
        lines = self.lines
        (lines["floor"],) = ax.plot(t, t - self.beta_hat, color=PALETTE["black"], lw=1.6,
                                    ls="--")
        (symmetric,) = ax.plot(t, -t, color=PALETTE["purple"], lw=1.8, ls=":",
                               label=r"symmetric $\beta_2=-\beta_1$")
        self._legend_static = [lines["floor"], symmetric]
        # Redrawn over a new loss map (see _repaint_loss_map).
        self._plane_static = [lines["floor"], symmetric, *ax.spines.values()]
        self._build_path_artists(ax)

    def _build_loss_map(self, ax):
        """The loss above its least value as banded colours on a log scale, with its colour bar.

        One fixed scale for every penalty: the largest excess over the plane
        (at either end of the penalty slider) down `_DECADES` decades, so
        nothing saturates and the bar never changes.
        """
        top = max(float(np.ptp(self.loss_grid(lam)[2])) for lam in (0.0, 0.5))
        norm = LogNorm(top / 10**_DECADES, top, clip=True)
        half = _LIMIT + _GRID_STEP / 2
        cmap = matplotlib.colormaps["cividis"].resampled(_BANDS)
        # Band k's colour as RGBA bytes, for painting pixels (see _loss_pixels).
        self._lut = np.round(cmap(np.arange(_BANDS)) * 255).astype(np.uint8)
        image = ax.imshow(np.ones((_GRID, _GRID)), extent=(-half, half, -half, half),
                          origin="lower", cmap=cmap,
                          norm=norm, interpolation="bilinear", interpolation_stage="data",
                          zorder=0)
        self.colorbar = self.figure.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        self.colorbar.set_label("loss above its least value (log scale)")
        self._set_loss_map(image, self._init["l2"])
        return image

    def _set_loss_map(self, image, l2):
        B1, B2, L = self.loss_grid(l2)
        self.contour_values = L
        image.set_data(np.maximum(L - L.min(), image.norm.vmin))
        self._loss_l2 = l2

    def _repaint_loss_map(self, l2):
        """Show the loss for penalty `l2`, painting the plane's pixels into the cached background.

        The image artist gets the new values too (a full redraw shows the
        same map), but drawing it resamples the grid to the screen, which
        costs several times the 8 ms a slider step may take. The map covers
        the plane, so its pixels are computed here directly, at each pixel's
        centre, written over the old map, and the plane's static lines
        (floor, symmetric line, spines) drawn again on top.
        """
        self._set_loss_map(self._loss_image, l2)
        if self._background is None:
            return  # the next render draws the whole figure anyway
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        rows, cols, rgba = self._loss_pixels(l2)
        np.asarray(canvas.buffer_rgba())[rows, cols] = rgba
        for artist in self._plane_static:
            self.figure.draw_artist(artist)
        self._background = canvas.copy_from_bbox(self.figure.bbox)

    def _loss_pixels(self, l2):
        """(row slice, column slice, RGBA) of the loss map on the canvas's pixels of the plane.

        With equal axes a pixel's ``beta2 - beta1`` depends only on its row
        plus its column, so the NLL is looked up per diagonal (computed once
        per explorer); the penalty adds a row term and a column term. In
        float32: the colour of a band does not need more.
        """
        rows, cols, b1, b2 = self._plane_pixels()
        if self._pixel_nll is None:
            k = np.arange(b2.size + b1.size - 1)
            step = (b1[-1] - b1[0]) / (b1.size - 1)
            # Row r, column c: beta2 - beta1 = (b2[0] - b1[0]) - (r + c) * step.
            nll = nll_of_difference(self.x, self.y, (b2[0] - b1[0]) - k * step)
            self._pixel_nll = nll.astype(np.float32)[k[: b2.size, None] + k[None, : b1.size]]
        norm = self._loss_image.norm
        # Above the grid's least value, as in _set_loss_map: the same colours.
        loss = self._pixel_nll - np.float32(self.contour_values.min())
        loss += (0.5 * l2 * b2 * b2).astype(np.float32)[:, None]
        loss += (0.5 * l2 * b1 * b1).astype(np.float32)[None, :]
        np.maximum(loss, np.float32(norm.vmin), out=loss)
        np.log10(loss, out=loss)
        loss -= np.float32(np.log10(norm.vmin))
        loss *= np.float32(_BANDS / _DECADES)
        band = np.clip(loss.astype(np.int16), 0, _BANDS - 1)
        # A colour as one 4-byte word: np.take of words is 10x faster than
        # indexing an (n, 4) table with a 2-D array (1.15 -> 0.1 ms).
        words = np.take(self._lut.view(np.uint32).reshape(-1), band)
        return rows, cols, words.view(np.uint8).reshape(*band.shape, 4)

    def _plane_pixels(self):
        """The canvas's pixel rows and columns of the plane, and beta2, beta1 at their centres."""
        height = self.figure.canvas.get_width_height()[1]
        box = self.ax_plane.bbox
        c0, c1 = int(np.ceil(box.x0 - 0.5)), int(np.floor(box.x1 - 0.5)) + 1
        r0, r1 = height - int(np.floor(box.y1 - 0.5)) - 1, height - int(np.ceil(box.y0 - 0.5))
        to_data = self.ax_plane.transData.inverted()
        b1 = to_data.transform(np.column_stack([np.arange(c0, c1) + 0.5,
                                                np.zeros(c1 - c0)]))[:, 0]
        b2 = to_data.transform(np.column_stack([np.zeros(r1 - r0),
                                                height - np.arange(r0, r1) - 0.5]))[:, 1]
        return slice(r0, r1), slice(c0, c1), b1, b2

    def _build_path_artists(self, ax):
        lines = self.lines
        # All four in one artist (gaps between them): one draw per step, not four.
        (lines["ghosts"],) = ax.plot([], [], color=PALETTE["sky"], lw=1.4, ls="-",
                                     animated=True, label="paths from other starts")
        (lines["ghost_starts"],) = ax.plot([], [], color=PALETTE["sky"], ls="none", marker="o",
                                           ms=5, mfc="white", animated=True)
        (lines["path"],) = ax.plot([], [], color=PALETTE["vermillion"], lw=2.2, marker=".",
                                   ms=4, animated=True,
                                   label="gradient descent from the sliders' start")
        (lines["start"],) = ax.plot([], [], ls="none", marker="o", ms=8, mfc="white",
                                    mec=PALETTE["vermillion"], mew=2, animated=True,
                                    label="start")
        (lines["end"],) = ax.plot([], [], ls="none", marker="X", ms=10,
                                  color=PALETTE["vermillion"], mec="black", animated=True)
        (lines["optimum"],) = ax.plot([], [], ls="none", marker="*", ms=15,
                                      color=PALETTE["yellow"], mec="black", animated=True)

    def _build_trace(self, ax):
        """The right panel: beta1 - beta2 and beta1 + beta2 against the step, fixed axes."""
        ax.set_xlabel("gradient-descent step")
        ax.set_ylabel("coefficient combination")
        ax.set_title("what moves and what does not")
        # Wider than the curve that settles on it, so its dashes stay visible.
        ax.axhline(self.beta_hat, color=PALETTE["black"], lw=3.4, ls="--")
        # Every sum and start difference lies in [-8, 8]; the floor may lie outside.
        lo, hi = min(-8.0, self.beta_hat), max(8.0, self.beta_hat)
        pad = 0.06 * (hi - lo)
        ax.set_ylim(lo - pad, hi + pad)
        self._set_step_axis(self._steps0)
        # A marker at the last step: with 0 steps the curves are single points.
        (self.lines["difference"],) = ax.plot(
            [], [], color=PALETTE["vermillion"], lw=1.8, marker="o", ms=6, markevery=[-1],
            animated=True, label=r"$\beta_1-\beta_2$ (moves)")
        (self.lines["sum"],) = ax.plot(
            [], [], color=PALETTE["green"], lw=2.2, ls="-.", marker="D", ms=6, markevery=[-1],
            animated=True, label=r"$\beta_1+\beta_2$")

    def _step_axis_end(self, n_steps):
        """The run's step axis end, or the slider's maximum once the run is extended."""
        end = next(e for e in _STEP_AXIS_ENDS if e >= self._steps0)
        return end if n_steps <= end else _MAX_STEPS

    def _set_step_axis(self, n_steps):
        """Fix the step axis to the run's step count; redraw the background only if it grows."""
        end = self._step_axis_end(n_steps)
        # A little room on the right for the marker on the last step.
        xlim = (0.0, end * 1.03)
        if self.ax_trace.get_xlim() != xlim:
            self.ax_trace.set_xlim(*xlim)
            self.invalidate()

    def _draw_legend(self, revealed, penalised):
        """One legend under both panels listing only what is drawn (inside it would hide paths)."""
        lines = self.lines
        lines["floor"].set_label(
            rf"floor without penalty $\beta_1-\beta_2=\hat\beta={self.beta_hat:.3f}$"
            " (both panels)")
        lines["optimum"].set_label(r"the minimiser with $\lambda>0$ (symmetric)" if penalised
                                   else r"symmetric point of the floor ($\lambda=0$)")
        handles = list(self._legend_static)
        if revealed:
            handles += [lines[n] for n in ("ghosts", "path", "optimum", "difference", "sum")]
        else:
            handles.append(lines["start"])
        for old in self.figure.legends:
            old.remove()
        self.figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=10)
        self._legend_key = (revealed, penalised)
        self.invalidate()

    def _build_predict_controls(self):
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

    # -- updating -----------------------------------------------------------
    def _settings(self):
        """(start, lr, n_steps, l2): the exact values the sliders stand for."""
        start = (self._value("beta1"), self._value("beta2"))
        return start, self._value("lr"), int(self.sliders["steps"].value), self._value("l2")

    def _refresh(self):
        start, lr, n_steps, l2 = key = self._settings()
        if l2 != self._loss_l2:
            self._repaint_loss_map(l2)
        if self._legend_key != (self.revealed, l2 > 0.0):
            self._draw_legend(self.revealed, l2 > 0.0)
        self._set_step_axis(n_steps)
        *self.ghost_paths, self.path = self._runs_from((*_GHOST_STARTS, start), lr, l2, n_steps)
        self.optimum = self._optimum(l2)
        if not self.revealed:
            self._hide_run(start, n_steps, l2)
            return
        self._draw_run(n_steps)
        self._set_status(self._run_status(start, lr, n_steps, l2) + self._verdict(key))

    def _draw_run(self, n_steps):
        lines, path = self.lines, self.path
        gap = np.full((1, 2), np.nan)
        ghosts = np.concatenate([part for gp in self.ghost_paths for part in (gp, gap)])
        lines["ghosts"].set_data(ghosts[:, 0], ghosts[:, 1])
        lines["ghost_starts"].set_data(*np.array(_GHOST_STARTS).T)
        lines["path"].set_data(path[:, 0], path[:, 1])
        lines["start"].set_data(path[:1, 0], path[:1, 1])
        lines["end"].set_data(path[-1:, 0], path[-1:, 1])
        lines["optimum"].set_data(self.optimum[:1], self.optimum[1:])
        steps = np.arange(n_steps + 1)
        lines["difference"].set_data(steps, path[:, 0] - path[:, 1])
        lines["sum"].set_data(steps, path[:, 0] + path[:, 1])

    def _run_status(self, start, lr, n_steps, l2):
        end = self.path[-1]
        s0, s_end = start[0] + start[1], end[0] + end[1]
        if l2 == 0.0:
            fate = f"started at {_num(s0)}: conserved"
            floor = f"the floor β̂ = {_num(self.beta_hat)}"
        else:
            fate = (f"started at {_num(s0)}, shrinks ×(1 − η·λ) = ×{1 - lr * l2:.3f} "
                    f"per step towards 0")
            floor = (f"floor without penalty β̂ = {_num(self.beta_hat)}; "
                     f"with λ: {_num(self.optimum[0] * 2)}")
        return (
            f"<b>end</b> after {n_steps} steps: β₁ = {_num(end[0])}, β₂ = {_num(end[1])} · "
            f"<b>β₁ − β₂</b> = {_num(end[0] - end[1])} ({floor}; software reports "
            f"γ̂ = −β̂ = {_num(self.gamma_hat)}) · <b>β₁ + β₂</b> = {_num(s_end)} ({fate})"
        )

    # -- predict, then observe -----------------------------------------------
    def _hide_run(self, start, n_steps, l2):
        """Show only the start; the status asks where the run will end."""
        lines = self.lines
        for name in ["path", "end", "optimum", "difference", "sum",
                     "ghosts", "ghost_starts"]:
            lines[name].set_data([], [])
        lines["start"].set_data([start[0]], [start[1]])
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
        self._prediction_key = self._settings()
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
        self.prediction_error = err = float(np.hypot(b1 - end[0], b2 - end[1]))
        why = self._mistake(key[0], key[3], end)
        return (f"<br><b>your prediction</b> ({_num(b1, '+.2f')}, {_num(b2, '+.2f')}) is "
                f"{_num(err, '.3f')} from the end: {why}")

    def _mistake(self, start, l2, end):
        """What the prediction got wrong, in words (see :meth:`predict`)."""
        tol = 0.05
        (b1, b2), err = self.prediction, self.prediction_error
        d_p, s_p = b1 - b2, b1 + b2
        d_e, s_e = float(end[0] - end[1]), float(end[0] + end[1])
        s0 = start[0] + start[1]
        if err < tol:
            return "right: it ends there."
        if np.hypot(b1 - start[0], b2 - start[1]) < tol:
            return "that is the start: the gradient is not zero there, so the run moves."
        if abs(d_p + d_e) < tol and abs(s_p - s_e) < tol:
            return ("the difference's sign is flipped: the floor is β₁ − β₂ = β̂, "
                    "not β₂ − β₁ = β̂ (β₂ − β₁ is software's γ).")
        if abs(d_p - d_e) < tol and l2 == 0.0 and abs(s_p) < tol:
            return (f"that is the symmetric point; without a penalty nothing pulls the run "
                    f"there: the sum β₁ + β₂ stays at {_num(s0, '+.2f')}.")
        if l2 > 0.0 and abs(s_p - s0) < tol:
            return ("the sum was conserved, but with λ > 0 the penalty shrinks β₁ + β₂ "
                    "to 0: the run ends at the symmetric point.")
        if abs(d_p - d_e) < tol:
            return (f"on the floor, but the sum β₁ + β₂ is not conserved: it should stay "
                    f"{_num(s_e, '+.2f')}, yours is {_num(s_p, '+.2f')}.")
        if abs(s_p - s_e) < tol:
            return (f"the sum is right, but the end lies on the floor: β₁ − β₂ = "
                    f"{_num(d_e, '+.2f')}, yours is {_num(d_p, '+.2f')}.")
        return "both the sum β₁ + β₂ and the difference β₁ − β₂ are off."


def _penalty(func, l2):
    """`l2` as a float >= 0, or an error naming `func`."""
    lam = as_real_array(l2, func, "l2")
    if lam.ndim != 0 or not np.isfinite(lam) or lam < 0:
        raise ValueError(f"{func}(): l2 must be one finite number >= 0, got {l2!r}")
    return float(lam)
