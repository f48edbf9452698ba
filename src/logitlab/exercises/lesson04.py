"""Exercises for lesson 04, *the model underneath*.

Questions 1, 2, 3 and 4 are transfer questions (their answers are printed
nowhere in the lesson); question 1 has practice variants:
``ex.q1.practice(seed=1)``. ``predict_growth`` is asked before the lesson
runs gradient descent on separated data, ``predict_risk`` before it computes
a risk ratio.

Examples
--------
>>> from logitlab.exercises import lesson04 as ex
>>> print(ex.q2.evaluate([0.7858349830425586, 1.1787524745638378]))  # doctest: +ELLIPSIS
Correct: The gradient of the log-loss with respect to the score is p - y = ...
>>> print(ex.q2.evaluate([-0.2141650169574414, -0.3212475254361621]))  # doctest: +ELLIPSIS
Not quite: you gave [-0.2141650169574414, -0.3212475254361621]. That uses y = 1: ...
>>> print(ex.predict_risk.evaluate("B"))  # doctest: +ELLIPSIS
Not quite: you chose B (equal). An odds ratio is not a risk ratio: ...
"""

import math
from statistics import NormalDist

import numpy as np

from ._core import Choice, Exercise, distinct

__all__ = ["predict_growth", "predict_risk", "q1", "q2", "q3", "q4", "q5"]

# The normal 97.5% quantile, as statsmodels' conf_int uses it; 1.96 is accepted
# too (the rtol below), since that is what a learner types.
_Z975 = NormalDist().inv_cdf(0.975)


def _sigmoid(z: float) -> float:
    # The keys are for moderate scores only: the textbook form is exact enough.
    return 1.0 / (1.0 + math.exp(-z))


predict_growth = Choice(
    "Prediction",
    "Six points, x = -2, -1, -0.5 in class 1 (label 0) and x = 0.5, 1, 2 in class 2 "
    "(label 1): a threshold at x = 0 separates them perfectly. Plain gradient descent on the "
    "logistic loss starts at gamma = 0 and runs for 10 000 steps. What does the slope gamma "
    "do?",
    [("settles", "It settles at a finite value.",
      "A minimum would stop it, but here doubling any gamma that classifies every point "
      "correctly lowers every point's loss: the loss has no minimum, only a lower bound of "
      "0 it never reaches."),
     ("keeps growing", "It keeps growing, without bound.", ""),
     ("swings", "It swings back and forth.",
      "With a small enough step gradient descent lowers the loss at every step; nothing "
      "makes it turn back here.")],
    "keeps growing",
    variable="prediction",
    why="Every step makes gamma larger: on separated data a steeper curve puts every point "
    "closer to its own class, so the loss keeps falling towards 0 without reaching it. "
    "There is no minimum to settle at; gamma grows like the logarithm of the step count.",
    hint="Take any gamma > 0 that classifies every point correctly and double it: does the "
    "log-loss of each point go up or down?",
    explanation="With separated data the log-loss has no minimum at a finite gamma.",
    solution="prediction = 'B'  # it keeps growing",
)

predict_risk = Choice(
    "Prediction",
    "For PSI the odds ratio is exp(2.379), about 10.8. For a student at the mean GPA and "
    "mean TUCE, how does the risk ratio P(class 2 | PSI = 1) / P(class 2 | PSI = 0) compare "
    "with that odds ratio?",
    [("smaller", "The risk ratio is smaller.", ""),
     ("equal", "They are equal.",
      "An odds ratio is not a risk ratio: the two agree only when both probabilities are "
      "small (rare outcomes), and a grade improvement is not rare."),
     ("larger", "The risk ratio is larger.",
      "The risk ratio can never exceed the odds ratio when the effect is positive: 1 - p "
      "shrinks as p grows, so the odds grow faster than p.")],
    "smaller",
    variable="prediction",
    why="odds = p / (1 - p) grows faster than p, and much faster once p is large: the odds "
    "multiply by 10.8 while the probability, capped at 1, grows by less. A risk ratio is "
    "close to the odds ratio only where both probabilities are close to 0.",
    hint="Take p = 0.5 for the PSI students: their odds are 1. What probability has odds "
    "1/10.8, and what is the ratio of the two probabilities?",
    explanation="Compute both probabilities from the fitted model, then both ratios.",
    solution="prediction = 'A'  # smaller",
)


