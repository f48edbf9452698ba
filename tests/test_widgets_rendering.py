"""The explorers' rendering shortcuts give matplotlib's own numbers and pixels."""

from __future__ import annotations

import functools

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


# -- plain text from per-character caches (logitlab.widgets._text_layout) --------

_ALPHABET = (
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0x391, 0x3CA) if c != 0x3A2]
    + [chr(c) for c in range(0x2080, 0x208A)]
    + list("−≈≤≥×·→–—…✓✗±°²³µ½é")
)


def _random_strings(n, seed):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(_ALPHABET, size=rng.integers(1, 26))) for _ in range(n)]


def _glyphs_drawn(renderer, draw, s, prop):
    """The glyphs `draw` hands to Agg for `s`: (font file, size, index, slant, extend, x, y)."""
    seen = []
    renderer._draw_text_glyphs_and_boxes = lambda gc, x, y, angle, glyphs, boxes: seen.extend(
        (font.fname, *rest) for font, *rest in glyphs)
    try:
        draw(renderer.new_gc(), 10.0, 20.0, s, prop, 0.0)
    finally:
        del renderer._draw_text_glyphs_and_boxes
    return seen


@functools.lru_cache(maxsize=1)
def _explorer_strings():
    """Every text the six explorers show after a few slider moves."""
    from explorer_sweep import sweep_sliders
    from matplotlib.text import Text

    import logitlab.widgets as lw

    strings = set()
    for name in ("CurveExplorer", "PathExplorer", "ValleyExplorer", "StabilityExplorer",
                 "RegionsExplorer", "RandomUtilityExplorer"):
        with getattr(lw, name)() as ex:
            sweep_sliders(ex, lambda *_: strings.update(
                t.get_text() for t in ex.figure.findobj(Text)))  # noqa: B023
    return tuple(sorted(s for s in strings if s and "$" not in s and "\n" not in s))


_MISSING_GLYPHS = "ignore:Glyph .* missing from font"


@pytest.mark.filterwarnings(_MISSING_GLYPHS)  # DejaVu Serif has no ✓ or ✗
@pytest.mark.parametrize(("family", "size", "dpi"), [
    ("DejaVu Sans", 10, 100), ("DejaVu Sans", 12, 100), ("DejaVu Sans", 13.5, 150),
    ("DejaVu Serif", 11, 72), ("DejaVu Sans Mono", 12, 100),
])
def test_cached_layout_gives_freetypes_numbers_and_glyphs(family, size, dpi):
    # The cached path must give what matplotlib's own FreeType path gives:
    # the same (width, height, descent) and the same glyphs at the same places.
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from logitlab.widgets import _text_layout

    renderer = _Canvas(Figure(dpi=dpi)).get_renderer()
    prop = FontProperties(family=family, size=size)
    fast = _text_layout._Layouts(renderer)
    strings = _random_strings(800, seed=int(size * dpi)) + list(_explorer_strings())
    covered = 0
    for s in strings:
        expected = RendererAgg.get_text_width_height_descent(renderer, s, prop, False)
        assert renderer.get_text_width_height_descent(s, prop, False) == expected, s
        assert (_glyphs_drawn(renderer, renderer.draw_text, s, prop)
                == _glyphs_drawn(renderer, lambda *a: RendererAgg.draw_text(renderer, *a), s,
                                 prop)), s
        covered += fast.measure(s, prop) is not None
    # Most strings take the cached path (the rest have kerned pairs like "AV").
    assert covered >= 0.6 * len(strings)


