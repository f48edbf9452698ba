"""Property-based tests (hypothesis) of the identities the series teaches.

Each test asserts the strongest statement that is true in float64, and the
comments say why it is exact or how large the rounding can be.
"""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from logitlab import log_sigmoid, log_softmax, naive_sigmoid, sigmoid, softmax

FAST = settings(max_examples=200, deadline=None)
EPS = np.finfo(np.float64).eps  # 2**-52

finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)
any_float = st.floats(allow_nan=True, allow_infinity=True)


def rows(elements=finite, max_k=10):
    """2-D float64 arrays with 1..max_k classes per row."""
    shapes = st.tuples(st.integers(1, 5), st.integers(1, max_k))
    return hnp.arrays(np.float64, shapes, elements=elements)


# --- softmax([a, b]) is a sigmoid of the difference ---------------------------


@FAST
@given(a=any_float, b=any_float)
@example(a=1e308, b=-1e308)  # a - b overflows to inf: both sides give 1
@example(a=-1e308, b=1e308)
@example(a=0.5, b=-0.5)  # the question's scores
@example(a=-745.0, b=0.0)  # subnormal result
@example(a=np.inf, b=0.0)  # a single +inf: probability 1 (issue 8, item 3)
@example(a=np.inf, b=np.inf)  # no limit: NaN on both sides
@example(a=-np.inf, b=-np.inf)
@example(a=np.nan, b=np.inf)
@example(a=2.219994657080264, b=0.0)  # where the old kernel broke monotonicity
def test_two_class_softmax_is_sigmoid_of_difference_exactly(a, b):
    # Exact, not approximate, for every pair of float64 scores: softmax with
    # two classes runs the sigmoid's kernel on d = a - b (and on -d = b - a,
    # which IEEE subtraction gives exactly), so every operation and rounding
    # is identical; inf - inf = NaN and inf - x = inf need no special case.
    # log_softmax equals log_sigmoid of the difference just as exactly: two
    # classes share log_sigmoid's kernel too.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax([a, b])
        lp = log_softmax([a, b])
        with np.errstate(invalid="ignore", over="ignore"):
            d = np.float64(a) - np.float64(b)
        np.testing.assert_array_equal(p, [sigmoid(d), sigmoid(-d)])
        np.testing.assert_array_equal(lp, [log_sigmoid(d), log_sigmoid(-d)])


@FAST
@given(z=hnp.arrays(np.float64, st.tuples(st.integers(1, 50), st.just(2)), elements=any_float))
def test_two_class_softmax_is_sigmoid_vectorised(z):
    with np.errstate(over="ignore", invalid="ignore"):
        d = z[:, 0] - z[:, 1]
    np.testing.assert_array_equal(softmax(z)[:, 0], sigmoid(d))
    np.testing.assert_array_equal(softmax(z)[:, 1], sigmoid(-d))
    # Where a - b overflows, both are -inf (the true value is below -1.8e308).
    np.testing.assert_array_equal(log_softmax(z)[:, 0], log_sigmoid(d))
    np.testing.assert_array_equal(log_softmax(z.T, axis=0)[0], log_sigmoid(d))


@FAST
@given(a=finite, b=finite)
def test_sigmoid_is_monotone(a, b):
    # Not only on a grid: for any two floats, and for their neighbours.
    lo, hi = min(a, b), max(a, b)
    with np.errstate(over="ignore"):  # the float after the largest is inf
        after = np.nextafter(lo, np.inf)
    assert sigmoid(lo) <= sigmoid(hi)
    assert sigmoid(lo) <= sigmoid(after)
    assert log_sigmoid(lo) <= log_sigmoid(hi)
    assert log_sigmoid(lo) <= log_sigmoid(after)


# --- shift invariance ---------------------------------------------------------------


@FAST
@given(z=rows(moderate), c=moderate)
def test_shift_invariance(z, c):
    # z + c and the max subtraction each round, so the exponents differ by
    # at most about 4 eps (|z| + |c|); p changes by p times that, twice.
    shifted = z + c
    tol = 8 * EPS * (np.max(np.abs(z)) + abs(c)) + 4 * EPS
    np.testing.assert_allclose(softmax(shifted), softmax(z), rtol=0, atol=tol)
    np.testing.assert_allclose(
        log_softmax(shifted), log_softmax(z), rtol=0, atol=tol + 4 * EPS * np.max(np.abs(z))
    )


