"""Finishing: ReportLab's PDF + the recorded structure -> a tagged PDF/A-1b with bookmarks.

Takes the bytes :mod:`briefing.render.pages` made, the structure tree layout declared
(:class:`~briefing.layout.tagging.Node`), what the render recorded of it
(:class:`~briefing.layout.tagging.Recorder`) and the document's metadata; returns the PDF with,
read and written once by :mod:`briefing.render.pdffile`:

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
from collections.abc import Iterable, Sequence
from typing import Any

from briefing.layout.tagging import GROUP, Node, Recorder
from briefing.render.metadata import Metadata, info_dictionary, xmp_packet
from briefing.render.pdffile import Name, PdfFile, Raw, Ref, Stream, literal_text
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
    doc = PdfFile(pdf)
    elements = _structure_tree(doc, structure, recorder)
    _outline(doc, heads or [structure], recorder, elements)
    _catalog(doc, meta)
    doc.objects[doc.info.number] = info_dictionary(meta)
    xmp = Stream({"Type": Name("Metadata"), "Subtype": Name("XML")}, b"", compress=False)
    xmp.data = xmp_packet(meta, hashlib.sha256(pdf).digest())
    doc.catalog["Metadata"] = doc.add(xmp)
    _check_no_transparency(doc)
    return doc.write()


# --------------------------------------------------------------------------- structure


def _has_content(node: Node, recorder: Recorder, memo: dict[int, bool]) -> bool:
    found = memo.get(id(node))
    if found is None:
        found = recorder.drawn(node) or any(_has_content(k, recorder, memo) for k in node.kids)
        memo[id(node)] = found
    return found


def _structure_tree(doc: PdfFile, root: Node, recorder: Recorder) -> dict[int, Ref]:
    """Write the structure tree and its parent tree; return each node's element by node id."""
    pages = [ref for ref, _ in doc.pages()]
    page_objects = [page for _, page in doc.pages()]
    marks: dict[int, list[tuple[int, int]]] = {}  # node id -> (page, mcid) in order
    for page_number, owners in sorted(recorder.marks.items()):
        for mcid, node in enumerate(owners):
            marks.setdefault(id(node), []).append((page_number, mcid))
    annotations = _link_annotations(doc, recorder)
    tree: dict[str, Any] = {"Type": Name("StructTreeRoot")}
    tree_root = doc.add(tree)
    elements: dict[int, Ref] = {}
    memo: dict[int, bool] = {}
    parent_tree: list[tuple[int, Ref]] = []

    def first(node: Node) -> tuple[int, float]:
        """Where a node's content starts in drawing order (page, MCID)."""
        found = [(p, float(m)) for p, m in marks.get(id(node), [])[:1]]
        found += [first(kid) for kid in node.kids if _has_content(kid, recorder, memo)]
        return min(found)

    def build(node: Node, parent: Ref) -> list[Ref]:
        if node.role == GROUP:
            return [e for kid in node.kids for e in build(kid, parent)]
        if not _has_content(node, recorder, memo):
            return []
        elem: dict[str, Any] = {"Type": Name("StructElem"), "S": Name(node.role), "P": parent}
        ref = doc.add(elem)
        elements[id(node)] = ref
        own = marks.get(id(node), [])
        # (where it is drawn, kid): an element with content of its own and child elements
        # (a Span, a Link) lists them as drawn; one of elements only keeps the logical order
        ordered: list[tuple[tuple[int, float], Any]] = []
        if own:
            home = own[0][0]
            elem["Pg"] = pages[home - 1]
            for page_number, mcid in own:
                mark: Any = mcid
                if page_number != home:
                    mark = {"Type": Name("MCR"), "Pg": pages[page_number - 1], "MCID": mcid}
                ordered.append(((page_number, float(mcid)), mark))
        for i, kid in enumerate(node.kids):
            for built in build(kid, ref):
                ordered.append((first(kid) if own else (0, float(i)), built))
        ordered.sort(key=lambda pair: pair[0])
        kids = [kid for _, kid in ordered]
        for (annotation, description), page_number in annotations.get(id(node), []):
            page = pages[page_number - 1]
            link = doc.add({"Type": Name("StructElem"), "S": Name("Link"), "P": ref, "Pg": page})
            doc.get(link)["K"] = [{"Type": Name("OBJR"), "Obj": annotation, "Pg": page}]
            doc.get(link)["Alt"] = description
            key = len(pages) + len(parent_tree)
            doc.get(annotation)["StructParent"] = key
            parent_tree.append((key, link))
            kids.append(link)
        elem["K"] = kids[0] if len(kids) == 1 else kids  # a single kid stands alone (as is usual)
        if node.alt:
            elem["Alt"] = node.alt
        if node.lang:
            elem["Lang"] = node.lang
        if node.bookmark:
            elem["T"] = node.bookmark
        if node.scope:
            elem["A"] = {"O": Name("Table"), "Scope": Name(node.scope)}
        if node.actual:
            elem["ActualText"] = node.actual
        return [ref]

    tree["K"] = build(root, tree_root)
    nums: list[Any] = []  # the parent tree as one flat number tree: keys in order
    for index, page in enumerate(page_objects):
        owners = recorder.marks.get(index + 1, [])
        if owners:
            page["StructParents"] = index
            nums += [index, [elements[id(node)] for node in owners]]
    for key, link in parent_tree:
        nums += [key, link]
    tree["ParentTree"] = doc.add({"Nums": nums})
    tree["ParentTreeNextKey"] = len(pages) + len(parent_tree)
    doc.catalog["StructTreeRoot"] = tree_root
    doc.catalog["MarkInfo"] = {"Marked": True}
    return elements


