"""Plain text measured and laid out from per-character caches: FreeType once per glyph.

A slider step writes new numbers ("σ(xβ₁) = 0.6225"), and matplotlib 3.11
lays out every new string twice with FreeType and libraqm: once to measure
it (``FT2Font.set_text``) and once to draw it (``FT2Font._layout``), each
about 17 us a character, because every glyph is loaded and hinted again.
In a profile of a CurveExplorer β₁ step that was 1.8 of 8.4 ms (issue 20).

With hinting, the layout of a string without kerning is a sum of integer
advances, and its ink height the union of its glyphs' heights. So each
character is asked of FreeType once (its glyph, advance, width and ink),
and each neighbouring pair once (does the pair move off the sum of
advances: kerning, a ligature?). A string made only of such characters and
pairs is measured and laid out from those answers, with the very numbers
FreeType gives (tests/test_widgets_rendering.py compares them on thousands
of strings). Anything else (kerned pairs, marks, scripts that need shaping,
fallback fonts, mathtext, font features) goes to matplotlib unchanged.
"""

from __future__ import annotations

import unicodedata

from matplotlib import font_manager
from matplotlib.backends.backend_agg import get_hinting_flag
from matplotlib.ft2font import FT2Font

# Blocks whose characters stand alone (no shaping across characters):
# Latin, Greek, punctuation, super- and subscripts, letterlike symbols,
# arrows, mathematical operators, technical symbols, geometric shapes,
# miscellaneous symbols and dingbats (the explorers' ✓ and ✗).
_BLOCKS = ((0x20, 0x24F), (0x370, 0x3FF), (0x2010, 0x2027), (0x2030, 0x205E),
           (0x2070, 0x209F), (0x2100, 0x23FF), (0x25A0, 0x27BF))
# Unicode categories that never stand alone: marks, controls, format characters.
_REFUSED_CATEGORIES = ("M", "C")
# Longer strings take matplotlib's path (see _Layouts._place).
_LONGEST = 200


def install(renderer):
    """Make `renderer` measure and draw plain text through the caches; see the module.

    matplotlib before 3.11 draws text another way (no ``FT2Font._layout``):
    there only the line metrics are cached.
    """
    renderer._get_font_height_metrics = _cached_font_heights(renderer)
    if not (hasattr(FT2Font, "_layout") and hasattr(renderer, "_draw_text_glyphs_and_boxes")):
        return
    layouts = _Layouts(renderer)
    measure, draw = renderer.get_text_width_height_descent, renderer.draw_text

    def get_text_width_height_descent(s, prop, ismath):
        if ismath is False:
            found = layouts.measure(s, prop)
            if found is not None:
                return found
        return measure(s, prop, ismath)

    def draw_text(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if not ismath and (mtext is None or (mtext.get_fontfeatures() is None
                                             and mtext.get_language() is None)):
            glyphs = layouts.glyphs(s, prop)
            if glyphs is not None:
                return renderer._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, [])
        return draw(gc, x, y, s, prop, angle, ismath, mtext)

    renderer.get_text_width_height_descent = get_text_width_height_descent
    renderer.draw_text = draw_text


class _Layouts:
    """The per-font caches of one renderer, and strings measured and laid out from them."""

    def __init__(self, renderer):
        self._renderer = renderer
        self._fonts = {}

    def _font(self, prop):
        key = (prop.copy(), self._renderer.dpi, get_hinting_flag())
        found = self._fonts.get(key)
        if found is None:
            found = self._fonts[key] = _FontCache(self._renderer._prepare_font(prop), key[2])
        return found

    def measure(self, s, prop):
        """(width, height, descent) in pixels as ``set_text`` gives them, or None."""
        placed = self._place(s, prop)
        if placed is None:
            return None
        _, xs, chars = placed
        width = xs[-1] * 64 + chars[-1].advance * 64
        top = max(c.top for c in chars)
        bottom = min(c.bottom for c in chars)
        return width / 64, (top - bottom) / 64, -bottom / 64

    def glyphs(self, s, prop):
        """The glyphs matplotlib's ``draw_text`` would draw for `s`, or None."""
        placed = self._place(s, prop)
        if placed is None:
            return None
        cache, xs, chars = placed
        size = prop.get_size_in_points()
        return [(cache.font, size, c.index, 0, 1, x, 0.0) for x, c in zip(xs, chars, strict=True)]

    def _place(self, s, prop):
        """(font cache, glyph x positions, _Char per glyph) of `s`, or None."""
        # A long text asks about many new pairs at once, each costing more
        # than a FreeType layout of two characters: FreeType is quicker for
        # a paragraph, which rarely comes back anyway.
        if not s or len(s) > _LONGEST:
            return None
        cache = self._font(prop)
        placed = cache.place(s, self._renderer, prop)
        return None if placed is None else (cache, *placed)


