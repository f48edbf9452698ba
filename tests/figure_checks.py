"""Checks of a matplotlib figure as a projected classroom figure (not a test module itself).

:func:`figure_problems` returns one line per problem it finds:

- a visible text smaller than 10 pt at 100% zoom (tick labels, legend,
  contour labels, badges: every ``Text`` drawn);
- a legend, or a text box (a ``Text`` with a bbox patch: a badge), over
  plotted data: ``Line2D`` vertices (segments densified, width and markers
  counted), scatter offsets, contour and other collection paths (filled ones
  as areas), images (their whole extent), each clipped to its axes;
- a visible legend entry with nothing on screen to match: an artist with the
  entry's label, or else one of the same style (a line of the same colour,
  line style and marker; a patch colour present in an image or collection),
  which must be visible with some finite data inside its axes;
- a text or legend that sticks out of the figure;
- a class-labelled artist not in its class's colour (see
  :func:`class_colour_problems`: class k is ``class_colour(k)`` or a tint
  of it, in every lesson and explorer);
- a colour-mapped contour, image or mesh with no colour bar in its figure;
- two texts whose boxes overlap (tick labels left out: matplotlib spaces them).

:func:`explorer_states` drives an explorer through its defaults, each slider
at its min and at its max, and every state of its toggles, and
:func:`explorer_problems` collects the problems of every state.
"""

from __future__ import annotations

import itertools
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick
from matplotlib.cm import ScalarMappable
from matplotlib.collections import Collection, PathCollection
from matplotlib.colors import to_hex, to_rgba, to_rgba_array
from matplotlib.contour import ContourSet
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path
from matplotlib.text import Text

from logitlab.palette import CLASS_COLOURS, PALETTE, class_colour
from logitlab.widgets._sliders import value_range

#: Smallest text size allowed, in points at 100% zoom (96 CSS px per inch).
MIN_PT = 10.0
# Densified segments: one sample every this many pixels.
_STEP_PX = 2.0
# Overlaps of less than this many pixels are anti-aliasing, not covering.
_TOL_PX = 1.0


def _visible_tree(artist, legends=True, skip=()):
    """Every visible artist under `artist` (an invisible parent hides its children).

    With ``legends=False`` the subtrees of legends (their handles are copies)
    and of axis objects (tick marks) are left out: what remains is data.
    """
    if (not artist.get_visible() or (not legends and isinstance(artist, (Legend, Axis)))
            or id(artist) in skip):
        return
    yield artist
    for child in _children(artist):
        yield from _visible_tree(child, legends, skip)


def _all_tree(artist):
    """Every artist under `artist`, visible or not, legends left out."""
    if isinstance(artist, Legend):
        return
    yield artist
    for child in _children(artist):
        yield from _all_tree(child)


def _children(artist):
    # Some artists (a figure legend's handles) nest lists in get_children().
    todo = list(artist.get_children())
    while todo:
        child = todo.pop(0)
        if isinstance(child, (list, tuple)):
            todo[:0] = child
        else:
            yield child


def _undrawn_ticks(fig):
    """Ticks matplotlib keeps but does not draw (outside the view interval)."""
    undrawn = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            drawn = {id(t) for t in axis._update_ticks()}
            undrawn |= {id(t) for t in axis.get_children()
                        if isinstance(t, Tick) and id(t) not in drawn}
    return undrawn


def _texts(fig):
    undrawn = _undrawn_ticks(fig)
    return [a for a in _visible_tree(fig, skip=undrawn)
            if isinstance(a, Text) and a.get_text().strip()]


def text_size_problems(fig, min_pt=MIN_PT):
    """Texts below `min_pt` at 100% zoom: a figure pixel is one CSS pixel (1/96 in)."""
    scale = fig.dpi / 96.0
    problems = []
    for text in _texts(fig):
        size = text.get_fontsize() * scale
        if size < min_pt - 1e-9:
            problems.append(f"text {text.get_text()!r} is {text.get_fontsize():g} pt "
                            f"at {fig.dpi:g} dpi (< {min_pt:g} pt at 100% zoom)")
    return problems


