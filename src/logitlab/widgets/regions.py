"""Decision regions of a three-class softmax, and what independent sigmoids do instead.

:class:`RegionsExplorer` colours a square of two features by the class a
linear softmax model prefers. Sliders move one class's intercept and
weights. A toggle switches to the question's mistake in general form: one
sigmoid per class, each applied to that class's own score. The sigmoids do
not compete, so their probabilities need not sum to 1, and parts of the
plane are claimed by no class or by several.
"""

from __future__ import annotations

import html
import io

import ipywidgets as widgets
import numpy as np
from matplotlib import cbook
from matplotlib.font_manager import FontProperties
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.mathtext import MathTextParser
from matplotlib.patches import Patch

from ..functions import sigmoid, softmax
from ..palette import class_colour
from ._base import Explorer
from ._sliders import (
    ExactValues,
    array_argument,
    choice_argument,
    float_slider,
    slider_argument,
)

__all__ = ["RegionsExplorer", "DEFAULT_COEF", "DEFAULT_INTERCEPT"]

#: Weights (one row per class) of the default model: three classes whose
#: weight vectors point 120 degrees apart.
DEFAULT_COEF = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
#: Intercepts of the default model: equal, so the softmax ignores them (shift
#: invariance) while each sigmoid does not.
DEFAULT_INTERCEPT = np.array([-1.0, -1.0, -1.0])

_MARKERS = ("o", "s", "^")
_MODES = (("softmax: multi-class", "softmax"), ("independent sigmoids", "sigmoids"))
# Region colours are the class colours washed towards white so that the
# data points and lines on top stay readable.
_WASH = 0.55
_NONE_RGB = np.array([1.0, 1.0, 1.0])
_MANY_RGB = np.array([0.45, 0.45, 0.45])
_LINE_LABELS = {
    "softmax": "decision boundary: two scores tie",
    "sigmoids": r"each sigmoid's 0.5 line, score$_k$ = 0",
}
_COEF_RANGE = (-5.0, 5.0)
_STEP = 0.1
# 2 pixels are the least that spans the square; beyond 1000 a slider step
# would take seconds (the image is recomputed on every move).
_N_GRID_RANGE = (2, 1000)
# Above this a status number is written in a general format (1e+308, not
# 309 digits).
_PLAIN_MAX = 1e5


class _PixelImage(AxesImage):
    """An RGB image that fills its axes, drawn by a nearest-pixel lookup.

    matplotlib sends an image through its resampling pipeline on every draw:
    50 ms a slider step for the 160 x 160 regions (profile of 62 steps under
    load, issue 20), while at this magnification its "antialiased" choice is
    nearest anyway. Here each screen pixel takes the grid cell under its
    centre, looked up with index arrays computed once per axes size.
    """

    _lookup = None

    def draw(self, renderer):
        if not self.get_visible():
            return
        box = self.axes.bbox
        x0, y0 = round(box.x0), round(box.y0)
        w, h = round(box.x1) - x0, round(box.y1) - y0
        data = np.asarray(self.get_array())
        n, m = data.shape[:2]
        if self._lookup is None or self._lookup[0] != (w, h, n, m):
            # How many screen rows (columns) each grid row (column) covers:
            # the cell under each pixel's centre. Agg's draw_image puts the
            # array's row 0 at y0, the bottom, as grid row 0 (origin "lower"):
            # no flip (a flip drew class 2's region where class 3 wins).
            rows = ((np.arange(h) + 0.5) * n / h).astype(np.intp)
            cols = ((np.arange(w) + 0.5) * m / w).astype(np.intp)
            self._lookup = ((w, h, n, m), np.bincount(rows, minlength=n),
                            np.bincount(cols, minlength=m))
        _, row_counts, col_counts = self._lookup
        rgba = np.full((n, m, 4), 255, dtype=np.uint8)
        rgba[..., :3] = data[:, :, :3] * 255.0 + 0.5
        # np.repeat copies runs: several times faster than a fancy-index gather.
        pixels = np.repeat(np.repeat(rgba, row_counts, axis=0), col_counts, axis=1)
        gc = renderer.new_gc()
        self._set_gc_clip(gc)
        renderer.draw_image(gc, x0, y0, pixels)
        gc.restore()
        self.stale = False


