"""The shared machinery of every slider explorer.

An explorer owns one matplotlib figure, drawn once, and a set of ipywidgets
controls. A control change runs :meth:`Explorer.update`, which moves the
artists' data and calls :meth:`Explorer.render`. Rendering blits: the
static part of the figure (axes, ticks, labels, legend, contours) is drawn
once and cached as pixels; each update restores those pixels, redraws only
the artists that move, and sends the PNG bytes to an ``ipywidgets.Image``.
That path is several times cheaper than building a new figure per slider
step (the ``@interact`` pattern), and it needs no browser: the state can be
driven by setting ``slider.value`` and read from the artists.

Three caches keep a step within the kernel's budget of 8 ms (issue 20): a
moving text is rendered once per look and pasted as pixels afterwards
(:class:`_TextSprites`), the canvas keeps the glyphs it has rasterised
(:class:`_Canvas`), and the PNG is written with no row filter at zlib level
1, its two halves deflated at once (:func:`_png_bytes`).

The displayed widget follows a small DOM contract that the browser tests
rely on: the root box has the CSS classes ``logitlab-explorer`` and
``logitlab-<kind>``, the plot sits in a box of class ``logitlab-plot`` and
the status line has class ``logitlab-status``.

ipywidgets keeps every widget alive in a registry until it is closed, and an
explorer's widgets hold the explorer (through their observers) and so its
figure: an explorer that is not closed is never freed. :meth:`Explorer.close`
closes every widget it made, layouts and styles included, and drops the
figure; ``with SomeExplorer() as ex:`` closes it at the end of the block.

For readers without a kernel (GitHub, nbviewer), :meth:`Explorer.snapshot`
stores a still of the plot and :meth:`Explorer.animate` writes an animated
PNG of a slider sweep, rendered by the same path as the live plot.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import numbers
import os
import pathlib
import struct
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import ipywidgets as widgets
import matplotlib
import numpy as np
from IPython import get_ipython
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from PIL import Image as PILImage

from .._validation import as_real_array
from ..palette import PALETTE
from . import _text_layout

__all__ = ["Explorer", "PALETTE", "format_number"]

# Readable when projected in a classroom: larger text than matplotlib's default.
_RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 12,
    "legend.fontsize": 10,
    "lines.linewidth": 2.2,
    "axes.grid": True,
    "grid.alpha": 0.3,
}

# The status line wraps inside the plot's width and keeps its text off the
# output area's right edge, where the notebook panel's scrollbar sits.
_STATUS_STYLE = (
    "white-space:normal;overflow-wrap:anywhere;max-width:100%;"
    "padding-right:16px;box-sizing:border-box"
)

# zlib level 1 and no PNG row filter: a frame lives for one slider step. The
# PNG is about as small as Pillow's at level 1 (50 kB for the CurveExplorer),
# but Pillow tries every row filter on every row: 6.5 ms a frame against
# 3 ms here (profile of 80 CurveExplorer steps, issue 20).
_PNG_COMPRESS_LEVEL = 1
# Texts pasted from the sprite cache: an explorer's texts take at most a few
# hundred looks in a session, each a few kB of pixels.
_SPRITE_CACHE_SIZE = 256

# The budget for one stored animation: the notebooks folder must stay
# under 10 MB with one animation beside each explorer.
_ANIMATION_MAX_BYTES = 600_000
# The shared palette is computed from at most this many frames (evenly
# spaced, first and last included): counting the colours of every frame of a
# long sweep costs seconds and memory, and a sweep's colours change little
# from frame to frame. The other frames map to the palette's nearest colours.
_PALETTE_FRAMES = 8


# Above this size a fixed-point number in a status line or label is a wall of
# digits (1e308 has 309); it is written in the general format instead.
_FIXED_POINT_LIMIT = 1e6


def format_number(value, decimals=2, *, minus="\N{MINUS SIGN}"):
    """`value` for a status line or label: fixed point, or general format when huge or tiny.

    Fixed point with `decimals` decimals for moderate values (what a reader
    compares at a glance); from 1e6 up, and for non-zero values that fixed
    point would show as zero, the general format with ``decimals + 1``
    significant digits, so ``1e308`` reads ``1e+308``, not 309 digits.
    Negative values get `minus` (the true minus sign by default, as the tick
    labels have; pass ``"-"`` for HTML copied into code).

    Parameters
    ----------
    value : real number
        The number to write; NaN and infinities are written ``nan``, ``inf``.
    decimals : int, optional
        Decimals of the fixed-point form (default 2).
    minus : str, optional
        The minus sign.

    Returns
    -------
    str

    Examples
    --------
    >>> from logitlab.widgets._base import format_number
    >>> format_number(-1.5), format_number(0.62245933, 4)
    ('−1.50', '0.6225')
    >>> format_number(1e308), format_number(-2.5e7, minus="-"), format_number(3e-9)
    ('1e+308', '-2.5e+07', '3e-09')
    >>> format_number(float("-inf")), format_number(0.0)
    ('−inf', '0.00')
    """
    v = float(value)
    tiny = v != 0 and abs(v) < 0.5 * 10.0 ** -decimals
    if math.isfinite(v) and abs(v) < _FIXED_POINT_LIMIT and not tiny:
        text = f"{v:.{decimals}f}"
    else:
        text = f"{v:.{decimals + 1}g}"
    return text.replace("-", minus) if text.startswith("-") else text


class Explorer:
    """Base class: one figure updated in place, controls, a status line.

    Subclasses implement :meth:`_build` (create axes, static artists, the
    moving artists with ``animated=True``, and the controls) and
    :meth:`_refresh` (recompute the moving artists' data and the status
    text from the controls' values). Everything else, from observing the
    controls to delivering PNG bytes, lives here.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The one figure, reused for the explorer's lifetime.
    sliders : dict of str to ipywidgets.widget
        The sliders, by name. Setting ``.value`` updates the plot at once.
    image : ipywidgets.Image
        The rendered plot.
    status : ipywidgets.HTML
        The live readout under the plot.
    n_renders : int
        How many times the plot has been rendered (for tests).
    closed : bool
        True after :meth:`close`.
    """

    #: CSS suffix for the root box: ``logitlab-<kind>``.
    kind = "explorer"
    figsize = (7.2, 3.8)
    dpi = 100
    #: Attributes besides the sliders that a sweep may change and that
    #: :meth:`animate` puts back (those the explorer has): whether it has
    #: shown its answer. A CurveExplorer reveals the matching β once the
    #: curves meet; an animation made for static readers must not reveal it
    #: to the learner using the live explorer.
    _animate_keeps = ("revealed", "_revealed")

    def __init__(self):
        self.sliders: dict = {}
        self.n_renders = 0
        self._background = None
        self._background_key = None
        self._backgrounds = {}
        self._animated = []
        self._hold = 0
        self._update_pending = False
        self.closed = False
        width = f"{self.figsize[0] * self.dpi:.0f}px"
        with matplotlib.rc_context(_RC):
            self.figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            _Canvas(self.figure)
            self._sprites = _TextSprites(self.figure)
            self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
            # No width: the box stretches it; 100% plus the widget margin would overflow.
            self.status = widgets.HTML(layout=widgets.Layout(max_width=width))
            self.status.add_class("logitlab-status")
            controls = self._build()
            # Fix the layout once: the blit cache assumes axes never move.
            self.figure.canvas.draw()
            self.figure.set_layout_engine("none")
        self.widget = self._assemble(controls)
        for name, slider in self.sliders.items():
            # Named in the error a non-finite value set from code raises.
            slider._logitlab_owner = type(self).__name__
            slider._logitlab_name = name
        for control in self._observed():
            control.observe(self._on_change, names="value")
        self.update()

    # -- subclass hooks -------------------------------------------------
    def _build(self):
        """Create axes, artists and sliders; return the extra controls to lay out."""
        raise NotImplementedError

    def _refresh(self):
        """Move the animated artists and set the status text from the controls."""
        raise NotImplementedError

    def _observed(self):
        """Controls whose change triggers an update (default: all sliders)."""
        return list(self.sliders.values())

    # -- layout and display ---------------------------------------------
    def _assemble(self, controls):
        left = widgets.VBox(list(self.sliders.values()) + list(controls or []))
        plot = widgets.Box([self.image])
        plot.add_class("logitlab-plot")
        root = widgets.VBox([left, plot, self.status])
        root.add_class("logitlab-explorer")
        root.add_class(f"logitlab-{self.kind}")
        return root

    def _repr_mimebundle_(self, **kwargs):
        if self.closed:
            return {"text/plain": f"<closed {type(self).__name__}>"}
        return self.widget._repr_mimebundle_(**kwargs)

    def _set_status(self, html):
        """Show `html` as the status line, wrapped to the plot's width."""
        self.status.value = f'<div style="{_STATUS_STYLE}">{html}</div>'

    # -- closing --------------------------------------------------------
    def _widgets(self):
        """Every widget this explorer made: the tree under the root, layouts, styles."""
        seen, todo = {}, [self.widget]
        while todo:
            w = todo.pop()
            if not isinstance(w, widgets.Widget) or id(w) in seen:
                continue
            seen[id(w)] = w
            todo.extend(getattr(w, "children", ()))
            todo.extend(getattr(w, name, None) for name in ("layout", "style"))
        return list(seen.values())

    def close(self):
        """Close every widget of the explorer and free its figure.

        The sliders stop driving the explorer, the views in the notebook
        disappear, and once nothing else refers to the explorer, Python frees
        it with its figure (ipywidgets' registry no longer holds it). Calling
        it again does nothing.

        Examples
        --------
        >>> from logitlab.widgets import CurveExplorer
        >>> ex = CurveExplorer()
        >>> ex.close()
        >>> ex.close()  # a second call is harmless
        >>> n = ex.n_renders
        >>> ex.sliders["beta"].value = 3.0  # no longer drives anything
        >>> ex.closed, ex.n_renders == n
        (True, True)

        In a notebook cell that only computes with an explorer:

        >>> with CurveExplorer() as check:
        ...     check.snap()
        ...     print(check.matches)
        True
        >>> check.closed
        True
        """
        if self.closed:
            return
        self.closed = True
        for control in self._observed():
            control.unobserve(self._on_change, names="value")
        for slider in self.sliders.values():
            # A slider the caller still holds must not hold the explorer.
            vars(slider).pop("_logitlab_on_code_set", None)
        for w in self._widgets():
            w.close()
        self.invalidate()
        self._animated = []
        self._sprites = _TextSprites(self.figure)
        self.figure.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- updating -------------------------------------------------------
    def _on_change(self, change):
        if self._hold or self.closed:
            return
        # ipywidgets holds the browser's values in _property_lock while it
        # applies them; a value set from code renders at once, as callers
        # and tests expect.
        if "value" in getattr(change["owner"], "_property_lock", {}) and self._defer_update():
            return
        self.update()

    def _defer_update(self):
        """Render once the kernel has answered the browser's message; False if it cannot.

        During a drag the browser sends a slider's next value only when the
        kernel is idle again (ipywidgets allows one message in flight).
        Rendering inside the message handler kept the kernel busy for the
        whole frame, so each frame also waited for the message round trip:
        47 frames in the benchmark's drag of 60 moves (issue 20). Scheduled on the
        kernel's event loop, the render overlaps the next value's trip, and
        values that arrive before it runs are drawn once, as the latest.
        """
        if self._update_pending:
            return True
        loop = _kernel_loop()
        if loop is None:  # a script or a test applying browser values: render now
            return False
        self._update_pending = True
        loop.call_soon(self._deferred_update)
        return True

    def _deferred_update(self):
        self._update_pending = False
        self.update()

    @contextlib.contextmanager
    def hold(self):
        """Change several controls, render once at the end.

        Examples
        --------
        ``with explorer.hold(): explorer.sliders["beta1"].value = 2;
        explorer.sliders["beta2"].value = 0`` renders one frame, not two.
        The frame is rendered even when the block raises, so the plot always
        shows the sliders' values.
        """
        self._hold += 1
        try:
            yield self
        finally:
            self._hold -= 1
            if not self._hold and not self.closed:
                self.update()

    def update(self):
        """Recompute the moving artists from the controls and re-render."""
        if self.closed:
            return
        self._refresh()
        self.render()

    def invalidate(self):
        """Forget the cached backgrounds (after a change to static artists)."""
        self._background = None
        self._backgrounds.clear()

    def _show_background(self, key):
        """Use the background drawn for the static state `key`, drawing it on first use.

        A legend that changes with a slider (a label, an entry shown or
        hidden) is static: a change redraws the whole figure, ten times a
        step's cost. A slider moved back and forth across such a change (the
        CurveExplorer's β across β₁) would redraw it every step; with one
        background kept per state, each state is drawn once. `key` must
        name everything static that differs between the states.
        """
        if key == self._background_key:
            return
        if self._background is not None:
            self._backgrounds[self._background_key] = self._background
        self._background = self._backgrounds.get(key)
        self._background_key = key

    def render(self):
        """Blit the animated artists over the cached background; update the image."""
        canvas = self.figure.canvas
        if self._background is None:
            canvas.draw()  # draws everything except animated artists
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            # Walking the artist tree costs about 1 ms: do it only when the
            # background is redrawn, not on every slider step.
            self._animated = [a for a in self.figure.findobj() if a.get_animated()]
        else:
            canvas.restore_region(self._background)
        for artist in self._animated:
            if not artist.get_visible():
                continue
            if isinstance(artist, Text) and not isinstance(artist, Annotation):
                self._sprites.draw(artist)
            else:
                self.figure.draw_artist(artist)
        self.image.value = self._png_from_canvas()
        self.n_renders += 1

    def _png_from_canvas(self):
        return _png_bytes(np.asarray(self.figure.canvas.buffer_rgba()))

    def png(self) -> bytes:
        """The PNG bytes currently shown."""
        # ipywidgets hands back a memoryview of its buffer; callers want bytes.
        return bytes(self.image.value)

    def snapshot(self):
        """A static image of the current state, for readers without a live kernel.

        Returns an ``IPython.display.Image``: a notebook cell ending in
        ``explorer.snapshot()`` stores a plain PNG output that GitHub and
        nbviewer show even though they cannot run the widget.
        """
        from IPython.display import Image

        return Image(data=self.png(), format="png")

    # -- animation ------------------------------------------------------
    def animate(self, path, slider, values=None, *, duration=100, hold_first=1000,
                hold_last=1500, scale=1.0, colors=256, max_bytes=_ANIMATION_MAX_BYTES):
        """Write an animated PNG of a slider sweep, for readers without a kernel.

        On GitHub and nbviewer the sliders cannot move; an animated PNG
        (APNG), which browsers and static viewers play, shows the sweep
        instead. Each frame is the plot exactly as the explorer renders it
        with the slider at that value (what a learner dragging the slider
        sees), optionally downscaled and reduced to a palette shared by all
        frames. Afterwards every slider is back at its value before the call,
        exact values set from code included, and the plot and status line
        are as before: a sweep that passes the answer (the β where the
        curves meet) does not count as the learner finding it. The browser
        is sent only that final state, so a displayed explorer does not
        flicker through the sweep.

        Parameters
        ----------
        path : str or os.PathLike
            Where to write; must end in ``.png``. Missing parent directories
            are created. The same call on the same explorer state writes the
            same bytes, so re-executing a notebook does not change the file.
        slider : str, or dict or sequence of (str, values) pairs
            The name of the slider to move (see :attr:`sliders`), with
            `values`; or several sliders moved together, each with its own
            values (all of the same length), ``values`` left out.
        values : sequence of float
            The slider's value in each frame, at least 2, finite, within the
            slider's range (whole numbers for an integer slider).
        duration : int, optional
            How long each frame shows, in milliseconds (20 to 60000).
        hold_first : int, optional
            How long the first frame shows, in milliseconds (20 to 60000):
            a second by default, so the start of the story can be read, and
            it is what a viewer that shows only the first frame shows.
        hold_last : int, optional
            How long the last frame shows before the loop starts again, in
            milliseconds (20 to 60000): a pause on the sweep's end.
        scale : float, optional
            Downscale factor in (0, 1]. The default 1.0 keeps the figure's
            size, so its text stays at least 10 pt as in the live explorer;
            a smaller scale makes the file smaller and the text too.
        colors : int or None, optional
            Size of the palette shared by all frames (2 to 256), computed
            from the frames themselves; no dithering, so lines and text stay
            crisp. ``None`` keeps full colour (several times larger).
        max_bytes : int or None, optional
            Refuse to write a larger file (default 600 000, the lessons'
            budget per animation): the error gives the size and what to
            change. ``None``: no limit.

        Returns
        -------
        pathlib.Path
            The file written. A lesson shows it with a Markdown image,
            ``![...](figures/name.png)``; end the cell with ``;`` so the
            path is not stored as an output.

        Raises
        ------
        ValueError
            Unknown slider, bad values, a path not ending in ``.png``, a
            file over `max_bytes`, a sweep that does not change the plot, a
            closed explorer, or a call inside :meth:`hold` (whose frames
            would not render).

        Notes
        -----
        Consecutive frames that are pixel for pixel the same are stored
        once, their durations added, so such a sweep gives fewer frames than
        values. The first frame is the image that viewers without APNG
        support show. An explorer keeps its axes' limits fixed while a
        slider moves (the tests check it for every explorer), so the frames
        show the sweep against one fixed frame of reference.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from PIL import Image
        >>> from logitlab.widgets import CurveExplorer
        >>> ex = CurveExplorer()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     out = ex.animate(pathlib.Path(tmp) / "figures" / "beta.png", "beta",
        ...                      [1.0, 1.25, 1.5, 1.75, 2.0], duration=200)
        ...     with Image.open(out) as im:
        ...         print(out.name, im.n_frames, im.is_animated, im.info["duration"])
        ...     print(out.stat().st_size < 600_000)
        beta.png 5 True 1000.0
        True
        >>> ex.sliders["beta"].value  # put back
        1.0
        >>> ex.animate("beta.gif", "beta", [1.0, 2.0])
        Traceback (most recent call last):
        ...
        ValueError: CurveExplorer.animate(): path must end in .png (an animated PNG), got 'beta.gif'
        >>> ex.animate("beta.png", "b", [1.0, 2.0])
        Traceback (most recent call last):
        ...
        ValueError: CurveExplorer.animate(): no slider 'b'; the sliders are 'beta', 'beta1', ...
        """
        func = f"{type(self).__name__}.animate"
        if self.closed:
            raise ValueError(f"{func}(): the explorer is closed")
        if self._hold:
            raise ValueError(f"{func}(): cannot run inside hold(), where no frame renders")
        path = self._animation_path(func, path)
        tracks = self._animation_tracks(func, slider, values)
        durations = [_milliseconds(func, "duration", duration)] * len(tracks[0][1])
        durations[0] = _milliseconds(func, "hold_first", hold_first)
        durations[-1] = _milliseconds(func, "hold_last", hold_last)
        _check_animation_options(func, scale, colors, max_bytes)
        frames = [_scaled(f, scale) for f in self._sweep_frames(tracks)]
        if colors is not None:
            frames = _shared_palette(frames, int(colors))
        first = frames[0].tobytes()
        if all(f.tobytes() == first for f in frames[1:]):
            # The encoder would write a still PNG: say so rather than pass it off.
            names = ", ".join(repr(name) for name, _ in tracks)
            raise ValueError(
                f"{func}(): the plot is the same at every value of {names} (only the "
                "status line may change); nothing to animate, nothing written"
            )
        data = _apng_bytes(frames, durations)
        if max_bytes is not None and len(data) > max_bytes:
            fewer = "a palette (colors=256)" if colors is None else f"fewer colors (now {colors})"
            raise ValueError(
                f"{func}(): the animation would take {len(data):,} bytes, over max_bytes = "
                f"{max_bytes:,}; nothing written. Use fewer values (now {len(frames)}), "
                f"{fewer} or a smaller scale (now {scale:g})"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def _animation_path(self, func, path):
        try:
            path = pathlib.Path(os.fspath(path))
        except TypeError:
            raise TypeError(
                f"{func}(): path must be a str or a path, got {type(path).__name__}"
            ) from None
        if path.suffix.lower() != ".png":
            raise ValueError(
                f"{func}(): path must end in .png (an animated PNG), got {os.fspath(path)!r}"
            )
        return path

    def _animation_tracks(self, func, slider, values):
        """The (name, values) pairs to sweep, checked: same length, in each slider's range."""
        if isinstance(slider, str):
            if values is None:
                raise TypeError(f"{func}(): give the values of the {slider!r} slider, e.g. "
                                f"animate(path, {slider!r}, np.linspace(lo, hi, 25))")
            pairs = [(slider, values)]
        elif values is not None:
            raise TypeError(f"{func}(): with several sliders give each its values, "
                            "{name: values, ...}, and leave values out")
        else:
            try:
                pairs = list(slider.items() if isinstance(slider, Mapping) else slider)
                pairs = [(name, vals) for name, vals in pairs]
            except (TypeError, ValueError):
                raise TypeError(
                    f"{func}(): slider must be a slider's name, or a dict or sequence of "
                    f"(name, values) pairs, got {slider!r}"
                ) from None
            if not pairs:
                raise ValueError(f"{func}(): no slider to move")
        known = ", ".join(repr(n) for n in self.sliders)
        tracks, seen = [], set()
        for name, vals in pairs:
            if not isinstance(name, str) or name not in self.sliders:
                raise ValueError(f"{func}(): no slider {name!r}; the sliders are {known}")
            if name in seen:
                raise ValueError(f"{func}(): the {name!r} slider is given twice")
            seen.add(name)
            tracks.append((name, self._animation_values(func, name, vals)))
        lengths = {len(v) for _, v in tracks}
        if len(lengths) > 1:
            counts = ", ".join(f"{name!r}: {len(v)}" for name, v in tracks)
            raise ValueError(f"{func}(): the sliders need the same number of values, got {counts}")
        return tracks

    def _animation_values(self, func, name, values):
        arr = as_real_array(values, func, f"values of {name!r}")
        if arr.ndim != 1:
            raise ValueError(
                f"{func}(): the values of {name!r} must be a flat sequence, got shape {arr.shape}"
            )
        if arr.size < 2:
            raise ValueError(
                f"{func}(): an animation needs at least 2 values of {name!r}, got {arr.size}"
            )
        bad = np.flatnonzero(~np.isfinite(arr))
        if bad.size:
            i = int(bad[0])
            raise ValueError(f"{func}(): the values of {name!r} must be finite numbers, "
                             f"got {float(arr[i])!r} at index {i}")
        s = self.sliders[name]
        if isinstance(s, widgets.FloatLogSlider):
            # min and max are exponents of base: the values span base**min to base**max.
            lo, hi = float(s.base) ** s.min, float(s.base) ** s.max
        else:
            lo, hi = float(s.min), float(s.max)
        # ipywidgets would clamp a value outside the range silently.
        out = np.flatnonzero((arr < lo) | (arr > hi))
        if out.size:
            i = int(out[0])
            raise ValueError(f"{func}(): the values of {name!r} must lie in the slider's range "
                             f"[{lo:g}, {hi:g}], got {float(arr[i])!r} at index {i}")
        if isinstance(s, widgets.IntSlider):
            # CInt would truncate 2.5 to 2 without a word.
            frac = np.flatnonzero(arr != np.round(arr))
            if frac.size:
                i = int(frac[0])
                raise ValueError(f"{func}(): the {name!r} slider takes whole numbers, "
                                 f"got {float(arr[i])!r} at index {i}")
            return [int(v) for v in arr]
        return [float(v) for v in arr]

    def _sweep_frames(self, tracks):
        """Render each frame of the sweep as RGB images; put every slider and state back."""
        saved = {name: s.value for name, s in self.sliders.items()}
        exact = dict(getattr(self, "_exact", {}))
        kept = {k: vars(self)[k] for k in self._animate_keeps if k in vars(self)}
        synced = [*self.sliders.values(), self.image, self.status]
        frames = []
        with contextlib.ExitStack() as stack:
            # The browser gets only the state at the end: the restored one.
            for w in synced:
                stack.enter_context(w.hold_sync())
            try:
                for i in range(len(tracks[0][1])):
                    # hold() renders once per frame, also when no value changed.
                    with self.hold():
                        for name, vals in tracks:
                            self.sliders[name].value = vals[i]
                    with PILImage.open(io.BytesIO(self.png())) as im:
                        frames.append(im.convert("RGB"))
            finally:
                with self.hold():
                    for name, value in saved.items():
                        self.sliders[name].value = value
                    # After the values: setting a value drops its exact pin.
                    if exact:
                        self._exact.clear()
                        self._exact.update(exact)
                    vars(self).update(kept)
        return frames


def _kernel_loop():
    """The running event loop of the IPython kernel this code runs in, or None.

    Only a kernel's loop goes on to its next task as soon as the message
    handler returns. Elsewhere a loop may be running without ever getting
    back to a callback (Playwright's synchronous API keeps one running in
    the main thread), so outside a kernel nothing is deferred.
    """
    shell = get_ipython()
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _png_bytes(rgba):
    """A PNG of the RGB channels of an (h, w, 4) uint8 array: no row filter, zlib level 1."""
    h, w = rgba.shape[:2]
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB, not interlaced
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"IDAT", _zlib_in_halves(rgba)),
        _png_chunk(b"IEND", b""),
    ])


