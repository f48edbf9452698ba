"""Headless-browser harness shared by the browser tests and the browser benchmark.

Starts a private JupyterLab (or Voila) server over a temporary copy of the
notebooks, launches Debian's Chromium through Playwright, and drives
notebooks through JupyterLab's own command registry. Nothing here touches
the user's Jupyter settings, workspaces or the repository's notebooks: every
server gets fresh temporary config, data, runtime, settings and workspace
directories and is stopped (with its kernels) by :meth:`Server.stop`.

The tests (``tests/browser/``) and ``benchmarks/bench_browser.py`` import this
module; it depends only on the standard library, ``psutil`` and
``playwright`` (imported lazily by :func:`launch_chromium`).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "INSTALL_HINT",
    "LabServer",
    "VoilaServer",
    "chromium_available",
    "copy_notebooks",
    "drag_slider",
    "explorer_plot",
    "kernel_errors",
    "kernel_eval",
    "launch_chromium",
    "lesson_notebooks",
    "notebook_source",
    "notebook_problems",
    "open_notebook",
    "plot_state",
    "press_slider_key",
    "run_all_cells",
    "slider_label",
    "slider_readout",
    "sliders",
    "wait_plot_changed",
    "watch_kernel_errors",
]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

CHROMIUM = "/usr/bin/chromium"
# Headless flags for a container: no sandbox (root), no GPU, /dev/shm is small,
# and nothing that phones home or updates itself during a run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    f"Chromium not found at {CHROMIUM}; install Debian's browser with "
    "`apt-get install -y chromium` (as root) to run the browser tests"
)

# User settings written into each server's private settings directory.
_LAB_SETTINGS = {
    # The news toast is off through the project's own overrides.json, which
    # `make setup` installs into the venv (what a student's `make lab` gets);
    # tests/browser/test_browser_settings.py checks that it is in force.
    # Keep every cell in the DOM so the tests see all outputs, not a window.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}


def chromium_available() -> bool:
    """True when Debian's Chromium is installed where the harness expects it.

    Examples
    --------
    >>> chromium_available() in (True, False)
    True
    """
    return os.access(CHROMIUM, os.X_OK)


def notebook_source() -> Path:
    """The notebooks folder the browser tests run: ``notebooks/`` unless overridden.

    ``LOGITLAB_BROWSER_NOTEBOOKS=/some/dir`` points the tests at another folder
    of ``NN_*.ipynb`` notebooks (used while developing the harness).

    Examples
    --------
    >>> import os
    >>> "LOGITLAB_BROWSER_NOTEBOOKS" in os.environ or notebook_source() == NOTEBOOKS
    True
    """
    return Path(os.environ.get("LOGITLAB_BROWSER_NOTEBOOKS") or NOTEBOOKS)


def lesson_notebooks(directory: Path = NOTEBOOKS) -> list[Path]:
    """The numbered lesson notebooks on disk, in order (``NN_*.ipynb``).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> for name in ["02_b.ipynb", "00_a.ipynb", "scratch.ipynb", "1_c.ipynb"]:
    ...     _ = (d / name).write_text("{}")
    >>> [p.name for p in lesson_notebooks(d)]
    ['00_a.ipynb', '02_b.ipynb']
    """
    return sorted(directory.glob("[0-9][0-9]_*.ipynb"))


def copy_notebooks(dest: Path, source: Path = NOTEBOOKS) -> Path:
    """Copy ``source`` (notebooks and their files) to ``dest`` so runs never edit the repo.

    Examples
    --------
    >>> import tempfile
    >>> src, dest = Path(tempfile.mkdtemp()), Path(tempfile.mkdtemp()) / "copy"
    >>> _ = (src / "01_x.ipynb").write_text("{}")
    >>> (src / ".ipynb_checkpoints").mkdir()
    >>> sorted(p.name for p in copy_notebooks(dest, src).iterdir())
    ['01_x.ipynb']
    """
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(source, dest, ignore=ignore, dirs_exist_ok=True)
    return dest


def _root_flag() -> list[str]:
    # Containers and CI often run as root; Jupyter refuses that without the flag.
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago.

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Jupyter-family server in its own process group and temporary home.

    Subclasses build the command line; this class owns the lifecycle:
    start, wait until it answers, and stop exactly that process and the
    kernels it started.
    """

    name = "server"

    def __init__(self, notebook_dir: Path, *, startup_timeout: float = 90.0):
        self.notebook_dir = Path(notebook_dir)
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.base_url: str | None = None
        self.proc: subprocess.Popen | None = None
        self._home = Path(tempfile.mkdtemp(prefix=f"logitlab-{self.name}-"))
        self.log_path = self._home / "server.log"
        self._log = None

    # -- environment ----------------------------------------------------
    def _env(self) -> dict:
        env = dict(os.environ)
        for var, sub in [
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
        ]:
            path = self._home / sub
            path.mkdir(exist_ok=True)
            env[var] = str(path)
        # Kernels must not pick up a user's or CI's interactive backend.
        env.pop("MPLBACKEND", None)
        env["JUPYTER_PLATFORM_DIRS"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _discover_url(self) -> str | None:
        raise NotImplementedError

    # -- lifecycle ------------------------------------------------------
    def start(self) -> Server:
        """Start the server and block until it answers HTTP requests."""
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self._command(),
            cwd=self.notebook_dir,
            env=self._env(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() can't hit ours
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.proc.returncode} during start-up; "
                    f"log:\n{self.log_text()}"
                )
            url = self.base_url or self._discover_url()
            if url:
                self.base_url = url.rstrip("/")
                if self._answers():
                    return self
            time.sleep(0.25)
        self.stop()
        raise TimeoutError(
            f"{self.name} did not answer within {self.startup_timeout:.0f} s; "
            f"log:\n{self.log_text()}"
        )

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.api_url("api/status"), timeout=2) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def api_url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{sep}token={self.token}"

    def request(self, method: str, path: str, data: dict | None = None, timeout=10):
        """Call the server's REST API with the token; return parsed JSON or None."""
        body = json.dumps(data).encode() if data is not None else None
        req = urllib.request.Request(self.api_url(path), data=body, method=method)
        req.add_header("Authorization", f"token {self.token}")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def log_text(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def _children(self) -> list:
        """The processes this server started (its kernels), as psutil handles."""
        import psutil

        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    def stop(self, timeout: float = 15.0) -> None:
        """Stop exactly this server and its kernels; remove its temporary home."""
        if self.proc is not None and self.proc.poll() is None:
            import psutil

            kernels = self._children()
            # SIGTERM to the server's own process group (start_new_session):
            # jupyter_server then shuts its kernels down cleanly.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            # Kernels live in sessions of their own: end any that outlived the
            # server. psutil handles refuse to signal a recycled PID.
            _, alive = psutil.wait_procs(kernels, timeout=5)
            for kernel in alive:
                with contextlib.suppress(psutil.Error):
                    kernel.kill()
        if self._log is not None:
            self._log.close()
            self._log = None
        shutil.rmtree(self._home, ignore_errors=True)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class LabServer(Server):
    """A private JupyterLab on 127.0.0.1 with a random token and port.

    ``window.jupyterapp`` is exposed in the page so tests can call JupyterLab
    commands (``notebook:run-all-cells``) instead of clicking menus.

    Examples
    --------
    >>> from playwright.sync_api import sync_playwright
    >>> with LabServer(NOTEBOOKS) as lab, sync_playwright() as pw:  # doctest: +SKIP
    ...     page = launch_chromium(pw).new_page()
    ...     open_notebook(page, lab, "02_sigmoid_is_two_class_softmax.ipynb")
    ...     run_all_cells(page), notebook_problems(page)
    (True, [])
    """

    name = "jupyterlab"

    def _command(self) -> list[str]:
        settings = self._home / "lab-user-settings"
        for rel, value in _LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        workspaces = self._home / "lab-workspaces"
        workspaces.mkdir(exist_ok=True)
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=0",  # the OS picks; read back from the runtime file
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            "--ServerApp.open_browser=False",
            f"--ServerApp.root_dir={self.notebook_dir}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={workspaces}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            # Kernels idle between tests are culled by the fixtures, not by timers.
            "--MappingKernelManager.cull_idle_timeout=0",
            # No PyPI queries from the extension manager.
            "--LabApp.extension_manager=readonly",
        ] + _root_flag()

    def _discover_url(self) -> str | None:
        runtime = self._home / "runtime"
        for info_file in runtime.glob("jpserver-*.json"):
            try:
                info = json.loads(info_file.read_text())
            except (OSError, ValueError):
                continue  # half-written; try again
            if info.get("pid") == self.proc.pid:
                return info["url"]
        return None

    def lab_url(self, path: str = "", workspace: str | None = None) -> str:
        """URL of ``path`` (relative to the notebook dir) in a fresh named workspace."""
        workspace = workspace or f"w{secrets.token_hex(4)}"
        tree = f"/tree/{path}" if path else ""
        return f"{self.base_url}/lab/workspaces/{workspace}{tree}?token={self.token}"

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel (between tests, to free the 2 cores)."""
        for session in self.request("GET", "api/sessions") or []:
            with contextlib.suppress(urllib.error.URLError):
                self.request("DELETE", f"api/sessions/{session['id']}")
        for kernel in self.request("GET", "api/kernels") or []:
            with contextlib.suppress(urllib.error.URLError):
                self.request("DELETE", f"api/kernels/{kernel['id']}")


class VoilaServer(Server):
    """A private Voila (code hidden, widgets live) on 127.0.0.1 with a token.

    Examples
    --------
    >>> with VoilaServer(NOTEBOOKS) as voila:  # doctest: +SKIP
    ...     print(voila.render_url("02_sigmoid_is_two_class_softmax.ipynb"))
    http://127.0.0.1:.../voila/render/02_sigmoid_is_two_class_softmax.ipynb?token=...
    """

    name = "voila"

    def __init__(self, notebook_dir: Path, **kwargs):
        super().__init__(notebook_dir, **kwargs)
        self.port = free_port()

    def _command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "voila",
            str(self.notebook_dir),
            "--Voila.ip=127.0.0.1",
            f"--port={self.port}",
            "--Voila.port_retries=0",
            f"--token={self.token}",
            "--no-browser",
        ]

    def _discover_url(self) -> str | None:
        return f"http://127.0.0.1:{self.port}/"

    def _answers(self) -> bool:
        # Voila has no /api/status; its tree page answers once it listens.
        try:
            with urllib.request.urlopen(self.api_url(""), timeout=2) as resp:
                return resp.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def render_url(self, path: str) -> str:
        return f"{self.base_url}/voila/render/{path}?token={self.token}"


def launch_chromium(playwright, **kwargs):
    """Launch headless Debian Chromium through Playwright (never a downloaded one)."""
    if not chromium_available():
        raise FileNotFoundError(INSTALL_HINT)
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs
    )


# -- driving JupyterLab ---------------------------------------------------

# Resolves once the notebook panel is attached and its kernel is idle.
_JS_WAIT_NOTEBOOK = """
async (path) => {
  const app = window.jupyterapp;
  const deadline = performance.now() + 60000;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let panel = null;
  while (performance.now() < deadline) {
    panel = app.shell.currentWidget;
    if (panel && panel.context && panel.context.path === path && panel.content) break;
    panel = null;
    await sleep(100);
  }
  if (!panel) throw new Error('notebook ' + path + ' did not open');
  await panel.context.ready;
  await panel.sessionContext.ready;
  while (performance.now() < deadline) {
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected') {
      return kernel.name;
    }
    await sleep(100);
  }
  throw new Error('kernel of ' + path + ' never became idle');
}
"""

# Runs every cell; resolves with the command's result once the kernel is idle.
_JS_RUN_ALL = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const deadline = performance.now() + 120000;
  while (performance.now() < deadline) {
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const busy = Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
      .some((p) => p.textContent.includes('*'));
    if (kernel && kernel.status === 'idle' && !busy) return ok;
    await sleep(100);
  }
  throw new Error('Run All did not finish within 120 s');
}
"""

