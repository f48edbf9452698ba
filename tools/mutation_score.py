"""Mutation score per module from a finished ``mutmut run``.

Run by ``make mutation`` (``python tools/mutation_score.py DIR [PATTERN ...]``),
where DIR holds the ``mutants/`` folder mutmut wrote. Killed and timed-out
mutants count as caught; survivors and mutants that no test reached count
against the score. Equivalent mutants (no test can tell them apart from the
original) are kept out of the run with ``# pragma: no mutate`` on their line,
with a comment saying why, so they count for nothing.

Exits 1 when a module scores below the goal, so a regression is visible.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from collections import defaultdict
from pathlib import Path

GOAL = 0.95
CAUGHT = {1, 3, 24, -24, 36, 152, 255}  # mutmut's "killed" and "timeout" exit codes


def main(argv: list[str]) -> int:
    root = Path(argv[0]) / "mutants"
    patterns = argv[1:] or ["*"]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # caught, missed, unchecked
    missed: dict[str, list[str]] = defaultdict(list)
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        for name, code in codes.items():
            if not any(fnmatch.fnmatch(name, p) for p in patterns):
                continue
            module = name.split(".x_")[0].split(".xǁ")[0]
            if code is None:
                counts[module][2] += 1
            elif code in CAUGHT:
                counts[module][0] += 1
            else:
                counts[module][1] += 1
                missed[module].append(f"{name} (exit code {code})")
    if not counts:
        print(f"no mutants matched {patterns} under {root}")
        return 1
    failed = False
    print(f"{'module':34} {'caught':>7} {'missed':>7} {'score':>7}  goal {GOAL:.0%}")
    for module, (caught, miss, unchecked) in sorted(counts.items()):
        score = caught / max(caught + miss, 1)
        ok = score >= GOAL and not unchecked
        failed |= not ok
        note = f"  ({unchecked} not checked)" if unchecked else ""
        print(f"{module:34} {caught:7d} {miss:7d} {score:7.1%}  {'yes' if ok else 'NO'}{note}")
    for module, names in sorted(missed.items()):
        print(f"\nsurvivors in {module} (`mutmut show NAME` in the run folder shows the edit):")
        for name in names:
            print(f"  {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
