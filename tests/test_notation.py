"""One symbol, one meaning (issue 17): the notation table against the lessons and explorers.

Three checks:

- each lesson 01-08 opens with its symbol box: the cell right after the
  title cell (index 1) is exactly ``notation.symbol_box(N)``;
- every symbol of the table is used: listed by some lesson, and written in
  the markdown of each lesson that lists it (outside the box);
- an explorer never labels a value with a table symbol that means something
  else there: every ``<symbol> = <number>`` an explorer prints (titles, axis
  labels, legends, texts, slider names, status line; fresh and after each
  slider moves) is recomputed from the table's meaning by an independent
  oracle (statsmodels for fitted values, a hand-written gradient descent
  for paths) and must agree to the printed digits. A symbol printed with a
  value but without an oracle for that explorer fails too: the table's
  meaning has no such quantity there.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

from logitlab import notation

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def _notebook(lesson: int) -> Path:
    found = sorted(NOTEBOOKS.glob(f"{lesson:02d}_*.ipynb"))
    assert len(found) == 1, f"no single notebook for lesson {lesson:02d}: {found}"
    return found[0]


def _cells(lesson: int) -> list[dict]:
    return json.loads(_notebook(lesson).read_text())["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


# -- the symbol box ---------------------------------------------------------

@pytest.mark.parametrize("lesson", range(1, 9))
def test_lesson_opens_with_its_symbol_box(lesson):
    cells = _cells(lesson)
    box = cells[1]
    assert box["cell_type"] == "markdown", f"lesson {lesson:02d}: cell 1 is not markdown"
    assert _source(box).strip() == notation.symbol_box(lesson), (
        f"lesson {lesson:02d}: the cell after the title is not notation.symbol_box({lesson})"
    )


def test_symbol_box_lists_exactly_the_lessons_rows():
    box = notation.symbol_box(4)
    rows = [line for line in box.splitlines() if line.startswith("| $")]
    listed = [s for s in notation.SYMBOLS if 4 in s.lessons]
    assert len(rows) == len(listed) and all(
        row.startswith(f"| {s.markdown} |") for row, s in zip(rows, listed, strict=True))
    assert box.splitlines()[0] == notation.BOX_HEADING


@pytest.mark.parametrize("bad", [0, 9, -1, 2.0, True, "3", None])
def test_symbol_box_refuses_a_lesson_that_is_not_one(bad):
    with pytest.raises(ValueError, match=r"^symbol_box\(\): lesson must be an integer"):
        notation.symbol_box(bad)


def test_table_rows_are_well_formed():
    names = [s.name for s in notation.SYMBOLS]
    assert len(set(names)) == len(names), "two rows share a name"
    texts = [s.text for s in notation.SYMBOLS]
    assert len(set(texts)) == len(texts), "two rows print the same Unicode form"
    for s in notation.SYMBOLS:
        assert s.markdown.startswith("$") and s.markdown.endswith("$"), s
        assert s.lessons, f"{s.name}: no lesson lists it (a symbol no lesson uses)"
        assert s.introduced == min(s.lessons), f"{s.name}: introduced is not its first lesson"


def test_the_decided_meanings():
    """The lead's decisions (COMMON.md), word for word where they matter."""
    by = {s.name: s for s in notation.SYMBOLS}
    assert r"\beta_1 - \beta_2" in by["beta"].meaning
    assert "fitted value of" in by["beta_hat"].meaning and r"\beta_1 -" in by["beta_hat"].meaning
    assert r"\beta_2 - \beta_1" in by["gamma"].meaning
    assert r"\hat\gamma = -\hat\beta" in by["gamma_hat"].meaning
    assert "a_1 - a_2" in by["a"].meaning
    assert r"\frac{\lambda}{2}" in by["lambda"].meaning and "mean loss" in by["lambda"].meaning


# -- every symbol used where it is listed -------------------------------------

_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_TEXT = re.compile(r"\\(?:text|mathrm|operatorname)\{[^}]*\}")


def _math_of(lesson: int) -> str:
    """The lesson's markdown math, box excluded, \\text{...} removed."""
    parts = []
    for cell in _cells(lesson):
        src = _source(cell)
        if cell["cell_type"] != "markdown" or src.startswith(notation.BOX_HEADING):
            continue
        parts += [a or b for a, b in _MATH.findall(src)]
    return _TEXT.sub(" ", "\n".join(parts))


