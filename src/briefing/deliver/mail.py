"""Stage 6, deliver: a built PDF -> an e-mail message -> an SMTP server (or a print queue).

``compose_message`` is pure (the clock and the Message-ID domain are passed in) and refuses any
value that would reach a header with a line break; ``send_message`` is the network edge, with
TLS verified by default and every failure turned into a :class:`DeliveryError` that says what
went wrong; ``settings_from`` reads options and ``BRIEFING_SMTP_*`` variables.
"""

from __future__ import annotations

import contextlib
import html
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from briefing.errors import DeliveryError, Diagnostic
from briefing.layout.tables import alignments, plain_rows
from briefing.markings import TLP_BACKGROUND, TLP_COLOURS
from briefing.model import (
    CONFIDENCE_WORDS,
    TLP_LABELS,
    Analysis,
    Block,
    Brief,
    Claim,
    Claims,
    Figure,
    Quote,
    Section,
    Table,
    attribution,
)
from briefing.numbers import format_date, format_figure
from briefing.text import paragraphs, plain
from briefing.validate.citations import plain_citations, printed

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def _fail(field: str, message: str, hint: str = "") -> DeliveryError:
    return DeliveryError(message, (Diagnostic("send", 0, 0, field, message, hint),))


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. The password comes only from the environment or a prompt."""

    host: str
    port: int
    security: str
    sender: str
    user: str | None = None
    password: str | None = None
    cafile: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never show the password, not even in a traceback
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security!r},"
            f" sender={self.sender!r}, user={self.user!r}, password=***)"
        )


def settings_from(options: Mapping[str, object], environ: Mapping[str, str]) -> SmtpSettings:
    """Options win over ``BRIEFING_SMTP_*`` variables; a missing host or sender is an error."""

    def pick(name: str) -> str | None:
        value = options.get(name)
        if value in (None, ""):
            value = environ.get(f"BRIEFING_SMTP_{name.upper()}") or None
        return None if value is None else str(value)

    host = pick("host")
    if not host:
        raise _fail(
            "--host",
            "no SMTP server given",
            "set BRIEFING_SMTP_HOST (and _PORT, _SECURITY, _USER, _PASSWORD, _FROM) or use --host",
        )
    security = (pick("security") or "starttls").lower()
    if security not in SECURITY:
        raise _fail("--security", f"unknown security '{security}'", "use starttls, ssl or none")
    port_text = pick("port")
    try:
        port = int(port_text) if port_text else DEFAULT_PORTS[security]
    except ValueError:
        raise _fail("--port", f"port '{port_text}' is not a number", "e.g. 587") from None
    if not 0 < port < 65536:
        raise _fail("--port", f"port {port} is out of range", "e.g. 587")
    sender = pick("from")
    if not sender:
        raise _fail("--from", "no sender address given", "set BRIEFING_SMTP_FROM or use --from")
    check_header(sender, "--from")
    parse_address(sender, "--from")
    timeout = float(str(options.get("timeout") or 30))
    return SmtpSettings(
        host=host,
        port=port,
        security=security,
        sender=sender,
        user=pick("user"),
        password=environ.get("BRIEFING_SMTP_PASSWORD"),
        cafile=pick("cafile"),
        timeout=timeout,
    )


# --------------------------------------------------------------------------- headers


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def check_header(value: str, field: str) -> str:
    """Refuse a value with CR, LF or another control character: it would forge headers."""
    found = _CONTROL.search(value)
    if found:
        raise _fail(
            field,
            f"contains a line break or control character "
            f"(U+{ord(found.group()):04X}), which could forge e-mail headers",
            "remove it; nothing was sent",
        )
    return value


def parse_address(text: str, field: str) -> Address:
    """One address, ``name@example.org`` or ``Name <name@example.org>``, strictly."""
    check_header(text, field)
    match = re.fullmatch(
        r"\s*(?:(?P<name>[^<>]*?)\s*<(?P<inner>[^<>\s]+)>|(?P<bare>[^<>\s]+))\s*", text
    )
    address = (match.group("inner") or match.group("bare")) if match else ""
    name = (match.group("name") or "").strip().strip('"') if match else ""
    parts = address.rsplit("@", 1)
    if (
        len(parts) != 2
        or not re.fullmatch(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+", parts[0])
        or not re.fullmatch(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", parts[1])
        or parts[0].startswith(".")
        or parts[0].endswith(".")
        or ".." in parts[0]
    ):
        raise _fail(
            field,
            f"'{text}' is not a valid e-mail address",
            "write it as name@example.org (international domains in their xn-- form)",
        )
    try:
        return Address(display_name=name, username=parts[0], domain=parts[1])
    except (ValueError, IndexError) as exc:
        raise _fail(field, f"'{text}' is not a valid e-mail address: {exc}") from None


# --------------------------------------------------------------------------- message


def subject_of(brief: Brief) -> str:
    """``[TLP:AMBER] [MARKING] Title — as of 14 March 2016`` (no brackets for what is unset)."""
    tlp = f"[{TLP_LABELS[brief.tlp]}] " if brief.tlp else ""
    marking = f"[{brief.marking}] " if brief.marking else ""
    return f"{tlp}{marking}{plain(brief.title)} — as of {format_date(brief.date)}"


def _p(brief: Brief, text: str) -> str:
    """Brief text as a reader sees it: marks removed, citations as source numbers."""
    return plain(plain_citations(text, brief.source_numbers))


def _cited(brief: Brief, ids: list[str] | None) -> str:
    found = printed(ids or (), brief.source_numbers)
    return f" {found}" if found else ""


def _claim_line(c: Claims, i: Claim, brief: Brief) -> str:
    line = f"{plain(i.label)}: {format_figure(i.value, i.qualifier, i.unit)}"
    if i.as_of is not None and i.as_of != brief.date:
        line += f" (as of {format_date(i.as_of)})"
    if i.status and i.status != c.status:
        line += f" ({attribution(i.status, c.source)})"
    return line + _cited(brief, i.cite)


def _analysis_label(a: Analysis) -> str:
    label = f"{plain(a.title).upper()}: {plain(a.label)}"
    if a.confidence:
        label += f" · {CONFIDENCE_WORDS[a.confidence]}"
    return label


def _quote_lines(brief: Brief, q: Quote) -> list[str]:
    who = ", ".join(
        part
        for part in (plain(q.speaker), plain(q.role or ""), format_date(q.date) if q.date else "")
        if part
    )
    if q.context:
        who += f" ({_p(brief, q.context)})"
    return [f"“{_p(brief, q.text)}”", f"  — {who}"]


def _aligned(rows: list[list[str]], right: list[bool]) -> list[str]:
    """A table as lines of text in columns (for the plain-text part)."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(widths[c]) if right[c] else cell.ljust(widths[c])
            for c, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _section_plain(brief: Brief, section: Section) -> list[str]:
    """A section's content as plain text, in the author's order."""
    lines = ["", plain(section.heading).upper()]
    blocks = section.blocks
    if blocks is None:  # version 1: text, bullets, then the quote
        blocks = [
            Block(text=section.text),
            Block(bullets=section.bullets),
            Block(quote=section.quote),
        ]
    for block in blocks:
        if block.text:
            lines += [_p(brief, para) for para in paragraphs(block.text)]
        if block.bullets:
            lines += [f"- {_p(brief, b)}" for b in block.bullets]
        if block.quote:
            lines += _quote_lines(brief, block.quote)
        if block.table:
            t = block.table
            if t.title:
                lines.append(_p(brief, t.title))
            right = [a == "right" for a in alignments(t)]
            lines += _aligned([[_p(brief, c) for c in row] for row in plain_rows(t)], right)
            note = (_p(brief, t.note) if t.note else "") + _cited(brief, t.cite)
            if note.strip():
                lines.append(note.strip())
        if block.figure:
            lines.append(_figure_caption(brief, block.figure))
    return lines


