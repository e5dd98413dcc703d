"""Hand edits to generated output survive regeneration by a three-way merge (issue 20)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
from sdk_helpers import import_package
from wf_helpers import gen, gen_split, tree

from generator.edits import BASE_FILE, CONFLICTS_DIR

MANIFEST = ".sdkforge-manifest.json"
RESOURCE = "pets/resources/pets.py"
GET_DOC = '        """GET /pets/{id}"""\n'
FIX = "        id = id.strip()  # local fix: the server rejects padded ids\n"
HELPER = (
    "\n\ndef pet_names(pets: list[Pet]) -> list[str]:\n"
    '    """Hand-written helper: the names of `pets`."""\n'
    '    return [p.name or "" for p in pets]\n'
)


def pet_spec() -> dict[str, Any]:
    """A small API: list and get pets, plus a `stores` tag with one operation."""
    ok: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": {}}}}
    list_ok = copy.deepcopy(ok)
    list_ok["content"]["application/json"]["schema"] = {
        "type": "array",
        "items": {"$ref": "#/components/schemas/Pet"},
    }
    get_ok = copy.deepcopy(ok)
    get_ok["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/Pet"}
    store_ok = copy.deepcopy(ok)
    store_ok["content"]["application/json"]["schema"] = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "get": {"operationId": "listPets", "tags": ["pets"], "responses": {"200": list_ok}}
            },
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "tags": ["pets"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": get_ok},
                }
            },
            "/stores": {
                "get": {
                    "operationId": "listStores",
                    "tags": ["stores"],
                    "responses": {"200": store_ok},
                }
            },
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                }
            }
        },
    }


def add_limit(doc: dict[str, Any]) -> None:
    """The spec change of most tests: `listPets` gains a `limit` query parameter."""
    doc["paths"]["/pets"]["get"]["parameters"] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    ]


def write_spec(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2))
    return path


def generate(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    return gen("generate", spec, "-o", out, "--name", "Pets", "--no-smoke", "-v", *extra)


def setup(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    doc = pet_spec()
    spec = write_spec(tmp_path / "spec" / "pets.json", doc)
    out = tmp_path / "out"
    code, text = generate(spec, out)
    assert code == 0, text
    return spec, out, doc


def edit_get(out: Path) -> Path:
    """Hand edit of the sync `get` method: strip the id before the request."""
    path = out / RESOURCE
    text = path.read_text()
    assert text.count(GET_DOC) == 2  # the sync and the async method
    path.write_text(text.replace(GET_DOC, GET_DOC + FIX, 1))
    return path


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / MANIFEST).read_text())
    return data


def test_edit_to_one_method_survives_a_change_to_another(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    edited = edit_get(out)
    add_limit(doc)
    write_spec(spec, doc)
    code, text = gen("generate", spec, "-o", out, "--name", "Pets", "-v")  # smoke test on
    assert code == 0, text
    assert f"{edited}: note: edit kept: 1 hunk(s)" in text
    source = edited.read_text()
    assert source.count(FIX) == 1 and "limit: int | Omit = omit" in source
    kept = manifest(out)["edits"]["kept"]
    assert set(kept) == {RESOURCE} and kept[RESOURCE]["hunks"] == 1
    assert manifest(out)["files"][RESOURCE] == kept[RESOURCE]["sha256"]

    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if request.url.path == "/pets":
            return httpx.Response(200, json=[{"id": "1", "name": "Rex"}])
        return httpx.Response(200, json={"id": "7", "name": "Rex"})

    pets = import_package(out, "pets")
    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        client = pets.Pets(base_url="http://127.0.0.1:9", http_client=http)
        assert client.pets.retrieve("  7 ").id == "7"
        assert [p.name for p in client.pets.list(limit=3)] == ["Rex"]
    assert [(u.path, u.query) for u in seen] == [("/pets/7", b""), ("/pets", b"limit=3")]


def test_hand_added_helper_survives(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    models = out / "pets" / "models.py"
    models.write_text(models.read_text() + HELPER)
    # A new model (models follow the spec's order: it goes before Pet, not after the helper,
    # where the insertion would conflict) and a new description of the model the helper follows.
    doc["components"]["schemas"]["Pet"]["description"] = "A pet in the store."
    breed = {"type": "object", "properties": {"name": {"type": "string"}}}
    doc["components"]["schemas"] = {"Breed": breed, **doc["components"]["schemas"]}
    write_spec(spec, doc)
    code, text = generate(spec, out)
    assert code == 0, text
    source = models.read_text()
    assert source.endswith(HELPER) and "class Breed(BaseModel)" in source
    assert "A pet in the store." in source
    assert f"{models}: note: edit kept: 1 hunk(s)" in text
    pets = import_package(out, "pets")
    found = [pets.models.Pet(name="Rex"), pets.models.Pet(id="2")]
    assert pets.models.pet_names(found) == ["Rex", ""]


def test_conflict_stops_and_leaves_the_output_unchanged(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    path = out / RESOURCE
    text = path.read_text()
    line = '                "/pets/{id}",\n'
    path.write_text(text.replace(line, line.replace("/pets", "/v2/pets"), 1))
    before = tree(out)
    item = doc["paths"].pop("/pets/{id}")
    for op in item.values():  # the operations stay in `pets` (the tree would move them)
        if isinstance(op, dict):
            op["x-fern-sdk-group-name"] = "pets"
    doc["paths"]["/animals/{id}"] = item  # the same line, changed
    write_spec(spec, doc)
    code, output = generate(spec, out)
    assert code == 1, output
    conflict = out / CONFLICTS_DIR / RESOURCE
    assert f"{out / RESOURCE}: 1 conflict(s), see {conflict}" in output
    assert f"fix: edit {conflict} to the result you want" in output
    after = tree(out)
    conflicts = {p for p in after if p.startswith(CONFLICTS_DIR + "/")}
    assert conflicts == {f"{CONFLICTS_DIR}/{RESOURCE}"}
    assert {p: b for p, b in after.items() if not p.startswith(".sdkforge/conflicts")} == before
    merged = conflict.read_text()
    assert "<<<<<<< your edit" in merged and '"/v2/pets/{id}"' in merged
    assert '"/animals/{id}"' in merged and ">>>>>>> new generation" in merged

    # The one-line fix: resolve the conflict file, run gen generate again.
    start, end = merged.index("<<<<<<<"), merged.index(">>>>>>> new generation\n")
    resolved = merged[:start] + '                "/v2/animals/{id}",\n' + merged[end + 23 :]
    conflict.write_text(resolved)
    code, output = generate(spec, out)
    assert code == 0, output
    assert '"/v2/animals/{id}"' in path.read_text() and not (out / CONFLICTS_DIR).exists()
    assert RESOURCE in manifest(out)["edits"]["kept"]
    code, output = gen("check", out)
    assert code == 0, output


def test_edited_file_no_longer_generated_is_kept_and_disowned(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    stores = out / "pets" / "resources" / "stores.py"
    docs = out / "docs" / "stores.md"
    assert stores.is_file() and docs.is_file()
    stores.write_text(stores.read_text() + "\n# keep me\n")
    del doc["paths"]["/stores"]
    write_spec(spec, doc)
    code, text = generate(spec, out)
    assert code == 0, text
    assert f"{stores}: warning: edited by hand and no longer generated: kept" in text
    assert stores.read_text().endswith("# keep me\n")
    assert not docs.exists()  # unedited and no longer generated: removed as before
    owned = manifest(out)["files"]
    assert "pets/resources/stores.py" not in owned
    code, text = gen("check", out)
    assert code == 0, text  # no longer ours: neither edited nor stale
    stores.write_text("# now entirely mine\n")
    code, text = generate(spec, out)
    assert code == 0 and stores.read_text() == "# now entirely mine\n"
    # The spec brings the file back: the user's file is not overwritten but merged (a conflict).
    write_spec(spec, pet_spec())
    code, text = generate(spec, out)
    assert code == 1 and f"{stores}: 1 conflict(s)" in text
    assert stores.read_text() == "# now entirely mine\n"


def test_check_tells_a_recorded_from_an_unrecorded_edit(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    edited = edit_get(out)
    code, text = gen("check", out)
    assert code == 1
    assert f"{edited}: edited by hand since generation (run gen generate to keep it)" in text
    code, text = generate(spec, out)
    assert code == 0, text
    code, text = gen("check", out)
    assert code == 0, text
    assert f"{edited}: note: edit kept by gen generate" in text and "up to date" in text
    code, stdout, _ = gen_split("check", out, "--format", "json")
    assert code == 0 and json.loads(stdout)["results"]["targets"][0]["kept"] == [RESOURCE]
    # Stale output is still stale when it holds a kept edit.
    add_limit(doc)
    write_spec(spec, doc)
    code, text = gen("check", out)
    assert code == 1 and f"{edited}: would change" in text
    # An edit on top of the kept edit is not recorded yet.
    write_spec(spec, pet_spec())
    edited.write_text(edited.read_text() + "\n# another\n")
    code, text = gen("check", out)
    assert code == 1 and "run gen generate to keep it" in text and "would change" not in text


def test_same_edits_give_identical_trees(tmp_path: Path) -> None:
    trees = []
    for run in ("a", "b"):
        spec, out, doc = setup(tmp_path / run)
        edit_get(out)
        models = out / "pets" / "models.py"
        models.write_text(models.read_text() + HELPER)
        add_limit(doc)
        write_spec(spec, doc)
        code, text = generate(spec, out)
        assert code == 0, text
        trees.append(tree(out))
    assert trees[0] == trees[1]
    assert BASE_FILE in trees[0]


def test_discard_edits_regenerates_pristine_output(tmp_path: Path) -> None:
    spec, out, _ = setup(tmp_path)
    pristine = tree(out)
    edited = edit_get(out)
    code, text = generate(spec, out)
    assert code == 0 and FIX in edited.read_text()
    code, text = generate(spec, out, "--discard-edits")
    assert code == 0, text
    assert f"{edited}: warning: edit discarded" in text
    assert tree(out) == pristine
    assert "kept" not in manifest(out)["edits"]


def test_kept_edit_that_breaks_the_sdk_fails_the_smoke_test(tmp_path: Path) -> None:
    spec, out, doc = setup(tmp_path)
    path = out / RESOURCE
    path.write_text(path.read_text().replace(GET_DOC, GET_DOC + "        raise ValueError\n"))
    before = tree(out)
    add_limit(doc)
    write_spec(spec, doc)
    code, text = gen("generate", spec, "-o", out, "--name", "Pets")
    assert code == 1 and "no SDK written" in text
    assert tree(out) == before


def test_edit_without_a_pristine_copy_is_refused(tmp_path: Path) -> None:
    """Output of an sdkforge that kept no base: an edit there cannot be merged."""
    spec, out, _ = setup(tmp_path)
    (out / BASE_FILE).unlink()
    data = manifest(out)
    del data["files"][BASE_FILE]
    (out / MANIFEST).write_text(json.dumps(data))
    edited = edit_get(out)
    before = tree(out)
    code, text = generate(spec, out)
    assert code == 1 and "holds no pristine copy" in text and "--discard-edits" in text
    assert tree(out) == before
    code, text = generate(spec, out, "--discard-edits")
    assert code == 0 and FIX not in edited.read_text()
