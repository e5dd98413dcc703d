"""Random valid specs whose text is hostile, and the check every generated package must pass.

Used by tests/hostile/test_fuzz.py (a bounded, derandomized run in CI) and bench/fuzz.py (a
longer run). Each spec is generated twice: with hostile strings, and with every prose string
(descriptions, summaries, enum values, defaults, examples, server URLs, titles) replaced by a
plain placeholder. Names are kept, so both packages must hold exactly the same calls and names:
anything more came from spec text.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

from hostile_checks import check_files, import_in_subprocess, write_files
from hypothesis import strategies as st

from generator.pipeline import GenerateRequest, build_files

P = '__import__("os").system("touch ${SDKFORGE_PWNED:-sdkforge_pwned}")'
SENTINELS = [
    P,
    '"""',
    "'''",
    "\\",
    "{{ x }}",
    "{% if 1 %}",
    "\r",
    "\u2028",
    "\x00",
    '"' + P + '"',
    "'''" + P + "'''",
    '"""\n' + P + '\n"""',
    "\r" + P,
    "\u2028" + P,
    "\\N{",
    "# " + P,
    '{"a": 1}',
    "\ud800",
    "\U0001f600",
    "\u202e",
    "<script>alert(1)</script>",
    "]]]]",
    "${x}",
    "f'{x}'",
    "",
]
AWKWARD = "\"'\\{}%#\r\n\t\u2028\u2029\x00\x0b\x1c\x85 ;:()[]<>|`$éü日😀\u202e"

NAMES = [
    "class", "None", "True", "self", "def", "import", "from", "__init__", "__class__",
    "model_config", "print", "id", "type", "list", "dict", "str", "日本語", "é", "a-b", "A B",
    "123", "_", "..", "../x", "with_raw_response", "Field", "BaseModel", "typing", "omit",
    "timeout", "stream", "x\u202e", "Ünï", "os", "sys", "cast", "Optional", "async", "await",
    "match", "Client", "models",
]  # fmt: skip

prose = st.one_of(
    st.sampled_from(SENTINELS),
    st.text(alphabet=AWKWARD, max_size=12),
    st.lists(st.sampled_from(SENTINELS), min_size=2, max_size=4).map("".join),
)
names = st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=8))
header_names = st.text(alphabet="!#$%&'*+-.^_`|~" + "aZ09", min_size=1, max_size=10).filter(
    lambda n: n.lower() not in ("content-type", "accept", "idempotency-key", "authorization")
)
scalar_types = st.sampled_from(["string", "integer", "number", "boolean"])


@st.composite
def schemas(draw: Any, refs: list[str], depth: int = 0) -> dict[str, Any]:
    """One schema: an object, array, enum, primitive or a reference to an earlier component."""
    kinds = (
        ["prim", "enum"] + (["object", "array"] if depth < 2 else []) + (["ref"] if refs else [])
    )
    kind = draw(st.sampled_from(kinds))
    schema: dict[str, Any]
    if kind == "ref":
        schema = {"$ref": "#/components/schemas/" + draw(st.sampled_from(refs))}
        return schema
    if kind == "prim":
        schema = {"type": draw(scalar_types)}
        if schema["type"] == "string" and draw(st.booleans()):
            schema["default"] = draw(prose)
            schema["example"] = draw(prose)
    elif kind == "enum":
        schema = {"type": "string", "enum": draw(st.lists(prose, min_size=1, max_size=4))}
    elif kind == "array":
        schema = {"type": "array", "items": draw(schemas(refs, depth + 1))}
    else:
        props = draw(st.dictionaries(names, schemas(refs, depth + 1), min_size=1, max_size=4))
        schema = {"type": "object", "properties": props}
        if draw(st.booleans()):
            schema["required"] = sorted(props)[:1]
    if draw(st.booleans()):
        schema["description"] = draw(prose)
    return schema


