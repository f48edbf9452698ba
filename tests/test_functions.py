"""Unit tests for logitlab.functions with exact expected values.

The printed numbers come from the Cross Validated question and its accepted
answer (seed/question-and-answer.txt); the others are limits that hold
exactly in float64 or values cross-checked against scipy.special.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.special as sc

from logitlab import (
    log_sigmoid,
    log_softmax,
    naive_sigmoid,
    naive_softmax,
    sigmoid,
    softmax,
)

STABLE_ELEMENTWISE = [sigmoid, log_sigmoid]
STABLE_SOFTMAX = [softmax, log_softmax]
ALL_STABLE = STABLE_ELEMENTWISE + STABLE_SOFTMAX

# Every finite float64 regime: zeros, tiny, subnormal, the exp overflow
# edges (709.78, 745.13), and the largest finite values.
EXTREMES = np.array(
    [
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1e-300,
        1.0,
        -1.0,
        36.7,
        -36.7,
        708.4,
        -708.4,
        709.78,
        -709.78,
        709.8,
        -709.8,
        745.2,
        -745.2,
        1e5,
        -1e5,
        np.finfo(np.float64).max,
        -np.finfo(np.float64).max,
    ]
)


# sigmoid and expit are each within 1.5 eps (relative) of the truth, and
# round differently, so they may differ by up to 3 eps.
RTOL_VS_EXPIT = 3 * np.finfo(np.float64).eps


@pytest.fixture
def no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- the question and the answer -------------------------------------------

X, B1, B2 = 0.5, 1, -1


def test_question_sigmoid_numbers_naive():
    # The asker's sigmoid(x*b1), sigmoid(x*b2), printed exactly as posted.
    assert float(naive_sigmoid(X * B1)) == 0.6224593312018546
    assert float(naive_sigmoid(X * B2)) == 0.3775406687981454


def test_question_sigmoid_numbers_stable():
    # sigmoid is the textbook formula wherever exp(-z) cannot overflow (the
    # monotone choice, see its Notes), so it prints the question's numbers.
    # The second is one ulp below the correctly rounded value: true
    # sigmoid(-0.5) = 0.377540668798145435..., nearest float 0.37754066879814546;
    # scipy's expit (the same formula) rounds it the same way.
    assert float(sigmoid(X * B1)) == 0.6224593312018546
    assert float(sigmoid(X * B2)) == 0.3775406687981454
    assert float(sigmoid(X * B2)) == np.nextafter(0.37754066879814546, 0)
    assert float(sc.expit(X * B2)) == 0.3775406687981454


@pytest.mark.parametrize("func", [softmax, naive_softmax])
def test_question_softmax_printout(func):
    p = func([X * (B1 - B2), X * (B2 - B2)])
    assert repr(p) == "array([0.73105858, 0.26894142])"
    np.testing.assert_array_equal(p, [0.7310585786300049, 0.2689414213699951])


def test_question_softmax_side_was_already_right():
    # Shift invariance: subtracting x*b2 from both scores changes nothing.
    np.testing.assert_array_equal(softmax([X * B1, X * B2]), softmax([X * (B1 - B2), 0.0]))


@pytest.mark.parametrize("func", [sigmoid, naive_sigmoid])
def test_answer_numbers(func):
    # The answer's sigmoid0(x*b) = exp(-z)/(1+exp(-z)) is sigmoid(-z): with
    # b = -2 it reports 0.7310585786300049, and sigmoid1(x*b) the other class.
    b = -2
    assert float(func(-(X * b))) == 0.7310585786300049
    assert float(func(X * b)) == 0.2689414213699951
    # The ordinary sigmoid with beta = b1 - b2 = 2 gives the same number.
    assert float(func(X * (B1 - B2))) == 0.7310585786300049


def test_np_float_is_gone():
    # The question's dtype=np.float fails on current NumPy; naive_sigmoid
    # uses the builtin float instead.
    with pytest.raises(AttributeError):
        np.float  # noqa: B018, NPY001
    assert naive_sigmoid([0.5]).dtype == np.float64


def test_naive_functions_fail_as_documented():
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert float(naive_sigmoid(-800.0)) == 0.0
    with np.errstate(all="ignore"):
        p = naive_softmax([1000.0, 0.0])
        assert np.isnan(p[0]) and p[1] == 0.0
        assert np.isnan(naive_softmax([-1000.0, -1000.0])).all()


# --- sigmoid ----------------------------------------------------------------


def test_sigmoid_no_warning_for_any_input(no_warnings):
    z = np.concatenate([EXTREMES, [np.inf, -np.inf, np.nan]])
    out = sigmoid(z)
    assert np.all((out[:-1] >= 0) & (out[:-1] <= 1))
    for value in z:
        sigmoid(value)


def test_sigmoid_limits(no_warnings):
    np.testing.assert_array_equal(sigmoid([np.inf, -np.inf]), [1.0, 0.0])
    assert np.isnan(sigmoid(np.nan))
    assert float(sigmoid(0.0)) == 0.5
    assert float(sigmoid(-0.0)) == 0.5
    assert float(sigmoid(800.0)) == 1.0
    assert float(sigmoid(-800.0)) == 0.0
    assert float(sigmoid(np.finfo(np.float64).max)) == 1.0
    assert float(sigmoid(-np.finfo(np.float64).max)) == 0.0


def test_sigmoid_subnormal_not_flushed():
    # True results are subnormal below z = log(tiny) = -708.40; expit still
    # gets them down to -709.78 (1/(1+exp(709.78)) is fine) and returns 0
    # below, where exp(-z) overflows. sigmoid keeps them all.
    z = np.array([-708.5, -709.0, -709.79, -720.0, -740.0, -744.0])
    out = sigmoid(z)
    assert np.all(out > 0) and np.all(out < np.finfo(np.float64).tiny)
    np.testing.assert_array_equal(sc.expit(z[2:]), 0.0)
    assert np.all(sc.expit(z[:2]) > 0)
    # There sigmoid is exp(z) itself (e/(1+e) within a relative 1e-308).
    np.testing.assert_array_equal(out, np.exp(z))


def test_sigmoid_scalar_returns_numpy_scalar():
    for value in (0.5, 1, np.int64(3), np.array(0.5)):
        out = sigmoid(value)
        assert isinstance(out, np.float64), type(out)
        assert np.ndim(out) == 0
    # A float32 scalar keeps its dtype (issue 12): float32 in, float32 out.
    out = sigmoid(np.float32(0.5))
    assert isinstance(out, np.float32) and np.ndim(out) == 0


def test_sigmoid_int_and_list_give_float64():
    out = sigmoid([0, 1, -1])
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    np.testing.assert_array_equal(out, sc.expit(np.array([0.0, 1.0, -1.0])))
    assert sigmoid(np.arange(3, dtype=np.int32)).dtype == np.float64
    assert sigmoid(np.arange(3, dtype=np.uint8)).dtype == np.float64
    # Floating input keeps its dtype (issue 12; tests/test_functions_dtypes.py).
    assert sigmoid(np.ones(3, dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize(
    "shape", [(), (1,), (7,), (0,), (3, 4), (0, 5), (2, 3, 4), (16384,), (16385,), (40001,)]
)
def test_sigmoid_shapes_and_values(shape):
    rng = np.random.default_rng(sum(shape) + len(shape))
    z = rng.uniform(-40, 40, size=shape)
    out = sigmoid(z)
    assert np.shape(out) == shape
    np.testing.assert_allclose(out, sc.expit(z), rtol=RTOL_VS_EXPIT, atol=0)


def test_sigmoid_large_blocks_each_correct():
    # The blockwise loop must not mix up blocks: every element is checked
    # against its own expit value, including the partial last block.
    z = np.linspace(-30, 30, 3 * 16384 + 17)
    np.testing.assert_allclose(sigmoid(z), sc.expit(z), rtol=RTOL_VS_EXPIT, atol=0)
    # A 2-D array bigger than one block keeps its layout.
    z2 = z[: 2 * 16384].reshape(2, 16384).T
    np.testing.assert_allclose(sigmoid(z2), sc.expit(z2), rtol=RTOL_VS_EXPIT, atol=0)


def test_sigmoid_non_contiguous_and_input_untouched():
    base = np.linspace(-10, 10, 60).reshape(6, 10)
    keep = base.copy()
    view = base[::2, 1::3]
    assert not view.flags.c_contiguous
    np.testing.assert_allclose(sigmoid(view), sc.expit(view), rtol=RTOL_VS_EXPIT, atol=0)
    np.testing.assert_array_equal(base, keep)
    reversed_view = base[0, ::-1]
    np.testing.assert_allclose(
        sigmoid(reversed_view), sc.expit(reversed_view), rtol=RTOL_VS_EXPIT, atol=0
    )


def test_sigmoid_is_monotone_and_bounded_on_a_grid():
    z = np.linspace(-50, 50, 100001)
    out = sigmoid(z)
    assert np.all(np.diff(out) >= 0)
    assert out[0] > 0 and out[-1] == 1.0


# --- log_sigmoid ------------------------------------------------------------


def test_log_sigmoid_values(no_warnings):
    assert float(log_sigmoid(-800)) == -800.0
    assert float(log_sigmoid(-1e5)) == -1e5
    assert float(log_sigmoid(0)) == -0.6931471805599453  # -log(2)
    assert float(log_sigmoid(800)) == -0.0
    np.testing.assert_array_equal(log_sigmoid([np.inf, -np.inf]), [0.0, -np.inf])
    assert np.isnan(log_sigmoid(np.nan))
    out = log_sigmoid(EXTREMES)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, sc.log_expit(EXTREMES), rtol=RTOL_VS_EXPIT, atol=0)


def test_log_sigmoid_beats_log_of_sigmoid():
    # Where sigmoid is 0 the log of it is -inf; the log-sigmoid is still z.
    with np.errstate(divide="ignore"):
        assert np.log(sigmoid(-800.0)) == -np.inf
    assert float(log_sigmoid(-800.0)) == -800.0


def test_log_sigmoid_shapes():
    assert isinstance(log_sigmoid(1), np.float64)
    assert log_sigmoid([[1, 2], [3, 4]]).shape == (2, 2)
    assert log_sigmoid(np.empty((0, 3))).shape == (0, 3)


# --- softmax and log_softmax --------------------------------------------------


def test_softmax_issue_examples(no_warnings):
    np.testing.assert_array_equal(softmax([1000, 0]), [1.0, 0.0])
    np.testing.assert_array_equal(softmax([-1000, -1000]), [0.5, 0.5])
    np.testing.assert_array_equal(log_softmax([1000, 0]), [0.0, -1000.0])
    np.testing.assert_array_equal(log_softmax([-1000, -1000]), [-np.log(2)] * 2)


def test_softmax_rows_sum_to_one():
    rng = np.random.default_rng(7)
    for k in range(1, 11):
        for scale in (1.0, 30.0, 1000.0):
            z = rng.normal(scale=scale, size=(500, k))
            sums = softmax(z).sum(axis=-1)
            assert np.max(np.abs(sums - 1.0)) <= 1e-15, (k, scale)


@pytest.mark.parametrize("axis", [0, 1, -1, -2])
def test_softmax_axis_2d(axis):
    z = np.random.default_rng(1).normal(size=(4, 6)) * 10
    np.testing.assert_allclose(softmax(z, axis=axis), sc.softmax(z, axis=axis), rtol=1e-15)
    np.testing.assert_allclose(
        log_softmax(z, axis=axis), sc.log_softmax(z, axis=axis), rtol=1e-15, atol=1e-15
    )
    np.testing.assert_allclose(softmax(z, axis=axis).sum(axis=axis), 1.0, rtol=0, atol=1e-15)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_softmax_axis_3d(axis):
    z = np.random.default_rng(2).normal(size=(3, 4, 5)) * 5
    out = softmax(z, axis=axis)
    assert out.shape == z.shape
    np.testing.assert_allclose(out, sc.softmax(z, axis=axis), rtol=1e-15)
    np.testing.assert_allclose(
        log_softmax(z, axis=axis), sc.log_softmax(z, axis=axis), rtol=1e-15, atol=1e-15
    )


def test_softmax_default_axis_is_last():
    z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(softmax(z), softmax(z, axis=1))
    np.testing.assert_array_equal(softmax(z)[0], softmax(z)[1])  # rows shift by 3


@pytest.mark.parametrize("func", STABLE_SOFTMAX)
def test_softmax_empty_axis_is_value_error(func):
    with pytest.raises(ValueError, match=rf"{func.__name__}\(\).*empty"):
        func([])
    with pytest.raises(ValueError, match="empty"):
        func(np.empty((3, 0)))
    with pytest.raises(ValueError, match="empty"):
        func(np.empty((0, 3)), axis=0)
    # An empty batch of non-empty rows is fine.
    assert func(np.empty((0, 3))).shape == (0, 3)


@pytest.mark.parametrize("func", STABLE_SOFTMAX)
def test_softmax_scalar_is_value_error(func):
    for scalar in (1.0, 3, np.float64(2.0), np.array(1.0)):
        with pytest.raises(ValueError, match=rf"{func.__name__}\(\).*scalar"):
            func(scalar)


@pytest.mark.parametrize("func", STABLE_SOFTMAX)
def test_softmax_bad_axis_is_value_error(func):
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        func(np.ones((2, 3)), axis=2)
    with pytest.raises(ValueError, match="out of range"):
        func(np.ones((2, 3)), axis=-3)


@pytest.mark.parametrize("func", STABLE_SOFTMAX)
@pytest.mark.parametrize("axis", [1.5, None, "0", True, (0, 1)])
def test_softmax_non_integer_axis_is_type_error(func, axis):
    with pytest.raises(TypeError, match=rf"{func.__name__}\(\): axis must be an integer"):
        func(np.ones((2, 3)), axis=axis)


def test_softmax_numpy_integer_axis():
    z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(softmax(z, axis=np.int64(0)), softmax(z, axis=0))


def test_softmax_no_warnings_for_finite_input(no_warnings):
    z = np.array([[1e308, -1e308], [-1e308, -1e308], [5e-324, 0.0], [709.8, -745.2]])
    p = softmax(z)
    lp = log_softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_array_equal(p[0], [1.0, 0.0])
    np.testing.assert_array_equal(p[1], [0.5, 0.5])
    np.testing.assert_array_equal(p[3], [1.0, 0.0])
    # -1e308 - 1e308 = -2e308 is below float64's range: -inf is its rounding.
    np.testing.assert_array_equal(lp[0], [0.0, -np.inf])
    assert np.all(np.isfinite(lp[1:]))
    np.testing.assert_array_equal(lp[3], [0.0, -1455.0])


@pytest.mark.parametrize("k", [2, 3, 5, 20])
def test_softmax_non_finite_rows_are_nan_quietly(no_warnings, k):
    # No limit decides these rows: only -inf, several +inf, a NaN. They are
    # NaN (as in scipy), without a warning; the finite row is unaffected.
    z = np.zeros((5, k))
    z[0] = -np.inf
    z[1, :2] = np.inf
    z[2, 1] = np.nan
    z[3, 0] = np.nan
    z[3, 1] = np.inf
    z[4] = np.arange(k)
    for func, ref in ((softmax, sc.softmax), (log_softmax, sc.log_softmax)):
        out = func(z)
        assert np.isnan(out[:4]).all(), (func, out)
        np.testing.assert_allclose(out[4], ref(z[4]), rtol=1e-15)


def test_softmax_int_input_and_input_untouched():
    z = np.array([[1, 2, 3]])
    out = softmax(z)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(z, [[1, 2, 3]])
    zf = np.array([3.0, 1.0])
    softmax(zf)
    log_softmax(zf)
    np.testing.assert_array_equal(zf, [3.0, 1.0])


def test_softmax_vs_scipy_random():
    rng = np.random.default_rng(11)
    z = rng.normal(scale=50, size=(200, 7))
    np.testing.assert_allclose(softmax(z), sc.softmax(z, axis=-1), rtol=2e-15, atol=1e-300)
    np.testing.assert_allclose(log_softmax(z), sc.log_softmax(z, axis=-1), rtol=1e-15, atol=1e-13)


# --- type errors ---------------------------------------------------------------

BAD_INPUTS = [
    ("a string", "str"),
    (b"bytes", "bytes"),
    (None, "NoneType"),
    (np.array([1.0, "x"], dtype=object), "object"),
    (np.array([1.0, 2.0], dtype=object), "object"),
    (1 + 2j, "complex"),
    (np.array([1 + 0j]), "complex128"),
    (True, "bool"),
    (np.array([True, False]), "bool"),
    # Issue 19, L13: in the student's words, not NumPy's ("list of dtype <U32").
    (["0.5", "1"], "got list holding str: text is not a number"),
    (np.array(["0.5", "1"]), "got ndarray holding str: text is not a number"),
    ([b"0.5"], "got list holding bytes: text is not a number"),
    ([[1.0, 2.0], [3.0]], "rectangular"),
]


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("value, mentions", BAD_INPUTS, ids=[m for _, m in BAD_INPUTS])
def test_bad_input_type_error_names_function_and_type(func, value, mentions):
    with pytest.raises(TypeError) as info:
        func(value)
    message = str(info.value)
    assert message.startswith(f"{func.__name__}()"), message
    assert mentions in message, message
    assert "dtype <U" not in message and "dtype |S" not in message, message
