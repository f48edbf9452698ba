"""Accuracy against high-precision (mpmath) and scipy.special references.

"Relative error at most 2 ulp" is read as ``|got - true| <= 2 * eps * |true|``
with ``eps = 2**-52`` (the ulp of 1). Measured in ulps of the result itself
the figure can be up to twice that just below a power of two; the benchmark
(``python -m benchmarks numerics``) reports both.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import scipy.special as sc

from logitlab import log_sigmoid, log_softmax, naive_sigmoid, sigmoid, softmax

EPS = np.finfo(np.float64).eps
TINY = np.finfo(np.float64).tiny  # smallest normal, 2.2e-308
DENORM = np.nextafter(0.0, 1.0)  # 2**-1074
PREC = 160  # bits; far more than enough to round float64 results correctly


def _mp_sigmoid(z: float) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-mpmath.mpf(z)))


def _mp_log_sigmoid(z: float) -> mpmath.mpf:
    return -mpmath.log1p(mpmath.exp(-mpmath.mpf(z)))


def _relative_errors(got: np.ndarray, z: np.ndarray, ref) -> np.ndarray:
    """|got - true| / |true| in units of eps, in high precision."""
    with mpmath.workprec(PREC):
        out = []
        for g, x in zip(got.tolist(), z.tolist(), strict=True):
            true = ref(x)
            out.append(float(abs(mpmath.mpf(g) - true) / abs(true)) / EPS if true else 0.0)
    return np.array(out)


def _rounded(z: np.ndarray, ref) -> np.ndarray:
    """The true values correctly rounded to float64."""
    with mpmath.workprec(PREC):
        return np.array([float(ref(x)) for x in z.tolist()])


@pytest.fixture(scope="module")
def grid() -> np.ndarray:
    # A dense grid over the whole interesting range plus random points,
    # denser where the sigmoid is neither 0 nor 1 in float64.
    rng = np.random.default_rng(20190904)
    return np.concatenate(
        [
            np.linspace(-745.0, 710.0, 3001),
            rng.uniform(-745.0, 710.0, 1000),
            rng.uniform(-40.0, 40.0, 2000),
            [-708.4, -1.0, -0.5, 0.0, 0.5, 1.0, 36.7, 37.0],
        ]
    )


@pytest.fixture(scope="module")
def sigmoid_truth(grid):
    with mpmath.workprec(PREC):
        return [_mp_sigmoid(x) for x in grid.tolist()]


def _rel_from_truth(got, truth):
    with mpmath.workprec(PREC):
        return np.array(
            [
                float(abs(mpmath.mpf(g) - t) / t) / EPS
                for g, t in zip(got.tolist(), truth, strict=True)
            ]
        )


def test_sigmoid_relative_error_normal_range(grid, sigmoid_truth):
    got = sigmoid(grid)
    truth_f = np.array([float(t) for t in sigmoid_truth])
    normal = truth_f >= TINY
    rel = _rel_from_truth(got[normal], [t for t, n in zip(sigmoid_truth, normal, strict=True) if n])
    assert rel.max() <= 2.0, (
        f"max relative error {rel.max():.3f} eps at z={grid[normal][rel.argmax()]}"
    )
    # Most results are correctly rounded or one ulp off: a sanity check that
    # the reference and the measurement are right, not just loose.
    assert np.mean(got[normal] == truth_f[normal]) > 0.7


def test_the_accuracy_check_can_fail(grid, sigmoid_truth):
    # 1 - sigmoid(-z) is the textbook way to lose the tail: the same check
    # must reject it, or it would accept anything.
    z = grid[(grid < -30) & (grid > -700)]
    truth = [t for t, x in zip(sigmoid_truth, grid, strict=True) if -700 < x < -30]
    assert _rel_from_truth(1.0 - sigmoid(-z), truth).max() > 1e6


def test_sigmoid_subnormal_results_are_faithful():
    # For z in (-745, -708.4] the true sigmoid is subnormal (below 2.2e-308).
    # sigmoid returns exp(z) for z < -708 (the truth is exp(z)/(1 + exp(z))
    # with exp(z) < 2.5e-308), which is within one subnormal step (2**-1074)
    # of the truth: one of the two neighbours of the true value, and the
    # nearest one at most points.
    z = np.concatenate(
        [np.linspace(-745.0, -708.0, 1481)[1:], np.random.default_rng(1).uniform(-745, -708, 300)]
    )
    got = sigmoid(z)
    rounded = _rounded(z, _mp_sigmoid)
    with mpmath.workprec(PREC):
        steps = np.array(
            [
                float(abs(mpmath.mpf(g) - _mp_sigmoid(x)) / mpmath.mpf(DENORM))
                for g, x in zip(got.tolist(), z.tolist(), strict=True)
            ]
        )
    assert np.all(rounded > 0)  # the truth is never 0 on this interval
    assert np.all(got > 0)
    assert steps.max() < 1.0, f"off by {steps.max():.3f} subnormal steps at {z[steps.argmax()]}"
    assert np.all(np.abs(got - rounded) <= DENORM)
    assert np.mean(got == rounded) > 0.9  # 0.99 here; margin for other exp builds
    # scipy's expit (plain 1/(1+exp(-z))) flushes everything below -709.78.
    flushed = z < -709.79
    assert flushed.sum() > 1000
    np.testing.assert_array_equal(sc.expit(z[flushed]), 0.0)


def test_naive_sigmoid_accuracy_and_overflow(grid, sigmoid_truth):
    # The textbook formula is accurate where it does not overflow (teaching
    # point: about 1.2 ulp) - its failure is the warning, not the digits.
    keep = grid > -700
    with np.errstate(over="ignore"):
        got = naive_sigmoid(grid[keep])
    truth = [t for t, k in zip(sigmoid_truth, keep, strict=True) if k]
    assert _rel_from_truth(got, truth).max() <= 2.0
    with pytest.warns(RuntimeWarning):
        naive_sigmoid(-710.0)


def test_sigmoid_matches_expit_where_expit_is_exact(grid):
    both = grid > -709.78
    np.testing.assert_allclose(sigmoid(grid[both]), sc.expit(grid[both]), rtol=3 * EPS, atol=0)


def test_log_sigmoid_vs_mpmath():
    rng = np.random.default_rng(3)
    z = np.concatenate(
        [np.linspace(-1e4, 710.0, 2001), rng.uniform(-40.0, 40.0, 1000), [-800.0, -745.5, 0.0]]
    )
    got = log_sigmoid(z)
    assert float(log_sigmoid(-800.0)) == -800.0
    nonzero = got != 0  # log_sigmoid underflows to -0.0 only above z = 745
    rel = _relative_errors(got[nonzero], z[nonzero], _mp_log_sigmoid)
    assert rel.max() <= 2.0, f"max relative error {rel.max():.3f} eps"
    np.testing.assert_allclose(got, sc.log_expit(z), rtol=3 * EPS, atol=0)


def _mp_softmax_row(row):
    m = [mpmath.mpf(v) for v in row]
    top = max(m)
    e = [mpmath.exp(v - top) for v in m]
    s = mpmath.fsum(e)
    return [v / s for v in e], [v - top - mpmath.log(s) for v in m]


@pytest.mark.parametrize("k", [2, 3, 5, 10])
def test_softmax_and_log_softmax_vs_mpmath(k):
    rng = np.random.default_rng(k)
    z = np.concatenate(
        [rng.normal(scale=3.0, size=(150, k)), rng.normal(scale=300.0, size=(50, k))]
    )
    p, lp = softmax(z), log_softmax(z)
    worst_p = worst_lp = 0.0
    with mpmath.workprec(PREC):
        for row, prow, lrow in zip(z.tolist(), p.tolist(), lp.tolist(), strict=True):
            tp, tlp = _mp_softmax_row(row)
            top = max(row)
            for got, true, x in zip(prow, tp, row, strict=True):
                if true >= TINY:
                    # exp(d) turns the rounding of d = x - top (at most
                    # |d| eps/2) into a relative error |d| eps/2: the
                    # conditioning of exp, which no algorithm avoids.
                    rel = float(abs(got - true) / true) / EPS - abs(x - top) / 2
                    worst_p = max(worst_p, rel)
            for got, true in zip(lrow, tlp, strict=True):
                # Absolute error relative to the row's scale: log-probs near 0
                # are differences of nearly equal numbers.
                scale = max(1.0, max(abs(v) for v in row))
                worst_lp = max(worst_lp, float(abs(got - true)) / (EPS * scale))
    # Beyond that: exp (~1 eps), the sum of k terms (~k/2 eps), the division.
    assert 0 < worst_p <= 2 + k / 2, worst_p
    assert worst_lp <= 4, worst_lp
    np.testing.assert_allclose(p, sc.softmax(z, axis=-1), rtol=(4 + k) * EPS, atol=0)
    np.testing.assert_allclose(
        lp, sc.log_softmax(z, axis=-1), rtol=0, atol=8 * EPS * np.abs(z).max()
    )
