"""Regression tests for issue 8 in logitlab.functions (items 3, 4, 5, 7, 10).

Each test here failed on the code before the fix it guards:

* item 3: a single +inf score is a limit (probability 1), not a NaN row;
* item 4: sigmoid is monotone between adjacent floats;
* item 5: log_softmax keeps log-probabilities as small as -4e-18;
* item 7: masked arrays, np.matrix, big Python ints, longdouble, NumPy bools
  and complex scalars get a clear error naming the function, or just work;
* item 10: no floating-point flag escapes under ``np.errstate(all="raise")``;
* more than 16 classes (the ``ufunc.reduce`` branch of ``_along``).
"""

from __future__ import annotations

import warnings

import mpmath
import numpy as np
import pytest
import scipy.special as sc

from logitlab import log_sigmoid, log_softmax, naive_sigmoid, sigmoid, softmax
from logitlab._validation import as_real_array

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).tiny
DENORM = np.nextafter(0.0, 1.0)
MAX = np.finfo(np.float64).max
STABLE_SOFTMAX = [softmax, log_softmax]
ALL_STABLE = [sigmoid, log_sigmoid, softmax, log_softmax]

# x87 extended precision (64-bit significand, exponent down to -16382): a
# reference 2**11 times finer than float64, in which subnormal float64
# results are ordinary normal numbers. Not available everywhere (on arm64
# macOS longdouble is float64); mpmath checks the worst points found.
HAVE_LONGDOUBLE = np.finfo(np.longdouble).nmant >= 63
needs_longdouble = pytest.mark.skipif(
    not HAVE_LONGDOUBLE, reason="np.longdouble is not x87 extended precision here"
)

# Where monotonicity broke or could break: the issue's pair, 0, the ends of
# the textbook formula's exact-1 and exact-exp regimes, the switch to the
# tail at -708, exp's overflow edge and the last nonzero result.
TROUBLE_SPOTS = [
    2.219994657080264,
    -2.219994657080264,
    0.0,
    0.5,
    -0.5,
    np.log(2.0),
    -36.7368005696771,
    36.7368005696771,
    -708.0,
    -708.3964185322641,
    -709.782712893384,
    -745.1332191019411,
]


def _sweep(center: float, n: int) -> np.ndarray:
    """2n consecutive float64 values around ``center``, in increasing order."""
    step = abs(np.spacing(center)) if center else DENORM
    return center + np.arange(-n, n) * step


@pytest.fixture(scope="module")
def adjacent_pairs() -> np.ndarray:
    """1.2 million points whose successor (np.nextafter) is the other half of the pair."""
    rng = np.random.default_rng(20261129)
    n = 200_000
    return np.concatenate(
        [
            rng.uniform(-40.0, 40.0, n),  # the issue's range: 1,299 failures per 10**6
            rng.uniform(-4.0, 4.0, n),
            rng.uniform(-800.0, 800.0, n),  # both tails, the switch at -708
            rng.uniform(-746.0, -700.0, n),  # subnormal results
            # log-uniform magnitudes, both signs: tiny to huge scores
            np.exp(rng.uniform(-745.0, 709.0, n)) * rng.choice([-1.0, 1.0], n),
            rng.uniform(-1.0, 1.0, n),
        ]
    )


# --- item 4: monotone ----------------------------------------------------------


def test_sigmoid_monotone_on_a_million_adjacent_pairs(adjacent_pairs):
    a = adjacent_pairs
    b = np.nextafter(a, np.inf)
    sa, sb = sigmoid(a), sigmoid(b)
    bad = sb < sa
    assert not bad.any(), f"{bad.sum()} decreasing pairs, e.g. z = {a[bad][:3].tolist()}"
    # What the proof of monotonicity rests on: NumPy's exp is monotone too.
    with np.errstate(over="ignore", under="ignore"):
        assert not np.any(np.exp(b) < np.exp(a))


