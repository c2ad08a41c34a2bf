"""Validated models kept by content: a rebuild of an unchanged brief builds no validator.

pydantic builds a model's validator (and serializer) on its first use in a process: for the
``Brief`` and the ``Theme`` that is about a fifth of a cold rebuild (see bench/RESULTS.md). A
valid brief is the common case, and the same data validates to the same model every time, so
the model made from some data is kept in the cache under a key of that data (and of the code),
as plain JSON of our own, and a later process with the same data rebuilds it with pydantic's
public ``model_construct`` (which builds no validator) instead of validating again.

What is kept is exact or nothing: :func:`keep` stores a model only when the model thawed from
its JSON equals it (fields, which fields were set, private attributes), and :func:`thaw`
refuses anything that is not what :func:`freeze` writes (an unknown model class, an unknown
tag): then the data is validated as usual. Only data that validated is kept; an invalid brief
is validated, and its errors reported, every time. The JSON holds values only (strings,
numbers, dates, lists, tuples, sets, mappings and our model classes by name): reading it never
runs code.

:func:`encoded` is the same encoding as canonical text, for keys (the fit's key hashes a
brief with it instead of pydantic's ``model_dump_json``, which would build the serializer).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timezone, tzinfo
from typing import Any, TypeVar

import pydantic
import pydantic_core
from pydantic import BaseModel
from pydantic_core import TzInfo

from briefing.world.cache import Cache, code_version, key_of

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T", datetime, time)


class NotKept(ValueError):
    """A value the kept form cannot hold exactly."""


def _classes() -> dict[str, type[BaseModel]]:
    """Our model classes by name (``briefing``'s own; two of the same name refuse to keep)."""
    found: dict[str, type[BaseModel]] = {}
    stack: list[type[BaseModel]] = [BaseModel]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("briefing."):
            continue
        if cls.__name__ in found and found[cls.__name__] is not cls:
            raise NotKept(f"two model classes named {cls.__name__}")
        found[cls.__name__] = cls
    return found


def freeze(value: Any) -> Any:
    """``value`` as JSON-able data that :func:`thaw` turns back into an equal value."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and value != value:  # NaN is not equal to itself
            raise NotKept("NaN")
        return value
    if isinstance(value, BaseModel):
        if not type(value).__module__.startswith("briefing."):
            raise NotKept(f"{type(value).__name__} is not one of our models")
        private = value.__pydantic_private__ or {}
        return {
            "$m": type(value).__name__,
            "f": {name: freeze(item) for name, item in value.__dict__.items()},
            "s": sorted(value.model_fields_set),
            "p": {name: freeze(item) for name, item in private.items()},
        }
    if isinstance(value, datetime):
        return {"$dt": [value.isoformat(), _zone(value.tzinfo)]}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": [value.isoformat(), _zone(value.tzinfo)]}
    if isinstance(value, list):
        return [freeze(item) for item in value]
    if isinstance(value, tuple):
        return {"$tu": [freeze(item) for item in value]}
    if isinstance(value, frozenset):
        items = [freeze(item) for item in value]
        return {"$fs": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}
    if isinstance(value, dict):
        return {"$map": [[freeze(k), freeze(v)] for k, v in value.items()]}
    raise NotKept(f"a {type(value).__name__} cannot be kept")


def thaw(data: Any, classes: dict[str, type[BaseModel]]) -> Any:
    """The value :func:`freeze` made ``data`` of; :class:`NotKept` for anything else."""
    if data is None or isinstance(data, bool | str | int | float):
        return data
    if isinstance(data, list):
        return [thaw(item, classes) for item in data]
    if not isinstance(data, dict) or len(data) not in (1, 4):
        raise NotKept("not a kept value")
    if "$m" in data:
        cls = classes.get(data["$m"])
        if cls is None:
            raise NotKept(f"unknown model {data['$m']!r}")
        fields = {name: thaw(item, classes) for name, item in data["f"].items()}
        made = cls.model_construct(_fields_set=set(data["s"]), **fields)
        for name, item in data["p"].items():
            setattr(made, name, thaw(item, classes))
        return made
    ((tag, inner),) = data.items()
    if tag == "$dt":
        return _zoned(datetime.fromisoformat(inner[0]), inner[1])
    if tag == "$d":
        return date.fromisoformat(inner)
    if tag == "$t":
        return _zoned(time.fromisoformat(inner[0]), inner[1])
    if tag == "$tu":
        return tuple(thaw(item, classes) for item in inner)
    if tag == "$fs":
        return frozenset(_key(thaw(item, classes)) for item in inner)
    if tag == "$map":
        return {_key(thaw(k, classes)): thaw(v, classes) for k, v in inner}
    raise NotKept(f"unknown tag {tag!r}")


def _zone(zone: tzinfo | None) -> str | None:
    """How a time's zone is kept: none, the standard library's, or pydantic's own ``TzInfo``
    (which validation gives an offset, and whose name reads '+05:30', not 'UTC+05:30')."""
    if zone is None:
        return None
    if type(zone) is timezone:
        return "std"
    if type(zone) is TzInfo:
        return "core"
    raise NotKept(f"a {type(zone).__name__} zone cannot be kept")


def _zoned(moment: T, zone: str | None) -> T:
    if zone is None or zone == "std":
        if (moment.tzinfo is None) != (zone is None):
            raise NotKept("a time's zone does not match")
        return moment
    if zone != "core" or moment.tzinfo is None:
        raise NotKept(f"unknown zone {zone!r}")
    offset = moment.utcoffset() if isinstance(moment, datetime) else moment.tzinfo.utcoffset(None)
    if offset is None:
        raise NotKept("a time without its offset")
    return moment.replace(tzinfo=TzInfo(offset.total_seconds()))


def same(a: Any, b: Any) -> bool:
    """``a == b`` with every value of the same type, all the way down (a model's fields, a
    container's items, a time's zone): what "exact" means for a kept model."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return (
            a == b
            and a.model_fields_set == b.model_fields_set
            and same(a.__dict__, b.__dict__)
            and same(a.__pydantic_private__ or {}, b.__pydantic_private__ or {})
        )
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, datetime | time):
        return a == b and type(a.tzinfo) is type(b.tzinfo) and a.utcoffset() == b.utcoffset()
    return bool(a == b)