@st.composite
def specs(draw: Any) -> dict[str, Any]:
    """A valid OpenAPI 3.0 document with awkward names and hostile prose."""
    component_names = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    components: dict[str, Any] = {}
    for name in component_names:
        components[name] = draw(schemas(list(components)))
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 3))):
        param_name = draw(names)
        path = f"/r{index}/{{{param_name}}}"
        op: dict[str, Any] = {
            "operationId": draw(names),
            "tags": [draw(names)],
            "summary": draw(prose),
            "description": draw(prose),
            "parameters": [
                {
                    "name": param_name,
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": draw(prose),
                },
                {
                    # Not the path parameter's name: smoke.py confuses the two (see
                    # test_known_bugs.py::test_smoke_with_path_param_and_body_field_...).
                    "name": draw(names.filter(lambda n, p=param_name: n != p)),
                    "in": "query",
                    "schema": draw(schemas(component_names)),
                    "description": draw(prose),
                },
                {
                    # Header names must be HTTP tokens (others are refused: header_names.py).
                    "name": draw(header_names),
                    "in": draw(st.sampled_from(["header", "cookie"])),
                    "schema": {"type": "string"},
                    "description": draw(prose),
                },
            ],
            "responses": {
                "200": {
                    "description": draw(prose),
                    "content": {"application/json": {"schema": draw(schemas(component_names))}},
                }
            },
        }
        method = draw(st.sampled_from(["get", "post", "put", "delete"]))
        if method != "get" and draw(st.booleans()):
            op["requestBody"] = {
                "description": draw(prose),
                "content": {"application/json": {"schema": draw(schemas(component_names))}},
            }
        paths[path] = {method: op}
    return {
        "openapi": "3.0.3",
        # No astral characters in the title until emit.py's `tomlstr` is fixed (see
        # test_known_bugs.py::test_emoji_title_makes_valid_pyproject).
        "info": {
            "title": draw(prose.filter(lambda t: all(ord(c) < 0x10000 for c in t))),
            "version": draw(prose),
            "description": draw(prose),
        },
        "servers": [{"url": "https://api.example.test/" + draw(prose), "description": draw(prose)}],
        "paths": paths,
        "components": {"schemas": components},
    }


_PROSE_KEYS = ("description", "summary", "title", "version")


def plain_twin(doc: dict[str, Any]) -> dict[str, Any]:
    """The same spec with every prose string replaced by a placeholder (names kept)."""
    twin = copy.deepcopy(doc)
    counter = iter(range(1_000_000))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _PROSE_KEYS and isinstance(value, str):
                    node[key] = "plain"
                elif key in ("default", "example") and isinstance(value, str):
                    node[key] = "plain"
                elif key == "enum" and isinstance(value, list):
                    node[key] = [f"v{next(counter)}" for _ in value]
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(twin)
    twin["servers"] = [{"url": "https://api.example.test/plain", "description": "plain"}]
    return twin


def generate_files(doc: dict[str, Any], work: Path, tag: str) -> dict[str, str]:
    """Generated files, in memory, for `doc`."""
    spec = work / f"{tag}.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    result = build_files(GenerateRequest(spec=str(spec), out_dir=work / tag, name="Fuzzed"))
    return result.files


def check_spec(doc: dict[str, Any], *, import_it: bool = True) -> None:
    """Generate `doc` and its plain twin; compare their code; compile and import the first."""
    with tempfile.TemporaryDirectory(prefix="sdkforge-fuzz-") as tmp:
        work = Path(tmp)
        files = generate_files(doc, work, "hostile")
        plain = generate_files(plain_twin(doc), work, "plain")
        assert sorted(files) == sorted(plain)
        hostile_ids = check_files(files)
        plain_ids = check_files(plain)
        assert hostile_ids == plain_ids, sorted(hostile_ids ^ plain_ids)[:20]
        if import_it:
            root = work / "pkg"
            write_files(files, root)
            marker = work / "marker"
            import_in_subprocess(root, "fuzzed", "Fuzzed", marker)
            assert not marker.exists() and not (root / "sdkforge_pwned").exists()
