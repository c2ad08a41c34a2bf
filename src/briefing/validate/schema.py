"""The JSON Schema of the brief format, generated from the typed model."""

from __future__ import annotations

from typing import Any

from briefing.model import VERSION_1_KEYS, Brief

SCHEMA_ID = "https://briefing.example/schema/brief.schema.json"


def brief_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) that editors can use to complete and check briefs."""
    schema = Brief.model_json_schema(by_alias=True, mode="validation")
    _version_1(schema)
    loosen_text(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "briefing brief, format version 2",
        **schema,
    }


def _version_1(schema: dict[str, Any]) -> None:
    """The shapes of version 1 that the model never sees (:func:`briefing.model.normalise`
    rewrites them into version 2 first), offered where an author may write them: a section's
    ``text``, ``bullets`` and ``quote`` beside ``blocks``, and one ``claims`` or ``analysis``
    mapping instead of a list."""
    defs = schema["$defs"]
    block = defs["Block"]["properties"]
    section = defs["Section"]["properties"]
    heading, blocks = section["heading"], section["blocks"]
    blocks["anyOf"] = [{"items": {"$ref": "#/$defs/Block"}, "type": "array"}, {"type": "null"}]
    blocks["default"] = None
    others = {k: v for k, v in section.items() if k not in ("heading", "blocks")}  # its id
    defs["Section"]["properties"] = {
        **others,
        "heading": heading,
        **{key: block[key] for key in VERSION_1_KEYS},
        "blocks": {key: blocks[key] for key in ("anyOf", "default", "description", "title")},
    }
    for key, name in (("claims", "Claims"), ("analysis", "Analysis")):
        field = schema["properties"][key]
        ref = {"$ref": f"#/$defs/{name}"}
        schema["properties"][key] = {
            "anyOf": [{"oneOf": [ref, {"items": ref, "type": "array"}]}, {"type": "null"}],
            "default": None,
            "description": field["description"],
            "title": field["title"],
        }


def loosen_text(node: Any) -> None:
    """YAML editors read ``3.10`` or ``no`` as numbers or booleans; briefing takes them as text.

    So wherever the model wants text, the schema also admits numbers and booleans, which the
    tool prints exactly as typed.
    """
    if isinstance(node, dict):
        if (
            node.get("type") == "string"
            and "format" not in node
            and "enum" not in node
            and "const" not in node
            and "pattern" not in node  # an id is never a number or a boolean
        ):
            node["type"] = ["string", "number", "boolean"]
        for value in node.values():
            loosen_text(value)
    elif isinstance(node, list):
        for value in node:
            loosen_text(value)
