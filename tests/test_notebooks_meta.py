"""Structural checks on every committed notebook (nbval checks the outputs' values).

For each ``notebooks/*.ipynb``: valid nbformat, executed in one fresh run
(execution counts 1..n), no error outputs, no ``metadata.widgets`` without
widget state (GitHub refuses to render those), ``# NBVAL_IGNORE_OUTPUT``
on exactly the cells that display a widget, a ``python3`` kernel. Each
lesson 01-07 ends with exercises that import its own
``logitlab.exercises.lessonNN`` module, committed unanswered. Lessons that
land later are covered automatically.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(
    p for p in NOTEBOOK_DIR.glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)
LESSON = re.compile(r"^(0[1-9]|[1-9][0-9])_")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IGNORE = "# NBVAL_IGNORE_OUTPUT"
LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"

pytestmark = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")


def _ids(paths):
    return [p.name for p in paths]


def _read(path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _displays_widget(cell) -> bool:
    return any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", []))


def _text(out) -> str:
    if out.output_type == "stream":
        return out.text
    return out.get("data", {}).get("text/plain", "")


@pytest.fixture(params=NOTEBOOKS, ids=_ids(NOTEBOOKS))
def notebook(request):
    return request.param, _read(request.param)


def test_valid_nbformat_v4(notebook):
    path, nb = notebook
    assert nb.nbformat == 4, path.name
    nbformat.validate(nb)


def test_kernel_is_python3(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path.name


def test_executed_once_in_order(notebook):
    path, nb = notebook
    counts = [c.execution_count for c in _code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts}; re-run it in a fresh kernel "
        "(make notebooks)"
    )


def test_no_error_outputs(notebook):
    path, nb = notebook
    for i, cell in enumerate(_code_cells(nb), 1):
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{path.name} code cell {i}: {out.get('ename')}"
            assert "Traceback (most recent call last)" not in _text(out), (
                f"{path.name} code cell {i} prints a traceback"
            )


def test_no_widget_metadata_without_state(notebook):
    path, nb = notebook
    widgets = nb.metadata.get("widgets")
    if widgets is None:
        return
    state = widgets.get(WIDGET_STATE, {}).get("state")
    assert state, f"{path.name}: metadata.widgets has no state; GitHub cannot render it"


def test_ignore_marker_exactly_on_widget_cells(notebook):
    path, nb = notebook
    for i, cell in enumerate(_code_cells(nb), 1):
        marked = cell.source.lstrip().startswith(IGNORE)
        assert IGNORE not in cell.source or marked, (
            f"{path.name} code cell {i}: {IGNORE} must be the first line"
        )
        if _displays_widget(cell):
            assert marked, f"{path.name} code cell {i} displays a widget without {IGNORE}"
        else:
            assert not marked, (
                f"{path.name} code cell {i} carries {IGNORE} but displays no widget: "
                "its output would go unchecked"
            )


def test_widget_cells_have_a_static_figure_before_them(notebook):
    path, nb = notebook
    cells = _code_cells(nb)
    for i, cell in enumerate(cells):
        if not _displays_widget(cell):
            continue
        assert i > 0, f"{path.name}: a widget is the first code cell"
        before = cells[i - 1]
        assert any(
            "image/png" in out.get("data", {}) for out in before.get("outputs", [])
        ), f"{path.name} code cell {i + 1}: the cell before a widget must show a static figure"


LESSONS = [p for p in NOTEBOOKS if LESSON.match(p.name)]


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_lesson_has_exercises_from_its_own_module(path):
    nb = _read(path)
    number = LESSON.match(path.name).group(1)
    headings = [
        line for c in nb.cells if c.cell_type == "markdown"
        for line in c.source.splitlines() if line.startswith("#")
    ]
    assert any("exercise" in h.lower() for h in headings), f"{path.name}: no Exercises heading"
    module = f"logitlab.exercises.lesson{number}"
    pattern = re.compile(
        rf"from\s+logitlab\.exercises\s+import\s+lesson{number}\b|import\s+{re.escape(module)}\b"
    )
    assert any(pattern.search(c.source) for c in _code_cells(nb)), (
        f"{path.name} does not import {module}"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_exercises_committed_unanswered(path):
    nb = _read(path)
    checks = [c for c in _code_cells(nb) if re.search(r"\.check\(", c.source)]
    assert checks, f"{path.name}: no exercise is checked"
    for cell in checks:
        text = "".join(_text(o) for o in cell.get("outputs", []))
        assert "Not answered yet" in text, (
            f"{path.name}: a check cell is committed answered or silent:\n{cell.source}"
        )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_question_quoted_with_attribution(path):
    """Lesson 01 quotes the question; any notebook naming its author attributes it fully."""
    text = "\n".join(c.source for c in _read(path).cells)
    if not (path.name.startswith("01_") or "RV1994" in text):
        return
    for needle in ("RV1994", "Anant Gupta", LICENCE, "233658"):
        assert needle in text, f"{path.name}: attribution lacks {needle}"


# The facts lessons 00-03 and 06 must show, as stored text output. nbval proves the
# stored outputs are what the code prints; this proves the code prints the
# right facts (the question's own numbers, independently known values).
REQUIRED_OUTPUT = {
    "00_start_here.ipynb": [
        "sigmoid(0.5 * 2)          = 0.7310585786300049",
        "the question's 0.73105858: True",
    ],
    "01_the_question.ipynb": [
        "AttributeError: module 'numpy' has no attribute 'float'",
        "0.6224593312018546, 0.3775406687981454, array([0.73105858, 0.26894142])",
        "same as the question's output: True",
        "(0.7310585786300049, 0.2689414213699951, array([0.73105858, 0.26894142]))",
        "same as the answer's output: True",
        "beta = b1 - b2 = 2.0",
        "sigmoid(x*(b1 - b2))    = 0.7310585786300049",
        "ratio: 2.000000000000",
        "both equal scipy.special.softmax([x*b1, x*b2]) to 1e-15: True",
        "after snap:               beta = 2.0, curves match: True",
    ],
    "02_sigmoid_is_two_class_softmax.ipynb": [
        # Measured on lesson 02's grid only (tests/test_lessons_01_03.py bounds them
        # against mpmath); the sigmoid's accuracy is stated once, in lesson 06.
        "logitlab softmax([z1, z2])[0]: largest error on this grid 1.31 ulp",
        "logitlab sigmoid(z1 - z2)    : largest error on this grid 1.31 ulp",
        "scipy softmax([z1, z2])[0]   : largest error on this grid 1.43 ulp",
        "scipy expit(z1 - z2)         : largest error on this grid 1.31 ulp",
        "answer's sigmoid0(x*b) = sigma(-x*b) = 0.7310585786300049  -> P(class 1)",
        "sigmoid reports class 2: gamma = -2.0",
        "positive class 2: snapped coefficient (gamma) = -2.0, curves match: True",
        "logistic [intercept, slope] = [-1.5, 1.4]",
        "agree to 1e-15: True",
    ],
    "06_numerical_stability.ipynb": [
        "1 - sigmoid(-z) is exactly 0 for z <= -36.736801 with naive_sigmoid",
        "1 - sigmoid(-z) is exactly 0 for z <= -37.429948 with correctly rounded",
        "log(2**-53) = -36.736801, log(2**-54) = -37.429948",
        "largest x with a finite exp(x): 709.782712893384",
        # The accuracy plot's subnormal panel (issue 9, section 3): against mpmath.
        "subnormal band: 140 inputs; relative error 1 (a 0 returned) at "
        "naive 1/(1+exp(-z)) 135, scipy expit 135, logitlab.sigmoid 0",
        "logitlab.sigmoid in the band: off by at most 0.50 gaps between subnormals",
        # The one statement of the sigmoid's accuracy in the series (README and the
        # other lessons link here): the worst of 130,000 points against mpmath.
        "all 130,000 points: logitlab.sigmoid is within 2.07 ulp",
    ],
    "03_one_beta_many_softmaxes.ipynb": [
        "c =   100.0: softmax = [0.7310585786300049, 0.2689414213699951]",
        "largest change over 41 inputs below 1e-15: True",
        "logistic fit on labels 0/1: gamma_hat = -0.64715145 (= b2 - b1), "
        "so beta_hat = b1 - b2 = 0.64715145",
        "beta1 - beta2 = 0.64715145 equals beta_hat to 1e-6: True",
        "ref. class 1 ( 0.0, -2.0): beta = 2.0, P(class 1 | x = 0.5) = 0.7310585786300049",
        "free         ( 3.7,  1.7): beta = 2.0, P(class 1 | x = 0.5) = 0.7310585786300049",
        "smallest penalty on the line at c = -1.000",
        "c =  5.0: shifted point (6.0, 4.0), loss 0.761511321017 (SciPy 0.761511321017), "
        "curve moved by < 1e-15: True",
    ],
}
CHECKED = [NOTEBOOK_DIR / name for name in REQUIRED_OUTPUT if (NOTEBOOK_DIR / name).exists()]


@pytest.mark.parametrize("path", CHECKED, ids=_ids(CHECKED))
def test_lesson_shows_its_facts(path):
    nb = _read(path)
    text = "\n".join(_text(o) for c in _code_cells(nb) for o in c.get("outputs", []))
    missing = [line for line in REQUIRED_OUTPUT[path.name] if line not in text]
    assert not missing, f"{path.name} no longer prints: {missing}"
    if path.name not in ("00_start_here.ipynb", "06_numerical_stability.ipynb"):
        # A wrong result must never be printed as if checked.
        assert ": False" not in text.replace("curves match: False", "")


def test_lesson06_facts_are_true():
    """The thresholds lesson 06 must print are where 1 - sigmoid(-z) reaches 0, by hand."""
    import math

    facts = REQUIRED_OUTPUT["06_numerical_stability.ipynb"]
    # 1 - p rounds to 0 once p = 1 - e^z is within half a gap (2**-53) of 1:
    # e^z <= 2**-53 with the naive formula's rounding, 2**-54 correctly rounded.
    naive, rounded = f"{math.log(2.0**-53):.6f}", f"{math.log(2.0**-54):.6f}"
    assert f"exactly 0 for z <= {naive} with naive_sigmoid" in facts[0]
    assert f"exactly 0 for z <= {rounded} with correctly rounded" in facts[1]
    largest = math.log(float.fromhex("0x1.fffffffffffffp+1023"))  # log of the largest float
    assert f"largest x with a finite exp(x): {largest!r}" in facts


_ACCURACY = re.compile(r"within\W{0,3}\d+(?:\.\d+)?\W{0,3}ulps?|\b2\.04\b", re.I)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_the_sigmoids_accuracy_is_stated_in_lesson_06_only(path):
    """One number for logitlab.sigmoid's accuracy (2.07 ulp, lesson 06); others link there."""
    if path.name.startswith("06_"):
        return
    nb = _read(path)
    shown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    shown += [_text(o) for c in _code_cells(nb) for o in c.get("outputs", [])]
    found = [m.group(0) for text in shown for m in _ACCURACY.finditer(text)]
    assert not found, f"{path.name} states an accuracy of its own: {found}; link lesson 06"


