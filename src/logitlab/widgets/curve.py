r"""CurveExplorer: the question's sigmoid against the two-class softmax, live.

Three curves over one fixed grid of inputs ``x``: :math:`\sigma(x\beta)`
(solid), one entry of :math:`\mathrm{softmax}([x\beta_1, x\beta_2])` (dashed
over it) and the asker's :math:`\sigma(x\beta_1)` (dotted, on top: at the
defaults it lies exactly on the solid curve, and the legend says so). The
values at the marked ``x`` are written beside their points (0.6225 and
0.7311 at the question's values), the coefficients in use above the plot.
The sigmoid and the softmax curve coincide exactly when
``beta == beta1 - beta2`` (or its negative when the softmax entry shown is
class 2's).

The explorer lets the learner find that value rather than reading it: the
status line gives the gap between the curves and the values in play, but
neither the matching β nor a formula for it, and the title above the plot
leaves out β₁ − β₂, until the curves have matched once (a drag or a typed
β, or β₁, β₂ moved onto the current β) or the learner presses "Show me
the β that matches" (:meth:`CurveExplorer.snap`) or the code calls
:meth:`CurveExplorer.reveal`. From then on :attr:`CurveExplorer.revealed`
stays true and the status says which β matches and why."""

from __future__ import annotations

import itertools

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import ScaledTranslation

from ..functions import sigmoid, softmax
from ..mapping import softmax_to_logistic
from ..palette import class_colour
from ._base import PALETTE, Explorer, format_number
from ._sliders import ExactValues, choice_argument, float_slider, slider_argument

__all__ = ["CurveExplorer"]

#: Largest max |sigmoid - softmax| over the grid still called a match: far
#: above float64 rounding (about 1e-16 here), far below one slider step.
MATCH_TOL = 1e-12

# Slider grid: 0.05 keeps readouts classroom-friendly; the question's values
# (1, -1, 0.5, 2, -2) are exact fixed points of the browser's rounding on it.
_STEP = 0.05
_COEF_RANGE = (-5.0, 5.0)
# beta must reach beta1 - beta2 for every slider position, hence twice as wide.
_BETA_RANGE = (-10.0, 10.0)
_X_RANGE = (-5.0, 5.0)
_GRID = np.linspace(*_X_RANGE, 401)

# Smallest vertical distance between two value labels, in probability units
# (about 1.5 lines of 11 pt text in the plotted height).
_LABEL_GAP = 0.09
# A value label starts this far from the marker line, in x units (29 px):
# clear of the softmax point's diamond, 13 px wide on each side.
_LABEL_DX = 0.45


def _stacked(values):
    """Heights for labels of the sorted `values`: at least _LABEL_GAP apart, inside the axes."""
    lo, hi = 0.5 * _LABEL_GAP, 1.0 - 0.5 * _LABEL_GAP
    ys = [min(max(v, lo), hi) for v in values]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + _LABEL_GAP)
    if ys:
        ys[-1] = min(ys[-1], hi)
    for i in range(len(ys) - 2, -1, -1):
        ys[i] = min(ys[i], ys[i + 1] - _LABEL_GAP)
    return ys

_MATCH_STYLE = (
    "padding:6px 10px;border-radius:6px;border:2px solid {border};"
    "background:{background};font-family:monospace;line-height:1.5"
)


# The sigmoid is no class's curve: sky, not class 1's blue, so that the
# softmax entry can wear its class's colour (class 1 blue, class 2 orange).
_SIGMOID_COLOUR = PALETTE["sky"]


def _entry_colour(k):
    """The colour of the plotted softmax entry: its class's (entry k is class k + 1)."""
    return class_colour(k + 1)


def _softmax_label(k):
    return rf"P(class {k + 1}) = softmax$([x\beta_1, x\beta_2])$[{k}]"


def _asker_label(coincide):
    """The asker's entry; says so when the curve lies exactly on the sigmoid (beta = beta1)."""
    label = r"asker's $\sigma(x\beta_1)$"
    return label + r" (on $\sigma(x\beta)$ now: $\beta = \beta_1$)" if coincide else label


def _num(v):
    """Two decimals with a true minus sign, as the tick labels have."""
    return format_number(v)


