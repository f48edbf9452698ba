"""Benchmarks of logitlab, printed as one table by ``python -m benchmarks``.

Each ``bench_<area>.py`` module in this package exposes ``run() -> list[dict]``
with one dict per table row::

    {"benchmark": str, "ours": float, "baseline": float | None,
     "ratio": float | None, "goal": str, "ok": bool | None,
     "unit": str, "note": str}

A module that cannot run here (no browser, a missing optional package) sets
``AVAILABLE = False`` (and optionally ``SKIP_REASON = "why"``) or raises
:class:`SkipBenchmark` from ``run()``; the runner prints a skipped row.

Timings belong here, never in the tests: the machine is shared and noisy,
so ratios are measured in the same run, interleaving ours and the baseline.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

__all__ = ["SkipBenchmark", "best_of", "best_of_pair", "make_row"]


class SkipBenchmark(Exception):
    """Raised by a benchmark's ``run()`` when it cannot run here; the message says why."""


def _number_for(fn: Callable[[], object], target: float = 0.05) -> int:
    """Calls per repeat so that one repeat lasts about ``target`` seconds."""
    timer = timeit.Timer(fn)
    number, elapsed = 1, timer.timeit(1)
    while elapsed < target and number < 10**7:
        number *= 2 if elapsed * 4 > target else 10
        elapsed = timer.timeit(number)
    return number


def best_of(fn: Callable[[], object], repeat: int = 7, number: int | None = None) -> float:
    """Best time of one call of ``fn``, in seconds: min over ``repeat`` timeit runs.

    The minimum, not the mean, is the figure least disturbed by other
    processes on the machine. ``number`` calls are made per repeat; by
    default enough for a repeat to last about 50 ms.

    Examples
    --------
    >>> t = best_of(lambda: sum(range(100)), repeat=3, number=100)
    >>> 0 < t < 1
    True
    """
    if repeat < 1:
        raise ValueError(f"best_of(): repeat must be at least 1, got {repeat}")
    if number is None:
        number = _number_for(fn)
    return min(timeit.Timer(fn).repeat(repeat=repeat, number=number)) / number


def best_of_pair(
    ours: Callable[[], object],
    baseline: Callable[[], object],
    repeat: int = 7,
    number: int | None = None,
) -> tuple[float, float]:
    """Best times of ``ours`` and ``baseline``, measured alternately.

    Alternating the repeats means a burst of load from another process
    slows both sides alike, so the ratio stays meaningful on a shared
    machine.

    Examples
    --------
    >>> a, b = best_of_pair(lambda: sum(range(10)), lambda: sum(range(1000)), 3, 100)
    >>> a > 0 and b > 0
    True
    """
    if number is None:
        number = max(1, min(_number_for(ours), _number_for(baseline)))
    t_ours = t_base = float("inf")
    for _ in range(repeat):
        t_ours = min(t_ours, timeit.Timer(ours).timeit(number) / number)
        t_base = min(t_base, timeit.Timer(baseline).timeit(number) / number)
    return t_ours, t_base


def make_row(
    benchmark: str,
    ours: float,
    baseline: float | None = None,
    *,
    max_ratio: float | None = None,
    max_value: float | None = None,
    unit: str = "",
    note: str = "",
) -> dict:
    """One table row; ``ratio`` and ``ok`` are derived from the goal given.

    ``max_ratio`` sets the goal ``ratio <= max_ratio`` (ours / baseline);
    ``max_value`` the goal ``ours <= max_value``. Without either, ``ok`` is
    None (a figure reported for information).

    Examples
    --------
    >>> row = make_row("f vs g", 1.0, 2.0, max_ratio=1.5, unit="ms")
    >>> row["ratio"], row["goal"], row["ok"]
    (0.5, 'ratio <= 1.5', True)
    """
    ratio = ours / baseline if baseline else None
    if max_ratio is not None:
        goal = f"ratio <= {max_ratio:g}"
        ok = None if ratio is None else bool(ratio <= max_ratio)
    elif max_value is not None:
        goal = f"<= {max_value:g} {unit}".rstrip()
        ok = bool(ours <= max_value)
    else:
        goal, ok = "", None
    return {
        "benchmark": benchmark,
        "ours": float(ours),
        "baseline": None if baseline is None else float(baseline),
        "ratio": ratio,
        "goal": goal,
        "ok": ok,
        "unit": unit,
        "note": note,
    }
