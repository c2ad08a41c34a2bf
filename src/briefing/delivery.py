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
from briefing.model import Brief, attribution
from briefing.numbers import format_date, format_figure
from briefing.text import paragraphs, plain

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
    """``[MARKING] Title — as of 14 March 2016`` (no brackets when there is no marking)."""
    marking = f"[{brief.marking}] " if brief.marking else ""
    return f"{marking}{plain(brief.title)} — as of {format_date(brief.date)}"


def _plain_body(brief: Brief) -> str:
    lines = [plain(brief.title)]
    if brief.marking:
        lines.insert(0, brief.marking)
    lines += [f"As of {format_date(brief.date)}", "", "BOTTOM LINE"]
    lines += [plain(p) for p in paragraphs(brief.summary)]
    if brief.key_facts:
        lines += ["", "KEY FACTS"]
        lines += [f"- {plain(f.label)}: {plain(f.value)}" for f in brief.key_facts]
    for c in brief.claim_blocks:
        lines += ["", plain(c.title).upper(), attribution(c.status, c.source)]
        lines += [
            f"- {plain(i.label)}: {format_figure(i.value, i.qualifier, i.unit)}"
            + (f" ({attribution(i.status, c.source)})" if i.status and i.status != c.status else "")
            for i in c.items
        ]
    for a in brief.analyses:
        lines += ["", f"{plain(a.title).upper()}: {plain(a.label)}"]
        lines += [f"- {plain(p)}" for p in a.points]
    if brief.sources:
        lines += ["", "SOURCES"]
        for n, s in enumerate(brief.sources, 1):
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            lines.append(
                f"[{n}] " + ". ".join(p for p in parts if p) + (f" {s.url}" if s.url else "")
            )
    lines += ["", "The full briefing is attached as a PDF."]
    return "\n".join(lines) + "\n"


def _html_body(brief: Brief) -> str:
    e = html.escape
    out = ['<!DOCTYPE html><html><body style="font-family: sans-serif">']
    if brief.marking:
        out.append(f"<p><strong>{e(brief.marking)}</strong></p>")
    out.append(f"<h1>{e(plain(brief.title))}</h1><p>As of {e(format_date(brief.date))}</p>")
    out.append("<h2>Bottom line</h2>")
    out += [f"<p>{e(plain(p))}</p>" for p in paragraphs(brief.summary)]
    if brief.key_facts:
        out.append("<h2>Key facts</h2><ul>")
        out += [
            f"<li><strong>{e(plain(f.label))}:</strong> {e(plain(f.value))}</li>"
            for f in brief.key_facts
        ]
        out.append("</ul>")
    for c in brief.claim_blocks:
        out.append(
            f"<h2>{e(plain(c.title))}</h2><p><em>{e(attribution(c.status, c.source))}</em></p><ul>"
        )
        out += [
            f"<li>{e(plain(i.label))}: {e(format_figure(i.value, i.qualifier, i.unit))}</li>"
            for i in c.items
        ]
        out.append("</ul>")
    for a in brief.analyses:
        out.append(f"<h2>{e(plain(a.title))}</h2><p><strong>{e(plain(a.label))}</strong></p><ul>")
        out += [f"<li>{e(plain(p))}</li>" for p in a.points]
        out.append("</ul>")
    if brief.sources:
        out.append("<h2>Sources</h2><ol>")
        for s in brief.sources:
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            text = e(". ".join(p for p in parts if p))
            if s.url:
                text += f' <a href="{e(s.url, quote=True)}">{e(s.url)}</a>'
            out.append(f"<li>{text}</li>")
        out.append("</ol>")
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
