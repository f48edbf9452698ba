"""Exercises for lesson 03, *one beta, many softmaxes*.

Questions 1 and 2 are transfer questions (their answers are printed
nowhere in the lesson); question 2 has practice variants:
``ex.q2.practice(seed=1)``.

``predict_floor`` is asked before the lesson's ValleyExplorer.

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

__all__ = ["predict_floor", "q1", "q2", "q3"]

# Asked before the lesson's ValleyExplorer. statsmodels' MNLogit reports the
# reference point (0, gamma_hat) (class 1 fixed at 0); it lies on the valley
# floor, so its loss is the least mean loss, which nothing before the question
# prints: the learner computes it with the lesson's `loss`, or reasons it out.
_GAMMA_HAT = -0.647151445512187   # statsmodels Logit on ten_points(), no intercept
_FLOOR = 0.5390526809389642       # mean loss there (tested against statsmodels' llf / n)
_START = 0.7615113210166312       # mean loss at the explorer's start (1, -1)

predict_floor = Exercise(
    "Prediction",
    "statsmodels' MNLogit reports the point (b1, b2) = (0, -0.647) for the ten points (class "
    "1's coefficient fixed at 0). The explorer starts at (1, -1), where the mean loss is "
    "0.7615. What is the mean loss at statsmodels' point? (a number, to 3 decimals)",
    _FLOOR,
    variable="prediction",
    atol=5e-4,
    rtol=0.0,
    why="(0, -0.647) has b1 - b2 = 0.647 = beta_hat: it lies on the valley floor, so its loss "
    "is the least mean loss of all, 0.5391, the same as at every other point of the floor, "
    "(beta_hat, 0) or (beta_hat/2, -beta_hat/2) among them.",
    hint="Which line b1 - b2 = const is statsmodels' point on? Then compute `loss(0.0, "
    "-0.647)` with the lesson's `loss` function, or find the loss of any point on that line.",
    explanation="The loss sees only b1 - b2; statsmodels' point is one point of the valley "
    "floor b1 - b2 = beta_hat.",
    solution="import numpy as np\n\nfrom logitlab import log_softmax\n"
    "from logitlab.datasets import ten_points\n\n"
    "x, y = ten_points()\n"
    "logp = log_softmax(np.column_stack([0.0 * x, -0.64715145 * x]))  # scores at (0, -0.647)\n"
    "prediction = float(-logp[np.arange(len(y)), y.astype(int)].mean())  # the least loss",
    traps=[
        (_START, "That is the loss at the start (1, -1), on the line b1 - b2 = 2. "
         "statsmodels' point is on another line, b1 - b2 = 0.647, the valley floor."),
        (0.0, "A mean loss of 0 would need every point predicted with certainty; the "
         "floor is the least loss, not zero."),
        (1.2509192710023700, "That is the loss at (0, +0.647): the sign of b2 is flipped, "
         "which puts the point on the line b1 - b2 = -0.647, far from the floor."),
    ],
    nudge="Expected one number: the mean loss (negative log-likelihood) at (0, -0.647).",
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
