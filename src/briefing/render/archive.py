"""Finishing: ReportLab's PDF + the recorded structure -> a tagged PDF/A-1b with bookmarks.

Takes the bytes :mod:`briefing.render.pages` made, the structure tree layout declared
(:class:`~briefing.layout.tagging.Node`), what the render recorded of it
(:class:`~briefing.layout.tagging.Recorder`) and the document's metadata; returns the PDF with,
in one pass of pikepdf (qpdf):

- the structure tree (``/StructTreeRoot`` with its ``/ParentTree``), ``/MarkInfo``, ``/Lang``,
  link annotations described (``/Contents``), printable (``/F 4``) and tied into the tree;
- the outline (bookmarks), destinations written directly, each pointing at its element;
- XMP metadata and a document information dictionary that say the same
  (:mod:`briefing.render.metadata`);
- an sRGB output intent (an ICC profile of version 2, see :mod:`briefing.render.srgb`);
- PDF 1.4 syntax as PDF/A-1 wants it: no object or cross-reference streams, an end of line
  before every ``endstream``, and a file identifier computed from the content.

It touches no clock: every date comes from :class:`~briefing.render.metadata.Metadata`.
Same input, same bytes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from briefing.layout.tagging import GROUP, Node, Recorder
from briefing.render.metadata import Metadata, write_metadata
from briefing.render.srgb import DESCRIPTION, srgb_profile


def finish_pdf(
    pdf: bytes,
    structure: Node,
    recorder: Recorder,
    meta: Metadata,
    heads: Sequence[Node] | None = None,
) -> bytes:
    """Return ``pdf`` as a tagged PDF/A-1b (see the module docstring). ``heads`` are the
    nodes whose bookmarks make one outline entry each (the briefs of a pack); by default the
    whole ``structure`` is one."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        elements = _structure_tree(doc, structure, recorder)
        _outline(doc, heads or [structure], recorder, elements)
        _catalog(doc, meta)
        write_metadata(doc, meta, hashlib.sha256(pdf).digest())
        _check_no_transparency(doc)
        out = io.BytesIO()
        doc.save(
            out,
            deterministic_id=True,  # the /ID is a digest of the content: reproducible
            object_stream_mode=pikepdf.ObjectStreamMode.disable,  # PDF/A-1 is PDF 1.4
            compress_streams=True,
            linearize=False,
            fix_metadata_version=False,
        )
        return out.getvalue()


# --------------------------------------------------------------------------- structure


def _has_content(node: Node, recorder: Recorder, memo: dict[int, bool]) -> bool:
    found = memo.get(id(node))
    if found is None:
        found = recorder.drawn(node) or any(_has_content(k, recorder, memo) for k in node.kids)
        memo[id(node)] = found
    return found


def _structure_tree(doc: pikepdf.Pdf, root: Node, recorder: Recorder) -> dict[int, Dictionary]:
    """Write the structure tree and its parent tree; return each node's element by node id."""
    pages = [page.obj for page in doc.pages]
    marks: dict[int, list[tuple[int, int]]] = {}  # node id -> (page, mcid) in order
    for page_number, owners in sorted(recorder.marks.items()):
        for mcid, node in enumerate(owners):
            marks.setdefault(id(node), []).append((page_number, mcid))
    annotations = _link_annotations(doc, recorder)
    tree_root = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    elements: dict[int, Dictionary] = {}
    memo: dict[int, bool] = {}
    parent_tree: list[tuple[int, pikepdf.Object]] = []

    def first(node: Node) -> tuple[int, float]:
        """Where a node's content starts in drawing order (page, MCID)."""
        found = [(p, float(m)) for p, m in marks.get(id(node), [])[:1]]
        found += [first(kid) for kid in node.kids if _has_content(kid, recorder, memo)]
        return min(found)

    def build(node: Node, parent: pikepdf.Object) -> list[pikepdf.Object]:
        if node.role == GROUP:
            return [e for kid in node.kids for e in build(kid, parent)]
        if not _has_content(node, recorder, memo):
            return []
        elem = doc.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent)
        )
        elements[id(node)] = elem
        own = marks.get(id(node), [])
        # (where it is drawn, kid): an element with content of its own and child elements
        # (a Span, a Link) lists them as drawn; one of elements only keeps the logical order
        ordered: list[tuple[tuple[int, float], pikepdf.Object | int]] = []
        if own:
            home = own[0][0]
            elem.Pg = pages[home - 1]
            for page_number, mcid in own:
                mark: pikepdf.Object | int = mcid
                if page_number != home:
                    mark = Dictionary(Type=Name.MCR, Pg=pages[page_number - 1], MCID=mcid)
                ordered.append(((page_number, float(mcid)), mark))
        for i, kid in enumerate(node.kids):
            for built in build(kid, elem):
                ordered.append((first(kid) if own else (0, float(i)), built))
        ordered.sort(key=lambda pair: pair[0])
        kids = Array([kid for _, kid in ordered])
        for annotation, page_number in annotations.get(id(node), []):
            link = doc.make_indirect(
                Dictionary(Type=Name.StructElem, S=Name.Link, P=elem, Pg=pages[page_number - 1])
            )
            link.K = Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=pages[page_number - 1])])
            link.Alt = annotation.Contents
            annotation.StructParent = len(pages) + len(parent_tree)
            parent_tree.append((annotation.StructParent, link))
            kids.append(link)
        elem.K = kids[0] if len(kids) == 1 else kids  # a single kid stands alone (as is usual)
        if node.alt:
            elem.Alt = String(node.alt)
        if node.lang:
            elem.Lang = String(node.lang)
        if node.bookmark:
            elem.T = String(node.bookmark)
        if node.scope:
            elem.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
        if node.actual:
            elem.ActualText = String(node.actual)
        return [elem]

    tree_root.K = Array(build(root, tree_root))
    nums: list[object] = []  # the parent tree as one flat number tree: keys in order
    for index, page in enumerate(pages):
        owners = recorder.marks.get(index + 1, [])
        if owners:
            page.StructParents = index
            nums += [index, Array([elements[id(node)] for node in owners])]
    for key, link in parent_tree:
        nums += [key, link]
    tree_root.ParentTree = doc.make_indirect(Dictionary(Nums=Array(nums)))
    tree_root.ParentTreeNextKey = len(pages) + len(parent_tree)
    doc.Root.StructTreeRoot = tree_root
    doc.Root.MarkInfo = Dictionary(Marked=True)
    return elements


