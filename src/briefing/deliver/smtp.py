"""The network edge: one message to an SMTP server, TLS verified by default, and every failure
(refused recipient, size limit, login, timeout, certificate) turned into a
:class:`~briefing.errors.DeliveryError` that says what went wrong.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Mapping
from email.message import EmailMessage

# --------------------------------------------------------------------------- sending
from briefing.deliver.mail import SmtpSettings, fail
from briefing.errors import DeliveryError


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
        raise fail(
            "--user",
            f"authentication failed at {where} ({exc.smtp_code})",
            "check BRIEFING_SMTP_USER and BRIEFING_SMTP_PASSWORD",
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise fail(
            "--user",
            f"{where} does not support that: {exc}",
            "authentication needs TLS on most servers: use starttls or ssl",
        ) from None
    except smtplib.SMTPSenderRefused as exc:
        raise fail(
            "--from",
            f"{where} refused the sender {exc.sender} ({exc.smtp_code})",
            "use an address the server accepts for your account",
        ) from None
    except smtplib.SMTPDataError as exc:
        if exc.smtp_code == 552:
            raise _too_large(where) from None
        raise fail(
            "",
            f"{where} refused the message ({exc.smtp_code} {_text(exc.smtp_error)})",
        ) from None
    except (ssl.SSLError, ssl.CertificateError) as exc:
        raise fail(
            "--security",
            f"TLS failed with {where}: {exc.__class__.__name__}: "
            f"{getattr(exc, 'verify_message', '') or exc}",
            "the server's certificate was not trusted; for a private CA use --cafile",
        ) from None
    except smtplib.SMTPServerDisconnected:
        raise fail(
            "--host",
            f"{where} closed the connection",
            "check --security (ssl for port 465, starttls for 587)",
        ) from None
    except ConnectionRefusedError:
        raise fail(
            "--host",
            f"connection refused by {where}",
            "check BRIEFING_SMTP_HOST and BRIEFING_SMTP_PORT",
        ) from None
    except TimeoutError:
        raise fail(
            "--host",
            f"{where} did not answer within {settings.timeout:g} s",
            "check the host and port, or raise --timeout",
        ) from None
    except socket.gaierror:
        raise fail(
            "--host", f"unknown host '{settings.host}'", "check BRIEFING_SMTP_HOST"
        ) from None
    except smtplib.SMTPException as exc:
        raise fail("", f"sending failed at {where}: {exc}") from None
    except OSError as exc:
        raise fail("--host", f"cannot reach {where}: {exc.strerror or exc}") from None
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
            raise fail(
                "--security",
                f"{where} does not offer STARTTLS; nothing was sent",
                "use --security ssl, or a server that supports TLS",
            )
        client.starttls(context=context)
        client.ehlo()
    _check_size(client, message, where)
    needs = [a for a in _envelope(message) if not a.isascii()]
    if needs and not client.has_extn("smtputf8"):
        raise fail(
            "--to",
            f"{where} does not accept addresses outside ASCII (no SMTPUTF8), as "
            f"{', '.join(needs)} needs; nothing was sent",
            "send through a server that supports SMTPUTF8, or to an address in ASCII",
        )
    if settings.user:
        _login(client, settings.user, settings.password or "")
    refused = client.send_message(message)
    if refused:
        raise _refused(refused, partial=True)
    with contextlib.suppress(smtplib.SMTPException):
        client.quit()  # the message was accepted; a rude goodbye changes nothing


def _envelope(message: EmailMessage) -> list[str]:
    """The sender and every recipient of ``message``, as smtplib takes them from it."""
    from email.utils import getaddresses

    fields = [str(v) for name in ("From", "To", "Cc") for v in message.get_all(name, [])]
    return [address for _, address in getaddresses(fields)]


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
    return fail(
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
    return fail(
        "--to", f"the server refused these recipients: {listed}", f"check the addresses; {hint}"
    )
