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
