"""Explorer.animate(): animated PNGs of a slider sweep, for readers without a kernel.

Each file is read back with Pillow: its frames are compared with what the
explorer itself renders at each value (``png()``, put through the same
downscale and palette), its durations and loop with what was asked, its
size with the issue's budget of 600 kB. The explorer must come out of a
sweep as it went in, and the browser must see none of it.
"""

from __future__ import annotations

import doctest
import io
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from logitlab.widgets import (
    CurveExplorer,
    Explorer,
    PathExplorer,
    RandomUtilityExplorer,
    RegionsExplorer,
    StabilityExplorer,
    ValleyExplorer,
)
from logitlab.widgets._sliders import float_slider

BUDGET = 600_000

# One key sweep per explorer, about 25 frames: what a lesson would store.
SWEEPS = {
    CurveExplorer: ("beta", np.linspace(1.0, 2.0, 25)),  # until the curves meet
    ValleyExplorer: ("beta1", np.linspace(-2.0, 3.0, 25)),  # across the valley
    PathExplorer: ("steps", np.linspace(0, 150, 25).round()),  # the run into the valley
    RegionsExplorer: ("a", np.linspace(-2.0, 2.0, 25)),
    StabilityExplorer: ("scale", np.geomspace(1.0, 3000.0, 25)),  # into overflow
}


def read_frames(path):
    """Every frame as RGB, its duration, and the file's palette and loop count."""
    with Image.open(path) as im:
        frames, durations = [], []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(im.convert("RGB"))
            durations.append(im.info["duration"])
        palette = im.getpalette() if im.mode == "P" else None
        return frames, durations, palette, im.info.get("loop")


def rendered(ex, **values):
    """The explorer's own PNG with its sliders at `values`, as an RGB image."""
    with ex.hold():
        for name, value in values.items():
            ex.sliders[name].value = value
    return Image.open(io.BytesIO(ex.png())).convert("RGB")


def with_palette(image, palette):
    """`image` with each pixel the nearest colour of `palette` (ties: the first), as an array.

    Written out here rather than with Pillow's quantize(palette=...), which
    looks colours up in 4x4x4 boxes and maps white to (252, 252, 252).
    """
    pal = np.asarray(palette, dtype=np.int64).reshape(-1, 3)
    rgb = np.asarray(image)
    colours, inverse = np.unique(rgb.reshape(-1, 3), axis=0, return_inverse=True)
    d = ((colours[:, None, :].astype(np.int64) - pal[None]) ** 2).sum(axis=-1)
    return pal[d.argmin(axis=1)][inverse.reshape(-1)].reshape(rgb.shape).astype(np.uint8)


def state(ex):
    return (
        {name: s.value for name, s in ex.sliders.items()},
        dict(getattr(ex, "_exact", {})),
        ex.png(),
        ex.status.value,
    )


# -- the file ---------------------------------------------------------------
def test_frames_durations_loop_and_return_value(tmp_path):
    ex = CurveExplorer()
    values = [1.0, 1.2, 1.4, 1.6, 1.8, 2.0]
    target = tmp_path / "sweep.png"
    out = ex.animate(str(target), "beta", values, duration=120, hold_last=2000)
    assert out == target and target.is_file()
    with Image.open(target) as im:
        assert im.format == "PNG" and im.is_animated and im.n_frames == len(values)
    frames, durations, palette, loop = read_frames(target)
    assert durations == [1000.0] + [120.0] * 4 + [2000.0]  # the start held a second
    assert loop == 0  # loops for ever
    assert palette is not None  # the default shared palette
    assert all(f.size == (720, 440) for f in frames)  # scale 1: the figure's own size
    for a, b in zip(frames, frames[1:], strict=False):
        assert a.tobytes() != b.tobytes()  # β moved the sigmoid in every frame


def test_each_frame_is_what_the_learner_sees_in_full_colour(tmp_path):
    ex = RegionsExplorer()
    values = [-2.0, -0.75, 0.5, 1.75]
    path = ex.animate(tmp_path / "a.png", "a", values, colors=None)
    frames, _, palette, _ = read_frames(path)
    assert palette is None and len(frames) == len(values)
    for frame, value in zip(frames, values, strict=True):
        assert frame.tobytes() == rendered(ex, a=value).tobytes(), value