def test_the_readme_links_lesson_06_for_the_sigmoids_accuracy():
    readme = (NOTEBOOK_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert not _ACCURACY.search(readme), _ACCURACY.search(readme).group(0)
    assert "(notebooks/06_numerical_stability.ipynb)" in readme


def test_loss_along_the_valley_is_flat():
    """Lesson 03's loss values on the valley floor (statsmodels' point among them) are equal."""
    path = NOTEBOOK_DIR / "03_one_beta_many_softmaxes.ipynb"
    if not path.exists():
        pytest.skip("lesson 03 not written yet")
    text = "\n".join(_text(o) for c in _code_cells(_read(path)) for o in c.get("outputs", []))
    losses = re.findall(r"^loss at .* = (\S+)$", text, flags=re.M)
    assert len(losses) == 5 and len(set(losses)) == 1, losses
    told = re.findall(r"^statsmodels: -llf / n = (\S+)$", text, flags=re.M)
    assert told == losses[:1], (told, losses)


# The one class convention of the series (issue 9), word for word in every
# notebook, near the top, so no lesson can drift from the others.
CONVENTION_CARD = "\n".join([
    r"> **The convention of the whole series.** Class $k$ is softmax entry `[k-1]` (Python",
    r"> counts from 0), coefficient row `k-1`, and, on data, the $k$-th label in sorted",
    r"> order: on labels 0/1, label 0 is class 1 and label 1 is class 2. $\beta_1$ belongs to",
    r"> class 1 and $\beta_2$ to class 2, as in the question, and $\beta = \beta_1 - \beta_2$:",
    r"> the question's $\sigma(x\beta)$ is $P(\text{class } 1)$, where the sigmoid is",
    r"> $\sigma(z) = 1/(1 + e^{-z})$. Logistic regression on labels 0/1 in statsmodels, R's",
    r"> `glm`, Stata and scikit-learn reports $P(\text{label } 1) = P(\text{class } 2) =",
    r"> \sigma(x\gamma)$ with $\gamma = \beta_2 - \beta_1 = -\beta$: the accepted answer's sign.",
    r"> Not every tool sorts alike: SAS PROC LOGISTIC models $P(Y = 0)$ by default, R sorts",
    r'> labels stored as text as strings ("10" before "9"), and PyTorch does not sort at all',
    r"> (class $k$ is the index you feed).",
])
# Issue 16 item 6 changed the card (PyTorch does not sort, R sorts text as strings, SAS
# models P(Y = 0)).


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_convention_card_near_the_top(path):
    cells = _read(path).cells
    sources = [c.source.strip() for c in cells]
    assert CONVENTION_CARD in sources, f"{path.name}: no convention card (or it was changed)"
    assert sources.index(CONVENTION_CARD) <= 2, f"{path.name}: the card is not near the top"
    if path.name[:2] != "00":
        # Lessons 01-08: the title, the symbol box, then the card.
        assert sources.index(CONVENTION_CARD) == 2, f"{path.name}: the card is not cell 2"
        assert cells[2].cell_type == "markdown"


# Sentences the convention forbids (issue 9): each one names a class by a
# label or a row the card gives to another class.
CONTRADICTIONS = [
    "class 1 = GRADE 1", "our class 2", "`MNLogit`, R, Stata",
    "row 1 (beta1)", "row 0 (beta2)", "1 = class 1", "stands on its own", "no accident",
    "to the last bit", "Stata's published values",
]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_no_sentence_contradicts_the_convention(path):
    nb = _read(path)
    text = " ".join("\n".join(c.source for c in nb.cells if not _constructs_explorer(c)).split())
    found = [s for s in CONTRADICTIONS if s in text]
    assert not found, f"{path.name} still says {found}"


def _constructs_explorer(cell) -> bool:
    # Explorer cells belong to the widget code; their wording is tested there.
    return cell.cell_type == "code" and re.search(
        r"(Curve|Valley|Path|Stability|Regions)Explorer\(", cell.source) is not None


# -- links between lessons (issue 11: renumbered lessons keep every link true) --
LINK = re.compile(r"\]\(([^)\s]+?\.ipynb)(#[^)]*)?\)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_every_link_to_a_notebook_resolves(path):
    text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
    for target, _ in LINK.findall(text):
        assert (path.parent / target).is_file(), f"{path.name} links to missing {target}"


def test_each_lesson_links_next_to_the_following_one():
    numbered = [p for p in NOTEBOOKS if re.match(r"^\d\d_", p.name)]
    assert [p.name[:2] for p in numbered] == [f"{i:02d}" for i in range(len(numbered))], (
        "lesson numbers have a gap or a duplicate"
    )
    for here, following in zip(numbered[1:], numbered[2:], strict=False):
        text = "\n".join(c.source for c in _read(here).cells if c.cell_type == "markdown")
        nexts = [line for line in text.splitlines() if line.startswith("**Next:**")]
        assert nexts, f"{here.name} has no **Next:** link"
        assert f"({following.name})" in nexts[-1], (
            f"{here.name}'s Next link is not {following.name}"
        )
    start = "\n".join(c.source for c in _read(numbered[0]).cells)
    for p in numbered[1:]:
        assert f"({p.name})" in start, f"00 does not list {p.name}"


def test_readme_lists_every_lesson():
    readme = (NOTEBOOK_DIR.parent / "README.md").read_text(encoding="utf-8")
    for p in NOTEBOOKS:
        if re.match(r"^\d\d_", p.name):
            assert f"`{p.stem}`" in readme, f"README's lesson table lacks {p.stem}"


# -- motion for readers without a kernel (issue 10) --------------------------------
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
ANIMATION_BUDGET = 600_000
FOLDER_BUDGET = 10_000_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_markdown_images_resolve(path):
    text = "\n".join(c.source for c in _read(path).cells if c.cell_type == "markdown")
    for target in IMAGE.findall(text):
        if not target.startswith(("http://", "https://", "attachment:")):
            assert (path.parent / target).is_file(), f"{path.name} shows missing {target}"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_each_explorer_has_an_animation_beside_it(path):
    """A lesson with a live explorer stores its key sweep as an animated PNG under 600 kB."""
    from PIL import Image

    nb = _read(path)
    if not any(c.source.startswith(IGNORE) for c in _code_cells(nb)):
        return
    made = [m for c in _code_cells(nb) for m in re.findall(r'\.animate\(\s*"([^"]+)"', c.source)]
    assert made, f"{path.name}: an explorer without an animation for static readers"
    shown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for name in made:
        file = path.parent / name
        assert f"]({name})" in shown, f"{path.name} writes {name} but never shows it"
        assert file.is_file(), f"{name} not written: run make notebooks"
        assert file.stat().st_size < ANIMATION_BUDGET, f"{name}: {file.stat().st_size} bytes"
        with Image.open(file) as im:
            assert im.format == "PNG" and getattr(im, "is_animated", False), name
            assert im.n_frames >= 10, f"{name}: only {im.n_frames} frames"


def test_notebooks_folder_under_budget():
    total = sum(p.stat().st_size for p in NOTEBOOK_DIR.rglob("*") if p.is_file()
                and ".ipynb_checkpoints" not in p.parts)
    assert total < FOLDER_BUDGET, f"notebooks/ holds {total / 1e6:.1f} MB"


@pytest.mark.parametrize("path", LESSONS, ids=_ids(LESSONS))
def test_each_explorer_comes_after_a_prediction(path):
    """Predict, observe, explain (issue 10): a checked prediction precedes every live explorer."""
    cells = _code_cells(_read(path))
    asked = [i for i, c in enumerate(cells) if re.search(r"ex\.predict_\w+\.check\(", c.source)]
    for i, cell in enumerate(cells):
        if cell.source.startswith(IGNORE):
            assert any(a < i for a in asked), (
                f"{path.name} code cell {i + 1}: an explorer with no prediction asked before it"
            )