def test_log_sigmoid_and_two_class_log_softmax_monotone(adjacent_pairs):
    # The same class of bug: min(z, 0) - log1p(exp(-|z|)) decreased on about
    # 1% of adjacent pairs with z in (-1, 0).
    a = adjacent_pairs
    b = np.nextafter(a, np.inf)
    bad = log_sigmoid(b) < log_sigmoid(a)
    assert not bad.any(), f"{bad.sum()} decreasing pairs, e.g. z = {a[bad][:3].tolist()}"
    zeros = np.zeros_like(a)
    lp_a = log_softmax(np.stack([a, zeros], axis=-1))[:, 0]
    lp_b = log_softmax(np.stack([b, zeros], axis=-1))[:, 0]
    assert not np.any(lp_b < lp_a)
    for center in (-0.25, -0.5, -1.0, -40.0, 40.0):
        out = log_sigmoid(_sweep(center, 50_000))
        assert np.all(np.diff(out) >= 0), center


@pytest.mark.parametrize("center", TROUBLE_SPOTS)
def test_sigmoid_monotone_in_dense_sweeps(center):
    z = _sweep(center, 100_000)
    assert np.all(np.diff(z) > 0)
    out = sigmoid(z)
    assert np.all(np.diff(out) >= 0), z[1:][np.diff(out) < 0][:3]
    # The sweeps are dense enough to matter: many neighbours share a result.
    if 0 <= center < 40:
        assert np.sum(np.diff(out) == 0) > 1000


def test_the_issue_pair():
    a = 2.219994657080264
    assert sigmoid(np.nextafter(a, 3)) >= sigmoid(a)
    # Two-class softmax shares the kernel, so it is monotone as well.
    assert softmax([np.nextafter(a, 3), 0.0])[0] >= softmax([a, 0.0])[0]


def test_monotone_check_can_fail():
    # The same check rejects e/(1 + e) with e = exp(z) for negative z, a
    # form more accurate than the textbook one there: it is not monotone
    # (the reason sigmoid does not use it).
    z = _sweep(-1.6250899800197607, 100_000)
    e = np.exp(z)
    assert np.sum(np.diff(e / (1.0 + e)) < 0) > 100


@needs_longdouble
def test_sigmoid_relative_error_on_a_million_points():
    # Relative error <= 2 eps ("2 ulp" as tests/test_accuracy.py reads it)
    # for every normal result, against an extended-precision reference; the
    # worst points are then confirmed with mpmath.
    rng = np.random.default_rng(4)
    z = np.concatenate(
        [
            rng.uniform(-40.0, 40.0, 600_000),
            rng.uniform(-708.0, 40.0, 200_000),
            rng.uniform(-38.0, -36.0, 100_000),  # 1 + exp(-z) near 2**53
            rng.uniform(-1.0, 1.0, 100_000),
        ]
    )
    got = sigmoid(z)
    ref = 1 / (1 + np.exp(-z.astype(np.longdouble)))
    rel = np.asarray(np.abs(got - ref) / ref, dtype=np.float64) / EPS
    assert rel.max() <= 2.0, f"{rel.max():.3f} eps at z = {z[rel.argmax()]!r}"
    with mpmath.workprec(160):
        worst = np.argsort(rel)[-20:]
        for x, g in zip(z[worst].tolist(), got[worst].tolist(), strict=True):
            true = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
            assert float(abs(mpmath.mpf(g) - true) / true) <= 2 * EPS, x


