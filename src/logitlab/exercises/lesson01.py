"""Exercises for lesson 01, *the question*.

The setting is the Cross Validated question's: ``x = 0.5``, ``b1 = 1``,
``b2 = -1``, softmax scores ``[x*b1, x*b2]``. Questions 2 and 3 are
transfer questions (their answers are printed nowhere in the lesson);
question 1 has practice variants: ``ex.q1.practice(seed=1)``.
``predict_b2`` is asked before the lesson's CurveExplorer.

Examples
--------
>>> from logitlab.exercises import lesson01 as ex
>>> print(ex.q1.evaluate(2.0))
Correct: softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)), so beta = b1 - b2 = 2.
>>> print(ex.q1.evaluate(1.0))  # doctest: +ELLIPSIS
Not quite: you gave 1.0. That is b1 alone, the question's mistake: ...
>>> ex.q1.practice(seed=1).question  # doctest: +ELLIPSIS
'With x = ..., b1 = ... and b2 = ..., which logistic coefficient beta makes ...'
"""

import numpy as np

from ._core import Exercise, distinct

__all__ = ["predict_b2", "q1", "q2", "q3"]

# Asked before the lesson's CurveExplorer, whose dotted curve is the asker's
# sigmoid(x*b1): the learner drags b2 until the dashed softmax lands on it.
predict_b2 = Exercise(
    "Prediction",
    "Keep the question's b1 = 1. For which b2 would the asker's `sigmoid(x*b1)` have been "
    "right, equal to P(class 1) = `softmax([x*b1, x*b2])[0]` for every x?",
    0.0,
    variable="prediction",
    why="softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)), and that is sigmoid(x*b1) for "
    "every x only when b1 - b2 = b1, i.e. b2 = 0: class 2's score is then 0 for every x, "
    "class 2 is the reference class, and b1 alone is the logistic coefficient.",
    hint="The softmax's first entry is the sigmoid of the difference of the two scores. "
    "When is that difference x*b1 for every x?",
    explanation="A sigmoid is a two-class softmax whose other score is fixed at 0.",
    solution="b1 = 1.0\nprediction = 0.0  # b1 - b2 = b1 for every x",
    traps=[
        (-1.0, "That is the question's own b2, where the asker's 0.6225 misses the softmax's "
         "0.7311: the sigmoid then needs b1 - b2 = 2, not b1."),
        (1.0, "With b2 = b1 the two scores tie for every x: the softmax is 0.5 everywhere, "
         "while sigmoid(x*b1) is not."),
        (-0.5, "Halving b1 is the factor-of-2 trap the other way round; the difference b1 - b2 "
         "must equal b1 itself."),
    ],
    nudge="Expected one number: the b2 that makes b1 - b2 equal to b1.",
)


def _q1(x: float = 0.5, b1: float = 1.0, b2: float = -1.0) -> Exercise:
    beta = b1 - b2
    return Exercise(
        "Question 1",
        f"With x = {x:g}, b1 = {b1:g} and b2 = {b2:g}, which logistic coefficient beta "
        "makes `sigmoid(x*beta)` equal to `softmax([x*b1, x*b2])[0]`?",
        beta,
        variable="answer_1",
        why=f"softmax([x*b1, x*b2])[0] = sigmoid(x*(b1 - b2)), so beta = b1 - b2 = {beta:g}.",
        hint="Divide the numerator and the denominator of the first softmax entry by "
        "exp(x*b1): what is left in the exponent?",
        explanation="The first softmax entry is 1 / (1 + exp(-x*(b1 - b2))), the sigmoid of "
        "x*(b1 - b2).",
        solution=f"b1, b2 = {b1!r}, {b2!r}\nanswer_1 = b1 - b2",
        traps=[
            (b1, "That is b1 alone, the question's mistake: the sigmoid needs the "
             "difference of the two class coefficients."),
            (-beta, "That is the accepted answer's sign: it holds when the sigmoid reports "
             "class 2 (label 1, as software does). Here it reports class 1, entry [0]."),
            (x, "That is x, not a coefficient."),
        ],
        nudge="Expected a single coefficient; compare the two scores x*b1 and x*b2.",
        variant=_q1_variant,
        params={"x": x, "b1": b1, "b2": b2},
    )


def _q1_variant(rng: np.random.Generator) -> Exercise:
    while True:
        x = float(rng.choice([0.25, 0.5, 0.75, 1.5, 2.0, 2.5]))
        # + 0.0 turns a drawn -0.0 into 0.0, which the question shows as 0.
        b1, b2 = (round(float(v), 1) + 0.0 for v in rng.uniform(-3, 3, size=2))
        # beta = 0 would make the sign trap the key itself.
        if distinct(b1 - b2, b1, b2 - b1, x):
            return _q1(x, b1, b2)


q1 = _q1()

q2 = Exercise(
    "Question 2",
    "Keep the question's b1 = 1 and b2 = -1, but take the input x = 1.5. Compute "
    "P(class 1) = `softmax([x*b1, x*b2])[0]` as a Python float (use `logitlab.softmax`).",
    0.9525741268224334,
    variable="answer_2",
    why="softmax([1.5, -1.5])[0] = sigmoid(x*(b1 - b2)) = sigmoid(3) = 0.9526: the "
    "logistic coefficient b1 - b2 = 2 multiplies the new x.",
    hint="`float(softmax([x*b1, x*b2])[0])`, or the sigmoid of x*(b1 - b2).",
    solution="from logitlab import softmax\n\nx, b1, b2 = 1.5, 1, -1\n"
    "answer_2 = float(softmax([x * b1, x * b2])[0])",
    traps=[
        (0.8175744761936437, "That is sigmoid(x*b1), the question's mistake: the "
         "sigmoid of one class's score is not a softmax probability."),
        (0.04742587317756678, "That is the second entry, P(class 2)."),
        (0.18242552380635635, "That is sigmoid(x*b2)."),
        (0.7310585786300049, "That is the question's P(class 1) at x = 0.5; here x = 1.5."),
    ],
    transfer=True,
)

q3 = Exercise(
    "Question 3",
    "A colleague fitted a two-class softmax with the symmetric (sum-to-zero) solution "
    "and reports b1 = 0.7 and b2 = -0.7 for a feature. What is the logistic "
    "coefficient for class 1?",
    1.4,
    variable="answer_3",
    why="beta = b1 - b2 = 0.7 - (-0.7) = 1.4: with b2 = -b1 each class coefficient is "
    "half the logistic one.",
    hint="Under b2 = -b1, how does b1 - b2 compare with b1?",
    solution="b1, b2 = 0.7, -0.7\nanswer_3 = b1 - b2",
    traps=[
        (0.7, "That is b1 itself: with b2 = -b1 it is exactly half the logistic "
         "coefficient (the factor-of-2 trap)."),
        (-1.4, "Right size, wrong sign: the sigmoid reports class 1 here."),
        (0.35, "You halved it; the logistic coefficient is the larger number."),
    ],
    transfer=True,
)