_DEFLATE_POOL = None


def _forget_deflate_pool():
    """Drop the pool in a forked child: its worker thread did not survive the fork."""
    global _DEFLATE_POOL
    _DEFLATE_POOL = None


# A child forked after a render (multiprocessing's fork start method,
# mutmut's workers) would otherwise submit to a pool whose thread is gone
# and wait for ever.
os.register_at_fork(after_in_child=_forget_deflate_pool)


def _zlib_in_halves(rgba):
    """zlib stream of the PNG rows of `rgba`, its two halves packed and deflated at once.

    zlib and numpy's copy let go of the GIL, so each half is packed into
    PNG rows (filter byte, RGB), deflated and checksummed in its own thread
    (1.85 -> 1.1 ms a frame on two cores; packing and Adler-32 moved into
    the threads too, the same bytes: 4.0 -> 2.8 ms for PathExplorer's
    960 x 520 frame, 2.5 -> 1.7 ms for CurveExplorer's). The first half
    ends in a full flush, so the second half's raw deflate stream follows it
    as one valid stream: one zlib header, one Adler-32 of the whole.
    """
    global _DEFLATE_POOL
    if _DEFLATE_POOL is None:
        _DEFLATE_POOL = ThreadPoolExecutor(1, thread_name_prefix="logitlab-png")
    half = len(rgba) // 2
    second = _DEFLATE_POOL.submit(_deflate, rgba[half:], zlib.Z_FINISH)
    first, adler_first, _ = _deflate(rgba[:half], zlib.Z_FULL_FLUSH)
    last, adler_last, n_last = second.result()
    adler = _adler32_concat(adler_first, adler_last, n_last)
    # 0x78 0x01: deflate with a 32 kB window, the fastest level's flag.
    return b"".join([b"\x78\x01", first, last, struct.pack(">I", adler)])