@needs_longdouble
def test_sigmoid_subnormal_tail_within_one_step_densely():
    # Every z whose true sigmoid is subnormal, sampled densely: the result
    # is one of the two floats next to the truth (less than 2**-1074 away).
    rng = np.random.default_rng(5)
    z = np.concatenate(
        [rng.uniform(-745.2, -708.3, 500_000), _sweep(-708.0, 50_000), _sweep(-708.3964, 50_000)]
    )
    got = sigmoid(z)
    ref = 1 / (1 + np.exp(-z.astype(np.longdouble)))
    sub = ref < TINY
    assert sub.sum() > 400_000
    steps = np.asarray(np.abs(got - ref)[sub] / np.longdouble(DENORM), dtype=np.float64)
    assert steps.max() < 1.0, f"{steps.max():.3f} steps at z = {z[sub][steps.argmax()]!r}"
    assert np.all(got[sub & (ref > DENORM)] > 0)  # never flushed to 0


# --- item 3: infinite scores ---------------------------------------------------------

INF = np.inf


@pytest.mark.parametrize(
    "a, b",
    [
        (INF, 0.0),
        (0.0, INF),
        (INF, -INF),
        (-INF, INF),
        (INF, MAX),
        (-INF, 0.0),
        (5.0, -INF),
        (INF, INF),
        (-INF, -INF),
        (np.nan, INF),
        (INF, np.nan),
        (np.nan, 0.0),
    ],
)
def test_two_class_softmax_is_sigmoid_of_difference_for_infinities(a, b):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p, lp = softmax([a, b]), log_softmax([a, b])
    with np.errstate(invalid="ignore"):
        d = np.float64(a) - np.float64(b)
    np.testing.assert_array_equal(p, [sigmoid(d), sigmoid(-d)])
    np.testing.assert_array_equal(lp, [log_sigmoid(d), log_sigmoid(-d)])


