"""Sliders: construction, checked constructor arguments, exact values.

Every explorer builds its sliders here so they look and behave alike. The
subtle part is :class:`ExactValues`: a browser's slider rounds every value it
is sent to its step grid and reports the rounded value back to the kernel,
so a value set from code (a constructor default, a snap to
``beta1 - beta2``) would silently become a nearby grid value the moment the
widget is displayed. The mixin recognises that echo and keeps the exact value.
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from .._validation import as_real_array

__all__ = [
    "ExactValues",
    "float_slider",
    "frontend_value",
    "int_slider",
    "slider_argument",
]


def float_slider(description, value, lo, hi, step=0.05, fmt=".2f", width="340px"):
    """A FloatSlider sized and formatted the same way in every explorer."""
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,
        style={"description_width": "48px"},
        layout=widgets.Layout(width=width),
    )


def int_slider(description, value, lo, hi, step=1, width="340px"):
    """An IntSlider matching :func:`float_slider`."""
    return widgets.IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,
        style={"description_width": "48px"},
        layout=widgets.Layout(width=width),
    )


def _js_round(value):
    """JavaScript's ``Math.round``: halves go towards +infinity."""
    low = math.floor(value)
    return low + 1 if value - low >= 0.5 else low


def frontend_value(slider, value):
    """The value a browser's FloatSlider reports back after being sent `value`.

    ipywidgets only clamps values on the Python side. In the browser the
    slider (noUiSlider) converts the value to a percentage of the range,
    rounds that to the step, converts back and, because it fires its
    ``update`` event, sends the result to the kernel. This repeats that
    arithmetic operation for operation (checked against noUiSlider itself in
    the tests), so an explorer can recognise the echo of a value it set.

    Parameters
    ----------
    slider : ipywidgets.FloatSlider
        Supplies ``min``, ``max`` and ``step``.
    value : float
        The value sent from the kernel.

    Returns
    -------
    float
        What the browser sends back.

    Examples
    --------
    >>> s = float_slider("b", 0.0, -5.0, 5.0, step=0.05)
    >>> frontend_value(s, 1.0), frontend_value(s, 0.35), frontend_value(s, 1.23)
    (1.0, 0.34999999999999964, 1.25)
    """
    lo, hi, step = float(slider.min), float(slider.max), slider.step
    if value >= hi:
        pct = 100.0
    else:
        pct = 100 * (value + abs(lo) if lo < 0 else value - lo) / (hi - lo)
    if pct != 100 and step:
        step_pct = 100 * step / (hi - lo)
        pct = _js_round(pct / step_pct) * step_pct
    pct = max(min(pct, 100.0), 0.0)
    if pct >= 100:
        return hi
    return pct * 1.0 * (hi - lo) / 100 + lo


class ExactValues:
    """Mixin for :class:`Explorer`: values set from code stay exact.

    A value set through :meth:`_set_exact` is pinned. When the browser echoes
    it back rounded to the slider grid (see :func:`frontend_value`), the
    explorer keeps computing with the exact value; writing it back to the
    slider would start an endless exchange with the browser. Any other
    change of the slider (a drag, a new value from code) drops the pin.
    """

    def _init_exact(self):
        self._exact = {}
        self._names = {id(s): name for name, s in self.sliders.items()}

    def _set_exact(self, name, value):
        self._exact[name] = float(value)
        self.sliders[name].value = float(value)

    def _value(self, name):
        """The slider's value, or the exact value it stands for."""
        return self._exact.get(name, float(self.sliders[name].value))

    def _on_change(self, change):
        name = self._names.get(id(change["owner"]))
        exact = self._exact.get(name)
        if exact is not None and change["new"] != exact:
            if change["new"] != frontend_value(change["owner"], exact):
                del self._exact[name]
        super()._on_change(change)


def slider_argument(func, name, value, lo, hi):
    """`value` as a float in [lo, hi], or an error naming `func` and the problem.

    Constructor arguments become slider values; a value outside the slider's
    range would be clamped silently by ipywidgets, so it is refused here.

    Examples
    --------
    >>> slider_argument("CurveExplorer", "beta", 2, -10.0, 10.0)
    2.0
    """
    try:
        arr = as_real_array(value, func, name)
    except TypeError:
        raise TypeError(f"{func}(): {name} must be a number, got {type(value).__name__}") from None
    if arr.ndim != 0:
        raise TypeError(f"{func}(): {name} must be a single number, got shape {arr.shape}")
    v = float(arr)
    if not lo <= v <= hi:
        raise ValueError(
            f"{func}(): {name} must be in [{lo:g}, {hi:.4g}] (the slider's range), got {v!r}"
        )
    return v
