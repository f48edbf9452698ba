"""Sliders: construction, checked constructor arguments, exact values.

Every explorer builds its sliders here so they look and behave alike, and
checks its constructor arguments with the ``*_argument`` helpers here, so
that a bad argument is an error naming the explorer class and the argument,
never a NumPy or matplotlib traceback or a silently clamped value.

The sliders refuse a non-finite value set from code (a browser cannot send
one): ipywidgets would store NaN, the readout would show "nan" and the
explorer would draw nothing or fail inside matplotlib. They also refuse, from
code, what ipywidgets would change without a word: a value outside the
slider's range (clamped to the nearest end), a bool or a string (``True``
becomes 1.0, ``"2"`` becomes 2.0), a fraction on an integer slider (2.5
becomes 2). The error names the explorer and the slider, and the slider
keeps its value. Values from the browser are taken as ipywidgets takes them.

The subtle part is :class:`ExactValues`: a browser's slider rounds every value it
is sent to its step grid and reports the rounded value back to the kernel,
so a value set from code (a constructor default, a snap to
``beta1 - beta2``) would silently become a nearby grid value the moment the
widget is displayed. The mixin recognises that echo and keeps the exact value.
"""

from __future__ import annotations

import math
import numbers

import ipywidgets as widgets
import numpy as np
from traitlets import CFloat, CInt

from .._validation import as_real_array

__all__ = [
    "ExactValues",
    "array_argument",
    "choice_argument",
    "float_log_slider",
    "float_slider",
    "frontend_value",
    "int_slider",
    "slider_argument",
    "value_range",
]

# Tolerance of an echo, as a share of the slider's range (see _is_echo).
_ECHO_TOL = 1e-12


def _who(slider):
    """The explorer class and slider name an error names."""
    return (getattr(slider, "_logitlab_owner", type(slider).__name__),
            getattr(slider, "_logitlab_name", "value"))


def _refuse_non_finite(slider, value):
    """Raise before a non-finite value reaches the slider (see the module docstring)."""
    if isinstance(value, numbers.Real) and not math.isfinite(value):
        owner, name = _who(slider)
        raise ValueError(
            f"{owner}: the {name} slider needs a finite number, got {value!r} "
            f"(the slider keeps {slider.value!r})"
        )


def value_range(slider):
    """The values `slider` can hold, ``(lo, hi)``: a log slider's ``min``/``max`` are exponents.

    Examples
    --------
    >>> value_range(float_log_slider("s", 10.0, 0.0, 3.0))
    (1.0, 1000.0)
    """
    if isinstance(slider, widgets.FloatLogSlider):
        base = float(slider.base)
        return base ** float(slider.min), base ** float(slider.max)
    return float(slider.min), float(slider.max)


def _refuse_from_code(slider, value):
    """Raise on a value set from code that ipywidgets would cast or clamp (module docstring).

    Only a slider made by this module's constructors is checked, once it is
    built (while ipywidgets builds it, ``min`` and ``max`` are not set yet);
    a value from the browser (held in ``_property_lock`` while it is applied)
    is not.
    """
    checked = getattr(slider, "_logitlab_checked", False)  # pragma: no mutate (None: as falsy)
    if not checked or "value" in slider._property_lock:
        return
    owner, name = _who(slider)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: the {name} slider needs a number, got {value!r} "
                        f"({type(value).__name__}; the slider keeps {slider.value!r})")
    _refuse_non_finite(slider, value)
    lo, hi = value_range(slider)
    if not lo <= value <= hi:
        raise ValueError(f"{owner}: the {name} slider's range is [{lo:g}, {hi:g}], got "
                         f"{value!r} (the slider keeps {slider.value!r})")
    if isinstance(slider, widgets.IntSlider) and value != math.floor(value):
        raise ValueError(f"{owner}: the {name} slider takes whole numbers, got {value!r} "
                         f"(the slider keeps {slider.value!r})")


def _told(obj, value):
    """Tell the explorer (see :class:`ExactValues`) of a value set from code."""
    hook = getattr(obj, "_logitlab_on_code_set", None)
    # ipywidgets holds a browser's values in _property_lock while applying them.
    if hook is not None and "value" not in obj._property_lock:
        hook(obj, value)
    return value


