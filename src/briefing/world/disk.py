"""The world on disk: :class:`DiskWorld`, one per brief (see :mod:`briefing.world`).

Files the brief names are resolved inside its folder (no ``..``, no absolute paths, no symbolic
link out of it), read only if they are regular files, and never beyond a size limit. Themes and
font files are read once per version of their file in a process, so a batch or ``watch`` reads
them once and still sees an edit at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from briefing.errors import BriefError, Diagnostic
from briefing.materials.fonts import FontFile, FontSet, ThemeFonts, register_fonts
from briefing.read import LIMITS, parse_kept
from briefing.theme import BUILTIN_THEMES, Theme, assets_dir
from briefing.world import MAX_FONT_BYTES, MAX_IMAGE_BYTES
from briefing.world.cache import Cache, cache_dir, key_of
from briefing.world.files import read_regular_file, resolve_inside


def refused(name: str, field: str, message: str, hint: str) -> BriefError:
    return BriefError(message, (Diagnostic(name, 0, 0, field, message, hint),))


class DiskWorld:
    """The world of one brief on disk."""

    def __init__(
        self,
        path: Path,
        display: str | None = None,
        clock: Callable[[], datetime] | None = None,
        cache: Cache | None = None,
    ) -> None:
        self.path = path
        self._name = display or str(path)
        self.folder = path.parent.resolve()  # the one place the brief's folder is resolved
        self._clock = clock or (lambda: datetime.now(UTC).replace(microsecond=0))
        self._cache = cache if cache is not None else Cache(cache_dir())

    @property
    def name(self) -> str:
        return self._name

    @property
    def place(self) -> str:
        return str(self.folder)

    @property
    def cache(self) -> Cache:
        return self._cache

    def source(self) -> bytes:
        return read_regular_file(self.path, self._name, LIMITS.max_bytes)

    def locate(self, relative: str) -> str | None:
        found = resolve_inside(self.folder, relative)
        return found if isinstance(found, str) else None

    def read(self, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        return _read_inside(self.folder, relative, limit)

    def theme(self, name: str) -> Theme:
        if name in BUILTIN_THEMES:
            builtin = assets_dir() / "themes" / f"{name}.yaml"
            return load_theme_file(builtin, f"{name}.yaml", self._cache)
        found = resolve_inside(self.folder, name)
        if isinstance(found, str):
            raise BriefError(
                f"theme '{name}' {found}",
                (
                    Diagnostic(
                        name,
                        0,
                        0,
                        "layout.theme",
                        f"theme '{name}' {found}",
                        f"built-in themes: {', '.join(BUILTIN_THEMES)}",
                    ),
                ),
            )
        return load_theme_file(found, name, self._cache)

    def theme_file(self, theme: Theme, relative: str, limit: int = MAX_IMAGE_BYTES) -> bytes:
        return _read_inside(Path(theme.folder), relative, limit)

    def font_files(self, theme: Theme) -> ThemeFonts:
        return theme_fonts(theme, self._cache)

    def inputs(self, relatives: list[str]) -> list[Path]:
        """The brief and the files it names (those that exist), for ``watch`` to look at."""
        found = [self.path]
        for relative in relatives:
            resolved = resolve_inside(self.folder, relative)
            if isinstance(resolved, Path):
                found.append(resolved)
        return found

    def fonts(self, theme: Theme) -> FontSet:
        return register_fonts(theme_fonts(theme, self._cache))

    def now(self) -> datetime:
        return self._clock()


def _read_inside(folder: Path, relative: str, limit: int) -> bytes:
    found = resolve_inside(folder, relative)
    if isinstance(found, str):
        raise refused(
            relative,
            "",
            f"'{relative}' {found}",
            "name a file inside the brief's folder, relative to it",
        )
    return read_regular_file(found, relative, limit)


# ------------------------------------------------------------------ themes and font files


def load_theme_file(path: Path, display: str, store: Cache | None = None) -> Theme:
    """The theme in ``path``, validated (see :func:`briefing.validate.checks.validate_theme`);
    with ``store``, its parsed document and the validated theme are kept there (see
    :func:`briefing.read.parse_kept` and :mod:`briefing.world.kept`)."""
    return _parse_theme(path, display, _stamp(path), store.folder if store else None)


@lru_cache(maxsize=32)
def _parse_theme(path: Path, display: str, stamp: tuple[int, int], kept: Path | None) -> Theme:
    from briefing.validate.checks import validate_theme

    raw = read_regular_file(path, display, LIMITS.max_bytes)
    doc = parse_kept(raw, display, Cache(kept))
    return validate_theme(doc, str(path.parent), Cache(kept) if kept is not None else None)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)  # reading it says what is wrong
    return (info.st_mtime_ns, info.st_size)


def font_path(theme: Theme, filename: str, key: str = "") -> Path:
    """Find a font file: next to the theme file first, then in the project's fonts. A file
    not found is reported at the theme's ``fonts.<key>`` line."""
    for folder in (Path(theme.folder), assets_dir() / "fonts"):
        candidate = folder / filename
        if filename and "/" not in filename and candidate.is_file():
            return candidate
    raise BriefError(
        f"font {filename} not found",
        (
            Diagnostic(
                theme.file or f"theme {theme.name}",
                *theme.font_positions.get(key, (0, 0)),
                f"fonts.{key}" if key else "fonts",
                f"font file '{filename}' not found",
                "put the .ttf file next to the theme file",
            ),
        ),
    )