def _coef_parts(beta, b1, b2, k, revealed):
    """The title's four columns: β, β₁, β₂ and, once revealed, the matching difference.

    The difference (class 1: b1 - b2) is the matching beta: printed before the
    learner has found it, it would be the answer above the plot.
    """
    # Plain Unicode, not mathtext: mathtext layout cost more than all the
    # other texts together. One text per column: a slider step re-renders
    # only the column whose number changed (issue 20).
    diff = ""
    if revealed:
        diff = f"(β₁ − β₂ = {_num(b1 - b2)})" if k == 0 else f"(β₂ − β₁ = {_num(b2 - b1)})"
    return [f"β = {_num(beta)}", f"β₁ = {_num(b1)}", f"β₂ = {_num(b2)}", diff]


#: The widest text each title column takes (its numbers at the sliders' ends).
_WIDEST_PARTS = _coef_parts(-10.0, -5.0, -5.0, 1, True)
# Space between title columns, in points (about three spaces of 12 pt text).
_TITLE_GAP_PT = 10.0
# The title's baseline above the axes, in points (matplotlib's axes.titlepad).
_TITLE_PAD_PT = 6.0


def _check_positive(where, positive):
    """`positive` as 0 or 1; `where` names the caller ("CurveExplorer()", ...)."""
    try:
        return choice_argument("CurveExplorer", "positive", positive, (0, 1))
    except ValueError:
        raise ValueError(
            f"{where}: positive must be 0 (P(class 1)) or 1 (P(class 2)), got {positive!r}"
        ) from None