# -- plotted data in display coordinates -----------------------------------
def _densify(xy, step=_STEP_PX):
    """Points every `step` pixels along the polyline `xy`, broken at non-finite rows."""
    out = []
    finite = np.all(np.isfinite(xy), axis=1)
    for run in np.split(np.arange(len(xy)), np.flatnonzero(np.diff(finite.astype(int))) + 1):
        if run.size == 0 or not finite[run[0]]:
            continue
        pts = xy[run]
        out.append(pts[:1])
        for a, b in itertools.pairwise(pts):
            n = int(np.ceil(np.hypot(*(b - a)) / step))
            if n > 0:
                t = np.arange(1, n + 1)[:, None] / n
                out.append(a + t * (b - a))
    return np.concatenate(out) if out else np.empty((0, 2))


def _clip(artist, pts, radius):
    ax = artist.axes
    if ax is None or not artist.get_clip_on():
        return pts, radius
    box = ax.bbox
    keep = ((pts[:, 0] >= box.x0 - _TOL_PX) & (pts[:, 0] <= box.x1 + _TOL_PX)
            & (pts[:, 1] >= box.y0 - _TOL_PX) & (pts[:, 1] <= box.y1 + _TOL_PX))
    return pts[keep], radius[keep] if np.ndim(radius) else radius


class _Data:
    """Plotted data of a figure: points with a radius, and covered areas."""

    def __init__(self, fig, renderer):
        self.points = []  # (artist, (n, 2) pixel points, radius px)
        self.areas = []  # (artist, matplotlib Path in pixels, or a Bbox)
        px_per_pt = fig.dpi / 72.0
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for artist in _visible_tree(ax, legends=False):
                if isinstance(artist, Line2D):
                    self._line(artist, px_per_pt)
                elif isinstance(artist, PathCollection) and len(artist.get_offsets()):
                    offsets = artist.get_offset_transform().transform(artist.get_offsets())
                    sizes = artist.get_sizes()
                    radius = np.sqrt(sizes if sizes.size else [36.0]) / 2 * px_per_pt
                    radius = np.broadcast_to(radius, (len(offsets),))
                    finite = np.all(np.isfinite(offsets), axis=1)
                    pts, r = _clip(artist, offsets[finite], radius[finite])
                    self.points.append((artist, pts, r))
                elif isinstance(artist, Collection) and not isinstance(artist, PathCollection):
                    self._collection(artist, px_per_pt)
                elif isinstance(artist, AxesImage):
                    self._image(artist, renderer)

    def _line(self, line, px_per_pt):
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        if xy.size == 0:
            return
        has_line = line.get_linestyle() not in ("None", "none", "", " ")
        has_marker = line.get_marker() not in ("None", "none", "", " ", None)
        if has_line:
            pts = _densify(xy)
            pts, r = _clip(line, pts, line.get_linewidth() / 2 * px_per_pt)
            self.points.append((line, pts, r))
        if has_marker:
            finite = np.all(np.isfinite(xy), axis=1)
            every = line.get_markevery()
            idx = np.flatnonzero(finite)
            if isinstance(every, (list, tuple)) and all(isinstance(i, int) for i in every):
                idx = np.intersect1d(idx, np.asarray(every) % len(xy))
            pts, r = _clip(line, xy[idx], line.get_markersize() / 2 * px_per_pt)
            self.points.append((line, pts, r))

    def _collection(self, coll, px_per_pt):
        transform = coll.get_transform()
        faces = coll.get_facecolor()
        filled = len(faces) and np.any(np.asarray(faces)[:, 3] > 0)
        widths = coll.get_linewidth()
        radius = (float(np.max(widths)) if len(widths) else 1.0) / 2 * px_per_pt
        for path in coll.get_paths():
            if len(path.vertices) == 0:
                continue
            path = transform.transform_path(path)
            if filled:
                self.areas.append((coll, path))
            for poly in path.to_polygons(closed_only=False):
                pts, r = _clip(coll, _densify(np.asarray(poly, dtype=float)), radius)
                self.points.append((coll, pts, r))

    def _image(self, image, renderer):
        data = np.asarray(image.get_array())
        if data.ndim == 3 and data.shape[-1] == 4 and not np.any(data[..., 3] > 0):
            return  # fully transparent: covers nothing
        box = image.get_window_extent(renderer)
        if image.axes is not None:
            from matplotlib.transforms import Bbox

            box = Bbox.intersection(box, image.axes.bbox)
        if box is not None:
            self.areas.append((image, box))

    def covering(self, box):
        """Artists with data inside the pixel box `box` (shrunk by the tolerance)."""
        x0, y0 = box.x0 + _TOL_PX, box.y0 + _TOL_PX
        x1, y1 = box.x1 - _TOL_PX, box.y1 - _TOL_PX
        if x1 <= x0 or y1 <= y0:
            return []
        hits = []
        for artist, pts, r in self.points:
            if len(pts) and np.any((pts[:, 0] + r >= x0) & (pts[:, 0] - r <= x1)
                                   & (pts[:, 1] + r >= y0) & (pts[:, 1] - r <= y1)):
                hits.append(artist)
        grid = np.stack(np.meshgrid(np.linspace(x0, x1, 9), np.linspace(y0, y1, 9)),
                        axis=-1).reshape(-1, 2)
        for artist, area in self.areas:
            if isinstance(area, Path):
                inside = area.contains_points(grid).any()
            else:
                inside = (area.x0 < x1 and area.x1 > x0 and area.y0 < y1 and area.y1 > y0)
            if inside:
                hits.append(artist)
        return hits