def test_single_plus_inf_wins_in_any_number_of_classes():
    for k in (2, 3, 5, 16, 17, 40):
        for j in (0, k // 2, k - 1):
            z = np.where(np.arange(k) % 2 == 1, 1e308, -1e308)
            z[j] = np.inf
            if k > 2:
                z[(j + 1) % k] = -np.inf
            expected = np.zeros(k)
            expected[j] = 1.0
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                np.testing.assert_array_equal(softmax(z), expected)
                log_expected = np.full(k, -np.inf)
                log_expected[j] = 0.0
                np.testing.assert_array_equal(log_softmax(z), log_expected)


def test_plus_inf_rows_along_other_axes_and_mixed_rows():
    rows = np.array([[0.0, 1.0, np.inf], [np.inf, 1.0, np.inf], [0.0, 2.0, 1.0]])
    z = rows.T  # along axis 0, the classes of column j are rows[j]
    p, lp = softmax(z, axis=0), log_softmax(z, axis=0)
    np.testing.assert_array_equal(p[:, 0], [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(lp[:, 0], [-np.inf, -np.inf, 0.0])
    assert np.isnan(p[:, 1]).all() and np.isnan(lp[:, 1]).all()
    np.testing.assert_allclose(p[:, 2], sc.softmax(rows[2]), rtol=1e-15)
    np.testing.assert_allclose(lp[:, 2], sc.log_softmax(rows[2]), rtol=1e-15)


# --- item 5: tiny log-probabilities -----------------------------------------------


def test_log_softmax_keeps_tiny_log_probabilities():
    assert float(log_softmax([0.0, -40.0])[0]) == float(log_sigmoid(40.0))
    assert float(log_softmax([0.0, -40.0])[0]) == -4.248354255291589e-18
    assert float(log_softmax([-40.0, 0.0])[1]) == -4.248354255291589e-18
    # Three classes, the maximum not first.
    out = log_softmax([-50.0, 3.0, -40.0 + 3.0])
    with mpmath.workprec(200):
        true = -mpmath.log1p(mpmath.exp(-53) + mpmath.exp(-40))
    assert abs(out[1] - float(true)) <= EPS * abs(float(true))


@pytest.mark.parametrize("k", [3, 4, 17])
def test_log_softmax_ties_of_the_maximum(k):
    # Several entries equal to the maximum: each counts 1 in the sum, once.
    z = np.full(k, -45.0)
    z[:2] = 7.0
    got = log_softmax(z)
    with mpmath.workprec(200):
        s = 2 + (k - 2) * mpmath.exp(-52)
        true_top, true_rest = -mpmath.log(s), -52 - mpmath.log(s)
    np.testing.assert_allclose(got[:2], float(true_top), rtol=EPS, atol=0)
    np.testing.assert_allclose(got[2:], float(true_rest), rtol=EPS, atol=0)
    # All equal: exactly -log(k).
    np.testing.assert_allclose(log_softmax(np.full(k, 3.0)), -np.log(k), rtol=EPS, atol=0)


def test_log_softmax_tiny_values_against_mpmath():
    rng = np.random.default_rng(9)
    z = rng.normal(scale=30.0, size=(300, 4))
    got = log_softmax(z)
    worst = 0.0
    with mpmath.workprec(200):
        for row, grow in zip(z.tolist(), got.tolist(), strict=True):
            m = [mpmath.mpf(v) for v in row]
            lse = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in m))
            top = row.index(max(row))
            true = m[top] - lse  # the largest log-probability: near 0, often tiny
            # exp(x - top) inherits the rounding of x - top, a relative
            # |x - top| eps / 2 (the conditioning of exp, unavoidable).
            cond = max(abs(x - row[top]) for x in row) / 2
            worst = max(worst, float(abs(grow[top] - true) / abs(true)) / EPS - cond)
    assert worst <= 4.0, worst


# --- item 7: inputs that slipped through ------------------------------------------


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
def test_masked_arrays_are_refused(func):
    z = np.ma.masked_array([1.0, 2.0, 3.0], mask=[False, True, False])
    with pytest.raises(TypeError, match=rf"^{func.__name__}\(\).*masked array"):
        func(z)
    # Even with no element masked: the caller chose a masked array.
    with pytest.raises(TypeError, match="masked"):
        func(np.ma.masked_array([1.0, 2.0]))


@pytest.fixture
def matrix():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return np.matrix([[1.0, 2.0, 5.0], [3.0, 4.0, -1.0]])


def test_np_matrix_is_read_as_a_plain_array(matrix):
    plain = np.asarray(matrix)
    for func in ALL_STABLE:
        out = func(matrix)
        assert type(out) is np.ndarray, func
        np.testing.assert_array_equal(out, func(plain))
    two = matrix[:, :2]
    np.testing.assert_array_equal(softmax(two), softmax(np.asarray(two)))
    np.testing.assert_array_equal(softmax(matrix, axis=0), softmax(plain, axis=0))


@pytest.mark.parametrize("func", STABLE_SOFTMAX, ids=lambda f: f.__name__)
def test_np_matrix_errors_name_the_function(func, matrix):
    with pytest.raises(ValueError, match=rf"^{func.__name__}\(\): axis 2 is out of range"):
        func(matrix, axis=2)


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
def test_big_python_ints_convert_as_float_does(func):
    big = 10**30
    if func in STABLE_SOFTMAX:
        np.testing.assert_array_equal(func([big, 1]), func([float(big), 1.0]))
        np.testing.assert_array_equal(func([[big, -big]]), func([[1e30, -1e30]]))
    else:
        assert func(big) == func(float(big))
        assert func(-big) == func(-1e30)
        np.testing.assert_array_equal(func([1, big, -(2**64)]), func([1.0, 1e30, -(2.0**64)]))
    assert float(sigmoid(-(10**30))) == 0.0 and float(log_sigmoid(-(10**30))) == -1e30


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "value",
    [10**400, [1, -(10**400)], np.longdouble("1e400")],
    ids=["10**400", "list with -10**400", "longdouble 1e400"],
)
def test_numbers_beyond_float64_are_a_clear_value_error(func, value):
    if func in STABLE_SOFTMAX and np.ndim(value) == 0:
        value = [value, 0]
    if isinstance(value, np.longdouble) and not HAVE_LONGDOUBLE:
        pytest.skip("longdouble is float64 here")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=rf"^{func.__name__}\(\).*float64"):
            func(value)


