"""Run the benchmarks and print one table.

Usage::

    python -m benchmarks                 # every bench_*.py module
    python -m benchmarks numerics import # only bench_numerics.py and bench_import.py
    python -m benchmarks --list          # the names that can be given
    python -m benchmarks --json out.json # also write the rows as JSON

Goals that are missed are reported in the ``ok`` column, not as a failure:
the exit status is 0 unless a benchmark module crashed (1) or an unknown
name was given (2).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import time
import traceback
from pathlib import Path

from . import SkipBenchmark

HERE = Path(__file__).resolve().parent
COLUMNS = ["benchmark", "ours", "baseline", "ratio", "goal", "ok", "note"]
REQUIRED = {"benchmark", "ours", "baseline", "ratio", "goal", "ok", "unit", "note"}


def available() -> list[str]:
    """Names of the benchmark modules, without the ``bench_`` prefix."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def _info_row(name: str, status: str, note: str) -> dict:
    return {
        "benchmark": f"{name}: {status}",
        "ours": None,
        "baseline": None,
        "ratio": None,
        "goal": "",
        "ok": None,
        "unit": "",
        "note": note,
    }


def run_module(name: str) -> tuple[list[dict], bool]:
    """Rows of ``bench_<name>``, and whether it crashed."""
    try:
        module = importlib.import_module(f"{__package__}.bench_{name}")
    except SkipBenchmark as exc:
        return [_info_row(name, "skipped", str(exc))], False
    except ModuleNotFoundError as exc:
        # An optional tool that is not installed is a skip, not a crash.
        return [_info_row(name, "skipped", f"needs {exc.name}")], False
    except Exception as exc:  # noqa: BLE001 - report and go on with the others
        traceback.print_exc()
        return [_info_row(name, "error", f"import failed: {exc}")], True
    if getattr(module, "AVAILABLE", True) is False:
        why = getattr(module, "SKIP_REASON", "not available on this machine")
        return [_info_row(name, "skipped", why)], False
    try:
        rows = module.run()
    except SkipBenchmark as exc:
        return [_info_row(name, "skipped", str(exc))], False
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        return [_info_row(name, "error", f"{type(exc).__name__}: {exc}")], True
    bad = [row for row in rows if not REQUIRED <= set(row)]
    if bad:
        missing = sorted(REQUIRED - set(bad[0]))
        return [_info_row(name, "error", f"row without keys {missing}")], True
    return list(rows), False


def _number(value, unit: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        text = str(value)
    elif value == 0:
        text = "0"
    else:
        text = f"{value:.4g}"
    return f"{text} {unit}".rstrip()


def _cells(row: dict) -> list[str]:
    ok = row["ok"]
    return [
        str(row["benchmark"]),
        _number(row["ours"], row["unit"]),
        _number(row["baseline"], row["unit"]),
        "" if row["ratio"] is None else f"{row['ratio']:.3f}",
        str(row["goal"] or ""),
        "" if ok is None else ("yes" if ok else "NO"),
        str(row["note"] or ""),
    ]


def _plain(value):
    """NumPy scalars (np.float64, np.bool_) as their Python values for JSON."""
    return value.item() if hasattr(value, "item") else str(value)


def format_table(rows: list[dict]) -> str:
    """Rows as an aligned plain-text table (numbers right-aligned)."""
    cells = [COLUMNS] + [_cells(r) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS) - 1)]
    right = {1, 2, 3}
    lines = []
    for k, row in enumerate(cells):
        parts = [
            cell.rjust(w) if i in right and k else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row[:-1], widths, strict=True))
        ]
        lines.append("  ".join(parts + [row[-1]]).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("names", nargs="*", help="run only these bench_<name>.py modules")
    parser.add_argument("--list", action="store_true", help="list the benchmark names and exit")
    parser.add_argument("--json", metavar="FILE", help="also write the rows to FILE as JSON")
    args = parser.parse_args(argv)

    names = available()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in args.names if n not in names]
    if unknown:
        print(
            f"unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    selected = [n for n in names if n in args.names] if args.names else names

    rows, crashed = [], False
    for name in selected:
        start = time.perf_counter()
        print(f"running bench_{name} ...", file=sys.stderr, flush=True)
        module_rows, failed = run_module(name)
        crashed |= failed
        rows.extend(module_rows)
        print(f"  done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    print(format_table(rows))
    goals = [r["ok"] for r in rows if r["ok"] is not None]
    print(f"\n{len(rows)} rows: {sum(goals)} of {len(goals)} goals met.")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(rows, indent=2, default=_plain) + "\n")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
