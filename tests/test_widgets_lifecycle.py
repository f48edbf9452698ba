"""What every explorer shares: closing and freeing, refused slider values, hold(), status.

Each test runs over all five explorers, so a new explorer that skips the
shared machinery fails here.
"""

from __future__ import annotations

import gc
import math
import weakref

import ipywidgets
import numpy as np
import pytest
from ipywidgets.widgets.widget import _instances

from logitlab.widgets import (
    CurveExplorer,
    PathExplorer,
    RandomUtilityExplorer,
    RegionsExplorer,
    StabilityExplorer,
    ValleyExplorer,
)

EXPLORERS = [CurveExplorer, ValleyExplorer, PathExplorer, StabilityExplorer, RegionsExplorer,
             RandomUtilityExplorer]


def _make(cls):
    # PathExplorer's default 150 steps are not needed here: fewer is faster.
    return cls(n_steps=20) if cls is PathExplorer else cls()


def _some_other_value(slider):
    return slider.max if slider.value != slider.max else slider.min


# -- close(): item 2 --------------------------------------------------------
@pytest.mark.parametrize("cls", EXPLORERS)
def test_closed_explorer_and_its_figure_are_freed(cls):
    ex = _make(cls)
    gone, figure_gone = weakref.ref(ex), weakref.ref(ex.figure)
    ex.close()
    del ex
    gc.collect()
    assert gone() is None and figure_gone() is None


@pytest.mark.parametrize("cls", EXPLORERS)
def test_a_slider_kept_after_close_does_not_keep_the_explorer(cls):
    ex = _make(cls)
    sliders = list(ex.sliders.values())
    gone = weakref.ref(ex)
    ex.close()
    del ex
    gc.collect()
    assert gone() is None
    for slider in sliders:
        slider.value = _some_other_value(slider)  # harmless: drives nothing


def test_without_close_the_widget_registry_keeps_an_explorer_alive():
    """Why close() exists, and proof that the test above can fail."""
    ex = CurveExplorer()
    alive = weakref.ref(ex)
    del ex
    gc.collect()
    try:
        assert alive() is not None
    finally:
        alive().close()


@pytest.mark.parametrize("cls", EXPLORERS)
def test_close_closes_every_widget_it_made(cls):
    before = set(_instances)
    ex = _make(cls)
    made = set(_instances) - before
    # Sliders, boxes, the image, the status line, their layouts and styles.
    assert len(made) > 3 * len(ex.sliders)
    ex.close()
    assert not made & set(_instances)
    assert ex.closed and ex.widget.comm is None and ex.status.layout.comm is None
    assert all(s.comm is None and s.layout.comm is None and s.style.comm is None
               for s in ex.sliders.values())


@pytest.mark.parametrize("cls", EXPLORERS)
def test_after_close_controls_do_nothing_and_close_again_is_harmless(cls):
    ex = _make(cls)
    ex.close()
    n, status = ex.n_renders, ex.status.value
    for slider in ex.sliders.values():
        slider.value = _some_other_value(slider)
    with ex.hold():
        pass
    ex.update()
    assert ex.n_renders == n and ex.status.value == status
    assert ex.figure.axes == []  # the figure's artists are freed
    ex.close()
    assert ex.closed
    assert "closed" in ex._repr_mimebundle_()["text/plain"]


def test_curve_explorer_controls_after_close():
    ex = CurveExplorer()
    ex.close()
    n = ex.n_renders
    ex.snap_button.click()
    ex.positive = 1
    ex.show_asker = False
    assert ex.n_renders == n


@pytest.mark.parametrize("cls", EXPLORERS)
def test_with_block_closes(cls):
    with _make(cls) as ex:
        assert not ex.closed and ex.n_renders >= 1
    assert ex.closed
    with pytest.raises(ZeroDivisionError), _make(cls) as ex2:
        1 / 0  # noqa: B018 - an error inside the block still closes
    assert ex2.closed


