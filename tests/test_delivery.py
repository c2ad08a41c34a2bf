"""Delivery against a real SMTP server on 127.0.0.1 (aiosmtpd), preview and print."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import os
import socket
import stat
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from briefing.shell.cli import cli

BRIEF = """\
title: Port strike halts container traffic
date: 2026-05-04
summary: The **bottom line** of the strike.
marking: INTERNAL
key_facts:
  - {label: Strike began, value: 2 May 2026}
claims:
  source: Union
  items: [{label: Workers, value: 1200, qualifier: about, unit: workers}]
sources:
  - {title: Port notice 41, publisher: Port authority, url: "https://example.org/41?a=1&b=2"}
distribution:
  - {name: Trade team, email: trade@example.org}
  - {name: No mail}
  - {name: Ops desk, email: ops@example.org}
"""
PASSWORD = "s3cret-pa55"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Recorder:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_RCPT(
        self,
        server: Any,
        session: Any,
        envelope: Any,
        address: str,
        options: Any,
    ) -> str:
        if address.startswith("refuse"):
            return "550 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == b"alice"
        and data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # on failure the server answers 535


@pytest.fixture
def certificates(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for 127.0.0.1, made for this test."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefing test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        # what Python 3.13's strict verification asks of a certificate a CA issued
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = tmp_path / "ca.pem", tmp_path / "server.pem", tmp_path / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return paths


def start(recorder: Recorder, **kwargs: Any) -> Controller:
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller


@pytest.fixture
def plain_server() -> Any:
    recorder = Recorder()
    controller = start(recorder)
    yield controller, recorder
    controller.stop()


@pytest.fixture
def tls_server(certificates: tuple[Path, Path, Path]) -> Any:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificates[1]), str(certificates[2]))
    recorder = Recorder()
    controller = start(
        recorder,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    yield controller, recorder, certificates[0]
    controller.stop()


@pytest.fixture
def brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "strike.yaml"
    path.write_text(BRIEF, encoding="utf-8")
    return path


def run(*args: str, **env: str) -> tuple[int, str, str]:
    base = {
        "SOURCE_DATE_EPOCH": "1777900000",
        "BRIEFING_SMTP_FROM": "desk@example.org",
        "BRIEFING_SMTP_PASSWORD": PASSWORD,
    }
    result = CliRunner().invoke(cli, list(args), env={**base, **env})
    return result.exit_code, result.stdout, result.stderr


def smtp_env(controller: Controller, security: str = "none") -> dict[str, str]:
    return {
        "BRIEFING_SMTP_HOST": "127.0.0.1",
        "BRIEFING_SMTP_PORT": str(controller.port),
        "BRIEFING_SMTP_SECURITY": security,
    }


@pytest.mark.timeout(60)
def test_message_arrives_with_the_pdf_and_both_bodies(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    code, out, err = run("send", str(brief), "--cc", "chief@example.org", **smtp_env(controller))
    assert code == 0, err
    assert "without encryption" in err  # security none is allowed only with a warning
    [envelope] = recorder.envelopes
    assert sorted(envelope.rcpt_tos) == [
        "chief@example.org",
        "ops@example.org",
        "trade@example.org",
    ]
    message = email.message_from_bytes(envelope.content, policy=default)
    assert message["Subject"] == "[INTERNAL] Port strike halts container traffic — as of 4 May 2026"
    assert message["From"] == "desk@example.org"
    assert "Trade team <trade@example.org>" in message["To"]
    assert message["Cc"] == "chief@example.org"
    assert message["Date"] and message["Message-ID"].endswith("@example.org>")
    plain_body = message.get_body(("plain",)).get_content()
    html_body = message.get_body(("html",)).get_content()
    for body in (plain_body, html_body):
        assert "bottom line of the strike" in body
        assert "Strike began" in body and "2 May 2026" in body
        assert "Port notice 41" in body and "Claimed by Union — not independently verified" in body
    assert "https://example.org/41?a=1&amp;b=2" in html_body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "strike.pdf"
    assert attachment.get_content() == (brief.parent / "output" / "strike.pdf").read_bytes()
    assert "sent" in out and "up to date" not in out


@pytest.mark.timeout(60)
def test_up_to_date_pdf_is_reused(brief: Path, plain_server: Any) -> None:
    controller, _ = plain_server
    assert run("send", str(brief), **smtp_env(controller))[0] == 0
    code, out, _ = run("send", str(brief), **smtp_env(controller))
    assert code == 0 and "up to date, reused" in out


@pytest.mark.timeout(60)
def test_starttls_with_private_ca_and_login(brief: Path, tls_server: Any) -> None:
    controller, recorder, ca = tls_server
    code, out, err = run(
        "send",
        str(brief),
        "--user",
        "alice",
        "--cafile",
        str(ca),
        **smtp_env(controller, "starttls"),
    )
    assert code == 0, err
    assert len(recorder.envelopes) == 1
    assert PASSWORD not in out + err


@pytest.mark.timeout(60)
def test_untrusted_certificate_is_a_tls_failure(brief: Path, tls_server: Any) -> None:
    controller, recorder, _ = tls_server
    code, _, err = run("send", str(brief), "--user", "alice", **smtp_env(controller, "starttls"))
    assert code == 5
    assert "TLS failed" in err and "--cafile" in err
    assert "Traceback" not in err and not recorder.envelopes


@pytest.mark.timeout(60)
def test_wrong_password_is_an_authentication_failure(brief: Path, tls_server: Any) -> None:
    controller, recorder, ca = tls_server
    code, out, err = run(
        "send",
        str(brief),
        "--user",
        "alice",
        "--cafile",
        str(ca),
        BRIEFING_SMTP_PASSWORD="wrong-one",
        **smtp_env(controller, "starttls"),
    )
    assert code == 5
    assert "authentication failed" in err
    assert "wrong-one" not in out + err and not recorder.envelopes


@pytest.mark.timeout(60)
def test_refused_recipient_is_named(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    code, _, err = run("send", str(brief), "--to", "refuse-me@example.org", **smtp_env(controller))
    assert code == 5
    assert "refused these recipients: refuse-me@example.org (550" in err
    assert not recorder.envelopes


@pytest.mark.timeout(60)
def test_partly_refused_recipients_are_named(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    code, _, err = run(
        "send",
        str(brief),
        "--to",
        "ok@example.org",
        "--to",
        "refuse@example.org",
        **smtp_env(controller),
    )
    assert code == 5
    assert "refuse@example.org" in err and "went to the other recipients" in err
    assert recorder.envelopes[0].rcpt_tos == ["ok@example.org"]


@pytest.mark.timeout(60)
def test_message_too_large(brief: Path) -> None:
    recorder = Recorder()
    controller = start(recorder, data_size_limit=2000)
    try:
        code, _, err = run("send", str(brief), **smtp_env(controller))
    finally:
        controller.stop()
    assert code == 5 and "too large" in err and not recorder.envelopes


@pytest.mark.timeout(30)
def test_connection_refused(brief: Path) -> None:
    code, _, err = run(
        "send",
        str(brief),
        BRIEFING_SMTP_HOST="127.0.0.1",
        BRIEFING_SMTP_PORT=str(free_port()),
        BRIEFING_SMTP_SECURITY="none",
    )
    assert code == 5 and "connection refused by 127.0.0.1:" in err and "Traceback" not in err


@pytest.mark.timeout(30)
def test_starttls_demanded_but_not_offered(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    code, _, err = run("send", str(brief), **smtp_env(controller, "starttls"))
    assert code == 5 and "does not offer STARTTLS" in err and not recorder.envelopes


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "args",
    [
        ("--to", "a@example.org\r\nBcc: victim@example.org"),
        ("--cc", "a@example.org\nX-Evil: 1"),
        ("--from", "me@example.org\r\nBcc: victim@example.org"),
    ],
)
def test_header_injection_refused_before_anything_is_sent(
    brief: Path, plain_server: Any, args: tuple[str, str]
) -> None:
    controller, recorder = plain_server
    code, _, err = run("send", str(brief), *args, **smtp_env(controller))
    assert code == 5
    assert args[0] in err and "line break" in err
    assert not recorder.envelopes


@pytest.mark.timeout(30)
def test_line_break_in_a_distribution_name_is_refused(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    brief.write_text(
        BRIEF.replace("name: Trade team", 'name: "Trade\\r\\nBcc: x@evil.org"'), encoding="utf-8"
    )
    code, _, err = run("send", str(brief), **smtp_env(controller))
    assert code == 1 and "distribution[0].name" in err and "U+000D" in err
    assert not recorder.envelopes


@pytest.mark.timeout(30)
def test_malformed_address_is_named(brief: Path, plain_server: Any) -> None:
    controller, _recorder = plain_server
    code, _, err = run("send", str(brief), "--to", "not-an-address", **smtp_env(controller))
    assert code == 5 and "'not-an-address' is not a valid e-mail address" in err


@pytest.mark.timeout(30)
def test_dry_run_writes_the_eml_and_sends_nothing(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    eml = brief.parent / "message.eml"
    code, out, _ = run("send", str(brief), "--dry-run", "-o", str(eml), **smtp_env(controller))
    assert code == 0 and "nothing sent" in out
    message = email.message_from_bytes(eml.read_bytes(), policy=default)
    assert message["Subject"].startswith("[INTERNAL] Port strike")
    assert list(message.iter_attachments())
    assert not recorder.envelopes


def test_no_smtp_settings_is_a_clear_error(brief: Path) -> None:
    code, _, err = run("send", str(brief), BRIEFING_SMTP_HOST="")
    assert code == 5 and "no SMTP server given" in err and "BRIEFING_SMTP_HOST" in err


# --------------------------------------------------------------------------- preview, print


def test_preview_first_page_and_all_pages(brief: Path) -> None:
    from PIL import Image

    code, _, _ = run("preview", str(brief), "-o", "page.png", "--dpi", "50")
    assert code == 0
    with Image.open(brief.parent / "page.png") as image:
        width, height = image.size
        assert abs(width - 595 * 50 / 72) <= 1 and abs(height - 842 * 50 / 72) <= 1
    brief.write_text(
        BRIEF
        + "layout: {fit: flow}\nsections:\n"
        + "".join(
            f"  - heading: Part {i}\n    text: {'Long text to fill the page. ' * 30}\n"
            for i in range(8)
        ),
        encoding="utf-8",
    )
    code, _out, _ = run("preview", str(brief), "--all", "-o", "p.png", "--dpi", "30")
    assert code == 0
    assert (brief.parent / "p-1.png").exists() and (brief.parent / "p-2.png").exists()
    assert run("preview", str(brief), "--dpi", "5")[0] == 2  # out of range: usage error


def fake_lp(folder: Path) -> Path:
    script = folder / "bin" / "lp"
    script.parent.mkdir()
    script.write_text(
        f"#!/bin/sh\nprintf '%s ' \"$@\" > {folder / 'lp-args'}\necho 'request id is x-1'\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script.parent


def test_print_sends_the_pdf_to_lp_with_the_paper_size(brief: Path) -> None:
    bin_dir = fake_lp(brief.parent)
    code, _out, err = run(
        "print",
        str(brief),
        "--copies",
        "3",
        "--printer",
        "office-3",
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    )
    assert code == 0, err
    args = (brief.parent / "lp-args").read_text()
    assert "-n 3" in args and "media=A4" in args and "-d office-3" in args
    assert args.strip().endswith("output/strike.pdf")


def test_print_without_a_print_system_says_how_to_print_by_hand(brief: Path) -> None:
    code, _, err = run("print", str(brief), PATH=str(brief.parent / "empty"))
    assert code == 5
    assert "no print system found" in err and "100%" in err and "strike.pdf" in err


RED_BRIEF = BRIEF.replace("marking: INTERNAL\n", "marking: INTERNAL\ntlp: red\n")


@pytest.mark.timeout(60)
def test_tlp_red_goes_only_to_the_distribution(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    brief.write_text(RED_BRIEF, encoding="utf-8")
    code, _, err = run("send", str(brief), "--cc", "chief@example.org", **smtp_env(controller))
    assert code == 5 and "TLP:RED" in err and "chief@example.org" in err
    assert not recorder.envelopes  # refused before connecting
    code, _, err = run("send", str(brief), "--to", "ops@example.org", **smtp_env(controller))
    assert code == 0, err
    [envelope] = recorder.envelopes
    assert envelope.rcpt_tos == ["ops@example.org"]
    message = email.message_from_bytes(envelope.content, policy=default)
    assert message["Subject"].startswith("[TLP:RED] [INTERNAL] Port strike")
    for part in (("plain",), ("html",)):
        assert "TLP:RED" in message.get_body(part).get_content()


# --------------------------------------------------------------------------- the right file

ALPHA = BRIEF.replace("title: Port strike halts container traffic", "title: Alpha red secret")
ALPHA = ALPHA.replace("marking: INTERNAL\n", "marking: INTERNAL\ntlp: red\n")
BRAVO = BRIEF.replace("title: Port strike halts container traffic", "title: Bravo for all")
BRAVO = BRAVO.replace("marking: INTERNAL\n", "marking: INTERNAL\ntlp: clear\n")


@pytest.fixture
def two_briefs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """a/brief.yaml (TLP:RED) and b/brief.yaml (TLP:CLEAR): the same file name, two folders."""
    monkeypatch.chdir(tmp_path)
    for folder, text in (("a", ALPHA), ("b", BRAVO)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "brief.yaml").write_text(text, encoding="utf-8")
    return Path("a/brief.yaml"), Path("b/brief.yaml")


def _attachment(eml: Path) -> bytes:
    message = email.message_from_bytes(eml.read_bytes(), policy=default)
    [attachment] = list(message.iter_attachments())
    data = attachment.get_content()
    assert isinstance(data, bytes)
    return data


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.timeout(90)
def test_send_never_reuses_another_briefs_pdf(two_briefs: tuple[Path, Path]) -> None:
    a, b = two_briefs
    assert run("build", str(a))[0] == 0  # output/brief.pdf is now a's (TLP:RED)
    code, out, err = run(
        "send", str(b), "--to", "someone@outside.example", "--dry-run", "-o", "m.eml"
    )
    assert code == 0, err
    assert "reused" not in out and "output/brief.pdf: built" in out
    from briefing.provenance import read_provenance

    pdf = _attachment(Path("m.eml"))
    record = read_provenance(pdf)
    assert record is not None and record.brief == "b/brief.yaml"
    assert "Bravo for all" in _pdf_text(pdf) and "Alpha" not in _pdf_text(pdf)
    code, out, _ = run("send", str(b), "--to", "x@outside.example", "--dry-run", "-o", "n.eml")
    assert code == 0 and "up to date, reused" in out  # now it is b's own, and reused


@pytest.mark.timeout(90)
def test_a_pdf_of_another_brief_is_refused_saying_whose_it_is(
    two_briefs: tuple[Path, Path],
) -> None:
    a, b = two_briefs
    assert run("build", str(a), "-o", "alpha.pdf")[0] == 0
    code, _, err = run("send", str(b), "--pdf", "alpha.pdf", "--dry-run", "-o", "m.eml")
    assert code == 1, err
    assert "alpha.pdf" in err and "a/brief.yaml" in err and "Alpha red secret" in err
    assert "briefing build b/brief.yaml" in err  # how to fix it
    assert not Path("m.eml").exists()
    bin_dir = fake_lp(Path.cwd())
    code, _, err = run(
        "print", str(b), "--pdf", "alpha.pdf", PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    )
    assert code == 1 and "a/brief.yaml" in err and not Path("lp-args").exists()
    code, _, err = run("preview", str(b), "--pdf", "alpha.pdf", "-o", "p.png")
    assert code == 1 and "a/brief.yaml" in err and not Path("p.png").exists()
    Path("junk.pdf").write_bytes(b"%PDF-1.4 not a briefing")
    code, _, err = run("send", str(b), "--pdf", "junk.pdf", "--dry-run", "-o", "m.eml")
    assert code == 1 and "records no brief" in err
    # the brief's own PDF is accepted
    assert run("build", str(b), "-o", "bravo.pdf")[0] == 0
    code, _, err = run("send", str(b), "--pdf", "bravo.pdf", "--dry-run", "-o", "m.eml")
    assert code == 0, err
    assert _attachment(Path("m.eml")) == Path("bravo.pdf").read_bytes()


@pytest.mark.timeout(90)
def test_a_pdf_is_rebuilt_when_a_file_it_used_changed(brief: Path) -> None:
    """A figure replaced by an older file (its time before the PDF's) still makes the PDF
    out of date: the record, not the clock, decides."""
    import io

    from PIL import Image

    def png(colour: str) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
        return buffer.getvalue()

    figure = brief.parent / "map.png"
    figure.write_bytes(png("white"))
    brief.write_text(
        BRIEF + "sections:\n  - heading: Map\n    blocks:\n"
        "      - figure: {image: map.png, alt: A map of the port}\n",
        encoding="utf-8",
    )
    code, out, err = run("send", str(brief), "--dry-run", "-o", "m.eml")
    assert code == 0 and "built" in out, err
    pdf = brief.parent / "output" / "strike.pdf"
    old = pdf.stat().st_mtime - 100
    figure.write_bytes(png("black"))
    os.utime(figure, (old, old))
    os.utime(brief, (old, old))
    code, out, err = run("send", str(brief), "--dry-run", "-o", "m.eml")
    assert code == 0 and "reused" not in out, out + err
    code, _, err = run("send", str(brief), "--pdf", "m.pdf", "--dry-run")
    assert code == 5 and "cannot read m.pdf" in err


# --------------------------------------------------------------------------- TLP:AMBER


@pytest.mark.timeout(120)
@pytest.mark.parametrize("tlp", ["amber", "amber+strict"])
def test_tlp_amber_goes_beyond_the_distribution_only_with_yes(
    brief: Path, plain_server: Any, tlp: str
) -> None:
    controller, recorder = plain_server
    brief.write_text(BRIEF.replace("marking: INTERNAL\n", f"tlp: {tlp}\n"), encoding="utf-8")
    outside = ("--cc", "chief@outside.example", "--to", "ops@example.org", "--to", "x@else.example")
    code, _, err = run("send", str(brief), *outside, **smtp_env(controller))
    assert code == 1, err
    assert "chief@outside.example" in err and "x@else.example" in err and "--yes" in err
    assert "ops@example.org" not in err.split("hint:")[0]  # inside the distribution
    assert not recorder.envelopes  # refused before connecting
    code, _, err = run("send", str(brief), *outside, "--dry-run", "-o", "m.eml")
    assert code == 1 and not Path("m.eml").exists()  # no message written either
    code, _, err = run("send", str(brief), **smtp_env(controller))  # the distribution
    assert code == 0, err
    code, _, err = run("send", str(brief), *outside, "--yes", **smtp_env(controller))
    assert code == 0, err
    assert sorted(recorder.envelopes[-1].rcpt_tos) == [
        "chief@outside.example",
        "ops@example.org",
        "x@else.example",
    ]


# --------------------------------------------------------------------------- addresses

NAMES = """\
distribution:
  - {name: "Desk <night shift>", email: desk@example.org}
  - {name: 'The "Hawks" team', email: hawks@example.org}
  - {name: "=?utf-8?q?Mallory?=", email: eve@example.org}
  - {name: Jörg Müller, email: jörg@example.de}
"""


@pytest.mark.timeout(90)
def test_every_distribution_entry_check_accepts_is_sent_as_written(brief: Path) -> None:
    brief.write_text(BRIEF.split("distribution:")[0] + NAMES, encoding="utf-8")
    code, _, err = run("check", str(brief))
    assert code == 0, err  # check accepts each of them: so must send
    recorder = Recorder()
    controller = start(recorder, enable_SMTPUTF8=True)
    try:
        code, _, err = run("send", str(brief), **smtp_env(controller))
    finally:
        controller.stop()
    assert code == 0, err
    [envelope] = recorder.envelopes
    assert sorted(envelope.rcpt_tos) == sorted(
        ["desk@example.org", "hawks@example.org", "eve@example.org", "jörg@example.de"]
    )
    assert "SMTPUTF8" in envelope.mail_options
    message = email.message_from_string(envelope.content.decode("utf-8"), policy=default)
    names = {a.addr_spec: a.display_name for a in message["To"].addresses}
    assert names == {
        "desk@example.org": "Desk <night shift>",
        "hawks@example.org": 'The "Hawks" team',  # double quotes stay double quotes
        "eve@example.org": "=?utf-8?q?Mallory?=",  # the text typed, not decoded into "Mallory"
        "jörg@example.de": "Jörg Müller",
    }


@pytest.mark.timeout(60)
def test_an_address_outside_ascii_needs_smtputf8(brief: Path) -> None:
    recorder = Recorder()
    controller = start(recorder, enable_SMTPUTF8=False)
    try:
        code, _, err = run(
            "send", str(brief), "--to", "Jörg <jörg@example.de>", **smtp_env(controller)
        )
    finally:
        controller.stop()
    assert code == 5 and "SMTPUTF8" in err and "jörg@example.de" in err
    assert not recorder.envelopes
    code, _, err = run("send", str(brief), "--to", "jörg@example.de", "--dry-run", "-o", "m.eml")
    assert code == 0, err
    message = email.message_from_string(Path("m.eml").read_text("utf-8"), policy=default)
    assert message["To"].addresses[0].addr_spec == "jörg@example.de"


# --------------------------------------------------------------------------- the body

CHARTS = """\
sections:
  - heading: Traffic
    text: Ship calls fell sharply, as the chart below shows.
timeline:
  - {date: 2026-05-02, event: The union calls the strike}
  - {date: 2026-04-20, event: Talks on pay break down}
charts:
  - type: bar
    title: Ship calls per week
    data: {labels: [Week 16, Week 17, Week 18], values: [140, 95, 12]}
    unit: calls
    source: Port authority traffic log
  - type: timeline
    from: timeline
"""


@pytest.mark.timeout(90)
def test_the_body_carries_every_chart_and_timeline_event(brief: Path, plain_server: Any) -> None:
    controller, recorder = plain_server
    brief.write_text(BRIEF + CHARTS, encoding="utf-8")
    code, _, err = run("send", str(brief), **smtp_env(controller))
    assert code == 0, err
    [envelope] = recorder.envelopes
    message = email.message_from_bytes(envelope.content, policy=default)
    for part in (("plain",), ("html",)):
        body = " ".join(message.get_body(part).get_content().split())
        assert "as the chart below shows" in body
        assert "Ship calls per week" in body and "Source: Port authority traffic log" in body
        for label, value in (("Week 16", "140 calls"), ("Week 17", "95 calls"), ("Week 18", "12")):
            assert f"{label}, {value}" in body, (label, body)
        for day, event in (
            ("20 April 2026", "Talks on pay break down"),
            ("2 May 2026", "The union calls the strike"),
        ):
            assert day in body and event in body
        assert body.index("Talks on pay") < body.index("The union calls")  # in date order


def test_send_help_describes_the_body_and_the_rules() -> None:
    code, out, _ = run("send", "--help")
    text = " ".join(out.split())
    assert code == 0
    assert "with its bottom line in the body" not in text
    assert "the whole brief in the body" in text and "chart" in text and "timeline" in text
    assert "--yes" in text and "TLP:AMBER" in text


@pytest.mark.timeout(120)
def test_tlp_amber_asks_on_a_terminal(brief: Path) -> None:
    """With standard input a terminal, send asks; a yes writes the message, anything else
    refuses it."""
    import subprocess
    import sys

    brief.write_text(BRIEF.replace("marking: INTERNAL\n", "tlp: amber\n"), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1777900000", "BRIEFING_SMTP_FROM": "d@example.org"}
    outside = ("--cc", "chief@outside.example", "--dry-run", "-o")
    for answer, code, written in (("y\n", 0, True), ("n\n", 1, False)):
        eml = brief.parent / f"asked-{code}.eml"
        controller, terminal = os.openpty()
        try:
            done = subprocess.Popen(
                [sys.executable, "-m", "briefing", "send", str(brief), *outside, str(eml)],
                stdin=terminal,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                text=True,
            )
            os.write(controller, answer.encode())
            _, err = done.communicate(timeout=100)
        finally:
            os.close(controller)
            os.close(terminal)
        assert done.returncode == code, err
        assert "chief@outside.example" in err and "outside the brief's distribution?" in err
        assert eml.exists() == written
