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

The displayed widget follows a small DOM contract that the browser tests
rely on: the root box has the CSS classes ``logitlab-explorer`` and
``logitlab-<kind>``, the plot sits in a box of class ``logitlab-plot`` and
the status line has class ``logitlab-status``.

ipywidgets keeps every widget alive in a registry until it is closed, and an
explorer's widgets hold the explorer (through their observers) and so its
figure: an explorer that is not closed is never freed. :meth:`Explorer.close`
closes every widget it made, layouts and styles included, and drops the
figure; ``with SomeExplorer() as ex:`` closes it at the end of the block.
"""

from __future__ import annotations

import contextlib
import io

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

from ..palette import PALETTE

__all__ = ["Explorer", "PALETTE"]

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

# zlib level 1: the PNG is a few kB larger, encoding is several times faster,
# and on a local websocket the bytes are nearly free.
_PNG_COMPRESS_LEVEL = 1


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

    def __init__(self):
        self.sliders: dict = {}
        self.n_renders = 0
        self._background = None
        self._animated = []
        self._hold = 0
        self.closed = False
        width = f"{self.figsize[0] * self.dpi:.0f}px"
        with matplotlib.rc_context(_RC):
            self.figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            FigureCanvasAgg(self.figure)
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
        self._background = None
        self._animated = []
        self.figure.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- updating -------------------------------------------------------
    def _on_change(self, change):
        if not self._hold and not self.closed:
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
        """Forget the cached background (after a change to static artists)."""
        self._background = None

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
            if artist.get_visible():
                self.figure.draw_artist(artist)
        self.image.value = self._png_from_canvas()
        self.n_renders += 1

    def _png_from_canvas(self):
        rgba = np.asarray(self.figure.canvas.buffer_rgba())
        buf = io.BytesIO()
        PILImage.fromarray(rgba[..., :3]).save(
            buf, format="png", compress_level=_PNG_COMPRESS_LEVEL
        )
        return buf.getvalue()

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