def test_each_frame_is_the_render_after_the_same_scale_and_palette(tmp_path):
    ex = CurveExplorer()
    values = np.linspace(0.5, 2.5, 9)
    path = ex.animate(tmp_path / "beta.png", "beta", values, scale=0.75)
    frames, _, palette, _ = read_frames(path)
    assert len(frames) == len(values)
    for frame, value in zip(frames, values, strict=True):
        want = rendered(ex, beta=value)
        want = want.resize((540, 330), Image.Resampling.LANCZOS)
        assert frame.size == (540, 330)
        assert np.array_equal(np.asarray(frame), with_palette(want, palette)), value
        # And the palette is faithful: close to the unquantised render.
        diff = np.abs(np.asarray(frame, float) - np.asarray(want, float))
        assert diff.mean() < 1.0 and np.quantile(diff, 0.999) < 40


def test_several_sliders_move_together(tmp_path):
    ex = CurveExplorer()
    b1, b2 = [0.5, 1.0, 1.5, 2.0], [-1.0, -0.5, 0.0, 0.5]
    path = ex.animate(tmp_path / "both.png", {"beta1": b1, "beta2": b2}, colors=None)
    frames, *_ = read_frames(path)
    assert len(frames) == 4
    for frame, v1, v2 in zip(frames, b1, b2, strict=True):
        assert frame.tobytes() == rendered(ex, beta1=v1, beta2=v2).tobytes()
    # A sequence of (name, values) pairs is the same request.
    again = ex.animate(tmp_path / "pairs.png", [("beta1", b1), ("beta2", b2)], colors=None)
    assert again.read_bytes() == path.read_bytes()


def test_repeated_frames_are_stored_once_for_their_total_time(tmp_path):
    # Pillow's encoder merges a frame equal to the one before; the timing stays.
    ex = CurveExplorer()
    path = ex.animate(tmp_path / "r.png", "beta", [1.0, 1.0, 1.5, 1.5, 2.0],
                      duration=100, hold_last=700, colors=None)
    frames, durations, *_ = read_frames(path)
    assert durations == [1100.0, 200.0, 700.0]  # hold_first 1000 + one repeat of 100
    for frame, value in zip(frames, [1.0, 1.5, 2.0], strict=True):
        assert np.array_equal(np.asarray(frame), np.asarray(rendered(ex, beta=value)))


def test_the_first_frame_is_held_about_a_second(tmp_path):
    """A viewer that shows only the first frame, or a glance, must see the start (issue 18)."""
    path = CurveExplorer().animate(tmp_path / "first.png", "beta", np.linspace(1.0, 2.0, 6))
    _, durations, *_ = read_frames(path)
    assert durations[0] == 1000.0 and durations[1:-1] == [100.0] * 4 and durations[-1] == 1500.0
    path = CurveExplorer().animate(tmp_path / "first2.png", "beta", [1.0, 1.5, 2.0],
                                   hold_first=2500)
    assert read_frames(path)[1] == [2500.0, 100.0, 1500.0]


def test_parent_directories_are_created(tmp_path):
    target = tmp_path / "notebooks" / "figures" / "curve.png"
    CurveExplorer().animate(target, "beta", [1.0, 2.0])
    assert target.is_file()


# The sweeps the lessons store (notebooks/*.ipynb, their animate() calls), on
# explorers built with defaults: every frame must keep the first frame's axes.
LESSON_SWEEPS = {
    "01 Curve beta2": (CurveExplorer, "beta2", np.linspace(-1.5, 0.5, 21)),
    "02 Curve beta": (CurveExplorer, "beta", np.linspace(0.0, 3.0, 31)),
    "03 Valley c": (ValleyExplorer, "c", np.linspace(-2.0, 4.0, 25)),
    "05 Path steps": (PathExplorer, "steps", list(range(0, 151, 6))),
    "06 Stability scale": (StabilityExplorer, "scale", np.geomspace(10.0, 1000.0, 21)),
    "07 Regions a": (RegionsExplorer, "a", np.round(np.linspace(-2.0, 1.0, 16), 2)),
    "08 RandomUtility z1": (RandomUtilityExplorer, "z1", np.linspace(-2.0, 3.0, 26)),
    **{f"{cls.__name__} {name}": (cls, name, values) for cls, (name, values) in SWEEPS.items()},
}


def axes_limits(ex):
    """Every axes' (xlim, ylim), rounded off float noise, in the figure's order."""
    return [(tuple(np.round(ax.get_xlim(), 9)), tuple(np.round(ax.get_ylim(), 9)))
            for ax in ex.figure.axes]


