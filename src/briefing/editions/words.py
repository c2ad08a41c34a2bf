"""The words that name an edition: the header's line ("Edition 3 · issued 3 Sep 2022 14:00 UTC
· next on or around 4 Sep 09:00 UTC") and the e-mail subject's ("edition 3").

A time is printed in the zone the author wrote it in, named by its offset from UTC ("UTC",
"UTC+2", "UTC−5:30"), so the reader sees the time as issued and never a time moved into a zone
that is not named. The next edition's year is left out when it is the issued year.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from briefing.dates import SHORT
from briefing.model import Edition


def zone_name(moment: datetime) -> str:
    """'UTC' for a time at offset 0, else 'UTC+2', 'UTC−5:30' (a true minus)."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def moment_text(moment: datetime, year: bool = True) -> str:
    """'3 Sep 2022 14:00 UTC' (without the year: '3 Sep 14:00 UTC')."""
    day = f"{moment.day} {SHORT[moment.month - 1]}" + (f" {moment.year}" if year else "")
    return f"{day} {moment.hour:02d}:{moment.minute:02d} {zone_name(moment)}"


def edition_line(edition: Edition) -> str:
    """The header's line naming the edition, when it was issued and when the next is due."""
    parts = [f"Edition {edition.number}", f"issued {moment_text(edition.issued)}"]
    if edition.next is not None:
        same_year = edition.next.year == edition.issued.year
        parts.append(f"next on or around {moment_text(edition.next, year=not same_year)}")
    return " · ".join(parts)


def edition_words(edition: Edition | None) -> str:
    """'edition 3', as the e-mail's subject names it ('' without an edition)."""
    return f"edition {edition.number}" if edition is not None else ""
