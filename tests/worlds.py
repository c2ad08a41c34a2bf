"""A world for tests: the brief and the files beside it held in memory, the clock fixed.

Built-in themes and the project's fonts come from the package's own assets (as they would for a
user); nothing else is read from the disk. The cache is the test run's own folder unless a test
passes another (``MemoryCache`` keeps entries in a dict).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from briefing.errors import BriefError, Diagnostic
from briefing.materials.fonts import FontSet, ThemeFonts, register_fonts
from briefing.read import parse_brief
from briefing.theme import BUILTIN_THEMES, Theme, assets_dir
from briefing.validate.checks import validate_theme
from briefing.world import MAX_IMAGE_BYTES
from briefing.world.cache import Cache, cache_dir
from briefing.world.disk import load_theme_file, theme_fonts

GENERATED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class MemoryCache(Cache):
    """Cache entries in a dict: what a build keeps, and nothing on disk."""

    def __init__(self) -> None:
        super().__init__(None)
        self.entries: dict[str, bytes] = {}

    def read_bytes(self, key: str, suffix: str) -> bytes | None:
        return self.entries.get(f"{key}.{suffix}")

    def write_bytes(self, key: str, suffix: str, data: bytes) -> None:
        self.entries[f"{key}.{suffix}"] = data


class MemoryWorld:
    """A brief named ``name`` whose folder holds ``files`` (relative name -> bytes)."""

    def __init__(
        self,
        text: str | bytes,
        name: str = "test.yaml",
        files: dict[str, bytes] | None = None,
        now: datetime = GENERATED,
        cache: Cache | None = None,
    ) -> None:
        self._source = text.encode("utf-8") if isinstance(text, str) else text
        self._name = name
        self.files = dict(files or {})
        self._now = now
        self._cache = cache if cache is not None else Cache(cache_dir())
        self.read_log: list[str] = []  # every file of the folder a build asked for

    @property
    def name(self) -> str:
        return self._name

    @property
    def place(self) -> str:
        return "memory"

    @property
    def cache(self) -> Cache:
        return self._cache

    def source(self) -> bytes:
        return self._source

    def locate(self, relative: str) -> str | None:
        return None if relative in self.files else "no such file"

    def read(self, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        self.read_log.append(relative)
        if relative not in self.files:
            message = f"'{relative}' no such file"
            raise BriefError(message, (Diagnostic(relative, 0, 0, "", message, ""),))
        data = self.files[relative]
        if len(data) > limit:
            message = f"the file is {len(data):,} bytes; the limit is {limit:,} bytes"
            raise BriefError(message, (Diagnostic(relative, 0, 0, "", message, ""),))
        return data

    def theme(self, name: str) -> Theme:
        if name in BUILTIN_THEMES:
            return load_theme_file(assets_dir() / "themes" / f"{name}.yaml", f"{name}.yaml")
        return validate_theme(parse_brief(self.read(name), name), "")

    def theme_file(self, theme: Theme, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        return (Path(theme.folder) / relative).read_bytes()

    def font_files(self, theme: Theme) -> ThemeFonts:
        return theme_fonts(theme, self._cache)

    def fonts(self, theme: Theme) -> FontSet:
        return register_fonts(theme_fonts(theme, self._cache))

    def now(self) -> datetime:
        return self._now