class _FiniteFloat(CFloat):
    # validate runs on every assignment, also one that changes nothing (no
    # change event follows then): the only place to see every value set.
    def validate(self, obj, value):
        _refuse_from_code(obj, value)
        _refuse_non_finite(obj, value)
        value = super().validate(obj, value)  # pragma: no mutate (CFloat's bounds ignore obj)
        return _told(obj, value)


class _FiniteInt(CInt):
    def validate(self, obj, value):
        _refuse_from_code(obj, value)
        _refuse_non_finite(obj, value)
        # Equivalent mutants here: CInt's bounds ignore obj, and an integer
        # slider's value always equals a pinned one (no grid to round to).
        return _told(obj, super().validate(obj, value))  # pragma: no mutate


def _checked(slider):
    """`slider`, from now on checking the values set from code (see :func:`_refuse_from_code`)."""
    slider._logitlab_checked = True
    return slider


# Same models and views as ipywidgets' sliders; only the value trait differs.
class _FloatSlider(widgets.FloatSlider):
    value = _FiniteFloat(0.0, help="Float value").tag(sync=True)


class _FloatLogSlider(widgets.FloatLogSlider):
    value = _FiniteFloat(1.0, help="Float value").tag(sync=True)


class _IntSlider(widgets.IntSlider):
    value = _FiniteInt(0, help="Int value").tag(sync=True)


def float_slider(description, value, lo, hi, step=0.05, fmt=".2f", width="340px",
                 label_width="48px"):
    """A FloatSlider sized and formatted the same way in every explorer."""
    return _checked(_FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,  # pragma: no mutate (ipywidgets' default, stated)
        style={"description_width": label_width},
        layout=widgets.Layout(width=width),
    ))


def int_slider(description, value, lo, hi, step=1, width="340px"):
    """An IntSlider matching :func:`float_slider`."""
    return _checked(_IntSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,  # pragma: no mutate (ipywidgets' default, stated)
        style={"description_width": "48px"},
        layout=widgets.Layout(width=width),
    ))


def float_log_slider(description, value, lo_exp, hi_exp, step=0.01, fmt=".4g",
                     width="340px"):
    """A base-10 FloatLogSlider from ``10**lo_exp`` to ``10**hi_exp``."""
    return _checked(_FloatLogSlider(
        value=value,
        base=10,  # pragma: no mutate (ipywidgets' default, stated)
        min=lo_exp,
        max=hi_exp,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=True,  # pragma: no mutate (ipywidgets' default, stated)
        style={"description_width": "56px"},
        layout=widgets.Layout(width=width),
    ))


def _js_round(value):
    """JavaScript's ``Math.round``: halves go towards +infinity."""
    low = math.floor(value)
    return low + 1 if value - low >= 0.5 else low


def _nouislider(lo, hi, step, value):
    """noUiSlider's round trip of `value` on a linear range [lo, hi] with `step`."""
    if value >= hi:  # pragma: no mutate (> is equivalent: 100 * d / d is 100, and 100% is hi)
        return hi
    # noUiSlider writes value + |lo| for a negative lo: the same float as value - lo.
    pct = 100 * (value - lo) / (hi - lo)
    if pct != 100 and step:
        step_pct = 100 * step / (hi - lo)
        pct = _js_round(pct / step_pct) * step_pct
    # Over 100 means hi below: min(pct, 101.0) would be equivalent.
    pct = max(min(pct, 100.0), 0.0)  # pragma: no mutate
    if pct >= 100:
        return hi
    return pct * (hi - lo) / 100 + lo


