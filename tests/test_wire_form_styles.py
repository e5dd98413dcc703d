"""Form bodies (`application/x-www-form-urlencoded`) follow the spec's `encoding` object in the
Python SDK, sync and async (issue 21): deepObject (nested objects, arrays of scalars and of
objects, maps), `style: form` with and without `explode`, `pipeDelimited`, and the default.

The cases are tests/go/testdata/form_cases.json, the table the Go SDK test
(tests/go/test_go_form_encoding.py) runs against a loopback server: the same arguments must
give the same decoded pairs in both languages.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from wire_helpers import build

pytestmark = pytest.mark.slow
TABLE = json.loads(
    (Path(__file__).resolve().parent / "go" / "testdata" / "form_cases.json").read_text(
        encoding="utf-8"
    )
)
CASES = TABLE["cases"]
REPLY = {"id": "cus_1"}


def _grouped(pairs: list[list[str]]) -> dict[str, list[str]]:
    """Decoded pairs by key, in order within a key (the order the spec gives meaning to)."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _decoded(request: httpx.Request) -> dict[str, list[str]]:
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    return parse_qs(request.content.decode("ascii"), keep_blank_values=True, strict_parsing=True)


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return build(TABLE["spec"], tmp_path_factory.mktemp("form-styles"))


def _handler(seen: list[httpx.Request]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json=REPLY)

    return handle


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_sync_form_body_matches_the_table(pkg: ModuleType, case: dict[str, Any]) -> None:
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(_handler(seen)))
    client = pkg.Wire(base_url="http://wire.test", http_client=http, max_retries=0)
    result = getattr(client, TABLE["operation"]["resource"]).create(**case["args"])
    assert result.id == "cus_1"
    assert [_decoded(r) for r in seen] == [_grouped(case["expect"])]


def test_async_form_bodies_match_the_table(pkg: ModuleType) -> None:
    seen: list[httpx.Request] = []

    async def run() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(_handler(seen)))
        client = pkg.AsyncWire(base_url="http://wire.test", http_client=http, max_retries=0)
        for case in CASES:
            await getattr(client, TABLE["operation"]["resource"]).create(**case["args"])
        await http.aclose()

    asyncio.run(run())
    assert [_decoded(r) for r in seen] == [_grouped(c["expect"]) for c in CASES]


def test_models_encode_like_mappings(pkg: ModuleType) -> None:
    """A nested argument given as the generated model sends the same pairs as a dict."""
    case = next(c for c in CASES if c["name"] == "deep_object_nested")
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(_handler(seen)))
    client = pkg.Wire(base_url="http://wire.test", http_client=http, max_retries=0)
    models = {name: getattr(pkg.models, name) for name in dir(pkg.models)}
    address_model = next(
        m
        for name, m in models.items()
        if name.endswith("BodyAddress") and hasattr(m, "model_validate")
    )
    args = dict(case["args"], address=address_model.model_validate(case["args"]["address"]))
    client.customers.create(**args)
    assert [_decoded(r) for r in seen] == [_grouped(case["expect"])]


def test_extra_body_fields_are_sent_as_given(pkg: ModuleType) -> None:
    """extra_body members have no declared encoding: the default rules (arrays repeat)."""
    seen: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(_handler(seen)))
    client = pkg.Wire(base_url="http://wire.test", http_client=http, max_retries=0)
    client.customers.create(name="Ha", extra_body={"beta": ["1", "2"]})
    assert [_decoded(r) for r in seen] == [{"name": ["Ha"], "beta": ["1", "2"]}]
