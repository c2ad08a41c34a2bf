"""The JSON Schema of a pack file (``briefing schema --pack``), generated from its model.

Takes :class:`~briefing.packs.model.PackFile`; returns a JSON Schema (draft 2020-12) that an
editor uses to complete and check a pack file, as ``briefing schema`` does for a brief.
"""

from __future__ import annotations

from typing import Any

from briefing.packs.model import PackFile
from briefing.validate.schema import loosen_text

SCHEMA_ID = "https://briefing.example/schema/pack.schema.json"


def pack_schema() -> dict[str, Any]:
    """A JSON Schema of the pack file: ``pack:`` and nothing else at the top."""
    schema = PackFile.model_json_schema(by_alias=True, mode="validation")
    loosen_text(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "briefing pack: several briefs for one meeting",
    }
