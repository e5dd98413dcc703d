"""The seed SDKs stream: `create(stream=True)` yields typed chunks from a real server (issue 4)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from sdk_helpers import Recorded, Reply, import_package, serve


def chunk(i: int, last: bool) -> dict[str, object]:
    # Real servers send finish_reason null and no usage in every chunk but the last, although
    # the seed schema makes finish_reason a required, non-null enum.
    body: dict[str, object] = {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1,
        "model": "m",
        "choices": [{"text": f"t{i}", "index": 0, "logprobs": None,
                     "finish_reason": "stop" if last else None}],  # fmt: skip
    }
    if last:
        body["usage"] = {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    return body


def sse(n: int, *, done: bool = True, keepalive: bool = False) -> bytes:
    parts = []
    for i in range(n):
        if keepalive:
            parts.append(": OPENROUTER PROCESSING\n\n")
        parts.append("data: " + json.dumps(chunk(i, i == n - 1)) + "\n\n")
    if done:
        parts.append("data: [DONE]\n\n")
    return "".join(parts).encode()


def stream_reply(payload: bytes) -> Reply:
    return 200, {"content-type": "text/event-stream"}, payload


@pytest.mark.parametrize(
    ("package", "name"), [("openrouter", "OpenRouter"), ("interactive", "Interactive")]
)
def test_thousand_chunks_in_order(seed_root: dict[str, Path], package: str, name: str) -> None:
    sdk = import_package(seed_root[package], package)

    def handler(rec: Recorded) -> Reply:
        return stream_reply(sse(1000, keepalive=True))

    with serve(handler) as server, getattr(sdk, name)(api_key="k", base_url=server.url) as client:
        with client.completions.create(prompt="hi", stream=True) as stream:
            assert stream.response.status_code == 200
            chunks = list(stream)
    assert server.requests[0].json() == {"prompt": "hi", "stream": True}
    assert [c.choices[0].text for c in chunks] == [f"t{i}" for i in range(1000)]
    assert all(type(c) is sdk.models.CompletionResponseChunk for c in chunks)
    assert chunks[0].choices[0].finish_reason is None and chunks[0].usage is None
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 3


def test_stream_false_is_a_plain_call(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    from sdk_helpers import COMPLETION, json_reply

    with serve(lambda r: json_reply(200, COMPLETION)) as server:
        with sdk.OpenRouter(api_key="k", base_url=server.url) as client:
            result = client.completions.create(prompt="hi", stream=False)
    assert type(result) is sdk.models.CompletionResponse
    assert server.requests[0].json() == {"prompt": "hi", "stream": False}


def test_truncated_stream_raises(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    with serve(lambda r: stream_reply(sse(3, done=False))) as server:
        with sdk.OpenRouter(api_key="k", base_url=server.url) as client:
            stream = client.completions.create(prompt="hi", stream=True)
            received = []
            with pytest.raises(sdk.APIConnectionError, match="(?i)truncat|DONE"):
                for c in stream:
                    received.append(c)
    assert len(received) == 3


def test_error_event_mid_stream(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    payload = "data: " + json.dumps(chunk(0, False)) + "\n\n"
    payload += 'data: {"error": {"code": 502, "message": "provider overloaded"}}\n\n'
    with serve(lambda r: stream_reply(payload.encode())) as server:
        with sdk.OpenRouter(api_key="k", base_url=server.url) as client:
            got = []
            with pytest.raises(sdk.APIStreamError, match="overloaded"):
                for c in client.completions.create(prompt="hi", stream=True):
                    got.append(c)
    assert len(got) == 1


def test_status_error_before_iteration(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")
    from sdk_helpers import json_reply

    with serve(lambda r: json_reply(401, {"error": {"message": "bad key"}})) as server:
        with sdk.OpenRouter(api_key="k", base_url=server.url) as client:
            with pytest.raises(sdk.AuthenticationError):
                client.completions.create(prompt="hi", stream=True)


def test_async_stream(seed_root: dict[str, Path]) -> None:
    sdk = import_package(seed_root["openrouter"], "openrouter")

    async def main(url: str) -> list[str]:
        async with sdk.AsyncOpenRouter(api_key="k", base_url=url) as client:
            stream = await client.completions.create(prompt="hi", stream=True)
            async with stream:
                return [c.choices[0].text async for c in stream]

    with serve(lambda r: stream_reply(sse(50))) as server:
        texts = asyncio.run(main(server.url))
    assert texts == [f"t{i}" for i in range(50)]
