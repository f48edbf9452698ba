"""The classroom app: a lesson served by Voila, code hidden, sliders live.

Starts its own Voila (as ``make app`` does: loopback, token on) over the
session's temporary copy of the notebooks, opens a lesson with an explorer
and drags a slider.
"""

from __future__ import annotations

import urllib.request

import pytest

from benchmarks import _browser as harness

pytestmark = pytest.mark.browser


def _lesson_with_explorer(folder):
    """Lesson 02 (the CurveExplorer lesson) if present, else the first with an explorer."""
    lessons = harness.lesson_notebooks(folder)
    with_explorer = [p for p in lessons if "Explorer(" in p.read_text()]
    preferred = [p for p in with_explorer if p.name.startswith("02_")]
    return (preferred or with_explorer or [None])[0]


@pytest.fixture(scope="module")
def voila(browser, notebook_copy):
    server = harness.VoilaServer(notebook_copy)
    server.start()
    yield server
    server.stop()


def test_voila_requires_the_token(voila, notebook_copy):
    # Without the token Voila answers with its login page, never the lessons.
    with urllib.request.urlopen(f"{voila.base_url}/", timeout=10) as resp:
        final_url, body = resp.url, resp.read().decode(errors="replace")
    assert "/login" in final_url
    for lesson in harness.lesson_notebooks(notebook_copy):
        assert lesson.name not in body


def test_voila_tree_lists_the_lessons(browser, voila, notebook_copy):
    page = browser.new_page()
    try:
        page.goto(voila.api_url(""))
        for lesson in harness.lesson_notebooks(notebook_copy):
            # The tree is rendered client-side: wait for each entry.
            page.get_by_text(lesson.name, exact=True).first.wait_for(timeout=30_000)
    finally:
        page.close()


def test_voila_lesson_slider_drag(browser, voila, notebook_copy, screenshots_dir):
    lesson = _lesson_with_explorer(notebook_copy)
    if lesson is None:
        pytest.skip("no lesson with an explorer yet")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        # Voila runs the whole notebook before it shows anything.
        page.goto(voila.render_url(lesson.name), timeout=120_000)
        explorer = page.locator(".logitlab-explorer").first
        explorer.wait_for(timeout=120_000)
        harness.explorer_plot(explorer).wait_for()
        # Code hidden: no input areas, no tracebacks.
        assert page.locator(".jp-InputArea-editor:visible").count() == 0
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and "Error displaying widget" not in body

        slider = harness.sliders(explorer).first
        before = harness.slider_readout(slider)
        src, digest = harness.plot_state(explorer)
        harness.drag_slider(slider, 0.85, steps=10, duration_ms=300)
        new_digest = harness.wait_plot_changed(explorer, src)
        assert harness.slider_readout(slider) != before
        assert new_digest != digest
        explorer.screenshot(path=str(screenshots_dir / f"voila-{lesson.stem}.png"))
        assert page_errors == []
    finally:
        context.close()
