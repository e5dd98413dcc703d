"""The Go smoke test: `go vet` and `go build` of a staged module."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..target import SmokeFailure


class GoSmokeFailure(SmokeFailure):
    """`go vet` or `go build` failed; the message holds their output."""


def go_env() -> dict[str, str]:
    """The environment Go runs in: the local toolchain only, no module downloads."""
    env = dict(os.environ)
    env.update({"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod"})
    env.setdefault("GOCACHE", str(Path.home() / ".cache" / "go-build"))
    env.setdefault("GOPATH", str(Path.home() / "go"))
    return env


def smoke_go(staged_dir: Path) -> None:
    """`go vet ./... && go build ./...` in `staged_dir`; silent when no `go` is installed."""
    go = shutil.which("go")
    if go is None:
        return
    for command in (["vet", "./..."], ["build", "./..."]):
        proc = subprocess.run(
            [go, *command],
            cwd=staged_dir,
            env=go_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            output = (proc.stdout + proc.stderr).strip()
            raise GoSmokeFailure(f"go {' '.join(command)} failed:\n{output[:8000]}")
