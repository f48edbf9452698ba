"""What lessons 00-04 say other packages do, each tied to that package's documentation (issue 16).

A sentence in a lesson may state what another package does only if the lesson
runs it (statsmodels, SciPy) or a test here cites the package's documentation:
its address and the quoted sentence that supports the claim. Each entry names
the phrase the lessons use; the test fails if the phrase is gone (the citation
would then cite nothing) or if a lesson makes the claim without the entry.
Where a claim also follows from a rule the test can run (string sorting, the
Jeffreys-prior form of Firth's penalty), the test runs it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

# (lessons that make the claim, a phrase of the claim, documentation address, quoted sentence)
CLAIMS = {
    "R glm models P(label 1)": (
        ("00", "01", "02", "03", "04"), "R's\n> `glm`",
        "https://stat.ethz.ch/R-manual/R-devel/library/stats/html/glm.html",
        "For binomial and quasibinomial families the response can also be specified as a "
        "factor (when the first level denotes failure and all others success)",
    ),
    "Stata logit models P(label 1)": (
        ("02", "04"), "Stata's `logit`",
        "https://www.stata.com/manuals/rlogit.pdf",
        "depvar equal to nonzero and nonmissing (typically depvar equal to one) indicates a "
        "positive outcome, whereas depvar equal to zero indicates a negative outcome.",
    ),
    "scikit-learn's binary coef_ is for label 1, one row": (
        ("00", "01", "02", "03", "04"), "scikit-learn",
        "https://scikit-learn.org/stable/modules/generated/"
        "sklearn.linear_model.LogisticRegression.html",
        "coef_ is of shape (1, n_features) when the given problem is binary. In particular, "
        "when multi_class='multinomial', coef_ corresponds to outcome 1 (True) and -coef_ "
        "corresponds to outcome 0 (False).",
    ),
    "scikit-learn's C is the inverse penalty strength": (
        ("01",), "the inverse of its strength",
        "https://scikit-learn.org/stable/modules/generated/"
        "sklearn.linear_model.LogisticRegression.html",
        "Inverse of regularization strength; must be a positive float. Like in support vector "
        "machines, smaller values specify stronger regularization.",
    ),
    "SAS PROC LOGISTIC models P(Y = 0) by default": (
        ("00", "01", "02", "03", "04"), "SAS PROC LOGISTIC",
        "https://support.sas.com/documentation/cdl/en/statug/67523/HTML/default/"
        "statug_logistic_details02.htm",
        "Response level ordering is important because, by default, PROC LOGISTIC models the "
        "probability of response levels with lower Ordered Value.",
    ),
    "R sorts text labels as strings": (
        ("00", "01", "02", "03", "04"), 'as strings ("10" before "9")',
        "https://stat.ethz.ch/R-manual/R-devel/library/base/html/factor.html",
        "The default is the unique set of values taken by as.character(x), sorted into "
        "increasing order of x.",
    ),
    "PyTorch does not sort: class k is the index fed": (
        ("00", "01", "02", "03", "04"), "PyTorch does not sort",
        "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
        "Class indices in the range [0, C) where C is the number of classes",
    ),
    "VGAM's multinomial() fixes the last level": (
        ("03",), "fixes the last level by default",
        "https://search.r-project.org/CRAN/refmans/VGAM/html/multinomial.html",
        "If inputted as an integer then it specifies which column of the response matrix is "
        "the reference or baseline level. The default is the last one",
    ),
    "R confint on a glm is profile likelihood": (
        ("04",), "R's `confint()` on a `glm`",
        "https://stat.ethz.ch/R-manual/R-devel/library/stats/html/confint.html",
        "call the appropriate profile method, then find the confidence intervals by "
        "interpolation in the profile traces",
    ),
    "logistf implements Firth's penalised likelihood": (
        ("04",), "`logistf` implements it",
        "https://stat.ethz.ch/CRAN/web/packages/logistf/index.html",
        "Fit a logistic regression model using Firth's bias reduction method, equivalent to "
        "penalization of the log-likelihood by the Jeffreys prior.",
    ),
}


def _markdown(lesson: str) -> str:
    (path,) = NOTEBOOKS.glob(f"{lesson}_*.ipynb")
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_is_made_and_cited(name):
    lessons, phrase, url, quote = CLAIMS[name]
    assert url.startswith("https://") and len(quote.split()) >= 8
    for lesson in lessons:
        assert phrase in _markdown(lesson), f"lesson {lesson} no longer says {phrase!r}"


# Package names that, in lessons 00-04, appear only in a cited claim or in code the
# lesson runs: a new sentence naming one of them needs an entry above.
CITED_ONLY = {"SAS": "SAS PROC LOGISTIC", "Stata": "Stata", "PyTorch": "PyTorch",
              "VGAM": "VGAM", "logistf": "logistf", "brglm2": None, "glmnet": None,
              "nnet": None}


@pytest.mark.parametrize("lesson", ["00", "01", "02", "03", "04"])
def test_no_uncited_package_claim(lesson):
    text = _markdown(lesson)
    cited = {phrase for lessons, phrase, _, _ in CLAIMS.values() if lesson in lessons}
    for package, allowed in CITED_ONLY.items():
        if package not in text:
            continue
        assert allowed is not None, f"lesson {lesson} names {package} without a citation"
        assert any(package in phrase or phrase in text for phrase in cited), (lesson, package)


def test_string_order_puts_10_before_9():
    """What 'sorted into increasing order' means for text labels: character by character."""
    assert sorted(["9", "10"]) == ["10", "9"]
    assert sorted([9, 10]) == [9, 10]


def test_firth_penalty_is_the_jeffreys_prior():
    """log L + log det(I) / 2 is log L plus the log of the Jeffreys prior sqrt(det I)."""
    rng = np.random.default_rng(0)
    Z = np.column_stack([np.ones(20), rng.normal(size=20)])
    p = 1 / (1 + np.exp(-(Z @ np.array([0.3, -0.8]))))
    info = (Z.T * (p * (1 - p))) @ Z
    assert 0.5 * np.linalg.slogdet(info)[1] == pytest.approx(np.log(np.sqrt(np.linalg.det(info))))