def test_longdouble_within_range_is_fine():
    z = np.array([1.5, -800.0], dtype=np.longdouble)
    np.testing.assert_array_equal(sigmoid(z), sigmoid([1.5, -800.0]))


BOOL_AND_COMPLEX = [
    (np.True_, "bool"),
    (np.False_, "bool"),
    (np.array(True), "bool"),
    ([np.True_, np.False_], "bool"),
    (1 + 0j, "complex"),
    (np.complex128(1.0), "complex"),
    (np.complex64(0.5), "complex"),
    ([1.0, 1j], "complex"),
]


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "value, kind", BOOL_AND_COMPLEX, ids=[repr(v) for v, _ in BOOL_AND_COMPLEX]
)
def test_numpy_bools_and_complex_refused_like_python_bool(func, value, kind):
    with pytest.raises(TypeError) as info:
        func(value)
    message = str(info.value)
    assert message.startswith(f"{func.__name__}()"), message
    assert kind in message, message
    # It says what is wrong, not only the dtype.
    assert ("labels, not scores" if kind == "bool" else "real part") in message, message


def test_object_arrays_are_still_refused_even_of_ints():
    # An explicit object ndarray is the caller's choice; only lists and
    # scalars whose big ints made NumPy pick object are converted.
    with pytest.raises(TypeError, match=r"^sigmoid\(\).*object"):
        sigmoid(np.array([1, 10**30], dtype=object))
    with pytest.raises(TypeError, match=r"^sigmoid\(\).*object"):
        sigmoid([10**30, "x"])
    with pytest.raises(TypeError, match=r"^sigmoid\(\).*object"):
        sigmoid([10**30, True])


def test_fractions_and_mixed_python_numbers_convert_as_float_does():
    from fractions import Fraction

    assert sigmoid(Fraction(1, 2)) == sigmoid(0.5)
    np.testing.assert_array_equal(
        softmax([Fraction(1, 3), 10**30, np.float64(2.0), np.int8(3)]),
        softmax([1 / 3, 1e30, 2.0, 3.0]),
    )
    with pytest.raises(ValueError, match=r"^sigmoid\(\): 'z' holds a number too large"):
        sigmoid(Fraction(10**400, 3))
    # Decimal is not a numbers.Real: refused, naming its type.
    from decimal import Decimal

    with pytest.raises(TypeError, match=r"^sigmoid\(\).*Decimal"):
        sigmoid(Decimal("0.5"))


class _RaisingArray:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array today")


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
def test_odd_objects_get_an_error_naming_the_function(func):
    with pytest.raises(TypeError, match=rf"^{func.__name__}\(\) could not read 'z'.*no array"):
        func(_RaisingArray())
    for raw in (bytearray(b"ab"), memoryview(b"ab")):
        with pytest.raises(TypeError, match=rf"^{func.__name__}\(\).*got {type(raw).__name__}"):
            func(raw)


@pytest.mark.parametrize("func", ALL_STABLE, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "value",
    [[0.5, True], (1, np.False_), [[1.0, 2.0], [3.0, True]]],
    ids=["list", "tuple", "nested"],
)
def test_bools_inside_lists_are_refused_too(func, value):
    # NumPy would read them as 1.0 and 0.0 without a word.
    with pytest.raises(TypeError, match=rf"^{func.__name__}\(\).*holding bool: booleans"):
        func(value)


def test_empty_and_nested_lists_without_bools():
    # The scan for bools walks nested lists level by level; empty levels end it.
    assert sigmoid([]).shape == (0,)
    assert sigmoid([[]]).shape == (1, 0)
    assert sigmoid([[[]], [[]]]).shape == (2, 1, 0)
    assert log_sigmoid(()).shape == (0,)
    with pytest.raises(ValueError, match=r"^softmax\(\): axis -1 is empty"):
        softmax([[]])
    np.testing.assert_array_equal(
        sigmoid([[0, 1.5], (2, -1)]), sigmoid(np.array([[0, 1.5], [2, -1]]))
    )


