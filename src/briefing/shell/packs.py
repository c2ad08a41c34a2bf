"""Packs at the command line: what ``check``, ``send``, ``preview`` and ``print`` do with a
pack file (``build`` and ``watch`` build one through :func:`briefing.shell.jobs.build_one`).

``check_pack`` checks every brief of a pack as ``check`` checks a brief alone (each diagnostic
at its own file and line, the lint, ``--fit``), then the pack's own rules at the pack file's
lines. ``ensure_pack_pdf`` builds a pack's PDF (a pack is always built again: its record is
its briefs'). ``pack_message`` makes the e-mail of a pack, refusing recipients that a brief's
TLP label keeps out before anything is written or sent.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefing.errors import BriefingError, Diagnostic
from briefing.shell.console import Reporter, _reporter, command_error, generation_time

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage

    from briefing.deliver.mail import SmtpSettings
    from briefing.model import Brief
    from briefing.packs.model import LoadedPack
    from briefing.read import Document
    from briefing.world import World


def check_brief(
    name: str,
    doc: Document,
    brief: Brief,
    world: World,
    report: Reporter,
    fmt: str,
    strict: bool,
    fit: bool,
) -> tuple[list[Diagnostic], int]:
    """``check`` of one valid brief, alone or in a pack: its warnings (the glyphs its fonts
    lack, the lint, the edition's rules) and, with ``fit``, how it lays out; prints its line
    and returns the warnings and the exit status it asks for (raises a LayoutError that does
    not fit, or a BriefError of missing glyphs)."""
    from briefing.pipeline import build_pdf, coverage_warnings
    from briefing.shell.jobs import fit_line
    from briefing.validate.checks import previous_of
    from briefing.validate.editions import edition_warnings
    from briefing.validate.lint import lint_brief

    warnings = coverage_warnings(doc, brief, world) + lint_brief(doc)
    warnings += edition_warnings(doc, brief, previous_of(brief, world))
    if fmt == "text":
        loud = Reporter() if strict else report  # under --strict they are failures
        for warning in warnings:
            loud.diagnostic(warning)
    fits = ""
    if fit:  # as build lays it out: a LayoutError (exit 3) says where the space goes
        fits = ", " + fit_line(brief, build_pdf(brief, world, doc))
    if fmt == "text":
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        if strict and warnings:
            report.result(f"{name}: {count}, failing under --strict")
        else:
            report.result(f"{name}: ok{fits}" + (f" ({count})" if warnings else ""))
    return warnings, 1 if strict and warnings else 0


def check_pack(
    path: Path, report: Reporter, fmt: str, strict: bool, fit: bool
) -> tuple[list[Diagnostic], int]:
    """``check`` of a pack: every brief that reads and validates is checked as alone; then
    every problem of the pack and of its briefs, each at its own file and line."""
    from briefing.packs.read import loaded_pack, read_pack
    from briefing.shell.jobs import pack_line, pack_worlds

    found: list[Diagnostic] = []
    worst = 0
    try:
        world, world_for = pack_worlds(path, generation_time)
        read = read_pack(world, world_for)
        for member in read.members:
            try:
                warnings, status = check_brief(
                    member.world.name, member.doc, member.brief, member.world, report, fmt,
                    strict, fit,
                )  # fmt: skip
                found += warnings
                worst = worst or status
            except BriefingError as exc:
                worst = worst or exc.exit_code
                found.extend(exc.diagnostics)
                if fmt == "text":
                    report.error(exc)
        loaded = loaded_pack(read, world)
    except BriefingError as exc:
        worst = worst or exc.exit_code
        found.extend(exc.diagnostics)
        if fmt == "text":
            report.error(exc)
        return found, worst
    if fmt == "text":
        report.result(f"{path}: {'ok' if not worst else 'checked'} ({pack_line(loaded)})")
    return found, worst


@dataclass(frozen=True)
class MadePack:
    """A pack's PDF as ``send``, ``preview`` and ``print`` take it."""

    loaded: LoadedPack
    pdf: bytes
    path: Path  # where it was written (output/<name>.pdf), or would be
    paper: str  # every brief's paper (a pack has one)
    starts: tuple[int, ...]  # the page each brief starts on, where the build says so


def ensure_pack_pdf(path: Path, pdf: Path | None, keep: bool = True) -> MadePack:
    """The pack at ``path`` built now, written to output/<name>.pdf (unless ``keep`` is false:
    a preview leaves no PDF behind). A ``--pdf`` is refused: a pack's PDF is built again each
    time, from its briefs as they are now."""
    from briefing.packs.build import build_pack
    from briefing.packs.read import loaded_pack, read_pack
    from briefing.shell.jobs import pack_inputs, pack_worlds, target_for
    from briefing.write import check_output_path, write_pdf

    if pdf is not None:
        raise command_error(
            "--pdf",
            f"{path} is a pack: its PDF is built from its briefs each time, never taken as given",
            f"leave out --pdf (briefing build {path} writes the PDF too)",
        )
    generated = generation_time()
    world, world_for = pack_worlds(path, lambda: generated)
    read = read_pack(world, world_for)
    loaded = loaded_pack(read, world)
    target = target_for(path, None, False)
    built = build_pack(loaded)
    if keep:
        check_output_path(target, pack_inputs(path, read))
        write_pdf(built.pdf, target)
    paper = loaded.members[0].brief.layout.paper
    starts = tuple(getattr(built, "starts", ()) or ())
    return MadePack(loaded, built.pdf, target, paper, starts)


def pack_message(
    path: Path,
    pdf: Path | None,
    to: list[str],
    cc: list[str],
    yes: bool,
    options: Mapping[str, object],
    dry_run: bool,
) -> tuple[EmailMessage, list[str | Address], list[str | Address], SmtpSettings]:
    """The e-mail of the pack at ``path``: to ``to`` or the pack's distribution, after every
    brief's TLP rule (refused before anything is written or sent)."""
    from briefing.deliver.mail import send_settings
    from briefing.deliver.packmail import (
        check_pack_recipients,
        compose_pack_message,
        pack_recipients,
    )

    made = ensure_pack_pdf(path, pdf)
    _reporter().result(f"{made.path}: built")
    recipients: list[str | Address] = [*to] or pack_recipients(made.loaded)
    copies: list[str | Address] = [*cc]

    def confirm(brief: str, outside: list[str]) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            return False
        return click.confirm(
            f"{brief} is TLP:AMBER: send the pack to {', '.join(outside)}, outside that "
            "brief's distribution?",
            default=False,
            err=True,
        )

    check_pack_recipients(made.loaded, recipients, copies, confirm)
    settings = send_settings(options, dict(os.environ), dry_run)
    message = compose_pack_message(
        made.loaded,
        made.pdf,
        path.stem,
        settings.sender,
        recipients,
        copies,
        generation_time(),
        domain=settings.sender.rsplit("@", 1)[-1].strip(">"),
        starts=made.starts,
    )
    return message, recipients, copies, settings
