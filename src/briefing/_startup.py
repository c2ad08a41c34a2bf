"""Start-up: defer work ReportLab does when it is imported but a typical build never needs.

Two things, each done before ReportLab is imported, each leaving behaviour unchanged:

- :func:`defer_reportlab_regex`: stand-ins for three costly regular expressions: ReportLab's
  URL pattern (below) and CJK pattern (~4 ms, compiled only if used), and PyYAML's
  non-printable characters (~5.5 ms; the same set written as the characters it excludes
  compiles in 0.5 ms).
- :func:`defer_imports`: ``PIL.Image`` (~10 ms; ReportLab imports it for raster images) and
  ``uharfbuzz`` (~10 ms; for shaping Arabic and Hebrew) are put in ``sys.modules`` as lazy
  modules (:class:`LazyModule`): each runs its code the first time one of its attributes is
  used, so a brief with no logo image and no RTL text never pays for them.

The regular expression:

``reportlab.platypus.paragraph`` compiles ``uri_pat`` at import: a case-insensitive URL pattern
over ``[a-z\\xa1-\\uffff]`` ranges that takes ~30 ms to compile, a tenth of a cold build. Only
ReportLab's ``uriWasteReduce`` paragraph option uses it, and briefing never sets that option.
:func:`defer_reportlab_regex` puts a stand-in for it in ``re``'s cache before ReportLab is
imported; the stand-in compiles the real pattern the first time it is used, so behaviour is
unchanged. If ReportLab changes the pattern or Python its cache, nothing matches and the
pattern is compiled as before (``tests/test_speed.py`` says when that happens).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
import types
from collections.abc import Iterable
from typing import Any

#: Modules ReportLab imports eagerly that only some briefs use (see the module doc), and the
#: distribution that installs each.
LAZY_MODULES = {"PIL.Image": "pillow", "uharfbuzz": "uharfbuzz"}

#: ``reportlab.platypus.paragraph.uri_pat`` (ReportLab 4.x and 5.x), compiled with ``re.I``.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\"
    "d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff"
    "0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-"
    "]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|loca"
    "lhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)


#: ``reportlab.lib.textsplit.rx`` (CJK wrapping), compiled with ``re.UNICODE``: ~4 ms.
CJK_PATTERN = "([\u2e80-\uffff])"

#: ``yaml.reader.Reader.NON_PRINTABLE``: ~5.5 ms to compile, used on every brief read.
YAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
#: The same characters, written as the few it excludes: 0.5 ms to compile, and equal to it
#: for every code point (tests/test_speed.py checks all 1,114,112).
YAML_NON_PRINTABLE_SMALL = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


class Deferred:
    """A compiled pattern that is compiled when first used (``instead``: an equal pattern).

    It passes every method and attribute on to the compiled pattern; ``pattern`` is the
    original text, and a pickled or copied stand-in comes back as a real compiled pattern.
    It is not an instance of ``re.Pattern``, so ``re.sub(stand_in, ...)`` would not take it:
    none of the patterns it stands in for is used that way.
    """

    __slots__ = ("_compiled", "_flags", "_original", "_pattern")

    def __init__(self, pattern: str, flags: int, instead: str | None = None) -> None:
        self._original, self._pattern, self._flags = pattern, instead or pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> str:
        return self._original

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            # wrapped in a non-capturing group: the same expression under another cache key,
            # so that compiling it does not find this stand-in again
            self._compiled = re.compile(f"(?:{self._pattern})", self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in Deferred.__slots__:
            raise AttributeError(name)  # not for the pattern: pickle, copy and unset slots
        return getattr(self.compiled(), name)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return re.compile, (self._original, self._flags)


def defer_reportlab_regex() -> None:
    """Seed ``re``'s cache with stand-ins for costly patterns (see the module doc).

    Each pattern is used only through its methods (``match``, ``sub``, ``search``), which a
    stand-in passes on; none is handed to ``re`` functions, which would need a real pattern.
    """
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    stand_ins = (
        (URI_PATTERN, int(re.IGNORECASE), None),
        (CJK_PATTERN, int(re.UNICODE), None),
        (YAML_NON_PRINTABLE, 0, YAML_NON_PRINTABLE_SMALL),
    )
    for pattern, flags, instead in stand_ins:
        cache.setdefault((str, pattern, flags), Deferred(pattern, flags, instead))


class LazyModule(types.ModuleType):
    """A module whose code runs when an attribute it does not have yet is first looked up.

    Unlike :class:`importlib.util.LazyLoader`, whose modules load on *any* attribute access,
    ``__spec__`` and the other attributes the import system sets are plain attributes here:
    ``import uharfbuzz`` (which reads ``__spec__``) does not load the module; using it does.
    """

    def __getattr__(self, name: str) -> Any:
        with _LOCK:  # one thread runs the module's code; others wait for it
            if type(self) is LazyModule:
                state = self.__dict__
                if state.get("__lazy_running__"):  # looked up by its own code while it runs
                    raise AttributeError(
                        f"partially initialized module {self.__name__!r} has no attribute {name!r}"
                    )
                spec = self.__spec__
                assert spec is not None and spec.loader is not None
                state["__lazy_running__"] = True
                try:
                    spec.loader.exec_module(self)
                except ImportError as exc:
                    sys.modules.pop(spec.name, None)  # as a failed import leaves it
                    package = LAZY_MODULES.get(spec.name, spec.name)
                    raise ImportError(
                        f"{spec.name} is installed but cannot be imported ({exc}); reinstall "
                        f"it: pip install --force-reinstall {package}",
                        name=spec.name,
                    ) from exc
                except BaseException:
                    sys.modules.pop(spec.name, None)
                    raise
                finally:
                    del state["__lazy_running__"]
                self.__class__ = types.ModuleType  # type: ignore[assignment]
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "__spec__":  # importlib.reload sets it, then runs the module's code itself
            self.__class__ = types.ModuleType  # type: ignore[assignment]
        types.ModuleType.__setattr__(self, name, value)


_LOCK = threading.RLock()


def defer_imports(names: Iterable[str] = LAZY_MODULES) -> None:
    """Make each module in ``names`` lazy unless it is already imported or not installed."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = importlib.util.module_from_spec(spec)
        module.__class__ = LazyModule
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:  # as an import would: the package gets the submodule as an attribute
            setattr(sys.modules[parent], child, module)
