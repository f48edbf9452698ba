"""Tests for the coefficient mapping between a two-class softmax and a logistic."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from logitlab import (
    PARAMETERIZATIONS,
    logistic_to_softmax,
    sigmoid,
    softmax,
    softmax_to_logistic,
)

FAST = settings(max_examples=200, deadline=None)

# Coefficients of any size a student could type, but small enough that
# x*beta stays finite for |x| <= 1e3.
coefs = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_subnormal=True)
any_finite = st.floats(allow_nan=False, allow_infinity=False)


def test_question_coefficients():
    # b1 = 1, b2 = -1: the logistic coefficient is b1 - b2 = 2, not b1.
    assert softmax_to_logistic(1, -1) == 2
    assert softmax_to_logistic(1, -1, positive=1) == -2
    assert isinstance(softmax_to_logistic(1, -1), np.float64)
    # With beta = 2 the sigmoid reproduces the question's softmax exactly.
    x = 0.5
    beta = softmax_to_logistic(1, -1)
    assert sigmoid(x * beta) == softmax([x * 1, x * -1])[0] == 0.7310585786300049
    # positive=1 is the answer's beta = -(b1 - b2) = -2 for the other entry.
    assert sigmoid(x * softmax_to_logistic(1, -1, positive=1)) == softmax([0.5, -0.5])[1]


def test_vectors_with_intercept():
    # An intercept is one more entry: (a1, b1) and (a2, b2) map entrywise.
    b1 = np.array([-6.5, 1.4, 0.05])
    b2 = np.array([6.5, -1.4, -0.05])
    np.testing.assert_array_equal(softmax_to_logistic(b1, b2), [-13.0, 2.8, 0.1])
    np.testing.assert_array_equal(softmax_to_logistic(b1, b2, positive=1), [13.0, -2.8, -0.1])
    np.testing.assert_array_equal(softmax_to_logistic([[1, 2]], [[0, 0]]), [[1.0, 2.0]])
    # Features with a leading 1 for the intercept: probabilities agree.
    X = np.array([[1.0, 3.0, 20.0], [1.0, 2.0, 25.0], [1.0, 4.0, 22.0]])
    beta = softmax_to_logistic(b1, b2)
    p = softmax(np.stack([X @ b1, X @ b2], axis=-1))[:, 0]
    np.testing.assert_allclose(sigmoid(X @ beta), p, rtol=1e-15)


@pytest.mark.parametrize("positive", [2, -1, 0.5, "0", None, True, False, 1.5])
def test_bad_positive(positive):
    with pytest.raises(ValueError, match=r"softmax_to_logistic\(\).*positive must be 0 or 1"):
        softmax_to_logistic(1.0, -1.0, positive=positive)


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"softmax_to_logistic\(\).*shape \(2,\).*\(3,\)"):
        softmax_to_logistic([1, 2], [1, 2, 3])


@pytest.mark.parametrize("bad", ["1", None, 1j, [True], np.array([1], dtype=object)])
def test_type_errors_name_the_argument(bad):
    with pytest.raises(TypeError, match=r"softmax_to_logistic\(\).*'beta2'"):
        softmax_to_logistic(1.0, bad)
    with pytest.raises(TypeError, match=r"softmax_to_logistic\(\).*'beta1'"):
        softmax_to_logistic(bad, 1.0)
    with pytest.raises(TypeError, match=r"logistic_to_softmax\(\).*'beta'"):
        logistic_to_softmax(bad)


def test_logistic_to_softmax_named_conventions():
    # Issue 17: class 1 (the lowest label) is the default reference, as in
    # statsmodels' MNLogit: (0, -beta); reference=2 gives (beta, 0).
    b1, b2 = logistic_to_softmax(2.0)
    assert (b1, b2) == (0.0, -2.0)
    assert isinstance(b1, np.float64) and isinstance(b2, np.float64)
    assert logistic_to_softmax(2.0, "reference") == (0.0, -2.0)
    assert logistic_to_softmax(2.0, "reference", reference=1) == (0.0, -2.0)
    assert logistic_to_softmax(2.0, "reference", reference=2) == (2.0, 0.0)
    assert logistic_to_softmax(2.0, "symmetric") == (1.0, -1.0)
    # The question's b1 = 1, b2 = -1 is exactly the symmetric solution.
    assert logistic_to_softmax(softmax_to_logistic(1, -1), "symmetric") == (1.0, -1.0)
    vec = np.array([-13.0, 2.8])
    r1, r2 = logistic_to_softmax(vec, reference=2)
    np.testing.assert_array_equal(r1, vec)
    np.testing.assert_array_equal(r2, [0.0, 0.0])
    assert r1 is not vec  # the caller's array is not handed back to be mutated
    q1, q2 = logistic_to_softmax(vec)
    np.testing.assert_array_equal(q1, [0.0, 0.0])
    np.testing.assert_array_equal(q2, [13.0, -2.8])
    # No "-0.0" printed for beta = 0.
    assert [str(float(b)) for b in logistic_to_softmax(0.0)] == ["0.0", "0.0"]
    s1, s2 = logistic_to_softmax(vec, parameterization="symmetric")
    np.testing.assert_array_equal(s1, [-6.5, 1.4])
    np.testing.assert_array_equal(s2, [6.5, -1.4])


def test_parameterizations_constant():
    assert PARAMETERIZATIONS == ("reference", "symmetric")


@pytest.mark.parametrize("name", ["free", "Reference", "", None, 0])
def test_unknown_parameterization_lists_valid_ones(name):
    with pytest.raises(ValueError) as info:
        logistic_to_softmax(1.0, name)
    message = str(info.value)
    assert message.startswith("logistic_to_softmax()")
    assert "'reference'" in message and "'symmetric'" in message


@FAST
@given(beta=any_finite)
def test_round_trip_reference_is_exact(beta):
    for reference in (1, 2):
        b1, b2 = logistic_to_softmax(beta, "reference", reference=reference)
        assert softmax_to_logistic(b1, b2) == beta
        assert softmax_to_logistic(b1, b2, positive=1) == -beta
        assert (b1, b2)[reference - 1] == 0


@pytest.fixture(scope="module")
def spector():
    import statsmodels.api as sm

    data = sm.datasets.spector.load_pandas()
    X = data.exog[["GPA", "TUCE", "PSI"]].to_numpy(float)
    return X, data.endog.to_numpy(int)


def test_reference_class_1_is_statsmodels_mnlogit(spector):
    # MNLogit fixes class 1 (label 0) at zero and reports class 2's row,
    # which is -beta_hat with beta_hat = beta1 - beta2 (the logistic fit on
    # labels 0/1 reports gamma_hat = -beta_hat).
    import statsmodels.api as sm

    from logitlab import fit_logistic, fit_softmax

    X, y = spector
    mn = sm.MNLogit(y, sm.add_constant(X)).fit(method="newton", disp=0)
    row2 = np.asarray(mn.params)[:, 0]  # intercept first, as add_constant
    beta_hat = -np.asarray(sm.Logit(y, sm.add_constant(X)).fit(disp=0).params)
    b1, b2 = logistic_to_softmax(beta_hat)
    np.testing.assert_array_equal(b1, np.zeros(4))
    np.testing.assert_allclose(b2, row2, rtol=1e-6)
    # fit_softmax's params are MNLogit's layout: class 2 minus class 1.
    np.testing.assert_allclose(fit_softmax(X, y).params[0], b2, rtol=1e-6)
    # Built from our own logistic fit, the same pair.
    ours = fit_logistic(X, y).params
    np.testing.assert_allclose(logistic_to_softmax(-ours)[1], row2, rtol=1e-6)
    # reference=2 fixes class 2 instead: class 1's row is beta_hat.
    c1, c2 = logistic_to_softmax(beta_hat, reference=2)
    np.testing.assert_allclose(c1, -row2, rtol=1e-6)
    np.testing.assert_array_equal(c2, np.zeros(4))


@pytest.mark.parametrize(
    ("kwargs", "exc", "message"),
    [
        ({"reference": 3}, ValueError, "got 3"),
        ({"reference": 0}, ValueError, "got 0"),
        ({"reference": 1.0}, TypeError, "got float 1.0"),
        ({"reference": True}, TypeError, "got bool True"),
        ({"reference": "1"}, TypeError, "got str '1'"),
        ({"reference": None}, TypeError, "got NoneType None"),
        ({"parameterization": "symmetric", "reference": 2}, ValueError, "symmetric"),
    ],
)
def test_reference_must_be_the_integer_1_or_2(kwargs, exc, message):
    with pytest.raises(exc) as info:
        logistic_to_softmax(2.0, **kwargs)
    text = str(info.value)
    assert text.startswith("logistic_to_softmax(): "), text
    assert message in text, text


def test_reference_accepts_numpy_integers():
    assert logistic_to_softmax(2.0, reference=np.int64(2)) == (2.0, 0.0)
    assert logistic_to_softmax(2.0, reference=np.uint8(1)) == (0.0, -2.0)


def test_reference_messages_word_for_word():
    with pytest.raises(ValueError) as info:
        logistic_to_softmax(2.0, reference=3)
    assert str(info.value) == (
        "logistic_to_softmax(): reference must be 1 or 2 (the class whose coefficients "
        "are fixed at 0), got 3"
    )
    with pytest.raises(TypeError) as info:
        logistic_to_softmax(2.0, reference=2.0)
    assert str(info.value) == (
        "logistic_to_softmax(): reference must be the integer 1 or 2, got float 2.0"
    )
    with pytest.raises(ValueError) as info:
        logistic_to_softmax(2.0, "symmetric", reference=2)
    assert str(info.value) == (
        "logistic_to_softmax(): reference applies only to parameterization='reference', "
        "not 'symmetric'"
    )


@FAST
@given(beta=any_finite)
@example(beta=5e-324)  # odd multiple of the smallest subnormal: beta/2 rounds
@example(beta=np.finfo(np.float64).max)
def test_round_trip_symmetric(beta):
    # Issue 19, L3: the difference is beta exactly, for every beta; it was
    # 0 for beta = 5e-324 ((0.0, -0.0)).
    b1, b2 = logistic_to_softmax(beta, "symmetric")
    assert softmax_to_logistic(b1, b2) == beta
    # Halving is exact unless beta is an odd multiple of 2**-1074 (beta/2
    # then rounds to even): only there are the two halves 5e-324 apart.
    if (beta / 2) * 2 == beta:
        assert b1 == -b2 == beta / 2
    else:
        assert abs(beta) < 2 * np.finfo(np.float64).tiny
        assert abs(b1 + b2) == 5e-324


@pytest.mark.parametrize("parameterization", PARAMETERIZATIONS)
def test_subnormal_betas_keep_their_difference(parameterization):
    betas = np.array([5e-324, -5e-324, 3 * 5e-324, 2.5e-308, 1e-310])
    b1, b2 = logistic_to_softmax(betas, parameterization)
    np.testing.assert_array_equal(b1 - b2, betas)
    assert np.all(np.sign(b1 - b2) == np.sign(betas))


@pytest.mark.parametrize(
    ("beta1", "beta2", "positive"),
    [(1e308, -1e308, 0), (-1e308, 1e308, 1), ([0.0, 1e308], [0.0, -1e308], 0)],
)
def test_difference_beyond_float64_is_a_clear_error_without_warning(beta1, beta2, positive):
    # Issue 19, L4: it emitted NumPy's overflow RuntimeWarning and returned inf.
    import warnings

    with warnings.catch_warnings(), pytest.raises(ValueError) as info:
        warnings.simplefilter("error")
        softmax_to_logistic(beta1, beta2, positive)
    assert str(info.value) == (
        "softmax_to_logistic(): the difference of beta1 and beta2 is beyond float64's "
        "range (largest about 1.798e+308)"
    )


def test_infinite_coefficients_stay_quiet():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert softmax_to_logistic(np.inf, 1.0) == np.inf
        assert np.isnan(softmax_to_logistic(np.inf, np.inf))


@FAST
@given(beta=st.lists(any_finite, min_size=1, max_size=6))
def test_round_trip_vectors(beta):
    b1, b2 = logistic_to_softmax(beta)
    np.testing.assert_array_equal(softmax_to_logistic(b1, b2), beta)


@FAST
@given(b1=coefs, b2=coefs, x=st.floats(-1e3, 1e3), positive=st.sampled_from([0, 1]))
def test_identity_sigmoid_equals_softmax_entry(b1, b2, x, positive):
    beta = softmax_to_logistic(b1, b2, positive)
    got = sigmoid(x * beta)
    want = softmax([x * b1, x * b2])[positive]
    # x*(b1 - b2) and x*b1 - x*b2 round differently: the two arguments can
    # differ by about 4 eps * max(|x*b1|, |x*b2|), and the sigmoid's slope is
    # at most 1/4; on top of that each side rounds its result (< 1e-15).
    scale = max(abs(x * b1), abs(x * b2))
    assert abs(got - want) <= 1e-15 + np.finfo(np.float64).eps * scale


def test_identity_on_random_inputs():
    rng = np.random.default_rng(5)
    b1, b2 = rng.normal(scale=3, size=(2, 10000))
    x = rng.normal(scale=2, size=10000)
    for positive in (0, 1):
        got = sigmoid(x * softmax_to_logistic(b1, b2, positive))
        want = softmax(np.stack([x * b1, x * b2], axis=-1))[:, positive]
        assert np.max(np.abs(got - want)) <= 1e-15


# --------------------------------------------------------------------------
# Issue 8, item 7: validation by explicit type, not by `in (...)`


@pytest.mark.parametrize("positive", [np.True_, np.False_, 1 + 0j, 0j, 1.0, 0.0, np.float64(1.0)])
def test_positive_must_be_an_integer_not_a_value_equal_to_one(positive):
    # `x in (0, 1)` compares with ==, so these were all accepted while True was refused.
    with pytest.raises(ValueError, match=r"softmax_to_logistic\(\).*positive must be 0 or 1"):
        softmax_to_logistic(1.0, -1.0, positive=positive)


@pytest.mark.parametrize("positive", [np.int64(1), np.uint8(1), np.int32(0), 0, 1])
def test_positive_accepts_numpy_integers(positive):
    expected = -2.0 if positive == 1 else 2.0
    assert softmax_to_logistic(1.0, -1.0, positive=positive) == expected


@pytest.mark.parametrize(
    "name", [np.array(["reference"]), np.array("symmetric"), ["reference"], ("symmetric",), None]
)
def test_parameterization_must_be_a_string(name):
    with pytest.raises(ValueError, match=r"logistic_to_softmax\(\).*unknown parameterization"):
        logistic_to_softmax(2.0, name)


def test_parameterization_str_subclass_accepted():
    assert [float(b) for b in logistic_to_softmax(2.0, np.str_("symmetric"))] == [1.0, -1.0]


def test_unknown_parameterization_message_word_for_word():
    with pytest.raises(ValueError) as info:
        logistic_to_softmax(1.0, "sym")
    assert str(info.value) == (
        "logistic_to_softmax(): unknown parameterization 'sym'; "
        "valid ones are 'reference', 'symmetric'"
    )
