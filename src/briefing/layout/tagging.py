"""Tagging: what each block of the page *is*, declared by the flowable that draws it.

Layout builds the logical structure of the briefing as a tree of :class:`Node` values (document,
sections, headings, paragraphs, lists, figures...) in reading order, and wraps each flowable
that draws content in :class:`Tagged`, naming its node. Nothing here guesses structure from the
drawn page.

While the renderer draws, a :class:`Recorder` attached to its canvas (``canvas.recorder``)
turns every Tagged draw into a marked-content sequence ``/Role <</MCID n>> BDC ... EMC`` and
records which node owns MCID ``n`` of which page, where each bookmarked node starts, and which
node each link annotation belongs to: each annotation carries the key of its record from the
moment it is drawn, so the two are joined by name, never by counting. A link drawn outside
tagged content (inside page furniture, or in a label row repeated at the top of a continued
box, which is an artifact) is no link at all: the canvas draws no annotation for it.
Everything else a page draws (banners, running header, footer, page numbers, rules, tints, box
backgrounds) stays inside the ``/Artifact BMC ... EMC`` bracket the renderer keeps open around
the page: page furniture, out of the reading order, by default. :mod:`briefing.render.archive`
turns the tree and the records into the PDF's structure tree.

On any canvas without a recorder (the fit's measuring, previews, tests) a Tagged flowable is
just the flowable it wraps: wrap, split, spacing and keep-with-next all pass through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

#: Standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4) this project may use. PDF/UA
#: asks for standard types or types role-mapped to them; we use standard ones only.
STANDARD_ROLES = frozenset(
    {
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "P"),
        *("H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody"),
        *("Table", "TR", "TH", "TD", "THead", "TBody"),
        *("Figure", "Link", "Note", "Reference", "Span", "Quote"),
    }
)

#: A node that only groups its children while the tree is built; its children take its place.
GROUP = ""


@dataclass(eq=False)
class Node:
    """One structure element: its role, children, and what assistive technology is told.

    ``bookmark`` is the node's title in the outline (bookmarks), for headings that open a part
    of the briefing. ``scope`` is ``Row`` or ``Column`` for table header cells. ``actual`` is
    the text its content stands for (right-to-left text is drawn in visual order). Nodes are
    compared by identity; a deep copy of a flowable keeps pointing at the same node.
    """

    role: str
    kids: list[Node] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None
    bookmark: str | None = None
    scope: str | None = None
    actual: str | None = None

    def __post_init__(self) -> None:
        if self.role != GROUP and self.role not in STANDARD_ROLES:
            raise ValueError(f"unknown structure type {self.role!r}")

    def add(self, role: str, **attributes: Any) -> Node:
        """A new child of this node (after those already there)."""
        child = Node(role, **attributes)
        self.kids.append(child)
        return child

    def group(self) -> Node:
        """A new child that dissolves into this node when the tree is written."""
        return self.add(GROUP)

    def elements(self) -> Iterator[Node]:
        """This node and its descendants in reading order (groups included)."""
        yield self
        for kid in self.kids:
            yield from kid.elements()

    def __deepcopy__(self, memo: dict[int, Any]) -> Node:
        return self  # the structure is shared by every copy of the flowables that name it


@dataclass
class Link:
    """A link annotation drawn inside a node's content; ``key`` names it on its annotation
    (its ``/Contents`` until the archive writes the description there)."""

    page: int
    node: Node
    url: str
    key: str


@dataclass
class Recorder:
    """What one render drew for the structure tree (see the module docstring).

    ``marks[page]`` lists the node owning each MCID of that page (1-based page numbers, MCIDs
    in order from 0); ``boxes[page][mcid]`` is the rectangle (x0, y0, x1, y1, in page points
    from the bottom left) that layout gave the flowable whose content that MCID marks: where
    it was placed in its frame or cell, at the size it took there (its wrap). Nothing of the
    MCID's content may be drawn outside it (the tests' page checks read it); ``starts``
    holds the first (page, x, top) of every node drawn; ``links`` the link annotations drawn, each
    under its own key.
    """

    marks: dict[int, list[Node]] = field(default_factory=dict)
    boxes: dict[int, dict[int, tuple[float, float, float, float]]] = field(default_factory=dict)
    starts: dict[int, tuple[int, float, float]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    _open: Node | None = None
    _then: Node | None = None  # the body to switch to once a list item's label is drawn
    _box: tuple[float, float, float, float] | None = None  # of the content being drawn
    _drawn: dict[int, Tagged] = field(default_factory=dict)  # kept alive: ids stay unique
    _marked: set[int] = field(default_factory=set)  # nodes with content (their ids)

    def drawn(self, node: Node) -> bool:
        """Whether any content of ``node`` itself was drawn."""
        return id(node) in self._marked

    def start(self, node: Node) -> tuple[int, float, float] | None:
        return self.starts.get(id(node))

    # -- called from the canvas

    def open_artifact(self, canvas: Any) -> None:
        canvas.addLiteral("/Artifact BMC")

    def close_artifact(self, canvas: Any) -> None:
        canvas.addLiteral("EMC")

    def text_drawn(self, canvas: Any) -> None:
        """A text object was drawn: after a list item's bullet, its body begins."""
        if self._then is not None:
            node, self._then = self._then, None
            canvas.addLiteral("EMC")
            self._mark(canvas, node)

    def link(self, canvas: Any, url: str) -> str | None:
        """A link annotation is about to be added to the current page (``url``: where it goes;
        ``#name`` for a place in this document): the key to write on it, or None when it is
        drawn outside tagged content (an artifact) and must not be added."""
        if self._open is None:
            return None
        key = f"briefing-link-{len(self.links)}"
        self.links.append(Link(canvas.getPageNumber(), self._open, url, key))
        return key

    # -- called from Tagged.drawOn

    def begin(
        self, canvas: Any, wrapper: Tagged, x: float, top: float, box: tuple[float, ...] = ()
    ) -> bool:
        """Open the marked content of ``wrapper``; False when it must draw as an artifact.

        ``box`` is the rectangle (x0, y0, x1, y1) layout gave it, in the canvas's current
        coordinates."""
        if self._open is not None or id(wrapper) in self._drawn:
            # inside another node's content (it owns it), or drawn a second time (a label
            # repeated at the top of a continued box): not new content for the reading order
            return False
        self._drawn[id(wrapper)] = wrapper
        first = wrapper.node
        inner = wrapper._flowable
        if wrapper.label is not None and (
            getattr(inner, "bulletText", None) or getattr(inner, "bullet", None)
        ):
            # a paragraph draws its bullet as a text object of its own, first (ReportLab's
            # Paragraph as BidiParagraph)
            first, self._then = wrapper.label, wrapper.node
        ax, ay = canvas.absolutePosition(x, top)
        for node in (first, wrapper.node):
            self.starts.setdefault(id(node), (canvas.getPageNumber(), float(ax), float(ay)))
        if box:
            corners = [canvas.absolutePosition(px, py) for px in box[::2] for py in box[1::2]]
            xs, ys = [float(c[0]) for c in corners], [float(c[1]) for c in corners]
            self._box = (min(xs), min(ys), max(xs), max(ys))
        canvas.addLiteral("EMC")  # leave the page's artifact bracket
        self._mark(canvas, first)
        return True

    def _mark(self, canvas: Any, node: Node) -> None:
        page = canvas.getPageNumber()
        on_page = self.marks.setdefault(page, [])
        if self._box is not None:
            self.boxes.setdefault(page, {})[len(on_page)] = self._box
        canvas.addLiteral(f"/{node.role} <</MCID {len(on_page)}>> BDC")
        on_page.append(node)
        self._marked.add(id(node))
        self._open = node

    def end(self, canvas: Any) -> None:
        self._open = self._then = self._box = None
        canvas.addLiteral("EMC")
        canvas.addLiteral("/Artifact BMC")  # back into page furniture


