"""Go spellings (issue 21): initialisms in exported names, short names for dotted schema keys."""

from __future__ import annotations

import pytest

from generator.go.names import go_pascal, go_pascal_keep, schema_short_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id", "ID"),
        ("node_id", "NodeID"),
        ("html_url", "HTMLURL"),
        ("json_schema", "JSONSchema"),
        ("getApiResources", "GetAPIResources"),
        ("content_md5", "ContentMD5"),
        ("oauth_token", "OAuthToken"),
        ("jwt", "JWT"),
        ("sha256", "SHA256"),
        ("ids", "IDs"),
        ("identity", "Identity"),
        ("status", "Status"),
    ],
)
def test_initialisms(text: str, expected: str) -> None:
    assert go_pascal(text) == expected


def test_pascal_keys_keep_their_words_and_take_initialisms() -> None:
    assert go_pascal_keep("ApiResponse") == "APIResponse"
    assert go_pascal_keep("HTMLParser") == "HTMLParser"


def test_dotted_namespaces_keep_the_last_part_and_grow_only_on_collision() -> None:
    names = schema_short_names(
        [
            "io.k8s.api.core.v1.Pod",
            "io.k8s.api.apps.v1.Status",
            "io.k8s.meta.v1.Status",
            "Error",
            "x.y.Error",
        ]
    )
    assert names == {
        "io.k8s.api.core.v1.Pod": "Pod",
        "io.k8s.api.apps.v1.Status": "AppsV1Status",
        "io.k8s.meta.v1.Status": "MetaV1Status",
        "Error": "Error",
        "x.y.Error": "YError",
    }