# -- slider values from code: item 8 ---------------------------------------
@pytest.mark.parametrize("cls", EXPLORERS)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_every_slider_refuses_a_non_finite_value(cls, bad):
    ex = _make(cls)
    for name, slider in ex.sliders.items():
        value, n, status = slider.value, ex.n_renders, ex.status.value
        with pytest.raises(ValueError, match=rf"^{cls.__name__}: the {name} slider needs a "
                                             r"finite number, got -?(nan|inf)"):
            slider.value = bad
        assert slider.value == value and ex.n_renders == n and ex.status.value == status
        # Still works afterwards.
        slider.value = _some_other_value(slider)
        assert ex.n_renders == n + 1
    ex.close()


@pytest.mark.parametrize("cls", EXPLORERS)
def test_hold_renders_even_when_the_block_raises(cls):
    ex = _make(cls)
    name, slider = next(iter(ex.sliders.items()))
    n, png = ex.n_renders, ex.png()
    with pytest.raises(RuntimeError, match="inside hold"), ex.hold():
        slider.value = _some_other_value(slider)
        raise RuntimeError("inside hold")
    # The plot shows the value the slider now has, not the one before.
    assert ex.n_renders == n + 1 and ex.png() != png, name
    assert ex._hold == 0
    ex.close()


# -- status line wraps: issue 8, "Also" -------------------------------------
@pytest.mark.parametrize("cls", EXPLORERS)
def test_status_line_wraps_inside_the_plot_width(cls):
    ex = _make(cls)
    # Checked in JupyterLab at 1280 px (headless Chromium): the text wraps
    # inside the plot's width and ends 16 px before the output's right edge.
    layout = ex.status.layout
    assert layout.width is None
    assert layout.max_width == f"{ex.figsize[0] * ex.dpi:.0f}px"
    value = ex.status.value
    assert value.startswith('<div style="white-space:normal;overflow-wrap:anywhere;')
    assert "padding-right:16px" in value[:200]
    assert value.endswith("</div>")
    # The DOM contract the browser tests use is unchanged.
    assert "logitlab-status" in ex.status._dom_classes
    assert isinstance(ex.status, ipywidgets.HTML)
    ex.close()


@pytest.mark.parametrize("cls", [PathExplorer, RegionsExplorer])
def test_long_status_lines_are_wrapped_after_every_change(cls):
    ex = _make(cls)
    for slider in ex.sliders.values():
        slider.value = _some_other_value(slider)
        assert ex.status.value.startswith('<div style="white-space:normal')
    ex.close()