def _key(value: Any) -> Any:
    if isinstance(value, list):  # a mapping's key is hashable: it was a tuple or a scalar
        raise NotKept("a list as a mapping's key")
    return value


def encoded(value: Any) -> str:
    """``value`` as canonical text: equal values, equal text (for keys)."""
    return json.dumps(freeze(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _versions() -> str:
    """pydantic's versions: another release may validate the same data to another model."""
    return f"pydantic {pydantic.VERSION}, pydantic-core {pydantic_core.__version__}"


def kept_model(cls: type[M], data: Any, store: Cache | None, validate: Callable[[Any], M]) -> M:
    """``validate(data)``, or the model it made before from equal data, kept in ``store``.

    ``validate`` raises for invalid data (nothing is kept then). Data that cannot be encoded
    exactly is validated and not kept.
    """
    if store is None:
        return validate(data)
    try:
        key = key_of("model", cls.__name__, encoded(data), code_version(), _versions())
    except NotKept:
        return validate(data)
    text = store.read_own(key, "json")  # only what no one else could have written
    if text is not None:
        seal, _, body = text.partition("\n")
        if seal == key_of(key, body)[:16]:
            try:
                made = thaw(json.loads(body), _classes())
            except (NotKept, ValueError, TypeError, KeyError):
                made = None
            if isinstance(made, cls):
                return made
    model = validate(data)
    try:
        body = json.dumps(freeze(model), ensure_ascii=False, separators=(",", ":"))
        exact = same(thaw(json.loads(body), _classes()), model)
    except NotKept:
        exact = False
    if exact:
        store.write(key, "json", f"{key_of(key, body)[:16]}\n{body}")
    return model
