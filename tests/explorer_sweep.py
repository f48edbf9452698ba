"""The slider sweep every explorer's tests run (not a test module itself).

Drives each slider of an explorer through `values(slider)` and, after every
move, asserts what holds for all explorers: no warning of any kind, exactly
one render per actual change, the same figure object. The explorer-specific
assertions come in through `check(name, value)`.
"""

from __future__ import annotations

import warnings


def ends(slider):
    """Both ends, twice, so each end is reached from the other one."""
    return (slider.min, slider.max, slider.min, slider.max)


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
