"""Exercises for lesson 05, *what the optimiser finds*.

Questions 1, 2 and 3 are transfer questions (their answers are printed
nowhere in the lesson); question 1 has practice variants: ``ex.q1.practice(seed=1)``.
``predict_path`` is asked before the lesson's PathExplorer draws its run.

Examples
--------
>>> from logitlab.exercises import lesson05 as ex
>>> print(ex.q1.evaluate([1.25, 2.75]))  # doctest: +ELLIPSIS
Correct: Gradient descent moves only along (1, -1): the sum stays 3 + 1 = 4, ...
>>> print(ex.q4.evaluate([10.0, -2.5]))  # doctest: +ELLIPSIS
Not quite: you gave [10.0, -2.5]. Right rows, wrong sign: ...
>>> print(ex.q3.evaluate(0.01))  # doctest: +ELLIPSIS
Not quite: you gave 0.01. That is 1/(n*C), the binary penalty itself: ...
"""

import numpy as np

from ._core import Exercise, distinct

__all__ = ["predict_path", "q1", "q2", "q3", "q4"]

# The symbols follow logitlab.notation: beta_hat is the fitted beta1 - beta2 (the
# question's sign) and gamma_hat = -beta_hat is software's coefficient of P(label 1).
# The questions give gamma_hat, as statsmodels prints it; the argument is that number.
def _q1(gamma_hat: float = 1.5, b1: float = 3.0, b2: float = 1.0,
        transfer: bool = False, *, name: str = "Question 1", variable: str = "answer_1",
        setting: str | None = None, atol: float = 1e-12,
        practised: bool = True) -> Exercise:
    total = b1 + b2
    # + 0.0: a rounded -0.0 (e.g. (0.2 + (-0.2))/2 after -1 + 1.2) would print as '-0'.
    end = [round((total - gamma_hat) / 2, 10) + 0.0, round((total + gamma_hat) / 2, 10) + 0.0]
    shown = f"{gamma_hat:g}" if gamma_hat >= 0 else f"({gamma_hat:g})"
    plus_b2 = f"+ {b2:g}" if b2 >= 0 else f"- {-b2:g}"
    if setting is None:
        setting = ("One feature, no intercept, no penalty, labels 0 and 1. The logistic fit in "
                   "statsmodels, which reports P(label 1) = P(class 2), gives ")
    return Exercise(
        name,
        f"{setting}gamma_hat = {gamma_hat:g}. A free two-class "
        "softmax (beta1 for class 1 = label 0, beta2 for class 2 = label 1) is fitted by "
        f"plain gradient descent from the start b1 = {b1:g}, b2 = {b2:g} and run to "
        "convergence. Where does it end? Give [b1, b2].",
        end,
        variable=variable,
        atol=atol,
        why=f"Gradient descent moves only along (1, -1): the sum stays {b1:g} {plus_b2} = "
        f"{total:g}, and b2 - b1 becomes software's gamma_hat = {gamma_hat:g} (the fit reports "
        f"class 2; the question's beta_hat = b1 - b2 is {-gamma_hat + 0.0:g}), "
        f"so b1 = ({total:g} - {shown})/2 = {end[0]:g} and b2 = ({total:g} + "
        f"{shown})/2 = {end[1]:g}.",
        hint="Two facts fix the end point: which difference (b2 - b1 or b1 - b2) converges "
        "to the reported gamma_hat, and what b1 + b2 does during every step.",
        explanation="The sum is conserved and b2 - b1 converges to the reported gamma_hat "
        "(P(label 1) is class 2's probability); solve the two equations.",
        solution=f"gamma_hat, start_sum = {gamma_hat!r}, {b1!r} + {b2!r}  # gamma_hat = b2 - b1\n"
        f"{variable} = [(start_sum - gamma_hat) / 2, (start_sum + gamma_hat) / 2]",
        traps=[
            (end[::-1], "The sum is right, the sign is not: a logistic fit on labels 0/1 "
             f"reports class 2 (label 1), so b2 - b1 = {gamma_hat:g}, not b1 - b2."),
            ([0.0, gamma_hat], "That is the reference-class pair with class 1 (label 0) fixed "
             "at 0, as statsmodels reports it. Gradient descent does not know about a "
             "reference class: it keeps the start's b1 + b2."),
            ([-gamma_hat / 2, gamma_hat / 2], "That is the symmetric pair, where an L2 penalty "
             f"would lead. Without a penalty the sum b1 + b2 = {total:g} never changes."),
            ([b1, b2], f"That is the start itself: its b2 - b1 is {b2 - b1:g}, not "
             f"{gamma_hat:g}, so the descent still has somewhere to go."),
        ],
        nudge=f"Expected [b1, b2] with b2 - b1 = {gamma_hat:g}; which other combination is "
        "fixed?",
        transfer=transfer,
        variant=_q1_variant if practised else None,
        params={"gamma_hat": gamma_hat, "b1": b1, "b2": b2},
    )


def _q1_variant(rng: np.random.Generator) -> Exercise:
    while True:
        gamma_hat = round(float(rng.uniform(-3, 3)), 1)
        # + 0.0 turns a drawn -0.0 into 0.0, which the question shows as 0.
        b1, b2 = (round(float(v), 1) + 0.0 for v in rng.uniform(-4, 4, size=2))
        q = _q1(gamma_hat, b1, b2)
        # A start already at the end, or at gamma_hat = 0, leaves traps equal to the key.
        if gamma_hat and distinct(q.expected, *(value for value, _ in q.traps)):
            return q


