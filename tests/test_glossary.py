"""Every term defined before it is used (issue 17).

For each glossary term (and its aliases) of :mod:`logitlab.notation`, its
first occurrence in reading order (lessons 00, 01, ..., 08; markdown with
code spans and fenced code removed, and the comments of code cells) must be
at or after its definition (the first occurrence inside the section the
glossary names), or its cell must carry a forward link: "defined in lesson
NN" or a Markdown link to the defining notebook. The symbol boxes are
reference tables and are not read.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

from logitlab import notation

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.M)


def _notebook(lesson: int) -> Path:
    found = sorted(NOTEBOOKS.glob(f"{lesson:02d}_*.ipynb"))
    assert len(found) == 1, f"no single notebook for lesson {lesson:02d}"
    return found[0]


def _comments(code: str) -> str:
    try:
        tokens = tokenize.generate_tokens(io.StringIO(code).readline)
        return "\n".join(t.string for t in tokens if t.type == tokenize.COMMENT)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return "\n".join(re.findall(r"#.*$", code, flags=re.M))


def _prose(markdown: str) -> str:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)   # quoted code
    text = re.sub(r"`[^`]*`", " ", text)                        # code spans
    return re.sub(r"\]\([^)]*\)", "]", text)                    # link targets


def reading_order() -> list[tuple[int, int, str, str]]:
    """(lesson, cell index, text read, raw source) for every cell, in reading order."""
    cells = []
    for lesson in notation.LESSONS:
        nb = json.loads(_notebook(lesson).read_text())
        for i, cell in enumerate(nb["cells"]):
            src = "".join(cell["source"])
            if src.startswith(notation.BOX_HEADING):
                continue
            text = _prose(src) if cell["cell_type"] == "markdown" else _comments(src)
            cells.append((lesson, i, " ".join(text.split()), src))
    return cells


CELLS = reading_order()


def _matcher(term: notation.Term) -> re.Pattern:
    words = [term.term, *term.aliases]
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w])", re.I)


def _section_cells(lesson: int, section: str) -> list[int]:
    """Indices of the cells in `section` of `lesson`: from its heading to the next one."""
    nb = json.loads(_notebook(lesson).read_text())
    inside, level, found = False, 0, []
    for i, cell in enumerate(nb["cells"]):
        src = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        # A cell belongs to the section if the section is open when the cell starts
        # (its text before its own headings) or opens inside it.
        member = inside
        for hashes, title in HEADING.findall(src):
            if title == section:
                inside, level, member = True, len(hashes), True
            elif inside and len(hashes) <= level:
                inside = False
        if member:
            found.append(i)
    return found


def _forward_link(term: notation.Term, source: str) -> bool:
    if re.search(rf"defined in lesson 0?{term.lesson}\b", source, re.I):
        return True
    return re.search(rf"\]\(0?{term.lesson}_[^)]*\.ipynb", source) is not None


TERMS = [pytest.param(t, id=t.term) for t in notation.GLOSSARY]


@pytest.mark.parametrize("term", TERMS)
def test_term_is_defined_where_the_glossary_says(term):
    section = _section_cells(term.lesson, term.section)
    assert section, f"lesson {term.lesson:02d} has no section {term.section!r}"
    match = _matcher(term)
    assert any(match.search(text) for lesson, i, text, _ in CELLS
               if lesson == term.lesson and i in section), (
        f"{term.term!r} never appears in lesson {term.lesson:02d}, {term.section!r}")


@pytest.mark.parametrize("term", TERMS)
def test_first_use_is_at_or_after_the_definition(term):
    match = _matcher(term)
    section = set(_section_cells(term.lesson, term.section))
    defined = next(((lesson, i) for lesson, i, text, _ in CELLS
                    if lesson == term.lesson and i in section and match.search(text)), None)
    assert defined is not None, f"{term.term!r}: no definition found"
    first = next((lesson, i, text, src) for lesson, i, text, src in CELLS if match.search(text))
    # The defining lesson's title cell previews what the lesson will define.
    preview = first[0] == term.lesson and first[1] == 0
    if first[:2] < defined and not preview:
        assert _forward_link(term, first[3]), (
            f"{term.term!r} is first used in lesson {first[0]:02d} cell {first[1]} "
            f"({first[2][:120]!r}) before its definition in lesson {term.lesson:02d}, "
            f"{term.section!r}, with no forward link"
        )


def test_the_checker_sees_a_use_before_definition():
    """The matcher and the order: 'logits' is 'logit'; a code span is not prose."""
    term = notation.Term("logit", "d", 1, "s")
    assert _matcher(term).search("two logits")
    assert not _matcher(term).search(_prose("`sm.Logit`, MNLogit"))
    assert _comments("x = 1  # the logit\ns = '# not a comment'") == "# the logit"
    assert _forward_link(term, "(defined in lesson 01)")
    assert _forward_link(term, "see [the question](01_the_question.ipynb)")
    assert not _forward_link(term, "see [lesson 02](02_sigmoid_is_two_class_softmax.ipynb)")