def recorder_of(canvas: Any) -> Recorder | None:
    found = getattr(canvas, "recorder", None)
    return found if isinstance(found, Recorder) else None


class Tagged(Flowable):  # type: ignore[misc]
    """A flowable that declares which structure node its content belongs to.

    Transparent to layout: every attribute is the wrapped flowable's (as ReportLab's own
    ``DDIndenter`` does), and the parts of a split are wrapped with the same node, so a paragraph
    split across pages or frames stays one element with content on both.

    ``bar`` names the changed part (its path in the brief) a change bar is drawn beside
    (:mod:`briefing.layout.edition`); the bar is no content: it is drawn as an artifact.
    """

    _own = ("_flowable", "node", "label", "_size", "bar")

    def __init__(
        self,
        flowable: Flowable,
        node: Node,
        label: Node | None = None,
        bar: tuple[str | int, ...] | None = None,
    ) -> None:
        self.__dict__["_flowable"] = flowable
        self.__dict__["node"] = node
        self.__dict__["label"] = label
        self.__dict__["bar"] = bar

    # attributes are the wrapped flowable's
    def __getattr__(self, name: str) -> Any:
        inner = self.__dict__.get("_flowable")
        if inner is None or name in Tagged._own or name.startswith("__"):
            raise AttributeError(name)  # (copy and pickle probe a bare instance for hooks)
        return getattr(inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Tagged._own:
            self.__dict__[name] = value
        else:
            setattr(self._flowable, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self._flowable, name)

    # ... and so are the methods Flowable itself defines
    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        size: tuple[float, float] = self._flowable.wrap(available_width, available_height)
        self.__dict__["_size"] = size  # what layout gave it, for the recorder's box
        return size

    def wrapOn(self, canvas: Any, available_width: float, available_height: float) -> Any:
        size = self._flowable.wrapOn(canvas, available_width, available_height)
        self.__dict__["_size"] = size
        return size

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self._flowable.split(available_width, available_height)
        return [Tagged(part, self.node, self.label, self.bar) for part in parts]

    def splitOn(self, canvas: Any, available_width: float, available_height: float) -> Any:
        parts = self._flowable.splitOn(canvas, available_width, available_height)
        return [Tagged(part, self.node, self.label, self.bar) for part in parts]

    # platypus writes some settings straight into a flowable's __dict__ (keepWithNext = 0 once
    # a heading is grouped with what follows); those of the wrapper win, as they would unwrapped
    def getSpaceBefore(self) -> float:
        if "spaceBefore" in self.__dict__:
            return float(self.__dict__["spaceBefore"])
        return float(self._flowable.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        if "spaceAfter" in self.__dict__:
            return float(self.__dict__["spaceAfter"])
        return float(self._flowable.getSpaceAfter())

    def getKeepWithNext(self) -> bool:
        if "keepWithNext" in self.__dict__:
            return bool(self.__dict__["keepWithNext"])
        return bool(self._flowable.getKeepWithNext())

    def minWidth(self) -> float:
        return float(self._flowable.minWidth())

    def identity(self, maxLen: int | None = None) -> str:
        return f"Tagged {self.node.role} of {self._flowable.identity(maxLen)}"

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        recorder = recorder_of(canvas)
        height = float(getattr(self._flowable, "height", 0.0) or 0.0)
        size = self.__dict__.get("_size")
        width = float(size[0]) if size else float(getattr(self._flowable, "width", 0.0) or 0.0)
        tall = float(size[1]) if size else height
        align = getattr(self._flowable, "_hAlignAdjust", None)
        left = float(align(x, _sW)) if align is not None else x  # where it draws itself
        box = (left, y, left + width, y + tall)
        bars = getattr(canvas, "change_bars", None)
        if self.bar is not None and bars is not None:  # drawn at the page's end, as an artifact
            corners = [canvas.absolutePosition(px, py) for px in box[::2] for py in box[1::2]]
            xs, ys = [float(c[0]) for c in corners], [float(c[1]) for c in corners]
            rtl = bool(getattr(self._flowable, "rtl", False))
            bars.add(canvas.getPageNumber(), self.bar, (min(xs), min(ys), max(xs), max(ys)), rtl)
        if recorder is None or not recorder.begin(canvas, self, x, y + height, box):
            self._flowable.drawOn(canvas, x, y, _sW)
            return
        try:
            self._flowable.drawOn(canvas, x, y, _sW)
        finally:
            recorder.end(canvas)


def tag(flowable: Flowable, node: Node, label: Node | None = None) -> Tagged:
    """``flowable`` declared as the content of ``node``.

    With ``label`` (a list item's Lbl), the bullet the paragraph draws first is the label's
    content and the rest the node's; a paragraph without a bullet is all the node's.

    A flowable that draws text in visual order says what it reads as in ``logical_text``
    (layout sets it on right-to-left paragraphs): its content becomes a Span of the node
    whose ActualText is that text.
    """
    logical = getattr(flowable, "logical_text", None)
    if isinstance(logical, str):
        node = node.add("Span", actual=logical)
    return Tagged(flowable, node, label)


def untagged(flowable: Flowable) -> Flowable:
    """The flowable a :class:`Tagged` wraps (or ``flowable`` itself)."""
    return flowable._flowable if isinstance(flowable, Tagged) else flowable
