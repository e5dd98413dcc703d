"""`format: date-time` is time.Time and `format: date` components.Date in Go, on the wire as
RFC 3339 and YYYY-MM-DD in bodies and query parameters (issue 21)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from go_support import require_go, run_go

from generator.cli import main

pytestmark = pytest.mark.slow
TESTDATA = Path(__file__).resolve().parent / "testdata"
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Cal", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:1"}],
    "paths": {
        "/events": {
            "get": {
                "operationId": "listEvents",
                "tags": ["events"],
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "schema": {"type": "string", "format": "date-time"},
                    },
                    {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                        },
                    }
                },
            },
            "post": {
                "operationId": "createEvent",
                "tags": ["events"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                    },
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Event"}}
                        },
                    }
                },
            },
        }
    },
    "components": {
        "schemas": {
            "Event": {
                "type": "object",
                "required": ["at", "on"],
                "properties": {
                    "at": {
                        "type": "string",
                        "format": "date-time",
                        "example": "2025-06-01T10:30:00+02:00",
                    },
                    "on": {"type": "string", "format": "date"},
                    "ends": {"type": "string", "format": "date-time", "nullable": True},
                    "days": {"type": "array", "items": {"type": "string", "format": "date"}},
                },
            }
        }
    },
}


def test_go_dates_round_trip(tmp_path: Path) -> None:
    require_go()
    (tmp_path / "cal.json").write_text(json.dumps(SPEC))
    out = tmp_path / "out"
    args = ["generate", str(tmp_path / "cal.json"), "--lang", "go", "--name", "Cal", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    models = (out / "models" / "components" / "models.go").read_text()
    assert "At   time.Time" in models and "On   Date" in models
    shutil.copy(TESTDATA / "dates_test.go.txt", out / "dates_test.go")
    proc = run_go(["test", "-count=1", "-run", "TestDatesRoundTrip", "."], out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
