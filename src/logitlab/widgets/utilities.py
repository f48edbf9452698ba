r"""Random utilities: classes compete through noisy scores, and the largest wins.

:class:`RandomUtilityExplorer` simulates the discrete-choice model behind the
softmax (McFadden's conditional logit): class ``k`` gets the utility
:math:`z_k + \varepsilon_k`, the :math:`\varepsilon_k` independent standard
Gumbel draws, and in each draw the class with the largest utility wins. The
probability that class ``k`` wins is exactly ``softmax(z)[k-1]`` (the
Gumbel-max trick), and the difference of two independent standard Gumbels
is standard logistic, so with two classes
:math:`P(\text{class 1}) = P(\varepsilon_2 - \varepsilon_1 < z_1 - z_2) =
\sigma(z_1 - z_2)`: only the difference of the scores matters.

The explorer shows the simulation and that one link: the winning
frequencies beside the softmax probabilities, and the histogram of
:math:`\varepsilon_2 - \varepsilon_1` beside the logistic density, with the
threshold :math:`z_1 - z_2` marked and the area left of it (class 1 wins,
:math:`\sigma(z_1 - z_2)`, the logistic CDF there) shaded.
"""

from __future__ import annotations

import numbers
from collections import OrderedDict

import ipywidgets as widgets
import numpy as np
from matplotlib.transforms import ScaledTranslation

from ..functions import sigmoid, softmax
from ..palette import class_colour
from ._base import PALETTE, Explorer
from ._sliders import (
    ExactValues,
    array_argument,
    choice_argument,
    float_slider,
    slider_argument,
)

__all__ = ["RandomUtilityExplorer", "N_CHOICES", "HIST_EDGES"]

#: The numbers of draws the dropdown offers.
N_CHOICES = (100, 1_000, 5_000, 10_000, 100_000)
#: Bin edges of the histogram of the noise difference: width 0.5 on [-8, 8].
#: Beyond 8 the logistic density is below 3.4e-4: about 67 of 100,000 draws fall
#: outside, and they still count in the density's denominator.
HIST_EDGES = np.linspace(-8.0, 8.0, 33)

_SCORE_RANGE = (-4.0, 4.0)
_STEP = 0.1
# Bars in the class colours washed towards white (as RegionsExplorer's
# regions) so that the black whiskers and the softmax level stay readable.
_WASH = 0.55
_BAR_WIDTH = 0.56
# The softmax level sticks out of its bar on both sides, so it shows where
# the bar is lower.
_LEVEL_HALF = 0.36
_PROB_Y = (-0.03, 1.06)
# The density of the logistic peaks at 0.25; a histogram of few draws can
# reach higher, and the axis grows to fit it (never shrinks below this). The
# room above the peak holds the threshold's label.
_DENSITY_TOP = 0.36
_HEADROOM = 1.3
# The threshold's label sits beside the line, on the side with more room.
_LABEL_GAP_PT = 6
# The density curve's grid; the shaded area follows it up to the threshold.
_T = np.linspace(-8.0, 8.0, 401)
# Noise draws kept per (seed, n, K): a score slider step reuses them, and
# switching n back and forth does not draw again. 100,000 x 3 float64 is
# 2.4 MB; four of them bound the memory.
_CACHE_SIZE = 4
_SUBSCRIPTS = "₁₂₃"


def _washed(k):
    """Class `k`'s colour washed towards white."""
    h = class_colour(k).lstrip("#")
    rgb = np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return tuple(1.0 - _WASH * (1.0 - rgb))


def _num(v):
    """Two decimals with a true minus sign, as the tick labels have."""
    return f"{v:.2f}".replace("-", "\N{MINUS SIGN}")


def _area(p):
    """A probability to three decimals, or its distance from 0 or 1 when that reads 0 or 1."""
    if 0.001 <= p <= 0.999:
        return f"{p:.3f}"
    text = f"{p:.1e}" if p < 0.5 else f"1 − {1.0 - p:.1e}"
    return text.replace("-", "\N{MINUS SIGN}")


