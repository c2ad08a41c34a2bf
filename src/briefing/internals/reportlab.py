"""ReportLab's internals that briefing relies on (ReportLab 4.2 to 5.1; pinned ``<5.2``).

ReportLab documents its flowables' ``wrap``/``split``/``draw`` and the canvas's drawing calls,
but not the following, which the layout's measurement (a second platypus that must agree
with the real one), the render and the chart cache need. Each is checked by
``tests/test_internals.py``.

- ``platypus.flowables.KeepTogether._content`` (the list it keeps), and ``_H`` / ``_H0`` that
  its ``wrap`` sets (the whole height, and the height of its first flowable): the measurement
  mirrors ``KeepTogether.split`` (:func:`kept_flowables`, :func:`kept_heights`).
- ``platypus.paragraph.Paragraph.blPara`` and ``_wrapWidths``, set by ``wrap``: the broken
  lines, kept per width and put back (:func:`broken_lines`, :func:`set_broken_lines`).
- ``platypus.tables.Table._argW`` / ``_colWidths`` (the widths asked for and used), ``_argH``
  (the row heights asked for), ``_cellvalues`` / ``_cellStyles`` / ``_nrows`` (the cells),
  ``_elementWidth`` (a cell's content width), ``_width_calculated_once`` and the method
  ``_calcPreliminaryWidths`` (the widths of columns sized from their cells), which
  :class:`PreliminaryWidths` lets a subclass amend through a public-named hook.
- ``platypus.frames.Frame._y``, ``_y1p``, ``_aW``, ``_height``: where a frame is, when a
  flowable does not fit it (:func:`frame_room`).
- ``pdfgen.canvas.Canvas._doc._timeStamp`` (the document's creation time, otherwise the clock)
  and ``Canvas._startPage()`` (a fresh page without writing the last: ``showPage`` without
  the page), and the canvas's instance ``__dict__`` as a page's whole state, kept and put back
  to draw 'page X of Y' once the count is known (ReportLab's own recipe for it); and
  ``Canvas._bookmarkReference(name)`` (the destination object of a name, made on first use),
  so that a place a citation links to gets its object in drawing order while its page is bound
  only when that page is written (:func:`name_destination`).
- ``Flowable._frame``, which ``Frame.add`` / ``Frame.split`` set on the flowable they place
  (:func:`placing_frame`); a box split at a page's foot reads it, and sets it on the table it
  makes (:func:`set_placing_frame`). ``KeepInFrame._content`` likewise (:func:`contained`).
- ``graphics.shapes`` nodes' ``_attrMap`` (each attribute's validator, per node, and per class),
  and their instance ``__dict__``, set without the check each assignment makes: the chart cache
  rebuilds svglib's drawings from their attributes (:func:`attribute_map`, :func:`bare_node`,
  :func:`set_unchecked`).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepTogether, Paragraph, Table


def name_destination(canvas: Canvas, name: str) -> None:
    """Make the destination object of ``name`` now, if it is new
    (``Canvas._bookmarkReference``); ``bookmarkPage`` binds it to a page later."""
    canvas._bookmarkReference(name)


def kept_flowables(group: KeepTogether) -> list[Flowable]:
    """The flowables a ``KeepTogether`` keeps (``KeepTogether._content``)."""
    content: list[Flowable] = group._content
    return content


def kept_heights(group: KeepTogether) -> tuple[float, float]:
    """The heights its last ``wrap`` found: the whole, and its first flowable's
    (``KeepTogether._H``, ``KeepTogether._H0``)."""
    return group._H, group._H0


def broken_lines(paragraph: Paragraph) -> tuple[Any, Any]:
    """What ``Paragraph.wrap`` keeps of its line breaking: ``blPara`` and ``_wrapWidths``."""
    return paragraph.blPara, paragraph._wrapWidths


def set_broken_lines(paragraph: Paragraph, lines: Any, widths: Any) -> None:
    """Put back what :func:`broken_lines` read, as ``wrap`` would set it at that width."""
    paragraph.blPara, paragraph._wrapWidths = lines, widths


def paragraph_lines(paragraph: Paragraph) -> Any:
    """The broken lines ``drawPara`` draws (``Paragraph.blPara``)."""
    return paragraph.blPara


def column_widths(table: Table) -> list[Any]:
    """The widths a table was asked for, ``None`` for a column sized from its cells
    (``Table._argW``)."""
    return list(table.__dict__["_argW"])


def set_column_widths(table: Table, widths: list[Any], fresh: bool = False) -> None:
    """Set the widths asked for and used (``Table._argW`` and ``_colWidths``); ``fresh``: as
    if never wrapped (``_width_calculated_once``), so the next wrap sizes them again."""
    table.__dict__["_argW"] = table.__dict__["_colWidths"] = widths
    if fresh:
        table.__dict__["_width_calculated_once"] = 0


def row_heights(table: Table) -> list[Any]:
    """The row heights a table was asked for, ``None`` for a free row (``Table._argH``)."""
    return list(table.__dict__["_argH"])


def free_row_heights(table: Table) -> None:
    """Make every row height free again (``Table._argH``), to be found at the next wrap."""
    table._argH = [None] * len(table._argH)


def row_count(table: Table) -> int:
    """The number of rows (``len(Table._cellvalues)``)."""
    return len(table._cellvalues)


def column_minimum(table: Table, column: int) -> float:
    """The narrowest ``column`` can be: its widest unbreakable content and its padding
    (``Table._nrows``, ``_cellvalues``, ``_cellStyles``, ``_elementWidth``)."""
    found = 0.0
    for row in range(table._nrows):
        value, style = table._cellvalues[row][column], table._cellStyles[row][column]
        inner = table._elementWidth(value, style) or 0.0
        found = max(found, float(inner) + style.leftPadding + style.rightPadding)
    return found


class PreliminaryWidths(Table):  # type: ignore[misc]
    """A ``Table`` whose preliminary column widths (``Table._calcPreliminaryWidths``) a
    subclass amends in :meth:`preliminary_widths`."""

    def _calcPreliminaryWidths(self, availWidth: float) -> Any:
        asked = column_widths(self)  # before: platypus replaces them with what it works out
        return self.preliminary_widths(
            availWidth, asked, super()._calcPreliminaryWidths(availWidth)
        )

    def preliminary_widths(self, availWidth: float, asked: list[Any], widths: Any) -> Any:
        """``widths`` (platypus's, from the widths ``asked`` for), amended."""
        return widths


def frame_room(frame: Frame) -> tuple[float, float, float]:
    """A frame's room left, its width and its whole height (``Frame._y - Frame._y1p``,
    ``Frame._aW``, ``Frame._height``)."""
    return float(frame._y - frame._y1p), float(frame._aW), float(frame._height)


def set_creation_time(canvas: Canvas, stamp: Any) -> None:
    """The time the document says it was made (``Canvas._doc._timeStamp``, a
    ``reportlab.lib.utils.TimeStamp``), instead of the clock's."""
    canvas._doc._timeStamp = stamp


def page_state(canvas: Canvas) -> dict[str, Any]:
    """The canvas's whole state for the page just drawn (its instance ``__dict__``)."""
    return dict(canvas.__dict__)


def restore_page_state(canvas: Canvas, state: dict[str, Any]) -> None:
    """Put back a page's state kept by :func:`page_state`."""
    canvas.__dict__.update(state)


def start_page(canvas: Canvas) -> None:
    """Begin a fresh page without writing the one drawn (``Canvas._startPage``)."""
    canvas._startPage()


def attribute_map(node: Any) -> Any:
    """A ``reportlab.graphics.shapes`` node's attribute validators (its ``_attrMap``)."""
    return node._attrMap


def contained(flowable: Flowable, default: list[Flowable]) -> list[Flowable]:
    """What a container flowable holds (``KeepTogether._content``, ``KeepInFrame._content``),
    or ``default`` when it holds nothing."""
    content: list[Flowable] = getattr(flowable, "_content", default)
    return content


def placing_frame(flowable: Flowable) -> Frame | None:
    """The frame platypus is placing ``flowable`` in: ``Frame.add`` and ``Frame.split`` (and
    ``BaseDocTemplate``'s split) set ``flowable._frame`` before they ask it to wrap or split."""
    frame: Frame | None = flowable.__dict__.get("_frame")
    return frame


def set_placing_frame(flowable: Flowable, frame: Frame | None) -> None:
    """Tell a flowable made during a split the frame it is placed in, as platypus tells those
    it places (``_frame``); ``None`` takes it away again."""
    if frame is None:
        flowable.__dict__.pop("_frame", None)
    else:
        flowable.__dict__["_frame"] = frame


def bare_node(cls: type[Any]) -> Any:
    """A ``reportlab.graphics.shapes`` node made without its constructor (its attributes then
    set by :func:`set_unchecked`): the chart cache rebuilds the nodes it kept."""
    return object.__new__(cls)


def set_unchecked(node: Any, key: str, value: Any) -> None:
    """Set a node's attribute without the check ``shapes`` nodes make on each assignment
    against their ``_attrMap`` (the cache checked it with :func:`attribute_map` when it kept
    the node)."""
    node.__dict__[key] = value