def _name(artist):
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    kind = type(artist).__name__
    return f"{kind} {label!r}" if label and not label.startswith("_") else kind


def _legends(fig):
    found = [a for a in _visible_tree(fig) if isinstance(a, Legend)]
    return list(dict.fromkeys(found))


def _badges(fig):
    return [t for t in _texts(fig) if t.get_bbox_patch() is not None
            and t.get_bbox_patch().get_visible()]


def overlap_problems(fig, renderer=None):
    """Legends and text boxes over plotted data."""
    renderer = renderer or fig.canvas.get_renderer()
    data = _Data(fig, renderer)
    problems = []
    for legend in _legends(fig):
        hits = data.covering(legend.get_window_extent(renderer))
        if hits:
            names = ", ".join(sorted({_name(a) for a in hits}))
            problems.append(f"legend {_legend_labels(legend)} covers {names}")
    for text in _badges(fig):
        box = text.get_bbox_patch().get_window_extent(renderer)
        hits = data.covering(box)
        if hits:
            names = ", ".join(sorted({_name(a) for a in hits}))
            problems.append(f"text box {text.get_text()!r} covers {names}")
    return problems


def outside_problems(fig, renderer=None):
    """Texts and legends that stick out of the figure (cut off in the PNG)."""
    renderer = renderer or fig.canvas.get_renderer()
    fb = fig.bbox
    problems = []
    items = [(f"text {t.get_text()!r}", t) for t in _texts(fig)]
    items += [(f"legend {_legend_labels(g)}", g) for g in _legends(fig)]
    for what, artist in items:
        if isinstance(artist, Text) and artist.get_clip_on() and artist.axes is not None:
            continue  # clipped to its axes on purpose (e.g. contour labels)
        box = artist.get_window_extent(renderer)
        patch = artist.get_bbox_patch() if isinstance(artist, Text) else None
        if patch is not None and patch.get_visible():
            box = patch.get_window_extent(renderer)
        if (box.x0 < fb.x0 - _TOL_PX or box.y0 < fb.y0 - _TOL_PX
                or box.x1 > fb.x1 + _TOL_PX or box.y1 > fb.y1 + _TOL_PX):
            problems.append(f"{what} sticks out of the figure")
    return problems


def _legend_labels(legend):
    return [t.get_text() for t in legend.get_texts() if t.get_visible()]