def _seed_argument(where, seed):
    """`seed` as a non-negative int (what ``numpy.random.default_rng`` takes)."""
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{where}: seed must be a whole number >= 0, got {seed!r} "
                        f"({type(seed).__name__})")
    if seed < 0:
        raise ValueError(f"{where}: seed must be a whole number >= 0, got {seed!r}")
    return int(seed)


def _renamed(where, check, *args):
    """Run `check` (which words its errors for the constructor) for the caller `where`."""
    try:
        return check(*args)
    except (TypeError, ValueError) as exc:
        # The shared checks name "RandomUtilityExplorer()"; a setter is named as such.
        raise type(exc)(str(exc).replace("RandomUtilityExplorer()", where, 1)) from None


def _scores_argument(where, scores, n_classes=None):
    """`scores` as a list of 2 or 3 floats in the sliders' range (`n_classes` of them if given)."""
    func = "RandomUtilityExplorer"

    def check():
        z = array_argument(func, "scores", scores, ndim=1)
        wanted = (2, 3) if n_classes is None else (n_classes,)
        if z.shape[0] not in wanted:
            many = "2 or 3" if n_classes is None else f"{n_classes}, as the sliders,"
            raise ValueError(
                f"{func}(): scores needs one score per class, {many} of them, got {z.shape[0]}"
            )
        # The sliders would clamp an out-of-range score silently.
        return [slider_argument(func, f"scores[{k}]", v, *_SCORE_RANGE)
                for k, v in enumerate(z.tolist())]

    return _renamed(where, check)


def _n_argument(where, n):
    """`n` as one of :data:`N_CHOICES`; `where` names the caller, as in the message."""
    return _renamed(where, choice_argument, "RandomUtilityExplorer", "n", n, N_CHOICES)


