"""JupyterLab as `make lab` starts it: no news toast may cover an explorer.

On a fresh install JupyterLab asks "get notified about official Jupyter
news?" in a toast over the bottom right of the page, where the explorers'
status lines are. `make setup` installs config/jupyterlab-overrides.json into
the venv's settings directory (not the user's home); the harness's private
user settings no longer set it, so this server shows what a student gets.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from benchmarks import _browser as harness

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "@jupyterlab/apputils-extension:notification"


def test_overrides_installed_in_the_environment():
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    ours = json.loads((ROOT / "config" / "jupyterlab-overrides.json").read_text())
    assert ours[PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}
    assert installed.is_file(), f"{installed} missing: `make setup` installs it"
    assert json.loads(installed.read_text()) == ours


def test_news_is_off_in_the_running_lab(lab):
    # Overrides become the schema's defaults; the user has set nothing.
    reply = lab.request("GET", f"lab/api/settings/{PLUGIN}")
    defaults = {k: v.get("default") for k, v in reply["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false"
    assert defaults["checkForUpdates"] is False
    assert "fetchNews" not in reply["settings"]


def test_no_toast_over_a_lesson(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        harness.open_notebook(page, lab, "00_start_here.ipynb")
        # The consent toast appears a moment after the page settles.
        page.wait_for_timeout(3000)
        toasts = page.locator(".Toastify__toast")
        texts = [toasts.nth(i).inner_text() for i in range(toasts.count())]
        assert not any("news" in t.lower() for t in texts), texts
    finally:
        context.close()
