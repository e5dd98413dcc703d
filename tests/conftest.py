"""Session fixtures: the two seed SDKs, generated once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sdk_helpers import generate_seed


@pytest.fixture(scope="session")
def seed_root(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both seed SDKs generated (with their smoke tests) into a temporary directory."""
    base = tmp_path_factory.mktemp("seeds")
    return {key: generate_seed(key, base / key) for key in ("openrouter", "interactive")}


# Tests that run external tools or many generations: marked `slow`, so that
# `python -m pytest -m "not slow"` runs the core (unit, runtime, CLI, workflow, docs, golden)
# in about a minute. Whole files by path, single tests by node name. Files of their own can
# also say `pytestmark = pytest.mark.slow` (tests/go/test_go_client_defaults.py does).
SLOW_FILES = (
    "test_typing.py",  # mypy --strict / ruff subprocesses on the seed SDKs
    "test_quality.py",  # ruff, mypy --strict and black on the generator
    "go/test_go_seeds.py",  # go vet / build / test
    "go/test_go_corpus_small.py",  # corpus, go build
    "test_corpus_small.py",  # corpus
    "hostile/test_fuzz.py",  # hypothesis fuzzing of the whole pipeline
    "workflow/test_prism.py",  # Prism mock server
    "test_model_oracle.py",  # datamodel-code-generator oracle, corpus
)
SLOW_TESTS = (
    "test_go_escaping.py::test_hostile_spec_builds",  # go build
    "test_generated_features.py::",  # every test generates and type-checks an SDK
    "test_golden_and_determinism.py::test_two_processes_give_identical_trees",
    "test_bad_specs.py::test_bad_spec[",  # the hostile corpus: a generation + import each
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent
    for item in items:
        rel = item.path.resolve().relative_to(root).as_posix()
        node = f"{item.path.name}::{item.name}"
        if rel in SLOW_FILES or any(node.startswith(t) for t in SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