# -- legend entries and what they stand for ---------------------------------
def _on_screen(artist):
    """True when `artist` is visible (with its parents) and draws something in its axes."""
    ax = artist.axes
    if not isinstance(ax, Axes) or not artist.get_visible() or not ax.get_visible():
        return False
    if isinstance(artist, Line2D):
        xy = artist.get_transform().transform(np.asarray(artist.get_xydata(), dtype=float))
        if artist.get_linestyle() not in ("None", "none", "", " "):
            xy = _densify(xy)  # a segment may cross the axes between far vertices
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        box = ax.bbox
        return bool(np.any((xy[:, 0] >= box.x0 - _TOL_PX) & (xy[:, 0] <= box.x1 + _TOL_PX)
                           & (xy[:, 1] >= box.y0 - _TOL_PX) & (xy[:, 1] <= box.y1 + _TOL_PX)))
    if isinstance(artist, AxesImage):
        data = np.asarray(artist.get_array())
        return not (data.ndim == 3 and data.shape[-1] == 4 and not np.any(data[..., 3] > 0))
    if isinstance(artist, PathCollection):
        return len(artist.get_offsets()) > 0
    if isinstance(artist, Collection):
        return any(len(p.vertices) for p in artist.get_paths())
    return True


def _same_line_style(a, b):
    return (np.allclose(to_rgba(a.get_color()), to_rgba(b.get_color()))
            and a.get_linestyle() == b.get_linestyle() and a.get_marker() == b.get_marker())


def _colour_drawn(fig, rgba, tol=0.05):
    """Whether the colour `rgba` appears in an image or a collection's faces."""
    target = np.asarray(rgba)
    for artist in _visible_tree(fig, legends=False):
        if not _on_screen(artist):
            continue
        if isinstance(artist, AxesImage):
            data = np.asarray(artist.get_array(), dtype=float)
            if data.ndim != 3:
                continue  # a colour-mapped image: matched by label only
            if data.max() > 1.0:
                data = data / 255.0
            if data.shape[-1] == 3:
                data = np.concatenate([data, np.ones(data.shape[:-1] + (1,))], axis=-1)
            if np.any(np.all(np.abs(data - target) <= tol, axis=-1)):
                return True
        elif isinstance(artist, Collection):
            faces = np.asarray(artist.get_facecolor())
            if len(faces) and np.any(np.all(np.abs(faces - target) <= tol, axis=-1)):
                return True
        elif (isinstance(artist, Patch) and artist.axes is not None
              and artist is not artist.axes.patch and artist.get_fill()):
            # A band drawn as a patch (a Rectangle over an x range, say).
            face = np.asarray(to_rgba(artist.get_facecolor()))
            if np.all(np.abs(face - target) <= tol):
                return True
    return False


def legend_entry_problems(fig):
    """Visible legend entries with nothing on screen that they stand for."""
    drawn = [a for ax in fig.axes for a in _visible_tree(ax, legends=False)]
    everything = [a for ax in fig.axes for a in _all_tree(ax)]
    problems = []
    for legend in _legends(fig):
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if handle is None or not (handle.get_visible() and text.get_visible()):
                continue
            label = text.get_text()
            named = [a for a in everything if hasattr(a, "get_label") and a.get_label() == label]
            if named:
                if not any(a in drawn and _on_screen(a) for a in named):
                    problems.append(f"legend entry {label!r}: its artist draws nothing on screen")
                continue
            if isinstance(handle, Line2D):
                ok = any(isinstance(a, Line2D) and _same_line_style(a, handle) and _on_screen(a)
                         for a in drawn)
            elif isinstance(handle, Patch):
                ok = _colour_drawn(fig, to_rgba(handle.get_facecolor()))
            else:
                ok = True
            if not ok:
                problems.append(f"legend entry {label!r}: nothing of its style on screen")
    return problems


