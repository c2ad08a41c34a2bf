"""A pack in an e-mail: its subject, its bodies, who may receive it.

Takes a :class:`~briefing.packs.model.LoadedPack` and its PDF; returns the message
(:func:`compose_pack_message`, pure as :func:`briefing.deliver.mail.compose_message` is). The
subject names the pack's title, date and time, and its roll-up (the pack's TLP label and
marking); the bodies list the briefs (title, marking, TLP label), then give every brief
whole, as a single brief's e-mail does.

Who may receive it (:func:`check_pack_recipients`), checked before anything is written or sent:
a TLP:RED brief inside confines the pack to the addresses on both the pack's ``distribution``
and that brief's, any other is refused, naming it and the brief; a TLP:AMBER or AMBER+STRICT
brief inside lets the pack go to an address outside that brief's ``distribution`` only when
``confirm`` says so, as for the brief alone.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage

from briefing.deliver.body import Changed, html_body, html_handling, plain_body
from briefing.deliver.mail import (
    _addr_spec,
    as_address,
    assemble,
    check_header,
    check_tlp_recipients,
    fail,
    mailbox,
)
from briefing.errors import DeliveryError, MismatchError
from briefing.materials.text import plain
from briefing.model import TLP_LABELS, Brief, Recipient
from briefing.numbers import format_date
from briefing.packs.model import LoadedPack, Member


def pack_subject(loaded: LoadedPack) -> str:
    """``[TLP:RED] [SECRET] Morning meeting — 3 September 2022, 08:30 — pack of 5 briefs``."""
    pack = loaded.pack
    tlp = f"[{TLP_LABELS[loaded.tlp]}] " if loaded.tlp else ""
    marking = f"[{loaded.marking}] " if loaded.marking else ""
    when = format_date(pack.date) + (f", {pack.time}" if pack.time else "")
    count = len(loaded.members)
    return (
        f"{tlp}{marking}{plain(pack.title)} — {when} — "
        f"pack of {count} brief{'s' if count != 1 else ''}"
    )


def _label(brief: Brief) -> str:
    parts = [brief.marking or "no marking"]
    if brief.tlp:
        parts.append(TLP_LABELS[brief.tlp])
    return "; ".join(parts)


def pack_plain(loaded: LoadedPack, changed: Sequence[Changed | None] = ()) -> str:
    """The pack in plain text: its labels and title, the list of briefs, then each brief
    (an edition's beginning with what ``changed`` since its previous edition, in the pack's
    order), as its own e-mail would give it."""
    pack = loaded.pack
    lines: list[str] = []
    if loaded.tlp:
        lines.append(TLP_LABELS[loaded.tlp])
    if loaded.marking:
        lines.append(loaded.marking)
    lines.append(plain(pack.title))
    when = f"{format_date(pack.date)}" + (f", {pack.time}" if pack.time else "")
    lines.append(when + (f" · {plain(pack.organisation)}" if pack.organisation else ""))
    lines += ["", f"THIS PACK HOLDS {len(loaded.members)} BRIEFS"]
    for i, member in enumerate(loaded.members, 1):
        brief = member.brief
        lines.append(f"{i}. {plain(brief.title)} ({_label(brief)})")
    for i, member in enumerate(loaded.members, 1):
        lines += ["", "=" * 72, f"BRIEF {i} OF {len(loaded.members)}", ""]
        lines.append(plain_body(member.brief, _nth(changed, i - 1), closing=False).rstrip())
    lines += ["", "=" * 72]
    if loaded.tlp:
        lines += ["", f"This message is {TLP_LABELS[loaded.tlp]}."]
    lines += ["", "The whole pack is attached as a PDF: a cover, then every brief as it prints."]
    return "\n".join(lines) + "\n"


def _nth(changed: Sequence[Changed | None], index: int) -> Changed | None:
    return changed[index] if index < len(changed) else None


def pack_html(loaded: LoadedPack, changed: Sequence[Changed | None] = ()) -> str:
    """The pack in HTML, in the order of :func:`pack_plain`."""
    e = html.escape
    pack = loaded.pack
    out = ['<!DOCTYPE html><html><body style="font-family: sans-serif">']
    out += html_handling(loaded.tlp, loaded.marking)
    when = format_date(pack.date) + (f", {pack.time}" if pack.time else "")
    organisation = f" · {e(plain(pack.organisation))}" if pack.organisation else ""
    out.append(f"<h1>{e(plain(pack.title))}</h1><p>{e(when)}{organisation}</p>")
    out.append(f"<h2>This pack holds {len(loaded.members)} briefs</h2><ol>")
    for member in loaded.members:
        brief = member.brief
        out.append(f"<li>{e(plain(brief.title))} ({e(_label(brief))})</li>")
    out.append("</ol>")
    for index, member in enumerate(loaded.members):
        body = html_body(member.brief, _nth(changed, index), closing=False)
        inner = body.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
        out.append(f"<hr><section>{inner}</section>")
    out.append("<hr>")
    if loaded.tlp:
        out.append(f"<p>This message is {e(TLP_LABELS[loaded.tlp])}.</p>")
    out.append(
        "<p>The whole pack is attached as a PDF: a cover, then every brief as it prints.</p>"
    )
    out.append("</body></html>")
    return "".join(out)


def compose_pack_message(
    loaded: LoadedPack,
    pdf: bytes,
    stem: str,
    sender: str,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    now: datetime,
    domain: str = "briefing.local",
    changed: Sequence[Changed | None] = (),
) -> EmailMessage:
    """The message that would send the pack: subject, bodies, the pack's PDF attached;
    ``changed`` is, for each brief in order, what changed since its previous edition."""
    check_header(loaded.pack.title, "pack.title")
    for i, recipient in enumerate(loaded.pack.distribution or ()):
        check_header(recipient.name, f"pack.distribution[{i}].name")
    for member in loaded.members:
        if member.brief.marking:
            check_header(member.brief.marking, "marking")
    return assemble(
        pack_subject(loaded),
        pack_plain(loaded, changed),
        pack_html(loaded, changed),
        pdf,
        stem,
        sender,
        to,
        cc,
        now,
        domain,
    )


def pack_recipients(loaded: LoadedPack) -> list[str | Address]:
    """The pack's distribution entries that have an e-mail address, names as written."""
    found: list[str | Address] = []
    for i, r in enumerate(loaded.pack.distribution or ()):
        if r.email:
            check_header(r.name, f"pack.distribution[{i}].name")
            found.append(mailbox(r.name, r.email))
    return found


