"""The smoke runner (one shared client per run) still catches what it is there to catch."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import GenerateRequest, build_files
from generator.python import package_view
from generator.python.smoke import SmokeFailure, build_plan, run_smoke

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("smoke") / "pkg"
    request = GenerateRequest(
        spec=str(REPO / "specs" / "openrouter-completions.yaml"),
        out_dir=out,
        name="OpenRouter",
        base_url="https://openrouter.ai/api/v1",
        smoke=False,
    )
    result = build_files(request)
    for path, text in result.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert result.api is not None and result.options is not None
    return out, build_plan(result.api, package_view(result.api, result.options))


def test_plan_passes(staged: tuple[Path, dict[str, Any]]) -> None:
    root, plan = staged
    run_smoke(root, plan)


def _tampered(plan: dict[str, Any], **changes: Any) -> dict[str, Any]:
    bad = copy.deepcopy(plan)
    calls = bad["calls"]
    assert isinstance(calls, list)
    calls[0].update(changes)
    return bad


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"http_method": "PATCH"}, "599"),
        ({"path_regex": "^/nowhere$"}, "599"),
        ({"expect": "models.CompletionLogprobs"}, "not CompletionLogprobs"),
        ({"expect": "list"}, "not a list"),
    ],
)
def test_mismatches_fail(
    staged: tuple[Path, dict[str, Any]], changes: dict[str, Any], message: str
) -> None:
    root, plan = staged
    first = plan["calls"][0]
    with pytest.raises(SmokeFailure) as info:
        run_smoke(root, _tampered(plan, **changes))
    text = str(info.value)
    assert f"{first['resource']}.{first['method']}" in text
    assert message in text
    assert f"{len(plan['calls']) - 1} passed, 1 failed" in text


def test_every_call_shares_one_client(staged: tuple[Path, dict[str, Any]]) -> None:
    # A failing call must not leave state behind that breaks the next one on the shared client.
    root, plan = staged
    bad = copy.deepcopy(plan)
    bad["calls"] = [_tampered(plan, http_method="PATCH")["calls"][0], *plan["calls"]]
    with pytest.raises(SmokeFailure) as info:
        run_smoke(root, bad)
    assert f"{len(plan['calls'])} passed, 1 failed" in str(info.value)
