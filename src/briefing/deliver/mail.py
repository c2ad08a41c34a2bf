"""A built PDF and its brief -> an e-mail message; who may receive it; the SMTP settings.

``compose_message`` is pure (the clock and the Message-ID domain are passed in; the words come
from :mod:`.body`) and refuses any value that would reach a header with a line break;
``check_tlp_recipients`` keeps a TLP:RED brief inside its own distribution and a TLP:AMBER one
there unless the sender confirms; ``settings_from``
reads options and ``BRIEFING_SMTP_*`` variables. Sending is :mod:`.smtp`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, formataddr, make_msgid, quote

from briefing.deliver.body import Changed, html_body, plain_body, subject_of
from briefing.errors import DeliveryError, Diagnostic, MismatchError
from briefing.model import EMAIL_ADDRESS, TLP_LABELS, Brief

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


def send_settings(
    options: Mapping[str, object], environ: Mapping[str, str], dry_run: bool
) -> SmtpSettings:
    """:func:`settings_from`, except that a dry run needs no real server or sender."""
    options = dict(options)
    if dry_run and not (options.get("from") or environ.get("BRIEFING_SMTP_FROM")):
        options["from"] = "briefing@example.invalid"
    if dry_run and not (options.get("host") or environ.get("BRIEFING_SMTP_HOST")):
        options["host"] = "localhost"
    return settings_from(options, environ)


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
    """One address, ``name@example.org`` or ``Name <name@example.org>`` (the name may be in
    double quotes, ``\\"`` inside them standing for a quote), accepted as ``check`` accepts a
    distribution's address (a local part in any script: sent with SMTPUTF8). The name is kept
    as typed: never decoded, never re-quoted."""
    check_header(text, field)
    match = re.fullmatch(
        r"\s*(?:(?P<name>.*?)\s*<(?P<inner>[^<>\s]+)>|(?P<bare>[^<>\s]+))\s*", text
    )
    address = (match.group("inner") or match.group("bare")) if match else ""
    name = (match.group("name") or "").strip() if match else ""
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    if not EMAIL_ADDRESS.fullmatch(address):
        raise fail(
            field,
            f"'{text}' is not a valid e-mail address",
            "write it as name@example.org (international domains in their xn-- form)",
        )
    return mailbox(name, address)


def mailbox(name: str, address: str) -> Address:
    """An address from a display name (kept as it is) and ``local@domain``."""
    username, _, domain = address.rpartition("@")
    return Address(display_name=name, username=username, domain=domain)


def _addr_spec(address: Address) -> str:
    return address.addr_spec


def _header_mailbox(address: Address) -> str:
    """One mailbox as a header carries it, its display name reaching every reader as typed.

    A name in ASCII is a phrase (quoted where it holds specials, its quotes escaped); a name
    in another script, or one that would read as an RFC 2047 encoded word (``=?utf-8?q?...?=``,
    which a reader would decode into another name), is itself encoded, so that decoding it
    gives back exactly the text typed.
    """
    name = address.display_name
    spec = _addr_spec(address)
    if not name:
        return spec
    if name.isascii() and "=?" not in name:
        if spec.isascii():
            return formataddr((name, spec))
        # formataddr refuses an address outside ASCII; the name is then always quoted
        return f'"{quote(name)}" <{spec}>'
    return f"{Header(name, 'utf-8').encode(maxlinelen=76, linesep=chr(10))} <{spec}>"


def address_header(addresses: list[Address]) -> str:
    """Mailboxes as the value of To, Cc or From, one a line (folded as RFC 5322 allows)."""
    return ",\n ".join(_header_mailbox(a) for a in addresses)


def international(addresses: list[Address]) -> bool:
    """Whether any address needs SMTPUTF8 (a local part outside ASCII)."""
    return any(not _addr_spec(a).isascii() for a in addresses)


def safe_filename(stem: str) -> str:
    """An ASCII file name for the attachment: letters, digits, '-', '_' and '.'."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "briefing"
    return name[:80] + ".pdf"


def compose_message(
    brief: Brief,
    pdf: bytes,
    stem: str,
    sender: str,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    now: datetime,
    domain: str = "briefing.local",
    changed: Changed | None = None,
) -> EmailMessage:
    """The message that would be sent: subject, bodies (plain and HTML), the PDF attached.

    Addresses come as typed (``--to``, parsed here) or as the distribution's
    (:func:`recipients_of`); a local part outside ASCII makes the message SMTPUTF8. An
    edition's bodies begin with what ``changed`` since the previous edition.
    """
    check_header(brief.title, "title")
    if brief.marking:
        check_header(brief.marking, "marking")
    for i, recipient in enumerate(brief.distribution or ()):
        check_header(recipient.name, f"distribution[{i}].name")
    return assemble(
        subject_of(brief),
        plain_body(brief, changed),
        html_body(brief, changed),
        pdf,
        stem,
        sender,
        to,
        cc,
        now,
        domain,
    )


def assemble(
    subject: str,
    plain_text: str,
    html_text: str,
    pdf: bytes,
    stem: str,
    sender: str,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    now: datetime,
    domain: str,
) -> EmailMessage:
    """A message from its subject, its two bodies and the PDF (a brief's or a pack's)."""
    check_header(subject, "subject")
    if not to:
        raise fail("--to", "no recipients", "give --to, or e-mail addresses in distribution")
    sender_address = parse_address(sender, "--from")
    to_addresses = [as_address(a, "--to") for a in to]
    cc_addresses = [as_address(a, "--cc") for a in cc]
    everyone = [sender_address, *to_addresses, *cc_addresses]
    message = EmailMessage(policy=SMTPUTF8 if international(everyone) else SMTP)
    message["Subject"] = subject
    # set as written (email.headerregistry would let a name that reads as an encoded word be
    # decoded into another name by the reader): see _header_mailbox
    message.set_raw("From", address_header([sender_address]))
    message.set_raw("To", address_header(to_addresses))
    if cc_addresses:
        message.set_raw("Cc", address_header(cc_addresses))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(plain_text)
    message.add_alternative(html_text, subtype="html")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=safe_filename(stem))
    return message


