"""Practice variants (issue 10): `exercise.practice(seed)`, the same question, new numbers.

For every exercise that has practice, over several seeds: the variant's own
solution passes its own check; two seeds give different numbers and the
same seed the same question; every trap of a variant is recognised with its
own message; and the key is recomputed independently (scipy.special,
statsmodels, numpy written out) from the numbers the variant drew.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pytest
import statsmodels.api as sm
from scipy.special import expit
from scipy.special import softmax as sp_softmax

import logitlab.exercises
from logitlab.exercises import Exercise, lesson01, lesson02, lesson03, lesson05, lesson06, lesson07
from logitlab.exercises._core import distinct

SEEDS = [0, 1, 2, 7, 42, 123, 2024, 99999]


# Every lesson's exercise module, found by name, so a new lesson is covered at once.
LESSON_MODULES = sorted(
    m.name
    for m in pkgutil.iter_modules(logitlab.exercises.__path__)
    if re.fullmatch(r"lesson\d\d", m.name)
)


def _all_questions():
    for lesson in LESSON_MODULES:
        module = importlib.import_module(f"logitlab.exercises.{lesson}")
        for name in module.__all__:
            yield f"{lesson}.{name}", getattr(module, name)


PRACTISED = [pytest.param(q, id=ident) for ident, q in _all_questions() if q.variant is not None]


def test_every_lesson_has_practice():
    lessons = {p.id.split(".")[0] for p in PRACTISED}
    assert len(LESSON_MODULES) >= 7
    assert lessons == set(LESSON_MODULES)


def _solved(q: Exercise):
    namespace: dict = {}
    exec(q.solution_code, namespace)
    return namespace[q.variable]


@pytest.mark.parametrize("q", PRACTISED)
@pytest.mark.parametrize("seed", SEEDS)
def test_variant_solution_passes_its_own_check(q, seed):
    variant = q.practice(seed=seed)
    assert variant.evaluate(_solved(variant)).correct, variant.question
    assert variant.evaluate(variant.expected).correct
    assert variant.variable == q.variable
    assert variant.hint_text and variant.why and variant.solution_code


@pytest.mark.parametrize("q", PRACTISED)
def test_two_seeds_give_different_numbers(q):
    first, second = q.practice(seed=1), q.practice(seed=2)
    assert first.params != second.params
    assert first.question != second.question
    assert not np.allclose(np.ravel(first.expected), np.ravel(second.expected))
    # The new numbers are not the lesson's own, either.
    assert first.question != q.question


@pytest.mark.parametrize("q", PRACTISED)
@pytest.mark.parametrize("seed", [0, 5, 31337])
def test_same_seed_same_question(q, seed):
    first, again = q.practice(seed=seed), q.practice(seed=seed)
    assert first.question == again.question
    assert first.params == again.params
    assert first.solution_code == again.solution_code
    assert np.array_equal(first.expected, again.expected)
    assert [m for _, m in first.traps] == [m for _, m in again.traps]


@pytest.mark.parametrize("q", PRACTISED)
@pytest.mark.parametrize("seed", SEEDS)
def test_each_trap_of_a_variant_is_named(q, seed):
    variant = q.practice(seed=seed)
    assert variant.traps, "a variant keeps the named mistakes"
    for value, message in variant.traps:
        feedback = variant.evaluate(value)
        assert feedback.kind == "incorrect"
        assert message in feedback.message, (variant.question, value)


@pytest.mark.parametrize("q", PRACTISED)
def test_the_lesson_question_is_its_variants_default(q):
    # The notebook's question and its practice share one builder: the same hint.
    assert q.practice(seed=3).hint_text.split(" ")[0] == q.hint_text.split(" ")[0]
    assert q.params is not None


# -- the keys against independent computations --------------------------------

@pytest.mark.parametrize("seed", SEEDS)
def test_lesson01_q1_key_by_scipy(seed):
    v = lesson01.q1.practice(seed=seed)
    x, b1, b2 = v.params["x"], v.params["b1"], v.params["b2"]
    assert f"x = {x:g}, b1 = {b1:g} and b2 = {b2:g}" in v.question
    for t in (x, -2.0, 0.7):
        assert expit(t * v.expected) == pytest.approx(sp_softmax([t * b1, t * b2])[0], rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson02_q4_key_by_scipy(seed):
    v = lesson02.q4.practice(seed=seed)
    row0, row1 = np.array(v.params["row0"]), np.array(v.params["row1"])
    beta = np.array(v.expected)
    for x in np.random.default_rng(seed).normal(scale=2, size=(5, 2)):
        p_label1 = sp_softmax([x @ row0, x @ row1])[1]  # label 1 = class 2 = row 1
        assert expit(x @ beta) == pytest.approx(p_label1, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson03_q2_key_by_scipy(seed):
    v = lesson03.q2.practice(seed=seed)
    beta = v.params["beta"]
    b1, b2 = v.expected
    assert b1 + b2 == pytest.approx(0.0, abs=1e-15)
    for x in (-1.5, 0.5, 2.0):
        assert sp_softmax([x * b1, x * b2])[0] == pytest.approx(expit(x * beta), rel=1e-12)


def _numpy_gradient_descent(x, y, b1, b2, lr=1.0, steps=5000):
    """Plain gradient descent on the two-class softmax's mean loss, written out."""
    for _ in range(steps):
        s = np.column_stack([x * b1, x * b2])
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        onehot = np.column_stack([y == 0, y == 1]).astype(float)  # label 0 = class 1
        g = ((p - onehot) * x[:, None]).mean(axis=0)
        b1, b2 = b1 - lr * g[0], b2 - lr * g[1]
    return b1, b2


X4 = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 1.5])
Y4 = np.array([0, 0, 1, 0, 1, 1, 1, 0])


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_lesson05_q1_key_is_where_numpy_gradient_descent_ends(seed):
    v = lesson05.q1.practice(seed=seed)
    b1, b2, gamma_hat = v.params["b1"], v.params["b2"], v.params["gamma_hat"]
    e1, e2 = v.expected
    # statsmodels' gamma_hat is b2 - b1 (P(label 1) = class 2); the sum is kept.
    assert (e2 - e1, e1 + e2) == pytest.approx((gamma_hat, b1 + b2), abs=1e-12)
    # The rule behind the key, on real data from the variant's start: statsmodels'
    # Logit (P(label 1) = class 2) and gradient descent written out in numpy.
    fitted = float(sm.Logit(Y4, X4[:, None]).fit(disp=0).params[0])
    end = _numpy_gradient_descent(X4, Y4, b1, b2)
    assert lesson05._q1(fitted, b1, b2).expected == pytest.approx(end, abs=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson06_q3_key_by_scipy(seed):
    v = lesson06.q3.practice(seed=seed)
    scores = np.array(v.params["scores"])
    assert np.abs(scores).min() > 745  # the naive formula fails here, as the question says
    np.testing.assert_allclose(v.expected, sp_softmax(scores), rtol=1e-13)


@pytest.mark.parametrize("seed", SEEDS)
def test_lesson07_q2_key_by_scipy(seed):
    v = lesson07.q2.practice(seed=seed)
    a = np.array(v.params["a"])
    key = np.array(v.expected)
    assert key[2] == 0.0
    np.testing.assert_allclose(sp_softmax(key), sp_softmax(a), rtol=1e-12)
    np.testing.assert_allclose(key - key[0], a - a[0], atol=1e-12)


# -- practice() itself ---------------------------------------------------------

def test_practice_is_named_by_its_seed_and_keeps_the_base_name():
    v = lesson01.q1.practice(seed=3)
    assert v.name == "Question 1 (practice, seed 3)"
    assert v.practice(seed=4).name == "Question 1 (practice, seed 4)"
    assert repr(v).startswith("Question 1 (practice, seed 3). With x = ")
    assert lesson01.q1.name == "Question 1"  # the lesson's question is not changed


def test_practice_seed_zero_and_numpy_integers():
    assert lesson01.q1.practice(seed=0).name.endswith("seed 0)")
    assert lesson01.q1.practice(seed=np.int64(5)).question == lesson01.q1.practice(5).question


def test_practice_without_seed_draws_one_and_names_it():
    v = lesson06.q3.practice()
    seed = int(re.fullmatch(r"Question 3 \(practice, seed (\d+)\)", v.name).group(1))
    assert v.question == lesson06.q3.practice(seed=seed).question
    assert len({lesson06.q3.practice().name for _ in range(5)}) > 1


def test_practice_on_a_question_without_variants_says_so():
    q = Exercise("Question 9", "What?", 2.0, why="w", hint="h", solution="answer = 2.0")
    assert q.variant is None and q.params is None and q.transfer is False
    with pytest.raises(ValueError, match=r"^practice\(\): Question 9 has no practice variant; "
                       r"every lesson's module docstring lists the ones that do$"):
        q.practice(seed=1)


@pytest.mark.parametrize("seed, got", [
    (-1, "the integer -1"), (1.5, "the number 1.5"), (True, "the boolean True"),
    ("1", "the string '1'"), (np.bool_(False), "the boolean False"),
])
def test_practice_refuses_bad_seeds(seed, got):
    with pytest.raises(ValueError) as info:
        lesson01.q1.practice(seed=seed)
    assert str(info.value) == (
        f"practice(): seed must be a non-negative integer or None, got {got}"
    )


def test_the_variant_gets_a_generator_seeded_as_given():
    seen = []

    def variant(rng):
        seen.append(rng.integers(10**9))
        return Exercise("Q", "What?", 1.0, why="w", hint="h", solution="answer = 1.0")

    q = Exercise("Q", "What?", 1.0, why="w", hint="h", solution="answer = 1.0", variant=variant)
    q.practice(seed=11)
    assert seen == [np.random.default_rng(11).integers(10**9)]


def test_exercise_keeps_transfer_and_params():
    q = Exercise("Q", "What?", 1.0, why="w", hint="h", solution="answer = 1.0",
                 transfer=True, params={"a": 1})
    assert q.transfer is True and q.params == {"a": 1}


# -- distinct() ----------------------------------------------------------------

def test_distinct_compares_each_pair_within_the_tolerance():
    assert distinct(1.0, 2.0, 3.0)
    assert not distinct(1.0, 2.0, 1.0)          # not neighbours
    assert not distinct(1.0, 1.0, 2.0)
    assert not distinct(1.0, 2.0, 2.0)
    assert not distinct(0.0, 5e-10)             # within atol 1e-9
    assert distinct(0.0, 1.5e-9)
    assert not distinct(1000.0, 1000.0 + 5e-7)  # within rtol 1e-9 of 1000
    assert distinct(1000.0, 1000.0 + 1.5e-6)
    assert distinct([1.0, 1.0], 1.0)            # another size is never equal
    assert not distinct([1.0, 2.0], (1.0, 2.0))
    assert distinct([1.0, 2.0], [2.0, 1.0])
    assert distinct()


@pytest.mark.parametrize("q", PRACTISED)
def test_no_variant_shows_a_negative_zero(q):
    # A coefficient drawn in (-0.05, 0) rounds to -0.0, which f"{v:g}" shows as "-0".
    for seed in range(300):
        text = q.practice(seed=seed).question
        assert not re.search(r"(?<![\d.])-0(?![.\d])|-0\.0(?!\d)", text), text


def test_lesson05_q1_practice_never_prints_minus_zero():
    """Issue 19 L11: seed 325 drew an end point of -0.0 and its 'why' printed '= -0.'."""
    import math
    import re

    from logitlab.exercises import lesson05

    for seed in [325, *range(400)]:
        variant = lesson05.q1.practice(seed=seed)
        negatives = re.findall(r"-[0-9]+(?:\.[0-9]+)?", variant.why)
        assert all(float(n) != 0 for n in negatives), (seed, variant.why)
        assert not any(v == 0 and math.copysign(1, v) < 0 for v in variant.expected), seed
