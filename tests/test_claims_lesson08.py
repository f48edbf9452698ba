"""Lesson 08's sentences about what other packages do, each with its source (issue 16).

The lesson runs no deep-learning framework (none is installed), so every
sentence it writes about PyTorch, Keras or TensorFlow must rest on that
package's own documentation (or, where the documentation is silent, its
source file): each claim below names the sentence in the lesson (an
*anchor*, matched with spaces and blockquote marks ignored), the address of
the documentation, and the sentence quoted from it. The numbers those
sentences lead to (the loss of 100, the cap of 15.94, the zero gradients)
are recomputed in tests/test_lesson08_practitioners.py from the rules quoted
here, written out in NumPy.

The tests fail when a claim's anchor is no longer in the lesson (the claim
went stale), when a paragraph of the lesson names a framework without any
cited claim and without a reason to be exempt, and when the lesson's NumPy
version of a documented rule drifts from the quoted constant.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "08_one_logit_or_two.ipynb"


@dataclass(frozen=True)
class Claim:
    anchor: str     # words of the lesson's sentence
    url: str        # the package's documentation (or source) page
    quote: str      # the sentence there that supports it


CLAIMS = [
    Claim("calls that *more numerically stable* than a sigmoid layer followed by `BCELoss`",
          "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",
          "This version is more numerically stable than using a plain Sigmoid followed by a "
          "BCELoss as, by combining the operations into one layer, we take advantage of the "
          "log-sum-exp trick for numerical stability."),
    Claim("`torch.nn.CrossEntropyLoss` expects unnormalised logits, one per class",
          "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
          "The input is expected to contain the unnormalized logits for each class (which do "
          "not need to be positive or sum to 1, in general)."),
    Claim("it is `LogSoftmax` followed by `NLLLoss`",
          "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
          "Note that this case is equivalent to applying LogSoftmax on an input, followed by "
          "NLLLoss."),
    Claim("PyTorch does not sort at all (class $k$ is the index you feed)",
          "https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
          "Class indices in the range [0, C) where C is the number of classes"),
    Claim("the documentation recommends `from_logits=True` with a layer that outputs logits",
          "https://www.tensorflow.org/api_docs/python/tf/keras/losses/BinaryCrossentropy",
          "y_pred (predicted value): This is the model's prediction, i.e, a single "
          "floating-point value which either represents a logit, (i.e, value in [-inf, inf] "
          "when from_logits=True) or a probability (i.e, value in [0., 1.] when "
          "from_logits=False). Recommended Usage: (set from_logits=True)"),
    Claim("The frameworks compute in float32 by default",
          "https://pytorch.org/docs/stable/generated/torch.set_default_dtype.html",
          "When PyTorch is initialized its default floating point dtype is torch.float32"),
    Claim("PyTorch's `BCELoss` documents that it clamps its log outputs at $\\ge -100$",
          "https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html",
          "Our solution is that BCELoss clamps its log function outputs to be greater than or "
          "equal to -100. This way, we can always have a finite loss value and a linear "
          "backward method."),
    Claim("clips the probability to $[10^{-7}, 1 - 10^{-7}]$ before the log",
          "https://github.com/keras-team/keras/blob/master/keras/src/backend/tensorflow/nn.py",
          "output = tf.clip_by_value(output, backend.epsilon(), 1.0 - backend.epsilon())"),
    Claim("its fuzz factor `keras.config.epsilon()` is $10^{-7}$",
          "https://www.tensorflow.org/api_docs/python/tf/keras/backend/epsilon",
          "Return the value of the fuzz factor used in numeric expressions. "
          "keras.config.epsilon() 1e-07"),
    Claim("a sigmoid layer's output carries the logits it came from, and `binary_crossentropy` "
          "uses them",
          "https://github.com/keras-team/keras/blob/master/keras/src/backend/tensorflow/nn.py",
          "output._keras_logits = logits  [in sigmoid]; \"Retrieves logits tensor from "
          "maybe-softmax or maybe-sigmoid tensor.\" [_get_logits, called by "
          "binary_crossentropy]"),
    Claim("(`autocast`) refuses `BCELoss` outright",
          "https://pytorch.org/docs/stable/amp.html",
          "Therefore, binary_cross_entropy and BCELoss raise an error in autocast-enabled "
          "regions."),
    Claim("as `torch.optim.SGD` with `momentum=0.9`",
          "https://pytorch.org/docs/stable/generated/torch.optim.SGD.html",
          "The implementation of SGD with Momentum/Nesterov subtly differs from Sutskever et. "
          "al. and implementations in some other frameworks."),
    Claim("the weight decay accumulates in neither the momentum nor the variance",
          "https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html",
          "Implements AdamW algorithm, where weight decay does not accumulate in the momentum "
          "nor variance."),
]

# Paragraphs that name a framework only to say which API a later, cited sentence is about.
EXEMPT = {
    "In this lesson you will": "the lesson's preview; each point is cited where it is made",
    "find where the formulas break in **float32**": "preview of the float32 section (cited there)",
    "**two outputs** $[z_1, z_2]$": "names the loss (CrossEntropyLoss), cited below",
    "**one output** $z$ with the sigmoid loss": "names the loss (BCEWithLogitsLoss), cited below",
    "What the frameworks' documentation says": "heading of the cited list",
    "Here are the four that `logitlab.fitting.gradient_descent_path`":
        "the optimisers' names; their rules are cited (SGD, AdamW)",
    "$z \\approx 16.64$ (float64: 36.74)": "the summary repeats cited sentences",
}

FRAMEWORK = re.compile(r"torch|PyTorch|Keras|TensorFlow|autocast|BCELoss|framework", re.I)


def _flat(text: str) -> str:
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)        # blockquote marks
    return " ".join(text.split())


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    out = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            out += [_flat(p) for p in re.split(r"\n\s*\n|\n- ", "".join(cell["source"]))]
    return [p for p in out if p]


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.anchor[:40])
def test_each_claim_is_in_the_lesson(claim, paragraphs):
    assert any(_flat(claim.anchor) in p for p in paragraphs), (
        f"the lesson no longer says {claim.anchor!r}: drop or update the claim")


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.anchor[:40])
def test_each_claim_cites_its_package(claim):
    assert re.match(r"https://(pytorch\.org/docs|www\.tensorflow\.org/api_docs|"
                    r"github\.com/keras-team/keras/blob)/", claim.url), claim.url
    assert len(claim.quote.split()) >= 5, "quote the sentence, not a word"


def test_every_framework_paragraph_is_cited_or_exempt(paragraphs):
    anchors = [_flat(c.anchor) for c in CLAIMS]
    loose = [p for p in paragraphs if FRAMEWORK.search(p)
             and not any(a in p for a in anchors)
             and not any(_flat(e) in p for e in EXEMPT)]
    assert not loose, "a sentence about a framework without a cited claim:\n" + "\n".join(
        p[:200] for p in loose)


def test_every_exemption_is_still_needed(paragraphs):
    for start in EXEMPT:
        assert any(_flat(start) in p for p in paragraphs), f"stale exemption {start!r}"


def test_the_lesson_follows_the_quoted_constants():
    """The NumPy versions in the lesson use the documented -100 and 1e-7."""
    code = "\n".join("".join(c["source"]) for c in json.loads(
        NOTEBOOK.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    bce = re.search(r"def loss_bceloss\(z\):.*?return (.*?)\n", code, flags=re.S)
    assert bce and "np.maximum(np.log(1 - sigmoid_formula(z)), -100)" in bce.group(1)
    keras = re.search(r"def loss_keras_clip\(z\):.*?np\.clip\((.*?)\)\n", code, flags=re.S)
    assert keras and "1e-7" in keras.group(1) and "1 - 1e-7" in keras.group(1)
    assert re.search(r"lo, hi = p\.dtype\.type\(1e-7\), p\.dtype\.type\(1 - 1e-7\)", code)
    assert not re.search(r"^\s*(import|from)\s+(torch|tensorflow|keras|jax)\b", code, re.M)
