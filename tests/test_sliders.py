"""The slider machinery every explorer shares (logitlab.widgets._sliders).

Issue 19 M4: a value set from code (a constructor argument) must stay exact
once the browser echoes it rounded to the slider's grid, for every explorer
and every kind of slider (the log slider too). Issue 19 L9: a value set from
code that ipywidgets would clamp or cast without a word (out of range, a
bool, a string, a fraction on an integer slider) is refused with an error
naming the explorer and the slider; the browser's own values work as before.

The browser is simulated as ipywidgets applies its messages:
``slider.set_state({"value": v})`` with ``v = frontend_value(slider, sent)``
(the value noUiSlider sends back, checked against noUiSlider in node here
and in tests/test_widgets_curve.py).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import ipywidgets
import numpy as np
import pytest
import statsmodels.api as sm

import logitlab.widgets as lw
from logitlab.widgets._sliders import (
    ExactValues,
    float_log_slider,
    float_slider,
    frontend_value,
    int_slider,
    value_range,
)


# -- a small explorer with one slider of each kind ----------------------------
class _Toy(ExactValues, lw.Explorer):
    """Draws its three slider values; pins the constructor's values."""

    def __init__(self, lin=0.123, log=300.0, steps=3):
        self._init = {"lin": lin, "log": log}
        self._steps = steps
        super().__init__()

    def _build(self):
        self.sliders["lin"] = float_slider("lin", self._init["lin"], -1.0, 1.0, step=0.05)
        self.sliders["log"] = float_log_slider("log", self._init["log"], 0.0, 3.5)
        self.sliders["steps"] = int_slider("steps", self._steps, 0, 10)
        self._init_exact(self._init)
        self.line = self.figure.add_subplot().plot([0, 1, 2], [0, 0, 0], animated=True)[0]
        return []

    def _refresh(self):
        self.seen = (self._value("lin"), self._value("log"), int(self.sliders["steps"].value))
        self.line.set_ydata(self.seen)
        self._set_status(f"{self.seen}")


def _log_echo(slider, sent):
    """A log slider's echo computed independently: the exponent rounded to the step."""
    base, lo, hi, step = float(slider.base), slider.min, slider.max, slider.step
    exponent = min(max(math.log(sent, base), lo), hi)
    return base ** (lo + round((exponent - lo) / step) * step)


def _echo(slider, sent=None):
    """What the browser does once a slider is displayed: send back its rounding."""
    sent = slider.value if sent is None else sent
    if isinstance(slider, ipywidgets.FloatLogSlider):
        slider.set_state({"value": _log_echo(slider, sent)})
    else:
        slider.set_state({"value": frontend_value(slider, sent)})


# -- frontend_value and value_range ---------------------------------------------
def test_value_range_of_each_kind_of_slider():
    assert value_range(float_slider("a", 0.0, -5.0, 5.0)) == (-5.0, 5.0)
    assert value_range(int_slider("n", 3, 0, 300)) == (0.0, 300.0)
    lo, hi = value_range(float_log_slider("s", 10.0, 0.0, 3.5))
    assert lo == 1.0 and hi == 10 ** 3.5


def test_frontend_value_of_a_linear_slider():
    s = float_slider("b", 0.0, -5.0, 5.0, step=0.05)
    assert frontend_value(s, 1.23) == 1.25
    assert frontend_value(s, 5.0) == 5.0 and frontend_value(s, 7.0) == 5.0
    assert frontend_value(s, -7.0) == -5.0
    # Halves of a step go up, as JavaScript's Math.round does (not to even).
    assert frontend_value(float_slider("c", 0.0, 0.0, 10.0, step=1.0), 2.5) == 3.0
    assert frontend_value(float_slider("d", 0.0, 2.0, 10.0, step=1.0), 4.4) == 4.0
    # A positive minimum: the range starts there, not at 0.
    assert frontend_value(float_slider("e", 1.0, 1.0, 2.0, step=0.5), 1.3) == 1.5
    # step None: no rounding.
    t = float_slider("f", 0.0, -1.0, 1.0)
    t.step = None
    assert frontend_value(t, 0.123) == pytest.approx(0.123, abs=1e-15)


