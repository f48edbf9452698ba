"""Every lesson in a real JupyterLab: Run All is clean and every explorer responds.

The ``lesson`` fixture (conftest.py) opens each ``notebooks/NN_*.ipynb`` found
on disk and runs all cells once; the tests below then inspect and drive that
page. Explorers are found through the DOM contract of
``logitlab.widgets.Explorer``: a root with classes ``logitlab-explorer`` and
``logitlab-<kind>``, the plot as an ``<img>`` inside ``.logitlab-plot``, the
status line ``.logitlab-status``, standard ipywidgets sliders.
"""

from __future__ import annotations

import re

import pytest

from benchmarks import _browser as harness

LESSONS = harness.lesson_notebooks(harness.notebook_source())

pytestmark = pytest.mark.browser

# The explorer kind each lesson must show (00 is the table of contents).
EXPECTED_KIND = {
    "01": "curve",
    "02": "curve",
    "03": "valley",
    "05": "path",
    "06": "stability",
    "07": "regions",
    "08": "utilities",
}


def _lessons_mentioning(text):
    return [p for p in LESSONS if text in p.read_text(encoding="utf-8")]


def _on(lessons):
    """Parametrize the module-scoped ``lesson`` fixture over a subset of lessons."""
    return pytest.mark.parametrize("lesson", lessons, ids=[p.stem for p in lessons],
                                   indirect=True)


# Chosen from the notebooks' source so lessons added later are covered; the
# rendered page is then held to it (an explorer in the source must show).
WITH_EXPLORER = _lessons_mentioning("Explorer(")
WITH_CURVE = _lessons_mentioning("CurveExplorer(")
WITH_EXPECTED_KIND = [p for p in LESSONS if p.name[:2] in EXPECTED_KIND]


def _explorers(lesson):
    explorers = lesson.explorers()
    assert explorers.count() > 0, f"{lesson.path.name}: explorer in the source, none rendered"
    return [explorers.nth(i) for i in range(explorers.count())]


def _number(text: str) -> float:
    # Readouts use the typographic minus sign (U+2212).
    return float(text.replace("\u2212", "-"))


def _key_towards_room(slider) -> str:
    """ArrowRight unless the handle already sits at its maximum."""
    handle = slider.locator(".noUi-handle").first
    now = float(handle.get_attribute("aria-valuenow"))
    top = float(handle.get_attribute("aria-valuemax"))
    return "ArrowLeft" if now >= top else "ArrowRight"


def _slider_by_label(explorer, label):
    sliders = harness.sliders(explorer)
    for i in range(sliders.count()):
        if harness.slider_label(sliders.nth(i)) == label:
            return sliders.nth(i)
    raise AssertionError(f"no slider labelled {label!r} in the explorer")


def test_run_all_without_errors(lesson):
    problems = harness.notebook_problems(lesson.page)
    assert problems == [], f"{lesson.path.name}:\n" + "\n".join(problems)
    assert lesson.run_all_ok, f"{lesson.path.name}: Run All reported a failure"
    assert harness.kernel_errors(lesson.page) == []
    assert lesson.console_errors == [], lesson.console_errors


def test_every_lesson_with_an_explorer_names_its_kind():
    """A renumbered or new lesson cannot slip out of the check below."""
    marker = "# NBVAL_IGNORE_OUTPUT"
    shown = {p.name[:2] for p in LESSONS if marker in p.read_text(encoding="utf-8")}
    assert shown <= set(EXPECTED_KIND), sorted(shown - set(EXPECTED_KIND))
    present = {p.name[:2] for p in LESSONS}
    assert set(EXPECTED_KIND) <= present or not LESSONS, sorted(set(EXPECTED_KIND) - present)


@_on(WITH_EXPECTED_KIND)
def test_lesson_shows_its_explorer(lesson):
    kind = EXPECTED_KIND[lesson.number]
    found = lesson.page.locator(f".logitlab-explorer.logitlab-{kind}")
    assert found.count() >= 1, f"{lesson.path.name}: expected a logitlab-{kind} explorer"
    plot = harness.explorer_plot(found.first)
    # A real picture, decoded and laid out, not a broken or empty <img>.
    width = plot.evaluate("img => img.complete ? img.naturalWidth : 0")
    assert width > 100, f"{lesson.path.name}: plot image not shown (naturalWidth {width})"


@_on(WITH_EXPLORER)
def test_screenshot_main_explorer(lesson, screenshots_dir):
    main = _explorers(lesson)[0]
    main.scroll_into_view_if_needed()
    target = screenshots_dir / f"{lesson.path.stem}.png"
    main.screenshot(path=str(target), animations="disabled")
    box = main.bounding_box()
    assert box["width"] > 300 and box["height"] > 200, box
    assert target.stat().st_size > 5_000  # an actual picture, not a blank strip


def _predict_first(explorer, where):
    """Do what the learner does first where an explorer asks for a prediction.

    An explorer made with ``predict=True`` (lesson 05's PathExplorer) hides
    its run until the learner types an end point and presses "draw the
    run"; until then its sliders move nothing but the start. Pressing the
    button must draw the run (a new picture) and judge the guess.
    """
    button = explorer.locator("button", has_text="draw the run")
    if button.count() == 0:
        return
    src, digest = harness.plot_state(explorer)
    button.first.click()
    try:
        new_digest = harness.wait_plot_changed(explorer, src, timeout=10_000)
    except harness.PlaywrightTimeout:
        pytest.fail(f"{where}: 'draw the run' pressed, plot not redrawn in 10 s")
    assert new_digest != digest, f"{where}: 'draw the run' re-sent the same picture"
    status = explorer.locator(".logitlab-status").inner_text()
    assert "prediction" in status.lower(), f"{where}: status after the run: {status!r}"


