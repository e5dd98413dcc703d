"""Fixtures of the runtime tests: the throwaway runtime package and scripted servers."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import build_runtime_package
from rt_support import ScriptedServer, Step


@pytest.fixture(scope="session")
def rt(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    """The runtime built once per session as a package (no idempotency header configured)."""
    return build_runtime_package(tmp_path_factory.mktemp("rt"), "rtpkg")


@pytest.fixture(scope="session")
def rt_idem(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    """The runtime with IDEMPOTENCY_HEADER = "Idempotency-Key"."""
    return build_runtime_package(
        tmp_path_factory.mktemp("rt_idem"),
        "rtidem",
        idempotency_header="Idempotency-Key",
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("TESTSDK_"):
            monkeypatch.delenv(key)


@pytest.fixture
def server_factory() -> Iterator[Callable[..., ScriptedServer]]:
    """Start scripted servers; all are shut down after the test."""
    servers: list[ScriptedServer] = []

    def start(*steps: Step) -> ScriptedServer:
        server = ScriptedServer(list(steps))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
