"""Build a throwaway package from the runtime templates so tests can import it.

`build_runtime_package(tmp_path, name="rtpkg")` copies every `templates/python/runtime/*.py`
into `tmp_path/<unique name>/`, adds a `_config.py` like a generated one and an `__init__.py`,
puts `tmp_path` on `sys.path` and returns the imported package. Submodules are then reachable
as `pkg._base_client`, `pkg._exceptions`, ...
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import sys
import types
from pathlib import Path

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "python" / "runtime"

CONFIG_TEMPLATE = '''\
from __future__ import annotations

PACKAGE_NAME: str = {name!r}
VERSION: str = "0.1.0"
ENV_PREFIX: str = {env_prefix!r}
USER_AGENT: str = {user_agent!r}
DEFAULT_BASE_URL: str | None = {default_base_url!r}
IDEMPOTENCY_HEADER: str | None = {idempotency_header!r}


class {error_class}(Exception):
    """Base class of every error raised by this SDK."""


SDKError = {error_class}
'''

_counter = itertools.count()
# One prefix per test session (pid) so concurrent sessions and repeated builds never clash.
_SESSION = f"{os.getpid()}"

RUNTIME_MODULES = (
    "_types",
    "_exceptions",
    "_retries",
    "_models",
    "_qs",
    "_logs",
    "_response",
    "_base_client",
    "_resource",
    "_streaming",
)


def write_config(
    directory: Path,
    name: str,
    *,
    env_prefix: str = "TESTSDK_",
    default_base_url: str | None = "https://api.example.com/v1",
    idempotency_header: str | None = None,
) -> None:
    """Write a `_config.py` like the generator's into `directory`."""
    (directory / "_config.py").write_text(
        CONFIG_TEMPLATE.format(
            name=name,
            env_prefix=env_prefix,
            user_agent=f"{name}/0.1.0",
            default_base_url=default_base_url,
            idempotency_header=idempotency_header,
            error_class="TestSDKError",
        )
    )


def build_runtime_package(
    tmp_path: Path,
    name: str = "rtpkg",
    *,
    env_prefix: str = "TESTSDK_",
    default_base_url: str | None = "https://api.example.com/v1",
    idempotency_header: str | None = None,
) -> types.ModuleType:
    """Copy the runtime into a fresh uniquely named package under `tmp_path` and import it."""
    pkg_name = f"{name}_{_SESSION}_{next(_counter)}"
    pkg_dir = tmp_path / pkg_name
    pkg_dir.mkdir(parents=True)
    for source in sorted(RUNTIME_DIR.glob("*.py")):
        shutil.copy(source, pkg_dir / source.name)
    write_config(
        pkg_dir,
        pkg_name,
        env_prefix=env_prefix,
        default_base_url=default_base_url,
        idempotency_header=idempotency_header,
    )
    (pkg_dir / "__init__.py").write_text('"""Throwaway runtime package."""\n')
    if str(tmp_path) not in sys.path:
        sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    package = importlib.import_module(pkg_name)
    for module in RUNTIME_MODULES:
        setattr(package, module, importlib.import_module(f"{pkg_name}.{module}"))
    return package