# -- constructor arguments: item 8, the whole class -------------------------
BAD_ARGUMENTS = [
    (RandomUtilityExplorer, {"scores": (0.5, math.nan)}, ValueError,
     r"scores must hold finite numbers, got nan at index 1"),
    (RandomUtilityExplorer, {"n": 7}, ValueError, r"n must be one of 100, 1000"),
    (RandomUtilityExplorer, {"seed": -1}, ValueError, r"seed must be a whole number >= 0"),
    (RandomUtilityExplorer, {"scores": (1.0,)}, ValueError, r"2 or 3 of them, got 1"),
    (CurveExplorer, {"beta": math.nan}, ValueError, r"beta must be in"),
    (CurveExplorer, {"positive": np.array([0, 1])}, ValueError, r"positive must be 0"),
    (CurveExplorer, {"positive": 1.0}, ValueError, r"positive must be 0"),
    (CurveExplorer, {"positive": np.True_}, ValueError, r"positive must be 0"),
    (ValleyExplorer, {"c": math.inf}, ValueError, r"c must be in"),
    (StabilityExplorer, {"shift": math.nan}, ValueError, r"shift must be in"),
    (PathExplorer, {"x": [0.5, math.nan, 1.0], "y": [0, 1, 1]}, ValueError,
     r"x must hold finite numbers, got nan at index 1"),
    (PathExplorer, {"x": [0.5, -1.0, 1.0], "y": [0, 1, math.nan]}, ValueError,
     r"y must hold finite numbers"),
    (PathExplorer, {"start": None}, TypeError, r"start"),
    (PathExplorer, {"start": 1.0}, ValueError, r"start must have shape \(2,\)"),
    (PathExplorer, {"start": (1.0, 2.0, 3.0)}, ValueError, r"start must have shape \(2,\)"),
    (PathExplorer, {"start": ("a", 1.0)}, TypeError, r"start"),
    (PathExplorer, {"start": (math.nan, 1.0)}, ValueError, r"start must hold finite"),
    (PathExplorer, {"n_steps": 2.5}, ValueError, r"n_steps must be a whole number, got 2.5"),
    (PathExplorer, {"n_steps": True}, TypeError, r"n_steps"),
    (PathExplorer, {"n_steps": None}, TypeError, r"n_steps must be a number"),
    (PathExplorer, {"lr": math.nan}, ValueError, r"lr must be in"),
    (RegionsExplorer, {"coef": [[1, 2], [3, 4], [5, math.nan]]}, ValueError,
     r"coef must hold finite numbers, got nan at index \(2, 1\)"),
    (RegionsExplorer, {"intercept": [0.0, math.inf, 0.0]}, ValueError,
     r"intercept must hold finite numbers"),
    (RegionsExplorer, {"intercept": [0.0, 0.0]}, ValueError, r"intercept must have shape \(3,\)"),
    (RegionsExplorer, {"intercept": [0.0, 0.0, 7.0]}, ValueError,
     r"intercept\[2\] must be in \[-5, 5\] \(the slider's range\), got 7.0"),
    (RegionsExplorer, {"coef": [[2, 0], [-1, 1.7], [-1, -6]]}, ValueError,
     r"coef\[2, 1\] must be in \[-5, 5\]"),
    (RegionsExplorer, {"coef": [[9, 0], [-1, 1.7], [-1, -1]], "edit": 0}, ValueError,
     r"coef\[0, 0\] must be in"),
    (RegionsExplorer, {"edit": 1.0}, ValueError, r"edit must be one of 0, 1, 2, got 1.0"),
    (RegionsExplorer, {"edit": True}, ValueError, r"edit must be one of"),
    (RegionsExplorer, {"edit": "2"}, ValueError, r"edit must be one of"),
    (RegionsExplorer, {"edit": np.array([0, 1])}, ValueError, r"edit must be one of"),
    (RegionsExplorer, {"n_grid": 0}, ValueError, r"n_grid must be in \[2, 1000\]"),
    (RegionsExplorer, {"n_grid": 10**6}, ValueError, r"n_grid must be in"),
    (RegionsExplorer, {"n_grid": 50.5}, ValueError, r"n_grid must be a whole number"),
    (RegionsExplorer, {"n_grid": "160"}, TypeError, r"n_grid must be a number"),
    (RegionsExplorer, {"extent": (3, -3, -3, 3)}, ValueError,
     r"extent is \(x1_min, x1_max, x2_min, x2_max\) with each minimum below its maximum"),
    (RegionsExplorer, {"extent": (-3, 3, 0, 0)}, ValueError, r"minimum below its maximum"),
    (RegionsExplorer, {"extent": (-3, 3)}, ValueError, r"extent must have shape \(4,\)"),
    (RegionsExplorer, {"extent": (-3, 3, math.nan, 3)}, ValueError, r"extent must hold finite"),
    (RegionsExplorer, {"extent": "abcd"}, TypeError, r"extent"),
    (RegionsExplorer, {"class_names": "abc"}, TypeError, r"class_names must be a sequence of "
                                                         r"three str, got 'abc'"),
    (RegionsExplorer, {"class_names": ("a", "b")}, TypeError, r"class_names must be"),
    (RegionsExplorer, {"class_names": ("a", "b", 3)}, TypeError, r"class_names must be"),
    (RegionsExplorer, {"class_names": None}, TypeError, r"class_names must be"),
    (RegionsExplorer, {"points": [[0.0, 1.0]]}, ValueError, r"both points and labels"),
    (RegionsExplorer, {"labels": [0]}, ValueError, r"both points and labels"),
    (RegionsExplorer, {"points": [[0.0, math.nan]], "labels": [0]}, ValueError,
     r"points must hold finite"),
    (RegionsExplorer, {"points": [0.0, 1.0], "labels": [0, 1]}, ValueError,
     r"points must have shape \(n, 2\)"),
    (RegionsExplorer, {"points": [[0.0, 1.0]], "labels": [3]}, ValueError,
     r"labels must be the class numbers 0, 1 or 2"),
    (RegionsExplorer, {"points": [[0.0, 1.0]], "labels": ["a"]}, TypeError, r"labels"),
]