def _q1(gamma: float = 0.42, se: float = 0.15, transfer: bool = False) -> Exercise:
    low, high = gamma - _Z975 * se, gamma + _Z975 * se
    key = [math.exp(gamma), math.exp(low), math.exp(high)]
    return Exercise(
        "Question 1",
        f"A logistic regression of P(class 2) (label 1) reports, for one feature, the "
        f"coefficient {gamma:g} with standard error {se:g}. Give the odds ratio per unit of "
        "that feature with its 95% confidence interval, [ratio, low, high].",
        key,
        variable="answer_1",
        # 1.96 for the exact quantile changes the ends by well under 1e-4 relative.
        rtol=1e-4,
        why=f"The interval is built on the coefficient's scale and then exponentiated: "
        f"exp({gamma:g}) = {key[0]:.4f}, exp({gamma:g} -+ 1.96 * {se:g}) = {key[1]:.4f} and "
        f"{key[2]:.4f}. The interval is not symmetric around the ratio.",
        hint="Build gamma -+ 1.96 * SE first, then take exp of all three numbers.",
        explanation="Odds ratios are exp(gamma); the Wald interval is exp(gamma -+ z * SE), "
        "z = 1.96 for 95%.",
        solution=f"import math\n\ngamma, se = {gamma!r}, {se!r}\n"
        f"{'answer_1'} = [math.exp(gamma), math.exp(gamma - 1.96 * se), "
        "math.exp(gamma + 1.96 * se)]",
        traps=[
            ([gamma, low, high], "Those are the coefficient and its interval on the log-odds "
             "scale: the odds ratio is exp(gamma), and the ends are exp of the ends."),
            ([math.exp(-gamma), math.exp(-high), math.exp(-low)], "That is the odds ratio of "
             "class 1 (label 0), exp(-gamma): the coefficient belongs to P(class 2), label 1."),
            ([math.exp(gamma), math.exp(gamma) - _Z975 * se, math.exp(gamma) + _Z975 * se],
             "The interval was put around exp(gamma) with the coefficient's SE: the SE belongs "
             "to gamma, so build gamma -+ 1.96 * SE first and exponentiate the ends."),
            ([math.exp(gamma), math.exp(gamma - se), math.exp(gamma + se)], "That interval is "
             "gamma -+ 1 SE (about 68%): a 95% interval needs 1.96 standard errors."),
        ],
        nudge="Expected three numbers [ratio, low, high], all positive.",
        transfer=transfer,
        variant=_q1_variant,
        params={"gamma": gamma, "se": se},
    )


def _q1_variant(rng: np.random.Generator) -> Exercise:
    while True:
        beta = float(rng.choice([-1, 1])) * round(float(rng.uniform(0.1, 2.5)), 2)
        se = round(float(rng.uniform(0.05, 0.9)), 2)
        q = _q1(beta, se)
        if distinct(q.expected, *(value for value, _ in q.traps)):
            return q


q1 = _q1(transfer=True)

# A point of class 1 (label 0) at x = 1.5 under a = -0.5, beta = 1.2 (P(class 2)).
_P2 = _sigmoid(-0.5 + 1.2 * 1.5)

q2 = Exercise(
    "Question 2",
    "A logistic model of P(class 2) (label 1) has intercept gamma0 = -0.5 and slope "
    "gamma = 1.2. One data point has x = 1.5 and is in class 1 (label 0). Give the gradient "
    "of its log-loss with respect to [gamma0, gamma].",
    [_P2, _P2 * 1.5],
    variable="answer_2",
    why=f"The gradient of the log-loss with respect to the score is p - y = {_P2:.4f} - 0 "
    "(p = sigmoid(-0.5 + 1.2 * 1.5) is P(class 2) and class 1 is label 0); the chain rule "
    "multiplies it by d z / d gamma0 = 1 and d z / d gamma = x.",
    hint="Which label does class 1 have? Then d loss / d z = p - y, and z = gamma0 + x * gamma.",
    explanation="p - y times the score's derivative with respect to each parameter.",
    solution="import math\n\n"
    "gamma0, gamma, x, y = -0.5, 1.2, 1.5, 0   # class 1 is label 0\n"
    "p = 1 / (1 + math.exp(-(gamma0 + gamma * x)))   # P(class 2)\n"
    "answer_2 = [p - y, (p - y) * x]",
    traps=[
        ([_P2 - 1, (_P2 - 1) * 1.5], "That uses y = 1: class 1 is label 0 (the first "
         "sorted label), and the model's p is P(class 2)."),
        ([-_P2, -_P2 * 1.5], "The sign is flipped: the gradient of the loss is p - y; y - p "
         "is the gradient of the log-likelihood (statsmodels' score)."),
        ([1 - _P2, (1 - _P2) * 1.5], "That uses P(class 1) = 1 - p as the model's "
         "probability: the model gives P(class 2), and with y = 0 the gradient is p."),
        ([_P2, _P2], "The slope's entry needs the chain rule: d z / d gamma = x = 1.5."),
        ([_P2 - 1, _P2 * 1.5], "Mixed: the two entries must use the same p - y."),
    ],
    nudge="Expected two numbers: d loss / d gamma0 and d loss / d gamma.",
    transfer=True,
)

