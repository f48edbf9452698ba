"""Exercises for lesson 05, *numerical stability*.

Examples
--------
>>> from logitlab.exercises import lesson05 as ex
>>> print(ex.q1.evaluate(-1000.0))  # doctest: +ELLIPSIS
Correct: log_softmax subtracts the maximum and takes logs ...
>>> print(ex.q2.evaluate(0.0))  # doctest: +ELLIPSIS
Not quite: you gave 0.0. That is 1 - sigmoid(40)...
"""

from ._core import Exercise

__all__ = ["q1", "q2", "q3"]

q1 = Exercise(
    "Question 1",
    "What does `log_softmax([1000.0, 0.0])[1]` return (as a float)?",
    -1000.0,
    variable="answer_1",
    why="log_softmax subtracts the maximum and takes logs without forming the "
    "probability: 0 - 1000 - log(1 + exp(-1000)) = -1000.",
    hint="The log-probability of class 2 is z2 - logsumexp(z). How big is "
    "logsumexp([1000, 0])?",
    solution="from logitlab import log_softmax\n\n"
    "answer_1 = float(log_softmax([1000.0, 0.0])[1])",
    traps=[(0.0, "That is the log-probability of class 1, entry [0].")],
    nudge="If you computed log(softmax(...)) you got -inf: the probability e^-1000 "
    "underflows to 0 before the log. Try `log_softmax`.",
)

q2 = Exercise(
    "Question 2",
    "The probability of class 1 at score z = -40 is sigmoid(-40). A colleague computes "
    "it as `1 - sigmoid(40)`. Give the correct value as a float (use a stable function).",
    4.248354255291589e-18,
    variable="answer_2",
    why="sigmoid(-40) = 4.248354255291589e-18. 1 - sigmoid(40) is exactly 0 in float64: "
    "sigmoid(40) rounds to 1, and the subtraction cancels every digit.",
    hint="Do not subtract from 1: call `sigmoid` (or `exp(log_sigmoid(...))`) on -40 "
    "directly.",
    solution="from logitlab import sigmoid\n\nanswer_2 = float(sigmoid(-40.0))",
    traps=[
        (0.0, "That is 1 - sigmoid(40): sigmoid(40) rounds to exactly 1.0, so the "
         "difference loses all precision."),
    ],
    rtol=1e-12,
    atol=0.0,
)

q3 = Exercise(
    "Question 3",
    "Give the three probabilities `softmax([-1000.0, -1000.0, -999.0])` as a list "
    "(the naive formula returns NaNs here).",
    [0.21194155761708544, 0.21194155761708544, 0.5761168847658291],
    variable="answer_3",
    why="Subtract the maximum: softmax([-1, -1, 0]) = [e^-1, e^-1, 1] / (2e^-1 + 1) = "
    "[0.2119, 0.2119, 0.5761]. A common shift changes no probability.",
    hint="Shift every score by the same constant so that the largest is 0; the "
    "probabilities do not change.",
    solution="from logitlab import softmax\n\n"
    "answer_3 = softmax([-1000.0, -1000.0, -999.0]).tolist()",
    traps=[
        ([1 / 3, 1 / 3, 1 / 3], "The scores are not all equal: the third is larger by 1."),
        ([0.0, 0.0, 1.0], "A difference of 1 in the scores is not decisive: shift them "
         "to [-1, -1, 0] and compute."),
    ],
    rtol=1e-12,
)