@pytest.mark.parametrize(("sent", "exponent"), [
    (300.0, 2.48), (12.0, 1.08), (1.0, 0.0), (10 ** 3.5, 3.5), (999.0, 3.0),
    (0.5, 0.0), (1e6, 3.5),  # outside the range: the exponent is clamped
])
def test_frontend_value_of_a_log_slider_rounds_the_exponent(sent, exponent):
    s = float_log_slider("s", 10.0, 0.0, 3.5)
    got = frontend_value(s, sent)
    assert got == pytest.approx(10.0 ** exponent, rel=1e-14)


def test_frontend_value_of_an_integer_slider_is_a_whole_number():
    # noUiSlider computes 39.999999999999993 for 40 on [0, 300]; the view rounds it.
    s = int_slider("n", 40, 0, 300)
    assert frontend_value(s, 40) == 40 and isinstance(frontend_value(s, 40), int)
    assert frontend_value(s, 299) == 299 and frontend_value(s, 300) == 300


def test_frontend_value_of_a_log_slider_with_another_base():
    s = float_log_slider("s", 4.0, 0.0, 4.0, step=0.5)
    s.base = 2.0
    assert frontend_value(s, 3.0) == pytest.approx(2.0 ** 1.5, rel=1e-15)


def _nouislider_source():
    from test_widgets_curve import _nouislider_source as source

    return source()