def test_every_explorer_number_label_takes_the_cached_path():
    # The texts a slider step rewrites: if they fell back to FreeType the
    # step would be 2 ms slower and no test above would notice.
    from matplotlib.font_manager import FontProperties

    from logitlab.widgets import _text_layout

    renderer = _Canvas(Figure(dpi=100)).get_renderer()
    fast = _text_layout._Layouts(renderer)
    prop = FontProperties(size=10)
    for s in ("σ(xβ₁) = 0.6225", "P(class 2) = 0.2689", "β₁ = −5.00", "β = 10.00",
              "z₁ = 0.50", "β₂ − β₁ = 2.00", "(β₁ − β₂ = −2.00)"):
        assert fast.measure(s, prop) is not None, s
        assert fast.glyphs(s, prop) is not None, s


@pytest.mark.filterwarnings(_MISSING_GLYPHS)  # DejaVu Sans has no Devanagari
@pytest.mark.parametrize("s", ["AV", "To", "x\u0301", "a\u200db", "مرحبا", "नमस्ते", "fi", ""])
def test_kerned_joined_or_shaped_text_goes_to_freetype(s):
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    from logitlab.widgets import _text_layout

    renderer = _Canvas(Figure(dpi=100)).get_renderer()
    prop = FontProperties(size=12)
    if s in ("AV", "To", "x\u0301", "a\u200db", "مرحبا", "नमस्ते", ""):
        assert _text_layout._Layouts(renderer).measure(s, prop) is None
    if s:
        expected = RendererAgg.get_text_width_height_descent(renderer, s, prop, False)
        assert renderer.get_text_width_height_descent(s, prop, False) == expected


def test_a_renderer_without_glyph_drawing_keeps_its_own_text_path():
    # matplotlib < 3.11 (the package allows 3.7) has no glyph-by-glyph
    # drawing for the cached layout to feed: its text path is left alone.
    from logitlab.widgets import _text_layout

    class OldRenderer:
        dpi = 100

        def draw_text(self, *args):
            return "own"

        def get_text_width_height_descent(self, *args):
            return "own"

    renderer = OldRenderer()
    _text_layout.install(renderer)
    assert "draw_text" not in vars(renderer)
    assert "get_text_width_height_descent" not in vars(renderer)
    assert callable(renderer._get_font_height_metrics)


def test_a_pasted_text_blends_over_the_canvas_and_stays_in_its_clip_box():
    # _TextSprites pastes each text as cached pixels with Agg's image blend:
    # the same ink where matplotlib draws the text itself, the right way up,
    # and cut at the text's clip box even when the cached pixels are not.
    from matplotlib.transforms import Bbox

    from logitlab.widgets._base import _TextSprites

    figure = Figure(figsize=(3, 1), dpi=100)
    canvas = _Canvas(figure)
    figure.patch.set_facecolor("#FFEECC")
    text = figure.text(0.5, 0.5, "β₁ = 0.6225 Tg", color="#0072B2", va="center", ha="center")
    canvas.draw()
    drawn = np.asarray(canvas.buffer_rgba()).copy()  # matplotlib's own text
    text.set_animated(True)
    canvas.draw()
    plain = np.asarray(canvas.buffer_rgba()).copy()
    sprites = _TextSprites(figure)
    sprites.draw(text)
    pasted = np.asarray(canvas.buffer_rgba()).copy()
    ink_drawn = (drawn != plain).any(axis=2)
    ink_pasted = (pasted != plain).any(axis=2)
    assert ink_drawn.sum() > 100
    overlap = (ink_drawn & ink_pasted).sum() / (ink_drawn | ink_pasted).sum()
    assert overlap > 0.9, overlap
    assert np.abs(pasted.astype(int) - drawn.astype(int)).max() <= 40
    # The cached (unclipped) pixels pasted again, now clipped to the left half.
    np.asarray(canvas.buffer_rgba())[...] = plain
    text.set_clip_box(Bbox.from_bounds(0, 0, 150, 100))
    sprites.draw(text)
    clipped = np.asarray(canvas.buffer_rgba())
    # Agg's clip boxes include their last column, for text as for lines.
    assert (clipped[:, 151:] == plain[:, 151:]).all()
    assert (clipped[:, :150] == pasted[:, :150]).all()
