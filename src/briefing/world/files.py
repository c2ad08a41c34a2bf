"""The disk edge for inputs: reading briefs, themes and assets safely.

Only regular files are read (a named pipe or ``/dev/zero`` must not hang or eat memory), never
more than a limit, and a path that a brief names must stay inside the brief's folder.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing.errors import BriefError, Diagnostic


def read_regular_file(path: Path, name: str, max_bytes: int) -> bytes:
    """Read a regular file of at most ``max_bytes``; anything else is a :class:`BriefError`."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise BriefError(
            "no such file", (Diagnostic(name, 0, 0, "", "no such file", "check the path"),)
        ) from None
    except IsADirectoryError:
        raise BriefError(
            "is a directory",
            (Diagnostic(name, 0, 0, "", "is a directory, not a file", "name a .yaml file"),),
        ) from None
    except OSError as exc:
        raise BriefError(
            "cannot read", (Diagnostic(name, 0, 0, "", f"cannot read: {exc.strerror}", ""),)
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BriefError(
                "is a directory",
                (Diagnostic(name, 0, 0, "", "is a directory, not a file", "name a .yaml file"),),
            )
        if not stat.S_ISREG(info.st_mode):
            raise BriefError(
                "not a regular file",
                (
                    Diagnostic(
                        name,
                        0,
                        0,
                        "",
                        "is not a regular file (a pipe, device or socket)",
                        "name an ordinary file",
                    ),
                ),
            )
        if info.st_size > max_bytes:
            raise BriefError(
                "file too large",
                (
                    Diagnostic(
                        name,
                        0,
                        0,
                        "",
                        f"the file is {info.st_size:,} bytes; the limit is {max_bytes:,} bytes",
                        "",
                    ),
                ),
            )
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise BriefError(
                "file too large",
                (Diagnostic(name, 0, 0, "", f"the file is larger than {max_bytes:,} bytes", ""),),
            )
        return data
    finally:
        os.close(fd)


def resolve_inside(base: Path, relative: str) -> Path | str:
    """Resolve ``relative`` inside folder ``base``; return the path or the reason it is refused."""
    if (
        not relative
        or relative.startswith(("/", "\\", "~"))
        or "://" in relative
        or (len(relative) > 1 and relative[1] == ":")
    ):
        return "must be a relative path inside the brief's folder"
    parts = Path(relative).parts
    if ".." in parts:
        return "may not use '..' to leave the brief's folder"
    root = base.resolve()
    target = (root / relative).resolve()
    if target != root and root not in target.parents:
        return "leaves the brief's folder (through a symbolic link)"
    if not target.exists():
        return "no such file"
    if not target.is_file():
        return "is not a regular file"
    return target