def _figure_caption(brief: Brief, f: Figure) -> str:
    parts = [f"[Figure: {plain(f.alt)}]"]
    if f.caption:
        parts.append(_p(brief, f.caption))
    if f.credit:
        parts.append(f"Credit: {plain(f.credit)}")
    return " ".join(parts) + _cited(brief, f.cite)


def _plain_body(brief: Brief) -> str:
    lines = [plain(brief.title)]
    if brief.marking:
        lines.insert(0, brief.marking)
    if brief.tlp:
        lines.insert(0, TLP_LABELS[brief.tlp])
    lines += [f"As of {format_date(brief.date)}", "", "BOTTOM LINE"]
    lines += [_p(brief, p) for p in paragraphs(brief.summary)]
    if brief.key_facts:
        lines += ["", "KEY FACTS"]
        lines += [
            f"- {plain(f.label)}: {_p(brief, f.value)}" + _cited(brief, f.cite)
            for f in brief.key_facts
        ]
    for section in brief.sections or ():
        lines += _section_plain(brief, section)
    for c in brief.claim_blocks:
        lines += [
            "",
            plain(c.title).upper(),
            attribution(c.status, c.source) + _cited(brief, c.cite),
        ]
        lines += [f"- {_claim_line(c, i, brief)}" for i in c.items]
        if c.note:
            lines.append(_p(brief, c.note))
    for a in brief.analyses:
        lines += ["", _analysis_label(a)]
        lines += [f"- {_p(brief, p)}" for p in a.points]
        lines.append(f"Source of this opinion: {plain(a.source)}")
    if brief.sources:
        lines += ["", "SOURCES"]
        for n, s in enumerate(brief.sources, 1):
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            lines.append(
                f"[{n}] " + ". ".join(p for p in parts if p) + (f" {s.url}" if s.url else "")
            )
    if brief.tlp:
        lines += ["", f"This message is {TLP_LABELS[brief.tlp]}."]
    lines += ["", "The full briefing is attached as a PDF."]
    return "\n".join(lines) + "\n"


