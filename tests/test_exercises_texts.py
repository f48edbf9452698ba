"""The exact feedback texts of the exercise checker.

A student reads these words, so the tests compare whole strings: for
booleans, NaN and infinities, one-element lists, list answers, and traps
whose size differs from the answer's (issue 8, "Tests that can fail").
"""

from __future__ import annotations

import numpy as np
import pytest

from logitlab.exercises import Exercise


def number_q(**kw):
    kw.setdefault("traps", [(1.0, "That is b1 alone.")])
    return Exercise("Q", "What is b1 - b2?", 2.0, why="It is the difference.", hint="Subtract.",
                    solution="answer = 2.0", nudge="Subtract the two.", **kw)


def pair_q(**kw):
    kw.setdefault("traps", [([0.5, 1.2], "That is class 1 alone.")])
    return Exercise("Q", "Give [intercept, slope].", [0.8, 0.8], why="Differences.",
                    hint="Subtract.", solution="answer = [0.8, 0.8]",
                    nudge="Two numbers, please.", **kw)


def bool_q():
    return Exercise("Q", "Is it shift invariant?", True, why="A common shift cancels.",
                    hint="Add c to both.", solution="answer = True", nudge="Think again.")


def text_q():
    return Exercise("Q", "Which parameterisation?", "reference", why="One row is zero.",
                    hint="Which row is fixed?", solution="answer = 'reference'",
                    traps=[("symmetric", "That one sums to zero.")])


def said(q, answer) -> str:
    return str(q.evaluate(answer))


# -- booleans ---------------------------------------------------------------

@pytest.mark.parametrize("answer", [True, np.True_])
def test_a_boolean_is_not_a_number(answer):
    assert said(number_q(), answer) == "Not quite: expected a number, got the boolean True."


def test_booleans_inside_a_list_are_named():
    assert said(pair_q(), [True, 0.8]) == (
        "Not quite: expected a list of 2 numbers, got a list of length 2 whose item [0] is "
        "the boolean True."
    )
    assert said(pair_q(), np.array([True, False])) == (
        "Not quite: expected a list of 2 numbers, got an array of shape (2,) and dtype bool."
    )


def test_boolean_question_texts():
    q = bool_q()
    assert said(q, True) == "Correct: A common shift cancels."
    assert said(q, np.True_) == "Correct: A common shift cancels."
    assert said(q, False) == "Not quite: you gave the boolean False. Think again."
    assert said(q, 1) == "Not quite: expected True or False, got the number 1.0."
    assert said(q, "True") == "Not quite: expected True or False, got the string 'True'."
    assert said(q, [True]) == "Not quite: expected True or False, got a list of length 1."
    assert said(q, None) == (
        "Not answered yet: set `answer` to your answer (True or False), then run this cell "
        "again."
    )


def test_text_question_texts():
    q = text_q()
    assert said(q, " Reference\n") == "Correct: One row is zero."
    assert said(q, "SYMMETRIC") == (
        "Not quite: you gave the string 'SYMMETRIC'. That one sums to zero."
    )
    assert said(q, "free") == "Not quite: you gave the string 'free'. Try the hint: `hint()`."
    assert said(q, 3) == "Not quite: expected a short text, got the number 3.0."
    assert said(q, b"reference") == "Not quite: expected a short text, got the bytes b'reference'."


# -- NaN and infinities -----------------------------------------------------

@pytest.mark.parametrize(
    ("answer", "shown"),
    [(float("nan"), "nan"), (float("inf"), "inf"), (-np.inf, "-inf"),
     (np.float32("nan"), "nan"), ([np.inf], "inf"), (np.array([[np.nan]]), "nan")],
)
def test_non_finite_number_texts(answer, shown):
    assert said(number_q(), answer) == f"Not quite: expected finite numbers, got {shown}."


def test_non_finite_list_texts():
    assert said(pair_q(), [0.8, float("nan")]) == (
        "Not quite: expected finite numbers, got [0.8, nan]."
    )
    assert said(pair_q(), np.array([-np.inf, np.inf])) == (
        "Not quite: expected finite numbers, got [-inf, inf]."
    )


# -- one-element lists --------------------------------------------------------

