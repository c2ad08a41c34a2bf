"""Document metadata: :class:`Metadata` -> the information dictionary and the XMP packet.

The XMP says what the file is (Dublin Core, XMP basic, PDF, PDF/A-1b id, PDF/UA-1 id) and what
it was built from (:mod:`briefing.provenance`), each schema PDF/A-1 does not know declared in
``pdfaExtension:schemas`` as it asks; the information dictionary says the same. Identifiers
derive from a digest of the content, dates from the build's generation time: no clock, no
randomness.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from briefing.provenance import NAMESPACE, PREFIX, Provenance


@dataclass(frozen=True)
class Metadata:
    """What the document says about itself, in the information dictionary and the XMP."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    creator: str
    language: str
    moment: datetime  # creation and modification time (the build's generation time)
    producer: str = "ReportLab PDF Library, finished by briefing"
    provenance: Provenance | None = None  # what the PDF was built from (briefing.provenance)


def keyword_text(keywords: tuple[str, ...]) -> str:
    """The keywords as one line: separated by commas, or by semicolons where a keyword holds a
    comma of its own (a party named "Ministry of Defence, Russia" stays one keyword)."""
    return ("; " if any("," in k for k in keywords) else ", ").join(keywords)


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def info_dictionary(meta: Metadata) -> dict[str, Any]:
    """The document information dictionary: what the XMP packet says, in PDF strings."""
    info: dict[str, Any] = {
        "Title": meta.title,
        "Creator": meta.creator,
        "Producer": meta.producer,
        "CreationDate": _pdf_date(meta.moment),
        "ModDate": _pdf_date(meta.moment),
    }
    if meta.author:
        info["Author"] = meta.author
    if meta.subject:
        info["Subject"] = meta.subject
    if meta.keywords:
        info["Keywords"] = keyword_text(meta.keywords)
    return info


_PDFUA_EXTENSION = """
   <rdf:Description rdf:about=""
     xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
     xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
     xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaExtension:schemas>
     <rdf:Bag>
      <rdf:li rdf:parseType="Resource">
       <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
       <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
       <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
       <pdfaSchema:property>
        <rdf:Seq>
         <rdf:li rdf:parseType="Resource">
          <pdfaProperty:name>part</pdfaProperty:name>
          <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
          <pdfaProperty:category>internal</pdfaProperty:category>
          <pdfaProperty:description>Part of ISO 14289 followed</pdfaProperty:description>
         </rdf:li>
        </rdf:Seq>
       </pdfaSchema:property>
      </rdf:li>{provenance}
     </rdf:Bag>
    </pdfaExtension:schemas>
   </rdf:Description>"""


#: The record's properties: name, value type and description (its extension schema).
_PROVENANCE_PROPERTIES = (
    ("brief", "Text", "The brief the PDF was built from, as it was named"),
    ("title", "Text", "The title of that brief"),
    ("briefSHA256", "Text", "SHA-256 of the brief's bytes, in hexadecimal"),
    (
        "inputs",
        "seq Text",
        "SHA-256 and name of every file the build used (theme, logo, "
        "figures, fonts), one 'digest kind:name' entry each",
    ),
    ("version", "Text", "The version of briefing that built the PDF"),
    ("edition", "Integer", "The brief's edition number (a brief issued as a series)"),
    ("previousSHA256", "Text", "SHA-256 of the previous edition's brief, in hexadecimal"),
)


def _provenance_schema() -> str:
    """The extension schema of the provenance record, as PDF/A-1 asks for every schema it
    does not know (ISO 19005-1, 6.7.2.2)."""
    properties = "".join(
        f"""
         <rdf:li rdf:parseType="Resource">
          <pdfaProperty:name>{name}</pdfaProperty:name>
          <pdfaProperty:valueType>{kind}</pdfaProperty:valueType>
          <pdfaProperty:category>internal</pdfaProperty:category>
          <pdfaProperty:description>{xml_escape(text)}</pdfaProperty:description>
         </rdf:li>"""
        for name, kind, text in _PROVENANCE_PROPERTIES
    )
    return f"""
      <rdf:li rdf:parseType="Resource">
       <pdfaSchema:schema>briefing provenance: what the PDF was built from</pdfaSchema:schema>
       <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>
       <pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
       <pdfaSchema:property>
        <rdf:Seq>{properties}
        </rdf:Seq>
       </pdfaSchema:property>
      </rdf:li>"""


