"""`--format json`: one JSON object on stdout per command, in one shape for every command.

    {"schema_version": 1, "command": "generate" | "check" | "diff" | "normalize",
     "exit_code": 0 | 1 | 2 | 70 | 130,
     "diagnostics": [{"level", "kind", "message", "file", "pointer", "line", "column", "hint"}],
     "results": {...what the command found; see docs/output.schema.json}}

The schema is `docs/output.schema.json`; `SCHEMA_VERSION` changes when a field changes meaning
or goes away (added fields keep it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Kind, Level

SCHEMA_VERSION = 1


@dataclass
class Envelope:
    """What one command run says, collected until it exits."""

    command: str
    diagnostics: list[dict[str, object]] = field(default_factory=list)
    results: dict[str, Any] = field(default_factory=dict)

    def add(self, diagnostic: Diagnostic) -> None:
        """Record a diagnostic (every level, notes too)."""
        self.diagnostics.append(diagnostic.as_dict())

    def add_error(self, message: str, kind: Kind = Kind.PROBLEM) -> None:
        """Record an error that is not about a spec location (usage, internal)."""
        self.add(Diagnostic(Level.ERROR, message, kind=kind))

    def text(self, exit_code: int) -> str:
        """The one line printed on stdout."""
        return json.dumps(
            {
                "schema_version": SCHEMA_VERSION,
                "command": self.command,
                "exit_code": exit_code,
                "diagnostics": self.diagnostics,
                "results": self.results,
            },
            sort_keys=True,
        )