@pytest.mark.parametrize("sweep", list(LESSON_SWEEPS))
def test_axes_limits_do_not_change_across_the_frames(sweep):
    """A frame that rescales stretches the picture instead of moving it (issue 18)."""
    cls, name, values = LESSON_SWEEPS[sweep]
    with cls() as ex:
        first = None
        for value in values:
            ex.sliders[name].value = value
            limits = axes_limits(ex)
            first = first or limits
            assert limits == first, (
                f"{cls.__name__}: {name} = {value} changes the axes limits from {first} to {limits}"
            )


@pytest.mark.parametrize("cls", list(SWEEPS), ids=lambda c: c.__name__)
def test_a_25_frame_sweep_of_each_explorer_fits_the_budget(cls, tmp_path):
    ex = cls()
    name, values = SWEEPS[cls]
    path = ex.animate(tmp_path / f"{cls.__name__}.png", name, values)
    size = path.stat().st_size
    with Image.open(path) as im:
        assert im.is_animated and im.n_frames == len(values)
    assert size < BUDGET, f"{cls.__name__}: {size:,} bytes"
    # The default palette keeps every pixel near its colour: no line, text or
    # legend key drawn in another colour (median cut drew a key 114 levels off).
    frames, *_ = read_frames(path)
    for i in range(0, len(values), 6):
        want = np.asarray(rendered(ex, **{name: values[i]}), float)
        diff = np.abs(np.asarray(frames[i], float) - want)
        assert diff.mean() < 1.0 and diff.max() <= 50, (cls.__name__, i, diff.max())
    ex.close()


def test_the_same_call_writes_the_same_bytes(tmp_path):
    one, two = CurveExplorer(), CurveExplorer()
    first = one.animate(tmp_path / "1.png", "beta", np.linspace(1, 2, 11)).read_bytes()
    again = one.animate(tmp_path / "2.png", "beta", np.linspace(1, 2, 11)).read_bytes()
    other = two.animate(tmp_path / "3.png", "beta", np.linspace(1, 2, 11)).read_bytes()
    assert first == again == other


def test_another_process_writes_the_same_bytes(tmp_path):
    # What `make notebooks` does: a fresh kernel must not churn the stored file.
    code = (
        "import sys, numpy as np; from logitlab.widgets import RegionsExplorer; "
        "RegionsExplorer().animate(sys.argv[1], 'w1', np.linspace(-5, 5, 9))"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "there.png")], check=True)
    here = RegionsExplorer().animate(tmp_path / "here.png", "w1", np.linspace(-5, 5, 9))
    assert (tmp_path / "there.png").read_bytes() == here.read_bytes()


# -- the explorer afterwards --------------------------------------------------
def test_sliders_exact_values_plot_and_status_are_put_back(tmp_path):
    # beta1 = 1.23 is off the slider grid: kept exact (ExactValues); snap() sets
    # beta exactly to 1.23 - (-1) = 2.23. A sweep must not round either.
    ex = CurveExplorer(beta1=1.23)
    ex.snap()
    before = state(ex)
    assert before[1]["beta1"] == 1.23 and before[1]["beta"] == 2.23
    ex.animate(tmp_path / "a.png", {"beta": [0.0, 1.0, 3.0], "beta1": [0.5, 1.5, 2.5]})
    assert state(ex) == before
    assert ex.beta == 2.23 and ex.matches


@pytest.mark.parametrize("cls", list(SWEEPS), ids=lambda c: c.__name__)
def test_every_explorer_is_put_back(cls, tmp_path):
    ex = cls()
    name, values = SWEEPS[cls]
    before = state(ex)
    ex.animate(tmp_path / "a.png", name, values[::6])
    assert state(ex) == before
    ex.close()


def test_a_sweep_through_the_match_does_not_reveal_the_answer(tmp_path):
    ex = CurveExplorer()
    before = state(ex), getattr(ex, "revealed", None)
    ex.animate(tmp_path / "a.png", "beta", [1.0, 1.5, 2.0])  # 2.0 = beta1 - beta2: a match
    assert (state(ex), getattr(ex, "revealed", None)) == before