def _rgb(k):
    """Class `k`'s colour as RGB floats in [0, 1]."""
    h = class_colour(k).lstrip("#")
    return np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _signed(v):
    """`v` with its sign, two decimals; a general format for huge values."""
    return f"{v:+.2f}" if abs(v) < _PLAIN_MAX else f"{v:+.3g}"


def _model_argument(func, coef, intercept, edit):
    """The checked (coef, intercept, edit) and the sliders' start values."""
    coef = array_argument(func, "coef", DEFAULT_COEF if coef is None else coef,
                          shape=(3, 2)).copy()
    intercept = array_argument(func, "intercept",
                               DEFAULT_INTERCEPT if intercept is None else intercept,
                               shape=(3,)).copy()
    k = choice_argument(func, "edit", edit, (0, 1, 2))
    # The sliders would clamp an out-of-range value silently.
    init = {
        "a": slider_argument(func, f"intercept[{k}]", intercept[k], *_COEF_RANGE),
        "w1": slider_argument(func, f"coef[{k}, 0]", coef[k, 0], *_COEF_RANGE),
        "w2": slider_argument(func, f"coef[{k}, 1]", coef[k, 1], *_COEF_RANGE),
    }
    return coef, intercept, k, init


def _class_names_argument(func, class_names):
    """Three str, each drawable: mathtext (``$...$``) must parse, or the plot fails later."""
    if (
        isinstance(class_names, str)
        or not hasattr(class_names, "__len__")
        or len(class_names) != 3
        or not all(isinstance(c, str) for c in class_names)
    ):
        raise TypeError(
            f"{func}(): class_names must be a sequence of three str, got {class_names!r}"
        )
    parser = MathTextParser("path")
    for i, name in enumerate(class_names):
        if cbook.is_math_text(name):
            try:
                parser.parse(name, prop=FontProperties())
            except ValueError:
                raise ValueError(
                    f"{func}(): class_names[{i}] = {name!r} is not valid mathtext (matplotlib "
                    r"cannot parse it between the $ signs); write a literal dollar sign as \$"
                ) from None
    return tuple(class_names)


def _extent_argument(func, extent):
    """`extent` as 4 finite floats, each minimum below its maximum, widths finite."""
    extent = array_argument(func, "extent", extent, shape=(4,))
    if not (extent[0] < extent[1] and extent[2] < extent[3]):
        raise ValueError(
            f"{func}(): extent is (x1_min, x1_max, x2_min, x2_max) with each "
            f"minimum below its maximum, got {tuple(extent.tolist())}"
        )
    with np.errstate(over="ignore"):
        widths = np.array([extent[1] - extent[0], extent[3] - extent[2]])
    if not np.all(np.isfinite(widths)):
        raise ValueError(
            f"{func}(): extent is too wide: a width x_max - x_min overflows float64, "
            f"got {tuple(extent.tolist())}"
        )
    return tuple(extent.tolist())


def _check_scores_finite(func, coef, intercept, edit, extent):
    """Refuse a model whose scores overflow somewhere on the square, at any slider setting."""
    worst = np.abs(coef)
    worst[edit] = _COEF_RANGE[1]  # the sliders may take the edited row to their end
    a = np.abs(intercept)
    a[edit] = _COEF_RANGE[1]
    reach = np.array([max(abs(extent[0]), abs(extent[1])), max(abs(extent[2]), abs(extent[3]))])
    with np.errstate(over="ignore"):
        # The status and the boundaries also take differences of two rows.
        bound = np.concatenate([worst @ reach + a, [2 * worst.max(), 2 * a.max()]])
    if not np.all(np.isfinite(bound)):
        raise ValueError(
            f"{func}(): the scores a_k + w_k1 x1 + w_k2 x2 overflow float64 on the square; "
            "use smaller coef, intercept or extent"
        )


def _points_argument(func, points, labels):
    """Checked (points, labels): both or neither, labels 0, 1 or 2, one per row."""
    if (points is None) != (labels is None):
        raise ValueError(f"{func}(): pass both points and labels, or neither")
    if points is None:
        return None, None
    points = array_argument(func, "points", points, shape=(None, 2))
    labels = array_argument(func, "labels", labels)
    if labels.shape != (points.shape[0],):
        raise ValueError(
            f"{func}(): labels needs one label per row of points "
            f"({points.shape[0]}), got shape {labels.shape}"
        )
    if not np.all((labels == 0) | (labels == 1) | (labels == 2)):
        raise ValueError(f"{func}(): labels must be the class numbers 0, 1 or 2")
    return points, labels