def _link_annotations(doc: PdfFile, recorder: Recorder) -> dict[int, list[tuple[Any, int]]]:
    """Each node's link annotations (their reference and description, and their page),
    joined to what the render recorded by the key each annotation carries in ``/Contents``
    (replaced here by its description)."""
    recorded = {link.key: link for link in recorder.links}
    found: dict[int, list[tuple[Any, int]]] = {}
    for number, (_, page) in enumerate(doc.pages(), start=1):
        annots = [
            ref for ref in doc.get(page.get("Annots", [])) if doc.get(ref).get("Subtype") == "Link"
        ]
        for ref in annots:
            if not isinstance(ref, Ref):
                raise ValueError(f"page {number}: a link annotation that is not an object")
            annotation = doc.get(ref)
            contents = annotation.get("Contents")
            key = literal_text(contents) if isinstance(contents, Raw) else ""
            link = recorded.pop(key, None)
            if link is None or link.page != number:
                raise ValueError(f"page {number}: a link annotation the render did not record")
            annotation["F"] = 4  # print: PDF/A-1 wants annotations printable
            description = _describe_link(link.url)
            annotation["Contents"] = description
            found.setdefault(id(link.node), []).append(((ref, description), number))
        if annots:
            page["Tabs"] = Name("S")  # tab order follows the structure (PDF/UA)
    if recorded:
        raise ValueError(f"{len(recorded)} recorded links have no annotation")
    return found


def _describe_link(url: str) -> str:
    """What a link annotation says it does (/Contents, PDF/UA): where it goes, in words."""
    if url.startswith("#"):  # a place in this document: a citation's entry in the sources
        return f"Link to {url[1:].replace('-', ' ')} in the sources list"
    return f"Link to {url}"