class _Toy(Explorer):
    """Reveals its answer once the slider reaches 1, as CurveExplorer does at a match."""

    def _build(self):
        self._revealed = False
        self.sliders["v"] = float_slider("v", 0.0, 0.0, 2.0)
        self.line = self.figure.add_subplot().plot([0, 1], [0, 0], animated=True)[0]
        return []

    def _refresh(self):
        v = float(self.sliders["v"].value)
        self._revealed = self._revealed or v >= 1.0
        self.line.set_ydata([0, v])
        self._set_status("answer: 1" if self._revealed else "find it")


def test_the_kept_state_is_put_back_before_the_last_render(tmp_path):
    ex = _Toy()
    before = state(ex)
    ex.animate(tmp_path / "toy.png", "v", [0.0, 1.0, 2.0])
    assert ex._revealed is False and state(ex) == before
    assert "find it" in ex.status.value
    ex.close()


def test_the_browser_sees_only_the_final_state(tmp_path):
    ex = CurveExplorer()
    sent = {}
    for key, w in [("beta", ex.sliders["beta"]), ("image", ex.image), ("status", ex.status)]:
        sent[key] = []
        w._send = lambda msg, buffers=None, log=sent[key]: log.append(msg)
    ex.animate(tmp_path / "a.png", "beta", np.linspace(1, 2, 11))
    # hold_sync sends the changed traits once, at the end: the restored values.
    for key, msgs in sent.items():
        assert len(msgs) <= 1, (key, len(msgs))
    assert sent["beta"] and sent["beta"][0]["state"]["value"] == 1.0


def test_the_docstring_examples_run():
    test = doctest.DocTestFinder().find(Explorer.animate, "Explorer.animate")[0]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.attempted >= 8 and result.failed == 0


# -- errors -------------------------------------------------------------------
BAD = [
    (dict(slider="b", values=[1, 2]), ValueError,
     r"no slider 'b'; the sliders are 'beta', 'beta1', 'beta2', 'x'"),
    (dict(slider="beta", values=[]), ValueError, r"at least 2 values of 'beta', got 0"),
    (dict(slider="beta", values=[1.0]), ValueError, r"at least 2 values of 'beta', got 1"),
    (dict(slider="beta", values=[1.0, np.nan]), ValueError,
     r"values of 'beta' must be finite numbers, got nan at index 1"),
    (dict(slider="beta", values=[1.0, np.inf]), ValueError, r"got inf at index 1"),
    (dict(slider="beta", values=[1.0, 10.5]), ValueError,
     r"values of 'beta' must lie in the slider's range \[-10, 10\], got 10.5 at index 1"),
    (dict(slider="beta", values=[[1.0, 2.0]]), ValueError, r"flat sequence, got shape \(1, 2\)"),
    (dict(slider="beta", values="12"), TypeError, r"expects real numbers"),
    (dict(slider="beta"), TypeError, r"give the values of the 'beta' slider"),
    (dict(slider={"beta": [1, 2]}, values=[1, 2]), TypeError, r"leave values out"),
    (dict(slider={}), ValueError, r"no slider to move"),
    (dict(slider=3), TypeError, r"slider must be a slider's name"),
    (dict(slider=[("beta", [1, 2]), ("beta", [1, 2])]), ValueError, r"'beta' slider is given"),
    (dict(slider={"beta": [1, 2], "x": [1, 2, 3]}), ValueError,
     r"same number of values, got 'beta': 2, 'x': 3"),
    (dict(slider="beta", values=[1, 2], duration=0), ValueError,
     r"duration must be a whole number of milliseconds from 20 to 60000, got 0"),
    (dict(slider="beta", values=[1, 2], duration=33.3), ValueError, r"duration must be"),
    (dict(slider="beta", values=[1, 2], hold_last=np.nan), ValueError, r"hold_last must be"),
    (dict(slider="beta", values=[1, 2], hold_first=10), ValueError,
     r"hold_first must be a whole number of milliseconds from 20 to 60000, got 10"),
    (dict(slider="beta", values=[1, 2], hold_first=True), ValueError, r"hold_first must be"),
    (dict(slider="beta", values=[1, 2], scale=0), ValueError, r"scale must be a number in"),
    (dict(slider="beta", values=[1, 2], scale=1.5), ValueError, r"scale must be a number in"),
    (dict(slider="beta", values=[1, 2], colors=1), ValueError, r"colors must be a whole"),
    (dict(slider="beta", values=[1, 2], colors=300), ValueError, r"colors must be a whole"),
    (dict(slider="beta", values=[1, 2], max_bytes=0), ValueError, r"max_bytes must be"),
]