def _section_html(brief: Brief, section: Section) -> list[str]:
    e = html.escape
    out = [f"<h2>{e(plain(section.heading))}</h2>"]
    blocks = section.blocks
    if blocks is None:
        blocks = [
            Block(text=section.text),
            Block(bullets=section.bullets),
            Block(quote=section.quote),
        ]
    for block in blocks:
        if block.text:
            out += [f"<p>{e(_p(brief, para))}</p>" for para in paragraphs(block.text)]
        if block.bullets:
            out.append("<ul>" + "".join(f"<li>{e(_p(brief, b))}</li>" for b in block.bullets))
            out.append("</ul>")
        if block.quote:
            quote, who = _quote_lines(brief, block.quote)
            out.append(f"<blockquote><p>{e(quote)}</p><p>{e(who.strip())}</p></blockquote>")
        if block.table:
            out += _table_html(brief, block.table)
        if block.figure:
            out.append(f"<p><em>{e(_figure_caption(brief, block.figure))}</em></p>")
    return out


def _table_html(brief: Brief, t: Table) -> list[str]:
    e = html.escape
    aligns = alignments(t)
    rows = plain_rows(t)
    out = ['<table border="1" cellpadding="4" style="border-collapse: collapse">']
    if t.title:
        out.append(f"<caption>{e(_p(brief, t.title))}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(
            f'<th style="text-align: {a}">{e(_p(brief, c))}</th>'
            for c, a in zip(rows[0], aligns, strict=True)
        )
        + "</tr></thead><tbody>"
    )
    for row in rows[1:]:
        out.append(
            "<tr>"
            + "".join(
                f'<td style="text-align: {a}">{e(_p(brief, c))}</td>'
                for c, a in zip(row, aligns, strict=True)
            )
            + "</tr>"
        )
    out.append("</tbody></table>")
    note = (_p(brief, t.note) if t.note else "") + _cited(brief, t.cite)
    if note.strip():
        out.append(f"<p><small>{e(note.strip())}</small></p>")
    return out