# Decision boundary of P(class 2) = sigmoid(a + x * beta) with a = -7.1, beta = 2.6.
q3 = Exercise(
    "Question 3",
    "A one-feature logistic model of P(class 2) has intercept gamma0 = -7.1 and slope "
    "gamma = 2.6. At which x does it switch from predicting class 1 to predicting class 2 "
    "(the decision boundary)?",
    7.1 / 2.6,
    variable="answer_3",
    why="The boundary is where P(class 2) = 0.5, i.e. where the score gamma0 + x * gamma is "
    "0 (the two softmax scores tie): x = -gamma0 / gamma = 7.1 / 2.6.",
    hint="sigmoid(z) = 0.5 exactly when z = 0. Solve gamma0 + x * gamma = 0.",
    solution="gamma0, gamma = -7.1, 2.6\nanswer_3 = -gamma0 / gamma",
    traps=[
        (-7.1 / 2.6, "The minus sign is missing: gamma0 + x * gamma = 0 gives "
         "x = -gamma0 / gamma."),
        ((0.5 + 7.1) / 2.6, "That sets the score gamma0 + x * gamma to 0.5; it is the "
         "probability that is 0.5, and sigmoid(0) = 0.5, so the score must be 0."),
        (2.6 / 7.1, "Upside down: x = -gamma0 / gamma."),
    ],
    nudge="Expected one number: the x where the score gamma0 + x * gamma is 0.",
    transfer=True,
)

# Two groups with P(class 2) = 0.62 and 0.35.
_ODDS_HI, _ODDS_LO = 0.62 / 0.38, 0.35 / 0.65

q4 = Exercise(
    "Question 4",
    "In one group P(class 2) = 0.62, in another 0.35. What is the odds ratio of class 2, "
    "first group against second?",
    _ODDS_HI / _ODDS_LO,
    variable="answer_4",
    why="Odds are p / (1 - p): 0.62/0.38 against 0.35/0.65, a ratio of "
    f"{_ODDS_HI / _ODDS_LO:.4f}; the risk ratio 0.62/0.35 is much smaller.",
    hint="Turn each probability into odds p / (1 - p) first.",
    solution="p_first, p_second = 0.62, 0.35\n"
    "answer_4 = (p_first / (1 - p_first)) / (p_second / (1 - p_second))",
    traps=[
        (0.62 / 0.35, "That is the risk ratio (the ratio of the probabilities), not the "
         "odds ratio: odds are p / (1 - p)."),
        (0.38 / 0.65, "That is the ratio of the P(class 1)s, not an odds ratio."),
        (_ODDS_LO / _ODDS_HI, "Upside down: the first group's odds go on top."),
        (math.log(_ODDS_HI / _ODDS_LO), "That is the log of the odds ratio, the coefficient "
         "scale; the odds ratio is exp of it."),
    ],
    nudge="Expected one number: (odds in the first group) / (odds in the second).",
    transfer=True,
)

q5 = Exercise(
    "Question 5",
    "The model gives P(class 2) = 0.15 to a student who is in class 2 (GRADE 1). What is "
    "this student's log-loss (natural logarithm)?",
    -math.log(0.15),
    variable="answer_5",
    why="The log-loss is -log of the probability the model gave to the observed class: "
    f"-log(0.15) = {-math.log(0.15):.4f}. A confident wrong prediction costs a lot.",
    hint="Which probability did the model give to the class the student is in? Take -log "
    "of that.",
    solution="import math\n\nanswer_5 = -math.log(0.15)",
    traps=[
        (-math.log(0.85), "That is -log P(class 1): the student is in class 2, label 1."),
        (math.log(0.15), "The minus sign is missing: the loss is -log p, which is positive."),
        (-math.log10(0.15), "That is the base-10 logarithm; the log-loss uses the natural "
         "one (np.log)."),
        (0.85, "That is 1 - p, an error on the probability scale, not the log-loss."),
    ],
    nudge="Expected one positive number: -log(probability of the observed class).",
)