@FAST
@given(
    z=rows(st.integers(-(2**40), 2**40).map(float)),
    c=st.integers(-(2**40), 2**40).map(float),
)
def test_shift_invariance_exact_when_shift_is_exact(z, c):
    # Integer scores and shift below 2**53: z + c and every difference are
    # exact, so the results are bit-identical.
    np.testing.assert_array_equal(softmax(z + c), softmax(z))
    np.testing.assert_array_equal(log_softmax(z + c), log_softmax(z))


# --- normalisation -------------------------------------------------------------------


@FAST
@given(z=rows(finite))
@example(z=np.array([[1e308, -1e308, 0.0]]))
@example(z=np.full((1, 10), -1000.0))
@example(z=np.array([[0.0] * 9 + [1e-300]]))
def test_rows_sum_to_one(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(z)
    assert np.all((p >= 0) & (p <= 1))
    assert np.max(np.abs(p.sum(axis=-1) - 1.0)) <= 1e-15
    # The largest score always gets exp(0) = 1 in the numerator.
    assert np.all(p[np.arange(len(z)), np.argmax(z, axis=-1)] >= 1 / z.shape[1] - 1e-15)


@FAST
@given(z=rows(finite), axis=st.sampled_from([0, 1, -1, -2]))
def test_rows_sum_to_one_any_axis(z, axis):
    p = softmax(z, axis=axis)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        np.exp(log_softmax(z, axis=axis)), p, rtol=0, atol=4 * EPS * max(1, z.shape[axis])
    )


# --- symmetry ----------------------------------------------------------------------


@FAST
@given(z=finite)
@example(z=0.0)
@example(z=37.0)
@example(z=-37.0)
@example(z=1e-300)
def test_symmetry(z):
    # For z >= 0, 1 - sigmoid(z) is exact (Sterbenz) but inherits
    # sigmoid(z)'s absolute rounding error, up to 1.5 ulp of numbers in
    # [0.5, 1), i.e. 0.75 eps. So the identity holds to eps absolutely...
    lo, hi = sigmoid(-abs(z)), sigmoid(abs(z))
    assert abs(lo - (1.0 - hi)) <= EPS
    assert abs(sigmoid(-z) - (1.0 - sigmoid(z))) <= EPS
    # ...and to a relative 2 eps where 1 - sigmoid(|z|) keeps full
    # precision, i.e. while the small side is at least 1/4.
    if lo >= 0.25:
        assert abs(lo - (1.0 - hi)) <= 2 * EPS * lo


def test_symmetry_fails_relatively_in_the_tail():
    # Where it is not representable: sigmoid(37) = 1 - 8.5e-17, between
    # 1 - 2**-53 (nearer) and 1; either way 1 - it is 0 or 1.1e-16, never
    # 8.5e-17. The textbook formula, which sigmoid uses there (the monotone
    # choice), gives 1.0 (0.77 ulp off), so 1 - it is exactly 0; sigmoid(-37)
    # = 8.5e-17 computed directly is right.
    assert float(sigmoid(37.0)) == float(naive_sigmoid(37.0)) == 1.0
    assert float(1.0 - sigmoid(37.0)) == 0.0
    assert abs(float(sigmoid(-37.0)) - 8.533047625744066e-17) <= 2 * EPS * 8.5e-17
    # At z = 30 the subtraction keeps only a few correct digits.
    rel = abs((1.0 - sigmoid(30.0)) - sigmoid(-30.0)) / sigmoid(-30.0)
    assert 1e-4 < rel < 1e-2


# --- no warnings -----------------------------------------------------------------


@FAST
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3), elements=any_float))
def test_elementwise_functions_never_warn(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
        ls = log_sigmoid(z)
    assert np.shape(s) == z.shape == np.shape(ls)
    ok = ~np.isnan(z)
    assert np.all((s[ok] >= 0) & (s[ok] <= 1))
    assert np.all(ls[ok] <= 0)
    assert np.array_equal(np.isnan(s), np.isnan(z))


@FAST
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3), elements=finite))
def test_softmax_never_warns_for_finite_input(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(z)
        lp = log_softmax(z)
    assert np.all(np.isfinite(p))
    assert not np.any(np.isnan(lp))
    assert np.all(lp <= 0)


@FAST
@given(z=finite)
def test_log_sigmoid_agrees_with_sigmoid(z):
    s, ls = sigmoid(z), log_sigmoid(z)
    if s >= np.finfo(np.float64).tiny:
        # exp of the log loses at most |ls| * eps to the argument rounding.
        assert abs(np.exp(ls) - s) <= (3 + abs(ls)) * EPS * s
    else:
        # Where sigmoid underflows, log_sigmoid is just z (to rounding).
        assert abs(ls - z) <= EPS * abs(z)