def _wait_for_response(explorer, src, status, where):
    """Wait until the plot's picture or the status line changes; the new digest, or None.

    A slider step must change what the learner sees. Mostly that is the
    plot; a step the plot does not show (StabilityExplorer's shift c where
    nothing overflows: softmax ignores a shift, which is the lesson) changes
    only the status line, and the kernel sends no new picture for an
    identical one. The status may arrive just before the picture: the
    picture then gets a second more.
    """
    img = harness.explorer_plot(explorer).element_handle()
    line = explorer.locator(".logitlab-status").element_handle()
    try:
        explorer.page.wait_for_function(
            "([img, old, line, said]) => (img.getAttribute('src') || old) !== old"
            " || line.innerText !== said",
            arg=[img, src, line, status], timeout=10_000)
    except harness.PlaywrightTimeout:
        pytest.fail(f"{where}: neither the plot nor the status line changed in 10 s")
    try:
        return harness.wait_plot_changed(explorer, src, timeout=1_000)
    except harness.PlaywrightTimeout:
        return None


@_on(WITH_EXPLORER)
def test_keyboard_moves_every_slider(lesson):
    for e, explorer in enumerate(_explorers(lesson)):
        _predict_first(explorer, f"{lesson.path.name} explorer {e}")
        sliders = harness.sliders(explorer)
        assert sliders.count() > 0, f"explorer {e} has no sliders"
        for i in range(sliders.count()):
            slider = sliders.nth(i)
            label = harness.slider_label(slider)
            before = harness.slider_readout(slider)
            src, digest = harness.plot_state(explorer)
            status = explorer.locator(".logitlab-status").inner_text()
            harness.press_slider_key(slider, _key_towards_room(slider))
            where = f"{lesson.path.name} explorer {e} slider {label!r}"
            after = harness.slider_readout(slider)
            assert after != before, f"{where}: readout stayed at {before}"
            new_digest = _wait_for_response(explorer, src, status,
                                            f"{where} (moved {before} -> {after})")
            assert new_digest != digest, f"{where}: plot re-sent but unchanged"
    assert harness.kernel_errors(lesson.page) == []


@_on(WITH_EXPLORER)
def test_mouse_drag_moves_the_plot(lesson):
    for e, explorer in enumerate(_explorers(lesson)):
        slider = harness.sliders(explorer).first
        handle = slider.locator(".noUi-handle").first
        lo, hi, now = (
            float(handle.get_attribute(f"aria-value{a}")) for a in ("min", "max", "now")
        )
        target = 0.2 if (now - lo) / (hi - lo) > 0.5 else 0.8
        before = harness.slider_readout(slider)
        src, digest = harness.plot_state(explorer)
        harness.drag_slider(slider, target, steps=10, duration_ms=300)
        harness.wait_plot_changed(explorer, src)
        # Let the last value reach the kernel and come back as the final plot.
        lesson.page.wait_for_timeout(600)
        after = harness.slider_readout(slider)
        where = f"{lesson.path.name} explorer {e}"
        assert after != before, f"{where}: readout stayed at {before}"
        # The handle's own position (log sliders show 10**value in the readout).
        moved = (float(handle.get_attribute("aria-valuenow")) - lo) / (hi - lo)
        assert abs(moved - target) < 0.1, f"{where}: handle at {moved:.2f}, dragged to {target}"
        assert harness.plot_state(explorer)[1] != digest, f"{where}: plot unchanged by the drag"
    assert harness.kernel_errors(lesson.page) == []


def test_lesson_02_uses_the_curve_explorer():
    lesson02 = [p for p in LESSONS if p.name.startswith("02_")]
    if not lesson02:
        pytest.skip("no lesson 02 in this folder")
    assert lesson02[0] in WITH_CURVE, "lesson 02 must show a CurveExplorer"


@_on(WITH_CURVE)
def test_curve_explorer_snap_then_beta1(lesson):
    curves = lesson.page.locator(".logitlab-explorer.logitlab-curve")
    assert curves.count() > 0, f"{lesson.path.name}: CurveExplorer in the source, not on the page"
    for e in range(curves.count()):
        explorer = curves.nth(e)
        labels = [harness.slider_label(s) for s in harness.sliders(explorer).all()]
        assert labels[:4] == ["β", "β₁", "β₂", "x"], labels
        status = explorer.locator(".logitlab-status")
        beta, beta1, beta2 = (_slider_by_label(explorer, lab) for lab in ("β", "β₁", "β₂"))

        # Issue 10: the answer stays hidden until found or asked for.
        assert "match when" not in status.inner_text()
        button = explorer.locator(".logitlab-snap")
        assert "β₁ − β₂" not in button.inner_text() and "Show me" in button.inner_text()
        button.click()
        status.filter(has_text="curves match").wait_for()
        assert "curves differ" not in status.inner_text()
        assert "match when" in status.inner_text()
        # Snap sets beta = beta1 - beta2 (positive class 0, the default).
        want = _number(harness.slider_readout(beta1)) - _number(harness.slider_readout(beta2))
        assert _number(harness.slider_readout(beta)) == pytest.approx(want, abs=0.011)

        src, _ = harness.plot_state(explorer)
        harness.press_slider_key(beta1, _key_towards_room(beta1))
        harness.wait_plot_changed(explorer, src)
        status.filter(has_text="curves differ").wait_for()
        assert not re.search(r"curves match", status.inner_text())
    assert harness.kernel_errors(lesson.page) == []
