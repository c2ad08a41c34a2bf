"""The canvas the render draws on: it keeps every page until the document's last, then draws
what needs the page count (the furniture: "page X of Y", banners, TLP labels) and writes them.

Takes the generation time, the :class:`~briefing.layout.tagging.Recorder` that tagged
flowables find on it, the change bars they report to, and ``furnish(canvas, page, total)``,
which draws page ``page`` of ``total``'s furniture (for a pack: the page of whichever brief
owns it). Returns a canvas class for platypus's ``canvasmaker``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFString
from reportlab.pdfgen.canvas import Canvas

from briefing.internals.reportlab import (
    name_destination,
    page_state,
    restore_page_state,
    set_creation_time,
    start_page,
)
from briefing.layout.edition import ChangeBars
from briefing.layout.tagging import Recorder

#: Draws the furniture of page ``page`` (from 1) of ``total`` on the canvas.
Furnish = Callable[[Canvas, int, int], None]


def _timestamp(moment: datetime) -> TimeStamp:
    stamp = TimeStamp(invariant=True)
    stamp.t = moment.timestamp()
    stamp.lt = moment.utctimetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def canvas_class(
    furnish: Furnish, change_bars: ChangeBars, generated: datetime, recorder: Recorder
) -> Callable[..., Canvas]:
    class PagedCanvas(Canvas):  # type: ignore[misc]
        """Keeps each page until the end, then draws 'page X of Y' and the furniture.

        Tagging (see :mod:`briefing.layout.tagging`): ``recorder`` is what Tagged flowables find on
        the canvas. Each page is drawn inside an ``/Artifact`` bracket, which Tagged content
        leaves and re-enters, so whatever no flowable declares is page furniture.
        """

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            set_creation_time(self, _timestamp(generated))
            self._kept: list[dict[str, Any]] = []
            self.recorder = recorder
            self.change_bars = change_bars  # what Tagged flowables with a bar report to
            #: what the places citations link to are prefixed with on the pages being drawn:
            #: each brief of a pack has its own "source-1" (set by the page templates)
            self.destinations = ""
            self.places: list[tuple[str, float, float, dict[str, Any]]] = []  # on this page
            recorder.open_artifact(self)  # tagging: page 1 starts as furniture

        def showPage(self) -> None:
            self.recorder.close_artifact(self)  # tagging
            self._kept.append(page_state(self))
            self.places = []
            start_page(self)
            self.recorder.open_artifact(self)  # tagging: the next page starts as furniture

        def drawText(self, text: Any) -> None:
            super().drawText(text)
            self.recorder.text_drawn(self)  # tagging: a list item's bullet ends its label

        # tagging: a link belongs to the content being drawn, named by the key the recorder
        # gives it; one drawn in an artifact (a repeated label row) is not added at all
        def linkURL(self, url: str, rect: Any, *args: Any, **kwargs: Any) -> None:
            key = self.recorder.link(self, url)
            if key is not None:
                super().linkURL(url, rect, *args, Contents=PDFString(key), **kwargs)

        def linkRect(self, contents: str, destination: str, *args: Any, **kwargs: Any) -> Any:
            key = self.recorder.link(self, "#" + destination)  # a citation's link
            if key is None:
                return None
            return super().linkRect(key, self.destinations + destination, *args, **kwargs)

        # a place a citation links to: named now, bound to its page when the page is written
        # (platypus draws every page before this canvas writes any: bound now, every place
        # would be on the first page)
        def bookmarkHorizontal(self, key: str, x: float, y: float, **kwargs: Any) -> None:
            name = self.destinations + key
            name_destination(self, name)  # the destination's object, made in drawing order
            left, top = self.absolutePosition(x, y)
            self.places.append((name, float(top), float(left), kwargs))

        def save(self) -> None:
            total = len(self._kept)
            for number, state in enumerate(self._kept, start=1):
                restore_page_state(self, state)
                for name, top, left, kwargs in self.places:
                    self.bookmarkHorizontalAbsolute(name, top, left=left, **kwargs)
                self.recorder.open_artifact(self)  # tagging
                furnish(self, number, total)
                self.recorder.close_artifact(self)  # tagging
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas
