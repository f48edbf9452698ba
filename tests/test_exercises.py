"""The exercise checkers: right answers pass, wrong ones get feedback, never an exception.

Expected values are checked against independent references (scipy.special,
the question's printed numbers), and every lesson's solution code is run and
fed back to its own checker, so a wrong solution or a wrong key fails here.
"""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from scipy.special import expit
from scipy.special import softmax as sp_softmax

import logitlab.exercises as exercises_pkg
from logitlab.exercises import Exercise, Feedback

LESSONS = sorted(
    m.name for m in pkgutil.iter_modules(exercises_pkg.__path__) if m.name.startswith("lesson")
)


def _questions():
    for lesson in LESSONS:
        module = importlib.import_module(f"logitlab.exercises.{lesson}")
        for name in module.__all__:
            yield pytest.param(getattr(module, name), id=f"{lesson}.{name}")


QUESTIONS = list(_questions())

# Deliberately odd answers a student might type; none may raise.
ODD_ANSWERS = [
    "two", b"x", True, False, [], [1, 2, 3, 4, 5], {"a": 1}, object(), float("nan"),
    float("inf"), np.array([[1.0, 2.0], [3.0, 4.0]]), 1 + 2j, print, -1e308,
]


def test_lessons_01_to_03_exist():
    assert {"lesson01", "lesson02", "lesson03"} <= set(LESSONS)


@pytest.mark.parametrize("q", QUESTIONS)
def test_solution_is_accepted_by_its_own_checker(q):
    namespace: dict = {}
    exec(q.solution_code, namespace)
    assert q.variable in namespace, f"solution does not assign {q.variable}"
    feedback = q.evaluate(namespace[q.variable])
    assert feedback.correct, str(feedback)


@pytest.mark.parametrize("q", QUESTIONS)
def test_expected_value_is_accepted(q):
    assert q.evaluate(q.expected).correct


@pytest.mark.parametrize("q", QUESTIONS)
def test_none_is_not_answered_yet(q):
    feedback = q.evaluate(None)
    assert feedback.kind == "unanswered"
    assert "Not answered yet" in str(feedback)
    assert q.variable in str(feedback)


@pytest.mark.parametrize("q", QUESTIONS)
def test_hint_and_solution_are_non_empty(q, capsys):
    q.hint()
    hint = capsys.readouterr().out
    q.solution()
    solution = capsys.readouterr().out
    assert hint.startswith("Hint: ") and len(hint) > 20
    assert solution.startswith("Solution: ") and q.variable in solution


@pytest.mark.parametrize("q", QUESTIONS)
def test_traps_are_wrong_and_explained(q):
    for value, message in q.traps:
        feedback = q.evaluate(value)
        assert not feedback.correct, f"trap {value!r} is accepted"
        assert message in feedback.message


@pytest.mark.parametrize("q", QUESTIONS)
def test_odd_answers_give_feedback_not_exceptions(q, capsys):
    for answer in ODD_ANSWERS:
        feedback = q.evaluate(answer)
        assert feedback.kind == "incorrect", (answer, str(feedback))
        assert "expected" in feedback.message or "you gave" in feedback.message
        q.check(answer)
    assert capsys.readouterr().out.count("Not quite") == len(ODD_ANSWERS)


@pytest.mark.parametrize("q", QUESTIONS)
def test_check_displays_plain_text(q, capsys):
    q.check(None)
    assert capsys.readouterr().out.startswith("Not answered yet")


# -- the answer keys against independent references ---------------------

def test_lesson01_key_matches_question_and_scipy():
    from logitlab.exercises import lesson01 as ex

    b1, b2 = 1, -1
    x = 1.5  # question 2 moves the question's x = 0.5 to 1.5 (a transfer question)
    assert ex.q2.expected == float(sp_softmax([x * b1, x * b2])[0])
    assert expit(x * ex.q1.expected) == pytest.approx(ex.q2.expected, rel=1e-15)
    # The question's mistake (sigmoid of one score) and its own printed 0.7311 are traps.
    trap_values = [v for v, _ in ex.q2.traps]
    assert trap_values == pytest.approx([
        expit(x * b1), sp_softmax([x * b1, x * b2])[1], expit(x * b2),
        sp_softmax([0.5 * b1, 0.5 * b2])[0],
    ], rel=1e-14)
    assert ex.q2.evaluate(float(expit(x * b1))).kind == "incorrect"
    assert "x = 1.5" in str(ex.q2.evaluate(0.7310585786300049))
    assert expit(0.5 * ex.q1.expected) == pytest.approx(sp_softmax([0.5, -0.5])[0], rel=1e-15)
    assert ex.q3.expected == pytest.approx(0.7 - (-0.7))


def test_lesson02_key_matches_scipy():
    from logitlab.exercises import lesson02 as ex

    a, b = 1.75, 4.1
    assert expit(ex.q1.expected) == pytest.approx(sp_softmax([a, b])[0], rel=1e-14)
    for x in (-3.0, 0.5, 2.0):
        assert expit(x * ex.q2.expected) == pytest.approx(sp_softmax([x * 0.35, x * 1.6])[1])
    intercept, slope = ex.q3.expected
    for x in (-2.0, 0.0, 1.5):
        scores = [0.6 + 1.3 * x, -0.35 + 0.45 * x]
        assert expit(intercept + slope * x) == pytest.approx(sp_softmax(scores)[0], rel=1e-14)


def test_lesson03_key_matches_scipy():
    from logitlab.exercises import lesson03 as ex

    x, b1, b2, c = 0.8, 1, -1, 10
    assert ex.q1.expected == pytest.approx(sp_softmax([x * (b1 + c), x * (b2 + c)])[0],
                                           rel=1e-14)
    assert [v for v, _ in ex.q1.traps[:2]] == pytest.approx(
        [expit(x * (b1 + c)), sp_softmax([x * (b1 + c), x * (b2 + c)])[1]], rel=1e-14)
    s1, s2 = ex.q2.expected
    assert (s1 - s2, s1 + s2) == pytest.approx((2.4, 0.0))
    shifted = (3.35 + ex.q3.expected, 1.35 + ex.q3.expected)
    assert shifted == pytest.approx((2.0, 0.0))


# -- the Exercise machinery itself ----------------------------------------

def _make(**kw):
    return Exercise("Q", "What?", 2.0, why="because", hint="think", solution="answer = 2.0", **kw)


def test_numeric_tolerance():
    q = _make()
    assert q.evaluate(2.0 + 1e-12).correct
    assert q.evaluate(np.float32(2.0)).correct
    assert q.evaluate(np.array(2.0)).correct
    assert q.evaluate([2.0]).correct  # a one-element list is a number in context
    assert not q.evaluate(2.001).correct
    assert not q.evaluate(True).correct  # True == 1, but a boolean is not a number


def test_wrong_number_gets_nudge_with_value():
    q = _make(nudge="Subtract the coefficients.")
    feedback = q.evaluate(3)
    assert str(feedback) == "Not quite: you gave 3.0. Subtract the coefficients."


def test_wrong_type_says_what_was_expected():
    assert "expected a number, got the string 'x'" in _make().evaluate("x").message
    q = Exercise("Q", "?", [1.0, 2.0], why="w", hint="h", solution="answer = [1, 2]")
    assert "expected a list of 2 numbers, got a list of length 3" in q.evaluate([1, 2, 3]).message
    assert q.evaluate((1, 2)).correct and q.evaluate(np.array([1.0, 2.0])).correct
    assert not q.evaluate([2, 1]).correct


def test_boolean_and_text_answers():
    qb = Exercise("Q", "?", True, why="w", hint="h", solution="answer = True")
    assert qb.evaluate(True).correct and qb.evaluate(np.bool_(True)).correct
    assert not qb.evaluate(False).correct
    assert "expected True or False, got the integer 1" in qb.evaluate(1).message
    qt = Exercise("Q", "?", "reference", why="w", hint="h", solution="answer = 'reference'")
    assert qt.evaluate("  Reference ").correct
    assert not qt.evaluate("symmetric").correct


def test_accept_allows_many_right_answers_and_survives_errors():
    q = Exercise(
        "Q", "Any pair with b1 - b2 = 2", [2.0, 0.0], why="w", hint="h",
        solution="answer = [2.0, 0.0]", accept=lambda a: abs(a[0] - a[1] - 2) < 1e-12,
    )
    assert q.evaluate([5.0, 3.0]).correct
    assert not q.evaluate([5.0, 2.0]).correct

    def broken(answer):
        raise RuntimeError("bug")

    q.accept = broken
    assert q.evaluate([2.0, 0.0]).kind == "incorrect"


def test_feedback_rich_and_plain_forms():
    f = Feedback("correct", "beta = b1 - b2.")
    assert repr(f) == str(f) == "Correct: beta = b1 - b2."
    assert "#009E73" in f._repr_markdown_() and "beta = b1 - b2." in f._repr_markdown_()
    s = Feedback("solution", "Subtract.", code="answer = 1 - (-1)")
    assert "```python\nanswer = 1 - (-1)\n```" in s._repr_markdown_()
    assert str(s).endswith("answer = 1 - (-1)")


def test_bad_construction_is_a_clear_error():
    with pytest.raises(ValueError, match="Feedback\\(\\): kind must be one of"):
        Feedback("great", "x")
    with pytest.raises(ValueError, match="must all be non-empty"):
        Exercise("Q", "?", 1.0, why="", hint="h", solution="answer = 1")


# -- the choice form (issue 17: a prediction that is really a choice) ----------

def _choice():
    from logitlab.exercises import Choice

    return Choice(
        "Prediction", "What does beta do?",
        [("settles", "It settles.", "That needs an estimate to exist."),
         ("keeps growing", "It keeps growing.", ""),
         ("swings", "It swings back and forth.", "A small step does not overshoot.")],
        "keeps growing", why="The loss has no minimum.", hint="Has the loss a minimum?",
        solution="prediction = 'B'", variable="prediction",
    )


@pytest.mark.parametrize("answer", ["B", "b", " b) ", "B.", 2, np.int64(2), "keeps growing",
                                    "It keeps growing.", "KEEPS GROWING", 2.0, np.float32(2),
                                    Fraction(4, 2), Decimal("2.000"), "2", " 2) "])
def test_choice_accepts_letter_number_name_or_text(answer):
    assert _choice().evaluate(answer).correct


@pytest.mark.parametrize(("answer", "said"), [
    ("A", "you chose A (settles). That needs an estimate to exist."),
    (3, "you chose C (swings). A small step does not overshoot."),
    ("swings", "you chose C (swings). A small step does not overshoot."),
])
def test_choice_wrong_option_names_its_mistake(answer, said):
    feedback = _choice().evaluate(answer)
    assert feedback.kind == "incorrect" and feedback.message == said


@pytest.mark.parametrize(("answer", "got"), [
    ("D", "the string 'D'"), (0, "the integer 0"), (4, "the integer 4"),
    (2.5, "the number 2.5"), (4.0, "the number 4.0"), ("4", "the string '4'"),
    (float("nan"), "the number nan"), (Decimal("sNaN"), "the decimal sNaN"),
    (10**400, "the integer 10000000000000000000000000…0000000000000 (401 digits)"),
    (True, "the boolean True"), (["B"], "a list of length 1"),
])
def test_choice_refuses_what_is_no_option(answer, got):
    feedback = _choice().evaluate(answer)
    assert feedback.kind == "incorrect"
    assert feedback.message == (
        "expected one of A, B, C (a letter, a number from 1 to 3 or an option's name), "
        f"got {got}."
    )


def test_choice_unanswered_hint_solution_and_display(capsys):
    q = _choice()
    assert q.evaluate(None).kind == "unanswered"
    assert "`prediction`" in q.evaluate(None).message
    namespace: dict = {}
    exec(q.solution_code, namespace)
    assert q.evaluate(namespace["prediction"]).correct
    q.hint()
    q.solution()
    out = capsys.readouterr().out
    assert "Has the loss a minimum?" in out and "prediction = 'B'" in out
    assert "A: It settles." in q._repr_markdown_() and "C: It swings back" in repr(q)


def test_choice_practice_variant():
    from logitlab.exercises import Choice

    def variant(rng):
        right = int(rng.integers(0, 3))
        options = [(f"o{i}", f"Option {i}.", "" if i == right else f"Not {i}.")
                   for i in range(3)]
        return Choice("Q", "Pick.", options, f"o{right}", why="w", hint="h",
                      solution=f"answer = 'o{right}'", variant=variant)

    q = variant(np.random.default_rng(0)).practice(seed=5)
    assert q.name == "Q (practice, seed 5)"
    assert q.evaluate(q.expected).correct


@pytest.mark.parametrize(("options", "answer", "words"), [
    ([("a", "A.", "x")], "a", "needs 2 to 10 options"),
    ([("a", "A.", "x"), ("a", "B.", "y")], "a", "share a name"),
    ([("a", "A.", "x"), ("b", "B.", "")], "a", "needs its own feedback"),
    ([("a", "A.", "x"), ("b", "B.", "y")], "c", "names no option"),
])
def test_choice_refuses_a_malformed_question(options, answer, words):
    from logitlab.exercises import Choice

    with pytest.raises(ValueError, match=rf"^Choice\('Q'\): .*{words}"):
        Choice("Q", "?", options, answer, why="w", hint="h", solution="answer = 'a'")


def test_an_array_of_strings_is_named_as_strings():
    """Issue 19 L13: 'dtype <U32' means nothing to a learner."""
    q = Exercise("Q", "?", [1.0, 2.0], why="w", hint="h", solution="answer = [1.0, 2.0]")
    message = q.evaluate(np.array(["1", "2"])).message
    assert message == "expected a list of 2 numbers, got an array of strings of shape (2,)."
    assert "<U" not in q.evaluate(np.array([b"1", b"2"])).message