def test_object_arrays_say_what_they_hold():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": [True, False], "b": [1.0, 2.0]})
    with pytest.raises(TypeError, match=r"DataFrame of dtype object holding bool: booleans"):
        sigmoid(frame)
    with pytest.raises(TypeError, match=r"holding NoneType, complex, dict, \.\.\.$"):
        sigmoid([1, "x", None, 2j, {}])
    with pytest.raises(TypeError, match=r"stored as objects: convert with \.astype\(float\)"):
        sigmoid(np.array([1.0, 2.0], dtype=object))


def test_as_real_array_names_the_argument():
    with pytest.raises(TypeError, match=r"^f\(\) does not accept a masked array for 'beta'"):
        as_real_array(np.ma.masked_array([1.0]), "f", "beta")
    with pytest.raises(ValueError, match=r"^f\(\): 'beta' holds an integer too large"):
        as_real_array(10**400, "f", "beta")
    out = as_real_array(10**30, "f")
    assert type(out) is np.ndarray and out.dtype == np.float64 and out == 1e30


# --- item 10: floating-point flags ------------------------------------------------------

FLAG_INPUTS = np.array(
    [
        -355.0,
        -400.0,
        -700.0,
        -708.5,
        -720.0,
        -745.0,
        -746.0,
        -800.0,
        -1e5,
        -MAX,
        355.0,
        700.0,
        710.0,
        746.0,
        800.0,
        1e5,
        MAX,
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1.0,
        -1.0,
        np.inf,
        -np.inf,
        np.nan,
    ]
)


def test_sigmoid_issue_example_under_raise():
    with np.errstate(all="raise"):
        s = sigmoid(-355.0)
    assert s > 0 and s == np.exp(-355.0) / (1 + np.exp(-355.0))


@pytest.mark.parametrize("func", [sigmoid, log_sigmoid], ids=lambda f: f.__name__)
def test_elementwise_never_raise_under_errstate_raise(func):
    expected = func(FLAG_INPUTS)
    with np.errstate(all="raise"):
        out = func(FLAG_INPUTS)
        for value in FLAG_INPUTS:
            func(value)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("func", STABLE_SOFTMAX, ids=lambda f: f.__name__)
@pytest.mark.parametrize("k", [2, 3, 17])
def test_softmax_never_raise_under_errstate_raise(func, k):
    rng = np.random.default_rng(k)
    z = rng.choice(FLAG_INPUTS, size=(200, k))
    z[:5] = -1000.0
    z[5, 0] = np.inf  # single +inf rows
    expected = func(z)
    with np.errstate(all="raise"):
        out = func(z)
        out0 = func(z, axis=0)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(out0, func(z, axis=0))


# --- more than 16 classes: the ufunc.reduce branch ----------------------------------------


