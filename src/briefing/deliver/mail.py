"""A built PDF and its brief -> an e-mail message; who may receive it; the SMTP settings.

``compose_message`` is pure (the clock and the Message-ID domain are passed in; the words come
from :mod:`.body`) and refuses any value that would reach a header with a line break;
``check_tlp_recipients`` keeps a TLP:RED brief inside its own distribution; ``settings_from``
reads options and ``BRIEFING_SMTP_*`` variables. Sending is :mod:`.smtp`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from briefing.deliver.body import html_body, plain_body, subject_of
from briefing.errors import DeliveryError, Diagnostic
from briefing.model import Brief

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def fail(field: str, message: str, hint: str = "") -> DeliveryError:
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
        raise fail(
            "--host",
            "no SMTP server given",
            "set BRIEFING_SMTP_HOST (and _PORT, _SECURITY, _USER, _PASSWORD, _FROM) or use --host",
        )
    security = (pick("security") or "starttls").lower()
    if security not in SECURITY:
        raise fail("--security", f"unknown security '{security}'", "use starttls, ssl or none")
    port_text = pick("port")
    try:
        port = int(port_text) if port_text else DEFAULT_PORTS[security]
    except ValueError:
        raise fail("--port", f"port '{port_text}' is not a number", "e.g. 587") from None
    if not 0 < port < 65536:
        raise fail("--port", f"port {port} is out of range", "e.g. 587")
    sender = pick("from")
    if not sender:
        raise fail("--from", "no sender address given", "set BRIEFING_SMTP_FROM or use --from")
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
        raise fail(
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
        raise fail(
            field,
            f"'{text}' is not a valid e-mail address",
            "write it as name@example.org (international domains in their xn-- form)",
        )
    try:
        return Address(display_name=name, username=parts[0], domain=parts[1])
    except (ValueError, IndexError) as exc:
        raise fail(field, f"'{text}' is not a valid e-mail address: {exc}") from None


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
        raise fail("--to", "no recipients", "give --to, or e-mail addresses in distribution")
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject_of(brief)
    message["From"] = parse_address(sender, "--from")
    message["To"] = [parse_address(a, "--to") for a in to]
    if cc:
        message["Cc"] = [parse_address(a, "--cc") for a in cc]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(plain_body(brief))
    message.add_alternative(html_body(brief), subtype="html")
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
                raise fail(
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