class RegionsExplorer(ExactValues, Explorer):
    """Three-class decision regions on two features, one class's coefficients on sliders.

    Class ``k`` has score ``a_k + w_k1 * x1 + w_k2 * x2``. In softmax mode
    each pixel is coloured by the mixture of class colours weighted by the
    softmax probabilities (pure colour where one class is certain). In
    The decision boundaries (where the most probable class changes: two
    scores tie and beat the third) are drawn as exact line pieces. In sigmoid
    mode class ``k`` claims a pixel when ``sigmoid(score_k) > 0.5``; white
    pixels are claimed by no class, dark grey by two or more, and the lines
    drawn are each sigmoid's own 0.5 line, ``score_k = 0``.

    Parameters
    ----------
    coef : array_like, shape (3, 2), optional
        Weights, one row per class, finite. Default :data:`DEFAULT_COEF`.
        The edited row must lie in the sliders' range [-5, 5].
    intercept : array_like, shape (3,), optional
        Intercepts, finite. Default :data:`DEFAULT_INTERCEPT` (all -1). The
        edited one must lie in [-5, 5].
    edit : {0, 1, 2}, optional
        Which coefficient row the sliders control: row ``k`` is class
        ``k + 1`` (default 2: class 3).
    points, labels : array_like, optional
        Data to scatter on top: ``points`` of shape (n, 2), finite, and
        ``labels`` of shape (n,) in {0, 1, 2} (label ``k`` is class ``k + 1``,
        softmax entry ``[k]``); both or neither.
    class_names : sequence of 3 str, optional
        Legend names of rows 0, 1, 2 (default "class 1", "class 2", "class 3").
    extent : (float, float, float, float), optional
        ``(x1_min, x1_max, x2_min, x2_max)`` of the square, finite, each
        minimum below its maximum.
    n_grid : int, optional
        Pixels per side of the region image, 2 to 1000.

    Attributes
    ----------
    sliders : dict
        ``"a"``, ``"w1"``, ``"w2"``: intercept and weights of class `edit`.
    mode_toggle : ipywidgets.ToggleButtons
        ``"softmax"`` or ``"sigmoids"``; also settable through :attr:`mode`.
    coef, intercept : numpy.ndarray
        The current model (the edited row follows the sliders). Values given
        to the constructor stay exact although the sliders' readouts round
        them to the 0.1 grid, until the slider is moved.
    proba : numpy.ndarray, shape (n_grid, n_grid, 3)
        Softmax probabilities on the grid (rows: x2, columns: x1).
    sigmoids : numpy.ndarray, shape (n_grid, n_grid, 3)
        ``sigmoid(score_k)`` per class on the grid.
    rgb : numpy.ndarray, shape (n_grid, n_grid, 3)
        The image shown now.
    region_image : matplotlib.image.AxesImage
        The image artist, updated in place with ``set_data``.
    boundary : matplotlib.lines.Line2D
        The boundary line pieces, NaN-separated, updated in place.
    legend_labels : list of str
        The legend entries shown now: only regions and lines the view draws.
    areas : dict of float
        Fractions of the square: ``"softmax"`` (per class, argmax), and for
        the sigmoids ``"none"`` (no sigmoid above 0.5) and ``"many"`` (two or
        more above 0.5).

    Examples
    --------
    >>> from logitlab.widgets import RegionsExplorer
    >>> ex = RegionsExplorer()
    >>> bool(abs(ex.proba.sum(axis=-1) - 1).max() < 1e-12)
    True
    >>> ex.mode = "sigmoids"
    >>> ex.areas["none"] > 0  # points no class claims
    True
    """

    kind = "regions"
    figsize = (6.8, 5.6)

    def __init__(self, coef=None, intercept=None, *, edit=2, points=None, labels=None,
                 class_names=("class 1", "class 2", "class 3"), extent=(-3, 3, -3, 3),
                 n_grid=160):
        func = "RegionsExplorer"
        self.coef, self.intercept, self.edit, self._init = _model_argument(
            func, coef, intercept, edit)
        self.class_names = _class_names_argument(func, class_names)
        self.extent = _extent_argument(func, extent)
        _check_scores_finite(func, self.coef, self.intercept, self.edit, self.extent)
        n_grid = slider_argument(func, "n_grid", n_grid, *_N_GRID_RANGE, integer=True)
        self._points, self._labels = _points_argument(func, points, labels)
        x1 = np.linspace(self.extent[0], self.extent[1], n_grid)
        x2 = np.linspace(self.extent[2], self.extent[3], n_grid)
        self._X1, self._X2 = np.meshgrid(x1, x2)
        self._colours = np.array([_rgb(k) for k in (1, 2, 3)])
        self._washed = 1.0 - _WASH * (1.0 - self._colours)
        # Sigmoid view: the colour of each set of claiming classes (bit k-1 for
        # class k): white for none, a class's wash for one, dark grey for more.
        self._claim_colours = np.array([
            _NONE_RGB if code == 0 else self._washed[code.bit_length() - 1]
            if code & (code - 1) == 0 else _MANY_RGB
            for code in range(8)
        ])
        super().__init__()

    @property
    def mode(self):
        """``"softmax"`` or ``"sigmoids"``; setting it updates the plot like the toggle."""
        return self.mode_toggle.value

    @mode.setter
    def mode(self, value):
        allowed = [v for _, v in _MODES]
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"RegionsExplorer.mode must be one of {allowed}, got {value!r}")
        self.mode_toggle.value = value

    def _observed(self):
        return [*self.sliders.values(), self.mode_toggle]

    def _build(self):
        init = self._init
        name = self.edit + 1
        self.sliders["a"] = float_slider(f"a{name}", init["a"], *_COEF_RANGE, step=_STEP)
        self.sliders["w1"] = float_slider(f"w{name}₁", init["w1"], *_COEF_RANGE, step=_STEP)
        self.sliders["w2"] = float_slider(f"w{name}₂", init["w2"], *_COEF_RANGE, step=_STEP)
        self._init_exact(init)
        self.mode_toggle = widgets.ToggleButtons(
            options=list(_MODES), value="softmax", style={"button_width": "170px"}
        )

        ax = self.ax = self.figure.add_subplot()
        x0, x1, y0, y1 = self.extent
        blank = np.ones(self._X1.shape + (3,))
        self.region_image = _PixelImage(ax, origin="lower", extent=self.extent, animated=True)
        self.region_image.set_data(blank)
        ax.add_image(self.region_image)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel(r"feature $x_1$")
        ax.set_ylabel(r"feature $x_2$")
        self.boundary = ax.plot([], [], color="0.15", lw=1.8, animated=True)[0]
        self.title = ax.set_title(" ", animated=True)
        ax.grid(False)
        if self._points is not None:
            for k_ in range(3):
                m = self._labels == k_
                ax.scatter(self._points[m, 0], self._points[m, 1], s=22,
                           marker=_MARKERS[k_], color=class_colour(k_ + 1),
                           edgecolor="black", linewidth=0.6, zorder=3)
        # Five region slots and the line: filled with what the current view
        # draws (see _legend_entries); the longest labels size the layout.
        handles = [
            Patch(facecolor=self._washed[i], edgecolor=class_colour(i + 1),
                  label=self.class_names[i])
            for i in range(3)
        ]
        handles += [
            Patch(facecolor=_NONE_RGB, edgecolor="black", label="no class"),
            Patch(facecolor=_MANY_RGB, edgecolor="black", label="two or more classes"),
            Line2D([], [], color="0.15", lw=1.8, label=_LINE_LABELS["sigmoids"]),
        ]
        legend = self.figure.legend(handles=handles, loc="outside lower center", ncols=3,
                                    fontsize=10)
        self._legend_slots = list(zip(legend.legend_handles, legend.get_texts(), strict=True))
        self._legend_shown = None
        return [self.mode_toggle]

    def _legend_entries(self, n_claims, claims):
        """(facecolor, edgecolor, label) of every region the current view shows.

        `claims` holds one plane per class, as :meth:`_compute` returns it.
        """
        colours = [class_colour(k) for k in (1, 2, 3)]
        if self.mode == "softmax":
            entries = [(tuple(self._washed[i]), colours[i], self.class_names[i])
                       for i in range(3) if self.areas["softmax"][i] > 0]
        else:
            alone = claims & (n_claims == 1)
            entries = [(tuple(self._washed[i]), colours[i], f"{self.class_names[i]} alone")
                       for i in range(3) if alone[i].any()]
            if np.any(n_claims == 0):
                entries.append((tuple(_NONE_RGB), "black", "no class"))
            if np.any(n_claims >= 2):
                entries.append((tuple(_MANY_RGB), "black", "two or more classes"))
        return entries

    def _show_legend(self, entries, line_drawn):
        """Fill the legend's slots with `entries` and hide the rest; redraw only on change."""
        shown = (self.mode, tuple(entries), line_drawn)
        if shown == self._legend_shown:
            return
        *patch_slots, (line_handle, line_text) = self._legend_slots
        for k, (handle, text) in enumerate(patch_slots):
            visible = k < len(entries)
            handle.set_visible(visible)
            text.set_visible(visible)
            if visible:
                face, edge, label = entries[k]
                handle.set_facecolor(face)
                handle.set_edgecolor(edge)
                text.set_text(label)
        line_handle.set_visible(line_drawn)
        line_text.set_visible(line_drawn)
        line_text.set_text(_LINE_LABELS[self.mode])
        self.legend_labels = [label for _, _, label in entries]
        if line_drawn:
            self.legend_labels.append(_LINE_LABELS[self.mode])
        # Keep each legend's background: a slider sweep makes and unmakes the
        # same regions, and a full draw takes several slider steps' time.
        self._show_background(shown)
        self._legend_shown = shown

    def both_modes_png(self):
        """PNG bytes of the softmax and the sigmoid view side by side.

        For a static picture of the lesson's point (GitHub and nbviewer show
        one mode of a live widget only). The explorer is left in the mode it
        was in.

        Raises
        ------
        ValueError
            After :meth:`close` (the figure is gone), as :meth:`animate`.

        Examples
        --------
        >>> from logitlab.widgets import RegionsExplorer
        >>> with RegionsExplorer() as ex:
        ...     png = ex.both_modes_png()
        ...     print(png[1:4] == b"PNG", ex.mode)
        True softmax
        >>> ex.both_modes_png()
        Traceback (most recent call last):
        ...
        ValueError: RegionsExplorer.both_modes_png(): the explorer is closed
        """
        from PIL import Image as PILImage

        if self.closed:
            raise ValueError("RegionsExplorer.both_modes_png(): the explorer is closed")
        before = self.mode
        images = []
        for mode in ("softmax", "sigmoids"):
            self.mode = mode
            images.append(PILImage.open(io.BytesIO(self.png())).convert("RGB"))
        self.mode = before
        gap = 16
        both = PILImage.new("RGB", (images[0].width * 2 + gap, images[0].height), "white")
        both.paste(images[0], (0, 0))
        both.paste(images[1], (images[0].width + gap, 0))
        buf = io.BytesIO()
        both.save(buf, format="png")
        return buf.getvalue()

    def snapshot_modes(self):
        """:meth:`both_modes_png` as an ``IPython.display.Image``, for a lesson."""
        from IPython.display import Image

        return Image(data=self.both_modes_png(), format="png")

    def _line_piece(self, i, j=None, other=None):
        """Points of the line score_i = score_j (or score_i = 0 when j is None).

        Sampled across the plotted square; with `other`, only where the tied
        pair also beats that third class, i.e. the real decision boundary.
        A pair with equal weights has no boundary line (parallel scores).
        """
        w = self.coef[i] - (0.0 if j is None else self.coef[j])
        c = self.intercept[i] - (0.0 if j is None else self.intercept[j])
        x0, x1, y0, y1 = self.extent
        t = np.linspace(0.0, 1.0, 600)
        # Solve for the coordinate with the larger weight. Nearly equal rows
        # put the line far outside the square (even at inf): dropped below.
        with np.errstate(over="ignore", invalid="ignore"):
            if abs(w[1]) >= abs(w[0]) and w[1] != 0:
                u = x0 + t * (x1 - x0)
                pts = np.column_stack([u, -(c + w[0] * u) / w[1]])
            elif w[0] != 0:
                v = y0 + t * (y1 - y0)
                pts = np.column_stack([-(c + w[1] * v) / w[0], v])
            else:
                return np.empty((0, 2))
        keep = (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
        if other is not None:
            tied = self.intercept[i] + pts @ self.coef[i]
            keep &= tied >= self.intercept[other] + pts @ self.coef[other]
        return pts[keep]

    def _refresh(self):
        k = self.edit
        self.intercept[k] = self._value("a")
        self.coef[k] = [self._value("w1"), self._value("w2")]
        # One plane per class, shape (3, n, n): sums and maxima over the classes
        # are then whole-plane operations, not reductions over a length-3 axis
        # (5.3 -> 3.4 ms for the whole computation, timeit).
        c, b = self.coef, self.intercept
        scores = (c[:, 0, None, None] * self._X1 + c[:, 1, None, None] * self._X2
                  + b[:, None, None])
        claims, n_claims = self._compute(scores)
        line_drawn = self._show_view(claims, n_claims)
        self._show_legend(self._legend_entries(n_claims, claims), line_drawn)
        self._set_status(self._status_html())

    def _compute(self, scores):
        """Probabilities, sigmoids and areas from the class planes `scores`, shape (3, n, n).

        Returns the sigmoids' claims (as planes) and the number of claims per
        pixel.
        """
        proba, sig = softmax(scores, axis=0), sigmoid(scores)
        # The documented (n, n, 3) layout, as views.
        self.proba, self.sigmoids = np.moveaxis(proba, 0, -1), np.moveaxis(sig, 0, -1)
        winner = np.argmax(proba, axis=0)
        claims = sig > 0.5
        # Added as small ints: a bool array's sum is several times slower.
        n_claims = claims[0].view(np.int8) + claims[1].view(np.int8) + claims[2].view(np.int8)
        share = np.bincount(winner.ravel(), minlength=3) / winner.size
        self.areas = {
            "softmax": [float(a) for a in share],
            "none": float(np.mean(n_claims == 0)),
            "many": float(np.mean(n_claims >= 2)),
        }
        sums = sig[0] + sig[1] + sig[2]
        self._sum_range = (float(sums.min()), float(sums.max()))
        return claims, n_claims

    def _show_view(self, claims, n_claims):
        """The current mode's image, title and lines; whether any line piece is drawn."""
        if self.mode == "softmax":
            self.rgb = self.proba @ self._washed
            self.title.set_text("softmax: one class per point, probabilities sum to 1")
            pieces = [self._line_piece(i, j, other) for i, j, other in ((0, 1, 2), (0, 2, 1),
                                                                       (1, 2, 0))]
        else:
            # Which classes claim a pixel, as 3 bits, picks its colour.
            code = claims[0].view(np.int8) + 2 * claims[1].view(np.int8) + 4 * claims[2]
            self.rgb = self._claim_colours[code]
            self.title.set_text(r"one sigmoid per class: $\sigma(\mathrm{score}_k) > 0.5$")
            pieces = [self._line_piece(k_) for k_ in range(3)]
        gap = np.array([[np.nan, np.nan]])
        xy = np.concatenate([part for piece in pieces for part in (piece, gap)])
        self.boundary.set_data(xy[:, 0], xy[:, 1])
        self.region_image.set_data(self.rgb)
        return bool(np.isfinite(xy[:, 0]).any())

    def _status_html(self):
        """Both views' areas and the log-odds against class 3, the reference."""
        # Log-odds against the last class: what a reference-class report shows.
        ref = 2
        names = [html.escape(name) for name in self.class_names]
        odds = "; ".join(
            f"{names[i]} vs {names[ref]}: "
            f"{_signed(self.intercept[i] - self.intercept[ref])} "
            f"{_signed(self.coef[i, 0] - self.coef[ref, 0])}·x₁ "
            f"{_signed(self.coef[i, 1] - self.coef[ref, 1])}·x₂"
            for i in range(2)
        )
        soft = ", ".join(f"{names[i]} {100 * a:.0f}%"
                         for i, a in enumerate(self.areas["softmax"]))
        return (
            f"<b>softmax</b> regions: {soft} of the square; probabilities sum to 1. "
            f"<b>independent sigmoids</b>: no class at {100 * self.areas['none']:.0f}%, "
            f"two or more at {100 * self.areas['many']:.0f}%; their sum ranges "
            f"{self._sum_range[0]:.2f} to {self._sum_range[1]:.2f}. <b>log-odds</b> {odds}."
        )
