"""The series' one notation table and glossary (issue 17).

Every symbol the lessons write has one meaning, kept here: lesson 00
renders the whole table (:func:`notation_table`) and the glossary
(:func:`glossary_table`); each lesson 01-08 opens with a *symbol box*
(:func:`symbol_box`), the rows of the table it uses. Tests hold the
notebooks and the explorers to this file, so a symbol cannot drift.

The file is plain data, organised in blocks: lessons 00-04, lessons 05-07
and lesson 08. Each block adds its own symbols and terms, and says which
earlier symbols its lessons list (``_USES_...``), so the blocks can be
edited separately. Importing it loads nothing but the standard library.

Examples
--------
>>> from logitlab.notation import SYMBOLS, symbol_box
>>> hat = next(s for s in SYMBOLS if s.name == "beta_hat")
>>> hat.text, hat.introduced
('β̂', 3)
>>> print(symbol_box(1).splitlines()[0])
**Symbols in this lesson** (the whole table is in [00 · Start here](00_start_here.ipynb))
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GLOSSARY", "SYMBOLS", "Symbol", "Term", "glossary_table", "notation_table",
           "symbol_box"]

#: The first line of every lesson's symbol box.
BOX_HEADING = (
    "**Symbols in this lesson** (the whole table is in [00 · Start here](00_start_here.ipynb))"
)

#: The lessons of the series, in reading order (00 is the start page).
LESSONS = range(0, 9)


@dataclass(frozen=True)
class Symbol:
    """One symbol of the series and its one meaning.

    Parameters
    ----------
    name : str
        An ASCII identifier (``"beta_hat"``), used by tests and code.
    markdown : str
        How the lessons write it, such as ``r"$\\hat\\beta$"``.
    text : str
        The plain-Unicode form the explorers print, such as ``"β̂"``.
    meaning : str
        Its meaning, in one line (Markdown with ``$...$`` allowed).
    introduced : int
        The lesson that introduces it.
    lessons : tuple of int
        The lessons whose opening symbol box lists it.

    Examples
    --------
    >>> s = Symbol("K", "$K$", "K", "the number of classes", 2, (2, 3))
    >>> s.text
    'K'
    """

    name: str
    markdown: str
    text: str
    meaning: str
    introduced: int
    lessons: tuple[int, ...]


@dataclass(frozen=True)
class Term:
    """One glossary entry: a term, its one-line definition and where it is defined.

    Parameters
    ----------
    term : str
        The term as the lessons write it (matched case-insensitively).
    definition : str
        One line (Markdown allowed).
    lesson : int
        The lesson that defines it.
    section : str
        The heading (without the ``#``) of the section that defines it.
    aliases : tuple of str, optional
        Other spellings that count as the same term.

    Examples
    --------
    >>> Term("ulp", "the gap between neighbouring floats", 2, "Checking it numerically").lesson
    2
    """

    term: str
    definition: str
    lesson: int
    section: str
    aliases: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# lessons 00-04: N1 edits below
# ---------------------------------------------------------------------------
_SYMBOLS_00_04 = (
    Symbol("x", "$x$", "x", "the feature (input) of a data point; with several features, "
           "the row of features", 1, (1, 2, 3, 4)),
    Symbol("y", "$y$", "y", "the label of a data point: 0 or 1 with two classes "
           "(label 0 = class 1, label 1 = class 2)", 3, (3, 4)),
    Symbol("n", "$n$", "n", "the number of data points (the sample size)", 3, (3, 4)),
    Symbol("K", "$K$", "K", "the number of classes", 2, (2, 3)),
    Symbol("z", "$z_k$", "z", "scores, also called logits: $z_k$ is class $k$'s score, the "
           "number the softmax turns into a probability", 2, (2, 4)),
    Symbol("p", "$p_k$", "p", r"probabilities: $p_k = P(\text{class } k)$; with one "
           r"probability, $p$ is the one the model reports", 2, (2, 4)),
    Symbol("sigma", r"$\sigma$", "σ", r"the logistic sigmoid, $\sigma(z) = 1/(1 + e^{-z})$",
           1, (1, 2, 3, 4)),
    Symbol("beta_1", r"$\beta_1$", "β₁", "the coefficient of class 1 (softmax row 0)",
           1, (1, 2, 3, 4)),
    Symbol("beta_2", r"$\beta_2$", "β₂", "the coefficient of class 2 (softmax row 1)",
           1, (1, 2, 3, 4)),
    Symbol("beta", r"$\beta$", "β", r"$\beta_1 - \beta_2$, the logistic coefficient of "
           r"class 1: $\sigma(x\beta) = P(\text{class } 1)$, the question's sigmoid",
           1, (1, 2, 3, 4)),
    Symbol("beta_hat", r"$\hat\beta$", "β̂", r"the fitted value of $\beta = \beta_1 - "
           r"\beta_2$ (a hat means *fitted*, never a change of sign)", 3, (3,)),
    Symbol("gamma", r"$\gamma$", "γ", r"$\beta_2 - \beta_1 = -\beta$: software's "
           r"coefficient on labels 0/1, $\sigma(x\gamma) = P(\text{label } 1) = "
           r"P(\text{class } 2)$", 2, (2, 3, 4)),
    Symbol("gamma_hat", r"$\hat\gamma$", "γ̂", r"the fitted value of $\gamma$, what "
           r"statsmodels' `Logit` prints; $\hat\gamma = -\hat\beta$", 3, (3,)),
    Symbol("a_1", "$a_1$", "a₁", "the intercept of class 1", 2, (2,)),
    Symbol("a_2", "$a_2$", "a₂", "the intercept of class 2", 2, (2,)),
    Symbol("a", "$a$", "a", r"$a_1 - a_2$, the intercept of $\beta$'s logistic model: "
           r"$P(\text{class } 1) = \sigma(a + x\beta)$", 2, (2,)),
    Symbol("gamma_0", r"$\gamma_0$", "γ₀", r"$a_2 - a_1 = -a$, the intercept of $\gamma$'s "
           r"model: $P(\text{class } 2) = \sigma(\gamma_0 + x\gamma)$", 4, (4,)),
    Symbol("c", "$c$", "c", r"a shift added to every class: to each coefficient, "
           r"$(\beta_1 + c, \beta_2 + c)$, a move along the valley (03); to each score, "
           r"$z_k + c$ (06); it changes no probability", 3, (3,)),
    Symbol("u", "$u$", "u", r"a step across the valley, $(\beta_1 + u, \beta_2 - u)$: "
           r"it changes $\beta$ by $2u$", 3, (3,)),
    Symbol("lambda", r"$\lambda$", "λ", r"the weight of the L2 penalty "
           r"$\frac{\lambda}{2}\sum_k \lVert\beta_k\rVert^2$ (slopes only) added to the "
           "mean loss", 1, (1, 4)),
    Symbol("C", "$C$", "C", r"scikit-learn's inverse penalty strength: a larger $C$ is a "
           "weaker penalty", 1, (1,)),
    Symbol("theta", r"$\theta_k$", "θ", r"all coefficients of one score, intercept first: "
           r"$\theta_k = (a_k, \beta_k)$ for class $k$", 4, (4,)),
    Symbol("ell", r"$\ell_i$", "ℓ", r"the log-loss of data point $i$: $-\log$ of the "
           "probability the model gave to its observed class", 4, (4,)),
    Symbol("L", "$L$", "L", "the likelihood: the probability the model gives to the whole "
           "data set", 4, (4,)),
    Symbol("Z", "$Z$", "Z", "the data matrix: one row per data point, a column of ones "
           "first", 4, (4,)),
    Symbol("W", "$W$", "W", r"the diagonal matrix of $p_i(1 - p_i)$", 4, (4,)),
    Symbol("I", "$I$", "I", r"the Fisher information $Z^\top W Z$: the curvature of "
           r"$-\log L$ at the fit", 4, (4,)),
    Symbol("J", "$J$", "J", r"the Jacobian of the softmax, $\partial p_k / \partial z_j$",
           4, (4,)),
    Symbol("delta", r"$\delta_{kj}$", "δ", r"the Kronecker delta: 1 when $k = j$, "
           "else 0", 4, (4,)),
)

_TERMS_00_04 = (
    Term("sigmoid", r"$\sigma(z) = 1/(1 + e^{-z})$: turns one score into the probability "
         "of one class", 1, "The question", ("logistic sigmoid",)),
    Term("softmax", r"$\mathrm{softmax}(z)_k = e^{z_k} / \sum_j e^{z_j}$: turns $K$ scores "
         "into $K$ probabilities", 1, "The question"),
    Term("log-odds", r"$\log\frac{p}{1 - p}$, the inverse of the sigmoid: "
         r"$\sigma(z) = p$ exactly when $z$ is the log-odds of $p$", 1,
         "Where the mistake is", ("logit",)),
    Term("L2 penalty", r"$\frac{\lambda}{2}$ times the sum of the squared coefficients, "
         "added to the loss: it pulls the coefficients towards 0", 1,
         "Where the mistake is", ("ridge penalty",)),
    Term("ulp", "unit in the last place: the gap between neighbouring float64 numbers",
         2, "Checking it numerically"),
    Term("shift invariance", "adding the same number to every score changes no softmax "
         "probability", 3, "Shift invariance"),
    Term("likelihood", "the probability the model gives to the data actually seen; a fit "
         "maximises it", 3, "The flat valley", ("log-likelihood",)),
    Term("cross-entropy", r"$-\log$ of the probability the model gave to the observed "
         "class, averaged over the data: the negative log-likelihood", 3, "The flat valley",
         ("log-loss",)),
    Term("valley", r"the line of least loss in the $(\beta_1, \beta_2)$ plane, "
         r"$\beta_1 - \beta_2 = \hat\beta$", 3, "The flat valley", ("valley floor",)),
    Term("identified", "pinned down by the data: different values give different "
         "probabilities", 3, "The flat valley", ("identifiable",)),
    Term("reference class", "the class whose coefficients are fixed at 0 to pick one point "
         "of the valley", 3, "Three parameterisations, one logistic $\\beta$"),
    Term("decision boundary", "where the model's predicted class changes: where the two "
         "class scores tie", 4, "The model and the data"),
    Term("odds ratio", "the factor by which the odds $p/(1 - p)$ change per unit of a "
         "feature: $e^{\\gamma_j}$", 4, "Reading the coefficients: log-odds and odds ratios"),
    Term("risk ratio", "the ratio of two probabilities (not of two odds)", 4,
         "Reading the coefficients: log-odds and odds ratios"),
    Term("standard error", "the standard deviation an estimate would have over repeated "
         "samples, estimated from the data", 4,
         "Reading the coefficients: log-odds and odds ratios"),
    Term("1.96", "the 97.5% point of the standard normal distribution: estimate ± 1.96 "
         "standard errors is a 95% interval", 4,
         "Reading the coefficients: log-odds and odds ratios"),
    Term("Wald interval", "estimate ± 1.96 standard errors (then exponentiated for an odds "
         "ratio)", 4, "Reading the coefficients: log-odds and odds ratios"),
    Term("profile-likelihood interval", "the values of one coefficient that the likelihood, "
         "maximised over the others, does not reject", 4,
         "Reading the coefficients: log-odds and odds ratios", ("profile likelihood",)),
    Term("separation", "a threshold on the score classifies every data point correctly: "
         "the maximum-likelihood estimate does not exist", 4,
         "Separation: when a threshold splits the data", ("separated",)),
    Term("quasi-complete separation", "separation except for ties on the boundary, such as "
         "a category with only one class (a zero cell)", 4,
         "Separation: when a threshold splits the data", ("quasi-separation",)),
    Term("Firth's penalised likelihood", "the likelihood times the square root of the "
         "determinant of the Fisher information: finite estimates under separation", 4,
         "Separation: when a threshold splits the data", ("Firth",)),
    Term("Jacobian", "the matrix of first derivatives of a vector function", 4,
         "The gradient: $p - y$"),
    Term("Kronecker delta", r"$\delta_{kj}$: 1 when $k = j$, else 0", 4,
         "The gradient: $p - y$"),
    Term("Hessian", "the matrix of second derivatives of the loss: its curvature", 4,
         "Standard errors and the reference class"),
    Term("Fisher information", r"the expected curvature of $-\log L$, $Z^\top W Z$ for "
         "logistic regression; its inverse estimates the sampling covariance", 4,
         "Standard errors and the reference class"),
    Term("sampling covariance", "the covariance an estimate would have over repeated "
         "samples; its diagonal holds the squared standard errors", 4,
         "Standard errors and the reference class"),
    Term("rank", "the number of independent rows (or columns) of a matrix; below its size, "
         "the matrix has no inverse", 4, "Standard errors and the reference class"),
)

# ---------------------------------------------------------------------------
# lessons 05-07: N2 edits below
# ---------------------------------------------------------------------------
_SYMBOLS_05_07: tuple[Symbol, ...] = (
    Symbol("beta_1_hat", r"$\hat\beta_1$", "β̂₁", r"the fitted coefficient row of class 1 "
           r"(row 0 of a fitted softmax)", 5, (5,)),
    Symbol("beta_2_hat", r"$\hat\beta_2$", "β̂₂", r"the fitted coefficient row of class 2 "
           r"(row 1); $\hat\beta_1 - \hat\beta_2 = \hat\beta$", 5, (5,)),
    Symbol("eta", r"$\eta$", "η", "the learning rate (step size) of gradient descent, `lr` "
           "in code", 5, (5,)),
    Symbol("g", "$g$", "g", r"the gradient of the loss with respect to $\beta_2$; with "
           r"respect to $\beta_1$ it is $-g$", 5, (5,)),
    Symbol("beta_tilde", r"$\tilde\beta$", "β̃", r"the binary fit of $\beta$ with the L2 "
           r"penalty $\lambda/2$: an L2-penalised two-class softmax has the slopes "
           r"$(\tilde\beta/2, -\tilde\beta/2)$", 5, (5,)),
    Symbol("H", "$H$", "H", "the Hessian of the free softmax's loss (its matrix of second "
           "derivatives)", 5, (5,)),
    Symbol("A", "$A$", "A", r"$Z^\top W Z / n$, the block the two-class softmax's Hessian "
           "repeats", 5, (5,)),
    Symbol("Delta", r"$\Delta$", "Δ", r"a Newton step, the solution of "
           r"$H\Delta = -\text{gradient}$", 5, (5,)),
    Symbol("s", "$s$", "s", r"the score scale of lesson 06's explorer: scores "
           r"$z_1 = s\,x + c$ and $z_2 = c$", 6, (6,)),
    Symbol("m", "$m$", "m", r"the largest score, $m = \max_j z_j$, subtracted before "
           "exponentiating", 6, (6,)),
    Symbol("beta_k", r"$\beta_k$", "β_k", r"the coefficients of class $k$ (softmax row "
           r"$k-1$); $\beta_1, \beta_2$ for two classes", 7, (7,)),
    Symbol("a_k", "$a_k$", "a_k", r"the intercept of class $k$", 7, (7,)),
    Symbol("r", "$r$", "r", "the reference class, whose coefficients are fixed at 0", 7,
           (7,)),
)
# Lesson -> names of symbols from other blocks that its box lists, e.g. {5: ("beta", "x")}.
_USES_05_07: dict[int, tuple[str, ...]] = {
    5: ("x", "n", "p", "sigma", "beta_1", "beta_2", "beta", "beta_hat", "gamma",
        "gamma_hat", "lambda", "C", "Z", "W"),
    6: ("x", "z", "p", "sigma", "c"),
    7: ("x", "K", "sigma", "beta_1", "beta_2", "beta", "gamma"),
}
_TERMS_05_07: tuple[Term, ...] = (
    Term("Newton's method", "each step jumps to the minimum of the quadratic that matches "
         "the loss's value, gradient and curvature at the current point", 5,
         "Several starts: the rows differ, the difference does not", ("Newton step",)),
    Term("pseudo-inverse", "the Moore-Penrose inverse: inverts a matrix on the directions "
         "where it is not zero and ignores the others", 5,
         "Appendix (optional): Stata's estimates, and Newton's method on the valley",
         ("Moore-Penrose",)),
    Term("subnormal", r"a float below the smallest normal float64 ($2.2\times10^{-308}$), "
         "stored with fewer significant bits, down to $2^{-1074}$", 6,
         "06 · Numerical stability", ("subnormals",)),
    Term("overflow", "a result too large for the float type: `exp` returns inf", 6,
         "06 · Numerical stability", ("overflows",)),
    Term("underflow", "a result too small for the float type: it rounds to a subnormal or "
         "to 0", 6, "06 · Numerical stability", ("underflows",)),
    Term("correctly rounded", "the float nearest to the exact result: off by at most half "
         "an ulp", 6, "06 · Numerical stability"),
    Term("log-sum-exp", r"$\log\sum_j e^{z_j}$, computed stably as "
         r"$m + \log\sum_j e^{z_j - m}$ with $m = \max_j z_j$", 6,
         "Losses need log-probabilities", ("logsumexp",)),
    Term("automatic differentiation", "computing a gradient by applying the chain rule to "
         "each step of the code that computed the value", 6,
         "Losses need log-probabilities", ("autodiff",)),
    Term("multi-class", "each example belongs to exactly one of $K$ classes: one softmax",
         7, "07 · More than two classes"),
    Term("multi-label", "each example can carry any number of labels: one sigmoid per "
         "label", 7, "07 · More than two classes"),
    Term("decision region", "the part of feature space where one class is the most "
         "probable", 7, "07 · More than two classes", ("decision regions",)),
    Term("relative-risk ratio", r"$e^{\beta}$ in a multinomial fit: the factor by which "
         r"$P(k)/P(r)$ changes per unit of a feature (Stata's `rrr`)", 7,
         "Reading a coefficient: a relative-risk ratio", ("relative risk ratio",)),
)

# ---------------------------------------------------------------------------
# lesson 08: N3 edits below
# ---------------------------------------------------------------------------
_SYMBOLS_08: tuple[Symbol, ...] = (
    Symbol("epsilon", r"$\varepsilon_k$", "ε", r"the random shock added to class $k$'s score "
           r"in the random-utility model: its utility is $z_k + \varepsilon_k$ (standard "
           "Gumbel unless said otherwise)", 8, (8,)),
)
_USES_08: dict[int, tuple[str, ...]] = {
    8: ("x", "y", "K", "z", "p", "sigma", "beta_1", "beta_2", "beta", "gamma", "gamma_hat",
        "c", "lambda", "eta"),
}
_TERMS_08: tuple[Term, ...] = (
    Term("bfloat16", "a 16-bit float with float32's exponent range but only 8 significant "
         "bits, common for training networks", 8, "float32: where the formulas break"),
    Term("heavy-ball momentum", "gradient descent whose step adds a fixed fraction (here 0.9) "
         "of the previous step to the new gradient step", 8, "Optimisers and the valley"),
    Term("bias correction", r"Adam's division of its running averages by $1 - 0.9^t$ and "
         r"$1 - 0.999^t$ at step $t$, undoing their start at 0", 8,
         "Optimisers and the valley", ("bias-corrected",)),
    Term("minibatch SGD", "stochastic gradient descent: each step uses the gradient of a "
         "random subset (a minibatch) of the examples", 8, "Optimisers and the valley"),
    Term("Gumbel-max trick", "add independent standard Gumbel noise to each score and take "
         r"the largest: class $k$ wins with probability $\text{softmax}(z)_{[k-1]}$", 8,
         "Why the difference: random utilities"),
    Term("independence of irrelevant alternatives", "in the conditional logit the ratio of "
         "two classes' probabilities does not depend on the other classes", 8,
         "What the random-utility model assumes"),
    Term("probit", r"the choice model with normal noise instead of Gumbel: "
         r"$P(\text{class } 1) = \Phi((z_1 - z_2)/\sqrt{2})$, $\Phi$ the standard normal CDF",
         8, "What the random-utility model assumes"),
)


# ---------------------------------------------------------------------------
# assembled (no edits needed below)
# ---------------------------------------------------------------------------
def _assemble() -> tuple[Symbol, ...]:
    rows = _SYMBOLS_00_04 + _SYMBOLS_05_07 + _SYMBOLS_08
    extra: dict[str, set[int]] = {}
    for uses in (_USES_05_07, _USES_08):
        for lesson, names in uses.items():
            for name in names:
                extra.setdefault(name, set()).add(lesson)
    known = {s.name for s in rows}
    unknown = sorted(set(extra) - known)
    if unknown:
        raise ValueError(f"logitlab.notation: _USES names unknown symbols {unknown}")
    return tuple(
        Symbol(s.name, s.markdown, s.text, s.meaning, s.introduced,
               tuple(sorted(set(s.lessons) | extra.get(s.name, set()))))
        for s in rows
    )


#: Every symbol of the series, in table order.
SYMBOLS: tuple[Symbol, ...] = _assemble()
#: Every glossary term, in the order of the lessons that define them.
GLOSSARY: tuple[Term, ...] = _TERMS_00_04 + _TERMS_05_07 + _TERMS_08


def _cell(text: str) -> str:
    # A "|" inside a cell would split the Markdown table row.
    return text.replace("|", r"\|")


def symbol_box(lesson: int) -> str:
    """The Markdown of lesson `lesson`'s opening symbol box.

    Parameters
    ----------
    lesson : int
        A lesson number, 1 to 8 (lesson 00 shows the whole table instead).

    Returns
    -------
    str
        :data:`BOX_HEADING`, a blank line, and a table of the symbols whose
        ``lessons`` include `lesson`, in table order. The lesson's first cell
        after its title is exactly this text (a test compares them).

    Raises
    ------
    ValueError
        If `lesson` is not an integer from 1 to 8.

    Examples
    --------
    >>> print(symbol_box(1).splitlines()[4])
    | $x$ | the feature (input) of a data point; with several features, the row of features | 01 |
    """
    if isinstance(lesson, bool) or not isinstance(lesson, int) or not 1 <= lesson <= 8:
        raise ValueError(f"symbol_box(): lesson must be an integer from 1 to 8, got {lesson!r}")
    rows = [s for s in SYMBOLS if lesson in s.lessons]
    lines = [BOX_HEADING, "", "| symbol | meaning | from lesson |", "|---|---|---|"]
    lines += [f"| {s.markdown} | {_cell(s.meaning)} | {s.introduced:02d} |" for s in rows]
    return "\n".join(lines)


def notation_table() -> str:
    """The whole notation table as Markdown (rendered in lesson 00).

    Returns
    -------
    str
        One row per symbol: the symbol, what the explorers print, its
        meaning, the lesson that introduces it and the lessons that list it.

    Examples
    --------
    >>> notation_table().splitlines()[0]
    '| symbol | printed as | meaning | introduced | listed in lessons |'
    """
    lines = ["| symbol | printed as | meaning | introduced | listed in lessons |",
             "|---|---|---|---|---|"]
    for s in SYMBOLS:
        used = ", ".join(f"{k:02d}" for k in s.lessons)
        lines.append(f"| {s.markdown} | {s.text} | {_cell(s.meaning)} | {s.introduced:02d} "
                     f"| {used} |")
    return "\n".join(lines)


def glossary_table() -> str:
    """The glossary as Markdown (rendered in lesson 00).

    Returns
    -------
    str
        One row per term: the term, its one-line definition and where it is
        defined (lesson and section).

    Examples
    --------
    >>> glossary_table().splitlines()[2].startswith("| sigmoid |")
    True
    """
    lines = ["| term | definition | defined in |", "|---|---|---|"]
    for t in GLOSSARY:
        lines.append(f"| {t.term} | {_cell(t.definition)} | lesson {t.lesson:02d}, "
                     f"*{_cell(t.section)}* |")
    return "\n".join(lines)