def _link_annotations(
    doc: pikepdf.Pdf, recorder: Recorder
) -> dict[int, list[tuple[pikepdf.Object, int]]]:
    """Each node's link annotations, joined to what the render recorded by the key each
    annotation carries in ``/Contents`` (replaced here by its description)."""
    recorded = {link.key: link for link in recorder.links}
    found: dict[int, list[tuple[pikepdf.Object, int]]] = {}
    for number, page in enumerate(doc.pages, start=1):
        annots = [a for a in page.obj.get("/Annots", Array()) if a.get("/Subtype") == Name.Link]
        for annotation in annots:
            link = recorded.pop(str(annotation.get("/Contents", "")), None)
            if link is None or link.page != number:
                raise ValueError(f"page {number}: a link annotation the render did not record")
            annotation.F = 4  # print: PDF/A-1 wants annotations printable
            annotation.Contents = String(_describe_link(link.url))
            found.setdefault(id(link.node), []).append((annotation, number))
        if annots:
            page.obj.Tabs = Name.S  # tab order follows the structure (PDF/UA)
    if recorded:
        raise ValueError(f"{len(recorded)} recorded links have no annotation")
    return found


def _describe_link(url: str) -> str:
    """What a link annotation says it does (/Contents, PDF/UA): where it goes, in words."""
    if url.startswith("#"):  # a place in this document: a citation's entry in the sources
        return f"Link to {url[1:].replace('-', ' ')} in the sources list"
    return f"Link to {url}"


def _outline(
    doc: pikepdf.Pdf, heads: Sequence[Node], recorder: Recorder, elements: dict[int, Dictionary]
) -> None:
    """Bookmarks: for each of ``heads``, its first bookmarked node (the title) with the others
    under it."""
    entries: list[OutlineItem] = []
    for root in heads:
        items: list[OutlineItem] = []
        for node in root.elements():
            start = recorder.start(node)
            if not node.bookmark or start is None:
                continue
            page, x, top = start
            items.append(
                OutlineItem(
                    node.bookmark,
                    page - 1,
                    PageLocation.XYZ,
                    left=round(x, 2),
                    top=round(top, 2),
                    structure_element=elements.get(id(node)),
                )
            )
        if items:
            head, *rest = items
            head.children.extend(rest)
            entries.append(head)
    if not entries:
        return
    with doc.open_outline() as outline:
        outline.root.extend(entries)
    doc.Root.PageMode = Name.UseOutlines


def _catalog(doc: pikepdf.Pdf, meta: Metadata) -> None:
    doc.Root.Lang = String(meta.language)
    doc.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    profile = doc.make_stream(srgb_profile())
    profile.N = 3
    doc.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String(DESCRIPTION),
                Info=String(DESCRIPTION),
                RegistryName=String("http://www.color.org"),
                DestOutputProfile=profile,
            )
        ]
    )


# --------------------------------------------------------------------------- checks


def _resources(doc: pikepdf.Pdf) -> Iterable[pikepdf.Object]:
    seen: set[tuple[int, int]] = set()
    todo = [page.obj.get("/Resources") for page in doc.pages]
    while todo:
        res = todo.pop()
        if not isinstance(res, Dictionary):
            continue
        if res.is_indirect:
            if res.objgen in seen:
                continue
            seen.add(res.objgen)
        yield res
        for xobject in res.get("/XObject", Dictionary()).values():
            todo.append(xobject.get("/Resources"))


def _check_no_transparency(doc: pikepdf.Pdf) -> None:
    """PDF/A-1 forbids transparency: no soft masks, no constant alpha below 1."""
    problems: list[str] = []
    for res in _resources(doc):
        for name, state in res.get("/ExtGState", Dictionary()).items():
            for key in ("/CA", "/ca"):
                if key in state and float(state[key]) != 1.0:
                    problems.append(f"graphics state {name} sets {key} {state[key]}")
            if state.get("/SMask", Name.None_) != Name.None_:
                problems.append(f"graphics state {name} has a soft mask")
        for name, xobject in res.get("/XObject", Dictionary()).items():
            if "/SMask" in xobject:
                problems.append(f"image {name} has a soft mask (alpha)")
            if xobject.get("/Group", Dictionary()).get("/S") == Name.Transparency:
                problems.append(f"form {name} is a transparency group")
    if problems:
        raise ValueError("transparency in a PDF/A-1 file: " + "; ".join(problems))