def _outline(
    doc: PdfFile, heads: Sequence[Node], recorder: Recorder, elements: dict[int, Ref]
) -> None:
    """Bookmarks: for each of ``heads``, its first bookmarked node (the title) with the others
    under it."""
    pages = [ref for ref, _ in doc.pages()]
    entries: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for root in heads:
        items: list[dict[str, Any]] = []
        for node in root.elements():
            start = recorder.start(node)
            if not node.bookmark or start is None:
                continue
            page, x, top = start
            item: dict[str, Any] = {
                "Title": node.bookmark,
                "Dest": [pages[page - 1], Name("XYZ"), round(x, 2), round(top, 2), 0],
            }
            if id(node) in elements:
                item["SE"] = elements[id(node)]
            items.append(item)
        if items:
            head, *rest = items
            entries.append((head, rest))
    if not entries:
        return
    outline: dict[str, Any] = {"Type": Name("Outlines")}
    root_ref = doc.add(outline)
    heads_refs = _chain(doc, [head for head, _ in entries], root_ref)
    for (head, rest), head_ref in zip(entries, heads_refs, strict=True):
        head["Count"] = len(rest)  # open: its entries show
        if rest:
            kids = _chain(doc, rest, head_ref)
            head["First"], head["Last"] = kids[0], kids[-1]
            for kid in rest:
                kid["Count"] = 0
    outline["First"], outline["Last"] = heads_refs[0], heads_refs[-1]
    outline["Count"] = sum(1 + len(rest) for _, rest in entries)
    doc.catalog["Outlines"] = root_ref
    doc.catalog["PageMode"] = Name("UseOutlines")


def _chain(doc: PdfFile, items: list[dict[str, Any]], parent: Ref) -> list[Ref]:
    """Outline items made siblings under ``parent``, in order: their references."""
    refs = [doc.add(item) for item in items]
    for i, item in enumerate(items):
        item["Parent"] = parent
        if i:
            item["Prev"] = refs[i - 1]
        if i + 1 < len(items):
            item["Next"] = refs[i + 1]
    return refs


def _catalog(doc: PdfFile, meta: Metadata) -> None:
    doc.catalog["Lang"] = meta.language
    doc.catalog["ViewerPreferences"] = {"DisplayDocTitle": True}
    profile = doc.add(Stream({"N": 3}, srgb_profile()))
    doc.catalog["OutputIntents"] = [
        {
            "Type": Name("OutputIntent"),
            "S": Name("GTS_PDFA1"),
            "OutputConditionIdentifier": DESCRIPTION,
            "Info": DESCRIPTION,
            "RegistryName": "http://www.color.org",
            "DestOutputProfile": profile,
        }
    ]


# --------------------------------------------------------------------------- checks


def _resources(doc: PdfFile) -> Iterable[dict[str, Any]]:
    seen: set[int] = set()
    todo = [page.get("Resources") for _, page in doc.pages()]
    while todo:
        res = todo.pop()
        if isinstance(res, Ref):
            if res.number in seen:
                continue
            seen.add(res.number)
            res = doc.get(res)
        if not isinstance(res, dict):
            continue
        yield res
        for xobject in doc.get(res.get("XObject", {})).values():
            found = doc.get(xobject)
            if isinstance(found, Stream):
                todo.append(found.info.get("Resources"))


def _number(value: Any) -> float:
    return float(bytes(value)) if isinstance(value, Raw) else float(value)


def _check_no_transparency(doc: PdfFile) -> None:
    """PDF/A-1 forbids transparency: no soft masks, no constant alpha below 1."""
    problems: list[str] = []
    for res in _resources(doc):
        for name, state in doc.get(res.get("ExtGState", {})).items():
            state = doc.get(state)
            for key in ("CA", "ca"):
                if key in state and _number(state[key]) != 1.0:
                    problems.append(f"graphics state /{name} sets /{key} {_number(state[key])}")
            if state.get("SMask", "None") != "None":
                problems.append(f"graphics state /{name} has a soft mask")
        for name, xobject in doc.get(res.get("XObject", {})).items():
            found = doc.get(xobject)
            info = found.info if isinstance(found, Stream) else {}
            if "SMask" in info:
                problems.append(f"image /{name} has a soft mask (alpha)")
            if doc.get(info.get("Group", {})).get("S") == "Transparency":
                problems.append(f"form /{name} is a transparency group")
    if problems:
        raise ValueError("transparency in a PDF/A-1 file: " + "; ".join(problems))
