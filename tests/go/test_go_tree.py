"""The resource tree in Go: nested service structs (`client.Accounts.ExternalAccounts`) calling
a loopback server (httptest, 127.0.0.1); the module is go vet clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

pytestmark = pytest.mark.slow

_STR = {"type": "string"}
_THING = {"type": "object", "properties": {"id": _STR}}
_OK = {"200": {"description": "ok", "content": {"application/json": {"schema": _THING}}}}


def _param(name: str, where: str = "path") -> dict[str, object]:
    return {"name": name, "in": where, "required": where == "path", "schema": _STR}


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Bank", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/v1/accounts": {"get": {"operationId": "listAccounts", "responses": _OK}},
        "/v1/accounts/{account}/external_accounts/{id}": {
            "get": {
                "operationId": "getExternalAccount",
                "parameters": [_param("account"), _param("id"), _param("expand", "query")],
                "responses": _OK,
            }
        },
        "/v1/chat/completions": {"post": {"operationId": "createChatCompletion", "responses": _OK}},
    },
}

GO_TEST = """package bank

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"bank/models/operations"
)

func TestNestedCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"id": r.Method + " " + r.URL.RequestURI()})
	}))
	defer srv.Close()
	client := New(WithServerURL(srv.URL))
	got, err := client.Accounts.ExternalAccounts.Retrieve(context.Background(),
		operations.GetExternalAccountRequest{Account: "a 1", ID: "ba_2", Expand: String("x")})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == nil || *got.ID != "GET /v1/accounts/a%201/external_accounts/ba_2?expand=x" {
		t.Fatalf("got %v", got.ID)
	}
	made, err := client.Chat.Completions.Create(context.Background())
	if err != nil || made.ID == nil || *made.ID != "POST /v1/chat/completions" {
		t.Fatalf("got %v, %v", made, err)
	}
}
"""


def test_go_nested_services(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "bank.json").write_text(json.dumps(SPEC))
    out = tmp_path / "go"
    args = ["generate", str(tmp_path / "bank.json"), "--lang", "go", "--name", "Bank", "-o"]
    result = CliRunner().invoke(main, [*args, str(out)])
    assert result.exit_code == 0, result.output
    (out / "tree_test.go").write_text(GO_TEST)
    vet = run_go(["vet", "./..."], out)
    assert vet.returncode == 0, vet.stdout + vet.stderr
    proc = run_go(["test", "-count=1", "-run", "TestNestedCall", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