class RandomUtilityExplorer(ExactValues, Explorer):
    r"""Gumbel noise on each class's score, the largest utility wins: how often does each?

    Each of ``n`` draws gives class ``k`` the utility :math:`z_k +
    \varepsilon_k` with independent standard Gumbel noise
    (``numpy.random.default_rng(seed).gumbel``); the class with the largest
    utility wins the draw. Left: the share of draws each class won (bars,
    with whiskers of two standard errors) and ``softmax(z)`` (a level across
    each bar). Right: the histogram of :math:`\varepsilon_2 -
    \varepsilon_1` over the draws against the logistic density
    :math:`\sigma'(t) = \sigma(t)(1 - \sigma(t))`, a line at the threshold
    :math:`t = z_1 - z_2` and the area under the density left of it shaded:
    class 1 beats class 2 exactly when :math:`\varepsilon_2 - \varepsilon_1
    < z_1 - z_2`, so the shaded area is :math:`\sigma(z_1 - z_2)` (with two
    classes, class 1's share). The status line gives each class's share, its
    softmax probability and the gap between them in standard errors.

    Moving a score slider reuses the noise (it does not depend on the
    scores) and only finds the winners again; the noise is drawn anew for a
    new ``n``, a new seed or "draw again".

    A fresh explorer shows the set-up, not the answer to the lesson's
    prediction: the bars, the softmax levels, the shaded area and every
    share and probability in the status line and on the figure appear from
    the first change of a score, the number of draws or the seed (or
    :meth:`reveal`); until then the left panel asks for a prediction. See
    :attr:`revealed`.

    Parameters
    ----------
    scores : array_like of 2 or 3 float, optional
        The scores :math:`z_1, z_2` (and :math:`z_3`): one class each, class
        ``k`` is entry ``[k-1]``, each in [-4, 4] (the sliders' range).
        Default ``(0.5, -0.5)``: the question's scores :math:`x\beta_1` and
        :math:`x\beta_2` at x = 0.5, :math:`\beta_1 = 1`, :math:`\beta_2 = -1`.
    n : int, optional
        Number of draws, one of :data:`N_CHOICES` (100 to 100,000). Default
        5,000.
    seed : int, optional
        Seed of the noise, a whole number >= 0. Default 0, so a lesson shows
        the same draws every time it runs.

    Attributes
    ----------
    sliders : dict of str to ipywidgets.FloatSlider
        ``"z1"``, ``"z2"`` (and ``"z3"``), in [-4, 4] with step 0.1.
    n_dropdown : ipywidgets.Dropdown
        The number of draws; also settable through :attr:`n`.
    draw_button : ipywidgets.Button
        "draw again": does what :meth:`draw_again` does.
    noise : numpy.ndarray, shape (n, K)
        The Gumbel draws, row ``i`` for draw ``i``, column ``k-1`` for class ``k``.
    noise_difference : numpy.ndarray, shape (n,)
        ``noise[:, 1] - noise[:, 0]``, :math:`\varepsilon_2 - \varepsilon_1`:
        what the histogram shows.
    winners : numpy.ndarray of int, shape (n,)
        The winning class of each draw as an index: ``k-1`` for class ``k``.
    counts : numpy.ndarray of int, shape (K,)
        How many draws each class won.
    frequencies : numpy.ndarray, shape (K,)
        ``counts / n``, the bars' heights.
    probabilities : numpy.ndarray, shape (K,)
        ``softmax(scores)``.
    standard_errors : numpy.ndarray, shape (K,)
        :math:`\sqrt{p_k (1 - p_k) / n}` with :math:`p_k` the softmax
        probability: the spread of class ``k``'s share if the model holds.
        Taken from :math:`p_k`, not from the share itself, so it stays
        positive when a class wins no draw.
    gaps : numpy.ndarray, shape (K,)
        ``(frequencies - probabilities) / standard_errors``.
    n_noise_draws : int
        How many times noise has been drawn (not taken from the cache).
    bars : list of matplotlib.patches.Rectangle
        One bar per class, height the class's share.
    whiskers : matplotlib.lines.Line2D
        Share ± 2 standard errors per class (cut at 0 and 1), NaN-separated.
    softmax_levels : matplotlib.lines.Line2D
        ``softmax(z)`` per class, a level across each bar, NaN-separated.
    histogram : matplotlib.patches.StepPatch
        Density of ``noise_difference`` over :data:`HIST_EDGES` (counts
        divided by ``n`` times the bin width); ``histogram.get_data()``.
    density_line : matplotlib.lines.Line2D
        The logistic density over [-8, 8].
    threshold_line : matplotlib.lines.Line2D
        The vertical line at :math:`t = z_1 - z_2`.
    threshold_label : matplotlib.text.Text
        Its label: the threshold's value and the shaded area's.
    score_texts : list of matplotlib.text.Text
        ``z_k = ...`` above the left panel, one per class.
    win_area : matplotlib.patches.Polygon
        The area under the logistic density left of the threshold:
        :math:`\sigma(z_1 - z_2)`.
    legends : dict of str to matplotlib.legend.Legend
        ``"wins"`` and ``"noise"``, under their panels.
    prompt : matplotlib.text.Text
        The left panel's request for a prediction, shown until :attr:`revealed`.

    Examples
    --------
    >>> from logitlab.widgets import RandomUtilityExplorer
    >>> ex = RandomUtilityExplorer()  # scores (0.5, -0.5), 5,000 draws, seed 0
    >>> ex.revealed, "73.11" in ex.status.value  # the shares wait for a move
    (False, False)
    >>> ex.probabilities.round(4)  # computed all the same
    array([0.7311, 0.2689])
    >>> bool(np.all(abs(ex.gaps) < 4))  # shares within 4 standard errors
    True
    >>> noise = ex.noise
    >>> ex.sliders["z2"].value = 0.5  # equal scores: a fair coin
    >>> ex.probabilities, ex.noise is noise  # the same draws, new winners
    (array([0.5, 0.5]), True)
    >>> ex.revealed, "softmax 50.00%" in ex.status.value
    (True, True)
    >>> ex.draw_again()
    >>> ex.seed, ex.noise is noise
    (1, False)
    >>> ex.close()

    Three classes:

    >>> with RandomUtilityExplorer(scores=[1.0, 0.0, -1.0], n=10_000) as ex3:
    ...     print(ex3.probabilities.round(3), bool(np.all(abs(ex3.gaps) < 4)))
    [0.665 0.245 0.09 ] True
    """

    kind = "utilities"
    figsize = (9.6, 4.9)

    def __init__(self, scores=(0.5, -0.5), *, n=5_000, seed=0):
        func = "RandomUtilityExplorer"
        z = _scores_argument(f"{func}()", scores)
        self._init = {f"z{k + 1}": v for k, v in enumerate(z)}
        self.n_classes = len(z)
        self._n0 = _n_argument(f"{func}()", n)
        self._seed = _seed_argument(f"{func}()", seed)
        self._cache = OrderedDict()
        self.n_noise_draws = 0
        self.noise = None
        # The state the lesson's prediction is about; leaving it reveals the shares.
        self._start = (tuple(z), self._n0, self._seed)
        self._revealed = False
        self._shown_revealed = None
        super().__init__()

    # -- construction ---------------------------------------------------
    def _build(self):
        controls = self._build_controls()
        self.ax_wins, self.ax_noise = self.figure.subplots(1, 2, width_ratios=(1.0, 1.3))
        self._build_wins_panel()
        self._build_noise_panel()
        self._build_legends()
        return controls

    def _build_controls(self):
        """The score sliders (exact values kept), the draws dropdown and "draw again"."""
        for name, value in self._init.items():
            label = f"z{_SUBSCRIPTS[int(name[1:]) - 1]}"
            self.sliders[name] = float_slider(label, value, *_SCORE_RANGE, step=_STEP)
        self._init_exact(self._init)
        self.n_dropdown = widgets.Dropdown(
            options=[(f"{v:,}", v) for v in N_CHOICES], value=self._n0,
            description="draws n", style={"description_width": "56px"},
            layout=widgets.Layout(width="200px"),
        )
        self.n_dropdown.add_class("logitlab-n")
        self.draw_button = widgets.Button(
            description="draw again", icon="refresh",
            tooltip="new Gumbel noise: the next seed", layout=widgets.Layout(width="140px"),
        )
        self.draw_button.add_class("logitlab-draw-again")
        self.draw_button.on_click(self._on_draw_click)
        return [widgets.HBox([self.n_dropdown, self.draw_button])]

    def _build_wins_panel(self):
        """Left: one bar per class in its colour, the softmax levels and the whiskers."""
        ax, K = self.ax_wins, self.n_classes
        x = np.arange(1, K + 1)
        self.bars = list(ax.bar(
            x, np.zeros(K), width=_BAR_WIDTH, color=[_washed(k) for k in x],
            edgecolor=[class_colour(k) for k in x], linewidth=2.0, zorder=2, animated=True,
        ))
        (self.softmax_levels,) = ax.plot(
            [], [], color=PALETTE["vermillion"], lw=3.2, zorder=3, animated=True,
            label="softmax(z)[k−1], exact",
        )
        (self.whiskers,) = ax.plot(
            [], [], color=PALETTE["black"], lw=1.6, marker="_", ms=14, mew=1.6, zorder=4,
            animated=True, label="share won ± 2 standard errors",
        )
        ax.set_xlim(0.4, K + 0.6)
        ax.set_ylim(*_PROB_Y)
        ax.set_xticks(x, [f"class {k}" for k in x])
        ax.grid(False, axis="x")
        ax.set_xlabel("winner of a draw: the largest zₖ + εₖ")
        ax.set_ylabel("share of the draws won")
        # One text per score above the panel: a drag changes one of them, and
        # an unchanged text is pasted from the sprite cache, not laid out again.
        self.score_texts = [
            ax.text(k / 3, 1.02, " ", transform=ax.transAxes, ha="left", va="bottom",
                    fontsize=12, animated=True)
            for k in range(self.n_classes)
        ]
        self.prompt = ax.text(
            0.5, 0.55, "What share of the draws\ndoes each class win?\n\nPredict, then move\n"
            "a score to see.", transform=ax.transAxes, ha="center", va="center", fontsize=12,
            color="0.25")

    def _build_noise_panel(self):
        """Right: the draws' ε₂ − ε₁, the logistic density, the threshold z₁ − z₂ and its area."""
        ax = self.ax_noise
        self.histogram = ax.stairs(
            np.zeros(len(HIST_EDGES) - 1), HIST_EDGES, fill=True, color=PALETTE["grey"],
            alpha=0.45, zorder=2, label="ε₂ − ε₁ of the draws",
        )
        (self.density_line,) = ax.plot(
            _T, sigmoid(_T) * sigmoid(-_T), color=PALETTE["black"], lw=2.2, zorder=4,
            label="logistic density σ′(t)",
        )
        # Class 1 beats class 2 left of the threshold: its colour, see-through
        # so the histogram shows under it.
        self.win_area = ax.fill(
            [], [], color=class_colour(1), alpha=0.35, lw=0, zorder=3, animated=True,
            label=("class 1 wins: area σ(z₁ − z₂)" if self.n_classes == 2
                   else "class 1 beats 2: area σ(z₁ − z₂)"),
        )[0]
        self.threshold_line = ax.axvline(
            0.0, color=class_colour(1), lw=2.2, zorder=5, animated=True, label="t = z₁ − z₂")
        # A plain Text a few points beside the line (an Annotation is laid out
        # anew every step; a Text is pasted from the shared sprite cache).
        gap = _LABEL_GAP_PT / 72
        self._label_transforms = {
            side: ax.get_xaxis_transform() + ScaledTranslation(
                sign * gap, 0, self.figure.dpi_scale_trans)
            for side, sign in (("left", 1), ("right", -1))
        }
        self.threshold_label = ax.text(
            0.0, 0.97, "", transform=self._label_transforms["left"], ha="left", va="top",
            fontsize=11, animated=True)
        ax.set_xlim(HIST_EDGES[0], HIST_EDGES[-1])
        ax.set_ylim(0.0, _DENSITY_TOP)
        ax.set_xlabel("noise difference ε₂ − ε₁")
        ax.set_ylabel("density")
        who = "wins" if self.n_classes == 2 else "beats class 2"
        ax.set_title(f"class 1 {who} when ε₂ − ε₁ < z₁ − z₂", fontsize=12)

    def _build_legends(self):
        # Under the panels: inside, a legend would sit on a bar or the
        # histogram at some setting.
        under = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.2), "fontsize": 10}
        self.legends = {
            "wins": self.ax_wins.legend(handles=[self.softmax_levels, self.whiskers], **under),
            "noise": self.ax_noise.legend(
                handles=[self.histogram, self.density_line, self.threshold_line,
                         self.win_area], ncols=2, **under),
        }

    def _observed(self):
        return [*self.sliders.values(), self.n_dropdown]

    def _on_draw_click(self, _button):
        self.draw_again()

    def close(self):
        """Close every widget and free the figure (see :meth:`Explorer.close`); drop the draws.

        Examples
        --------
        >>> from logitlab.widgets import RandomUtilityExplorer
        >>> ex = RandomUtilityExplorer(n=100)
        >>> ex.close()
        >>> ex.draw_button.click()  # no longer drives anything
        >>> ex.closed, ex.seed
        (True, 0)
        """
        super().close()
        # A button the caller still holds must not hold the explorer.
        self.draw_button.on_click(self._on_draw_click, remove=True)
        self._cache.clear()

    # -- public state ---------------------------------------------------
    @property
    def scores(self):
        """The scores in use, ``z[k-1]`` for class ``k`` (exact, even off the slider grid).

        Setting them (one per class, each in [-4, 4]) moves the sliders and
        renders one frame; the values stay exact as the constructor's do.
        """
        return np.array([self._value(name) for name in self.sliders])

    @scores.setter
    def scores(self, value):
        z = _scores_argument("RandomUtilityExplorer.scores", value, self.n_classes)
        # One frame for all the sliders; the values stay exact off the 0.1 grid.
        with self.hold():
            for k, v in enumerate(z):
                self._set_exact(f"z{k + 1}", v)

    @property
    def n(self):
        """The number of draws; setting it (one of :data:`N_CHOICES`) updates like the dropdown."""
        return self.n_dropdown.value

    @n.setter
    def n(self, value):
        self.n_dropdown.value = _n_argument("RandomUtilityExplorer.n", value)

    @property
    def seed(self):
        """The seed of the noise in use; setting it draws that noise and updates."""
        return self._seed

    @seed.setter
    def seed(self, value):
        self._seed = _seed_argument("RandomUtilityExplorer.seed", value)
        if not self._hold:
            self.update()

    @property
    def revealed(self):
        """Whether the shares are shown (read-only; see :meth:`reveal`).

        False for a fresh explorer: its status line and figure state the
        scores, the number of draws and the noise, but no share or
        probability, the answer to the prediction the lesson asks before it.
        True from the first change of a score, ``n`` or the seed, and never
        false again.
        """
        return self._revealed

    def reveal(self):
        """Show the shares, the softmax levels and the shaded area without changing anything."""
        if self._revealed or self.closed:
            return
        self._revealed = True
        self.update()

    def draw_again(self):
        """New noise: the next seed (``seed + 1``), so every run of a lesson sees the same."""
        if self.closed:
            return
        self.seed = self._seed + 1

    # -- updating -------------------------------------------------------
    def _draw_noise(self):
        """The (n, K) Gumbel draws for the current (seed, n, K), from the cache if there."""
        key = (self._seed, self.n, self.n_classes)
        noise = self._cache.get(key)
        if noise is None:
            noise = np.random.default_rng(self._seed).gumbel(size=key[1:])
            noise.flags.writeable = False  # shared by every state with this key
            self._cache[key] = noise
            self.n_noise_draws += 1
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return noise

    def _show_noise(self, noise):
        """Histogram of the new draws' difference; the axis grows to fit it."""
        self.noise = noise
        self.noise_difference = noise[:, 1] - noise[:, 0]
        counts, _ = np.histogram(self.noise_difference, bins=HIST_EDGES)
        density = counts / (len(noise) * np.diff(HIST_EDGES))
        self.histogram.set_data(density)
        self.ax_noise.set_ylim(0.0, max(_DENSITY_TOP, _HEADROOM * float(density.max())))
        # The histogram and the axis are part of the cached background.
        self.invalidate()

    def _refresh(self):
        z, n, K = self.scores, self.n, self.n_classes
        noise = self._draw_noise()
        if noise is not self.noise:
            self._show_noise(noise)
        self.winners = np.argmax(noise + z, axis=1)
        self.counts = np.bincount(self.winners, minlength=K)
        f = self.frequencies = self.counts / n
        p = self.probabilities = softmax(z)
        se = self.standard_errors = np.sqrt(p * (1.0 - p) / n)
        self.gaps = (f - p) / se
        self._revealed = self._revealed or (tuple(z), n, self._seed) != self._start
        self._show_revealed(self._revealed)
        self._show_wins(f, p, se)
        self._show_threshold(float(z[0] - z[1]))
        # Plain Unicode, not mathtext: redrawn on every slider step.
        for k, (text, v) in enumerate(zip(self.score_texts, z, strict=True)):
            text.set_text(f"z{_SUBSCRIPTS[k]} = {_num(v)}")
        self._set_status(self._status_html(f, p) if self._revealed else self._status_start())

    def _show_revealed(self, revealed):
        """Shares and areas once revealed; before, the prompt. Static parts redrawn on change."""
        for artist in (*self.bars, self.whiskers, self.softmax_levels, self.win_area):
            artist.set_visible(revealed)
        if revealed == self._shown_revealed:
            return
        self.prompt.set_visible(not revealed)
        self.legends["wins"].set_visible(revealed)
        # The shaded area's entry, last in the noise legend.
        legend = self.legends["noise"]
        legend.legend_handles[-1].set_visible(revealed)
        legend.get_texts()[-1].set_visible(revealed)
        self._shown_revealed = revealed
        self.invalidate()

    def _show_wins(self, f, p, se):
        """Bars at the shares, whiskers of ± 2 standard errors, softmax levels across the bars."""
        x = np.arange(1, self.n_classes + 1, dtype=float)
        for bar, height in zip(self.bars, f, strict=True):
            bar.set_height(height)
        gap = np.full(self.n_classes, np.nan)
        lo, hi = np.maximum(f - 2 * se, 0.0), np.minimum(f + 2 * se, 1.0)
        self.whiskers.set_data(np.column_stack([x, x, gap]).ravel(),
                               np.column_stack([lo, hi, gap]).ravel())
        self.softmax_levels.set_data(
            np.column_stack([x - _LEVEL_HALF, x + _LEVEL_HALF, gap]).ravel(),
            np.column_stack([p, p, gap]).ravel())

    def _show_threshold(self, t):
        """The line at t = z₁ − z₂, the density's area left of it shaded, and its label."""
        left = _T < t
        d = float(sigmoid(t) * sigmoid(-t))
        self.win_area.set_xy(np.column_stack([
            np.concatenate([[_T[0]], _T[left], [t, t]]),
            np.concatenate([[0.0], sigmoid(_T[left]) * sigmoid(-_T[left]), [d, 0.0]]),
        ]))
        self.threshold_line.set_xdata([t, t])
        right = t <= 0.0
        # Left-aligned on the line's right, or right-aligned on its left.
        align = "left" if right else "right"
        self.threshold_label.set_x(t)
        self.threshold_label.set_transform(self._label_transforms[align])
        self.threshold_label.set_horizontalalignment(align)
        # Short: a drag lays out a new label every step (the legend names t and the area).
        text = f"t = {_num(t)}"
        if self._revealed:
            text += f"\nσ(t) = {_area(float(sigmoid(t)))}"
        self.threshold_label.set_text(text)

    def _noise_summary(self):
        d = self.noise_difference
        return (f"ε₂ − ε₁: mean {_num(float(d.mean()))}, standard deviation "
                f"{float(d.std()):.2f} (logistic: 0, π/√3 = {np.pi / np.sqrt(3):.2f}).")

    def _status_start(self):
        """The set-up only: no share and no probability (the lesson's prediction comes first)."""
        scores = ", ".join(f"z{_SUBSCRIPTS[k]} = {_num(v)}" for k, v in enumerate(self.scores))
        return (f"{self.n:,} draws, seed {self.seed}; scores {scores}. What share of the draws "
                "does each class win? Predict, then move a score (or draw again) to see the "
                f"shares beside softmax(z). {self._noise_summary()}")

    def _status_html(self, f, p):
        classes = "; ".join(
            f"<b>class {k + 1}</b> won {100 * f[k]:.2f}%, softmax {100 * p[k]:.2f}% "
            f"({self.gaps[k]:+.1f} SE)".replace("-", "\N{MINUS SIGN}")
            for k in range(self.n_classes)
        )
        return (
            f"{self.n:,} draws, seed {self.seed}. {classes}. "
            f"SE = √(p(1 − p)/n) with p the softmax value. {self._noise_summary()}"
        )