# Everything a reader would see as broken after Run All. Widget outputs are
# found through the notebook model (the DOM node of a widget output carries no
# mime type) and must hold a rendered view, not a placeholder or an error.
_JS_PROBLEMS = r'''
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  const problems = [];
  const text = (el) => (el.innerText || el.textContent || '').trim().slice(0, 800);
  panel.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const count = prompt ? prompt.textContent.trim() : '';
    if (!/\[\d+\]/.test(count)) problems.push(`cell ${i}: not executed (prompt ${count})`);
    const children = cell.node.querySelectorAll('.jp-OutputArea-child');
    const outputs = cell.model.outputs;
    for (let j = 0; j < outputs.length; j++) {
      const out = outputs.get(j);
      const node = children[j];
      const shown = node ? text(node) : '';
      if (out.type === 'error') {
        problems.push(`cell ${i}: error output ${shown}`);
      } else if (/Traceback \(most recent call last\)/.test(shown)) {
        // A traceback on stderr or from a widget callback: the code failed.
        problems.push(`cell ${i}: traceback ${shown}`);
      }
      if (/Error displaying widget/.test(shown)) problems.push(`cell ${i}: ${shown}`);
      if (out.data && out.data[WIDGET] && out.data[WIDGET].model_id) {
        const view = node && node.querySelector('.jp-OutputArea-output .jupyter-widgets');
        if (!view || /Loading widget\.\.\./.test(shown)) {
          problems.push(`cell ${i}: widget output ${j} did not render (${shown.slice(0, 80)})`);
        }
      }
    }
  });
  return problems;
}
'''


