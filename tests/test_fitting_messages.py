"""Every error and warning of logitlab.fitting, word for word.

The messages are the interface a student reads: each names the function and
the problem. Asserting them whole (not by a fragment) also catches a wrong
number or name spliced into them.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from logitlab.fitting import (
    ConvergenceWarning,
    fit_logistic,
    fit_softmax,
    gradient_descent_path,
    newton,
)

X3 = [[0.0], [1.0], [2.0]]
y3 = [0, 1, 0]
GD = gradient_descent_path

ERRORS = [
    pytest.param(
        lambda: fit_softmax(X3, y3, tol=0),
        ValueError,
        "fit_softmax(): tol must be a positive number, got 0",
        id="softmax_tol",
    ),
    pytest.param(
        lambda: GD([0.0, 1.0, 2.0], y3, lr=0.1, n_steps=1),
        ValueError,
        "gradient_descent_path(): X must be 2-D (n_samples, n_features); "
        "use X.reshape(-1, 1) for one feature",
        id="gd_X_1d",
    ),
    pytest.param(
        lambda: GD(X3, [0, 1], lr=0.1, n_steps=1),
        ValueError,
        "gradient_descent_path(): X and y have different lengths (3 rows in X, 2 labels in y)",
        id="gd_y_length",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr=0.1, n_steps=1, init=(np.zeros((3, 1)), None)),
        ValueError,
        "gradient_descent_path(): init coef0 must have shape (2, 1) (classes x features), "
        "got (3, 1)",
        id="gd_softmax_init",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [[0, 1, 0]]),
        ValueError,
        "fit_logistic(): y must be 1-D (one label per row), got shape (1, 3)",
        id="y_row",
    ),
    pytest.param(
        lambda: fit_logistic(pd.Series([0.0, 1.0, 2.0]), y3),
        ValueError,
        "fit_logistic(): X must be 2-D (n_samples, n_features); "
        "use X.reshape(-1, 1) for one feature",
        id="X_series",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3).predict_proba([[1.0, 2.0]]),
        ValueError,
        "predict_proba(): X has 2 features, the fit used 1",
        id="predict_proba_features",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3).predict_proba(np.zeros((0, 1))),
        ValueError,
        "predict_proba(): X has no rows",
        id="predict_proba_no_rows",
    ),
    pytest.param(
        lambda: fit_logistic([0.0, 1.0, 2.0], y3),
        ValueError,
        "fit_logistic(): X must be 2-D (n_samples, n_features); use X.reshape(-1, 1) for one feature",  # noqa: E501
        id="X_1d",
    ),
    pytest.param(
        lambda: fit_softmax(np.zeros((3, 1, 1)), y3),
        ValueError,
        "fit_softmax(): X must be 2-D (n_samples, n_features), got 3 dimension(s)",
        id="X_3d",
    ),
    pytest.param(
        lambda: fit_logistic(np.zeros((0, 1)), []),
        ValueError,
        "fit_logistic(): X has no rows",
        id="X_no_rows",
    ),
    pytest.param(
        lambda: fit_softmax([[0.0], [np.nan], [2.0]], y3),
        ValueError,
        "fit_softmax(): X contains NaN or infinite values",
        id="X_nan",
    ),
    pytest.param(
        lambda: fit_logistic(
            pd.DataFrame(
                {"a": [1.0, 2.0, 3.0], "b": [True, False, True], "c": [False, True, True]}
            ),
            y3,
        ),
        TypeError,
        "fit_logistic() expects real numbers for 'X', but column(s) b, c hold booleans (bool dtype); convert them with .astype(float) if you mean 0 and 1",  # noqa: E501
        id="X_bool_columns",
    ),
    pytest.param(
        lambda: fit_logistic(X3, None),
        TypeError,
        "fit_logistic() expects a sequence of class labels for 'y', got <class 'NoneType'>",
        id="y_none",
    ),
    pytest.param(
        lambda: fit_logistic(X3, "010"),
        TypeError,
        "fit_logistic() expects a sequence of class labels for 'y', got <class 'str'>",
        id="y_str",
    ),
    pytest.param(
        lambda: fit_softmax(X3, np.ma.array(y3)),
        TypeError,
        "fit_softmax() does not accept a masked array for 'y': its mask would be ignored; pass y.compressed() (with the matching rows of X) instead",  # noqa: E501
        id="y_masked",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [[0, 1], [1, 0], [0, 1]]),
        ValueError,
        "fit_logistic(): y must be 1-D (one label per row), got shape (3, 2)",
        id="y_2d",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [0, 1]),
        ValueError,
        "fit_logistic(): X and y have different lengths (3 rows in X, 2 labels in y)",
        id="y_length",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [0j, 1j, 0j]),
        TypeError,
        "fit_logistic(): complex class labels are not supported",
        id="y_complex",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [0.0, np.nan, 1.0]),
        ValueError,
        "fit_logistic(): y contains missing labels (NaN or None)",
        id="y_nan",
    ),
    pytest.param(
        lambda: fit_logistic(X3, ["a", None, "b"]),
        ValueError,
        "fit_logistic(): y contains missing labels (NaN or None)",
        id="y_none_obj",
    ),
    pytest.param(
        lambda: fit_logistic(X3, pd.Series(["a", float("nan"), "b"])),
        ValueError,
        "fit_logistic(): y contains missing labels (NaN or None)",
        id="y_nan_obj",
    ),
    pytest.param(
        lambda: fit_softmax(X3, [5, 5, 5]),
        ValueError,
        "fit_softmax(): y needs at least two classes, got 1 ([5])",
        id="y_one_class",
    ),
    pytest.param(
        lambda: fit_logistic(X3, ["a", 1, 2]),
        TypeError,
        "fit_logistic(): class labels in y mix strings and other values (e.g. 'a' and 1); use one type, e.g. all strings",  # noqa: E501
        id="y_mixed",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [[1], ["a"], [1]]),
        TypeError,
        "fit_logistic(): class labels in y mix strings and other values (e.g. 'a' and 1); use one type, e.g. all strings",  # noqa: E501
        id="y_mixed_2d",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [1, "a", "b"]),
        TypeError,
        "fit_logistic(): class labels in y mix strings and other values (e.g. 'a' and 1); use one type, e.g. all strings",  # noqa: E501
        id="y_mixed_second",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, l2="0.1"),
        TypeError,
        "fit_logistic(): l2 must be a real number, got str",
        id="l2_type",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, l2=-0.5),
        ValueError,
        "fit_softmax(): l2 must be a finite number >= 0, got -0.5",
        id="l2_neg",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, max_iter=2.0),
        TypeError,
        "fit_logistic(): max_iter must be an integer, got float",
        id="max_iter_type",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, max_iter=True),
        TypeError,
        "fit_logistic(): max_iter must be an integer, got bool",
        id="max_iter_bool",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, max_iter=-1),
        ValueError,
        "fit_softmax(): max_iter must be >= 0, got -1",
        id="max_iter_neg",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, fit_intercept="False"),
        TypeError,
        "fit_softmax(): fit_intercept must be True or False, got str 'False'",
        id="fit_intercept",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, tol=0),
        ValueError,
        "fit_logistic(): tol must be a positive number, got 0",
        id="tol_zero",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, tol=True),
        ValueError,
        "fit_logistic(): tol must be a positive number, got True",
        id="tol_bool",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, tol="1e-8"),
        ValueError,
        "fit_logistic(): tol must be a positive number, got '1e-8'",
        id="tol_str",
    ),
    pytest.param(
        lambda: fit_logistic(X3, y3, tol=float("nan")),
        ValueError,
        "fit_logistic(): tol must be a positive number, got nan",
        id="tol_nan",
    ),
    pytest.param(
        lambda: fit_logistic(np.zeros((3, 0)), y3, fit_intercept=False),
        ValueError,
        "fit_logistic(): X has no feature columns and fit_intercept=False, so the model has no parameter to fit",  # noqa: E501
        id="no_columns",
    ),
    pytest.param(
        lambda: fit_logistic(np.c_[[0.0, 1.0, 2.0], [0.0, 1e-200, 0.0]], y3, l2=0.5),
        ValueError,
        "fit_logistic(): feature column 1 has RMS 5.77e-201, too small for the penalty l2=0.5 to be represented in float64; rescale it (e.g. divide X by its standard deviation)",  # noqa: E501
        id="pen_overflow",
    ),
    pytest.param(
        lambda: fit_softmax(
            np.c_[[0.0, 1.0, 2.0], [0.0, 1e-200, 0.0]], y3, l2=0.5, fit_intercept=False
        ),
        ValueError,
        "fit_softmax(): feature column 1 has RMS 5.77e-201, too small for the penalty l2=0.5 to be represented in float64; rescale it (e.g. divide X by its standard deviation)",  # noqa: E501
        id="pen_overflow_noint",
    ),
    pytest.param(
        lambda: fit_logistic(np.array([[0.0], [1.0], [2.0], [3.0]]) * 1e-310, [0, 1, 0, 1]),
        ValueError,
        "fit_logistic(): a coefficient is beyond float64's range (a feature column has RMS 1.87e-310); rescale X (e.g. divide it by its standard deviation)",  # noqa: E501
        id="coef_overflow",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [0, 1, 2]),
        ValueError,
        "fit_logistic(): y must have exactly two classes, got 3 ([0, 1, 2]); use fit_softmax for more",  # noqa: E501
        id="three_classes",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=np.zeros((2, 1))),
        ValueError,
        "fit_softmax(): init must be a pair (coef0, intercept0) with coef0 of shape (2, 1) and intercept0 of shape (2,)",  # noqa: E501
        id="softmax_init_pair",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=(np.zeros((2, 1)), None, None)),
        ValueError,
        "fit_softmax(): init must be a pair (coef0, intercept0) with coef0 of shape (2, 1) and intercept0 of shape (2,)",  # noqa: E501
        id="softmax_init_pair3",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=(np.zeros((1, 2)), None)),
        ValueError,
        "fit_softmax(): init coef0 must have shape (2, 1) (classes x features), got (1, 2)",
        id="softmax_init_coef",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=(np.zeros((2, 1)), np.zeros(3))),
        ValueError,
        "fit_softmax(): init intercept0 must have shape (2,), got (3,)",
        id="softmax_init_int",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=(np.zeros((2, 1)), [0.0, np.inf])),
        ValueError,
        "fit_softmax(): init contains NaN or infinite values",
        id="softmax_init_nan",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, init=([[0.0], [np.nan]], None)),
        ValueError,
        "fit_softmax(): init contains NaN or infinite values",
        id="softmax_init_nan_coef",
    ),
    pytest.param(
        lambda: fit_softmax(X3, y3, fit_intercept=False, init=(np.zeros((2, 1)), [0.0, 1.0])),
        ValueError,
        "fit_softmax(): init gives non-zero intercepts but fit_intercept=False; pass None (or zeros) as intercept0",  # noqa: E501
        id="softmax_init_noint",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="probit", lr=0.1, n_steps=1),
        ValueError,
        "gradient_descent_path(): model must be 'softmax' or 'logistic', got 'probit'",
        id="gd_model",
    ),
    pytest.param(
        lambda: GD(X3, [0, 1, 2], model="logistic", lr=0.1, n_steps=1),
        ValueError,
        "gradient_descent_path(): model='logistic' needs exactly two classes, got 3",
        id="gd_logistic_3",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr="0.1", n_steps=1),
        TypeError,
        "gradient_descent_path(): lr must be a real number, got str",
        id="gd_lr_type",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr=True, n_steps=1),
        TypeError,
        "gradient_descent_path(): lr must be a real number, got bool",
        id="gd_lr_bool",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr=0, n_steps=1),
        ValueError,
        "gradient_descent_path(): lr must be a finite number > 0, got 0.0",
        id="gd_lr_zero",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr=np.inf, n_steps=1),
        ValueError,
        "gradient_descent_path(): lr must be a finite number > 0, got inf",
        id="gd_lr_inf",
    ),
    pytest.param(
        lambda: GD(X3, y3, lr=0.1, n_steps=-2),
        ValueError,
        "gradient_descent_path(): n_steps must be >= 0, got -2",
        id="gd_steps",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=[np.zeros(1)]),
        ValueError,
        "gradient_descent_path(): init must be a pair (coef0, intercept0) with coef0 of shape (1,) and intercept0 a number (or None)",  # noqa: E501
        id="gd_init_pair",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=np.zeros(2)),
        ValueError,
        "gradient_descent_path(): init must be a pair (coef0, intercept0) with coef0 of shape (1,) and intercept0 a number (or None)",  # noqa: E501
        id="gd_init_pair_array",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=(np.zeros(2), 0.0)),
        ValueError,
        "gradient_descent_path(): init coef0 must have shape (1,), got (2,)",
        id="gd_init_coef",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=(np.zeros(1), [0.0])),
        ValueError,
        "gradient_descent_path(): init intercept0 must be a single number for 'logistic'",
        id="gd_init_int",
    ),
    pytest.param(
        lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=(np.zeros(1), np.nan)),
        ValueError,
        "gradient_descent_path(): init contains NaN or infinite values",
        id="gd_init_nan",
    ),
    pytest.param(
        lambda: GD(
            X3,
            y3,
            model="logistic",
            lr=0.1,
            n_steps=1,
            fit_intercept=False,
            init=(np.zeros(1), -1.0),
        ),
        ValueError,
        "gradient_descent_path(): init gives a non-zero intercept but fit_intercept=False",
        id="gd_init_noint",
    ),
    pytest.param(
        lambda: fit_logistic(X3, [object(), object(), object()]),
        TypeError,
        "fit_logistic(): class labels in y must be sortable: "
        "'<' not supported between instances of 'object' and 'object'",
        id="y_unsortable_objects",
    ),
]


# Issue 19, H1 and L5: a missing label is a missing label whatever container
# brings it. NumPy turns ['cat', np.nan] into the strings 'cat' and 'nan'
# (a class called 'nan' was fitted), pd.NA was called a mix of types or
# ambiguous, and pandas' "string" dtype holds pd.NA.
_PETS = ["cat", "dog", "cat", "dog", "bird", "bird"]
_MISSING_LABELS = {
    "list_nan": _PETS + [np.nan],
    "list_none": _PETS + [None],
    "list_float32_nan": _PETS + [np.float32("nan")],
    "list_pd_na": _PETS + [pd.NA],
    "list_nat": _PETS + [pd.NaT],
    "object_array_pd_na": np.array(_PETS + [pd.NA], dtype=object),
    "object_array_ints_pd_na": np.array([0, 1, 0, 1, 2, 2, pd.NA], dtype=object),
    "pandas_string_na": pd.array(_PETS + [None], dtype="string"),
    "series_string_na": pd.Series(_PETS + [None], dtype="string"),
}
_X7 = np.arange(7.0).reshape(-1, 1)
_FITS_BY_NAME = {
    "fit_logistic": fit_logistic,
    "fit_softmax": fit_softmax,
    "gradient_descent_path": lambda X, y: GD(X, y, lr=0.1, n_steps=1),
}
ERRORS += [
    pytest.param(
        lambda f=f, y=y: f(_X7, y),
        ValueError,
        f"{name}(): y contains missing labels (NaN or None)",
        id=f"{name}_{case}",
    )
    for name, f in _FITS_BY_NAME.items()
    for case, y in _MISSING_LABELS.items()
]


@pytest.mark.parametrize(("call", "exc", "message"), ERRORS)
def test_error_message_word_for_word(call, exc, message):
    # No RuntimeWarning on the way (an overflow while checking, say).
    with warnings.catch_warnings(), pytest.raises(exc) as info:
        warnings.simplefilter("error")
        call()
    assert type(info.value) is exc
    assert str(info.value) == message


SEPARATED = (
    "{}(): the data are perfectly separated (every point lies on the correct side of the "
    "current decision boundary), so no finite maximum-likelihood estimate exists: the "
    "coefficients would grow without bound. Returning the current iterate with "
    "converged=False; use l2 > 0 for a finite solution."
)
QUASI = (
    "{}(): some points are predicted with probability above 1 - 1e-8; the data may be "
    "quasi-separated, in which case some coefficients are not finite and the returned values "
    "only reflect when the iteration stopped. Consider l2 > 0."
)
NOT_CONVERGED = (
    "{}(): {}; the largest scaled gradient entry is 0.134 (tol=1e-10). If the coefficients "
    "are large the data may be quasi-separated (no finite estimate); try l2 > 0."
)
UNSTABLE = (
    "gradient_descent_path(): lr * l2 = {} >= 2, so gradient descent cannot converge: the "
    "penalty alone multiplies the coefficients by 1 - lr * l2 <= -1 at every step and they "
    "oscillate with growing amplitude. Stability needs lr * l2 < 2 (and lr * (l2 + largest "
    "curvature of the log-loss) < 2 to converge)."
)
OVERFLOW = (
    "gradient_descent_path(): the iterates overflowed float64 after step 256; the path stops "
    "there (257 of 1001 rows). Use a smaller lr."
)


@pytest.mark.parametrize(
    ("call", "func", "name"),
    [
        (
            lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=(["a"], 0.0)),
            "gradient_descent_path",
            "init coef0",
        ),
        (
            lambda: GD(X3, y3, model="logistic", lr=0.1, n_steps=1, init=(np.zeros(1), "a")),
            "gradient_descent_path",
            "init intercept0",
        ),
        (lambda: fit_softmax(X3, y3, init=([["a"], ["b"]], None)), "fit_softmax", "init coef0"),
        (
            lambda: fit_softmax(X3, y3, init=(np.zeros((2, 1)), "ab")),
            "fit_softmax",
            "init intercept0",
        ),
    ],
)
def test_init_type_errors_name_function_and_part(call, func, name):
    # The wording after the names is _validation.as_real_array's.
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value).startswith(f"{func}() expects real numbers")
    assert f"for {name!r}" in str(info.value)


def test_ragged_labels_name_the_function():
    # The rest of the message is NumPy's own, which varies between versions.
    with pytest.raises(TypeError) as info:
        fit_logistic(X3, [1, (1, 2), 1])
    assert str(info.value).startswith("fit_logistic(): y must be a flat sequence of class labels: ")


def _messages(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    assert all(w.category is ConvergenceWarning for w in caught)
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("fit", [fit_logistic, fit_softmax])
def test_fit_warnings_word_for_word(fit, monkeypatch):
    name = fit.__name__
    X4 = [[0.0], [1.0], [2.0], [3.0]]
    assert _messages(lambda: fit(X4, [0, 0, 1, 1])) == [SEPARATED.format(name)]
    assert _messages(lambda: fit([[0.0], [1.0], [1.0], [2.0]], [0, 0, 1, 1])) == [
        QUASI.format(name)
    ]
    assert _messages(lambda: fit(X4, [0, 1, 0, 1], max_iter=0)) == [
        NOT_CONVERGED.format(name, "no convergence in max_iter=0 Newton steps")
    ]
    monkeypatch.setattr(newton, "_MAX_HALVINGS", 0)
    assert _messages(lambda: fit(X4, [0, 1, 0, 1])) == [
        NOT_CONVERGED.format(
            name, "the line search could not decrease the loss (numerical limit reached)"
        )
    ]


@pytest.mark.parametrize("model", ["logistic", "softmax"])
def test_gradient_descent_warnings_word_for_word(model):
    def call():
        path = GD(X3, y3, model=model, lr=5.0, l2=1.0, n_steps=1000)
        assert path.loss.shape == (257,)

    assert _messages(call) == [UNSTABLE.format(5), OVERFLOW]
    assert _messages(lambda: GD(X3, y3, model=model, lr=2.5, l2=0.8, n_steps=3)) == [
        UNSTABLE.format(2)
    ]
    assert _messages(lambda: GD(X3, y3, model=model, lr=3.0, l2=1.0, n_steps=3)) == [
        UNSTABLE.format(3)
    ]
    # Cut at its last row (257 steps asked, overflow after step 256): still said.
    assert _messages(lambda: GD(X3, y3, model=model, lr=5.0, l2=1.0, n_steps=257)) == [
        UNSTABLE.format(5),
        OVERFLOW.replace("of 1001 rows", "of 258 rows"),
    ]