def as_address(value: str | Address, field: str) -> Address:
    return value if isinstance(value, Address) else parse_address(value, field)


def check_tlp_recipients(
    brief: Brief,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    confirm: Callable[[list[str]], bool] | None = None,
) -> None:
    """Keep a brief inside the sharing its TLP label allows, before anything is written or
    sent: TLP:RED goes only to its own ``distribution`` addresses (any other is refused);
    TLP:AMBER and AMBER+STRICT go to another address only when ``confirm`` (``--yes``, or a
    yes at the prompt) says so for the addresses it is given."""
    if brief.tlp not in ("red", "amber", "amber+strict"):
        return
    allowed = {r.email.lower() for r in brief.distribution or () if r.email}
    outside: list[tuple[str, str]] = []
    for field, addresses in (("--to", to), ("--cc", cc)):
        for value in addresses:
            address = _addr_spec(as_address(value, field))
            if address.lower() not in allowed:
                outside.append((field, address))
    if not outside:
        return
    field, first = outside[0]
    if brief.tlp == "red":
        raise fail(
            field,
            f"the brief is TLP:RED: {first} is not in its distribution, and TLP:RED "
            "may go only to the brief's own recipients",
            "send to the addresses under 'distribution' only (or add the person "
            "there, if the source allows it); nothing was sent",
        )
    names = [address for _, address in outside]
    if confirm is not None and confirm(names):
        return
    label = TLP_LABELS[brief.tlp]
    message = (
        f"the brief is {label}: {', '.join(names)} "
        f"{'is' if len(names) == 1 else 'are'} not in its distribution; nothing was sent"
    )
    raise MismatchError(
        message,
        (
            Diagnostic(
                "send",
                0,
                0,
                field,
                message,
                f"{label} may go beyond the distribution only to those who need to know "
                + (
                    "inside the recipient's own organisation"
                    if brief.tlp == "amber+strict"
                    else "in the recipient's organisation and its clients"
                )
                + ": if they may, say so with --yes (or add them under 'distribution')",
            ),
        ),
    )


def recipients_of(brief: Brief) -> list[str | Address]:
    """The distribution's entries that have an e-mail address, each name kept as written."""
    found: list[str | Address] = []
    for i, r in enumerate(brief.distribution or ()):
        if r.email:
            check_header(r.name, f"distribution[{i}].name")
            found.append(mailbox(r.name, r.email))
    return found