# -- one colour per class ----------------------------------------------------
_CLASS_RE = re.compile(r"\bclass\s+(\d+)\b", re.IGNORECASE)
# A colour whose channels differ by less than this is black, white or grey:
# no class's colour (very pale tints of a class colour fall here too).
_NEUTRAL_CHROMA = 0.1
# How far (per channel, 0-1) a colour may be from the line between a class's
# colour and white and still count as a tint of it. Okabe-Ito's nearest pair,
# blue and sky, is 0.11 apart on that measure; orange and vermillion 0.18.
_TINT_TOL = 0.05


def _plain(text):
    """`text` without mathtext markup: ``$P(\\mathrm{class}\\ 2)$`` -> ``P(class 2)``."""
    text = re.sub(r"\\(?:mathrm|text|mathit|mathbf)\{([^}]*)\}", r"\1", text)
    return re.sub(r"\\[ ,;:!]", " ", text).replace("$", "")


def named_class(text):
    """The class number `text` names as its subject, or None.

    The subject is the part before the first colon (the series labels read
    "what: more about it", so "(beta, 0): class 2 fixed at 0" names a point,
    not class 2); it must name exactly one class ("class 1 minus class 2"
    names none).
    """
    if not text or text.startswith("_"):
        return None
    found = {int(k) for k in _CLASS_RE.findall(_plain(text).split(":")[0])}
    return found.pop() if len(found) == 1 else None


def _over_white(rgba):
    """The colour `rgba` as seen on a white figure (alpha blended in), as RGB."""
    r = np.asarray(rgba, dtype=float)
    return r[3] * r[:3] + (1.0 - r[3])


def is_tint(colour, k):
    """Whether `colour` (seen on white) is class `k`'s colour or a wash of it towards white."""
    rgb = _over_white(to_rgba(colour))
    towards = 1.0 - np.asarray(to_rgba(class_colour(k))[:3])
    t = float(np.dot(1.0 - rgb, towards) / np.dot(towards, towards))
    return 0.0 < t <= 1.0 + _TINT_TOL and bool(
        np.max(np.abs((1.0 - rgb) - t * towards)) <= _TINT_TOL)


def _is_neutral(colour):
    rgb = _over_white(to_rgba(colour))
    return float(rgb.max() - rgb.min()) < _NEUTRAL_CHROMA


def _colour_name(colour):
    hexa = to_hex(colour)
    names = [n for n, v in PALETTE.items() if v.lower() == hexa.lower()]
    return f"{hexa} ({names[0]})" if names else hexa


def _artist_colours(artist):
    """The colours `artist` draws with (fully transparent ones left out)."""
    found = []
    if isinstance(artist, Text):
        found = [artist.get_color()]
    elif isinstance(artist, Line2D):
        if artist.get_linestyle() not in ("None", "none", "", " "):
            found.append(artist.get_color())
        if artist.get_marker() not in ("None", "none", "", " ", None):
            found += [artist.get_markerfacecolor(), artist.get_markeredgecolor()]
    elif isinstance(artist, Patch):
        if artist.get_fill():
            found.append(artist.get_facecolor())
        if artist.get_linewidth() > 0:
            found.append(artist.get_edgecolor())
    elif isinstance(artist, Collection):
        found += list(to_rgba_array(artist.get_facecolor()))
        if len(artist.get_linewidth()) and np.max(artist.get_linewidth()) > 0:
            found += list(to_rgba_array(artist.get_edgecolor()))
    out = []
    for c in found:
        if isinstance(c, str) and c.lower() == "none":
            continue
        rgba = to_rgba(c)
        if rgba[3] > 0:
            out.append(rgba)
    return out


def _class_colour_problem(what, artist, k):
    """A problem line if `artist`, which stands for class `k`, is not in class `k`'s colour."""
    if not 1 <= k <= len(CLASS_COLOURS):
        return None
    colours = [c for c in _artist_colours(artist) if not _is_neutral(c)]
    wrong = [c for c in colours if not is_tint(c, k)]
    want = f"class {k}'s colour is {_colour_name(class_colour(k))} or a tint of it"
    if wrong:
        return f"{what} names class {k} but is drawn in {_colour_name(wrong[0])} ({want})"
    if not colours and not isinstance(artist, Text):
        return f"{what} names class {k} but has no colour, only black/white/grey ({want})"
    return None


