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
    """

    #: CSS suffix for the root box: ``logitlab-<kind>``.
    kind = "explorer"
    figsize = (7.2, 3.8)
    dpi = 100

    def __init__(self):
        self.sliders: dict = {}
        self.n_renders = 0
        self._background = None
        self._hold = 0
        with matplotlib.rc_context(_RC):
            self.figure = Figure(figsize=self.figsize, dpi=self.dpi, layout="constrained")
            FigureCanvasAgg(self.figure)
            self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
            self.status = widgets.HTML()
            self.status.add_class("logitlab-status")
            controls = self._build()
            # Fix the layout once: the blit cache assumes axes never move.
            self.figure.canvas.draw()
            self.figure.set_layout_engine("none")
        self.widget = self._assemble(controls)
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
        return self.widget._repr_mimebundle_(**kwargs)

    # -- updating -------------------------------------------------------
    def _on_change(self, change):
        if not self._hold:
            self.update()

    @contextlib.contextmanager
    def hold(self):
        """Change several controls, render once at the end.

        Examples
        --------
        ``with explorer.hold(): explorer.sliders["beta1"].value = 2;
        explorer.sliders["beta2"].value = 0`` renders one frame, not two.
        """
        self._hold += 1
        try:
            yield self
        finally:
            self._hold -= 1
        if not self._hold:
            self.update()

    def update(self):
        """Recompute the moving artists from the controls and re-render."""
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

