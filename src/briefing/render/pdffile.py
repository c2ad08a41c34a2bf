"""The PDF file ReportLab wrote, read back as objects and written again with what finishing adds.

The finishing stage (:mod:`briefing.render.archive`) adds a structure tree, bookmarks, XMP and
an output intent to the file ReportLab made, and rewrites a few of its objects (the catalog,
each page, each link annotation, the information dictionary). It used to do so with pikepdf
(qpdf): a general PDF library whose import alone cost a cold build ~40 ms, to edit a file whose
shape we know, since we made it. This module reads exactly that: a classic cross-reference
table, every object ``N 0 obj ... endobj`` uncompressed at the offset the table gives, streams
with a direct ``/Length`` (PDF 1.4, as ReportLab writes it). Anything else is refused with a
``ValueError`` rather than guessed at. ``tests/test_pdffile.py`` reads files ReportLab writes
in every shape the render uses, and the archive tests check the result with pikepdf, PDFBox
Preflight, pdfua and poppler.

Writing follows PDF/A-1 (ISO 19005-1, 6.1): a binary comment after the header, an end of line
before every ``endstream``, no object or cross-reference streams, and a file identifier
computed from the content (same input, same bytes). New streams are compressed, except XMP
metadata, which stays readable as PDF/A asks it to be.

Values: ``dict`` (keys are names without their slash), ``list``, :class:`Ref`, :class:`Name`,
``bool``, ``int``, ``float``, ``None`` (null), ``str`` (a text string, encoded when written),
:class:`Raw` (a token kept as read: numbers and strings of ReportLab's objects are written back
byte for byte) and :class:`Stream`.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Any


class Name(str):
    """A PDF name (without its slash), e.g. ``Name("StructElem")``."""


class Raw(bytes):
    """A token as it stood in the file (a number or a string): written back unchanged."""


@dataclass(frozen=True)
class Ref:
    """An indirect reference ``N 0 R``."""

    number: int


@dataclass
class Stream:
    """A stream object: its dictionary (without ``/Length``, which writing sets unless it
    was read) and its bytes as stored (already encoded when ``encoded``)."""

    info: dict[str, Any]
    data: bytes
    encoded: bool = False
    compress: bool = True  # a new stream: compressed when written (not XMP)


# --------------------------------------------------------------------------- reading

_TOKEN = re.compile(
    rb"""
    (?P<white>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<word>[A-Za-z]+)
  | (?P<string>\()
    """,
    re.VERBOSE,
)


def _literal_end(data: bytes, start: int) -> int:
    """The offset after the literal string that opens at ``start`` (balanced parentheses,
    backslash escapes)."""
    depth, i = 0, start
    while i < len(data):
        ch = data[i]
        if ch == 0x5C:  # backslash: the next byte is escaped
            i += 2
            continue
        if ch == 0x28:
            depth += 1
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("a string that does not end")


def _read_name(token: bytes) -> Name:
    """A name token (``/F1+0``, ``/A#20B``) as its characters."""
    raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token[1:])
    return Name(raw.decode("latin-1"))


class _Parser:
    """Parses the objects of a PDF body, one value at a time, from an offset."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def _token(self, pos: int) -> tuple[str, bytes, int]:
        while True:
            match = _TOKEN.match(self.data, pos)
            if match is None:
                raise ValueError(f"unreadable PDF syntax at byte {pos}")
            kind = match.lastgroup or ""
            if kind == "white":
                pos = match.end()
                continue
            if kind == "string":
                end = _literal_end(self.data, pos)
                return "string", self.data[pos:end], end
            return kind, match.group(), match.end()

    def value(self, pos: int) -> tuple[Any, int]:
        """The value at ``pos`` and the offset after it."""
        kind, text, pos = self._token(pos)
        if kind == "open" and text == b"<<":
            found: dict[str, Any] = {}
            while True:
                kind, text, after = self._token(pos)
                if kind == "close" and text == b">>":
                    return found, after
                if kind != "name":
                    raise ValueError(f"a dictionary key that is not a name at byte {pos}")
                found[_read_name(text)], pos = self.value(after)
        if kind == "open":
            items: list[Any] = []
            while True:
                kind, text, after = self._token(pos)
                if kind == "close" and text == b"]":
                    return items, after
                item, pos = self.value(pos)
                items.append(item)
        if kind == "number":
            if b"." not in text:  # an object number: ``N G R``?
                kind2, text2, after2 = self._token(pos)
                if kind2 == "number" and b"." not in text2:
                    kind3, text3, after3 = self._token(after2)
                    if kind3 == "word" and text3 == b"R":
                        return Ref(int(text)), after3
            return Raw(text), pos
        if kind == "name":
            return _read_name(text), pos
        if kind in ("string", "hex"):
            return Raw(text), pos
        if kind == "word" and text in (b"true", b"false"):
            return text == b"true", pos
        if kind == "word" and text == b"null":
            return None, pos
        raise ValueError(f"unexpected {text[:20]!r} at byte {pos}")

    def word(self, pos: int) -> tuple[bytes, int]:
        kind, text, after = self._token(pos)
        return (text if kind == "word" else b""), after


_HEAD = re.compile(rb"(\d+) (\d+) obj\b")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def literal_text(token: bytes) -> str:
    """The characters of a literal string token ``(...)`` of ASCII text (a key we wrote)."""
    body = token[1:-1]
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    out = re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: (
            bytes([int(m.group(1), 8) & 0xFF])
            if m.group(1)[:1].isdigit()
            else escapes.get(m.group(1), m.group(1))
        ),
        body,
        flags=re.S,
    )
    return out.decode("latin-1")


class PdfFile:
    """The objects of a file ReportLab wrote, by number, with its catalog and information
    dictionary; objects can be changed in place and new ones added, then :meth:`write`."""

    def __init__(self, data: bytes) -> None:
        match = _STARTXREF.search(data[-64:])
        if match is None:
            raise ValueError("no startxref at the end of the file")
        xref = int(match.group(1))
        if data[xref : xref + 4] != b"xref":
            raise ValueError("not a classic cross-reference table")
        head = re.compile(rb"xref\s+(\d+) (\d+)\s+").match(data, xref)
        if head is None or head.group(1) != b"0":
            raise ValueError("a cross-reference table of more than one section")
        count = int(head.group(2))
        entries = _ENTRY.findall(data, head.end(), head.end() + 20 * count)
        if len(entries) != count:
            raise ValueError("a cross-reference table of the wrong length")
        trailer_at = data.find(b"trailer", head.end() + 20 * count - 1)
        if trailer_at < 0:
            raise ValueError("no trailer")
        parser = _Parser(data)
        trailer, _ = parser.value(trailer_at + len(b"trailer"))
        self.objects: dict[int, Any] = {}
        for number, (offset, generation, kind) in enumerate(entries):
            if kind != b"n":
                continue
            if generation != b"00000":
                raise ValueError(f"object {number} has a generation number")
            start = int(offset)
            found = _HEAD.match(data, start)
            if found is None or int(found.group(1)) != number:
                raise ValueError(f"object {number} is not where the table says")
            value, pos = parser.value(found.end())
            word, after = parser.word(pos)
            if word == b"stream":
                if not isinstance(value, dict) or not isinstance(value.get("Length"), Raw):
                    raise ValueError(f"stream {number} without a direct /Length")
                if data[after : after + 2] == b"\r\n":
                    after += 2
                elif data[after : after + 1] == b"\n":
                    after += 1
                else:
                    raise ValueError(f"stream {number}: no end of line after 'stream'")
                length = int(value.pop("Length"))
                value = Stream(value, data[after : after + length], encoded=True)
                pos = after + length
                word, _ = parser.word(pos)
                if word != b"endstream":
                    raise ValueError(f"stream {number}: /Length does not end at 'endstream'")
            elif word != b"endobj":
                raise ValueError(f"object {number} does not end with 'endobj'")
            self.objects[number] = value
        self._next = max(self.objects, default=0) + 1
        self._pages: list[tuple[Ref, dict[str, Any]]] | None = None
        root, info = trailer.get("Root"), trailer.get("Info")
        if not isinstance(root, Ref) or not isinstance(info, Ref):
            raise ValueError("a trailer without /Root and /Info")
        self.root, self.info = root, info

    # -- objects

    def get(self, value: Any) -> Any:
        """``value``, or the object it refers to."""
        return self.objects[value.number] if isinstance(value, Ref) else value

    @property
    def catalog(self) -> dict[str, Any]:
        found: dict[str, Any] = self.objects[self.root.number]
        return found

    def add(self, value: Any) -> Ref:
        """Make ``value`` a new indirect object; return its reference."""
        number = self._next  # counted, not max()ed: a pack adds thousands of elements
        self._next += 1
        self.objects[number] = value
        return Ref(number)

    def pages(self) -> list[tuple[Ref, dict[str, Any]]]:
        """The page objects in order (the page tree walked once: finishing adds no page)."""
        if self._pages is not None:
            return self._pages
        found: list[tuple[Ref, dict[str, Any]]] = []

        def walk(ref: Ref) -> None:
            node = self.get(ref)
            if node.get("Type") == "Pages":
                for kid in node.get("Kids", []):
                    walk(kid)
            else:
                found.append((ref, node))

        walk(self.catalog["Pages"])
        self._pages = found
        return found

    # -- writing

    def write(self) -> bytes:
        """The file: PDF 1.4 in PDF/A-1's syntax (see the module docstring)."""
        out = bytearray(b"%PDF-1.4\n%\xbf\xf7\xa2\xfe\n")
        size = max(self.objects) + 1
        offsets = [0] * size
        for number in sorted(self.objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number
            value = self.objects[number]
            if isinstance(value, Stream):
                data = value.data
                info = dict(value.info)
                if not value.encoded and value.compress:
                    data = zlib.compress(data)
                    info["Filter"] = Name("FlateDecode")
                info["Length"] = len(data)
                out += dump(info) + b"\nstream\n" + data + b"\nendstream\nendobj\n"
            else:
                out += dump(value) + b"\nendobj\n"
        identifier = hashlib.md5(out, usedforsecurity=False).hexdigest().encode()
        at = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            if number in self.objects:
                out += b"%010d 00000 n \n" % offsets[number]
            else:
                out += b"0000000000 00000 f \n"
        trailer = {
            "Size": size,
            "Root": self.root,
            "Info": self.info,
            "ID": [Raw(b"<" + identifier + b">"), Raw(b"<" + identifier + b">")],
        }
        out += b"trailer\n" + dump(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % at
        return bytes(out)


# --------------------------------------------------------------------------- writing values


def text_string(text: str) -> bytes:
    """A text string as PDF writes it: literal when it is printable ASCII, else UTF-16BE with
    its byte order mark (PDF 1.7, 7.9.2.2), in hexadecimal."""
    if all(" " <= ch <= "~" for ch in text):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<feff" + text.encode("utf-16-be").hex().encode() + b">"


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode()


_NAME_SAFE = re.compile(r"[!-~]")


def _name(name: str) -> bytes:
    return b"/" + "".join(
        ch if _NAME_SAFE.fullmatch(ch) and ch not in "#()<>[]{}/%" else f"#{ord(ch):02X}"
        for ch in name
    ).encode("latin-1")


def dump(value: Any) -> bytes:
    """``value`` in PDF syntax."""
    if isinstance(value, Raw):
        return bytes(value)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, Name):
        return _name(value)
    if isinstance(value, Ref):
        return b"%d 0 R" % value.number
    if isinstance(value, str):
        return text_string(value)
    if isinstance(value, list | tuple):
        return b"[ " + b" ".join(dump(item) for item in value) + b" ]"
    if isinstance(value, dict):
        return (
            b"<< "
            + b" ".join(_name(key) + b" " + dump(item) for key, item in value.items())
            + b" >>"
        )
    if value is None:
        return b"null"
    raise TypeError(f"cannot write {type(value).__name__} in a PDF")
