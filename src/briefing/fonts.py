"""Fonts: register a theme's TrueType files with ReportLab and tell which characters they cover.

Every font is an embedded, subset Unicode TrueType font; no standard-14 font is ever used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from briefing import cache as store
from briefing import faces
from briefing.errors import BriefError, Diagnostic
from briefing.theme import Theme, font_path


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

    def face_for(self, ch: str, bold: bool = False, italic: bool = False) -> str | None:
        """The first face of :meth:`chain` that covers ``ch`` (None: no face does)."""
        cp = ord(ch)
        for name in self.chain(bold, italic):
            if cp in _coverage(name):
                return name
        return None


@cache
def _parser_stamp() -> str:
    """ReportLab's TrueType parser: its version and its file (a patched copy parses anew)."""
    import reportlab
    from reportlab.pdfbase import ttfonts

    return f"{getattr(reportlab, 'Version', '?')}:{store.files_stamp([Path(ttfonts.__file__)])}"


def _face_key(data: bytes) -> str:
    # what a kept face depends on: the file, ReportLab's parser and the format (see faces);
    # not this package's code, so that a new version keeps the entries
    return store.key_of("face", hashlib.sha256(data).hexdigest(), _parser_stamp(), faces.stamp())


class KeptFace(TTFontFace):  # type: ignore[misc]
    """A TrueType face whose parsed tables are kept in the cache between runs (see
    :mod:`briefing.faces`): ~1 ms instead of ReportLab's ~8 ms parse. The file is still read,
    for subsetting; an entry that is not exactly right is ignored and the file parsed again.
    """

    def __init__(self, filename: str) -> None:
        with open(filename, "rb") as handle:
            data = handle.read()
        key = _face_key(data)
        state = faces.load(store.read_bytes(key, "face"), data)
        if state is not None:
            pdfmetrics.TypeFace.__init__(self, None)
            self.__dict__.update(state)
            self._ttf_data, self.filename = data, filename
            units = self.unitsPerEm  # as TTFontFile.extractInfo makes it
            if units == 1000:
                self._pdfScale = lambda x: x
            else:
                factor = 1000 / units
                self._pdfScale = lambda x: x * factor
            return
        self._ttf_data, self.filename = data, filename  # readFile keeps these
        super().__init__(filename)
        kept = faces.dump(self)
        if kept is not None:
            store.write_bytes(key, "face", kept)


class MeasuredFont(TTFont):  # type: ignore[misc]
    """A TrueType font that remembers the width of each string it has measured.

    Line breaking measures every word at every step of the one-page fit, at sizes that change
    with the scale; the width at unit size is cached per string and multiplied by the size, in
    the same order of operations as ReportLab's own ``stringWidth`` (so the result is identical).
    Its face is a :class:`KeptFace`.
    """

    def __init__(self, name: str, filename: str) -> None:
        # TTFont.__init__ with our face (tests/test_speed.py checks it matches ReportLab's)
        self.fontName = name
        self.face = KeptFace(filename)
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
        widths = self.face.charWidths.get
        default = self.face.defaultWidth

        @lru_cache(maxsize=1 << 16)
        def unit(text: str) -> float:
            return float(sum(widths(ord(u), default) for u in text))

        self._unit = unit

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        return 0.001 * size * self._unit(text)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


@cache
def _register(path: str, theme: str = "", field: str = "fonts") -> str:
    name = _name(path)
    if name not in pdfmetrics.getRegisteredFontNames():
        try:
            font = MeasuredFont(name, path)
        except Exception as exc:  # any failure to parse a font file is bad input
            owner = f"theme '{theme}'" if theme else "the theme"
            problem = f"{owner} names a font that cannot be read as TrueType ({exc})"
            raise BriefError(
                f"{path}: {problem}",
                (
                    Diagnostic(
                        path,
                        0,
                        0,
                        field,
                        problem,
                        "use a TrueType (.ttf) file; OpenType/CFF (.otf) and damaged files "
                        "cannot be embedded",
                    ),
                ),
            ) from None
        pdfmetrics.registerFont(font)
    return name


#: Fallback fonts named by a theme but not yet registered: parsing a TrueType file costs
#: ~7 ms, and most briefs never need a fallback. Name -> (file, bold sibling or None).
_PENDING: dict[str, tuple[str, str | None, str]] = {}


def _ensure(name: str) -> None:
    """Register a pending fallback font (and its bold mapping) on first use; ``name`` may be
    the fallback or its bold sibling."""
    for regular, (_, sibling, _) in list(_PENDING.items()):
        if sibling is not None and _name(sibling) == name:
            name = regular
    pending = _PENDING.pop(name, None)
    if pending is None:
        return
    path, sibling, theme = pending
    _register(path, theme, "fonts.fallbacks")
    heavy = _register(sibling, theme, "fonts.fallbacks") if sibling is not None else name
    addMapping(name, 0, 0, name)
    addMapping(name, 1, 0, heavy)
    addMapping(name, 0, 1, name)
    addMapping(name, 1, 1, heavy)


@cache
def _coverage(name: str) -> frozenset[int]:
    _ensure(name)
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


def _find(theme: Theme, filename: str) -> Path | None:
    try:
        return font_path(theme, filename)
    except BriefError:
        return None


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's fonts (once per file) and return their names."""
    f = theme.fonts
    names = [
        _register(str(font_path(theme, file)), theme.name, f"fonts.{field}")
        for field, file in (
            ("regular", f.regular),
            ("bold", f.bold),
            ("italic", f.italic),
            ("bold_italic", f.bold_italic),
        )
    ]
    regular, bold, italic, bold_italic = names
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, italic)
    addMapping(regular, 1, 1, bold_italic)
    fallbacks, heavy = [], []
    for file in f.fallbacks:
        path = str(font_path(theme, file))
        name = _name(path)
        fallbacks.append(name)
        sibling = None
        if file.endswith("-Regular.ttf"):  # a -Bold sibling, where there is one, sets bold
            found = _find(theme, file.replace("-Regular.ttf", "-Bold.ttf"))
            sibling = str(found) if found is not None else None
        heavy.append(_name(sibling) if sibling is not None else name)
        if name in pdfmetrics.getRegisteredFontNames() or name in _PENDING:
            continue
        _PENDING[name] = (path, sibling, theme.name)
    return FontSet(regular, bold, italic, bold_italic, tuple(fallbacks), tuple(heavy))
