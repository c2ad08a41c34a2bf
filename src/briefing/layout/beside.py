"""The column beside the key-facts sidebar on page 1: where it ends and the full width begins.

Takes the page geometry, the story and a first placement of its main flow (beside the sidebar
down to the sidebar's foot and its gutter, then the full width), and returns the geometry with
the column beside the sidebar ended where its content ends, and the placement in it: text runs
on from one into the other at one leading, a block kept whole goes beside the sidebar rather
than leave a band above it (see :func:`settle`). Also the sidebar's pagination
(:func:`take_sidebar`, which the render follows) and its height, which sets where it ends.
"""

from __future__ import annotations

import math
from dataclasses import replace

from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

from briefing.layout.bidiparagraph import BidiParagraph
from briefing.layout.context import Story
from briefing.layout.figures import FigureGroup
from briefing.layout.measure import (
    LINE_FUZZ,
    Placement,
    lead_height,
    place,
    stack_height,
    text_leading,
)
from briefing.layout.styles import Geometry
from briefing.layout.tagging import untagged

ROUNDING = 0.5  # points added to a height measured here that the render adds up again
SETTLE_STEPS = 4  # tries at ending the column beside the sidebar where its content ends
SMALLEST_FIGURE = 0.75  # the least share of its height a figure is set at to stay beside


def take_sidebar(
    groups: list[list[Flowable]], room: float, width: float
) -> tuple[list[list[Flowable]], float]:
    """The sidebar's pagination, decided here once: the groups of ``groups`` (in order) that
    go on a sidebar of height ``room``, and the height they take.

    Whole groups are taken while they fit, the space before a group's first flowable added
    from the second on. A group taller than a whole sidebar (nothing taken yet) is taken alone
    and takes the whole room: the render splits it and carries the rest to the next page's
    sidebar, where this decides again. The render places what this takes
    (``render.page.PartPainter.sidebar``); :func:`sidebar_height` is what it takes of an endless
    sidebar.
    """
    take: list[list[Flowable]] = []
    used = 0.0
    for group in groups:
        height = stack_height(group, width) + (group[0].getSpaceBefore() if take else 0.0)
        if used + height > room:
            if not take:  # taller than a whole sidebar: it splits across pages
                take.append(group)
                used = room
            break
        take.append(group)
        used += height
    return take, used


def sidebar_height(groups: list[list[Flowable]], width: float) -> float:
    """The sidebar's height as the render takes its groups (:func:`take_sidebar` with no end)."""
    return take_sidebar(groups, math.inf, width)[1]


