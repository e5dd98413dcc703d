"""A path key carrying a query string (`/v1/files?beta=true`): the pairs are part of the URL.

OpenAPI path keys may hold a query (some APIs publish a beta variant of an operation this way).
The generated method sends those pairs on every call, merged with the caller's query
parameters; it is a distinct operation with a distinct method name; and the smoke test (which
`build` runs) accepts it.
"""

from __future__ import annotations

from pathlib import Path

from wire_helpers import build, client, ok, recorder, spec

from generator.plan import split_path_key

_LIST = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "string"}}}}


def _op(name: str, beta_param: bool = False) -> dict[str, object]:
    """One list operation, named by extension (this file tests the wire, not the names)."""
    params: list[dict[str, object]] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    ]
    if beta_param:
        params.append({"name": "beta", "in": "query", "schema": {"type": "string"}})
    return {"get": {"operationId": "listFiles", "x-fern-sdk-group-name": "files",
                    "x-fern-sdk-method-name": name, "parameters": params,
                    "responses": ok("application/json", _LIST)}}  # fmt: skip


def test_split_path_key() -> None:
    assert split_path_key("/v1/files") == ("/v1/files", ())
    assert split_path_key("/v1/files?beta=true&x=a%20b&x=2") == (
        "/v1/files",
        (("beta", "true"), ("x", "a b"), ("x", "2")),
    )


def test_query_in_path_key_is_sent_and_merged(tmp_path: Path) -> None:
    doc = spec({"/v1/files": _op("list"), "/v1/files?beta=true": _op("list_beta"),
                "/v1/other?mode=fast&flag": _op("list_mode_flag"),
                "/v1/more?beta=yes": _op("list_more", beta_param=True)})  # fmt: skip
    pkg = build(doc, tmp_path)  # the smoke test passes
    seen, handle = recorder()
    c = client(pkg, handle)
    files = c.files
    assert {"list", "list_beta"} <= set(dir(files))

    files.list(limit=3)
    files.list_beta()
    files.list_beta(limit=3, extra_query={"trace": "1"})
    urls = [(r.url.path, r.url.params.multi_items()) for r in seen]
    assert urls[0] == ("/v1/files", [("limit", "3")])
    assert urls[1] == ("/v1/files", [("beta", "true")])
    assert urls[2] == ("/v1/files", [("beta", "true"), ("limit", "3"), ("trace", "1")])

    seen.clear()
    files.list_mode_flag(limit=1)
    assert seen[0].url.path == "/v1/other"
    assert seen[0].url.params.multi_items() == [("mode", "fast"), ("flag", ""), ("limit", "1")]

    # A declared parameter named like a fixed pair: the fixed value unless the caller gives one.
    seen.clear()
    more = [m for m in dir(files) if m.startswith("list") and m not in
            ("list", "list_beta", "list_mode_flag")]  # fmt: skip
    assert len(more) == 1
    getattr(files, more[0])()
    getattr(files, more[0])(beta="no")
    assert seen[0].url.params.multi_items() == [("beta", "yes")]
    assert seen[1].url.params.multi_items() == [("beta", "no")]


def test_a_template_in_the_path_keys_query_is_the_parameter_not_a_fixed_pair(
    tmp_path: Path,
) -> None:
    """`/search?q={q}` shows where the declared query parameter `q` goes: the call sends the
    caller's value once, never the literal `{q}` (and the smoke test, which `build` runs,
    expects no fixed pair)."""
    assert split_path_key("/search?q={q}&kind=all") == ("/search", (("kind", "all"),))
    search = {"get": {"operationId": "search", "x-fern-sdk-group-name": "search",
                      "x-fern-sdk-method-name": "run",
                      "parameters": [{"name": "q", "in": "query", "required": True,
                                      "schema": {"type": "string"}}],
                      "responses": ok("application/json", _LIST)}}  # fmt: skip
    pkg = build(spec({"/search?q={q}&kind=all": search}), tmp_path)
    seen, handle = recorder()
    client(pkg, handle).search.run(q="a b")
    assert seen[0].url.path == "/search"
    assert sorted(seen[0].url.params.multi_items()) == [("kind", "all"), ("q", "a b")]