def _emails(recipients: Sequence[Recipient] | None) -> set[str]:
    return {r.email.lower() for r in recipients or () if r.email}


def check_pack_recipients(
    loaded: LoadedPack,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    confirm: Callable[[str, list[str]], bool] | None = None,
    from_distribution: bool = False,
) -> None:
    """Keep the pack inside the sharing every brief's TLP label allows, before anything is
    written or sent (see the module's docstring); a refusal names every address not allowed
    and the brief that keeps it out. ``confirm(brief, addresses)`` is asked about the
    addresses outside a TLP:AMBER brief's distribution. ``from_distribution``: ``to`` is the
    pack's own distribution (no ``--to`` given), and a refusal stands at its entry."""
    pack_list = _emails(loaded.pack.distribution)
    given = [
        (field, _addr_spec(as_address(value, field)))
        for field, addresses in (("--to", to), ("--cc", cc))
        for value in addresses
    ]
    where: dict[str, tuple[str | int, ...]] = {}  # a field of the pack file -> its path there
    if from_distribution:  # the pack's own list: a refusal stands at its entry in the file
        listed = [(i, r.email) for i, r in enumerate(loaded.pack.distribution or ()) if r.email]
        where = {
            f"pack.distribution[{i}].email": ("pack", "distribution", i, "email") for i, _ in listed
        }
        given = [
            (f"pack.distribution[{i}].email", _addr_spec(as_address(email, "distribution")))
            for i, email in listed
        ] + [entry for entry in given if entry[0] == "--cc"]
    for member in loaded.members:
        if member.brief.tlp == "red":
            _confine_red(member, pack_list, given, loaded, where)
    for member in loaded.members:
        if member.brief.tlp in ("amber", "amber+strict"):
            _beyond_amber(member, to, cc, confirm)


def _confine_red(
    member: Member,
    pack_list: set[str],
    given: list[tuple[str, str]],
    loaded: LoadedPack,
    where: dict[str, tuple[str | int, ...]],
) -> None:
    allowed = pack_list & _emails(member.brief.distribution)
    outside = [(field, address) for field, address in given if address.lower() not in allowed]
    if not outside:
        return
    names = ", ".join(address for _, address in outside)
    verb = "is" if len(outside) == 1 else "are"
    field = outside[0][0]
    refused = fail(
        field,
        f"the pack holds a TLP:RED brief, {member.path}: {names} {verb} not on both the "
        "pack's distribution and that brief's, and TLP:RED may go only to the brief's own "
        "recipients",
        "send to addresses under both 'distribution' lists only (or take the brief out of "
        "the pack); nothing was sent",
    )
    if field in where:  # no --to: the address is the pack file's own
        line, column = loaded.doc.position(where[field])
        [diagnostic] = refused.diagnostics
        refused = DeliveryError(
            refused.message,
            (replace(diagnostic, file=loaded.doc.name, line=line, column=column),),
        )
    raise refused


def _beyond_amber(
    member: Member,
    to: Sequence[str | Address],
    cc: Sequence[str | Address],
    confirm: Callable[[str, list[str]], bool] | None,
) -> None:
    """A TLP:AMBER brief's rule, as for the brief alone; the refusal names the brief."""

    def ask(outside: list[str]) -> bool:
        return confirm is not None and confirm(member.path, outside)

    try:
        check_tlp_recipients(member.brief, to, cc, ask)
    except MismatchError as exc:
        message = exc.message.replace("the brief is", f"the pack holds {member.path},", 1)
        raise MismatchError(
            message, tuple(replace(d, message=message) for d in exc.diagnostics)
        ) from None