def _font_file(theme: Theme, filename: str, store: Cache, key: str = "") -> FontFile:
    path = font_path(theme, filename, key)
    stamp = _file_stamp(path)
    known = _FONTS.get((path, stamp))
    if known is None:
        known = _FONTS[(path, stamp)] = _font_at(path, stamp, store)
    return known


#: Font files named in this process, by path and stamp (a batch or watch names them once).
_FONTS: dict[tuple[Path, str], FontFile] = {}


def _file_stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"  # reading it says what is wrong
    return f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"


def _font_at(path: Path, stamp: str, store: Cache) -> FontFile:
    """The font file at ``path``, named by its content without reading it when its digest is
    kept (by the file's device, inode, size and modification time: a result of our own).

    Reading is the costly part for a theme's fallbacks (a CJK face is megabytes) that most
    briefs never use; a kept digest is checked against the content whenever it is read.
    """
    key = key_of("font-digest", str(path), stamp)
    kept, _, seal = (store.read(key, "digest") or "").strip().partition(" ")

    def load() -> bytes:
        return read_regular_file(path, str(path), MAX_FONT_BYTES)

    # an entry is used only if its seal ties it to its key: a damaged entry costs a read
    if len(kept) == 64 and seal == key_of(key, kept)[:16]:
        return FontFile(str(path), kept, load)
    font = FontFile.of(str(path), load())
    store.write(key, "digest", f"{font.digest} {key_of(key, font.digest)[:16]}")
    return font


def theme_fonts(theme: Theme, store: Cache | None = None) -> ThemeFonts:
    """The font files a theme names (a fallback ``X-Regular.ttf`` brings ``X-Bold.ttf``)."""
    store = store if store is not None else Cache(None)
    f = theme.fonts
    fallbacks = []
    for n, file in enumerate(f.fallbacks):
        heavy = None
        if file.endswith("-Regular.ttf"):  # a -Bold sibling, where there is one, sets bold
            try:
                heavy = _font_file(theme, file.replace("-Regular.ttf", "-Bold.ttf"), store)
            except BriefError:
                heavy = None
        fallbacks.append((_font_file(theme, file, store, f"fallbacks[{n}]"), heavy))
    return ThemeFonts(
        theme.name,
        _font_file(theme, f.regular, store, "regular"),
        _font_file(theme, f.bold, store, "bold"),
        _font_file(theme, f.italic, store, "italic"),
        _font_file(theme, f.bold_italic, store, "bold_italic"),
        tuple(fallbacks),
    )