def settle(
    geo: Geometry, story: Story, placement: Placement, band: float
) -> tuple[Geometry, Placement]:
    """End the column beside the sidebar where its content ends, with no band below it.

    Text runs from beside the sidebar into the full width line by line (paragraphs split; a
    heading keeps the first lines of its paragraph, :class:`~briefing.layout.flow.KeepWithLead`).
    Where a paragraph runs on from one to the other, the column beside the sidebar ends with
    its last line there (one line lower when that line is above the sidebar's foot), so that
    the lines run on at one leading. Where the block after it does not split there, the column
    beside the sidebar is made longer:

    - by the block (or a heading and the first lines of its paragraph), when it would leave
      more than ``band`` of white above it (the theme's ``band_lines``; a box, a chart, a
      short quote stays whole): it goes beside the sidebar and the full width starts below;
      but not by a figure, which would leave a hole beside itself under the sidebar: the
      paragraph after it in its section is set before it instead, when it is long enough to
      fill the column beside the sidebar and run on (the figure follows in the full width),
      or, with no such paragraph, the figure is set smaller to end beside the sidebar (down to
      :data:`SMALLEST_FIGURE` of its size, its text legible), or it takes the full width below
      unless the band that leaves above it is larger than the hole beside it would be;
    - by a table's note, which stays under its table (:func:`_follows`);
    - by the block's own space before, when the full width would start with less (platypus
      drops the space before a block at the top of a frame; here the column runs on).
    """
    floor = geo.sidebar_region + geo.gutter
    for _ in range(SETTLE_STEPS):
        if len(placement.used) < 2:
            break
        beside = geo.first_frames()[0][3]
        start = placement.first[1]
        after = placement.after[0]
        if start is None:
            break  # nothing below the sidebar
        if start == placement.last[0]:  # a block runs on from beside the sidebar
            line = text_leading(story.main, start)
            end = placement.used[0] - after  # where its last line beside the sidebar ends
            if line is None or beside - end <= ROUNDING:
                break  # a box split between its rows, or a paragraph that runs on unbroken
            # its lines run on at one leading: the column ends with its last line there, or
            # one line further when that is above the sidebar's foot
            longer = end if end >= floor else end + line
        else:
            flowable = story.main[start]
            wanted = max(flowable.getSpaceBefore(), after)  # the white between them in a column
            white = beside - placement.used[0] + after
            figure = untagged(flowable)
            if white - wanted > band and isinstance(figure, FigureGroup):
                frames = [(w, h) for _, _, w, h in geo.first_frames()]
                if _text_first(story, flowable, white - wanted, frames[0][0]):
                    placement = place(story.main, frames)
                    continue
                if _smaller(figure, white - wanted, frames[0][0]):
                    moved = place(story.main, frames)
                    if moved.last[0] == start:  # it ends beside the sidebar now
                        placement = moved
                        continue
                    _smaller(figure, None, frames[0][0])
                longer = placement.used[0] + max(flowable.getSpaceBefore() - after, 0.0)
                longer += lead_height(story.main, start, geo.main_width)
                hole = (geo.text_width - geo.main_width) * (longer - floor)  # beside it
                if geo.main_width * (white - wanted) <= hole:
                    break  # the figure takes the full width below the sidebar
                # else the white band above it would be the larger: it goes beside as a box
            if white - wanted > band or _follows(flowable):
                longer = placement.used[0] + max(flowable.getSpaceBefore() - after, 0.0)
                longer += lead_height(story.main, start, geo.main_width)
            elif white < wanted - ROUNDING:
                longer = beside + wanted - white
            else:
                break
        geo = replace(geo, beside=longer + LINE_FUZZ)
        placement = place(story.main, [(w, h) for _, _, w, h in geo.first_frames()])
    return geo, placement


def _follows(flowable: Flowable) -> bool:
    """A block that belongs under the one before it (a table's note): it goes beside the
    sidebar with that block rather than start the full width alone, at the page's margin."""
    return bool(getattr(untagged(flowable), "follows_block", False))


def _text_first(story: Story, figure: Flowable, room: float, width: float) -> bool:
    """Set the paragraph after ``figure`` in its section before it, when it fills the
    ``room`` left beside the sidebar (at ``width``) and runs on below; False when the figure
    is not followed by such a paragraph there (the end of its section, a table, a heading,
    a paragraph too short to fill the room)."""
    for block in story.blocks:
        flowables = block.flowables
        for i, flowable in enumerate(flowables):
            if flowable is not figure:
                continue
            if i + 1 == len(flowables):
                return False
            after = flowables[i + 1]
            text = isinstance(untagged(after), _Paragraph | BidiParagraph)
            if not text or after.getKeepWithNext() or stack_height([after], width) < room:
                return False
            flowables[i], flowables[i + 1] = after, flowable
            return True
    return False


def _smaller(group: FigureGroup, room: float | None, width: float) -> bool:
    """Set the figure of ``group`` no taller than fits ``room`` with its caption (None: as
    it was); False when it would have to lose more than :data:`SMALLEST_FIGURE`."""
    picture = group.picture()
    if picture is None:
        return False
    picture.tallest = None
    if room is None:
        return True
    height = picture.wrap(width, 1e9)[1]
    rest = stack_height(group._content, width) - height - group.getSpaceAfter()
    tallest = room - rest - LINE_FUZZ
    if tallest < height * SMALLEST_FIGURE:
        return False
    picture.tallest = tallest
    return True
