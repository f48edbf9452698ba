"""Fixtures for the end-to-end tests: one Chromium and one JupyterLab per session.

The servers run over a temporary copy of ``notebooks/`` (runs never modify
the repository's notebooks) with temporary Jupyter config, data, runtime,
settings and workspace directories, and are stopped with their kernels at
the end of the session. Each lesson gets its own browser context and page,
shared by that lesson's tests so the notebook runs once.

Without ``/usr/bin/chromium`` the tests skip with the install command, except
when ``CI`` is ``"true"``: there a missing browser fails the run.

Set ``LOGITLAB_BROWSER_NOTEBOOKS=/some/dir`` to run the suite over another
folder of ``NN_*.ipynb`` notebooks (used while developing the harness).

Screenshots of each lesson's main explorer go to ``artifacts/screenshots/``
(git-ignored). ``docs/lesson02-explorer.png``, shown in the README, is a copy
of ``artifacts/screenshots/02_*.png`` made by hand after a run.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    # The harness is shared with benchmarks/bench_browser.py; plain `pytest`
    # (unlike `python -m pytest`) does not put the repo root on sys.path.
    sys.path.insert(0, str(ROOT))

from benchmarks import _browser as harness  # noqa: E402

NOTEBOOK_SOURCE = harness.notebook_source()
LESSONS = harness.lesson_notebooks(NOTEBOOK_SOURCE)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def require_browser() -> None:
    """Skip (or, under CI=true, fail) when Chromium or Playwright is missing."""
    problem = None
    if not harness.chromium_available():
        problem = harness.INSTALL_HINT
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Python package `playwright` is missing: run `make setup`"
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{problem} (CI=true: browser tests may not be skipped)", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright's sync API."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = harness.launch_chromium(pw)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def notebook_copy(tmp_path_factory) -> Path:
    """A private copy of the notebooks folder for the servers to run in."""
    return harness.copy_notebooks(tmp_path_factory.mktemp("notebooks"), NOTEBOOK_SOURCE)


@pytest.fixture(scope="session")
def lab(browser, notebook_copy):
    """A private JupyterLab, stopped (with its kernels) at session end."""
    server = harness.LabServer(notebook_copy)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@dataclass
class Lesson:
    """A lesson opened in JupyterLab after Run All."""

    path: Path
    page: object
    run_all_ok: bool
    console_errors: list = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.path.name[:2]

    def explorers(self):
        return self.page.locator(".logitlab-explorer")


@pytest.fixture(scope="module", params=LESSONS, ids=[p.stem for p in LESSONS])
def lesson(request, browser, lab):
    """Each lesson once per test module: opened in a new page, Run All done."""
    path = request.param
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    console_errors = []
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    try:
        harness.open_notebook(page, lab, path.name)
        harness.watch_kernel_errors(page)
        ok = harness.run_all_cells(page)
        yield Lesson(path, page, ok, console_errors)
    finally:
        context.close()
        lab.shutdown_kernels()  # two cores: no idle kernels piling up
