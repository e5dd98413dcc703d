"""The resource tree and method names (generator/tree.py), from small specs of our own."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.build_ir import build_api
from generator.config import Overrides
from generator.diagnostics import Diagnostics
from generator.overrides import apply_overrides
from generator.tree import Entry, place


def _names(ops: list[tuple[str, str, dict[str, Any]]], **doc: Any) -> dict[str, str]:
    """`"GET /path"` → `"resource.path.method"` for operations given as (method, path, op)."""
    entries = [Entry(path, method, op) for method, path, op in ops]
    placed = place(entries, doc, Diagnostics())
    return {
        f"{e.method.upper()} {e.path}": ".".join([*p.resource, p.name])
        for e, p in zip(entries, placed, strict=True)
    }


def _crud(prefix: str, item: str = "{id}") -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", prefix, {}),
        ("post", prefix, {}),
        ("get", f"{prefix}/{item}", {}),
        ("post", f"{prefix}/{item}", {}),
        ("delete", f"{prefix}/{item}", {}),
    ]


def test_a_version_every_path_shares_is_folded_away() -> None:
    names = _names([*_crud("/v1/gizmos"), ("get", "/v1/gizmos/{id}/parts", {})])
    assert names == {
        "GET /v1/gizmos": "gizmos.list",
        "POST /v1/gizmos": "gizmos.create",
        "GET /v1/gizmos/{id}": "gizmos.retrieve",
        "POST /v1/gizmos/{id}": "gizmos.update",
        "DELETE /v1/gizmos/{id}": "gizmos.delete",
        "GET /v1/gizmos/{id}/parts": "gizmos.parts.list",
    }


def test_mixed_versions_become_namespaces() -> None:
    names = _names([("get", "/v1/gizmos", {}), ("get", "/v2/gizmos", {}), ("get", "/ping", {})])
    assert names == {
        "GET /v1/gizmos": "v1.gizmos.list",
        "GET /v2/gizmos": "v2.gizmos.list",
        "GET /ping": "ping.retrieve",
    }


def test_versions_fold_per_credential_and_server_group() -> None:
    # OpenAPI: `security` and `servers` of an operation. Each group of operations with one
    # credential and one server folds its own shared `/vN`; only a group holding two
    # versions gets `v1`/`v2` namespaces.
    other = {"security": [{"InferenceKey": []}], "servers": [{"url": "https://infer.test"}]}
    names = _names(
        [
            *_crud("/v2/gizmos")[:2],
            ("get", "/v2/gizmos/{id}/parts", {}),
            ("post", "/v1/batches", other),
            ("get", "/v1/batches/{id}", other),
        ],
        security=[{"Key": []}],
        servers=[{"url": "https://api.test"}],
    )
    assert names == {
        "GET /v2/gizmos": "gizmos.list",
        "POST /v2/gizmos": "gizmos.create",
        "GET /v2/gizmos/{id}/parts": "gizmos.parts.list",
        "POST /v1/batches": "inference.batches.create",
        "GET /v1/batches/{id}": "inference.batches.retrieve",
    }
    # Same credential, another server (on the path item): its own group, folded too.
    doc = {"paths": {"/v1/reports": {"servers": [{"url": "https://reports.test"}]}}}
    names = _names([("get", "/v2/gizmos", {}), ("get", "/v1/reports", {})], **doc)
    assert names == {"GET /v2/gizmos": "gizmos.list", "GET /v1/reports": "reports.list"}
    # A literal segment before the group's version (`/api/v1`) goes with it.
    agent = {"security": [{"InferenceKey": []}], "servers": [{"url": "https://agent.test"}]}
    names = _names([("get", "/v2/gizmos", {}), ("post", "/api/v1/chat/replies", agent)],
                   security=[{"Key": []}])  # fmt: skip
    assert names == {"GET /v2/gizmos": "gizmos.list",
                     "POST /api/v1/chat/replies": "inference.chat.replies.create"}  # fmt: skip
    # Two versions in one group stay namespaces; no resource is ever named `v_1`.
    names = _names([("get", "/v1/gizmos", {}), ("get", "/v2/gizmos", {})], security=[{"Key": []}])
    assert names == {"GET /v1/gizmos": "v1.gizmos.list", "GET /v2/gizmos": "v2.gizmos.list"}


def test_numbers_stay_on_their_word_and_a_leading_number_is_spelled_out() -> None:
    # OpenAPI: path segments and operationIds with digits (`oauth2`, `projectsV2`, `1-clicks`).
    names = _names(
        [
            ("post", "/oauth2/token", {}),
            ("get", "/orgs/{org}/projectsV2", {}),
            ("get", "/1-clicks", {}),
            ("put", "/folders/0", {}),
            ("get", "/metrics/load_15", {}),
        ]
    )
    assert names == {
        "POST /oauth2/token": "oauth2.token.create",
        "GET /orgs/{org}/projectsV2": "orgs.projects_v2.list",
        "GET /1-clicks": "one_clicks.list",
        "PUT /folders/0": "folders.zero.update",
        "GET /metrics/load_15": "metrics.load_15.retrieve",
    }


def test_sub_collections_nest_and_path_namespaces_hold_resources() -> None:
    names = _names(
        [
            ("get", "/shops/{shop}/side_items/{id}", {"operationId": "GetShopsShopSideItemsId"}),
            ("get", "/shops/{shop}/side_items", {}),
            ("post", "/talk/replies", {"operationId": "createTalkReply"}),
            ("get", "/talk/replies/{reply_id}", {}),
            ("delete", "/boxes/{box_id}/files/{file_id}", {}),
        ]
    )
    assert names["GET /shops/{shop}/side_items/{id}"] == "shops.side_items.retrieve"
    assert names["GET /shops/{shop}/side_items"] == "shops.side_items.list"
    assert names["POST /talk/replies"] == "talk.replies.create"
    assert names["DELETE /boxes/{box_id}/files/{file_id}"] == "boxes.files.delete"


def test_actions_are_verbs_of_their_resource() -> None:
    names = _names(
        [
            *_crud("/jobs"),
            ("post", "/jobs/{id}/cancel", {"operationId": "PostJobsIdCancel"}),
            ("get", "/jobs/search", {}),
            ("post", "/notes/{id}/count_words", {"operationId": "notes_count_words_post"}),
            ("get", "/notes/{id}/content", {"operationId": "downloadNote"}),
            ("post", "/pads/{id}/join_code", {"operationId": "CreateJoinCode"}),
        ]
    )
    assert names["POST /jobs/{id}/cancel"] == "jobs.cancel"
    assert names["GET /jobs/search"] == "jobs.search"
    assert names["POST /notes/{id}/count_words"] == "notes.count_words"
    assert names["GET /notes/{id}/content"] == "notes.content"
    assert names["POST /pads/{id}/join_code"] == "pads.create_join_code"


def test_a_singleton_is_retrieved_and_updated() -> None:
    names = _names([("get", "/shop/settings", {}), ("post", "/shop/settings", {})])
    assert names == {"GET /shop/settings": "shop.settings.retrieve",
                     "POST /shop/settings": "shop.settings.update"}  # fmt: skip


def test_query_keys_of_a_path_key_are_a_namespace() -> None:
    names = _names(
        [
            ("get", "/v1/files", {}),
            ("get", "/v1/files?beta=true", {"operationId": "beta_list_files_v1_files_get"}),
            ("post", "/v1/files/{file_id}/archive?beta=true", {"operationId": "BetaArchiveFile"}),
        ]
    )
    assert names == {
        "GET /v1/files": "files.list",
        "GET /v1/files?beta=true": "beta.files.list",
        "POST /v1/files/{file_id}/archive?beta=true": "beta.files.archive",
    }


def test_another_credential_is_a_namespace() -> None:
    admin = {"security": [{"BossKeyAuth": []}]}
    names = _names(
        [("get", "/teams", {}), ("get", "/org/teams", admin), ("get", "/org/teams/{id}", admin)],
        security=[{"KeyAuth": []}],
    )
    assert names == {
        "GET /teams": "teams.list",
        "GET /org/teams": "boss.org.teams.list",
        "GET /org/teams/{id}": "boss.org.teams.retrieve",
    }


def test_an_oauth2_scheme_name_gives_no_credential_words() -> None:
    # OpenAPI: an operation's `security` naming a scheme `PartnerOAuth2` (or `OAuth2`) where
    # the API's default is another scheme: the namespace is `partner`, never `o_auth2`.
    names = _names(
        [
            ("get", "/teams", {"security": [{"PartnerOAuth2": []}]}),
            ("get", "/users", {"security": [{"OAuth2": []}]}),
        ],
        security=[{"ApiKey": []}],
    )
    assert names == {"GET /teams": "partner.teams.list", "GET /users": "users.list"}


def test_a_credential_namespace_is_not_repeated_by_the_path_or_tag() -> None:
    partner = {"security": [{"PartnerAuth": []}]}
    names = _names(
        [
            ("get", "/partner/teams", partner),
            ("get", "/{ref}", {**partner, "tags": ["partner"], "operationId": "getThing"}),
            ("get", "/teams", {}),
        ],
        security=[{"KeyAuth": []}],
    )
    assert names == {
        "GET /partner/teams": "partner.teams.list",
        "GET /{ref}": "partner.retrieve",
        "GET /teams": "teams.list",
    }


def test_a_plural_path_read_and_written_is_a_collection_when_its_get_lists() -> None:
    array = {"200": {"description": "ok", "content": {"application/json": {"schema": {
        "type": "array", "items": {"type": "string"}}}}}}  # fmt: skip
    names = _names(
        [
            ("get", "/pets", {"operationId": "listPets"}),
            ("post", "/pets", {"operationId": "createPet"}),
            ("get", "/tags", {"responses": array}),
            ("post", "/tags", {}),
            ("get", "/settings", {}),
            ("post", "/settings", {}),
            ("get", "/disks/{id}/snaps", {"operationId": "diskSnaps_list"}),  # `list` anywhere
            ("post", "/disks/{id}/snaps", {}),
        ]
    )
    assert names == {
        "GET /disks/{id}/snaps": "disks.snaps.list",
        "POST /disks/{id}/snaps": "disks.snaps.create",
        "GET /pets": "pets.list",
        "POST /pets": "pets.create",
        "GET /tags": "tags.list",
        "POST /tags": "tags.create",
        "GET /settings": "settings.retrieve",
        "POST /settings": "settings.update",
    }


def test_operation_ids_in_every_style() -> None:
    names = _names(
        [
            ("post", "/runs/{id}", {"operationId": "cancelRun"}),
            ("post", "/keys/{id}", {"operationId": "modifyKey"}),
            ("get", "/limits", {"operationId": "getteamspendlimits"}),
            ("post", "/limits", {"operationId": "update-team-spend-limits"}),
            ("post", "/tags/{id}", {"operationId": "resetHTTPTagCache"}),
            ("get", "/", {"operationId": "x", "tags": ["Service Meta"]}),
            ("post", "/teams/{id}", {"operationId": "archiveteamforever"}),
            ("get", "/gen-ai/agents/{id}/usage", {"operationId": "genai_get_agent_usage"}),
        ]
    )
    # A path segment's words run together (`gen-ai` as `genai`) are the path's words too.
    assert names["GET /gen-ai/agents/{id}/usage"] == "gen_ai.agents.usage"
    # Words run together that no path word splits give no name: the shape's verb does.
    assert names["POST /teams/{id}"] == "teams.update"
    assert names["POST /runs/{id}"] == "runs.cancel"  # a verb that is no CRUD synonym
    assert names["POST /keys/{id}"] == "keys.update"  # a CRUD synonym
    assert names["GET /limits"] == "limits.retrieve"
    assert names["POST /limits"] == "limits.update"
    assert names["POST /tags/{id}"] == "tags.reset_http_cache"
    assert names["GET /"] == "service_meta.retrieve"  # no literal segment: the tag


def test_extensions_and_their_precedence() -> None:
    names = _names(
        [
            ("get", "/a", {"x-speakeasy-group": "ledger", "x-speakeasy-name-override": "fetchAll"}),
            (
                "get",
                "/b",
                {"x-fern-sdk-group-name": ["shops", "items"], "x-fern-sdk-method-name": "get"},
            ),
            (
                "get",
                "/c",
                {
                    "x-fern-sdk-group-name": "f",
                    "x-speakeasy-group": "s",
                    "x-fern-sdk-method-name": "fern",
                    "x-speakeasy-name-override": "sp",
                },
            ),
            ("get", "/d", {"x-speakeasy-group": "shops.items"}),
            ("get", "/e#add_link", {}),
        ]
    )
    assert names == {
        "GET /a": "ledger.fetch_all",
        "GET /b": "shops.items.get",
        "GET /c": "f.fern",
        "GET /d": "shops.items.retrieve",
        "GET /e#add_link": "e.add_link",
    }


def test_collisions_are_resolved_in_order_with_a_warning() -> None:
    diags = Diagnostics()
    group = {"x-speakeasy-group": "pets"}
    entries = [
        Entry("/pets", "get", group),
        Entry("/animals", "get", group),
        Entry("/beasts", "get", {**group, "x-speakeasy-name-override": "list"}),
    ]
    placed = place(entries, {}, diags)
    assert [p.name for p in placed] == ["list", "list_animals", "list_beasts"]
    assert len(diags.warnings) == 2 and "list_animals" in diags.warnings[0].message
    # A method never takes the name of a sub-resource.
    named = {"x-speakeasy-name-override": "parts"}
    placed = place([Entry("/a/{id}/parts", "get", {}), Entry("/a/{id}", "get", named)], {}, diags)
    assert [".".join([*p.resource, p.name]) for p in placed] == ["a.parts.list", "a.retrieve"]
    assert "'parts' is taken in resource 'a'" in diags.warnings[-1].message


def test_collision_names_say_what_differs() -> None:
    # OpenAPI: two operations whose shapes give one name in one resource: PUT and PATCH of one
    # item, a list of a sub-collection under a parent parameter next to the flat list, a
    # DELETE of the item next to a DELETE of the collection, a POST and a PUT of one item.
    diags = Diagnostics()
    ops = [
        ("put", "/gizmos/{id}", {}),
        ("patch", "/gizmos/{id}", {}),
        ("get", "/repos/{owner}/issues/comments", {}),
        ("get", "/repos/{owner}/issues/{issue_number}/comments", {}),
        ("delete", "/volumes", {"operationId": "deleteVolumesByName"}),
        ("delete", "/volumes/{volume_id}", {"operationId": "deleteVolume"}),
        ("put", "/notes/{id}", {}),
        ("post", "/notes/{id}", {"operationId": "postNotesId"}),
        ("get", "/notes", {}),
    ]
    entries = [Entry(path, method, op) for method, path, op in ops]
    placed = place(entries, {}, diags)
    got = [".".join([*p.resource, p.name]) for p in placed]
    assert got == [
        "gizmos.update",
        "gizmos.patch",  # PATCH next to the PUT's `update`; a PUT next to a PATCH is `replace`
        "repos.issues.comments.list",
        "repos.issues.comments.list_for_issue",  # the parent parameter only it has
        "volumes.delete",
        "volumes.delete_by_id",  # the trailing parameter only it has
        "notes.update",
        "notes.create",  # the operationId's name (its `post` is the verb `create`)
        "notes.list",
    ]
    assert len(diags.warnings) == 4
    assert "'gizmos'" in diags.warnings[0].message and "'patch'" in diags.warnings[0].message
    placed = place([Entry("/g/{id}", "patch", {}), Entry("/g/{id}", "put", {})], {}, diags)
    assert [p.name for p in placed] == ["update", "replace"]
    # A name another operation has first is no alternative: the item's POST does not take
    # the collection's `create`, whatever its operationId says.
    placed = place(
        [Entry("/dirs/{id}", "put", {}), Entry("/dirs/{id}", "post", {"operationId": "create"}),
         Entry("/dirs", "post", {})],
        {},
        diags,
    )  # fmt: skip
    assert [p.name for p in placed] == ["update", "post", "create"]
    # An operationId name that does not read well is no alternative (a dangling `to`).
    placed = place(
        [Entry("/s/{sid}/repos", "put", {}),
         Entry("/s/{sid}/repos/{repo_id}", "put", {"operationId": "addSelectedRepoTo"})],
        {},
        diags,
    )  # fmt: skip
    assert [p.name for p in placed] == ["update", "update_by_id"]


def test_server_made_tokens_are_no_names() -> None:
    # OpenAPI: a literal path segment holding a token a server made (`...-6VMVochwUWo`); the
    # framework-made operationId copies it. Neither gives a name.
    op = {"operationId": "post_items_id_labels_securityLabel_6VMVochwUWo"}
    names = _names(
        [
            ("get", "/items/{id}/labels/securityLabel-6VMVochwUWo", {}),
            ("delete", "/items/{id}/labels/securityLabel-6VMVochwUWo", {}),
            ("post", "/items/{id}/labels/securityLabel-6VMVochwUWo", op),
            ("get", "/templates/Qx7Lm2Pz9aBcD/schema", {}),
        ]
    )
    assert names == {
        "GET /items/{id}/labels/securityLabel-6VMVochwUWo": "items.labels.security_label.retrieve",
        "DELETE /items/{id}/labels/securityLabel-6VMVochwUWo": "items.labels.security_label.delete",
        "POST /items/{id}/labels/securityLabel-6VMVochwUWo": "items.labels.security_label.update",
        "GET /templates/Qx7Lm2Pz9aBcD/schema": "templates.schema.retrieve",
    }
    from generator.naming import is_opaque

    assert [is_opaque(t) for t in ("6VMVochwUWo", "5f3a9c2b1e", "securityLabel",
                                   "createAPIKeyForHTTPServer2", "invoiceitems")] == [
        True, True, False, False, False]  # fmt: skip


def test_a_long_name_is_made_of_fewer_words_before_it_is_cut() -> None:
    # OpenAPI: a path segment (or operationId) longer than the 40-character cap.
    long = "/shield_information_barrier_segment_restrictions"
    names = _names([("get", long, {}), ("get", long + "/{id}", {})])
    assert set(names.values()) == {"shield_barrier_segment_restrictions.list",
                                   "shield_barrier_segment_restrictions.retrieve"}  # fmt: skip
    from generator.naming import cap

    assert cap("frontend_tls_connections_exceeding_rate_limit") == (
        "frontend_tls_exceeding_rate_limit"
    )
    long_word = "a_" + "x" * 50  # no inner word to drop: cut, with a digest
    assert len(cap(long_word)) == 40 and cap(long_word) != cap(long_word + "y")


def test_names_are_capped_at_40_characters() -> None:
    op_id = "rebuildTheVeryLongOrganizationCustomPropertyDefinitionsIndexNowPlease"
    placed = place([Entry("/props/{id}", "post", {"operationId": op_id})], {}, Diagnostics())
    assert len(placed[0].name) <= 40


def _doc(paths: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}


def test_build_ir_gives_parents_before_children_and_overrides_win() -> None:
    ok = {"200": {"description": "ok"}}
    doc = _doc(
        {
            "/v1/chat/completions": {"post": {"operationId": "createChatCompletion",
                                               "x-fern-sdk-method-name": "make",
                                               "responses": ok}},
            "/v1/chat/completions/{id}": {"get": {"operationId": "getOne", "responses": ok}},
        }
    )  # fmt: skip
    api = build_api(doc, Diagnostics())
    assert [r.dotted for r in api.resources] == ["chat", "chat.completions"]
    assert [op.name for op in api.resources[1].operations] == ["make", "retrieve"]
    renamed = apply_overrides(api, Overrides(methods={"createChatCompletion": "generate"}),
                              Diagnostics())  # fmt: skip
    assert [op.name for op in renamed.resources[1].operations] == ["generate", "retrieve"]
    # Skipping every operation below a namespace drops the namespace too.
    skipped = apply_overrides(api, Overrides(skip=("createChatCompletion", "getOne")),
                              Diagnostics())  # fmt: skip
    assert skipped.resources == ()


def test_a_rename_is_a_breaking_change() -> None:
    from generator.diff import diff_apis

    ok = {"200": {"description": "ok"}}
    old = build_api(_doc({"/a/{id}/parts": {"get": {"responses": ok}}}), Diagnostics())
    new = build_api(
        _doc({"/a/{id}/parts": {"get": {"x-speakeasy-group": "parts", "responses": ok}}}),
        Diagnostics(),
    )
    changes = diff_apis(old, new).changes
    assert any(c.level == "breaking" and "a.parts.list" in c.detail for c in changes)
    assert isinstance(old.resources[0], ir.Resource)


def test_a_query_key_repeated_or_a_template_pair_in_a_path_key_is_no_extra_namespace() -> None:
    # `?kind=a&kind=b` is one variant key (`kind`, once); `?q={q}` marks where the query
    # parameter `q` goes (plan.split_path_key), so it names no variant.
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {"get": {"operationId": "listThings", "responses": {"200": {"description": "ok"}}}},
            "/things?kind=a&kind=b": {"get": {"operationId": "listKinds", "responses": {"200": {"description": "ok"}}}},
            "/search?q={q}": {"get": {"operationId": "search", "parameters": [
                {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    api = build_api(doc, Diagnostics(file="t.json"))
    dotted = sorted(f"{r.dotted}.{op.name}" for r in api.resources for op in r.operations)
    assert not any("kind.kind" in d for d in dotted), dotted
    assert any(d.startswith("kind.things.") for d in dotted), dotted
    assert any(d.startswith("search.") for d in dotted), dotted
