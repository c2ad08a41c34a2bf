"""The parts of an invalid brief that are valid, so that every error is reported in one run.

When the model refuses a brief, the checks across fields (a short table row, a ``cite:`` id no
source declares, one measure in two units) still run on the parts that did validate: a model
whose fields all validated is itself; a model with an invalid field that is optional keeps its
other fields (the invalid one is left at its default); a model with an invalid required field is
left out (``None``, in its place in its list, so that every other part keeps its index and its
position in the brief). The brief itself is always kept, whatever its required fields hold, so
that its sections, claims and sources are checked.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from briefing.model import Brief
from briefing.read import Path_

#: Stands for a value that did not validate.
_FAILED = object()


def partial_brief(data: Any, error: ValidationError) -> Brief | None:
    """The valid parts of ``data``, whose validation raised ``error`` (None if it is not a
    mapping). Lists may hold ``None`` where an element did not validate."""
    if not isinstance(data, dict):
        return None
    found = _model(Brief, data, (), error_paths(error), root=True)
    return found if isinstance(found, Brief) else None


def error_paths(error: ValidationError) -> set[Path_]:
    """The field paths of ``error``'s problems (in the normalised data the model saw)."""
    return {tuple(e["loc"]) for e in error.errors()}


def _has_error(path: Path_, bad: set[Path_]) -> bool:
    return any(loc[: len(path)] == path for loc in bad)


def _model(
    model: type[BaseModel], data: Any, path: Path_, bad: set[Path_], root: bool = False
) -> Any:
    if not _has_error(path, bad):
        try:
            return model.model_validate(data)
        except ValidationError:
            return _FAILED
    if not isinstance(data, dict):
        return _FAILED
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in data:
            if info.is_required() and not root:
                return _FAILED
            continue
        value = _field(model, name, data[key], (*path, key), bad)
        if value is _FAILED:
            if info.is_required() and not root:
                return _FAILED
            value = None if info.is_required() else info.get_default(call_default_factory=True)
        fields[name] = value
    return model.model_construct(**fields)


def _field(model: type[BaseModel], name: str, raw: Any, path: Path_, bad: set[Path_]) -> Any:
    if not _has_error(path, bad):
        try:
            return _adapter(model, name).validate_python(raw)
        except ValidationError:
            return _FAILED
    annotation = model.model_fields[name].annotation
    if isinstance(raw, dict):
        inner = _model_in(annotation, many=False)
        return _model(inner, raw, path, bad) if inner is not None else _FAILED
    if isinstance(raw, list):
        inner = _model_in(annotation, many=True)
        if inner is None:
            return _FAILED
        items = [_model(inner, item, (*path, i), bad) for i, item in enumerate(raw)]
        return [None if item is _FAILED else item for item in items]
    return _FAILED


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info: FieldInfo = model.model_fields[name]
    annotation: Any = info.annotation  # a type form; typed loosely by pydantic's own stubs
    if not info.metadata:
        return TypeAdapter(annotation)
    annotated: Any = Annotated[annotation, *info.metadata]
    return TypeAdapter(annotated)


def _model_in(annotation: Any, many: bool) -> type[BaseModel] | None:
    """The model class ``annotation`` takes (a list of, with ``many``), if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0], many)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg, many)
            if found is not None:
                return found
        return None
    if origin is list:
        return _model_in(typing.get_args(annotation)[0], False) if many else None
    if not many and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None
