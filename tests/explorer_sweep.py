"""The slider sweep every explorer's tests run (not a test module itself).

Drives each slider of an explorer through `values(slider)` and, after every
move, asserts what holds for all explorers: no warning of any kind, exactly
one render per actual change, the same figure object. The explorer-specific
assertions come in through `check(name, value)`.
"""

from __future__ import annotations

import warnings

from logitlab.widgets._sliders import value_range


def ends(slider):
    """Both ends, twice, so each end is reached from the other one.

    The ends are values (a log slider's ``min`` and ``max`` are exponents):
    the sliders refuse a value out of their range.
    """
    lo, hi = value_range(slider)
    return (lo, hi, lo, hi)


def sweep_sliders(ex, check, values=ends):
    fig = ex.figure
    for name, slider in ex.sliders.items():
        for value in values(slider):
            before, changed = ex.n_renders, slider.value != value
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                slider.value = value
            assert ex.n_renders == before + changed, (name, value)
            assert ex.figure is fig
            check(name, value)


def _frames(slider, values):
    """`animate()`'s slider argument as (name, values) pairs of one length."""
    if isinstance(slider, str):
        return [(slider, list(values))]
    pairs = list(slider.items()) if isinstance(slider, dict) else list(slider)
    return [(name, list(vals)) for name, vals in pairs]


def axes_limits(ex):
    """Every axes' (x limits, y limits) of `ex`'s figure, keyed by a readable name."""
    out = {}
    for i, ax in enumerate(ex.figure.axes):
        name = ax.get_title() or ax.get_ylabel()
        out[f"axes {i} {name!r}" if name else f"axes {i}"] = (
            tuple(float(v) for v in ax.get_xlim()), tuple(float(v) for v in ax.get_ylim()))
    return out


def limits_changes(ex, slider, values=None):
    """Axes whose limits move during a sweep, as `animate(path, slider, values)` makes it.

    Each frame's sliders are set together (one render, as in ``animate``);
    the result lists every frame and axes whose x or y limits differ from
    the first frame's, and is empty when the axes stay fixed for the whole
    sweep (a sweep whose axes rescale stretches the picture instead of
    moving what is on it). The sliders are put back afterwards.
    """
    pairs = _frames(slider, values)
    start = {name: ex.sliders[name].value for name, _ in pairs}
    changes, first = [], None
    try:
        for i in range(len(pairs[0][1])):
            with ex.hold():
                for name, vals in pairs:
                    ex.sliders[name].value = vals[i]
            limits = axes_limits(ex)
            if first is None:
                first = limits
                continue
            where = ", ".join(f"{name}={vals[i]!r}" for name, vals in pairs)
            for axes, (xlim, ylim) in limits.items():
                for which, now, was in (("x", xlim, first[axes][0]), ("y", ylim, first[axes][1])):
                    if now != was:
                        changes.append(f"frame {i} ({where}): {axes} {which} limits {now} "
                                       f"(frame 0: {was})")
    finally:
        with ex.hold():
            for name, value in start.items():
                ex.sliders[name].value = value
    return changes