@pytest.mark.parametrize(("cls", "kwargs", "error", "pattern"), BAD_ARGUMENTS,
                         ids=[f"{c.__name__}-{'-'.join(k)}-{i}"
                              for i, (c, k, _, _) in enumerate(BAD_ARGUMENTS)])
def test_bad_constructor_arguments_name_the_explorer(cls, kwargs, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        cls(**kwargs)
    assert str(info.value).startswith(f"{cls.__name__}()"), str(info.value)


def test_every_explorer_is_in_the_bad_argument_table():
    assert {cls for cls, *_ in BAD_ARGUMENTS} == set(EXPLORERS)


@pytest.mark.parametrize("name", ["logitlab.widgets._base", "logitlab.widgets._sliders"])
def test_examples_of_the_shared_modules_run(name):
    """tests/test_docstrings.py skips private modules; these hold the shared machinery."""
    import doctest
    import importlib

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 3 and result.failed == 0


def test_choices_are_checked_by_type_not_by_membership():
    # `value in (0, 1)` takes 1.0 and True and fails on arrays with NumPy's message.
    ex = CurveExplorer()
    for bad in (np.array([0, 1]), 1.0, True, np.True_, "1"):
        with pytest.raises(ValueError, match=r"^CurveExplorer.positive: positive must be 0"):
            ex.positive = bad
    ex.positive = np.int64(1)
    assert ex.positive == 1 and type(ex.positive) is int
    ex.close()
    regions = RegionsExplorer(n_grid=20)
    for bad in (np.array(["softmax"]), ["softmax"], None):
        with pytest.raises(ValueError, match=r"^RegionsExplorer.mode must be one of"):
            regions.mode = bad
    assert regions.mode == "softmax"
    regions.close()


def _png_size_in_child(_):
    from logitlab.widgets import CurveExplorer

    with CurveExplorer() as ex:
        return len(ex.png())


def test_a_forked_child_can_still_render():
    # The PNG halves are deflated on a helper thread. A child forked after a
    # render (multiprocessing's fork start method, mutmut's workers) has the
    # pool object but not its thread: without the at-fork reset it waited
    # for ever on its first frame.
    import multiprocessing

    from logitlab.widgets import CurveExplorer

    with CurveExplorer() as ex:
        assert ex.png()[:8] == b"\x89PNG\r\n\x1a\n"  # the pool exists now
    with multiprocessing.get_context("fork").Pool(1) as pool:
        size = pool.apply_async(_png_size_in_child, (0,)).get(timeout=60)
    assert size > 10_000


def test_frame_png_is_a_valid_zlib_stream_with_its_checksum():
    # The two halves of a frame are deflated and checksummed in two threads
    # and joined: zlib.decompress checks the joined Adler-32 (Pillow may not).
    import struct
    import zlib

    from logitlab.widgets import PathExplorer

    with PathExplorer() as ex:
        ex.sliders["l2"].value = 0.5
        data = ex.png()
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height = struct.unpack(">II", data[16:24])
    raw = zlib.decompress(idat)
    assert len(raw) == height * (1 + 3 * width)
    assert zlib.adler32(raw) == struct.unpack(">I", idat[-4:])[0]


class _KernelLoop:
    """A kernel's event loop as the explorers see it: callbacks run when it says."""

    def __init__(self):
        self.waiting = []

    def call_soon(self, callback, *args):
        self.waiting.append((callback, args))

    def run_ready(self):
        ready, self.waiting = self.waiting, []
        for callback, args in ready:
            callback(*args)


@pytest.fixture
def kernel_loop(monkeypatch):
    from logitlab.widgets import _base

    loop = _KernelLoop()
    monkeypatch.setattr(_base, "_kernel_loop", lambda: loop)
    return loop


@pytest.mark.parametrize("cls", EXPLORERS, ids=lambda c: c.__name__)
def test_browser_values_render_after_the_message_and_only_the_latest(cls, kernel_loop):
    # In a kernel the browser's values arrive as messages that ipywidgets
    # applies with set_state. The explorer draws after the message (the
    # kernel answers first: issue 20), once, with the newest value; a value
    # set from code still draws at once.
    ex = cls()
    name, slider = next(iter(ex.sliders.items()))
    values = _drag_values(slider)
    before = ex.n_renders
    for value in values[:3]:
        slider.set_state({"value": value})
    assert ex.n_renders == before  # nothing drawn inside the messages
    assert len(kernel_loop.waiting) == 1  # one render asked for, not three
    kernel_loop.run_ready()
    assert ex.n_renders == before + 1
    after_browser = ex.png()
    slider.value = values[3]
    assert ex.n_renders == before + 2  # from code: drawn before returning
    assert kernel_loop.waiting == []
    reference = cls()
    reference.sliders[name].value = values[2]
    assert after_browser == reference.png(), "the frame shows the newest value"
    reference.close()
    ex.close()


def test_a_render_due_after_close_draws_nothing(kernel_loop):
    ex = CurveExplorer()
    ex.sliders["beta"].set_state({"value": 2.0})
    ex.close()
    n = ex.n_renders
    kernel_loop.run_ready()  # raises if the closed explorer tried to draw
    assert ex.n_renders == n


def test_outside_a_kernel_browser_values_render_at_once_even_in_a_running_loop():
    # A running event loop is not a kernel's: Playwright's synchronous API
    # keeps one running and never returns to it between test steps.
    import asyncio
    import threading

    renders = []

    async def apply_browser_value():
        ex = CurveExplorer()
        before = ex.n_renders
        ex.sliders["beta"].set_state({"value": 2.5})
        renders.append(ex.n_renders - before)
        ex.close()

    worker = threading.Thread(target=asyncio.run, args=(apply_browser_value(),))
    worker.start()
    worker.join()
    assert renders == [1]


def test_the_kernel_loop_is_found_only_in_a_kernel(monkeypatch):
    import asyncio
    import threading
    from types import SimpleNamespace

    from logitlab.widgets import _base

    assert _base._kernel_loop() is None  # pytest: no IPython kernel
    monkeypatch.setattr(_base, "get_ipython", lambda: SimpleNamespace(kernel=object()))
    found = []

    async def inside():
        found.append(_base._kernel_loop() is asyncio.get_running_loop())

    worker = threading.Thread(target=asyncio.run, args=(inside(),))
    worker.start()
    worker.join()
    assert found == [True]


def _drag_values(slider):
    """Four distinct values on the slider's grid, away from its start."""
    if isinstance(slider, ipywidgets.FloatLogSlider):
        exps = np.linspace(slider.min, slider.max, 6)[1:5]
        return [float(slider.base) ** float(e) for e in exps]
    lo, hi, step = slider.min, slider.max, slider.step
    picks = [lo + round((lo + (hi - lo) * f - lo) / step) * step for f in (0.15, 0.35, 0.65, 0.85)]
    picks = [int(v) if isinstance(slider, ipywidgets.IntSlider) else float(v) for v in picks]
    assert len(set(picks)) == 4 and slider.value not in picks[:3], picks
    return picks