def _tick_label_ids(fig):
    ids = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            for tick in axis.get_children():
                if isinstance(tick, Tick):
                    ids |= {id(tick.label1), id(tick.label2)}
    return ids


def _bars_at_ticks(ax, undrawn):
    """(tick label text, class k, patch) for patches at a tick labelled with a class."""
    patches = [p for p in ax.patches if p.get_visible()]
    for axis, span in ((ax.xaxis, lambda b: (b.x0, b.x1)), (ax.yaxis, lambda b: (b.y0, b.y1))):
        for tick in axis.get_children():
            if not isinstance(tick, Tick) or id(tick) in undrawn:
                continue
            k = named_class(tick.label1.get_text())
            if k is None:
                continue
            for patch in patches:
                lo, hi = sorted(span(patch.get_bbox()))
                if lo <= tick.get_loc() <= hi:
                    yield tick.label1.get_text(), k, patch


def class_colour_problems(fig):
    """Class-labelled artists not drawn in their class's colour (palette.class_colour).

    An artist is class-labelled when its label (legend label), the legend
    text of its legend handle, or its own text names one class (see
    :func:`named_class`); bars and other patches standing at a tick labelled
    "class k" are class-labelled by that tick. Every colour such an artist
    draws with that is not black, white or grey must be class k's colour or
    a tint of it (the colour washed towards white, or seen through alpha),
    and a non-text artist must have at least one such colour. A text naming
    a class may be black.
    """
    problems = []
    undrawn = _undrawn_ticks(fig)
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for artist in _visible_tree(ax, legends=False):
            if isinstance(artist, Text) or not hasattr(artist, "get_label"):
                continue
            k = named_class(artist.get_label())
            if k is not None:
                problems.append(_class_colour_problem(_name(artist), artist, k))
        for text, k, patch in _bars_at_ticks(ax, undrawn):
            problems.append(_class_colour_problem(f"{type(patch).__name__} at tick {text!r}",
                                                  patch, k))
    for legend in _legends(fig):
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            k = named_class(text.get_text())
            if handle is not None and handle.get_visible() and k is not None:
                problems.append(_class_colour_problem(
                    f"legend entry {text.get_text()!r}", handle, k))
    for text in _texts(fig):
        k = named_class(text.get_text())
        if k is not None:
            problems.append(_class_colour_problem(f"text {text.get_text()!r}", text, k))
    return list(dict.fromkeys(p for p in problems if p))


# -- colour bars --------------------------------------------------------------
def _maps_values(artist):
    """Whether `artist` shows values as colours (so it needs a colour bar)."""
    if not isinstance(artist, ScalarMappable) or artist.get_array() is None:
        return False
    if isinstance(artist, AxesImage):
        return np.ndim(artist.get_array()) == 2  # RGB(A) images show colours as they are
    if isinstance(artist, ContourSet) and artist.colors is not None:
        colours = artist.colors
        return not isinstance(colours, str) and len({to_hex(c) for c in colours}) > 1
    return np.unique(np.asarray(artist.get_array()).ravel()).size > 1


def _explains(bar, artist):
    """Whether colour bar `bar` reads `artist`'s colours: it, or the same map and range."""
    m = bar.mappable
    if m is artist:
        return True
    return (m.get_cmap().name == artist.get_cmap().name
            and type(m.norm) is type(artist.norm)
            and np.isclose(m.norm.vmin, artist.norm.vmin)
            and np.isclose(m.norm.vmax, artist.norm.vmax))


def colourbar_problems(fig):
    """Contours, images and meshes mapping values to colours with no colour bar in `fig`."""
    bars = [ax._colorbar for ax in fig.axes
            if getattr(ax, "_colorbar", None) is not None and ax.get_visible()]
    bar_axes = {id(b.ax) for b in bars}
    problems = []
    for ax in fig.axes:
        if not ax.get_visible() or id(ax) in bar_axes:
            continue
        for artist in _visible_tree(ax, legends=False):
            if _maps_values(artist) and _on_screen(artist) and not any(
                    _explains(b, artist) for b in bars):
                where = f" in axes {ax.get_title()!r}" if ax.get_title() else ""
                problems.append(f"{_name(artist)}{where} maps values to colours "
                                "but has no colour bar")
    return problems


