"""The README's CI recipe works as written (issue 19): the workflow and the sample gen.yaml are
read from README.md (never retyped), sdkforge is installed into a fresh virtual environment
with `--no-index` from wheels this test builds first (the checkout's wheel, its dependencies
and its build requirement, setuptools>=68), and each `run:` step of the workflow runs in bash,
verbatim, in a fresh clone of a project laid out as the README says: the spec, gen.yaml, the
committed SDK, and a checkout of sdkforge at tools/sdkforge. The pull-request branch adds an
optional field to the spec and commits the regenerated SDK, so the `gen diff` step compares
two real specs and `gen check` checks a regenerated SDK.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
STEP_TIMEOUT = 600


def _blocks(markdown: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```$", markdown, re.S | re.M)


def readme_recipe() -> tuple[dict[str, object], str]:
    """The workflow (parsed) and the sample gen.yaml (text), as README.md shows them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Regenerating in CI") :]
    blocks = _blocks(section, "yaml")
    config = next(b for b in blocks if b.startswith("targets:"))
    workflow = next(b for b in blocks if b.startswith("# .github/workflows/"))
    return yaml.safe_load(workflow), config


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
    )
    assert proc.returncode == 0, f"{args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.test"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.test")
    return _run(["git", *args], cwd, env)


def _copy_checkout(dest: Path) -> None:
    """The files of this checkout (as git tracks them, working-tree contents), as a user's
    copied tree of sdkforge; the committed output/ goldens are not needed to install."""
    listed = _run(["git", "ls-files", "-z"], ROOT).split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if rel.startswith(("output/", "bench/results/")) or not source.is_file():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def _generate_with_checkout(project: Path) -> None:
    """`gen generate` (no arguments: gen.yaml's targets) with this checkout's generator."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    _run([sys.executable, "-m", "generator", "generate", "--quiet"], project, env)


def test_readme_ci_recipe_runs_verbatim(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed to run the README's CI recipe")
    workflow, config = readme_recipe()
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    steps = next(iter(jobs.values()))["steps"]
    run_steps = [s for s in steps if "run" in s]
    assert any("pip install" in s["run"] for s in run_steps)
    assert any(s["run"].strip() == "gen check" for s in run_steps)

    # The user's project, laid out as the README says, committed on main.
    project = tmp_path / "project"
    spec_rel = yaml.safe_load(config)["targets"][0]["spec"]
    (project / spec_rel).parent.mkdir(parents=True)
    shutil.copy(ROOT / "specs" / Path(spec_rel).name, project / spec_rel)
    (project / "gen.yaml").write_text(config, encoding="utf-8")
    _copy_checkout(project / "tools" / "sdkforge")
    _generate_with_checkout(project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "spec and SDK")
    # The pull request: one optional field more, the SDK regenerated and committed.
    _git(project, "checkout", "-q", "-b", "feature")
    spec_path = project / spec_rel
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    schema = spec["components"]["schemas"]["CompletionResponse"]  # the seed's response model
    schema["properties"]["added_in_pr"] = {"type": "string"}
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    _generate_with_checkout(project)
    _git(project, "commit", "-q", "-am", "spec: one optional field")

    # Wheels first: the checkout's, its dependencies' and its build requirement's.
    wheels = tmp_path / "wheels"
    build_src = tmp_path / "build-src"  # a fresh clone of this checkout (its committed state)
    _git(tmp_path, "clone", "-q", str(ROOT), str(build_src))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    build = pyproject_build_requires()
    _run([*pip, "wheel", "-q", "-w", str(wheels), str(build_src), *build], tmp_path)
    assert list(wheels.glob("sdkforge_gen-*.whl")), sorted(p.name for p in wheels.iterdir())

    # A fresh clone (actions/checkout with fetch-depth 0) and a fresh venv (setup-python).
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--branch", "feature", str(project), str(clone))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    env = {
        "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(env_dir),
        "HOME": str(tmp_path / "home"),
        "PIP_NO_INDEX": "1",  # offline: only the wheels built above
        "PIP_FIND_LINKS": str(wheels),
        "PIP_CONFIG_FILE": os.devnull,  # not this machine's pip configuration
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
    }
    context = {"github.event_name": "pull_request", "github.base_ref": "main"}
    ran = []
    for step in run_steps:
        condition = str(step.get("if", "success()"))
        if "failure()" in condition:
            continue  # runs only after a failed step
        if condition != "success()":
            left, _, right = condition.partition("==")
            assert context[left.strip()] == right.strip().strip("'\""), condition
        script = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: context[m.group(1)], step["run"])
        out = _run(["bash", "-e", "-o", "pipefail", "-c", script], clone, env)
        ran.append((step.get("name", script.strip()), out))
    names = [name for name, _ in ran]
    assert len(ran) == len([s for s in run_steps if "failure()" not in str(s.get("if", ""))])
    diff_out = next(out for name, out in ran if "gen diff" in name or "Breaking" in name)
    assert "added_in_pr" in diff_out, diff_out
    check_out = ran[-1][1]
    assert "up to date" in check_out, (names, check_out)
    # gen came from the fresh venv, installed from the wheels.
    gen = _run(["bash", "-c", "command -v gen"], clone, env).strip()
    assert gen == str(env_dir / "bin" / "gen")


def pyproject_build_requires() -> list[str]:
    """The checkout's build requirements (setuptools>=68), as pip requirement strings."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = data["build-system"]["requires"]
    assert isinstance(requires, list)
    return [str(r) for r in requires] + ["wheel"]