@pytest.mark.parametrize("k", [16, 17, 40])
@pytest.mark.parametrize(
    "shape_axis",
    [((50, "k"), -1), (("k", 30), 0), ((4, "k", 6), 1), ((3, 5, "k"), -1), (("k", 2, 3), 0)],
)
def test_many_classes_against_scipy(k, shape_axis):
    shape, axis = shape_axis
    shape = tuple(k if s == "k" else s for s in shape)
    rng = np.random.default_rng(k * len(shape))
    z = rng.normal(scale=20.0, size=shape)
    p, lp = softmax(z, axis=axis), log_softmax(z, axis=axis)
    assert p.shape == lp.shape == z.shape
    np.testing.assert_allclose(p, sc.softmax(z, axis=axis), rtol=(4 + k) * EPS, atol=1e-300)
    np.testing.assert_allclose(lp, sc.log_softmax(z, axis=axis), rtol=0, atol=64 * EPS * 20)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=0, atol=k * EPS)
    # The maximum of each row (the same reduction) gets the largest probability.
    np.testing.assert_array_equal(np.argmax(p, axis=axis), np.argmax(z, axis=axis))


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_two_classes_on_any_axis_of_3d_input(axis):
    shape = [3, 4, 5]
    shape[axis] = 2
    z = np.random.default_rng(axis + 7).normal(scale=10.0, size=shape)
    p, lp = softmax(z, axis=axis), log_softmax(z, axis=axis)
    np.testing.assert_allclose(p, sc.softmax(z, axis=axis), rtol=4 * EPS, atol=0)
    np.testing.assert_allclose(lp, sc.log_softmax(z, axis=axis), rtol=8 * EPS, atol=8 * EPS)
    d = np.take(z, 0, axis=axis) - np.take(z, 1, axis=axis)
    np.testing.assert_array_equal(np.take(p, 0, axis=axis), sigmoid(d))
    np.testing.assert_array_equal(np.take(lp, 1, axis=axis), log_sigmoid(-d))


def test_naive_sigmoid_docstring_claims():
    # "the result is 0, though the true value is a positive subnormal".
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert float(naive_sigmoid(-720.0)) == 0.0
    assert float(sigmoid(-720.0)) > 0
    # "reads the string '0.5' as 0.5 and True as 1.0".
    assert float(naive_sigmoid("0.5")) == float(sigmoid(0.5))
    assert float(naive_sigmoid(True)) == float(sigmoid(1.0))
    # "sigmoid uses it for x >= -20".
    z = np.linspace(-20.0, 40.0, 10001)
    np.testing.assert_array_equal(sigmoid(z), naive_sigmoid(z))


# --- gaps found by mutation testing (make mutation MUTANTS='logitlab.functions.*') ---
# mutmut equivalent mutants, kept out with `# pragma: no mutate` in functions.py:
# - `x < _TAIL` -> `<=` in _logistic_into: both pieces give the same float at -20
#   (test_pieces_meet_exactly checks it);
# - the bool dtype of `tail` in _logistic_into: a float mask of 1.0/0.0 selects the same;
# - `x < _LOG_TAIL` -> `<=` in _log_logistic: -log1p(exp(40)) rounds to 40 exactly;
# - `slice(0, 1)` -> `slice(None, 1)` / `slice(1)` in _along: the same slice;
# - the value given to a single +inf's shifted entry in _shifted: any finite c gives
#   the same softmax (exp(c)/exp(c)) and log_softmax (c - log1p(exp(c) - 1)).


def test_pieces_meet_exactly():
    e = np.exp(-20.0)
    assert sigmoid(-20.0) == e - e * e == 1 / (1 + np.exp(20.0))
    assert sigmoid(-708.0) == np.exp(-708.0)  # e*e is far below half an ulp of e
    assert log_sigmoid(-40.0) == -40.0 == -np.log1p(np.exp(40.0))
    assert log_sigmoid(np.nextafter(-40.0, 0)) == np.nextafter(-40.0, 0)


@pytest.mark.parametrize("func", STABLE_SOFTMAX, ids=lambda f: f.__name__)
def test_axis_type_error_names_the_type_given(func):
    with pytest.raises(TypeError, match=r"axis must be an integer .*got float$"):
        func(np.ones((2, 3)), axis=1.0)
    with pytest.raises(TypeError, match=r"got NoneType$"):
        func(np.ones((2, 3)), axis=None)