def _pattern(symbol: notation.Symbol) -> re.Pattern:
    core = symbol.markdown.strip("$")
    generic = re.fullmatch(r"(.+?)_\{?[a-z]+\}?", core)  # z_k, p_k, \ell_i: any subscript
    base = generic.group(1) if generic else core
    after = r"(?![A-Za-z])" if generic else r"(?![A-Za-z_])"
    before = r"(?<![A-Za-z\\])" if base[0].isalpha() else r"(?<!\\hat)(?<!\\hat\{)"
    return re.compile(before + re.escape(base) + after)


USED = [(s, k) for s in notation.SYMBOLS for k in s.lessons]


@pytest.mark.parametrize(("symbol", "lesson"), [
    pytest.param(s, k, id=f"{s.name}-{k:02d}") for s, k in USED
])
def test_listed_symbol_is_written_in_the_lesson(symbol, lesson):
    assert _pattern(symbol).search(_math_of(lesson)), (
        f"lesson {lesson:02d} lists {symbol.markdown} in its box but never writes it"
    )


# -- explorers label values with the table's meanings -------------------------

_MATHTEXT = [(r"\hat\beta", "β̂"), (r"\hat{\beta}", "β̂"), (r"\hat\gamma", "γ̂"),
             (r"\beta_1", "β₁"), (r"\beta_2", "β₂"), (r"\beta", "β"), (r"\gamma", "γ"),
             (r"\lambda", "λ"), (r"\sigma", "σ"), (r"\eta", "η"), (r"\theta", "θ"), ("$", "")]
_NUMBER = r"([+\-−]?\d+(?:\.\d+)?(?:e[+\-−]?\d+)?)"
# A symbol is a label when it stands alone (not inside σ(xβ) or β₂ − β₁), may be
# followed by "of y" and the like, then "=", maybe another label and "=", then a number.
_BEFORE_BAD = set("−-+/·*×^_") | set("₀₁₂₃₄₅₆₇₈₉")


def _plain(text: str) -> str:
    for tex, uni in _MATHTEXT:
        text = text.replace(tex, uni)
    return re.sub(r"<[^>]+>", " ", html.unescape(text))


def texts_of(explorer) -> list[str]:
    """Every text an explorer shows: titles, labels, legends, texts, sliders, status."""
    out = []
    for ax in explorer.figure.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            out += [t.get_text() for t in legend.get_texts()]
    out += [t.get_text() for t in explorer.figure.texts]
    out += [getattr(s, "description", "") for s in explorer.sliders.values()]
    out.append(explorer.status.value)
    return [_plain(t) for t in out if t]


def labelled_values(text: str) -> list[tuple[str, float, int]]:
    """(symbol name, printed value, decimals) for each table symbol labelling a number.

    >>> labelled_values("β₂ − β₁ = +1.47 (logistic β̂ of y = +1.47)")
    [('beta_hat', 1.47, 2)]
    """
    found = []
    for s in sorted(notation.SYMBOLS, key=lambda s: -len(s.text)):
        sym = re.escape(s.text)
        pattern = (sym + r"(?![\u0300-\u036f\u2080-\u209fA-Za-z0-9(])"
                   r"(?:\s+of\s+\w+)?\s*=\s*(?:[^\s=,;]{1,3}\s*=\s*)?" + _NUMBER)
        for m in re.finditer(pattern, text):
            before = text[: m.start()].rstrip()
            prev = text[m.start() - 1] if m.start() else " "
            if prev.isalnum() or (before and before[-1] in _BEFORE_BAD) or prev == "\u0302":
                continue
            if re.search(r"(?:^|\s)of$", before):
                continue  # "β̂ of y = 1.47": y is part of β̂'s label
            number = m.group(1).replace("−", "-")
            decimals = len(number.split(".")[1].split("e")[0]) if "." in number else 0
            found.append((s.name, float(number), decimals))
    return found


def _gd(x, y, start, lr, n_steps):
    """Two-class softmax without intercepts, gradient descent written out in NumPy."""
    b1, b2 = start
    for _ in range(n_steps):
        g2 = np.mean((1.0 / (1.0 + np.exp(-(b2 - b1) * x)) - y) * x)
        b1, b2 = b1 + lr * g2, b2 - lr * g2
    return b1, b2


def _logit(x, y):
    import statsmodels.api as sm

    return float(sm.Logit(y, np.asarray(x, dtype=float)[:, None]).fit(disp=0).params[0])


def _curve_oracles(ex):
    v = {k: s.value for k, s in ex.sliders.items()}
    return {"beta": v["beta"], "beta_1": v["beta1"], "beta_2": v["beta2"], "x": v["x"]}


