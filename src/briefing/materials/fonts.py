"""Fonts: register a theme's TrueType files with ReportLab and tell which characters they cover.

Every font is an embedded, subset Unicode TrueType font; no standard-14 font is ever used.

ReportLab keeps one registry of fonts per process, by name. Each face is registered under a
name derived from its *content* (the file's SHA-256), never from its file name alone, so two
different files never share a name: a theme that ships its own ``NotoSans-Regular.ttf`` prints
in its own font whether it is built alone or after another brief in one batch. A family's
bold and italic mapping is keyed by a name derived from all of its faces, for the same reason.
The name never reaches the PDF (ReportLab writes the face's own PostScript name there).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from briefing.errors import BriefError, Diagnostic
from briefing.internals.ttfonts import face_code_points, face_widths, name_face_file


class FontFile:
    """One font file as the world found it: where it is (for messages and matplotlib), the
    SHA-256 of its content, and its bytes, read only when a face is registered (a fallback a
    brief never uses is never read)."""

    def __init__(self, path: str, digest: str, load: Callable[[], bytes]) -> None:
        self.path, self.digest, self._load = path, digest, load

    @classmethod
    def of(cls, path: str, data: bytes) -> FontFile:
        """A font file whose bytes are at hand."""
        return cls(path, _digest(data), lambda: data)

    @cached_property
    def data(self) -> bytes:
        data = self._load()
        if _digest(data) != self.digest:  # changed since it was named: never a wrong face
            raise BriefError(
                f"{self.path} changed while it was read",
                (
                    Diagnostic(
                        self.path, 0, 0, "fonts", "the font file changed while it was read", ""
                    ),
                ),
            )
        return data

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


@dataclass(frozen=True)
class ThemeFonts:
    """A theme's font files: the four faces of its family, and fallbacks (each with the bold
    face of its own family where there is one)."""

    theme: str
    regular: FontFile
    bold: FontFile
    italic: FontFile
    bold_italic: FontFile
    fallbacks: tuple[tuple[FontFile, FontFile | None], ...] = ()


@dataclass(frozen=True)
class FontSet:
    """ReportLab names of a theme's registered fonts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallbacks: tuple[str, ...]
    #: the bold face of each fallback (its -Bold sibling, or the fallback itself)
    bold_fallbacks: tuple[str, ...] = ()

    def covers(self, ch: str) -> bool:
        return ord(ch) in _coverage(self.regular)

    @staticmethod
    def font_covers(name: str, ch: str) -> bool:
        return ord(ch) in _coverage(name)

    def fallback_for(self, ch: str) -> str | None:
        cp = ord(ch)
        for name in self.fallbacks:
            if cp in _coverage(name):
                return name
        return None

    def chain(self, bold: bool, italic: bool) -> tuple[str, ...]:
        """The faces that may set a character of text in this weight and slant, best first.

        The theme's own face; for italic, then the upright face of the same weight; then the
        fallbacks of the same weight, then the regular fallbacks. There is no italic Arabic or
        Hebrew: right-to-left italic text falls back to the upright face of its weight.
        """
        main = (self.regular, self.italic, self.bold, self.bold_italic)[2 * bold + italic]
        faces = [main]
        if italic:
            faces.append(self.bold if bold else self.regular)
        if bold:
            faces += self.bold_fallbacks or self.fallbacks
        faces += self.fallbacks
        return tuple(dict.fromkeys(faces))

    def text_face(self, text: str, bold: bool = False) -> str:
        """The one face a drawn text starts in: the theme's (of the weight) if it covers all of
        it, else the first fallback that does, else the theme's (then :meth:`runs` cuts it)."""
        main = self.bold if bold else self.regular
        if all(ch.isspace() or self.font_covers(main, ch) for ch in text):
            return main
        for name in self.fallbacks:
            if all(ch.isspace() or self.font_covers(name, ch) for ch in text):
                return name
        return main

    def runs(self, text: str, base: str) -> list[tuple[str, str]]:
        """``text`` cut into (face, characters) runs: ``base`` where it covers a character,
        else the first face of the chain of its weight that does (a space joins the run before
        it); a character no face covers stays in ``base``, where the coverage check names it."""
        bold = base in (self.bold, self.bold_italic)
        found: list[tuple[str, str]] = []
        for ch in text:
            if ch.isspace() and found:
                face = found[-1][0]
            elif self.font_covers(base, ch):
                face = base
            else:
                face = self.face_for(ch, bold) or base
            if found and found[-1][0] == face:
                found[-1] = (face, found[-1][1] + ch)
            else:
                found.append((face, ch))
        return found

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` drawn at ``size`` as a drawing sets it: in its
        :meth:`text_face`, cut into :meth:`runs` where that face lacks a character."""
        return sum(
            float(pdfmetrics.stringWidth(chunk, face, size))
            for face, chunk in self.runs(text, self.text_face(text, bold))
        )

    def everywhere(self) -> frozenset[str]:
        """The characters all four faces of the family cover: the first face of every
        :meth:`chain`, so every weight and slant sets them in the theme's own face. Asking it
        registers no fallback."""
        return _everywhere(self.regular, self.bold, self.italic, self.bold_italic)

    def face_for(self, ch: str, bold: bool = False, italic: bool = False) -> str | None:
        """The first face of :meth:`chain` that covers ``ch`` (None: no face does)."""
        cp = ord(ch)
        for name in self.chain(bold, italic):
            if cp in _coverage(name):
                return name
        return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class MeasuredFont(TTFont):  # type: ignore[misc]
    """A TrueType font that remembers the width of each string it has measured.

    Line breaking measures every word at every step of the one-page fit, at sizes that change
    with the scale; the width at unit size is cached per string and multiplied by the size, in
    the same order of operations as ReportLab's own ``stringWidth`` (so the result is identical).

    Right-to-left text is shaped by :mod:`briefing.materials.shaping` (HarfBuzz, with the
    features it names), never by ReportLab's own word shaper, so no face needs ReportLab's
    shaping switches.
    """

    def __init__(self, name: str, font: FontFile) -> None:
        super().__init__(name, io.BytesIO(font.data))
        name_face_file(self, font.path)
        widths, default = face_widths(self)

        @lru_cache(maxsize=1 << 16)
        def unit(text: str) -> float:
            return float(sum(widths(ord(u), default) for u in text))

        self._unit = unit

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return 0.001 * size * self._unit(text)


def _register(name: str, font: FontFile, theme: str, field: str) -> str:
    """Register ``font`` as ``name`` unless a font of that name (that content) is there."""
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    try:
        measured = MeasuredFont(name, font)
    except Exception as exc:  # any failure to parse a font file is bad input
        owner = f"theme '{theme}'" if theme else "the theme"
        problem = f"{owner} names a font that cannot be read as TrueType ({exc})"
        raise BriefError(
            f"{font.path}: {problem}",
            (
                Diagnostic(
                    font.path,
                    0,
                    0,
                    field,
                    problem,
                    "use a TrueType (.ttf) file; OpenType/CFF (.otf) and damaged files "
                    "cannot be embedded",
                ),
            ),
        ) from None
    pdfmetrics.registerFont(measured)
    return name


def _family(stem: str, *names: str) -> str:
    """The name of a family: its regular face's file name and a digest of all its faces."""
    return f"{stem}-{_digest('|'.join(names).encode())[:16]}"


#: Fallback fonts named by a theme but not yet registered: parsing a TrueType file costs
#: ~7 ms, and most briefs never need a fallback. Name -> how to register it.
_PENDING: dict[str, Callable[[], None]] = {}


#: A pending fallback's bold face -> the fallback it belongs to.
_SIBLING_OF: dict[str, str] = {}


def _ensure(name: str) -> None:
    """Register a pending fallback font (and its bold mapping) on first use; ``name`` may be
    the fallback or its bold face."""
    pending = _PENDING.pop(_SIBLING_OF.get(name, name), None)
    if pending is not None:
        pending()


@cache
def _coverage(name: str) -> frozenset[int]:
    _ensure(name)
    font = pdfmetrics.getFont(name)
    return face_code_points(font)


@cache
def _everywhere(*faces: str) -> frozenset[str]:
    return frozenset(map(chr, frozenset.intersection(*map(_coverage, faces))))


def register_fonts(files: ThemeFonts) -> FontSet:
    """Register the theme's fonts (once per content) and return their names."""
    key = (
        files.regular.digest,
        files.bold.digest,
        files.italic.digest,
        files.bold_italic.digest,
        tuple((f.digest, h.digest if h else "") for f, h in files.fallbacks),
    )
    known = _REGISTERED.get(key)
    if known is None:
        known = _REGISTERED[key] = _register_family(files)
    return known


#: Font sets registered in this process, by the content of their files.
_REGISTERED: dict[tuple[object, ...], FontSet] = {}


def _register_family(files: ThemeFonts) -> FontSet:
    # the family is named by all four faces (its bold and italic mapping depends on each);
    # its regular face is registered under that name, the others under their own content
    names = {
        field: f"{font.stem}-{font.digest[:16]}"
        for field, font in (
            ("regular", files.regular),
            ("bold", files.bold),
            ("italic", files.italic),
            ("bold_italic", files.bold_italic),
        )
    }
    family = _family(files.regular.stem, *names.values())
    theme = files.theme
    regular = _register(family, files.regular, theme, "fonts.regular")
    bold = _register(names["bold"], files.bold, theme, "fonts.bold")
    italic = _register(names["italic"], files.italic, theme, "fonts.italic")
    bold_italic = _register(names["bold_italic"], files.bold_italic, theme, "fonts.bold_italic")
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    fallbacks, bold_fallbacks = [], []
    for font, heavy in files.fallbacks:
        light = f"{font.stem}-{font.digest[:16]}"
        strong = f"{heavy.stem}-{heavy.digest[:16]}" if heavy is not None else None
        name = _family(font.stem, light, strong or light)
        fallbacks.append(name)
        bold_fallbacks.append(strong or name)
        if name not in pdfmetrics.getRegisteredFontNames() and name not in _PENDING:
            _PENDING[name] = _fallback_registration(name, font, heavy, files.theme)
            if strong is not None:
                _SIBLING_OF[strong] = name
    return FontSet(regular, bold, italic, bold_italic, tuple(fallbacks), tuple(bold_fallbacks))


def _fallback_registration(
    name: str, font: FontFile, heavy: FontFile | None, theme: str
) -> Callable[[], None]:
    def register() -> None:
        _register(name, font, theme, "fonts.fallbacks")
        strong = name
        if heavy is not None:
            strong = _register(f"{heavy.stem}-{heavy.digest[:16]}", heavy, theme, "fonts.fallbacks")
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, strong)
        addMapping(name, 0, 1, name)
        addMapping(name, 1, 1, strong)

    return register
