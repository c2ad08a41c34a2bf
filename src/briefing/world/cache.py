"""Caches keyed by content: drawn charts, parsed fonts and fitted scales, kept between runs.

An entry's file name is a SHA-256 of everything that decides its content, so an entry is
never stale, only unused. Reading never trusts an entry blindly: the chart stage checks an
SVG is whole and the fit checks the remembered scale still fits. The parsed and validated
briefs and themes (:func:`briefing.read.parse_kept`, :mod:`briefing.world.kept`) decide what
the PDF says and to whom it may be sent, and nothing can check them but parsing again: they are
read only through :meth:`Cache.read_own`, from a folder and a file that no one else can write
(a cache shared with others costs a parse and a validation, never a forged brief). A cache
that cannot be read or written costs a redraw or a search, never a failed build.

Folder: ``$BRIEFING_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefing``, else ``~/.cache/briefing``.

The folder looks after itself: reading an entry marks it used (its modification time), and at
most once a day a write removes entries unused for :data:`MAX_AGE_DAYS` days, then the least
recently used ones while the folder holds more than :data:`MAX_TOTAL` bytes. Only files named
as entries are ever removed, whatever else the folder holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import time
from functools import cache
from pathlib import Path


def cache_dir() -> Path:
    """The cache folder (it may not exist yet)."""
    explicit = os.environ.get("BRIEFING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing"


def key_of(*parts: str) -> str:
    """A cache key for ``parts`` (each part is already a canonical text)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


#: No entry is larger (a kept font face is ~0.3 MB); anything larger is not read.
MAX_ENTRY = 16 * 1024 * 1024
#: Entries unused for this long are removed; so are the least recently used beyond MAX_TOTAL.
MAX_AGE_DAYS = 60
MAX_TOTAL = 256 * 1024 * 1024
#: How an entry's (and a write's temporary file's) name looks: nothing else is removed.
_ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]{1,12}|tmp[A-Za-z0-9_]{1,40}\.tmp")
_MARK = ".pruned"
_DAY = 24 * 3600


class Cache:
    """Entries kept in ``folder`` between runs; with no folder, nothing is kept (tests, or a
    world that must not touch the disk). Reading never trusts an entry: see the module doc."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def read(self, key: str, suffix: str) -> str | None:
        """The text kept under ``key`` (a ``.suffix`` file), or None."""
        data = self.read_bytes(key, suffix)
        try:
            return None if data is None else data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def read_own(self, key: str, suffix: str) -> str | None:
        """:meth:`read`, only when the folder and the entry are this user's and no one else
        can write them (group and others without write permission): an entry another user
        could have written is not read. Where the system has no user ids, as :meth:`read`."""
        if self.folder is None:
            return None
        if hasattr(os, "getuid"):
            uid = os.getuid()
            try:
                folder = os.stat(self.folder)
                entry = os.stat(self.folder / f"{key}.{suffix}", follow_symlinks=False)
            except OSError:
                return None
            for info in (folder, entry):
                if info.st_uid != uid or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None
        return self.read(key, suffix)

    def read_bytes(self, key: str, suffix: str) -> bytes | None:
        """The bytes kept under ``key`` (a ``.suffix`` file), or None.

        Only a regular file of at most :data:`MAX_ENTRY` bytes is read: a symbolic link, a FIFO
        (which would block), a device or a huge file in the cache folder is not an entry.
        """
        if self.folder is None:
            return None
        path = self.folder / f"{key}.{suffix}"
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_ENTRY + 1)
            if len(data) > MAX_ENTRY:
                return None
            if time.time() - info.st_mtime > _DAY:  # used: kept by the pruning (one touch a day)
                with contextlib.suppress(OSError, NotImplementedError):
                    os.utime(fd if os.utime in os.supports_fd else path)
            return data
        except OSError:
            return None
        finally:
            os.close(fd)

    def write(self, key: str, suffix: str, text: str) -> None:
        """Keep ``text`` under ``key``, atomically; a read-only or full disk is ignored."""
        self.write_bytes(key, suffix, text.encode("utf-8", "surrogatepass"))

    def write_bytes(self, key: str, suffix: str, data: bytes) -> None:
        """Keep ``data`` under ``key``, atomically; a read-only or full disk is ignored."""
        folder = self.folder
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, folder / f"{key}.{suffix}")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            return
        prune(folder)


def prune(folder: Path, now: float | None = None) -> None:
    """Remove unused entries, at most once a day (see the module doc); errors are ignored."""
    now = time.time() if now is None else now
    mark = folder / _MARK
    try:
        if now - mark.stat().st_mtime < _DAY:
            return
    except OSError:
        pass
    try:
        mark.touch()
        os.utime(mark, (now, now))
        entries = []
        for item in os.scandir(folder):
            if _ENTRY.fullmatch(item.name) and item.is_file(follow_symlinks=False):
                info = item.stat(follow_symlinks=False)
                entries.append((info.st_mtime, info.st_size, item.path))
    except OSError:
        return
    entries.sort()
    total = sum(size for _, size, _ in entries)
    for when, size, path in entries:  # oldest first
        stale = now - when > MAX_AGE_DAYS * _DAY or (path.endswith(".tmp") and now - when > _DAY)
        if not stale and total <= MAX_TOTAL:
            continue
        try:
            os.unlink(path)
            total -= size
        except OSError:
            continue


def files_stamp(files: list[Path]) -> str:
    """Names, sizes and modification times of ``files``: what depends on installed code that is
    not imported (importing it is what a cache saves) is keyed by this."""
    parts = []
    for file in files:
        try:
            info = file.stat()
            parts.append(f"{file.name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{file.name}:missing")
    return "|".join(parts)


@cache
def code_version() -> str:
    """A digest of this package's code and ReportLab's version: layout depends on both.

    Hashing the source (about 300 KB, well under a millisecond) rather than trusting the
    version number keeps a development checkout's cache honest after every edit.
    """
    import reportlab

    digest = hashlib.sha256(str(getattr(reportlab, "Version", "?")).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