# -- texts over texts -----------------------------------------------------------
def _text_box(text, renderer):
    """`text`'s box in pixels as drawn (cut to its axes if clipped), or None if not drawn."""
    box = text.get_window_extent(renderer)
    # clip_on alone clips nothing (titles have it): a clip box or path must be set.
    clipped = text.get_clip_on() and (text.get_clip_box() is not None
                                      or text.get_clip_path() is not None)
    if clipped and text.axes is not None:
        from matplotlib.transforms import Bbox

        box = Bbox.intersection(box, text.axes.bbox)
    return box


def collision_problems(fig, renderer=None):
    """Pairs of visible texts whose boxes overlap by more than a pixel each way.

    Every drawn text counts (titles, axis labels, legend texts, annotations,
    value labels, contour labels, badges' texts) except tick labels, which
    matplotlib thins and spaces itself and which lie outside the axes.
    """
    renderer = renderer or fig.canvas.get_renderer()
    ticks = _tick_label_ids(fig)
    boxes = []
    for text in _texts(fig):
        if id(text) in ticks:
            continue
        box = _text_box(text, renderer)
        if box is not None and box.width > 0 and box.height > 0:
            boxes.append((text, box))
    problems = []
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        if w > _TOL_PX and h > _TOL_PX:
            problems.append(f"texts {a.get_text()!r} and {b.get_text()!r} overlap "
                            f"({w:.0f} x {h:.0f} px)")
    return problems


def figure_problems(fig):
    """Every problem of `fig` (see the module docstring); an empty list when it is fine."""
    fig.canvas.draw()  # ticks and legends laid out as in the PNG
    renderer = fig.canvas.get_renderer()
    return (text_size_problems(fig) + overlap_problems(fig, renderer)
            + legend_entry_problems(fig) + outside_problems(fig, renderer)
            + class_colour_problems(fig) + colourbar_problems(fig)
            + collision_problems(fig, renderer))


# -- explorers -------------------------------------------------------------
def _toggles(ex):
    """The explorer's non-slider controls with the values each can take."""
    out = []
    for control in ex._observed():
        if control in ex.sliders.values():
            continue
        if isinstance(control, widgets.Checkbox):
            out.append((control, [True, False]))
        elif hasattr(control, "options"):
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
            out.append((control, values))
    return out


def _control_name(ex, control):
    names = [k for k, v in vars(ex).items() if v is control]
    return names[0] if names else type(control).__name__


def explorer_states(ex):
    """Drive `ex` through its defaults, each slider's ends, each toggle state; yield names.

    The controls are back at their starting values after the last state.
    """
    start = {name: s.value for name, s in ex.sliders.items()}
    toggles = _toggles(ex)
    toggle_start = [c.value for c, _ in toggles]
    combos = list(itertools.product(*(values for _, values in toggles))) or [()]
    for combo in combos:
        with ex.hold():
            for (control, _), value in zip(toggles, combo, strict=True):
                control.value = value
        where = ", ".join(f"{_control_name(ex, c)}={v!r}"
                          for (c, _), v in zip(toggles, combo, strict=True))
        prefix = f"[{where}] " if where else ""
        yield f"{prefix}defaults"
        for name, slider in ex.sliders.items():
            for end in value_range(slider):  # values: a log slider's min/max are exponents
                slider.value = end
                yield f"{prefix}{name}={end}"
            slider.value = start[name]
    with ex.hold():
        for (control, _), value in zip(toggles, toggle_start, strict=True):
            control.value = value


def explorer_problems(ex):
    """The problems of `ex`'s figure in every state of :func:`explorer_states`."""
    problems = []
    for state in explorer_states(ex):
        problems += [f"{state}: {p}" for p in figure_problems(ex.figure)]
    return problems
