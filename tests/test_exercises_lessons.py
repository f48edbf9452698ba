"""The convention exercises of lessons 02, 05 and 07 (issue 9, section 1).

Each asks the learner to read a software output (rows in sorted label
order, P(label 1) = P(class 2)) where both the sign and the row matter.
The keys are checked against scipy's softmax and expit, and each known
mistake (flipped sign, one row alone, rows in order of appearance) must be
named in the feedback, not met with a generic "wrong".
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit
from scipy.special import softmax as sp_softmax

from logitlab.exercises import lesson02, lesson05, lesson07
from logitlab.fitting import gradient_descent_path

RNG = np.random.default_rng(9)


def said(q, answer) -> str:
    return str(q.evaluate(answer))


# -- lesson 02, question 4: a two-row output layer --------------------------

ROW0, ROW1 = np.array([0.3, -0.5]), np.array([1.1, 0.7])


def test_lesson02_q4_key_gives_p_label1_by_scipy():
    beta = np.array(lesson02.q4.expected)
    for x in RNG.normal(scale=3, size=(20, 2)):
        p_label1 = sp_softmax([x @ ROW0, x @ ROW1])[1]  # label 1 = class 2 = row 1
        assert expit(x @ beta) == pytest.approx(p_label1, rel=1e-13)
        assert abs(expit(x @ -beta) - p_label1) > 1e-3 or abs(x @ beta) < 1e-3


@pytest.mark.parametrize("answer, words", [
    ([-0.8, -1.2], "wrong sign"),
    ([1.1, 0.7], "row 1 alone"),
    ([0.3, -0.5], "row 0 alone"),
    ([1.4, 0.2], "sum of the rows"),
])
def test_lesson02_q4_names_the_mistake(answer, words):
    text = said(lesson02.q4, answer)
    assert text.startswith("Not quite") and words in text


def test_lesson02_q4_right_answer():
    assert said(lesson02.q4, np.array([0.8, 1.2])).startswith("Correct: Label 1 is the second")


# -- lesson 05, question 1: the end of a real gradient-descent run -----------

def test_lesson05_q1_key_is_where_gradient_descent_ends():
    # One feature, no intercept, labels 0/1; fitted beta_hat computed, then the
    # question's start (b1, b2) = (3, 1) with rows in sorted label order.
    x = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1.5])
    y = np.array([0, 0, 1, 0, 1, 1, 1, 0])
    path = gradient_descent_path(x[:, None], y, lr=1.0, n_steps=4000, fit_intercept=False,
                                 init=([[3.0], [1.0]], None))
    b1, b2 = path.coef[-1, 0, 0], path.coef[-1, 1, 0]
    logistic = gradient_descent_path(x[:, None], y, model="logistic", lr=2.0, n_steps=4000,
                                     fit_intercept=False).coef[-1, 0]
    assert b2 - b1 == pytest.approx(logistic, abs=1e-9)  # label 1 = class 2: b2 - b1
    assert b1 + b2 == pytest.approx(4.0, abs=1e-12)
    # The same rule applied to the question's beta_hat = 1.5 gives the key.
    e1, e2 = lesson05.q1.expected
    assert (e2 - e1, e1 + e2) == pytest.approx((1.5, 4.0))


@pytest.mark.parametrize("answer, words", [
    ([2.75, 1.25], "the sign is not"),
    ([0.0, 1.5], "reference-class pair"),
    ([-0.75, 0.75], "symmetric pair"),
    ([3.0, 1.0], "the start itself"),
])
def test_lesson05_q1_names_the_mistake(answer, words):
    text = said(lesson05.q1, answer)
    assert text.startswith("Not quite") and words in text


# -- lesson 05, question 4: free rows to statsmodels' Logit ------------------

def test_lesson05_q4_key_reproduces_p_label1():
    row0, row1 = np.array([4.0, -0.6]), np.array([-6.0, 1.9])
    const, slope = lesson05.q4.expected
    for x in np.linspace(-3.0, 4.0, 9):
        z = np.array([1.0, x])
        assert expit(const + slope * x) == pytest.approx(sp_softmax([z @ row0, z @ row1])[1],
                                                         rel=1e-12)


def test_lesson05_q4_matches_statsmodels_logit():
    """statsmodels' Logit, fitted to data drawn from these rows, reports row 1 - row 0."""
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    x = rng.normal(scale=2.0, size=4000) + 4.0
    p1 = sp_softmax(np.column_stack([4.0 - 0.6 * x, -6.0 + 1.9 * x]), axis=1)[:, 1]
    y = (rng.random(x.size) < p1).astype(int)
    params = sm.Logit(y, sm.add_constant(x)).fit(disp=0).params
    np.testing.assert_allclose(params, lesson05.q4.expected, atol=0.6)
    assert np.sign(params[1]) == np.sign(lesson05.q4.expected[1])


@pytest.mark.parametrize("answer, words", [
    ([10.0, -2.5], "wrong sign"),
    ([-6.0, 1.9], "row 1 alone"),
    ([4.0, -0.6], "row 0 alone"),
    ([-2.0, 1.3], "sum of the rows"),
    ([-5.0, 1.25], "half the difference"),
])
def test_lesson05_q4_names_the_mistake(answer, words):
    text = said(lesson05.q4, answer)
    assert text.startswith("Not quite") and words in text


# -- lesson 07, question 4: sorted labels, three rows ------------------------

def test_lesson07_q4_key_is_the_log_odds_by_scipy():
    classes = sorted(["dog", "fox", "cat"])
    coef = np.array([0.85, -0.2, -0.65])
    for x in (-2.0, 0.5, 3.0):
        p = dict(zip(classes, sp_softmax(coef * x), strict=True))
        assert np.log(p["fox"] / p["dog"]) == pytest.approx(lesson07.q4.expected * x, rel=1e-12)


@pytest.mark.parametrize("answer, words", [
    (0.45, "wrong sign"),
    (-1.05, "order the labels first appear"),
    (1.05, "sign is flipped too"),
    (-0.65, "fox row alone"),
    (-1.5, "fox minus cat"),
])
def test_lesson07_q4_names_the_mistake(answer, words):
    text = said(lesson07.q4, answer)
    assert text.startswith("Not quite") and words in text


def test_convention_exercises_use_the_series_words():
    """Every convention question says which class a label is, in the card's words."""
    for q in (lesson02.q4, lesson05.q1, lesson05.q4):
        said_all = q.question + q.why
        assert "sorted" in said_all or "class 2" in said_all
        assert "label 1" in said_all
    assert "sorts the labels" in lesson07.q4.why