class _Char:
    """One character's glyph: index, advance (pixels) and ink top and bottom (26.6)."""

    __slots__ = ("index", "advance", "top", "bottom")

    def __init__(self, index, advance, top, bottom):
        self.index, self.advance, self.top, self.bottom = index, advance, top, bottom


class _FontCache:
    """Characters and neighbouring pairs of one font at one size, dpi and hinting."""

    def __init__(self, font, flags):
        self.font, self.flags = font, flags
        self.chars, self.pairs = {}, {}

    def place(self, s, renderer, prop):
        """(x of each glyph in pixels, their _Char) of `s`, or None if it needs FreeType.

        A question to FreeType goes to the font as the renderer prepares it:
        one FT2Font serves every size, so its size is set first.
        """
        chars = []
        for c in s:
            char = self.chars.get(c, False)
            if char is False:
                char = self.chars[c] = self._ask_char(renderer._prepare_font(prop), c)
            if char is None:
                return None
            chars.append(char)
        xs = [0.0]
        for a, b, first, second in zip(s[:-1], s[1:], chars[:-1], chars[1:], strict=True):
            step = self.pairs.get((a, b), False)
            if step is False:
                step = self.pairs[a, b] = self._ask_pair(
                    renderer._prepare_font(prop), a + b, first, second)
            if step is None:
                return None
            xs.append(xs[-1] + step)
        return xs, chars

    def _ask_char(self, font, c):
        """FreeType's answer for `c` alone, or None if it cannot be reused."""
        if not _stands_alone(c):
            return None
        items = font._layout(c, self.flags)
        if (len(items) != 1 or items[0].ft_object is not font or not items[0].glyph_index
                or items[0].x or items[0].y):
            return None
        advance = font.load_glyph(items[0].glyph_index, self.flags).horiAdvance / 64
        font.set_text(c, 0.0, flags=self.flags)
        width, height = font.get_width_height()
        descent = font.get_descent()
        # Ink beyond the advance would make a string's width more than the
        # sum of its advances.
        if width != advance * 64:
            return None
        return _Char(items[0].glyph_index, advance, height - descent, -descent)

    def _ask_pair(self, font, pair, first, second):
        """How far the second glyph of `pair` sits from the first, or None if kerned or joined."""
        items = font._layout(pair, self.flags)
        if (len(items) != 2 or items[0].glyph_index != first.index
                or items[1].glyph_index != second.index or items[1].ft_object is not font
                or items[1].y or items[1].x != first.advance):
            return None
        return first.advance


def _stands_alone(c):
    """Whether `c` is a character that no neighbour reshapes (see _BLOCKS)."""
    code = ord(c)
    return (any(lo <= code <= hi for lo, hi in _BLOCKS)
            and unicodedata.category(c)[0] not in _REFUSED_CATEGORIES)


def _cached_font_heights(renderer):
    """Matplotlib's per-font line metrics for ``Text._get_layout``, computed once per font.

    ``Text._get_layout`` looks up the font file and reads three of its
    tables for every text it lays out, even one it has measured before: in
    a profile of a CurveExplorer step (issue 20) that was 0.3 ms of each of
    the nine layouts. matplotlib asks a renderer for these numbers first
    (``_get_font_height_metrics``, as its PDF and PS renderers answer); this
    answers with the numbers ``_get_layout`` would compute itself, by the
    same formula, cached per font properties and dpi.
    """
    cache = {}

    def metrics(prop):
        key = (prop.copy(), renderer.dpi)
        found = cache.get(key)
        if found is None:
            found = cache[key] = _font_height_metrics(prop, renderer.dpi)
        return found

    return metrics


def _font_height_metrics(prop, dpi):
    """(min ascent, min descent, line gap) in pixels, as ``Text._get_layout`` reads them."""
    font = font_manager.get_font(font_manager.fontManager._find_fonts_by_props(prop))
    for table_name, gap_key, ascent_key, descent_key in (
        ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
        ("hhea", "lineGap", "ascent", "descent"),
    ):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
        return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
    return None, None, None