@pytest.mark.parametrize(("kwargs", "error", "pattern"), BAD)
def test_bad_arguments_name_animate_and_write_nothing(kwargs, error, pattern, tmp_path):
    ex = CurveExplorer()
    before = state(ex)
    with pytest.raises(error, match=pattern) as info:
        ex.animate(tmp_path / "a.png", **kwargs)
    assert str(info.value).startswith("CurveExplorer.animate(): ") or str(
        info.value).startswith("CurveExplorer.animate() "), str(info.value)
    assert not list(tmp_path.iterdir())
    assert state(ex) == before


@pytest.mark.parametrize("name", ["a.gif", "a", "a.png.txt"])
def test_a_path_must_end_in_png(name, tmp_path):
    with pytest.raises(ValueError, match=r"^CurveExplorer.animate\(\): path must end in .png"):
        CurveExplorer().animate(tmp_path / name, "beta", [1, 2])
    assert not list(tmp_path.iterdir())


def test_a_log_slider_is_checked_against_its_values_not_its_exponents(tmp_path):
    ex = StabilityExplorer()  # scale: 10**0 to 10**3.5
    with pytest.raises(ValueError, match=r"range \[1, 3162.28\], got 0.5 at index 0"):
        ex.animate(tmp_path / "s.png", "scale", [0.5, 10.0])
    ex.animate(tmp_path / "s.png", "scale", [1.0, 3000.0])  # both beyond the exponents 0..3.5


def test_an_integer_slider_takes_whole_numbers(tmp_path):
    ex = PathExplorer(n_steps=20)
    with pytest.raises(ValueError, match=r"'steps' slider takes whole numbers, got 2.5 at index"):
        ex.animate(tmp_path / "p.png", "steps", [0, 2.5, 5])
    assert ex.sliders["steps"].value == 20


def test_a_file_over_max_bytes_is_refused_and_the_explorer_put_back(tmp_path):
    ex = CurveExplorer()
    before = state(ex)
    with pytest.raises(ValueError, match=(
            r"^CurveExplorer.animate\(\): the animation would take [\d,]+ bytes, over "
            r"max_bytes = 10,000; nothing written. Use fewer values \(now 5\)")):
        ex.animate(tmp_path / "big.png", "beta", np.linspace(1, 2, 5), max_bytes=10_000)
    assert not list(tmp_path.iterdir()) and state(ex) == before
    with pytest.raises(ValueError, match=r"Use fewer values \(now 3\), a palette \(colors=256\)"):
        ex.animate(tmp_path / "big.png", "beta", [1.0, 1.5, 2.0], colors=None, max_bytes=10_000)
    # No limit: written.
    ex.animate(tmp_path / "big.png", "beta", np.linspace(1, 2, 5), max_bytes=None)
    assert (tmp_path / "big.png").stat().st_size > 10_000


def test_a_sweep_that_does_not_change_the_plot_is_refused(tmp_path):
    # At the default scale 10 the shift changes only the status line.
    ex = StabilityExplorer()
    with pytest.raises(ValueError, match=r"the plot is the same at every value of 'shift'"):
        ex.animate(tmp_path / "s.png", "shift", [-100.0, 0.0, 100.0])
    assert not list(tmp_path.iterdir())


def test_inside_hold_and_after_close_it_refuses(tmp_path):
    ex = CurveExplorer()
    with ex.hold(), pytest.raises(ValueError, match=r"animate\(\): cannot run inside hold"):
        ex.animate(tmp_path / "a.png", "beta", [1, 2])
    ex.close()
    with pytest.raises(ValueError, match=r"^CurveExplorer.animate\(\): the explorer is closed"):
        ex.animate(tmp_path / "a.png", "beta", [1, 2])
    assert not list(tmp_path.iterdir())


def test_a_failing_render_still_puts_the_explorer_back(tmp_path, monkeypatch):
    ex = CurveExplorer()
    before = state(ex)
    calls, refresh = [], ex._refresh

    def flaky():
        calls.append(1)
        if len(calls) == 3:  # the sweep's third frame
            raise RuntimeError("boom")
        refresh()

    monkeypatch.setattr(ex, "_refresh", flaky)
    with pytest.raises(RuntimeError, match="boom"):
        ex.animate(tmp_path / "a.png", "beta", [1.0, 1.5, 2.0, 2.5])
    assert len(calls) == 4  # the third frame, then the render that puts it back
    assert state(ex) == before and not list(tmp_path.iterdir())