def _provenance(record: Provenance) -> str:
    """The record as an XMP description (see :mod:`briefing.provenance`)."""
    inputs = "".join(
        f"<rdf:li>{digest} {xml_escape(what)}</rdf:li>" for what, digest in record.files
    )
    p = PREFIX
    edition = ""
    if record.edition is not None:
        edition += f"\n    <{p}:edition>{record.edition}</{p}:edition>"
    if record.previous_sha256 is not None:
        edition += f"\n    <{p}:previousSHA256>{record.previous_sha256}</{p}:previousSHA256>"
    return f"""
   <rdf:Description rdf:about="" xmlns:{p}="{NAMESPACE}">
    <{p}:brief>{xml_escape(record.brief)}</{p}:brief>
    <{p}:title>{xml_escape(record.title)}</{p}:title>
    <{p}:briefSHA256>{record.brief_sha256}</{p}:briefSHA256>
    <{p}:inputs><rdf:Seq>{inputs}</rdf:Seq></{p}:inputs>
    <{p}:version>{xml_escape(record.version)}</{p}:version>{edition}
   </rdf:Description>"""


def xml_escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils would import urllib: 13 ms a start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _uuid(digest: bytes) -> str:
    """A version 4 style UUID from 16 bytes of a digest: stable for the same content."""
    b = bytearray(digest[:16])
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{xml_escape(text)}</rdf:li></rdf:Alt>'


def _optional(tag: str, inner: str) -> str:
    return f"\n    <{tag}>{inner}</{tag}>" if inner else ""


def xmp_packet(meta: Metadata, digest: bytes) -> bytes:
    """The XMP metadata of the document; identifiers derive from ``digest``, never at random."""
    document_id = _uuid(digest)
    instance_id = _uuid(hashlib.sha256(digest).digest())
    date = _xmp_date(meta.moment)
    dc = (
        _optional("dc:title", _alt(meta.title))
        + _optional(
            "dc:creator",
            f"<rdf:Seq><rdf:li>{xml_escape(meta.author)}</rdf:li></rdf:Seq>" if meta.author else "",
        )
        + _optional("dc:description", _alt(meta.subject) if meta.subject else "")
        + _optional(
            "dc:subject",
            "<rdf:Bag>"
            + "".join(f"<rdf:li>{xml_escape(k)}</rdf:li>" for k in meta.keywords)
            + "</rdf:Bag>"
            if meta.keywords
            else "",
        )
    )
    keywords = (
        f"\n    <pdf:Keywords>{xml_escape(keyword_text(meta.keywords))}</pdf:Keywords>"
        if meta.keywords
        else ""
    )
    record = _provenance(meta.provenance) if meta.provenance else ""
    extension = _PDFUA_EXTENSION.format(provenance=_provenance_schema() if meta.provenance else "")
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
   <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:format>application/pdf</dc:format>{dc}
   </rdf:Description>
   <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
    <xmp:CreateDate>{date}</xmp:CreateDate>
    <xmp:ModifyDate>{date}</xmp:ModifyDate>
    <xmp:MetadataDate>{date}</xmp:MetadataDate>
    <xmp:CreatorTool>{xml_escape(meta.creator)}</xmp:CreatorTool>
   </rdf:Description>
   <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
    <pdf:Producer>{xml_escape(meta.producer)}</pdf:Producer>{keywords}
   </rdf:Description>
   <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
    <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
    <xmpMM:InstanceID>uuid:{instance_id}</xmpMM:InstanceID>
   </rdf:Description>
   <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
    <pdfaid:part>1</pdfaid:part>
    <pdfaid:conformance>B</pdfaid:conformance>
   </rdf:Description>
   <rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
    <pdfuaid:part>1</pdfuaid:part>
   </rdf:Description>{record}{extension}
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    # the indentation is for reading this source: 0.7 KB of every file otherwise
    return "\n".join(line.strip() for line in body.splitlines()).encode("utf-8")