def test_log_frontend_value_is_what_the_browser_computes():
    """ipywidgets' FloatLogSliderView and noUiSlider, run in node, on 400 values."""
    node = shutil.which("node")
    source = _nouislider_source() if node else None
    if node is None or source is None:
        pytest.skip("needs node and the installed jupyterlab-manager bundle")
    import re

    source = re.sub(r"^(.*?)var d,m,g=", r"\1var g=", source, count=1, flags=re.S)
    s = float_log_slider("s", 10.0, 0.0, 3.5)
    values = np.concatenate([np.geomspace(0.5, 5000.0, 300),
                             10.0 ** np.round(np.linspace(0.0, 3.5, 100), 2)])
    script = (
        "function s(t){return Array.isArray(t)?t:[t]}"
        "function n(t){return'number'==typeof t&&!isNaN(t)&&isFinite(t)}"
        "function o(t){return Math.max(Math.min(t,100),0)}" + source + ";"
        "const cases=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        "console.log(JSON.stringify(cases.map(([lo,hi,st,b,v])=>{"
        "let e=Math.log(v)/Math.log(b);e=e>hi?hi:e<lo?lo:e;"
        "const S=new g({min:lo,max:hi},false,st);"
        "return Math.pow(b,S.fromStepping(o(S.getStep(S.toStepping(e)))));})));"
    )
    cases = [(0.0, 3.5, 0.01, 10.0, float(v)) for v in values]
    out = subprocess.run([node, "-e", script], input=json.dumps(cases), capture_output=True,
                         text=True, timeout=60, check=True)
    expected = json.loads(out.stdout)
    got = [frontend_value(s, float(v)) for v in values]
    # Math.log and Math.pow may differ from the C library's in the last bit.
    np.testing.assert_allclose(got, expected, rtol=4e-16, atol=0)


# -- exact values through the echo (M4) -------------------------------------------
def test_pinned_constructor_values_survive_the_echo():
    with _Toy() as toy:
        lin, log = toy.sliders["lin"], toy.sliders["log"]
        _echo(lin)
        _echo(log)
        assert lin.value == pytest.approx(0.1, abs=1e-15) and log.value == pytest.approx(10 ** 2.48)
        assert toy.seen == (0.123, 300.0, 3)
        # Moving another slider keeps them: the run is computed from the exact values.
        toy.sliders["steps"].set_state({"value": 5})
        assert toy.seen == (0.123, 300.0, 5)
        assert "(0.123, 300.0, 5)" in toy.status.value


def test_an_echo_a_few_ulps_off_is_still_the_echo():
    with _Toy() as toy:
        log = toy.sliders["log"]
        echo = frontend_value(log, 300.0)
        log.set_state({"value": math.nextafter(math.nextafter(echo, 0.0), 0.0)})
        assert toy.seen[1] == 300.0


@pytest.mark.parametrize("name", ["lin", "log"])
def test_another_browser_value_drops_the_pin(name):
    with _Toy() as toy:
        slider = toy.sliders[name]
        other = frontend_value(slider, value_range(slider)[1])
        slider.set_state({"value": other})
        assert toy.seen[("lin", "log").index(name)] == other


def test_a_browser_value_just_off_the_echo_drops_the_pin():
    with _Toy() as toy:
        lin = toy.sliders["lin"]
        lin.set_state({"value": frontend_value(lin, 0.123) + 1e-9})
        assert toy.seen[0] == pytest.approx(0.1 + 1e-9, abs=1e-15)


def test_a_value_from_code_drops_the_pin():
    with _Toy() as toy:
        toy.sliders["lin"].value = 0.5
        assert toy.seen[0] == 0.5
        toy.sliders["lin"].set_state({"value": 0.5})
        assert toy.seen[0] == 0.5


def test_set_exact_pins_and_a_refused_value_pins_nothing():
    with _Toy() as toy:
        toy._set_exact("lin", 0.321)
        _echo(toy.sliders["lin"])
        assert toy.seen[0] == 0.321
        with pytest.raises(ValueError, match="lin slider's range"):
            toy._set_exact("lin", 3.0)
        assert toy._value("lin") == 0.321
        assert toy.sliders["lin"].value == pytest.approx(0.3, abs=1e-15)


def test_no_pins_without_constructor_values():
    class Bare(_Toy):
        def _build(self):
            controls = super()._build()
            self._init_exact()
            return controls

    with Bare() as ex:
        assert ex._exact == {}
        _echo(ex.sliders["lin"])
        assert ex.seen[0] == pytest.approx(0.1, abs=1e-15) and ex.seen[0] != 0.123


def _spector():
    d = sm.datasets.spector.load_pandas()
    gpa = d.exog["GPA"].to_numpy()
    return (gpa - gpa.mean()) / gpa.std(), d.endog.to_numpy()


# Constructor values off every float slider's grid (steps 0.05, 0.1, 5, 0.01 in log10).
OFF_GRID = {
    "curve": lambda: lw.CurveExplorer(beta=1.23, beta1=1.23, beta2=-0.77, x=0.33),
    "valley": lambda: lw.ValleyExplorer(beta1=1.23, beta2=-0.77, c=0.33),
    "path": lambda: lw.PathExplorer(*_spector(), start=(2.25, 3.0), lr=0.123, l2=0.123,
                                 n_steps=40),
    "stability": lambda: lw.StabilityExplorer(scale=300.0, shift=12.0),
    "regions": lambda: lw.RegionsExplorer(intercept=[-1.0, -1.0, -0.77], coef=[[1.0, 0.0],
                                       [-0.5, 0.87], [-0.5, -0.87]]),
    "utilities": lambda: lw.RandomUtilityExplorer(scores=(0.33, -0.77)),
}


def _picture(ex):
    return ex.status.value, ex.image.value


@pytest.mark.parametrize("name", list(OFF_GRID))
def test_every_explorer_keeps_its_constructor_values_through_the_echo(name):
    """Issue 19 M4: after the echoes and a move of another slider, the plot is the twin's."""
    with OFF_GRID[name]() as ex, OFF_GRID[name]() as twin:
        sliders = list(ex.sliders)
        assert any(frontend_value(ex.sliders[n], ex.sliders[n].value) != ex.sliders[n].value
                   for n in sliders), "no value off the grid: the test would prove nothing"
        for n in sliders:
            _echo(ex.sliders[n])
        assert _picture(ex) == _picture(twin)
        # A step of the last slider, in both: the others stay exact.
        last = ex.sliders[sliders[-1]]
        step = frontend_value(last, value_range(last)[0])
        last.set_state({"value": step})
        twin.sliders[sliders[-1]].set_state({"value": step})
        assert _picture(ex) == _picture(twin)


# -- values set from code (L9) -----------------------------------------------------
ALL = {
    "curve": lw.CurveExplorer,
    "valley": lw.ValleyExplorer,
    "path": lambda: lw.PathExplorer(n_steps=20),
    "stability": lw.StabilityExplorer,
    "regions": lw.RegionsExplorer,
    "utilities": lw.RandomUtilityExplorer,
}


@pytest.mark.parametrize("name", list(ALL))
def test_out_of_range_from_code_is_refused_for_every_slider(name):
    with ALL[name]() as ex:
        owner = type(ex).__name__
        for sname, slider in ex.sliders.items():
            lo, hi = value_range(slider)
            for bad in (hi + 1.0, lo - 1.0, hi * 1.000001 + 1e-9):
                value, renders, status = slider.value, ex.n_renders, ex.status.value
                with pytest.raises(ValueError, match=(
                        rf"^{owner}: the {sname} slider's range is \[{lo:g}, {hi:g}\], got ")):
                    slider.value = bad
                assert (slider.value, ex.n_renders, ex.status.value) == (value, renders, status)
            # Both ends are fine.
            slider.value = lo
            slider.value = hi
            assert slider.value == hi


@pytest.mark.parametrize("name", list(ALL))
@pytest.mark.parametrize("bad", [True, False, np.True_, "2", "nan", None, [1.0],
                                 np.array([1.0])])
def test_non_numbers_from_code_are_refused(name, bad):
    with ALL[name]() as ex:
        owner = type(ex).__name__
        for sname, slider in ex.sliders.items():
            value = slider.value
            with pytest.raises(TypeError, match=rf"^{owner}: the {sname} slider needs a number, "
                                                rf"got .* \({type(bad).__name__}; the slider "
                                                rf"keeps {value!r}\)"):
                slider.value = bad
            assert slider.value == value


def test_the_issues_example():
    with lw.CurveExplorer() as ex:
        with pytest.raises(ValueError, match=r"^CurveExplorer: the beta slider's range is "
                                             r"\[-10, 10\], got 12 \(the slider keeps 1.0\)$"):
            ex.sliders["beta"].value = 12
        assert ex.beta == 1.0


def test_an_integer_slider_refuses_fractions_and_takes_whole_floats():
    with lw.PathExplorer(n_steps=20) as ex:
        steps = ex.sliders["steps"]
        with pytest.raises(ValueError, match=r"^PathExplorer: the steps slider takes whole "
                                             r"numbers, got 2.5 \(the slider keeps 20\)$"):
            steps.value = 2.5
        steps.value = 7.0
        assert steps.value == 7 and isinstance(steps.value, int)
        steps.value = np.int64(9)
        assert steps.value == 9


def test_numbers_of_any_real_type_are_taken():
    with _Toy() as toy:
        toy.sliders["lin"].value = np.float32(0.5)
        toy.sliders["lin"].value = 1  # an int on a float slider
        toy.sliders["log"].value = np.int64(1000)
        assert toy.seen[:2] == (1.0, 1000.0)


def test_non_finite_values_are_still_refused():
    with _Toy() as toy:
        for bad in (math.nan, math.inf, -math.inf):
            with pytest.raises(ValueError, match="needs a finite number"):
                toy.sliders["lin"].value = bad
        # From the browser too (JSON cannot carry NaN, but a bad frontend might).
        with pytest.raises(ValueError, match="needs a finite number"):
            toy.sliders["lin"].set_state({"value": math.nan})


def test_the_browsers_values_are_taken_as_ipywidgets_takes_them():
    with _Toy() as toy:
        lin = toy.sliders["lin"]
        lin.set_state({"value": 0.35})
        assert toy.seen[0] == 0.35
        # The browser clamps before it sends; if a value outside came, ipywidgets clamps it.
        lin.set_state({"value": 3.0})
        assert lin.value == 1.0
        toy.sliders["steps"].set_state({"value": 4})
        assert toy.seen[2] == 4


def test_a_slider_made_here_checks_only_once_built():
    # While ipywidgets builds it, min and max are not set yet: -3 is in [-5, 5] all the same.
    s = float_slider("a", -3.0, -5.0, 5.0)
    assert s.value == -3.0 and s._logitlab_checked
    with pytest.raises(ValueError, match=r"^_FloatSlider: the value slider's range is"):
        s.value = 6.0
    log = float_log_slider("s", 3000.0, 0.0, 3.5)
    assert log.value == 3000.0
    n = int_slider("n", 250, 0, 300)
    assert n.value == 250


# -- found by `make mutation` (widgets/_sliders.py) -----------------------------------
def test_each_constructor_makes_the_slider_the_explorers_show():
    s = float_slider("β₁", 0.5, -5.0, 5.0, step=0.1, fmt=".1f", width="300px",
                     label_width="56px")
    assert (s.value, s.min, s.max, s.step) == (0.5, -5.0, 5.0, 0.1)
    assert (s.description, s.readout_format, s.continuous_update) == ("β₁", ".1f", True)
    assert (s.style.description_width, s.layout.width) == ("56px", "300px")
    d = float_slider("b", 0.0, -1.0, 1.0)
    assert (d.step, d.readout_format, d.style.description_width, d.layout.width) == (
        0.05, ".2f", "48px", "340px")
    n = int_slider("steps", 40, 0, 300, step=2, width="200px")
    assert (n.value, n.min, n.max, n.step, n.description) == (40, 0, 300, 2, "steps")
    assert (n.continuous_update, n.style.description_width, n.layout.width) == (
        True, "48px", "200px")
    assert int_slider("n", 1, 0, 3).step == 1 and int_slider("n", 1, 0, 3).layout.width == "340px"
    assert (int_slider("n", 5, 2, 10).min, float_log_slider("s", 20.0, 1.0, 3.0).min) == (2, 1.0)
    g = float_log_slider("scale s", 10.0, 0.0, 3.5, step=0.02, fmt=".3g", width="280px")
    assert (g.value, g.base, g.min, g.max, g.step) == (10.0, 10.0, 0.0, 3.5, 0.02)
    assert (g.description, g.readout_format, g.continuous_update) == ("scale s", ".3g", True)
    assert (g.style.description_width, g.layout.width) == ("56px", "280px")
    h = float_log_slider("s", 10.0, 0.0, 3.5)
    assert (h.step, h.readout_format, h.layout.width) == (0.01, ".4g", "340px")


def test_frontend_value_edges():
    # A range starting between 0 and 1 (PathExplorer's lr): value - lo, not value + lo.
    lr = float_slider("lr", 0.5, 0.05, 2.0, step=0.05)
    assert frontend_value(lr, 0.123) == pytest.approx(0.1, abs=1e-15)
    # 100% is hi exactly, not 100 * (hi - lo) / 100 + lo (0.8999999999999999 here).
    s = float_slider("a", 0.5, 0.2, 0.9, step=0.1)
    assert frontend_value(s, 0.9) == 0.9
    # A value just under hi whose percentage rounds to 100 is not rounded to the step.
    t = float_slider("b", 0.0, -1.0, 2.0, step=0.7)
    assert frontend_value(t, 1.9999999999999998) == 2.0
    # A value under hi that rounds to 100% is hi, not 0.8999999999999999.
    assert frontend_value(s, 0.88) == 0.9
    # An integer slider with step 2 rounds to its grid, then to a whole number.
    assert frontend_value(int_slider("n", 0, 0, 10, step=2), 3) == 4


def test_an_echo_is_equal_to_one_part_in_a_trillion():
    with _Toy() as toy:
        lin = toy.sliders["lin"]
        echo = frontend_value(lin, 0.123)  # 0.1 on [-1, 1]
        # abs_tol 2e-12 (1e-12 of the range): 1.5e-12 off is still the echo.
        lin.set_state({"value": echo + 1.5e-12})
        assert toy.seen[0] == 0.123
    with _Toy(lin=0.0, log=3000.0) as toy:
        log = toy.sliders["log"]
        echo = frontend_value(log, 3000.0)
        # rel_tol 1e-12 of 3000 is 3e-9; abs_tol 1e-12 * 3161 is 3.2e-9: 6e-10 is inside.
        log.set_state({"value": echo * (1 + 2e-13)})
        assert toy.seen[1] == 3000.0
        log.set_state({"value": echo * (1 + 1e-9)})
        assert toy.seen[1] == pytest.approx(echo * (1 + 1e-9), rel=1e-15)


def test_a_value_from_code_equal_to_the_shown_echo_redraws_with_it():
    with _Toy() as toy:
        lin = toy.sliders["lin"]
        _echo(lin)  # the slider shows 0.1, the explorer computes with 0.123
        assert toy.seen[0] == 0.123
        renders = toy.n_renders
        lin.value = lin.value  # the reader means the 0.1 the slider shows: no change event
        assert toy.seen[0] == pytest.approx(0.1, abs=1e-15) and toy.n_renders == renders + 1
        # The pinned value itself, set from code, keeps it and draws nothing new.
        toy._set_exact("lin", 0.321)
        renders = toy.n_renders
        toy.sliders["lin"].value = 0.321
        assert toy.seen[0] == 0.321 and toy.n_renders == renders


def test_a_value_from_code_inside_hold_or_after_close_draws_nothing():
    with _Toy() as toy:
        lin = toy.sliders["lin"]
        _echo(lin)
        with toy.hold():
            renders = toy.n_renders
            lin.value = lin.value
            assert toy.n_renders == renders  # hold() draws once, at its end
        assert toy.n_renders == renders + 1 and toy.seen[0] == pytest.approx(0.1, abs=1e-15)
    toy = _Toy()
    _echo(toy.sliders["lin"])
    toy.close()
    renders = toy.n_renders
    toy.sliders["lin"].value = toy.sliders["lin"].value
    assert toy.n_renders == renders


def test_other_sliders_from_code_leave_a_pin_alone():
    with _Toy() as toy:
        _echo(toy.sliders["lin"])
        toy.sliders["steps"].value = 5
        toy.sliders["log"].value = 20.0
        assert toy.seen == (0.123, 20.0, 5)


def test_a_browser_nan_on_an_integer_slider_names_the_explorer():
    with lw.PathExplorer(n_steps=20) as ex:
        with pytest.raises(ValueError, match=r"^PathExplorer: the steps slider needs a finite "
                                             r"number, got nan \(the slider keeps 20\)$"):
            ex.sliders["steps"].set_state({"value": math.nan})


def test_choice_argument_compares_type_and_value():
    from logitlab.widgets._sliders import choice_argument

    assert choice_argument("F", "k", 2, (0, 1, 2)) == 2
    got = choice_argument("F", "k", np.int64(1), (0, 1, 2))
    assert got == 1 and type(got) is int
    assert choice_argument("F", "mode", "b", ("a", "b")) == "b"
    for bad in (True, 1.0, "1", 5, None):
        with pytest.raises(ValueError, match=r"^F\(\): k must be one of 0, 1, 2, got "):
            choice_argument("F", "k", bad, (0, 1, 2))
    with pytest.raises(ValueError, match=r"^F\(\): mode must be one of 'a', 'b', got 1 \(int\)"):
        choice_argument("F", "mode", 1, ("a", "b"))


def test_slider_argument_checks_number_shape_range_and_whole_numbers():
    from logitlab.widgets._sliders import slider_argument

    assert slider_argument("F", "b", 2, -10.0, 10.0) == 2.0
    assert isinstance(slider_argument("F", "b", np.float32(2.5), -10.0, 10.0), float)
    assert slider_argument("F", "b", -10.0, -10.0, 10.0) == -10.0
    assert slider_argument("F", "b", 10.0, -10.0, 10.0) == 10.0
    got = slider_argument("F", "n", 150.0, 0, 300, integer=True)
    assert got == 150 and isinstance(got, int)
    with pytest.raises(ValueError, match=r"^F\(\): b must be in \[-10, 10\] \(the slider's "
                                         r"range\), got 10.5$"):
        slider_argument("F", "b", 10.5, -10.0, 10.0)
    with pytest.raises(ValueError, match=r"^F\(\): s must be in \[1, 3162\] "):
        slider_argument("F", "s", 0.5, 1.0, 10 ** 3.5)
    with pytest.raises(ValueError, match=r"^F\(\): n must be a whole number, got 1.5$"):
        slider_argument("F", "n", 1.5, 0, 300, integer=True)
    with pytest.raises(TypeError, match=r"^F\(\): b must be a number, got str$"):
        slider_argument("F", "b", "2", -10.0, 10.0)
    with pytest.raises(TypeError, match=r"^F\(\): b must be a single number, got shape \(2,\)$"):
        slider_argument("F", "b", [1.0, 2.0], -10.0, 10.0)


def test_array_argument_checks_shape_ndim_and_finiteness():
    from logitlab.widgets._sliders import array_argument

    np.testing.assert_array_equal(array_argument("F", "e", (-3, 3, -3, 3), shape=(4,)),
                                  [-3.0, 3.0, -3.0, 3.0])
    assert array_argument("F", "c", np.ones((3, 2)), shape=(None, 2)).shape == (3, 2)
    assert array_argument("F", "x", [1.0, 2.0], ndim=1).dtype == np.float64
    with pytest.raises(TypeError, match=r"^F\(\) expects real numbers .* for 'x', got list "
                                        r"holding str"):
        array_argument("F", "x", ["a", "b"], ndim=1)
    with pytest.raises(ValueError, match=r"^F\(\): x must be 1-D, got shape \(2, 2\)$"):
        array_argument("F", "x", np.ones((2, 2)), ndim=1)
    with pytest.raises(ValueError, match=r"^F\(\): e must have shape \(4,\), got \(3,\)$"):
        array_argument("F", "e", (1, 2, 3), shape=(4,))
    with pytest.raises(ValueError, match=r"^F\(\): c must have shape \(n, 2\), got \(3, 3\)$"):
        array_argument("F", "c", np.ones((3, 3)), shape=(None, 2))
    with pytest.raises(ValueError, match=r"^F\(\): c must have shape \(n, 2\), got \(2,\)$"):
        array_argument("F", "c", np.ones(2), shape=(None, 2))
    with pytest.raises(ValueError, match=r"^F\(\): x must hold finite numbers, got nan at "
                                         r"index 1$"):
        array_argument("F", "x", [0.5, float("nan")], ndim=1)
    with pytest.raises(ValueError, match=r"^F\(\): c must hold finite numbers, got inf at "
                                         r"index \(1, 0\)$"):
        array_argument("F", "c", [[0.0, 1.0], [np.inf, 2.0]], shape=(None, 2))
