"""What a PDF was built from: :class:`Provenance`, computed for a brief and read from a PDF.

Every PDF records, in its XMP metadata (:mod:`briefing.render.metadata` writes it, under an
extension schema as PDF/A-1 asks), the brief it was built from (as it was named, and its title),
the SHA-256 of the brief's bytes and of every file the build used (the theme file, the logo, the
figures, the theme's font files and the previous edition's brief) and the version of
``briefing``; and, for an edition, its number and the previous edition's SHA-256. ``send``,
``print`` and ``preview`` reuse or accept a PDF only when its record equals
:func:`provenance_of` the brief as it is now (:func:`mismatch` says what differs).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from briefing import __version__
from briefing.materials.text import plain
from briefing.model import Brief
from briefing.read import LIMITS
from briefing.theme import BUILTIN_THEMES, assets_dir
from briefing.world import World

#: The XMP namespace of the record, and its prefix.
NAMESPACE = "https://briefing.invalid/ns/provenance/1.0/"
PREFIX = "briefingProv"


@dataclass(frozen=True)
class Provenance:
    """What one PDF was built from. ``files`` are ``(what, SHA-256)`` pairs, ``what`` being
    ``theme:NAME``, ``logo:NAME``, ``theme-logo:NAME``, ``figure:NAME`` or ``font:NAME``."""

    brief: str  # the brief as it was named when built (the path the user typed)
    title: str
    brief_sha256: str
    files: tuple[tuple[str, str], ...]
    version: str
    #: the brief's edition number, and the SHA-256 of its previous edition's brief (part 3 of
    #: the format; the previous brief is also one of ``files``, ``previous:NAME``)
    edition: int | None = None
    previous_sha256: str | None = None

    def same_build(self, other: Provenance) -> bool:
        """Built from the same bytes of the brief and of every file, by the same version."""
        return (self.brief_sha256, self.files, self.version) == (
            other.brief_sha256,
            other.files,
            other.version,
        )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def provenance_of(brief: Brief, world: World) -> Provenance:
    """The record a build of ``brief`` in ``world`` makes now: every file it reads, hashed."""
    from briefing.validate.checks import figure_paths

    files: list[tuple[str, str]] = []
    name = brief.layout.theme
    if name in BUILTIN_THEMES:  # the tool's own file (its version says the same, in a release)
        theme_bytes = (assets_dir() / "themes" / f"{name}.yaml").read_bytes()
    else:
        theme_bytes = world.read(name, LIMITS.max_bytes)
    files.append((f"theme:{name}", sha256(theme_bytes)))
    theme = world.theme(name)
    if brief.layout.logo:
        files.append((f"logo:{brief.layout.logo}", sha256(world.read(brief.layout.logo))))
    elif theme.logo:
        files.append((f"theme-logo:{theme.logo}", sha256(world.theme_file(theme, theme.logo))))
    seen: set[str] = set()
    for _, relative in figure_paths(brief):
        if relative not in seen:
            seen.add(relative)
            files.append((f"figure:{relative}", sha256(world.read(relative))))
    previous = None
    if brief.edition is not None and brief.edition.previous is not None:
        previous = sha256(world.read(brief.edition.previous, LIMITS.max_bytes))
        files.append((f"previous:{brief.edition.previous}", previous))
    fonts = world.font_files(theme)
    faces = [fonts.regular, fonts.bold, fonts.italic, fonts.bold_italic]
    faces += [face for pair in fonts.fallbacks for face in pair if face is not None]
    for face in faces:
        entry = (f"font:{face.path.replace(chr(92), '/').rsplit('/', 1)[-1]}", face.digest)
        if entry not in files:
            files.append(entry)
    return Provenance(
        brief=world.name,
        title=plain(brief.title),
        brief_sha256=sha256(world.source()),
        files=tuple(files),
        version=__version__,
        edition=brief.edition.number if brief.edition is not None else None,
        previous_sha256=previous,
    )


def read_provenance(pdf: bytes) -> Provenance | None:
    """The record in a PDF's XMP metadata; None when it has none (or is no readable PDF)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)

            def text(prop: str) -> str | None:
                value = meta.get(f"{{{NAMESPACE}}}{prop}")
                return value if isinstance(value, str) else None

            found = meta.get(f"{{{NAMESPACE}}}inputs")
            values = (text("brief"), text("title"), text("briefSHA256"), text("version"))
            edition, previous = text("edition"), text("previousSHA256")
    except (pikepdf.PdfError, ValueError, OSError):
        return None
    brief, title, digest, version = values
    if brief is None or digest is None or version is None:
        return None
    files: list[tuple[str, str]] = []
    for entry in found if isinstance(found, list) else ():
        digest_of, _, what = str(entry).partition(" ")
        files.append((what, digest_of))
    number = int(edition) if edition is not None and edition.isdigit() else None
    return Provenance(brief, title or "", digest, tuple(files), version, number, previous)


def mismatch(recorded: Provenance | None, now: Provenance) -> str | None:
    """Why a PDF whose record is ``recorded`` is not the briefing of the brief now; None if
    it is."""
    if recorded is None:
        return "it records no brief it was built from (made by another tool, or an older briefing)"
    if recorded.same_build(now):
        return None
    if recorded.brief_sha256 != now.brief_sha256:
        if recorded.brief == now.brief:
            return f"it was built from an earlier version of {now.brief}"
        return f"it was built from {recorded.brief} (\u201c{recorded.title}\u201d), not {now.brief}"
    if recorded.version != now.version:
        return f"it was built by briefing {recorded.version}, not {now.version}"
    before, after = dict(recorded.files), dict(now.files)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    names = ", ".join(k.partition(":")[2] or k for k in changed)
    return f"a file it was built from has changed since ({names})"