def _adler32_concat(first, second, n_second):
    """Adler-32 of two byte strings joined, from each one's and the second's length.

    Adler-32 is (A, B) with A = 1 + the byte sum and B = the sum of the A's
    after each byte, both mod 65521: joining adds the second's byte sum to A
    and, to B, its B plus (A_first - 1) once per byte of the second.

    Examples
    --------
    >>> import zlib
    >>> a, b = bytes([255]) * 70000, bytes(range(256)) * 300
    >>> _adler32_concat(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)
    True
    """
    base = 65521
    a1, b1 = first & 0xFFFF, first >> 16
    a2, b2 = second & 0xFFFF, second >> 16
    a = (a1 + a2 - 1) % base
    b = (b1 + b2 + n_second * (a1 - 1)) % base
    return (b << 16) | a


def _deflate(rgba, flush):
    """(raw deflate stream, Adler-32, length) of the PNG rows of `rgba`'s RGB channels."""
    h, w = rgba.shape[:2]
    rows = np.empty((h, 1 + 3 * w), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" on every row
    rgb = rows[:, 1:].reshape(h, w, 3)
    # Channel by channel: 4x faster than copying rgba[..., :3] in one go.
    for channel in range(3):
        rgb[..., channel] = rgba[..., channel]
    packer = zlib.compressobj(_PNG_COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return packer.compress(rows) + packer.flush(flush), zlib.adler32(rows), rows.size


def _png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


class _Canvas(FigureCanvasAgg):
    """An Agg canvas whose renderer keeps the glyph bitmaps it has rasterised."""

    def get_renderer(self):
        renderer = super().get_renderer()
        if "_logitlab_glyphs" not in vars(renderer):
            _cache_glyphs(renderer)
            _text_layout.install(renderer)
        return renderer


# Glyphs are cached at a quarter-pixel position grid (FreeType positions them
# in 64ths): a text that moves by a fraction of a pixel reuses its glyphs,
# at most an eighth of a pixel from where matplotlib would draw them.
_GLYPH_PHASE = 16
_GLYPH_CACHE_SIZE = 4096


def _cache_glyphs(renderer):
    """Make `renderer` rasterise each glyph once per font, size and quarter-pixel phase.

    matplotlib 3.11 draws text glyph by glyph, asking FreeType to rasterise
    each one every time (about 40 us a glyph); a slider step's new number
    reuses the digits of the last one. Only upright, antialiased glyphs are
    cached; anything else (and a matplotlib without this drawing method)
    keeps matplotlib's own path.
    """
    original = getattr(renderer, "_draw_text_glyphs_and_boxes", None)
    renderer._logitlab_glyphs = OrderedDict()
    if original is None:
        return

    def draw(gc, x, y, angle, glyphs, boxes):
        if angle or not gc.get_antialiased():
            return original(gc, x, y, angle, glyphs, boxes)
        for font, size, index, slant, extend, dx, dy in glyphs:
            # As matplotlib positions them, in FreeType's 64ths (y upwards).
            gx = round(0x40 * (x + dx))
            gy = round(0x40 * (renderer.height - y + dy))
            bitmap, left, top = _glyph(renderer, font, size, index, slant, extend,
                                       gx % 0x40 // _GLYPH_PHASE * _GLYPH_PHASE,
                                       gy % 0x40 // _GLYPH_PHASE * _GLYPH_PHASE)
            if bitmap.size:
                renderer._renderer.draw_text_image(
                    bitmap, (gx >> 6) + left,
                    int(renderer.height) - (gy >> 6) - top + bitmap.shape[0], 0, gc)
        if boxes:
            original(gc, x, y, angle, (), boxes)

    renderer._draw_text_glyphs_and_boxes = draw


def _glyph(renderer, font, size, index, slant, extend, phase_x, phase_y):
    """(bitmap, left, top) of one glyph drawn at (phase_x, phase_y) 64ths past a pixel."""
    cache = renderer._logitlab_glyphs
    key = (font.fname, size, renderer.dpi, index, slant, extend, phase_x, phase_y)
    found = cache.get(key)
    if found is None:
        font.set_size(size, renderer.dpi)
        font._set_transform(
            (0x10000 * np.array([[extend, extend * slant], [0, 1]])).round().astype(int),
            [phase_x, phase_y],
        )
        bitmap = font._render_glyph(index, backend_agg.get_hinting_flag(),
                                    backend_agg.RenderMode.NORMAL)
        found = cache[key] = (np.array(bitmap.buffer), bitmap.left, bitmap.top)
        if len(cache) > _GLYPH_CACHE_SIZE:
            cache.popitem(last=False)
    return found


class _TextSprites:
    """Animated texts pasted as cached pixels: each look is rendered once.

    Laying out and rasterising one text costs 1 to 3 ms in matplotlib 3.11
    (glyph by glyph, about 70 us a glyph), and a halo drawn as a path effect
    draws the text a second time as paths: in a profile of a CurveExplorer
    step the texts took 9 of 19 ms, though most of them had not changed.
    Here a text is rendered alone on a transparent canvas the first time it
    has a given look (string, font, colour, alignment, box, halo), cropped,
    and from then on pasted at its anchor with alpha blending, in 20-50 us.
    A halo (``patheffects.withStroke``) is made by widening the glyphs'
    coverage by the stroke's half width (a maximum filter) instead of
    stroking their outlines: the same white rim at a tenth of the cost.

    A pasted text can sit up to half a pixel from where matplotlib would put
    it (the sprite is placed at the anchor's nearest pixel); a text clipped
    to a path, which a sprite cannot follow, is drawn by matplotlib.
    """

    def __init__(self, figure):
        self._figure = figure
        self._cache = OrderedDict()

    def draw(self, text):
        """Paste `text` onto the figure's canvas, rendering it first if its look is new."""
        if text.get_clip_on() and text.get_clip_path() is not None:
            self._figure.draw_artist(text)
            return
        anchor = text.get_transform().transform(text.get_unitless_position())
        if not np.all(np.isfinite(anchor)) or not text.get_text():
            return
        ax, ay = (int(round(v)) for v in anchor)
        key = _text_key(text)
        sprite = self._cache.pop(key, None)
        if sprite is None:
            sprite = self._render(text, ax, ay)
        self._cache[key] = sprite
        if len(self._cache) > _SPRITE_CACHE_SIZE:
            self._cache.popitem(last=False)
        if sprite is not None:
            self._paste(text, sprite, ax, ay)

    def _render(self, text, ax, ay):
        """(pixels, row and column offsets from the anchor) of `text` alone, or None.

        The text is drawn by matplotlib on the figure's own canvas, into a
        region cleared to transparent and put back afterwards: that canvas
        already holds the text's measurements and glyphs.
        """
        renderer = self._figure.canvas.get_renderer()
        buffer = np.asarray(renderer.buffer_rgba())
        height, width = buffer.shape[:2]
        halo = _halo_of(text, self._figure.dpi)
        pad = 4 + (0 if halo is None else int(math.ceil(halo[0])))
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            text.update_bbox_position_size(renderer)
            box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        r0 = max(0, height - math.ceil(box.y1) - pad)
        r1 = min(height, height - math.floor(box.y0) + pad)
        c0, c1 = max(0, math.floor(box.x0) - pad), min(width, math.ceil(box.x1) + pad)
        if r1 <= r0 or c1 <= c0:
            return None
        region = buffer[r0:r1, c0:c1]
        saved = region.copy()
        region[...] = (255, 255, 255, 0)
        effects = text.get_path_effects()
        try:
            if halo is not None:
                text.set_path_effects([])
            text.draw(renderer)
        finally:
            if halo is not None:
                text.set_path_effects(effects)
            pixels = region.copy()
            region[...] = saved
        if halo is not None:
            pixels = _with_halo(pixels, *halo)
        rows = np.flatnonzero(pixels[..., 3].any(axis=1))
        if not rows.size:
            return None
        cols = np.flatnonzero(pixels[..., 3].any(axis=0))
        pixels = pixels[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].copy()
        # Buffer rows run downwards from the top; display y runs upwards.
        return pixels, int(r0 + rows[0]) - (height - ay), int(c0 + cols[0]) - ax

    def _paste(self, text, sprite, ax, ay):
        """Blend `sprite` onto the canvas at anchor (`ax`, `ay`), inside the text's clip box."""
        pixels, dr, dc = sprite
        renderer = self._figure.canvas.get_renderer()
        gc = renderer.new_gc()
        try:
            if text.get_clip_on() and text.get_clip_box() is not None:
                gc.set_clip_rectangle(text.get_clip_box())
            # Agg blends straight RGBA in C: 16 us for a value label against
            # 90 us for the same blend in numpy (issue 20). Its images are
            # placed by their lower-left corner and run bottom row first.
            renderer.draw_image(gc, ax + dc, ay - dr - pixels.shape[0], pixels[::-1])
        finally:
            gc.restore()


def _text_key(text):
    """Everything that decides how `text` looks, apart from where it is."""
    patch = text.get_bbox_patch()
    box = None if patch is None else (
        str(patch.get_boxstyle()), patch.get_facecolor(), patch.get_edgecolor(),
        patch.get_linewidth(), patch.get_linestyle(), patch.get_mutation_scale(),
        patch.get_visible(),
    )
    effects = tuple(
        (type(pe).__name__, repr(sorted(vars(pe).items(), key=lambda kv: kv[0])))
        for pe in text.get_path_effects()
    )
    return (
        text.get_text(), text.get_fontproperties(), str(text.get_color()), text.get_alpha(),
        text.get_horizontalalignment(), text.get_verticalalignment(),
        text._multialignment, text.get_rotation(), text.get_rotation_mode(),
        text.get_linespacing(), text.get_usetex(), text.get_parse_math(),
        text.get_antialiased(), text.get_wrap(), box, effects,
    )


def _halo_of(text, dpi):
    """(radius in pixels, RGB in 0-1) of a plain ``withStroke`` halo on `text`, else None."""
    effects = text.get_path_effects()
    if len(effects) != 1 or type(effects[0]).__name__ != "withStroke":
        return None
    settings = dict(getattr(effects[0], "_gc", {}))
    if tuple(getattr(effects[0], "_offset", (0, 0))) != (0, 0) or set(settings) - {
        "linewidth", "foreground"
    }:
        return None
    radius = 0.5 * float(settings.get("linewidth", 1.0)) * dpi / 72
    return radius, matplotlib.colors.to_rgb(settings.get("foreground", "white"))


def _with_halo(pixels, radius, colour):
    """`pixels` (straight RGBA) over their coverage widened by `radius` in `colour`."""
    alpha = pixels[..., 3].astype(np.float32) / 255
    # A square maximum filter, rows then columns: at a radius of 2 to 3
    # pixels it is the disc a stroke makes but for its faint corners.
    halo = alpha.copy()
    for axis in (0, 1):
        spread = halo.copy()
        for shift in range(1, max(1, round(radius)) + 1):
            ahead = [slice(None)] * 2
            behind = [slice(None)] * 2
            ahead[axis], behind[axis] = slice(shift, None), slice(None, -shift)
            np.maximum(spread[tuple(ahead)], halo[tuple(behind)], out=spread[tuple(ahead)])
            np.maximum(spread[tuple(behind)], halo[tuple(ahead)], out=spread[tuple(behind)])
        halo = spread
    out_alpha = alpha + halo * (1 - alpha)
    text_rgb = pixels[..., :3].astype(np.float32) / 255
    rgb = (text_rgb * alpha[..., None]
           + np.asarray(colour, np.float32) * (halo * (1 - alpha))[..., None])
    rgb /= np.maximum(out_alpha, 1e-6)[..., None]
    out = np.empty_like(pixels)
    out[..., :3] = np.clip(rgb * 255 + 0.5, 0, 255).astype(np.uint8)
    out[..., 3] = np.clip(out_alpha * 255 + 0.5, 0, 255).astype(np.uint8)
    return out


def _check_animation_options(func, scale, colors, max_bytes):
    """Refuse a bad scale, palette size or byte budget of :meth:`Explorer.animate`."""
    if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not 0 < scale <= 1:
        raise ValueError(f"{func}(): scale must be a number in (0, 1], got {scale!r}")
    if colors is not None and (
        isinstance(colors, bool) or not isinstance(colors, numbers.Integral)
        or not 2 <= colors <= 256
    ):
        raise ValueError(
            f"{func}(): colors must be a whole number from 2 to 256, or None, got {colors!r}"
        )
    if max_bytes is not None and (
        isinstance(max_bytes, bool) or not isinstance(max_bytes, numbers.Integral)
        or max_bytes < 1
    ):
        raise ValueError(f"{func}(): max_bytes must be a positive whole number or None, "
                         f"got {max_bytes!r}")


def _apng_bytes(frames, durations):
    """The animated PNG of `frames` shown for `durations` ms each, looping for ever."""
    buf = io.BytesIO()
    frames[0].save(buf, format="PNG", save_all=True, append_images=frames[1:],
                   duration=durations, loop=0, compress_level=9)
    return buf.getvalue()


def _milliseconds(func, name, value):
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value != int(value) or not 20 <= value <= 60_000):
        raise ValueError(f"{func}(): {name} must be a whole number of milliseconds from 20 to "
                         f"60000, got {value!r}")
    return int(value)


def _scaled(frame, scale):
    """`frame` shrunk by `scale` (Lanczos: thin lines stay continuous)."""
    if scale == 1:
        return frame
    size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    return frame.resize(size, PILImage.Resampling.LANCZOS)


def _shared_palette(frames, colors):
    """`frames` as palette images that share one palette of at most `colors` colours.

    One palette for all frames keeps a colour's index the same from frame to
    frame, so the APNG encoder stores only the region that changed. The
    commonest colours (the white background, the text, the lines' own
    colours) go into the palette exactly: a quantizer alone would replace
    each by the mean of its box, a background of (252, 252, 252). The rest
    of the palette covers the other pixels (anti-aliased edges, shaded
    regions) by Pillow's maximum coverage method: median cut, which weighs
    colours by their pixel counts, spent it on the shades of a large region
    and drew a thin line of a rare colour 114 levels off (the edge of a
    legend key in another class's colour).
    """
    n = len(frames)
    k = min(n, _PALETTE_FRAMES)
    picks = sorted({round(i * (n - 1) / (k - 1)) for i in range(k)})
    pixels = np.concatenate([np.asarray(frames[i]).reshape(-1, 3) for i in picks])
    keys = _rgb_keys(pixels)
    found, counts = np.unique(keys, return_counts=True)
    if found.size <= colors:
        palette = _key_rgb(found)
    else:
        exact = found[np.argsort(-counts, kind="stable")[: colors // 4]]
        others = pixels[~np.isin(keys, exact)]
        cut = PILImage.fromarray(others.reshape(1, -1, 3)).quantize(
            colors - exact.size, method=PILImage.Quantize.MAXCOVERAGE,
            dither=PILImage.Dither.NONE,
        )
        rest = np.asarray(cut.getpalette()[: 3 * (colors - exact.size)]).reshape(-1, 3)
        palette = np.concatenate([_key_rgb(exact), rest])
    return [_nearest_colours(f, palette) for f in frames]


def _rgb_keys(pixels):
    """One integer per RGB pixel of an (n, 3) uint8 array, for np.unique."""
    p = pixels.astype(np.uint32)
    return (p[:, 0] << 16) | (p[:, 1] << 8) | p[:, 2]


def _key_rgb(keys):
    return np.stack([keys >> 16, (keys >> 8) & 255, keys & 255], axis=1).astype(np.int32)


def _nearest_colours(frame, palette):
    """`frame` as a "P" image: each pixel the nearest `palette` colour (ties: the first).

    Pillow's own mapping (``quantize(palette=...)``) looks colours up in a
    cache of 4x4x4 boxes, so even a colour that is in the palette can map to
    a neighbour (white to (252, 252, 252)). No dithering either: its noise
    would blur thin lines and defeat the encoder's frame differences.
    """
    rgb = np.asarray(frame)
    found, inverse = np.unique(_rgb_keys(rgb.reshape(-1, 3)), return_inverse=True)
    wanted = _key_rgb(found)
    nearest = np.empty(found.size, dtype=np.uint8)
    # In blocks: a shaded region holds tens of thousands of distinct colours.
    for lo in range(0, found.size, 4096):
        d = wanted[lo:lo + 4096, None, :] - palette[None, :, :]
        nearest[lo:lo + 4096] = np.einsum("ijk,ijk->ij", d, d).argmin(axis=1)
    image = PILImage.fromarray(nearest[inverse.reshape(-1)].reshape(rgb.shape[:2]))
    image.putpalette([int(v) for v in palette.ravel()])
    return image
