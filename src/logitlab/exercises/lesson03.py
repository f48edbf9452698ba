"""Exercises for lesson 03, *one beta, many softmaxes*.

Questions 1 and 2 are transfer questions (their answers are printed
nowhere in the lesson); question 2 has practice variants:
``ex.q2.practice(seed=1)``.

``predict_shift`` is asked before the lesson's ValleyExplorer.

Examples
--------
>>> from logitlab.exercises import lesson03 as ex
>>> print(ex.q2.evaluate([1.2, -1.2]))
Correct: The symmetric point is (beta/2, -beta/2): its sum is 0 and its difference is beta.
>>> print(ex.q2.evaluate([3.2, 0.8]))  # doctest: +ELLIPSIS
Not quite: you gave [3.2, 0.8]. That pair is on the right line (b1 - b2 = 2.4) ...
"""

import numpy as np

from ._core import Exercise, distinct

__all__ = ["predict_shift", "q1", "q2", "q3"]

# Asked before the lesson's ValleyExplorer, whose slider c moves the point
# (b1, b2) to (b1 + c, b2 + c) over the loss of the lesson's data set.
predict_shift = Exercise(
    "Prediction",
    "The explorer starts at (b1, b2) = (1, -1) over the mean loss of the lesson's ten "
    "points. Its slider c moves the point to (1 + c, -1 + c). Drag c from 0 to 5: by how much "
    "will the mean loss at the moved point change? (a number; 0 if it does not change)",
    0.0,
    variable="prediction",
    atol=1e-9,
    why="Adding c to both coefficients adds x*c to both scores of every point, a common shift "
    "that the softmax ignores: every probability, so the loss, stays exactly the same. The "
    "point slides along a line of constant loss, parallel to the valley floor.",
    hint="Does (1 + c) - (-1 + c) depend on c? What does the loss see of the coefficients?",
    explanation="The loss depends on b1 and b2 only through b1 - b2.",
    solution="prediction = 0.0  # (1 + c) - (-1 + c) = 2 for every c",
    traps=[
        (5.0, "That is c itself: the point moves by c in both coefficients, but the loss sees "
         "only their difference, which does not move."),
    ],
    nudge="Think about what the softmax does with a common shift of all scores: the loss "
    "does not rise or fall along the direction (1, 1).",
)

q1 = Exercise(
    "Question 1",
    "Start from the question's b1 = 1, b2 = -1 and add c = 10 to both coefficients. "
    "What is P(class 1) = `softmax([x*(b1 + c), x*(b2 + c)])[0]` at x = 0.8, as a float?",
    0.8320183851339245,
    variable="answer_1",
    why="Adding c to both coefficients adds x*c to both scores, and softmax ignores a "
    "common shift: still sigmoid(x*(b1 - b2)) = sigmoid(0.8 * 2) = 0.8320.",
    hint="What happens to b1 - b2 when you add the same c to both?",
    solution="from logitlab import softmax\n\nx, b1, b2, c = 0.8, 1, -1, 10\n"
    "answer_1 = float(softmax([x * (b1 + c), x * (b2 + c)])[0])",
    traps=[
        (0.9998492896419403, "That is sigmoid(x*(b1 + c)): only one class was shifted."),
        (0.16798161486607552, "That is P(class 2)."),
        (0.7310585786300049, "That is P(class 1) at the question's x = 0.5; here x = 0.8."),
    ],
    transfer=True,
)


def _q2(beta: float = 2.4, transfer: bool = False) -> Exercise:
    half = beta / 2
    return Exercise(
        "Question 2",
        f"A binary logistic regression has beta = {beta:g}. Give the symmetric two-class "
        "softmax coefficients [b1, b2] (the pair an L2 penalty picks).",
        [half, -half],
        variable="answer_2",
        why="The symmetric point is (beta/2, -beta/2): its sum is 0 and its difference is "
        "beta.",
        hint=f"You need b1 - b2 = {beta:g} and b1 + b2 = 0; or call "
        f"`logitlab.logistic_to_softmax({beta!r}, 'symmetric')`.",
        solution="from logitlab import logistic_to_softmax\n\n"
        f"answer_2 = [float(b) for b in logistic_to_softmax({beta!r}, 'symmetric')]",
        traps=[
            ([beta, 0.0], "That is the reference-class point (beta, 0), class 2 fixed at 0; "
             "the symmetric one has b1 + b2 = 0."),
            ([-half, half], "Sum zero, but b1 - b2 = -beta: the classes are swapped."),
            ([beta, -beta], f"Sum zero, but the difference is {2 * beta:g}: each coefficient "
             "is beta/2."),
            # On the valley but not at the symmetric point: say so rather than just "wrong".
            ([half + 2, 2 - half], f"That pair is on the right line (b1 - b2 = {beta:g}) and "
             "gives the same probabilities, but it is not the symmetric one: b1 + b2 must "
             "be 0."),
        ],
        nudge="Expected two numbers [b1, b2].",
        transfer=transfer,
        variant=_q2_variant,
        params={"beta": beta},
    )


def _q2_variant(rng: np.random.Generator) -> Exercise:
    while True:
        # Nonzero, one decimal, either sign: beta = 0 is the flat case.
        beta = float(rng.choice([-1, 1])) * round(float(rng.uniform(0.2, 6.0)), 1)
        q = _q2(beta)
        if distinct(q.expected, *(value for value, _ in q.traps)):
            return q


q2 = _q2(transfer=True)

q3 = Exercise(
    "Question 3",
    "A free softmax ended at (b1, b2) = (3.35, 1.35). Which shift c, added to both, moves "
    "it along the valley to the reference-class point (beta, 0), with class 2 as the "
    "reference?",
    -1.35,
    variable="answer_3",
    why="c = -b2 = -1.35 gives (2.0, 0.0); the difference, beta = 2, never changes.",
    hint="After the shift the second coefficient must be 0.",
    solution="b1, b2 = 3.35, 1.35\nanswer_3 = -b2",
    traps=[
        (1.35, "Right size, wrong direction: b2 + c must be 0."),
        (-3.35, "That moves b1 to 0, making class 1 the reference; here class 2 is."),
        (2.0, "That is beta, the point's difference, not the shift."),
    ],
    # Not a transfer question: the question itself shows b2 = 1.35, the key is -b2.
)
