"""Caches keyed by content: drawn charts, parsed fonts and fitted scales, kept between runs.

An entry's file name is a SHA-256 of everything that decides its content, so an entry is
never stale, only unused. Reading never trusts an entry: the chart stage checks an SVG is
whole and the fit checks the remembered scale still fits. A cache that cannot be read or
written costs a redraw or a search, never a failed build.

Folder: ``$BRIEFING_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefing``, else ``~/.cache/briefing``.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
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


def read(key: str, suffix: str) -> str | None:
    """The text kept under ``key`` (a ``.suffix`` file), or None."""
    data = read_bytes(key, suffix)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_bytes(key: str, suffix: str) -> bytes | None:
    """The bytes kept under ``key`` (a ``.suffix`` file), or None.

    Only a regular file of at most :data:`MAX_ENTRY` bytes is read: a symbolic link, a FIFO
    (which would block), a device or a huge file in the cache folder is not an entry.
    """
    path = cache_dir() / f"{key}.{suffix}"
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
        return data if len(data) <= MAX_ENTRY else None
    except OSError:
        return None
    finally:
        os.close(fd)


def write(key: str, suffix: str, text: str) -> None:
    """Keep ``text`` under ``key``, atomically; a read-only or full disk is ignored."""
    write_bytes(key, suffix, text.encode("utf-8", "surrogatepass"))


def write_bytes(key: str, suffix: str, data: bytes) -> None:
    """Keep ``data`` under ``key``, atomically; a read-only or full disk is ignored."""
    folder = cache_dir()
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


@cache
def code_version() -> str:
    """A digest of this package's code and ReportLab's version: layout depends on both.

    Hashing the source (about 300 KB, well under a millisecond) rather than trusting the
    version number keeps a development checkout's cache honest after every edit.
    """
    import reportlab

    digest = hashlib.sha256(str(getattr(reportlab, "Version", "?")).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
