"""The project's set-up files agree with each other and keep their promises.

pyproject.toml is the source of truth for dependencies; environment.yml (the
conda/Binder route) must list the same names with the same lower bounds.
The README's two commands, the CI entry point and the ``make lab`` target
are checked by reading the files, not by running them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# PyPI name -> conda-forge names accepted for it. matplotlib-base is the
# same library without the Qt GUI stack, which notebooks do not need.
PYPI_TO_CONDA = {
    "matplotlib": ("matplotlib-base", "matplotlib"),
}

# Conda-only entries that have no pyproject counterpart by design.
CONDA_ONLY = {"python", "pip"}

_REQ = re.compile(
    r"""^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*
        (?:\[[^\]]*\])?\s*                       # extras, ignored
        (?P<spec>[^;]*?)\s*                      # version specifiers
        (?:;(?P<marker>.*))?$""",
    re.VERBOSE,
)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse(requirement: str) -> tuple[str, str | None]:
    """(normalised name, lower bound or None) of a PEP 508 or conda spec."""
    match = _REQ.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    spec = match["spec"].replace(" ", "")
    lower = re.search(r">=([0-9][0-9A-Za-z.]*)", spec)
    return _normalise(match["name"]), lower.group(1) if lower else None


@pytest.fixture(scope="module")
def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def environment() -> dict:
    with open(ROOT / "environment.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def pip_deps(pyproject) -> dict[str, str | None]:
    reqs = list(pyproject["project"]["dependencies"])
    reqs += pyproject["project"]["optional-dependencies"]["test"]
    parsed = dict(_parse(r) for r in reqs)
    assert len(parsed) == len(reqs), "a dependency is listed twice in pyproject.toml"
    return parsed


@pytest.fixture(scope="module")
def conda_deps(environment) -> dict[str, str | None]:
    specs = [d for d in environment["dependencies"] if isinstance(d, str)]
    parsed = dict(_parse(s) for s in specs)
    assert len(parsed) == len(specs), "a dependency is listed twice in environment.yml"
    return parsed


def _conda_name(pypi_name: str, conda_deps) -> str | None:
    for candidate in PYPI_TO_CONDA.get(pypi_name, (pypi_name,)):
        if candidate in conda_deps:
            return candidate
    return None


def test_environment_header(environment):
    assert environment["name"] == "logitlab"
    assert environment["channels"] == ["conda-forge"]


def test_every_pyproject_dependency_is_in_environment_with_same_bound(pip_deps, conda_deps):
    problems = []
    for name, lower in sorted(pip_deps.items()):
        conda = _conda_name(name, conda_deps)
        if conda is None:
            problems.append(f"{name} (pyproject) is missing from environment.yml")
        elif conda_deps[conda] != lower:
            problems.append(
                f"{name}: pyproject lower bound {lower}, environment.yml ({conda}) "
                f"{conda_deps[conda]}"
            )
    assert not problems, "\n".join(problems)


def test_environment_lists_nothing_pyproject_lacks(pip_deps, conda_deps):
    known = set(CONDA_ONLY)
    for name in pip_deps:
        known.update(PYPI_TO_CONDA.get(name, (name,)))
    extra = sorted(set(conda_deps) - known)
    assert not extra, f"environment.yml lists {extra}, which pyproject.toml does not"


def test_python_bound_matches_requires_python(pyproject, conda_deps):
    requires = pyproject["project"]["requires-python"].replace(" ", "")
    assert requires == ">=3.10"
    assert conda_deps.get("python") == "3.10"
    assert "pip" in conda_deps


def test_environment_installs_the_package_editable(environment):
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert len(pip_sections) == 1, "environment.yml needs exactly one pip: section"
    assert [s.strip() for s in pip_sections[0]] == ["-e ."]


def test_parser_reads_the_forms_used():
    assert _parse("numpy>=1.24") == ("numpy", "1.24")
    assert _parse("tomli>=2.0; python_version < '3.11'") == ("tomli", "2.0")
    assert _parse("matplotlib-base >=3.7") == ("matplotlib-base", "3.7")
    assert _parse("pip") == ("pip", None)
    assert _parse("Foo_Bar[extra]>=1,<2") == ("foo-bar", "1")


def test_import_logitlab_loads_no_heavy_modules():
    code = (
        "import sys, logitlab\n"
        "heavy = [m for m in ('matplotlib', 'ipywidgets', 'scipy') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "", f"import logitlab imported {done.stdout.strip()}"


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```[a-z]*\n(.*?)```", text, re.DOTALL)
    assert first_block, "README.md has no code block"
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert "make lab" in commands
    assert "make test" in commands


def test_ci_runs_make_test():
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    code = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    assert "make test" in code


def _recipe(makefile: str, target: str) -> str:
    """The recipe of ``target``, continuation lines joined."""
    lines = makefile.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"{target}\s*:", line))
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        body.append(line.strip())
    return " ".join(body).replace("\\ ", " ")


def test_make_lab_is_loopback_with_token_auth():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = _recipe(makefile, "lab")
    assert "jupyter lab" in lab or "jupyter-lab" in lab
    assert "notebooks" in lab
    assert re.search(r"ip[= ]['\"]?127\.0\.0\.1", lab), lab
    # Anything that switches authentication off or opens the server up.
    forbidden = [
        r"token\s*=\s*(''|\"\"|\s|$)",
        r"password\s*=\s*(''|\"\")",
        r"disable_check_xsrf",
        r"allow_remote_access\s*=\s*True",
        r"0\.0\.0\.0",
        r"ip\s*=\s*['\"]?\*",
    ]
    for pattern in forbidden:
        assert not re.search(pattern, makefile), f"Makefile matches {pattern!r}"


@pytest.mark.parametrize("target", ["setup", "lab", "test", "bench", "notebooks"])
def test_readme_targets_exist(target):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^{target}\s*:", makefile, re.MULTILINE), f"no {target} target"


# --- the benchmark runner (``make bench``): its contract, no timings -------------


def test_benchmark_runner_contract(monkeypatch, capsys):
    import types

    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import SkipBenchmark, make_row
        from benchmarks.__main__ import available, format_table, main, run_module
    finally:
        sys.path.remove(str(ROOT))

    assert {"numerics", "import"} <= set(available())
    assert main(["no-such-benchmark"]) == 2
    assert "available:" in capsys.readouterr().err

    def skipping():
        raise SkipBenchmark("needs a browser")

    fakes = {
        "off": types.SimpleNamespace(AVAILABLE=False, SKIP_REASON="no chromium"),
        "skip": types.SimpleNamespace(run=skipping),
        "good": types.SimpleNamespace(
            run=lambda: [make_row("f vs g", 1.0, 2.0, max_ratio=1.5, unit="ms")]
        ),
        "bad": types.SimpleNamespace(run=lambda: [{"benchmark": "no other keys"}]),
    }
    for name, module in fakes.items():
        monkeypatch.setitem(sys.modules, f"benchmarks.bench_{name}", module)
    rows = {name: run_module(name) for name in fakes}
    assert rows["off"] == ([rows["off"][0][0]], False)
    assert rows["off"][0][0]["note"] == "no chromium"
    assert rows["skip"][0][0]["benchmark"] == "skip: skipped"
    assert rows["skip"][0][0]["note"] == "needs a browser"
    assert rows["good"][1] is False and rows["good"][0][0]["ok"] is True
    assert rows["good"][0][0]["ratio"] == 0.5
    assert rows["bad"][1] is True

    table = format_table([r for rs, _ in rows.values() for r in rs]).splitlines()
    assert table[0].split() == ["benchmark", "ours", "baseline", "ratio", "goal", "ok", "note"]
    assert set(table[1].replace(" ", "")) == {"-"}
    # Aligned: every row's ratio column ends where the header's does.
    end = table[0].index("ratio") + len("ratio")
    assert table[4][end - 5 : end] == "0.500"  # header, rule, off, skip, good
    assert any("1 ms" in line and "0.500" in line and "yes" in line for line in table)