def _html_body(brief: Brief) -> str:
    e = html.escape
    out = ['<!DOCTYPE html><html><body style="font-family: sans-serif">']
    if brief.tlp:
        colour = TLP_COLOURS[brief.tlp]
        out.append(
            f'<p><span style="background: {TLP_BACKGROUND}; color: {colour}; '
            f'font-weight: bold; padding: 2px 6px">{e(TLP_LABELS[brief.tlp])}</span></p>'
        )
    if brief.marking:
        out.append(f"<p><strong>{e(brief.marking)}</strong></p>")
    out.append(f"<h1>{e(plain(brief.title))}</h1><p>As of {e(format_date(brief.date))}</p>")
    out.append("<h2>Bottom line</h2>")
    out += [f"<p>{e(_p(brief, p))}</p>" for p in paragraphs(brief.summary)]
    if brief.key_facts:
        out.append("<h2>Key facts</h2><ul>")
        for f in brief.key_facts:
            value = _p(brief, f.value) + _cited(brief, f.cite)
            out.append(f"<li><strong>{e(plain(f.label))}:</strong> {e(value)}</li>")
        out.append("</ul>")
    for section in brief.sections or ():
        out += _section_html(brief, section)
    for c in brief.claim_blocks:
        words = attribution(c.status, c.source) + _cited(brief, c.cite)
        out.append(f"<h2>{e(plain(c.title))}</h2><p><em>{e(words)}</em></p><ul>")
        out += [f"<li>{e(_claim_line(c, i, brief))}</li>" for i in c.items]
        out.append("</ul>")
        if c.note:
            out.append(f"<p>{e(_p(brief, c.note))}</p>")
    for a in brief.analyses:
        label = plain(a.label) + (f" · {CONFIDENCE_WORDS[a.confidence]}" if a.confidence else "")
        out.append(f"<h2>{e(plain(a.title))}</h2><p><strong>{e(label)}</strong></p><ul>")
        out += [f"<li>{e(_p(brief, p))}</li>" for p in a.points]
        out.append(f"</ul><p>Source of this opinion: {e(plain(a.source))}</p>")
    if brief.sources:
        out.append("<h2>Sources</h2><ol>")
        for s in brief.sources:
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            text = e(". ".join(p for p in parts if p))
            if s.url:
                text += f' <a href="{e(s.url, quote=True)}">{e(s.url)}</a>'
            out.append(f"<li>{text}</li>")
        out.append("</ol>")
    if brief.tlp:
        out.append(f"<p>This message is {e(TLP_LABELS[brief.tlp])}.</p>")
    out.append("<p>The full briefing is attached as a PDF.</p></body></html>")
    return "\n".join(out) + "\n"


def safe_filename(stem: str) -> str:
    """An ASCII file name for the attachment: letters, digits, '-', '_' and '.'."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "briefing"
    return name[:80] + ".pdf"


def compose_message(
    brief: Brief,
    pdf: bytes,
    stem: str,
    sender: str,
    to: list[str],
    cc: list[str],
    now: datetime,
    domain: str = "briefing.local",
) -> EmailMessage:
    """The message that would be sent: subject, bodies (plain and HTML), the PDF attached."""
    check_header(brief.title, "title")
    if brief.marking:
        check_header(brief.marking, "marking")
    for i, recipient in enumerate(brief.distribution or ()):
        check_header(recipient.name, f"distribution[{i}].name")
    if not to:
        raise _fail("--to", "no recipients", "give --to, or e-mail addresses in distribution")
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject_of(brief)
    message["From"] = parse_address(sender, "--from")
    message["To"] = [parse_address(a, "--to") for a in to]
    if cc:
        message["Cc"] = [parse_address(a, "--cc") for a in cc]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(_plain_body(brief))
    message.add_alternative(_html_body(brief), subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=safe_filename(stem))
    return message


def check_tlp_recipients(brief: Brief, to: list[str], cc: list[str]) -> None:
    """With ``tlp: red`` the brief goes only to its own ``distribution`` addresses: any other
    recipient is refused, before anything is written or sent."""
    if brief.tlp != "red":
        return
    allowed = {r.email.lower() for r in brief.distribution or () if r.email}
    for field, addresses in (("--to", to), ("--cc", cc)):
        for text in addresses:
            address = parse_address(text, field).addr_spec
            if address.lower() not in allowed:
                raise _fail(
                    field,
                    f"the brief is TLP:RED: {address} is not in its distribution, and TLP:RED "
                    "may go only to the brief's own recipients",
                    "send to the addresses under 'distribution' only (or add the person "
                    "there, if the source allows it); nothing was sent",
                )


def recipients_of(brief: Brief) -> list[str]:
    """The distribution's entries that have an e-mail address, as 'Name <address>'."""
    found = []
    for i, r in enumerate(brief.distribution or ()):
        if r.email:
            check_header(r.name, f"distribution[{i}].name")
            name = r.name.replace('"', "'")
            found.append(f'"{name}" <{r.email}>')
    return found


# --------------------------------------------------------------------------- sending


