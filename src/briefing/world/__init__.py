"""The world: everything a build reaches outside its own values, behind one interface.

As in typst's compiler, the stages never touch the disk or the clock themselves: reading the
brief, the files it names (confined to its folder, size-limited, regular files only), themes,
font files, the cache and the time all come from a :class:`World`. The stages are functions of
values and the world, so a build is reproducible, and tests hand in a world of their own
(``tests/worlds.py`` keeps files in memory).

:class:`briefing.world.disk.DiskWorld` is the one implementation on disk, made once per brief: the
brief's folder is resolved there, once, and nowhere else. This module holds only the interface,
so that every stage may name it without importing the disk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from briefing.materials.fonts import FontSet, ThemeFonts
from briefing.theme import Theme
from briefing.world.cache import Cache

#: The largest image (logo or figure) a brief may name.
MAX_IMAGE_BYTES = 5_000_000
#: The largest font file a theme may name.
MAX_FONT_BYTES = 40_000_000


class World(Protocol):
    """What a build may reach outside its values."""

    @property
    def name(self) -> str:
        """The brief as it is named in messages (the path the user typed)."""
        ...

    @property
    def place(self) -> str:
        """Where the brief lives (its folder on disk): an edited brief keeps its place, so its
        latest fitted scale is found again."""
        ...

    @property
    def cache(self) -> Cache:
        """Results of our own kept between runs (drawn charts, fitted scales)."""
        ...

    def source(self) -> bytes:
        """The brief's bytes."""
        ...

    def locate(self, relative: str) -> str | None:
        """None if ``relative`` names a usable file inside the brief's folder, else why not."""
        ...

    def read(self, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        """A file inside the brief's folder (a :class:`BriefError` names what is wrong)."""
        ...

    def theme(self, name: str) -> Theme:
        """A built-in theme by name, or a theme file inside the brief's folder."""
        ...

    def theme_file(self, theme: Theme, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        """A file inside the theme's own folder (its logo)."""
        ...

    def font_files(self, theme: Theme) -> ThemeFonts:
        """The theme's font files: next to the theme file first, then the project's fonts."""
        ...

    def fonts(self, theme: Theme) -> FontSet:
        """The theme's fonts, registered with ReportLab under names made from their content."""
        ...

    def now(self) -> datetime:
        """The time a build is stamped with (``SOURCE_DATE_EPOCH`` on disk, if set)."""
        ...
