"""Packs at the command line: what ``check``, ``send``, ``preview`` and ``print`` do with a
pack file (``build`` and ``watch`` build one through :func:`briefing.shell.jobs.build_one`).

``check_pack`` checks every brief of a pack as ``check`` checks a brief alone (each diagnostic
at its own file and line, the lint, ``--fit``), then the pack's own rules at the pack file's
lines. ``ensure_pack_pdf`` reuses or builds a pack's PDF as ``ensure_pdf`` does a brief's;
``flowed_pack`` is what ``preview`` shows of a pack with a brief too long for its page.
``pack_message`` makes the e-mail of a pack, refusing recipients that a brief's
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

from briefing.errors import BriefingError, Diagnostic, LayoutError
from briefing.shell.console import (
    Reporter,
    _reporter,
    generation_time,
    given_pdf,
)

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
        verdict = "ok" if not worst else "the pack is valid, but a brief in it fails (above)"
        report.result(f"{path}: {verdict} ({pack_line(loaded)})")
    return found, worst


@dataclass(frozen=True)
class MadePack:
    """A pack's PDF as ``send``, ``preview`` and ``print`` take it."""

    loaded: LoadedPack
    pdf: bytes
    path: Path  # where it is (output/<name>.pdf, or --pdf)
    reused: bool  # a PDF built before, whose record is the pack's as it is now

    @property
    def paper(self) -> str:
        """The pack's paper: every brief's (a pack has one)."""
        return self.loaded.members[0].brief.layout.paper


def ensure_pack_pdf(path: Path, pdf: Path | None, keep: bool = True) -> MadePack:
    """The pack at ``path`` and its PDF, as :func:`briefing.shell.commands.ensure_pdf` gives
    a brief's: a PDF is the pack's only when its record
    (:func:`briefing.packs.build.pack_provenance`: the pack file, every brief and every file
    their builds read) equals the pack's now. Without ``pdf``, output/<name>.pdf is reused
    when it is the pack's, else the pack is built again (in memory only when ``keep`` is
    false: a preview leaves no PDF behind); a ``pdf`` that is not the pack's is refused."""
    from briefing.packs.build import build_pack, pack_provenance
    from briefing.packs.read import loaded_pack, read_pack
    from briefing.provenance import mismatch, read_provenance
    from briefing.shell.jobs import pack_inputs, pack_worlds, target_for
    from briefing.write import check_output_path, write_pdf

    generated = generation_time()
    world, world_for = pack_worlds(path, lambda: generated)
    read = read_pack(world, world_for)
    loaded = loaded_pack(read, world)
    now = pack_provenance(loaded)
    target = pdf or target_for(path, None, False)
    if pdf is not None:
        data = given_pdf(pdf, now, f"the PDF of the pack {path}", path)
        return MadePack(loaded, data, pdf, True)
    kept = target.read_bytes() if target.is_file() else b""
    if kept and mismatch(read_provenance(kept), now) is None:
        return MadePack(loaded, kept, target, True)  # the bytes checked are those handed on
    if keep:  # a PDF that would overwrite an input is refused before anything is built
        check_output_path(target, pack_inputs(path, read))
    built = build_pack(loaded)
    if keep:
        write_pdf(built.pdf, target)
    return MadePack(loaded, built.pdf, target, False)


def flowed_pack(path: Path, first: LayoutError) -> tuple[bytes, set[int], LayoutError]:
    """What ``preview`` shows of a pack with a brief too long for its one page: the pack with
    every such brief laid out in flow (a draft: a part no page can hold drawn shrunk), the
    pages (from 0) past each such brief's first, and every brief's report in one error."""
    from dataclasses import replace

    from briefing.packs.build import build_pack
    from briefing.packs.model import Member
    from briefing.packs.read import loaded_pack, read_pack
    from briefing.shell.jobs import pack_worlds

    world, world_for = pack_worlds(path, generation_time)
    loaded = loaded_pack(read_pack(world, world_for), world)
    found = list(first.diagnostics)
    flowing = {d.file for d in found}

    def flowed(member: Member) -> Member:
        if member.world.name not in flowing:
            return member
        layout = member.brief.layout.model_copy(update={"fit": "flow"})
        brief = member.brief.model_copy(update={"layout": layout})
        return Member(member.path, member.world, member.doc, brief)

    for _ in loaded.members:  # each round finds the next brief that does not fit
        try:
            built = build_pack(replace(loaded, members=tuple(map(flowed, loaded.members))), True)
            break
        except LayoutError as exc:
            if not {d.file for d in exc.diagnostics} - flowing:
                raise
            flowing |= {d.file for d in exc.diagnostics}
            found += exc.diagnostics
    else:  # not reached: every round flows one more brief, and flowing briefs fit
        raise first
    spilled = {
        page
        for member, start, count in zip(
            loaded.members, built.starts, built.member_pages, strict=True
        )
        if member.world.name in flowing
        for page in range(start, start + count - 1)  # from 0: past the brief's first page
    }
    found += [d for d in built.unplaced if d not in found]
    return built.pdf, spilled, LayoutError(first.message, tuple(found))


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
    from briefing.shell.diff import changed_since_previous

    made = ensure_pack_pdf(path, pdf)
    _reporter().result(f"{made.path}: {'up to date, reused' if made.reused else 'built'}")
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

    check_pack_recipients(made.loaded, recipients, copies, confirm, from_distribution=not to)
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
        changed=[
            changed_since_previous(path.parent / member.path, member.brief)
            for member in made.loaded.members
        ],
    )
    return message, recipients, copies, settings
