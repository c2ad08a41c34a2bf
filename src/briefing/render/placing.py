"""Placing the main flow: platypus's document, knowing which block of the story it places.

A part of a block that no page can hold (taller than a whole page, and it cannot split) stops
the render with :class:`Unplaceable`, which names the block, so that the error can say where
the brief holds it; in a draft (a preview) it is drawn shrunk to its frame instead and listed,
so that every page can still be shown.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from briefing.internals.reportlab import frame_room
from briefing.layout.context import Block


class Unplaceable(PlatypusLayoutError):  # type: ignore[misc]
    """A part of a block no page can hold: taller than a whole page, and it cannot split.

    ``block`` is the block of the story it belongs to (its field path names it in the
    brief), ``height`` its height and ``room`` the height of the frame it was offered.
    """

    def __init__(
        self, block: Block | None, part: Flowable | None, height: float, room: float, detail: str
    ) -> None:
        super().__init__(detail)
        self.block, self.part, self.height, self.room = block, part, height, room


class PlacingDocument(BaseDocTemplate):  # type: ignore[misc]
    """platypus's document, knowing which block of the story it is placing.

    A flowable no page can hold stops the build with :class:`Unplaceable`, naming its block;
    in a ``draft`` (a preview) it is drawn shrunk to the frame instead, so every page is still
    shown, and the problems are kept in ``unplaced``.
    """

    def __init__(self, *args: Any, blocks: list[Block], draft: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = {id(f): block for block in blocks for f in block.flowables}
        self.draft = draft
        self.placing: Block | None = None
        self.current: Flowable | None = None
        self.unplaced: list[Unplaceable] = []

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        if flowables:  # the first flowable of a block is what platypus meets of it first
            self.placing = self.owner.get(id(flowables[0]), self.placing)
        super().handle_keepWithNext(flowables)
        self.current = flowables[0] if flowables else None  # what handle_flowable places

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        try:
            super().handle_flowable(flowables)
        except PlatypusLayoutError as exc:
            failed, frame = self.current, self.frame
            room, width, whole = frame_room(frame)
            height = float(failed.wrap(width, room)[1]) if failed is not None else 0.0
            room = whole
            problem = Unplaceable(self.placing, failed, height, room, str(exc))
            if not self.draft or failed is None:
                raise problem from None
            self.unplaced.append(problem)
            flowables.insert(0, KeepInFrame(0, 0, [failed], mode="shrink"))