@pytest.mark.parametrize("k", [2, 9, 16])
def test_few_classes_are_summed_in_order(k):
    # _along's docstring: up to 16 classes the sum is sequential (k - 1
    # whole-array additions), which numpy's pairwise reduce is not: with
    # terms of very different sizes the roundings differ.
    from logitlab.functions import _along

    rng = np.random.default_rng(k)
    x = rng.normal(size=(2000, k)) * np.resize([1e16, 1.0, 3.0], k)
    sequential = x[:, :1].copy()
    for j in range(1, k):
        sequential += x[:, j : j + 1]
    np.testing.assert_array_equal(_along(np.add, x, -1), sequential)
    np.testing.assert_array_equal(_along(np.add, x.T, 0), sequential.T)
    np.testing.assert_array_equal(_along(np.maximum, x, 1), x.max(axis=1, keepdims=True))
    if k == 16:
        assert np.any(np.add.reduce(x, axis=-1, keepdims=True) != sequential)


# --- mutation gaps in _validation.py (issue 19: its checks are now in make mutation) ----


def test_as_real_array_default_name_and_messages_word_for_word():
    with pytest.raises(TypeError) as info:
        as_real_array("a", "f")
    assert str(info.value) == "f() expects real numbers for 'z', got str"
    if HAVE_LONGDOUBLE:
        with pytest.raises(ValueError) as info:
            as_real_array(np.longdouble("1e400"), "f", "beta")
        assert str(info.value) == (
            "f(): 'beta' holds a value beyond float64's range (largest about 1.798e+308)"
        )


def test_float64_and_narrow_input_is_not_copied():
    from logitlab._validation import as_real_array_and_dtype

    a64 = np.array([0.5, 1.5])
    assert as_real_array(a64, "f") is a64
    a32 = np.array([0.5, 1.5], dtype=np.float32)
    arr, dtype = as_real_array_and_dtype(a32, "f")
    assert arr is a32 and dtype == np.float32


def test_scalar_or_array_hands_back_the_array_itself():
    from logitlab._validation import scalar_or_array

    a = np.array([1.0, 2.0])
    assert scalar_or_array(a) is a
    assert type(scalar_or_array(np.array(2.0))) is np.float64


def test_object_contents_messages_word_for_word():
    # Three kinds: no ", ..."; an np.bool_ among them says why booleans are refused.
    with pytest.raises(TypeError) as info:
        sigmoid([1, "x", None, 2j])
    assert str(info.value).endswith("got list of dtype object holding NoneType, complex, str")
    with pytest.raises(TypeError) as info:
        sigmoid(np.array([1.0, 2.0], dtype=object))
    assert str(info.value) == (
        "sigmoid() expects real numbers (int or float) for 'z', got ndarray of dtype object "
        "(real numbers stored as objects: convert with .astype(float))"
    )
    with pytest.raises(TypeError) as info:
        sigmoid(np.array([1.0, np.True_], dtype=object))
    assert str(info.value).endswith(
        "holding bool: booleans are labels, not scores (use .astype(float) if you mean 0 and 1)"
    )


def test_bools_in_list_rows_beside_array_rows_are_found():
    # Rows of two kinds (an array and a list): each list row is searched.
    with pytest.raises(TypeError, match=r"got list holding bool: booleans are labels"):
        sigmoid([np.array([0.5]), [True]])


def test_checked_real_messages_word_for_word():
    with pytest.raises(TypeError) as info:
        sigmoid(_RaisingArray())
    assert str(info.value) == (
        "sigmoid() could not read 'z' as an array of numbers: RuntimeError: no array today"
    )
    with pytest.raises(TypeError) as info:
        sigmoid([0.5, True])
    assert str(info.value) == (
        "sigmoid() expects real numbers (int or float) for 'z', got list holding bool: "
        "booleans are labels, not scores (use .astype(float) if you mean 0 and 1)"
    )
    if HAVE_LONGDOUBLE:
        with pytest.raises(ValueError) as info:
            sigmoid(np.longdouble("1e400"))
        assert str(info.value) == (
            "sigmoid(): 'z' holds a value beyond float64's range (largest about 1.798e+308)"
        )
