"""How long each lesson takes to run top to bottom in a fresh kernel.

Each notebook is executed as ``make notebooks`` does (nbclient, a new
``python3`` kernel per notebook, 120 s cell timeout, the notebooks folder as
working directory), but from a temporary copy, so the committed file and
its stored outputs are never touched. The time includes kernel start-up:
that is what a reader waits for after "Restart and run all".

Rows: one per notebook ``NN_*.ipynb`` (goal < 15 s), then "series 01-03"
(goal < 30 s) and "whole series" (goal < 60 s), the sums over whichever
lessons exist. No baseline: the goals are absolute.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["run", "notebook_paths", "execute_notebook"]

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

NOTEBOOK_GOAL_S = 15.0
SERIES_01_03_GOAL_S = 30.0
WHOLE_SERIES_GOAL_S = 60.0


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered lesson notebooks in reading order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file())


def execute_notebook(path: Path, timeout: int = 120) -> float:
    """Execute a temporary copy of `path` in a fresh kernel; return wall seconds.

    Raises whatever nbclient raises if a cell fails: a broken lesson must not
    be reported as fast.
    """
    import nbformat
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        nb = nbformat.read(copy, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            store_widget_state=False,
        )
        start = time.perf_counter()
        client.execute()
        elapsed = time.perf_counter() - start
        nbformat.write(nb, copy)
    return elapsed


def _row(benchmark, seconds, goal_s, note):
    return {
        "benchmark": benchmark,
        "ours": float("nan") if seconds is None else float(seconds),
        "baseline": None,
        "ratio": None,
        "goal": f"< {goal_s:g} s",
        "ok": None if seconds is None else seconds < goal_s,
        "unit": "s",
        "note": note,
    }


def run() -> list[dict]:
    """Time every notebook once, in order; one dict per table row."""
    rows = []
    times: dict[str, float] = {}
    for path in notebook_paths():
        try:
            seconds = execute_notebook(path)
        except Exception as exc:  # report the failure as a row, keep timing the others
            rows.append(_row(f"notebook {path.name}", float("nan"), NOTEBOOK_GOAL_S,
                             f"FAILED: {type(exc).__name__}: {str(exc)[:80]}"))
            rows[-1]["ok"] = False
            continue
        times[path.name] = seconds
        rows.append(_row(f"notebook {path.name}", seconds, NOTEBOOK_GOAL_S,
                         "fresh kernel, start-up included"))

    first_three = [s for name, s in times.items() if name[:2] in ("01", "02", "03")]
    rows.append(_row("series 01-03", sum(first_three) if first_three else None,
                     SERIES_01_03_GOAL_S, f"sum over {len(first_three)} of 3 lessons"))
    rows.append(_row("whole series", sum(times.values()) if times else None,
                     WHOLE_SERIES_GOAL_S, f"sum over {len(times)} notebooks (00 included)"))
    return rows


if __name__ == "__main__":
    for r in run():
        print(r)