@pytest.mark.parametrize(
    "wrap",
    [lambda v: [v], lambda v: (v,), lambda v: np.array([v]), lambda v: [[v]],
     lambda v: np.array([[v]], dtype=object)],
    ids=["list", "tuple", "array", "nested", "object-array"],
)
def test_one_element_list_is_a_number(wrap):
    q = number_q()
    assert said(q, wrap(2.0)) == "Correct: It is the difference."
    assert said(q, wrap(1.0)) == "Not quite: you gave 1.0. That is b1 alone."
    assert said(q, wrap(3)) == "Not quite: you gave 3.0. Subtract the two."


def test_one_element_list_of_a_non_number_names_the_item():
    assert said(number_q(), ["2"]) == (
        "Not quite: expected a number, got a list of length 1 whose item [0] is the string '2'."
    )
    assert said(number_q(), [[None]]) == (
        "Not quite: expected a number, got a list of length 1 whose item [0, 0] is None."
    )


def test_one_element_list_for_a_pair_says_the_length():
    assert said(pair_q(), [0.8]) == (
        "Not quite: expected a list of 2 numbers, got a list of length 1."
    )
    assert said(number_q(), []) == "Not quite: expected a number, got a list of length 0."
    assert said(number_q(), (2.0, 2.0)) == (
        "Not quite: expected a number, got a tuple of length 2."
    )


# -- list answers -------------------------------------------------------------

@pytest.mark.parametrize(
    "answer", [[0.8, 0.8], (0.8, 0.8), np.array([0.8, 0.8]), np.array([[0.8], [0.8]]),
               [np.float32(0.8), 0.8]],
    ids=["list", "tuple", "array", "column", "mixed"],
)
def test_list_answer_right_in_any_container(answer):
    q = pair_q()
    if isinstance(answer, list) and isinstance(answer[0], np.float32):
        q.rtol = 1e-7  # float32(0.8) is 0.800000011920929
    assert said(q, answer) == "Correct: Differences."


def test_list_answer_texts():
    q = pair_q()
    assert said(q, [0.5, 1.2]) == "Not quite: you gave [0.5, 1.2]. That is class 1 alone."
    assert said(q, np.array([[0.5, 1.2]])) == (
        "Not quite: you gave [0.5, 1.2]. That is class 1 alone."
    )
    assert said(q, [1, 2]) == "Not quite: you gave [1.0, 2.0]. Two numbers, please."
    assert said(q, [0.8, 0.8, 0.8]) == (
        "Not quite: expected a list of 2 numbers, got a list of length 3."
    )
    assert said(q, np.zeros((2, 2))) == (
        "Not quite: expected a list of 2 numbers, got an array of shape (2, 2) and dtype "
        "float64."
    )
    assert said(q, 0.8) == "Not quite: expected a list of 2 numbers, got the number 0.8."
    assert said(q, "0.8, 0.8") == (
        "Not quite: expected a list of 2 numbers, got the string '0.8, 0.8'."
    )
    assert said(q, None) == (
        "Not answered yet: set `answer` to your answer (a list of 2 numbers), then run this "
        "cell again."
    )


# -- traps whose size differs from the answer's -------------------------------

def test_traps_of_another_size_are_skipped_not_raised():
    q = pair_q(traps=[
        (0.8, "A scalar trap."),
        ([0.8, 0.8, 0.0], "A three-number trap."),
        ([[1.0, 2.0]], "A 1 x 2 trap."),
        (True, "A boolean trap."),
        ("both", "A text trap."),
    ])
    assert said(q, [3.0, 4.0]) == "Not quite: you gave [3.0, 4.0]. Two numbers, please."
    # Same size, other shape: a 1 x 2 trap still matches a flat pair.
    assert said(q, [1.0, 2.0]) == "Not quite: you gave [1.0, 2.0]. A 1 x 2 trap."
    assert said(q, np.array([[1.0], [2.0]])) == "Not quite: you gave [1.0, 2.0]. A 1 x 2 trap."

    qn = number_q(traps=[([2.5, 2.5], "A pair trap."), ([[7.0]], "A nested trap.")])
    assert said(qn, 2.5) == "Not quite: you gave 2.5. Subtract the two."
    assert said(qn, 7) == "Not quite: you gave 7.0. A nested trap."


def test_trap_within_tolerance_and_first_trap_wins():
    q = number_q(traps=[(1.0, "First."), (1.0 + 1e-13, "Second.")], rtol=1e-9, atol=1e-12)
    assert said(q, 1.0 + 5e-13) == "Not quite: you gave 1.0000000000005. First."
    assert said(q, 1.001) == "Not quite: you gave 1.001. Subtract the two."