def send_message(message: EmailMessage, settings: SmtpSettings) -> None:
    """Send over SMTP; every failure becomes a DeliveryError that says what went wrong."""
    where = f"{settings.host}:{settings.port}"
    context = ssl.create_default_context(cafile=settings.cafile)
    client: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        _deliver(client, message, settings, context, where)
    except DeliveryError:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        raise _refused(exc.recipients, partial=False) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise _fail(
            "--user",
            f"authentication failed at {where} ({exc.smtp_code})",
            "check BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD",
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise _fail(
            "--user",
            f"{where} does not support that: {exc}",
            "authentication needs TLS on most servers: use starttls or ssl",
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise _fail(
            "--from",
            f"{where} refused the sender {exc.sender} ({exc.smtp_code})",
            "use an address the server accepts for your account",
        ) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 552:
            raise _too_large(where) from None
        raise _fail(
            "",
            f"{where} refused the message ({exc.smtp_code} {_text(exc.smtp_error)})",
        ) from None
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise _fail(
            "--security",
            f"TLS failed with {where}: {exc.__class__.__name__}: "
            f"{getattr(exc, 'verify_message', '') or exc}",
            "the server's certificate was not trusted; for a private CA use --cafile",
        ) from None
    except smtplib.SMTPServerDisconnected:
        raise _fail(
            "--host",
            f"{where} closed the connection",
            "check --security (ssl for port 465, starttls for 587)",
        ) from None
    except ConnectionRefusedError:
        raise _fail(
            "--host",
            f"connection refused by {where}",
            "check BRIEFING_SMTP_HOST and BRIEFING_SMTP_PORT",
        ) from None
    except TimeoutError:
        raise _fail(
            "--host",
            f"{where} did not answer within {settings.timeout:g} s",
            "check the host and port, or raise --timeout",
        ) from None
    except socket.gaierror:
        raise _fail(
            "--host", f"unknown host '{settings.host}'", "check BRIEFING_SMTP_HOST"
        ) from None
    except smtplib.SMTPException as exc:
        raise _fail("", f"sending failed at {where}: {exc}") from None
    except OSError as exc:
        raise _fail("--host", f"cannot reach {where}: {exc.strerror or exc}") from None
    finally:
        if client is not None:
            client.close()  # not quit(): after a failure the server may already be gone


def _deliver(
    client: smtplib.SMTP,
    message: EmailMessage,
    settings: SmtpSettings,
    context: ssl.SSLContext,
    where: str,
) -> None:
    client.ehlo()
    if settings.security == "starttls":
        if not client.has_extn("starttls"):
            raise _fail(
                "--security",
                f"{where} does not offer STARTTLS; nothing was sent",
                "use --security ssl, or a server that supports TLS",
            )
        client.starttls(context=context)
        client.ehlo()
    _check_size(client, message, where)
    if settings.user:
        _login(client, settings.user, settings.password or "")
    refused = client.send_message(message)
    if refused:
        raise _refused(refused, partial=True)
    with contextlib.suppress(smtplib.SMTPException):
        client.quit()  # the message was accepted; a rude goodbye changes nothing


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """Log in with one mechanism (PLAIN, else LOGIN), so a wrong password fails once and fast.

    smtplib's login() tries every mechanism in turn; after a refusal some servers stop
    answering the next attempt, which would turn "wrong password" into a time-out.
    """
    offered = client.esmtp_features.get("auth", "").upper().split()
    client.user, client.password = user, password
    for mechanism in ("PLAIN", "LOGIN"):
        if mechanism in offered:
            method = getattr(client, f"auth_{mechanism.lower()}")
            client.auth(mechanism, method, initial_response_ok=True)
            return
    client.login(user, password)


def _check_size(client: smtplib.SMTP, message: EmailMessage, where: str) -> None:
    limit = client.esmtp_features.get("size", "")
    if limit.isdigit() and int(limit) and len(message.as_bytes()) > int(limit):
        raise _too_large(where, int(limit))


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _too_large(where: str, limit: int | None = None) -> DeliveryError:
    size = f" (its limit is {limit:,} bytes)" if limit else ""
    return _fail(
        "",
        f"the message is too large for {where}{size}",
        "shorten the brief or send a link to the PDF instead",
    )


def _refused(recipients: Mapping[str, tuple[int, bytes]], partial: bool) -> DeliveryError:
    listed = ", ".join(
        f"{address} ({code} {_text(reply)})"
        for address, (code, reply) in sorted(recipients.items())
    )
    hint = "the message went to the other recipients" if partial else "nothing was sent"
    return _fail(
        "--to", f"the server refused these recipients: {listed}", f"check the addresses; {hint}"
    )
