"""Delivery commands: send (e-mail), preview (PNG) and print (CUPS), on top of build.

Each takes a brief, builds its PDF or reuses an up-to-date one, and hands it on.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefing.model import Brief
from briefing.shell.console import _reporter, generation_time, given_pdf, handled, output_path
from briefing.shell.console import command_error as _fail

if TYPE_CHECKING:
    from email.headerregistry import Address


def ensure_pdf(path: Path, pdf: Path | None, keep: bool = True) -> tuple[Brief, bytes, Path, bool]:
    """The brief, its PDF bytes, where the PDF is, and whether a built PDF was reused.

    A PDF is the brief's only when the record it carries (:mod:`briefing.provenance`: the
    SHA-256 of the brief and of every file it was built from, and the version) equals the
    brief's as it is now. Without ``pdf``, output/<name>.pdf is reused when it is the brief's,
    else built again; a ``pdf`` given that is not the brief's is refused (exit 1), saying whose
    it is. With ``keep`` false (preview), a PDF that must be built is built in memory only:
    a look at a brief leaves no PDF behind.
    """
    from briefing.pipeline import build_pdf, load_brief
    from briefing.provenance import mismatch, provenance_of, read_provenance
    from briefing.shell.jobs import build_one, target_for
    from briefing.world.disk import DiskWorld

    world = DiskWorld(path, clock=generation_time)
    doc, brief = load_brief(world)
    now = provenance_of(brief, world)
    target = pdf or target_for(path, None, False)
    if pdf is not None:
        data = given_pdf(pdf, now, f"the briefing of {path}", path)
        return brief, data, pdf, True
    kept = target.read_bytes() if target.is_file() else b""
    if kept and mismatch(read_provenance(kept), now) is None:
        return brief, kept, target, True  # the bytes checked are the bytes handed on
    if not keep:
        return brief, build_pdf(brief, world, doc).pdf, target, False
    outcome = build_one(path, target, False, generation_time())
    if outcome.error is not None:
        raise outcome.error
    return brief, target.read_bytes(), target, False


def _addressees(to: list[Any], cc: list[Any]) -> str:
    """Every recipient, as the confirmation names them: 'a@x, b@y; cc c@z'."""
    return ", ".join(map(str, to)) + (f"; cc {', '.join(map(str, cc))}" if cc else "")


@click.command(
    epilog="\b\nExample:\n  export BRIEFING_SMTP_HOST=smtp.example.org\n"
    "  export BRIEFING_SMTP_FROM=me@example.org\n"
    "  briefing send briefs/syria-withdrawal.yaml\n"
    "  briefing send briefs/syria-withdrawal.yaml --to a@example.org --dry-run"
)
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--to", "to", multiple=True, help="Recipient (repeatable). Default: distribution.")
@click.option("--cc", multiple=True, help="Copy recipient (repeatable).")
@click.option("--from", "sender", help="Sender address [BRIEFING_SMTP_FROM].")
@click.option("--host", help="SMTP server [BRIEFING_SMTP_HOST].")
@click.option("--port", type=int, help="SMTP port [BRIEFING_SMTP_PORT; 587, 465 or 25].")
@click.option(
    "--security",
    type=click.Choice(["starttls", "ssl", "none"]),
    help="starttls (default), ssl or none [BRIEFING_SMTP_SECURITY].",
)
@click.option(
    "--user",
    help="Log in as this user [BRIEFING_SMTP_USER]; the password comes from "
    "BRIEFING_SMTP_PASSWORD or a prompt.",
)
@click.option("--cafile", type=click.Path(path_type=Path), help="Trust this CA (a private CA).")
@click.option("--timeout", type=click.FloatRange(1, 600), default=30, show_default=True)
@click.option(
    "--pdf",
    type=click.Path(path_type=Path),
    help="The PDF to send; refused unless it records this brief and its files as they are "
    "now (default: output/<name>.pdf, built again unless it does).",
)
@click.option("--dry-run", is_flag=True, help="Write the message to a .eml file; send nothing.")
@click.option(
    "--yes",
    is_flag=True,
    help="TLP:AMBER or AMBER+STRICT: confirm that addresses outside the brief's distribution "
    "may receive it (without --yes they are refused, or asked about on a terminal).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="With --dry-run: the .eml file, or a folder ending in '/' (default output/<name>.eml).",
)
@handled
def send(
    brief: Path,
    to: tuple[str, ...],
    cc: tuple[str, ...],
    sender: str | None,
    host: str | None,
    port: int | None,
    security: str | None,
    user: str | None,
    cafile: Path | None,
    timeout: float,
    pdf: Path | None,
    dry_run: bool,
    yes: bool,
    output: str | None,
) -> None:
    """E-mail the briefing of BRIEF: the PDF attached, and the whole brief in the body, as
    plain text and HTML (bottom line, key facts, sections, claims with their attribution, each
    chart's values in words, the timeline, analysis, sources).

    The PDF is output/<name>.pdf when it records this brief and its files as they are now,
    else it is built again. TLP:RED goes only to the brief's distribution; TLP:AMBER and
    AMBER+STRICT go beyond it only with --yes (or a yes at the prompt on a terminal).
    A pack goes to its own distribution; a TLP:RED brief inside keeps it to the addresses on
    both the pack's distribution and that brief's.
    """
    from briefing.deliver.mail import (
        check_tlp_recipients,
        compose_message,
        recipients_of,
        send_settings,
    )
    from briefing.deliver.smtp import send_message
    from briefing.model import TLP_LABELS
    from briefing.packs.detect import is_pack
    from briefing.shell.diff import changed_since_previous  # an edition's e-mail only
    from briefing.write import write_pdf

    report = _reporter()
    options = {
        "host": host,
        "port": port,
        "security": security,
        "user": user,
        "from": sender,
        "cafile": str(cafile) if cafile else None,
        "timeout": timeout,
    }
    recipients: list[str | Address]
    copies: list[str | Address]
    if is_pack(brief):  # the pack's distribution, its roll-up and its briefs' TLP rules
        from briefing.shell.packs import pack_message

        message, recipients, copies, settings = pack_message(
            brief, pdf, [*to], [*cc], yes, options, dry_run
        )
    else:
        model, pdf_bytes, pdf_path, reused = ensure_pdf(brief, pdf)
        report.result(f"{pdf_path}: {'up to date, reused' if reused else 'built'}")
        recipients = [*to] or recipients_of(model)
        copies = [*cc]

        def confirm(outside: list[str]) -> bool:
            if yes:
                return True
            if not sys.stdin.isatty():
                return False
            return click.confirm(
                f"{TLP_LABELS[model.tlp or 'amber']}: send to {', '.join(outside)}, outside "
                "the brief's distribution?",
                default=False,
                err=True,
            )

        check_tlp_recipients(model, recipients, copies, confirm)
        settings = send_settings(options, dict(os.environ), dry_run)
        message = compose_message(
            model,
            pdf_bytes,
            brief.stem,
            settings.sender,
            recipients,
            copies,
            generation_time(),
            domain=settings.sender.rsplit("@", 1)[-1].strip(">"),
            changed=changed_since_previous(brief, model),
        )
    if dry_run:
        target = output_path(output, brief, ".eml") or Path("output") / f"{brief.stem}.eml"
        write_pdf(message.as_bytes(), target)
        report.result(
            f"{target}: message to {_addressees(recipients, copies)} written; nothing sent"
        )
        return
    if settings.security == "none":
        click.echo(
            f"warning: sending to {settings.host}:{settings.port} without encryption "
            "(--security none): the message and any password travel in clear",
            err=True,
        )
    if settings.user and settings.password is None:
        if not sys.stdin.isatty():
            raise _fail(
                "--user",
                "no password: set BRIEFING_SMTP_PASSWORD",
                "the password is never taken from the brief or the command line",
            )
        from dataclasses import replace

        settings = replace(
            settings, password=click.prompt("SMTP password", hide_input=True, err=True)
        )
    send_message(message, settings)
    report.result(
        f"sent {message['Subject']!s} to {_addressees(recipients, copies)} "
        f"via {settings.host}:{settings.port}"
    )


@click.command(
    epilog="\b\nExample:\n  briefing preview briefs/syria-withdrawal.yaml -o page.png\n"
    "  briefing preview briefs/long.yaml --all --dpi 72"
)
@click.argument("brief", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="PNG to write, or a folder ending in '/' (default output/<name>.png; with --all, "
    "<name>-N.png).",
)
@click.option("--dpi", type=click.IntRange(30, 600), default=110, show_default=True)
@click.option("--all", "every", is_flag=True, help="Every page, not only the first.")
@click.option(
    "--pdf",
    type=click.Path(path_type=Path),
    help="Preview this PDF instead (refused unless it records this brief as it is now).",
)
@handled
def preview(brief: Path, output: str | None, dpi: int, every: bool, pdf: Path | None) -> None:
    """Render the briefing's first page (or all pages) to PNG, to paste into a message.

    A brief too long for its one page is still shown: laid out in flow, every page written,
    the pages past the first marked as overflow; then the report of where the space goes,
    and exit status 3.
    """
    import io

    import pypdfium2 as pdfium

    from briefing.errors import LayoutError
    from briefing.packs.detect import is_pack
    from briefing.shell.overflow import flowed, mark_overflow
    from briefing.shell.packs import ensure_pack_pdf, flowed_pack
    from briefing.write import write_pdf

    report = _reporter()
    overflow: LayoutError | None = None
    spilled: set[int] | None = None  # the pages that overflow (None: all past the first)
    try:
        if is_pack(brief):
            pdf_bytes = ensure_pack_pdf(brief, pdf, keep=False).pdf
        else:
            _, pdf_bytes, _, _ = ensure_pdf(brief, pdf, keep=False)
    except LayoutError as exc:
        if pdf is not None:
            raise
        if is_pack(brief):  # its briefs too long for their page, in flow, their overflow marked
            pdf_bytes, spilled, exc = flowed_pack(brief, exc)
        else:
            pdf_bytes, unplaced = flowed(brief)
            if unplaced:  # a part no page can hold: shown shrunk, and reported with the rest
                more = tuple(d for d in unplaced if d not in exc.diagnostics)
                exc = LayoutError(exc.message, (*exc.diagnostics, *more))
        overflow = exc
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        count = len(document) if every or overflow else 1
        target = output_path(output, brief, ".png") or Path("output") / f"{brief.stem}.png"
        for index in range(count):
            image = document[index].render(scale=dpi / 72).to_pil()
            over = overflow is not None and (index in spilled if spilled is not None else index > 0)
            if over:
                mark_overflow(image)
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            path = (
                target
                if count == 1
                else target.with_name(f"{target.stem}-{index + 1}{target.suffix or '.png'}")
            )
            write_pdf(buffer.getvalue(), path)
            note = " (overflow: does not fit on page 1)" if over else ""
            report.result(f"{path}: page {index + 1}, {image.width} x {image.height} px{note}")
    finally:
        document.close()
    if overflow is not None:
        raise overflow


@click.command(
    "print",
    epilog="\b\nExample:\n  briefing print briefs/syria-withdrawal.yaml "
    "--copies 12\n  briefing print briefs/syria-withdrawal.yaml --printer office-3",
)
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--printer", help="CUPS printer name (default: the system's default printer).")
@click.option("--copies", type=click.IntRange(1, 500), default=1, show_default=True)
@click.option(
    "--pdf",
    type=click.Path(path_type=Path),
    help="Print this PDF instead (refused unless it records this brief as it is now).",
)
@handled
def print_(brief: Path, printer: str | None, copies: int, pdf: Path | None) -> None:
    """Send the briefing to the print queue (CUPS lp) on the brief's paper size (a duplex
    pack: two-sided, long edge)."""
    import subprocess  # only to print: with signal, selectors and locale, ~5 ms of every start

    from briefing.packs.detect import is_pack

    report = _reporter()
    if is_pack(brief):  # one paper for the whole pack; two-sided when it is duplex
        from briefing.shell.packs import ensure_pack_pdf

        made = ensure_pack_pdf(brief, pdf)
        paper, duplex, pdf_path = made.paper, made.loaded.pack.duplex, made.path
    else:
        model, _, pdf_path, _ = ensure_pdf(brief, pdf)
        paper, duplex = model.layout.paper, False
    media = "A4" if paper == "a4" else "Letter"
    lp = shutil.which("lp")
    if lp is None:
        raise _fail(
            "lp",
            "no print system found (the CUPS 'lp' command is not installed)",
            f"open {pdf_path} in a PDF viewer and print it at 100% ('actual size') on {media}"
            + (", on both sides (long edge)" if duplex else ""),
        )
    command = [lp, "-n", str(copies), "-o", f"media={media}", "-o", "fit-to-page=false"]
    if duplex:  # every brief starts on a right-hand page only when printed two-sided
        command += ["-o", "sides=two-sided-long-edge"]
    if printer:
        if printer.startswith("-") or any(ch.isspace() for ch in printer):
            raise _fail("--printer", f"'{printer}' is not a printer name")
        command += ["-d", printer]
    command.append(str(pdf_path))
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _fail("lp", f"lp failed: {exc}") from None
    if result.returncode != 0:
        raise _fail(
            "lp",
            f"lp refused the job: {result.stderr.strip() or result.returncode}",
            "check the printer name with: lpstat -p",
        )
    report.result(
        f"{pdf_path}: {copies} cop{'y' if copies == 1 else 'ies'} sent to "
        f"{printer or 'the default printer'} ({media}{', two-sided' if duplex else ''}) "
        f"{result.stdout.strip()}"
    )
