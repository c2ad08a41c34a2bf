"""Whether a file is a pack: every command that takes a brief takes a pack file too.

Apart from :mod:`briefing.packs.read` so that telling a brief from a pack imports neither the
pack's model nor its reading: a build of a brief, the common case, makes no pack class.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.errors import BriefError
from briefing.read import LIMITS, Document, parse_brief
from briefing.world.files import read_regular_file

#: A line that starts a top-level ``pack:`` key: a file without one is not a pack, unread.
_PACK_KEY = re.compile(rb"^(?:\xef\xbb\xbf)?[{ ]*[\"']?pack[\"']?[ \t]*:", re.MULTILINE)


def is_pack(source: Document | Path) -> bool:
    """Whether ``source`` (a read document, or a file) is a pack: a YAML mapping with the
    top-level key ``pack``. A valid pack has no other key, and a brief never has that one, so a
    file with ``pack`` and more is read as a pack whose other keys are errors (most often a key
    meant to be indented under ``pack:``). A file that cannot be read or parsed is not a pack
    (reading it as a brief says what is wrong with it)."""
    if isinstance(source, Document):
        data = source.data
        return isinstance(data, dict) and "pack" in data
    try:
        raw = read_regular_file(source, str(source), LIMITS.max_bytes)
    except BriefError:
        return False
    if not _PACK_KEY.search(raw):
        return False  # the common case, a brief: no second parse
    try:
        return is_pack(parse_brief(raw, str(source)))
    except BriefError:
        return False
