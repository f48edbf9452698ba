"""The explorers' rendering shortcuts give matplotlib's own numbers and pixels."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from logitlab.widgets._base import _Canvas


def _extent(canvas_class, text, **props):
    figure = Figure(figsize=(4, 2), dpi=props.pop("dpi", 100))
    canvas = canvas_class(figure)
    artist = figure.text(0.3, 0.5, text, **props)
    return artist.get_window_extent(canvas.get_renderer()).bounds


@pytest.mark.parametrize("props", [
    {},
    {"fontsize": 16, "va": "center"},
    {"fontsize": 9, "fontweight": "bold", "va": "top", "ha": "right"},
    {"family": "serif", "fontsize": 12, "dpi": 150},
    {"family": "monospace", "va": "baseline", "linespacing": 1.5},
])
@pytest.mark.parametrize("text", ["σ(xβ₁) = 0.6225", "two\nlines", "(gj)"])
def test_cached_font_heights_place_texts_as_matplotlib_does(text, props):
    # _Canvas answers Text._get_layout's per-font line metrics from a cache
    # (issue 20): every box must be the one a plain Agg canvas gives.
    assert _extent(_Canvas, text, **dict(props)) == _extent(FigureCanvasAgg, text, **props)


def test_cached_font_heights_follow_the_renderer_dpi():
    figure = Figure(figsize=(4, 2), dpi=100)
    canvas = _Canvas(figure)
    text = figure.text(0.5, 0.5, "β = 1.00", va="center")
    small = text.get_window_extent(canvas.get_renderer()).height
    figure.set_dpi(200)
    large = text.get_window_extent(canvas.get_renderer()).height
    assert large == pytest.approx(2 * small, rel=0.02)
    reference = Figure(figsize=(4, 2), dpi=200)
    ref_text = reference.text(0.5, 0.5, "β = 1.00", va="center")
    assert large == ref_text.get_window_extent(FigureCanvasAgg(reference).get_renderer()).height


def test_cached_font_heights_match_the_font_tables():
    # The numbers themselves, read from DejaVu Sans's OS/2 table by hand.
    from matplotlib import font_manager

    figure = Figure(dpi=100)
    renderer = _Canvas(figure).get_renderer()
    prop = font_manager.FontProperties(family="DejaVu Sans", size=12)
    font = font_manager.get_font(font_manager.findfont(prop))
    os2 = font.get_sfnt_table("OS/2")
    scale = 12 * 100 / 72 / font.get_sfnt_table("head")["unitsPerEm"]
    ascent, descent, gap = renderer._get_font_height_metrics(prop)
    assert ascent == pytest.approx(os2["sTypoAscender"] * scale, rel=1e-12)
    assert descent == pytest.approx(-os2["sTypoDescender"] * scale, rel=1e-12)
    assert gap == pytest.approx(os2["sTypoLineGap"] * scale, rel=1e-12)
    assert np.isfinite([ascent, descent, gap]).all()
