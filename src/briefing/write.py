"""Stage 5, write: PDF bytes -> a file, atomically.

The bytes go to a temporary file in the target folder, are flushed to disk and renamed into
place, so a failure at any point leaves the previous PDF byte-identical and no partial file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from briefing.errors import Diagnostic, OutputError


def _fail(path: Path, message: str, hint: str = "") -> OutputError:
    return OutputError(message, (Diagnostic(str(path), 0, 0, "", message, hint),))


def check_output_path(path: Path, inputs: list[Path]) -> None:
    """Refuse an output path that is a directory, or one of the inputs (the brief, its assets)."""
    if path.is_dir():
        raise _fail(
            path,
            "the output path is a directory",
            f"give a file name ending in .pdf, or write into the folder with -o {path}/",
        )
    try:
        resolved = path.resolve()
    except OSError as exc:
        raise _fail(path, f"cannot use the output path: {exc.strerror}") from None
    for source in inputs:
        with contextlib.suppress(OSError):
            if resolved == source.resolve():
                raise _fail(
                    path,
                    "the output path is an input of the build; it would be overwritten",
                    "write the PDF somewhere else, e.g. output/",
                )


def write_pdf(pdf: bytes, path: Path) -> None:
    """Write ``pdf`` to ``path`` atomically (temporary file in the same folder, then rename)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(path, f"cannot create the folder {folder}: {exc.strerror}") from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _fail(
            path,
            f"cannot write in {folder}: {exc.strerror}",
            "check that the folder exists and is writable",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _fail(
                path,
                f"cannot write the PDF: {exc.strerror}",
                "check free disk space and permissions",
            ) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