def open_notebook(page, server: LabServer, path: str, timeout: float = 90_000) -> str:
    """Open ``path`` in a fresh workspace; wait for its kernel to be idle.

    Returns the kernel name.
    """
    page.goto(server.lab_url(path), wait_until="domcontentloaded", timeout=timeout)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                           timeout=timeout)
    page.evaluate("() => window.jupyterapp.started")
    return page.evaluate(_JS_WAIT_NOTEBOOK, path)


def run_all_cells(page) -> bool:
    """Run All in the current notebook and wait until every cell has executed."""
    return page.evaluate(_JS_RUN_ALL)


def notebook_problems(page) -> list[str]:
    """Errors, tracebacks, unexecuted cells and unrendered widgets in the current notebook."""
    return page.evaluate(_JS_PROBLEMS)


# Collects kernel errors that never reach a cell: a slider callback that raises
# sends its traceback on iopub (JupyterLab shows it only in the log console).
_JS_WATCH_KERNEL = r'''
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  window.__logitlabKernelErrors = [];
  kernel.iopubMessage.connect((_, msg) => {
    const type = msg.header.msg_type;
    const c = msg.content || {};
    if (type === 'error') {
      window.__logitlabKernelErrors.push(`${c.ename}: ${c.evalue}`);
    } else if (type === 'stream' && c.name === 'stderr' && /Traceback/.test(c.text)) {
      window.__logitlabKernelErrors.push(c.text.slice(0, 800));
    }
  });
  return true;
}
'''