def frontend_value(slider, value):
    """The value a browser's slider reports back after being sent `value`.

    ipywidgets only clamps values on the Python side. In the browser the
    slider (noUiSlider) converts the value to a percentage of the range,
    rounds that to the step, converts back and, because it fires its
    ``update`` event, sends the result to the kernel. This repeats that
    arithmetic operation for operation (checked against noUiSlider itself in
    the tests), so an explorer can recognise the echo of a value it set.
    An IntSlider's view rounds the result to a whole number (JavaScript's
    ``Math.round``). A FloatLogSlider does the same on the exponent: ipywidgets' view sends
    ``base ** e`` for the exponent ``e = log(value) / log(base)`` (clamped to
    ``[min, max]``) after noUiSlider's rounding.

    Parameters
    ----------
    slider : ipywidgets.FloatSlider, IntSlider or FloatLogSlider
        Supplies ``min``, ``max``, ``step`` (and ``base``).
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
    >>> round(frontend_value(float_log_slider("s", 300.0, 0.0, 3.5), 300.0), 6)
    301.995172
    """
    lo, hi, step = float(slider.min), float(slider.max), slider.step
    if isinstance(slider, widgets.IntSlider):
        # ipywidgets' IntSliderView rounds noUiSlider's 39.999999999999993 to 40.
        return _js_round(_nouislider(lo, hi, step, value))
    if not isinstance(slider, widgets.FloatLogSlider):
        return _nouislider(lo, hi, step, value)
    base = float(slider.base)
    exponent = min(max(math.log(value) / math.log(base), lo), hi)
    return math.pow(base, _nouislider(lo, hi, step, exponent))


def _is_echo(slider, new, exact):
    """Whether `new`, sent by the browser, is its rounding of `exact` (see frontend_value).

    Equal to 1e-12 of the slider's range: the browser's ``Math.log`` and
    ``Math.pow`` may differ from the C library's in the last bit.
    """
    lo, hi = value_range(slider)
    return abs(new - frontend_value(slider, exact)) <= _ECHO_TOL * (hi - lo)


class ExactValues:
    """Mixin for :class:`Explorer`: values set from code stay exact.

    A value set through :meth:`_set_exact` is pinned. When the browser echoes
    it back rounded to the slider grid (see :func:`frontend_value`), the
    explorer keeps computing with the exact value; writing it back to the
    slider would start an endless exchange with the browser. Any other
    change of the slider (a drag, a new value from code) drops the pin.
    """

    def _init_exact(self, pinned=None):
        """Start tracking exact values; `pinned` maps slider names to constructor values.

        Call it in ``_build`` once the sliders exist. Each pinned value stays
        the explorer's value, exactly, when the browser echoes it rounded to
        the slider's grid (``PathExplorer(lr=0.123)`` keeps 0.123, not the
        0.1 the browser sends back), until the slider is moved.
        """
        self._exact = {name: float(v) for name, v in dict(pinned or {}).items()}
        self._names = {id(s): name for name, s in self.sliders.items()}
        for slider in self.sliders.values():
            slider._logitlab_on_code_set = self._code_set

    def _code_set(self, slider, value):
        """A value set from code replaces the exact one, even if the slider already shows it."""
        name = self._names.get(id(slider))
        exact = self._exact.get(name)
        if exact is None or value == exact:
            return
        del self._exact[name]
        # Equal to the slider's value: no change event follows, so redraw here.
        if value == slider.value and not self._hold and not self.closed:
            self.update()

    def _set_exact(self, name, value):
        """Set slider `name` to `value` from code and keep `value` exact (see the class)."""
        slider = self.sliders[name]
        _refuse_from_code(slider, value)  # before pinning: a refused value pins nothing
        self._exact[name] = float(value)
        slider.value = float(value)

    def _value(self, name):
        """The slider's value, or the exact value it stands for."""
        return self._exact.get(name, float(self.sliders[name].value))

    def _on_change(self, change):
        name = self._names.get(id(change["owner"]))
        exact = self._exact.get(name)
        if exact is not None and change["new"] != exact:
            owner = change["owner"]
            # ipywidgets holds the browser's values in _property_lock while
            # it applies them: only such a change can be the echo.
            echo = "value" in owner._property_lock
            if not echo or not _is_echo(owner, change["new"], exact):
                del self._exact[name]
        super()._on_change(change)  # pragma: no mutate (Explorer._on_change ignores it)


