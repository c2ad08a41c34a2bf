"""An sRGB ICC profile of version 2, written from the published sRGB numbers.

PDF/A-1 output intents must carry an ICC profile of version 2 or earlier (ISO 19005-1, 6.2.2);
Pillow's ``ImageCms.createProfile('sRGB')`` builds version 4. Rather than ship a profile file
under someone else's licence, this module writes the few tags a display profile needs: the
D50-adapted sRGB primaries (IEC 61966-2-1, Bradford-adapted as in ICC's own sRGB profiles),
the D65 white point and the sRGB tone curve as a 256-entry table (one per 8-bit level; a
finely sampled curve would add 1.5 KB to every PDF). The bytes never change.
"""

from __future__ import annotations

import struct
from functools import cache

DESCRIPTION = "sRGB IEC61966-2.1"

_WHITE_D65 = (0.9505, 1.0, 1.0891)
_ILLUMINANT_D50 = (0.9642, 1.0, 0.8249)
_RED = (0.4361, 0.2225, 0.0139)
_GREEN = (0.3851, 0.7169, 0.0971)
_BLUE = (0.1431, 0.0606, 0.7141)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _curve(entries: int = 256) -> bytes:
    def srgb(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    table = [round(srgb(i / (entries - 1)) * 65535) for i in range(entries)]
    return b"curv\0\0\0\0" + struct.pack(f">I{entries}H", entries, *table)


def _text_description(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_))
        + ascii_
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)
        + b"\0" * 67  # no Macintosh ScriptCode description
    )


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


@cache
def srgb_profile() -> bytes:
    """The profile's bytes (an ICC v2.1 RGB display profile, 'mntr' class, XYZ PCS)."""
    curve = _curve()
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _text_description(DESCRIPTION)),
        (b"cprt", _text("No copyright, use freely")),
        (b"wtpt", _xyz(_WHITE_D65)),
        (b"rXYZ", _xyz(_RED)),
        (b"gXYZ", _xyz(_GREEN)),
        (b"bXYZ", _xyz(_BLUE)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data = [], b""
    seen: dict[bytes, int] = {}
    for signature, body in tags:
        if body not in seen:  # the three tone curves share one table
            seen[body] = offset + len(data)
            data += body + b"\0" * (-len(body) % 4)
        entries.append(struct.pack(">4sII", signature, seen[body], len(body)))
    size = 128 + table_size + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"  # preferred CMM: none
        + struct.pack(">I", 0x02100000)  # version 2.1.0
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # a fixed date: the bytes never change
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual rendering intent
        + b"".join(_s15(v) for v in _ILLUMINANT_D50)
        + b"\0" * 4  # creator
    )
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + data