q1 = _q1(transfer=True)

# Asked before the PathExplorer draws its run: spector's GPA, standardised, no
# intercept; gamma_hat = -beta_hat rounded as the lesson prints it, so the key
# allows that rounding (atol 0.01), and the check cell after the explorer prints the end.
predict_path = _q1(
    1.183, 4.0, -1.0, name="Prediction", variable="prediction",
    setting="Spector's GRADE on standardised GPA, one feature, no intercept, no penalty: "
    "statsmodels' Logit of GRADE (label 1 = class 2; the dashed valley floor) gives ",
    atol=0.01, practised=False,
)

q2 = Exercise(
    "Question 2",
    "A two-class softmax is fitted with the penalty (lam/2)*(||b1||^2 + ||b2||^2), "
    "lam = 0.1. Its rows are (beta/2, -beta/2) (slopes; intercepts unpenalised), where beta is a "
    "binary logistic fit with the penalty (l2/2)*||beta||^2. Which l2?",
    0.05,
    variable="answer_2",
    why="The symmetric rows beta/2 and -beta/2 carry (lam/2)*(beta^2/4 + beta^2/4) = "
    "(lam/2)*(beta^2/2): a binary penalty of strength lam/2 = 0.05.",
    hint="Write the softmax penalty at b1 = beta/2, b2 = -beta/2 and compare it with "
    "(l2/2)*beta^2.",
    solution="lam = 0.1\nanswer_2 = lam / 2",
    transfer=True,
    traps=[
        (0.1, "Same lam: but each row is only half of beta, so the penalty on beta is "
         "smaller."),
        (0.2, "Twice lam goes the wrong way: halving each coefficient quarters its square."),
        (0.025, "That is lam/4, the penalty on one row alone; both rows pay it."),
    ],
)

q3 = Exercise(
    "Question 3",
    "A colleague fits a binary scikit-learn LogisticRegression, which minimises C * (sum of "
    "the n losses) + ||w||^2 / 2 (intercept unpenalised), with C = 0.5 on n = 200 rows. You "
    "want a two-class softmax with the penalty (lam/2)*(||b1||^2 + ||b2||^2) on the mean loss "
    "whose b2 - b1 equals the colleague's coef_. Which lam?",
    0.02,
    variable="answer_3",
    why="Divide scikit-learn's objective by n*C: mean loss + ||w||^2/(2nC), a binary penalty "
    "(l2/2)*||w||^2 with l2 = 1/(nC) = 0.01. The softmax difference behaves like a binary fit "
    "with penalty lam/2, so lam/2 = 1/(nC): lam = 2/(n*C) = 2/(200*0.5) = 0.02.",
    hint="Divide scikit-learn's objective by n*C so that it becomes a mean loss plus a "
    "penalty; then use Question 2: the softmax with lam behaves like a binary fit with lam/2.",
    solution="n, C = 200, 0.5\nanswer_3 = 2 / (n * C)",
    transfer=True,
    traps=[
        (0.01, "That is 1/(n*C), the binary penalty itself: but the softmax difference "
         "behaves like a binary fit with penalty lam/2 (the trap), so lam is twice that."),
        (0.005, "That is 1/(2nC): the halving goes the other way. The softmax's lam acts as "
         "lam/2 on the difference, so lam = 2/(nC)."),
        (4.0, "That is 2/C: scikit-learn sums the losses over the n rows; divide by n too."),
        (2.0, "That is 1/C: scikit-learn sums the losses over the n rows, and the softmax "
         "penalty acts as lam/2 on the difference."),
    ],
)

q4 = Exercise(
    "Question 4",
    "A free two-class softmax fitted to data with labels 0 and 1 (rows in sorted label "
    "order, entries [const, x]) ended at row 0 = [4.0, -0.6] and row 1 = [-6.0, 1.9]. "
    "Which [const, x] (gamma_hat) does statsmodels' `Logit` report for the same fitted "
    "probabilities?",
    [-10.0, 2.5],
    variable="answer_4",
    why="Logit reports P(label 1): label 1 is class 2, row 1, so its coefficients are "
    "gamma_hat = row 1 - row 0 = beta2 - beta1 = [-10.0, 2.5] (software's sign; the "
    "question's beta_hat = row 0 - row 1 is [10.0, -2.5]).",
    hint="Which row belongs to label 1, and which difference of rows gives that class's "
    "log-odds?",
    solution="import numpy as np\n\n"
    "row0 = np.array([4.0, -0.6])   # class 1 = label 0 (beta1)\n"
    "row1 = np.array([-6.0, 1.9])   # class 2 = label 1 (beta2)\n"
    "answer_4 = (row1 - row0).tolist()",
    traps=[
        ([10.0, -2.5], "Right rows, wrong sign: row 0 - row 1 = beta1 - beta2 (beta_hat) is "
         "the log-odds of label 0 (class 1). Logit reports label 1."),
        ([-6.0, 1.9], "That is row 1 alone. A free softmax's rows carry an arbitrary "
         "common shift; only their difference is the logistic fit."),
        ([4.0, -0.6], "That is row 0 alone (class 1 = label 0); the logistic fit is a "
         "difference of the rows."),
        ([-2.0, 1.3], "That is the sum of the rows, the flat direction that changes no "
         "probability."),
        ([-5.0, 1.25], "That is half the difference: only at the symmetric point are the "
         "rows (beta/2, -beta/2), and the difference is the whole beta anyway."),
    ],
    nudge="Expected two numbers, [const, x]: a difference of the two rows.",
)
