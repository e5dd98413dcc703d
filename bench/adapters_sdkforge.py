"""Adapters plugging sdkforge's generated SDK and a "floor" peer into ../shared/bench.

Loaded by the shared harness through BENCH_EXTRA_ADAPTERS (see bench/sdk.py, which sets it up).

- `sdkforge`: output/openrouter, copied under the import name `sdkforge_openrouter` (the
  published `openrouter` SDK, a peer in the same venv, owns the name `openrouter`; every import
  inside our package is relative, so the copy is byte-for-byte the committed code).
- `floor`: raw httpx plus pydantic validating a minimal model of the same response: the least
  any typed SDK must import, hold and do. Its models live in `sdkforge_floor.py` (FLOOR_SOURCE,
  written next to the SDK copy by `prepare`) so that `import adapters` stays stdlib-only.

Like the shared adapters, this module imports only the standard library at top level.
"""

from __future__ import annotations

import compileall
import shutil
from pathlib import Path

import adapters as A  # the shared harness module (stdlib only)

SDK_MODULE = "sdkforge_openrouter"
FLOOR_MODULE = "sdkforge_floor"
REPO = Path(__file__).resolve().parent.parent

FLOOR_SOURCE = '''"""Floor peer: minimal pydantic models of the completion response and chunk."""

from __future__ import annotations

from typing import Optional

import pydantic


class Usage(pydantic.BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class Choice(pydantic.BaseModel):
    text: str
    index: int
    logprobs: Optional[dict] = None
    finish_reason: Optional[str] = None


class Completion(pydantic.BaseModel):
    id: str
    object: str
    created: int
    model: str
    choices: list[Choice]
    usage: Optional[Usage] = None


class ChunkChoice(pydantic.BaseModel):
    text: Optional[str] = None
    index: Optional[int] = None
    logprobs: Optional[dict] = None
    finish_reason: Optional[str] = None


class CompletionChunk(pydantic.BaseModel):
    id: Optional[str] = None
    object: Optional[str] = None
    created: Optional[int] = None
    model: Optional[str] = None
    choices: Optional[list[ChunkChoice]] = None
'''


def prepare(dest: Path, sdk_src: Path | None = None) -> Path:
    """Write the renamed SDK copy and the floor module into `dest` (put it on PYTHONPATH)."""
    src = sdk_src or REPO / "output" / "openrouter" / "openrouter"
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / SDK_MODULE
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
    (dest / f"{FLOOR_MODULE}.py").write_text(FLOOR_SOURCE)
    # Byte-compile like pip does for the installed peers: with PYTHONDONTWRITEBYTECODE set (it
    # is, here), a plain copy would be compiled from source on every cold import.
    compileall.compile_dir(str(dest), quiet=1)
    return dest


# --------------------------------------------------------------------------- sdkforge
def _sdk_client(base_url, api_key):
    from sdkforge_openrouter import OpenRouter

    return OpenRouter(api_key=api_key, base_url=base_url)


def _sdk_async_client(base_url, api_key):
    from sdkforge_openrouter import AsyncOpenRouter

    return AsyncOpenRouter(api_key=api_key, base_url=base_url)


def _sdk_call(c):
    r = c.completions.create(model=A.MODEL, prompt=A.PROMPT, max_tokens=A.MAX_TOKENS)
    return r.choices[0].text


async def _sdk_acall(c):
    r = await c.completions.create(model=A.MODEL, prompt=A.PROMPT, max_tokens=A.MAX_TOKENS)
    return r.choices[0].text


def _sdk_stream(c):
    with c.completions.create(
        model=A.MODEL, prompt=A.PROMPT, max_tokens=A.MAX_TOKENS, stream=True
    ) as s:
        for ch in s:
            yield ch.choices[0].text


def _close(c):
    c.close()


async def _aclose(c):
    await c.close()


async def _httpx_aclose(c):
    await c.aclose()


# --------------------------------------------------------------------------- floor
_PAYLOAD = {"model": A.MODEL, "prompt": A.PROMPT, "max_tokens": A.MAX_TOKENS}
_PAYLOAD_STREAM = dict(_PAYLOAD, stream=True)


def _floor_client(base_url, api_key):
    import httpx
    import sdkforge_floor  # noqa: F401  (the models are part of what the floor holds)

    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {api_key}"})


def _floor_async_client(base_url, api_key):
    import httpx
    import sdkforge_floor  # noqa: F401

    return httpx.AsyncClient(base_url=base_url, headers={"Authorization": f"Bearer {api_key}"})


def _floor_call(c):
    from sdkforge_floor import Completion

    r = c.post("/completions", json=_PAYLOAD)
    r.raise_for_status()
    return Completion.model_validate_json(r.content).choices[0].text


async def _floor_acall(c):
    from sdkforge_floor import Completion

    r = await c.post("/completions", json=_PAYLOAD)
    r.raise_for_status()
    return Completion.model_validate_json(r.content).choices[0].text


def _floor_stream(c):
    """The raw httpx SSE split, validating each chunk into the floor model."""
    from sdkforge_floor import CompletionChunk

    validate = CompletionChunk.model_validate_json
    with c.stream("POST", "/completions", json=_PAYLOAD_STREAM) as r:
        r.raise_for_status()
        buf = b""
        for chunk in r.iter_bytes():
            buf += chunk
            if b"\n\n" not in buf:
                continue
            *events, buf = buf.split(b"\n\n")
            for ev in events:
                if ev.startswith(b"data: "):
                    data = ev[6:]
                    if data == b"[DONE]":
                        return
                    yield validate(data).choices[0].text


A.register(
    A.Adapter(
        "sdkforge",
        label="sdkforge (output/openrouter)",
        modules=[SDK_MODULE],
        make_client=_sdk_client,
        call=_sdk_call,
        stream=_sdk_stream,
        make_async_client=_sdk_async_client,
        acall=_sdk_acall,
        close=_close,
        aclose=_aclose,
        touch=lambda c: c.completions,
        base_path="/v1",
        notes="client.completions.create; output/openrouter copied as sdkforge_openrouter",
    )
)
A.register(
    A.Adapter(
        "floor",
        label="floor: raw httpx + pydantic model",
        modules=["httpx", FLOOR_MODULE],
        make_client=_floor_client,
        call=_floor_call,
        stream=_floor_stream,
        make_async_client=_floor_async_client,
        acall=_floor_acall,
        close=_close,
        aclose=_httpx_aclose,
        base_path="/v1",
        notes="raw httpx + Completion.model_validate_json(r.content); stream: hand SSE split",
    )
)