class CurveExplorer(ExactValues, Explorer):
    r"""The question's example as sliders: when does :math:`\sigma(x\beta)` equal the softmax?

    Parameters
    ----------
    beta : float, optional
        Logistic coefficient, in [-10, 10]. Default 1.0, the asker's choice
        of ``beta1`` in the sigmoid.
    beta1, beta2 : float, optional
        Softmax coefficients of class 1 and class 2, in [-5, 5]. Defaults
        1.0 and -1.0, the question's values.
    x : float, optional
        The input marked on the plot and read out in the status line, in
        [-5, 5]. Default 0.5, the question's value.
    positive : {0, 1}, optional
        Which softmax entry is plotted: 0 is P(class 1), 1 is P(class 2).

    Attributes
    ----------
    sliders : dict of str to ipywidgets.FloatSlider
        ``"beta"``, ``"beta1"``, ``"beta2"``, ``"x"``, in that order.
    lines : dict of str to matplotlib.lines.Line2D
        ``"sigmoid"``, ``"softmax"``, ``"asker"`` over a fixed grid of 401
        points in [-5, 5].
    markers : dict of str to matplotlib.artist.Artist
        ``"x"`` (vertical line at the marked input) and ``"sigmoid"``,
        ``"softmax"``, ``"asker"`` (the points on each curve there, in the
        curve's colour).
    value_labels : list of matplotlib.text.Text
        The values at the marked input, beside the points; curves with equal
        values there share one label ("σ(xβ) = σ(xβ₁) = 0.6225").
    coef_texts : list of matplotlib.text.Text
        The coefficients in use, above the plot, in four fixed columns: β,
        β₁, β₂, and once :attr:`revealed` the difference that matches
        (β₁ − β₂, or β₂ − β₁ for P(class 2)); :attr:`coef_title` joins them.
    legend : matplotlib.legend.Legend
        Under the plot, in the convention's words ("P(class 1) =
        softmax([xβ₁, xβ₂])[0]").
    gap : float
        Max |sigmoid − softmax| over the grid, read from the plotted data.
    values : dict of str to float
        ``"asker"``, ``"sigmoid"``, ``"softmax"`` at the marked input.
    snap_button, positive_toggle, asker_toggle : ipywidgets widgets
        The extra controls; each does what :meth:`snap`, :attr:`positive`
        and :attr:`show_asker` do. The button reads "Show me the β that
        matches": its label must not give the formula away.

    Notes
    -----
    The matching β (:attr:`target`) is hidden from the status line and the
    title until :attr:`revealed`, which turns true the first time the curves
    match (whatever moved them: β dragged or typed, β₁ or β₂ moved, the
    plotted entry switched, or an explorer built matched), on :meth:`snap`
    or on :meth:`reveal`. It never turns back: changing β₁, β₂ or
    :attr:`positive` afterwards keeps the answer shown, for the new values.
    A target off the slider's 0.05 grid cannot be dragged to exactly: there
    only the button (or code) reveals it.

    A browser's slider rounds every value the kernel sends it to its step
    grid and sends the rounded value back. Values set from code (the
    constructor's, :meth:`snap`'s) are kept exact through that echo: with
    ``CurveExplorer(beta1=1.23)`` the β₁ readout shows 1.25 but the curves,
    the status line and :attr:`beta1` use 1.23, and :meth:`snap` sets β to
    exactly ``beta1 - beta2``. Moving the slider replaces the exact value.

    Examples
    --------
    >>> from logitlab.widgets import CurveExplorer
    >>> ex = CurveExplorer()
    >>> ex.matches, round(ex.gap, 4), ex.revealed
    (False, 0.1501, False)
    >>> "match when" in ex.status.value  # the answer is not given away
    False
    >>> ex.sliders["beta"].value = 2.0  # the learner drags beta until they meet
    >>> ex.matches, ex.revealed, "they match when β = β₁ − β₂" in ex.status.value
    (True, True, True)

    :meth:`reveal` tells the answer without moving β; :meth:`snap` (the
    button) also sets β to it:

    >>> other = CurveExplorer()
    >>> other.reveal()
    >>> other.revealed, other.beta, other.matches
    (True, 1.0, False)
    >>> other.close()
    >>> ex.sliders["beta"].value = 1.0
    >>> ex.snap()
    >>> ex.sliders["beta"].value, ex.matches
    (2.0, True)
    >>> ex.positive = 1  # plot P(class 2): now the answer's minus sign is needed
    >>> ex.matches
    False
    >>> ex.snap()
    >>> ex.beta, ex.matches
    (-2.0, True)
    """

    kind = "curve"
    figsize = (7.2, 4.4)

    def __init__(self, beta=1.0, beta1=1.0, beta2=-1.0, x=0.5, positive=0):
        func = "CurveExplorer"
        self._init = {
            "beta": slider_argument(func, "beta", beta, *_BETA_RANGE),
            "beta1": slider_argument(func, "beta1", beta1, *_COEF_RANGE),
            "beta2": slider_argument(func, "beta2", beta2, *_COEF_RANGE),
            "x": slider_argument(func, "x", x, *_X_RANGE),
        }
        self._init_positive = _check_positive(f"{func}()", positive)
        self.gap = float("nan")
        self.values = {}
        self._revealed = False
        super().__init__()

    # -- construction ---------------------------------------------------
    def _build(self):
        self._build_sliders()
        extra = self._build_controls()
        self.axes = self.figure.add_subplot()
        self._build_curves(self.axes)
        self._build_texts(self.axes)
        self._build_legend()
        return extra

    def _build_sliders(self):
        """The four sliders, at the constructor's values kept exact."""
        init = self._init
        self.sliders["beta"] = float_slider("β", init["beta"], *_BETA_RANGE, step=_STEP)
        self.sliders["beta1"] = float_slider("β₁", init["beta1"], *_COEF_RANGE, step=_STEP)
        self.sliders["beta2"] = float_slider("β₂", init["beta2"], *_COEF_RANGE, step=_STEP)
        self.sliders["x"] = float_slider("x", init["x"], *_X_RANGE, step=_STEP)
        self._init_exact()
        for name, value in init.items():
            self._exact[name] = value

    def _build_controls(self):
        """The entry toggle, the asker's checkbox and the snap button, laid out in rows."""
        self.positive_toggle = widgets.ToggleButtons(
            options=[("P(class 1)", 0), ("P(class 2)", 1)],
            value=self._init_positive,
            tooltips=[
                "plot softmax([xβ₁, xβ₂])[0], the probability of class 1",
                "plot softmax([xβ₁, xβ₂])[1], the probability of class 2",
            ],
            style={"button_width": "92px"},
        )
        self.positive_toggle.add_class("logitlab-positive")
        self.asker_toggle = widgets.Checkbox(
            value=True, description="show the asker's σ(xβ₁)", indent=False
        )
        self.asker_toggle.add_class("logitlab-asker")
        # The label names no formula: it would give away what the learner
        # is asked to find (issue 10).
        self.snap_button = widgets.Button(
            description="Show me the β that matches",
            tooltip="set β to where σ(xβ) meets the softmax entry, and say why",
            button_style="success",
            icon="eye",
            layout=widgets.Layout(width="240px"),
        )
        self.snap_button.add_class("logitlab-snap")
        self.snap_button.on_click(lambda _button: self.snap())
        which = widgets.HBox([widgets.Label("softmax entry plotted:"), self.positive_toggle])
        return [which, widgets.HBox([self.snap_button, self.asker_toggle])]

    def _build_curves(self, ax):
        """The fixed axes, the three curves and the points at the marked x."""
        # Room on the right for the verdict badge's frame, which the layout ignores.
        self.figure.get_layout_engine().set(w_pad=8 / 72)
        ax.set_xlim(*_X_RANGE)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel("$x$")
        ax.set_ylabel("probability")
        nan = np.full_like(_GRID, np.nan)
        # Drawn bottom to top: the wide solid sigmoid, the dashed softmax entry,
        # the asker's thin dotted curve. Each stays visible where they coincide
        # (at the defaults the asker's curve is exactly the sigmoid).
        self.lines = {
            "sigmoid": ax.plot(_GRID, nan, color=_SIGMOID_COLOUR, lw=3.6, ls="-", zorder=2.0,
                               animated=True)[0],
            "softmax": ax.plot(_GRID, nan, color=_entry_colour(self._init_positive), lw=2.2,
                               ls=(0, (5, 3)), zorder=2.1, animated=True)[0],
            "asker": ax.plot(_GRID, nan, color=PALETTE["black"], lw=1.8, ls=":",
                             zorder=2.2, animated=True)[0],
        }
        # Each marker has its curve's colour; sizes differ so coinciding points
        # stay visible. Not clipped: at x = -5 or 5 a point sits on the frame.
        self.markers = {
            "x": ax.axvline(0.0, color=PALETTE["grey"], lw=1.2, ls="--", zorder=1.5,
                            animated=True),
            "sigmoid": ax.plot([], [], "o", color=_SIGMOID_COLOUR, ms=9, zorder=3.0,
                               clip_on=False, animated=True)[0],
            "softmax": ax.plot([], [], "D", mfc="none", mec=_entry_colour(self._init_positive),
                               mew=2.2, ms=12,
                               zorder=3.1, clip_on=False, animated=True)[0],
            "asker": ax.plot([], [], "o", color=PALETTE["black"], ms=4, zorder=3.2,
                             clip_on=False, animated=True)[0],
        }
        for marker in self.markers.values():
            marker.set_in_layout(False)  # the layout is for the axes, not moving points

    def _build_texts(self, ax):
        """The value labels beside the points, the title's columns and the verdict badge."""
        # The values at the marked x, written next to the points: at the
        # defaults they are the question's 0.6225 and 0.7311.
        halo = [patheffects.withStroke(linewidth=3.5, foreground="white")]
        self._label_widths = {}  # pixel width of each value label's string
        self.value_labels = [
            ax.text(0, 0.5, "", fontsize=11, va="center", zorder=4, path_effects=halo,
                    animated=True, in_layout=False)
            for _ in range(3)
        ]
        # The coefficients in use (left) and the verdict badge (right), above
        # the axes: inside them a badge would sit on a curve at some setting.
        self.coef_texts = [
            ax.text(0.0, 1.0, widest, fontsize=12, va="baseline", animated=True,
                    transform=ax.transAxes + ScaledTranslation(
                        left / 72, _TITLE_PAD_PT / 72, self.figure.dpi_scale_trans))
            for widest, left in zip(_WIDEST_PARTS, self._title_columns(), strict=True)
        ]
        self._verdict = ax.set_title(
            "✗ curves differ", loc="right", fontsize=12, pad=10, animated=True,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": PALETTE["vermillion"]},
        )

    def _title_columns(self):
        """Left edges of the title's columns in points: each as wide as its widest text."""
        renderer = self.figure.canvas.get_renderer()
        font = FontProperties(size=12)
        lefts, left = [], 0.0
        for widest in _WIDEST_PARTS:
            lefts.append(left)
            width = renderer.get_text_width_height_descent(widest, font, ismath=False)[0]
            left += width * 72 / self.figure.dpi + _TITLE_GAP_PT
        return lefts

    def _build_legend(self):
        """The legend under the axes, sized for its longest texts (layout is fixed after)."""
        self.lines["sigmoid"].set_label(r"$\sigma(x\beta)$")
        self.lines["softmax"].set_label(_softmax_label(self.positive_toggle.value))
        self.lines["asker"].set_label(_asker_label(False))
        self.legend = self.figure.legend(
            handles=[self.lines[n] for n in ("sigmoid", "softmax", "asker")],
            loc="outside lower center", ncols=2, fontsize=11, handlelength=3.0,
        )
        self.lines["asker"].set_label(_asker_label(True))
        self._legend_texts = dict(zip(("sigmoid", "softmax", "asker"),
                                      self.legend.get_texts(), strict=True))
        self._legend_handles = dict(zip(("sigmoid", "softmax", "asker"),
                                        self.legend.legend_handles, strict=True))
        self._legend_state = None

    def _observed(self):
        return super()._observed() + [self.positive_toggle, self.asker_toggle]

    def _update_legend(self, k, show_asker, coincide):
        """Legend texts for the plotted entry and the asker's curve (static: redrawn on change)."""
        state = (k, show_asker, coincide)
        if state == self._legend_state:
            return
        self._legend_texts["softmax"].set_text(_softmax_label(k))
        self.lines["softmax"].set_label(_softmax_label(k))
        for artist in (self.lines["softmax"], self._legend_handles["softmax"]):
            artist.set_color(_entry_colour(k))
        self.markers["softmax"].set_markeredgecolor(_entry_colour(k))
        self._legend_texts["asker"].set_text(_asker_label(coincide))
        self._legend_texts["asker"].set_visible(show_asker)
        self._legend_handles["asker"].set_visible(show_asker)
        self._legend_state = state
        self._show_background(state)

    # -- public state ---------------------------------------------------
    @property
    def beta(self):
        """The logistic coefficient β in use (exact, even off the slider grid)."""
        return self._value("beta")

    @property
    def beta1(self):
        """Softmax coefficient of class 1."""
        return self._value("beta1")

    @property
    def beta2(self):
        """Softmax coefficient of class 2."""
        return self._value("beta2")

    @property
    def x(self):
        """The marked input."""
        return self._value("x")

    @property
    def positive(self):
        """Which softmax entry is plotted: 0 (P(class 1)) or 1 (P(class 2))."""
        return self.positive_toggle.value

    @positive.setter
    def positive(self, value):
        self.positive_toggle.value = _check_positive("CurveExplorer.positive", value)

    @property
    def show_asker(self):
        """Whether the asker's σ(xβ₁) is drawn."""
        return self.asker_toggle.value

    @show_asker.setter
    def show_asker(self, value):
        # bool("False") is True and bool(nan) is True: only a real bool is an answer.
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(
                f"CurveExplorer.show_asker must be True or False, got {value!r} "
                f"({type(value).__name__})"
            )
        self.asker_toggle.value = bool(value)

    @property
    def coef_title(self):
        """The title's columns as one line ("β = 1.00   β₁ = 1.00   β₂ = −1.00")."""
        return "   ".join(t.get_text() for t in self.coef_texts if t.get_text())

    @property
    def matches(self):
        """True exactly when the plotted curves agree to within 1e-12 everywhere."""
        return bool(self.gap <= MATCH_TOL)

    @property
    def target(self):
        """The β that makes the curves match: β₁ − β₂, or β₂ − β₁ for P(class 2)."""
        return float(softmax_to_logistic(self.beta1, self.beta2, positive=self.positive))

    @property
    def revealed(self):
        """Whether the matching β is shown (read-only; see :meth:`reveal`).

        False for a fresh explorer whose curves differ; true from the first
        time the curves match, or :meth:`snap` or :meth:`reveal` is called,
        and never false again.
        """
        return self._revealed

    def reveal(self):
        """Show the matching β and why in the status line and title, without moving β."""
        if self._revealed:
            return
        self._revealed = True
        self.update()

    def snap(self):
        """Set β to :attr:`target`, exactly, even where that is off the slider's grid.

        What the "Show me the β that matches" button does. The curves then
        match, which makes the explorer :attr:`revealed`.
        """
        self._set_exact("beta", self.target)

    # -- updating -------------------------------------------------------
    def _refresh(self):
        beta, b1, b2, x, k = self.beta, self.beta1, self.beta2, self.x, self.positive
        sig = sigmoid(_GRID * beta)
        soft = softmax(np.stack([_GRID * b1, _GRID * b2], axis=-1))[:, k]
        asker = sigmoid(_GRID * b1)
        self.lines["sigmoid"].set_ydata(sig)
        self.lines["softmax"].set_ydata(soft)
        self.lines["asker"].set_ydata(asker)
        self.lines["asker"].set_visible(self.show_asker)
        # "As plotted now": the gap is read from the artists, not recomputed.
        self.gap = float(
            np.max(np.abs(self.lines["sigmoid"].get_ydata() - self.lines["softmax"].get_ydata()))
        )
        self._update_legend(k, self.show_asker, bool(beta == b1))
        match = self.matches
        # Matched once is found: from here on the answer may be stated.
        self._revealed = self._revealed or match
        revealed = self._revealed

        at = {
            "asker": float(sigmoid(x * b1)),
            "sigmoid": float(sigmoid(x * beta)),
            "softmax": float(softmax([x * b1, x * b2])[k]),
        }
        self.values = at
        self.markers["x"].set_xdata([x, x])
        for name, value in at.items():
            self.markers[name].set_data([x], [value])
        self.markers["asker"].set_visible(self.show_asker)
        self._place_value_labels(x, at, k)

        for text, part in zip(self.coef_texts, _coef_parts(beta, b1, b2, k, revealed),
                              strict=True):
            text.set_text(part)
        self._verdict.set_text("✓ curves match" if match else "✗ curves differ")
        self._verdict.get_bbox_patch().set_edgecolor(
            PALETTE["green"] if match else PALETTE["vermillion"]
        )
        self._set_status(self._status_html(beta, b1, b2, x, k, at, match, revealed))

    def _place_value_labels(self, x, at, k):
        """Write each value at the marked x beside its point; equal values share a label."""
        names = {"sigmoid": "σ(xβ)", "softmax": f"P(class {k + 1})", "asker": "σ(xβ₁)"}
        shown = [n for n in ("sigmoid", "softmax", "asker") if n != "asker" or self.show_asker]
        groups = []
        for name in sorted(shown, key=lambda n: at[n]):
            if groups and at[name] == at[groups[-1][0]]:
                groups[-1].append(name)
            else:
                groups.append([name])
        ys = _stacked([at[g[0]] for g in groups])
        for text, group, y in itertools.zip_longest(self.value_labels, groups, ys):
            text.set_visible(group is not None)
            if group is not None:
                text.set_text(" = ".join(names[n] for n in group) + f" = {at[group[0]]:.4f}")
                self._place_beside(text, x, y)

    def _place_beside(self, text, x, y):
        """Right of the marker line, or left of it where the text would leave the axes there.

        Three equal curves make a label half the axes wide. The text is
        measured once per string (laying it out costs more than the rest of
        the step's bookkeeping): on the left it is the same width.
        """
        renderer = self.figure.canvas.get_renderer()
        box = self.axes.bbox  # fixed: the layout is frozen after _build
        text.set_position((x + _LABEL_DX, y))
        text.set_horizontalalignment("left")
        width = self._label_widths.get(text.get_text())
        if width is None:
            if len(self._label_widths) > 1024:
                self._label_widths.clear()
            width = self._label_widths[text.get_text()] = text.get_window_extent(renderer).width
        start = self.axes.transData.transform((x + _LABEL_DX, y))[0]
        if start + width <= box.x1:
            return
        left_x0 = self.axes.transData.transform((x - _LABEL_DX, y))[0] - width
        # Fits on neither side: keep the side with more room.
        if left_x0 >= box.x0 or x > 0.5 * (_X_RANGE[0] + _X_RANGE[1]):
            text.set_position((x - _LABEL_DX, y))
            text.set_horizontalalignment("right")

    def _status_html(self, beta, b1, b2, x, k, at, match, revealed):
        verdict = (
            "<b>✓ curves match</b>" if match else "<b>✗ curves differ</b>"
        )
        style = _MATCH_STYLE.format(
            border=PALETTE["green"] if match else PALETTE["grey"],
            background="#DFF3EA" if match else "#F4F4F4",
        )
        asker = f"asker's σ(xβ₁) = {at['asker']:.16f}<br>"
        if revealed:
            first, second = (b1, b2) if k == 0 else (b2, b1)
            diff = "β₁ − β₂" if k == 0 else "β₂ − β₁"
            subtrahend = f"({second:.2f})" if second < 0 else f"{second:.2f}"
            after = (
                f"they match when β = {diff} = {first:.2f} − {subtrahend} = {first - second:.2f}, "
                f"because softmax([xβ₁, xβ₂])[{k}] = σ(x({diff}))"
            )
        else:
            # No target, no formula, no "they match when": the learner finds it.
            after = "move β until they match, or press “Show me the β that matches”"
        return (
            f'<div style="{style}">'
            f"at x = {x:.2f}: {asker}"
            f"σ(xβ) = {at['sigmoid']:.16f} (β = {beta:.2f})<br>"
            f"softmax([xβ₁, xβ₂])[{k}] = {at['softmax']:.16f} "
            f"(P(class {k + 1}); β₁ = {b1:.2f}, β₂ = {b2:.2f})<br>"
            f"max gap over x: {self.gap:.3g} — {verdict}; {after}"
            "</div>"
        )
