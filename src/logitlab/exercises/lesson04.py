"""Exercises for lesson 04, *what the optimiser finds*.

Examples
--------
>>> from logitlab.exercises import lesson04 as ex
>>> print(ex.q1.evaluate([2.75, 1.25]))  # doctest: +ELLIPSIS
Correct: Gradient descent moves only along (1, -1): the sum stays 3 + 1 = 4 ...
>>> print(ex.q3.evaluate(0.3125))  # doctest: +ELLIPSIS
Not quite: you gave 0.3125. That is 1/(n*lam): ...
"""

from ._core import Exercise

__all__ = ["q1", "q2", "q3"]

q1 = Exercise(
    "Question 1",
    "One feature, no intercept, no penalty. The logistic fit gives beta = 1.5. A free "
    "two-class softmax is fitted by plain gradient descent from the start b1 = 3.0, "
    "b2 = 1.0 and run to convergence. Where does it end? Give [b1, b2].",
    [2.75, 1.25],
    variable="answer_1",
    why="Gradient descent moves only along (1, -1): the sum stays 3 + 1 = 4 and the "
    "difference becomes 1.5, so b1 = (4 + 1.5)/2 = 2.75 and b2 = (4 - 1.5)/2 = 1.25.",
    hint="Two facts fix the end point: what b1 - b2 converges to, and what b1 + b2 "
    "does during every step.",
    explanation="The sum is conserved and the difference converges to the logistic beta; "
    "solve the two equations.",
    solution="beta, start_sum = 1.5, 3.0 + 1.0\n"
    "answer_1 = [(start_sum + beta) / 2, (start_sum - beta) / 2]",
    traps=[
        ([1.5, 0.0], "That is the reference-class pair (b2 = 0). Gradient descent does not "
         "know about a reference class: it keeps the start's b1 + b2."),
        ([0.75, -0.75], "That is the symmetric pair, where an L2 penalty would lead. "
         "Without a penalty the sum b1 + b2 = 4 never changes."),
        ([3.0, 1.0], "That is the start itself: its difference is 2, not 1.5, so the "
         "descent still has somewhere to go."),
    ],
    nudge="Expected [b1, b2] with b1 - b2 = 1.5; which other combination is fixed?",
)

q2 = Exercise(
    "Question 2",
    "A two-class softmax is fitted with the penalty (lam/2)*(||b1||^2 + ||b2||^2), "
    "lam = 0.1. Its rows are +-beta/2 (slopes; intercepts unpenalised), where beta is a "
    "binary logistic fit with the penalty (l2/2)*||beta||^2. Which l2?",
    0.05,
    variable="answer_2",
    why="The symmetric rows beta/2 and -beta/2 carry (lam/2)*(beta^2/4 + beta^2/4) = "
    "(lam/2)*(beta^2/2): a binary penalty of strength lam/2 = 0.05.",
    hint="Write the softmax penalty at b1 = beta/2, b2 = -beta/2 and compare it with "
    "(l2/2)*beta^2.",
    solution="lam = 0.1\nanswer_2 = lam / 2",
    traps=[
        (0.1, "Same lam: but each row is only half of beta, so the penalty on beta is "
         "smaller."),
        (0.2, "Twice lam goes the wrong way: halving each coefficient quarters its square."),
        (0.025, "That is lam/4, the penalty on one row alone; both rows pay it."),
    ],
)

q3 = Exercise(
    "Question 3",
    "scikit-learn's binary LogisticRegression minimises C * (sum of the n losses) + "
    "||w||^2 / 2, intercept unpenalised. With n = 32 rows, which C reproduces the "
    "difference b1 - b2 of the softmax in Question 2 (lam = 0.1)?",
    0.625,
    variable="answer_3",
    why="Divide by n*C: mean loss + ||w||^2/(2nC). Matching (lam/2)/2 * ||w||^2 needs "
    "1/(nC) = lam/2, so C = 2/(n*lam) = 2/(32*0.1) = 0.625.",
    hint="Divide scikit-learn's objective by n*C so that it becomes a mean loss plus a "
    "penalty, then match that penalty with the answer to Question 2.",
    solution="n, lam = 32, 0.1\nanswer_3 = 2 / (n * lam)",
    traps=[
        (0.3125, "That is 1/(n*lam): it matches a binary penalty lam, but the softmax "
         "difference behaves like a binary fit with penalty lam/2 (the trap)."),
        (10.0, "That is 1/lam: scikit-learn sums the losses, it does not average them."),
        (20.0, "That is 2/lam: scikit-learn sums the losses over the n rows."),
    ],
)