def slider_argument(func, name, value, lo, hi, *, integer=False):
    """`value` as a float in [lo, hi], or an error naming `func` and the problem.

    Constructor arguments become slider values; a value outside the slider's
    range would be clamped silently by ipywidgets, so it is refused here.
    With ``integer=True`` the value must be a whole number and comes back
    as an int (2.0 is accepted, 2.5 and True are not).

    Examples
    --------
    >>> slider_argument("CurveExplorer", "beta", 2, -10.0, 10.0)
    2.0
    >>> slider_argument("PathExplorer", "n_steps", 150, 0, 300, integer=True)
    150
    >>> slider_argument("PathExplorer", "n_steps", 1.5, 0, 300, integer=True)
    Traceback (most recent call last):
    ...
    ValueError: PathExplorer(): n_steps must be a whole number, got 1.5
    """
    try:
        # Its only error, a TypeError, is replaced below: func and name never show.
        arr = as_real_array(value, func, name)  # pragma: no mutate
    except TypeError:
        raise TypeError(f"{func}(): {name} must be a number, got {type(value).__name__}") from None
    if arr.ndim != 0:
        raise TypeError(f"{func}(): {name} must be a single number, got shape {arr.shape}")
    v = float(arr)
    if not lo <= v <= hi:
        raise ValueError(
            f"{func}(): {name} must be in [{lo:g}, {hi:.4g}] (the slider's range), got {v!r}"
        )
    if integer:
        if v != int(v):
            raise ValueError(f"{func}(): {name} must be a whole number, got {v!r}")
        return int(v)
    return v


def choice_argument(func, name, value, choices):
    """`value` if it is one of `choices` (compared by type and value), else an error.

    ``value in choices`` would take ``True`` for 1, ``1.0`` for 1 and fail
    with NumPy's "truth value is ambiguous" for an array, so the type is
    checked first: ints (not bools) for int choices, str for str choices.

    Examples
    --------
    >>> choice_argument("RegionsExplorer", "edit", 1, (0, 1, 2))
    1
    >>> choice_argument("RegionsExplorer", "edit", True, (0, 1, 2))
    Traceback (most recent call last):
    ...
    ValueError: RegionsExplorer(): edit must be one of 0, 1, 2, got True (bool)
    """
    kinds = {type(c) for c in choices}
    if kinds == {int}:
        ok = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    else:
        ok = isinstance(value, tuple(kinds))
    if ok and value in choices:
        return int(value) if kinds == {int} else value
    allowed = ", ".join(repr(c) for c in choices)
    raise ValueError(
        f"{func}(): {name} must be one of {allowed}, got {value!r} ({type(value).__name__})"
    )


def array_argument(func, name, value, *, shape=None, ndim=None):
    """`value` as a finite float64 array of the given shape or ndim, or an error naming `func`.

    ``shape`` may hold ``None`` for "any length" along an axis.

    Examples
    --------
    >>> array_argument("RegionsExplorer", "extent", (-3, 3, -3, 3), shape=(4,))
    array([-3.,  3., -3.,  3.])
    >>> array_argument("PathExplorer", "x", [0.5, float("nan")], ndim=1)
    Traceback (most recent call last):
    ...
    ValueError: PathExplorer(): x must hold finite numbers, got nan at index 1
    """
    arr = as_real_array(value, func, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{func}(): {name} must be {ndim}-D, got shape {arr.shape}")
    if shape is not None and (
        arr.ndim != len(shape)
        or any(want is not None and got != want
               # Lengths already equal: strict=False would be equivalent.
               for got, want in zip(arr.shape, shape, strict=True))  # pragma: no mutate
    ):
        want = "(" + ", ".join("n" if d is None else str(d) for d in shape)
        want += ",)" if len(shape) == 1 else ")"
        raise ValueError(f"{func}(): {name} must have shape {want}, got {arr.shape}")
    bad = ~np.isfinite(arr)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = index[0] if len(index) == 1 else index
        raise ValueError(
            f"{func}(): {name} must hold finite numbers, got {float(arr[index])!r} at index {where}"
        )
    return arr