_JS_KERNEL_EVAL = r'''
async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  let out = '';
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
  };
  const reply = await future.done;
  if (reply.content.status !== 'ok') {
    throw new Error(`${reply.content.ename}: ${reply.content.evalue}`);
  }
  return out;
}
'''


def kernel_eval(page, code: str) -> str:
    """Run ``code`` in the current notebook's kernel (not in a cell); return its stdout."""
    return page.evaluate(_JS_KERNEL_EVAL, code)


def watch_kernel_errors(page) -> None:
    """Start recording errors the current notebook's kernel publishes."""
    page.evaluate(_JS_WATCH_KERNEL)


def kernel_errors(page) -> list[str]:
    """Errors recorded since :func:`watch_kernel_errors` (callbacks included)."""
    return page.evaluate("() => window.__logitlabKernelErrors || []")


# -- driving an explorer ----------------------------------------------------
# Works in JupyterLab and in Voila: both render ipywidgets 8 the same way.

# SHA-256 of the pixels behind an <img>'s blob/data URL, so "the plot changed"
# means new content, not just a new URL for the same picture.
_JS_IMG_DIGEST = r'''
async (img) => {
  if (!img.src) return null;
  const buf = await (await fetch(img.src)).arrayBuffer();
  const hash = await crypto.subtle.digest('SHA-256', buf);
  return Array.from(new Uint8Array(hash)).map((b) => b.toString(16).padStart(2, '0')).join('');
}
'''


def __getattr__(name):
    # Playwright is imported lazily; expose its timeout error on demand.
    if name == "PlaywrightTimeout":
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        return PlaywrightTimeout
    raise AttributeError(name)


def explorer_plot(explorer):
    """The ``<img>`` of an explorer's plot (a Playwright locator)."""
    return explorer.locator(".logitlab-plot img").first


def plot_state(explorer) -> tuple[str, str]:
    """(src, content digest) of the explorer's plot image right now."""
    img = explorer_plot(explorer)
    src = img.get_attribute("src") or ""
    digest = img.evaluate(_JS_IMG_DIGEST)
    return src, digest


def wait_plot_changed(explorer, old_src: str, timeout: float = 15_000) -> str:
    """Wait until the plot's src differs from ``old_src``; return the new digest."""
    img = explorer_plot(explorer).element_handle()
    explorer.page.wait_for_function(
        "([img, old]) => img.getAttribute('src') && img.getAttribute('src') !== old",
        arg=[img, old_src],
        timeout=timeout,
    )
    return img.evaluate(_JS_IMG_DIGEST)


def sliders(explorer):
    """The explorer's sliders (``.widget-slider`` locators), in display order."""
    return explorer.locator(".widget-slider")


def slider_readout(slider) -> str:
    return slider.locator(".widget-readout").inner_text().strip()


def slider_label(slider) -> str:
    return slider.locator(".widget-label").first.inner_text().strip()


def press_slider_key(slider, key: str = "ArrowRight") -> None:
    """Focus the slider's handle and press ``key`` (noUiSlider moves one step)."""
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    handle.press(key)


def drag_slider(slider, to_fraction: float, *, steps: int = 12, duration_ms: float = 0) -> None:
    """Drag the slider's handle with the mouse to ``to_fraction`` of its track.

    ``duration_ms`` spreads the ``steps`` mouse moves over that time, as a
    hand would; 0 moves as fast as the browser takes events.
    """
    page = slider.page
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-target, .slider").first
    handle.scroll_into_view_if_needed()
    hb = handle.bounding_box()
    tb = track.bounding_box()
    x0, y0 = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    x1 = tb["x"] + tb["width"] * min(max(to_fraction, 0.0), 1.0)
    page.mouse.move(x0, y0)
    page.mouse.down()
    pause = duration_ms / steps if duration_ms else 0
    for i in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * i / steps, y0)
        if pause:
            page.wait_for_timeout(pause)
    page.mouse.up()
