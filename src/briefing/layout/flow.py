"""How a heading and the text under it flow past the foot of a column.

platypus keeps a heading with what follows it by putting both in a ``KeepTogether``: when the
pair does not fit the rest of a frame, both move whole to the next frame. Beside the key-facts
sidebar that left a band as tall as the heading and its whole paragraph. :class:`KeepWithLead`
keeps a heading with the first lines of its paragraph instead, as a magazine column does: when
the heading and at least the paragraph's first lines (its orphan control) fit, the heading
stays and the paragraph splits; only when they do not does the group move on.

The render uses it as its document's ``keepTogetherClass``; :mod:`measure` calls :meth:`lead`
where platypus calls ``split``, so the measurement keeps agreeing with the render.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.doctemplate import FrameBreak

from briefing.layout.bidiparagraph import BidiParagraph

MOVED = type(FrameBreak())  # what KeepTogether.split puts first to move its group on


class KeepWithLead(KeepTogether):  # type: ignore[misc]
    """Headings kept with the first lines of the paragraph that follows them."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(aW, aH)
        if parts and isinstance(parts[0], MOVED):  # platypus would move the group on
            return self.lead(aW, aH) or parts
        return parts

    def lead(self, width: float, height: float) -> list[Flowable]:
        """The headings and the paragraph split after its first lines, if they fit in
        ``height`` (the room below the group's space before); else nothing."""
        return self.lead_taking(width, height)[0]

    def lead_taking(self, width: float, height: float) -> tuple[list[Flowable], float]:
        """:meth:`lead`, and the height its headings and first lines take (0 without)."""
        *heads, last = self._content
        if not heads or not isinstance(last, (_Paragraph, BidiParagraph)):
            return [], 0.0
        used, after = 0.0, 0.0
        for i, head in enumerate(heads):  # spaces as a frame merges them (measure.py)
            used += max(head.getSpaceBefore() - after, 0.0) if i else 0.0
            used += head.wrap(width, 1e9)[1] + head.getSpaceAfter()
            after = head.getSpaceAfter()
        used += max(last.getSpaceBefore() - after, 0.0)
        room = height - used
        parts: list[Flowable] = last.split(width, room) if room > 0 else []
        if len(parts) < 2:
            return [], 0.0
        # platypus has already cleared the headings' keepWithNext (handle_keepWithNext), so
        # the render places them one by one; the measurement queues them past its grouping
        return [*heads, *parts], used + float(parts[0].wrap(width, room)[1])