def _valley_oracles(ex):
    from logitlab.datasets import ten_points

    v = {k: s.value for k, s in ex.sliders.items()}
    gamma_hat = _logit(*ten_points())
    return {"beta_1": v["beta1"], "beta_2": v["beta2"], "c": v["c"],
            "beta": v["beta1"] - v["beta2"], "beta_hat": -gamma_hat, "gamma_hat": gamma_hat}


def _path_oracles(ex):
    v = {k: s.value for k, s in ex.sliders.items()}
    end = _gd(ex.x, ex.y, (v["beta1"], v["beta2"]), v["lr"], int(v["steps"]))
    gamma_hat = _logit(ex.x, ex.y)
    return {"beta_1": end[0], "beta_2": end[1], "beta_hat": -gamma_hat,
            "gamma_hat": gamma_hat, "lambda": v["l2"]}


EXPLORERS = {
    # name: (lesson, oracles, sliders moved; l2 kept at 0 so that beta_hat is the MLE)
    "CurveExplorer": (1, _curve_oracles, ("beta", "beta1", "beta2", "x")),
    "ValleyExplorer": (3, _valley_oracles, ("beta1", "beta2", "c")),
    "PathExplorer": (5, _path_oracles, ("beta1", "beta2", "steps")),
    "StabilityExplorer": (6, lambda ex: {"s": ex.sliders["scale"].value,
                                         "c": ex.sliders["shift"].value}, ("scale", "shift")),
    "RegionsExplorer": (7, lambda ex: {}, ("a", "w1", "w2")),
    "RandomUtilityExplorer": (8, lambda ex: {}, ("z1", "z2")),
}


def _states(explorer, moved):
    """The explorer fresh, then after each named slider moves to two other values."""
    yield "fresh"
    for name in moved:
        slider = explorer.sliders[name]
        for frac in (0.3, 0.8):
            value = slider.min + frac * (slider.max - slider.min)
            slider.value = type(slider.value)(round(value / slider.step) * slider.step)
            yield f"{name} = {slider.value}"


def _mislabels(explorer, oracles, moved) -> list[str]:
    wrong = []
    for state in _states(explorer, moved):
        truth = oracles(explorer)
        for text in texts_of(explorer):
            for name, value, decimals in labelled_values(text):
                if name == "y" and value in (0.0, 1.0):
                    continue  # "y = 0" names a label, in every explorer
                if name not in truth:
                    wrong.append(f"[{state}] labels {name} = {value}, a quantity the table's "
                                 f"{name} does not name here: {text!r}")
                elif abs(value - truth[name]) > 0.5 * 10.0 ** -decimals + 1e-9:
                    wrong.append(f"[{state}] prints {name} = {value}, but the table's {name} "
                                 f"is {truth[name]:.6g} here: {text!r}")
    return wrong


@pytest.mark.parametrize("name", list(EXPLORERS))
def test_explorer_labels_mean_what_the_table_says(name):
    import logitlab.widgets as widgets

    _, oracles, moved = EXPLORERS[name]
    with getattr(widgets, name)() as explorer:
        wrong = _mislabels(explorer, oracles, moved)
    assert not wrong, "\n".join(wrong[:8])


def test_the_label_check_catches_a_sign_flip():
    """The checker itself: β̂ printed next to a β₂ − β₁ value is caught."""
    from logitlab.datasets import ten_points

    gamma_hat = _logit(*ten_points())
    bad = labelled_values(f"valley floor β₂ − β₁ = β̂ = {gamma_hat:.3f}")
    assert bad == [("beta_hat", round(gamma_hat, 3), 3)]
    good = labelled_values(f"floor β₁ − β₂ = β̂ = {-gamma_hat:.3f}; σ(xβ) = 0.5, xβ₁ = 3")
    assert good == [("beta_hat", round(-gamma_hat, 3), 3)]
    assert labelled_values("logistic β̂ of y = 1.5") == [("beta_hat", 1.5, 1)]
    assert sorted(labelled_values("(β = 1.00) at x = 0.50: β₁ = +2.0128")) == [
        ("beta", 1.0, 2), ("beta_1", 2.0128, 4), ("x", 0.5, 2)]


def test_lesson_00_shows_the_current_table_and_glossary():
    """00 renders the table and glossary from the package: its stored output must be current."""
    cells = {c.get("id"): c for c in _cells(0)}
    for cell_id, render in (("notation-table", notation.notation_table),
                            ("glossary-table", notation.glossary_table)):
        outputs = cells[cell_id]["outputs"]
        shown = "".join(outputs[0]["data"]["text/markdown"])
        assert shown == render(), (
            f"00's {cell_id} output is stale: re-execute notebooks/00_start_here.ipynb "
            "after editing logitlab/notation.py")
