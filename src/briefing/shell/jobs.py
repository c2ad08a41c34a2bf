"""Building briefs as jobs: one brief from path to written PDF, and many in parallel.

``build_one`` runs the whole pipeline for one brief (or, given a pack file, builds the pack:
:func:`build_pack_one`) and returns an :class:`Outcome` (never raises for a problem with the
brief); ``build_many`` runs it over several briefs, in worker processes when asked, yielding
outcomes as they finish. ``pack_worlds`` makes the worlds of a pack file and of its briefs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import BriefingError, Diagnostic

if TYPE_CHECKING:
    from briefing.model import Brief
    from briefing.packs.model import LoadedPack
    from briefing.packs.read import ReadPack
    from briefing.pipeline import Built
    from briefing.world import World
    from briefing.world.disk import DiskWorld


@dataclass
class Outcome:
    """What became of one brief: the summary line, or the error; warnings either way."""

    brief: Path
    line: str = ""
    warnings: list[Diagnostic] = field(default_factory=list)
    error: BriefingError | None = None
    inputs: list[Path] = field(default_factory=list)  # the files the build read


def target_for(brief: Path, output: Path | None, many: bool) -> Path:
    """Where the PDF of ``brief`` goes: output/<name>.pdf, ``output`` itself, or inside it."""
    name = brief.stem + ".pdf"
    if output is None:
        return Path("output") / name
    if many or str(output).endswith(("/", os.sep)):
        return output / name
    return output  # an existing directory here is refused by check_output_path


def clashes(paths: list[Path], output: Path | None) -> list[tuple[Path, Path, Path]]:
    """Briefs of one batch that would write the same file: (first brief, other brief, file).

    ``briefing build a/brief.yaml b/brief.yaml -o out/`` would write out/brief.pdf twice (the
    last one to finish winning); such a batch is refused before anything is built.
    """
    many = len(paths) > 1
    seen: dict[str, Path] = {}
    found: list[tuple[Path, Path, Path]] = []
    for path in paths:
        target = target_for(path, output, many)
        key = os.path.normcase(os.path.abspath(target))
        if key in seen:
            found.append((seen[key], path, target))
        else:
            seen[key] = path
    return found


def fit_line(brief: Brief, built: Built) -> str:
    """How a built brief was fitted: '1 page, ... (shrunk to 89% to fit one page, ...)'. The
    one line both ``build`` and ``check --fit`` print (the size is build's alone)."""
    pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
    fitted = fit_summary(brief.layout.fit, built.scale, built.fill)
    if built.box is not None:  # the box of what changed gave way to fit the page
        shown, full = built.box
        fitted += f"; the box of what changed cut to {shown} of {full} lines"
    return f"{pages} ({fitted})"


def fit_summary(mode: str, scale: float, fill: float) -> str:
    if mode == "flow":
        return f"flowed, {fill:.0%} of the text area used"
    if scale >= 0.999:
        return f"fitted at full size, page {fill:.0%} full"
    return f"shrunk to {scale:.0%} to fit one page, page {fill:.0%} full"


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def build_one(path: Path, output: Path | None, many: bool, generated: datetime) -> Outcome:
    """Read, validate, lay out, render and write one brief."""
    from briefing.packs.detect import is_pack
    from briefing.pipeline import build_pdf, load_brief
    from briefing.world.disk import DiskWorld
    from briefing.write import check_output_path, write_pdf

    if is_pack(path):
        return build_pack_one(path, output, many, generated)
    outcome = Outcome(path, inputs=[path])
    world = DiskWorld(path, clock=lambda: generated)
    try:
        doc, brief = load_brief(world)
        target = target_for(path, output, many)
        outcome.inputs = inputs_of(brief, world)
        check_output_path(target, outcome.inputs)
        built = build_pdf(brief, world, doc)
        outcome.warnings = built.warnings
        write_pdf(built.pdf, target)
        pages, fit = fit_line(brief, built).split(" (", 1)
        outcome.line = f"{target}: {pages}, {_size(len(built.pdf))} ({fit}"
    except BriefingError as exc:
        outcome.error = exc
    return outcome


def inputs_of(brief: Brief, world: DiskWorld) -> list[Path]:
    """Every file a build of ``brief`` reads from its folder (the output may be none of them)."""
    from briefing.validate.checks import figure_paths

    named = [brief.layout.logo, brief.layout.theme, *(image for _, image in figure_paths(brief))]
    return world.inputs([relative for relative in named if relative])


def pack_worlds(
    path: Path, clock: Callable[[], datetime]
) -> tuple[DiskWorld, Callable[[str], World]]:
    """The world of the pack file at ``path``, and a maker of each brief's own world (named
    as the user would name it: the pack file's folder joined to the brief's path)."""
    from briefing.world.disk import DiskWorld

    world = DiskWorld(path, clock=clock)

    def world_for(relative: str) -> World:
        return DiskWorld(path.parent / relative, clock=clock, cache=world.cache)

    return world, world_for


def pack_line(loaded: LoadedPack) -> str:
    """'pack of 4 briefs; SECRET; TLP:RED': what a pack holds, as build and check say it."""
    from briefing.model import TLP_LABELS

    count = len(loaded.members)
    parts = [f"pack of {count} brief{'s' if count != 1 else ''}"]
    parts.append(loaded.marking or "no marking")
    if loaded.tlp:
        parts.append(TLP_LABELS[loaded.tlp])
    return "; ".join(parts)


def build_pack_one(path: Path, output: Path | None, many: bool, generated: datetime) -> Outcome:
    """Read, validate and build the pack at ``path`` into one PDF, written atomically."""
    from briefing.packs.build import build_pack
    from briefing.packs.read import loaded_pack, read_pack
    from briefing.write import check_output_path, write_pdf

    outcome = Outcome(path, inputs=[path])
    try:
        world, world_for = pack_worlds(path, lambda: generated)
        found = read_pack(world, world_for)
        outcome.inputs = pack_inputs(path, found)
        loaded = loaded_pack(found, world)
        target = target_for(path, output, many)
        check_output_path(target, outcome.inputs)
        built = build_pack(loaded)
        outcome.warnings = list(built.warnings)
        write_pdf(built.pdf, target)
        pages = f"{built.pages} page{'s' if built.pages != 1 else ''}"
        outcome.line = f"{target}: {pages}, {_size(len(built.pdf))} ({pack_line(loaded)})"
    except BriefingError as exc:
        outcome.error = exc
    return outcome


def pack_inputs(path: Path, found: ReadPack) -> list[Path]:
    """Every file a build of the pack at ``path`` reads: the pack file, each brief it names
    and each brief's theme, logo and figures (as far as they could be read: ``watch`` looks
    at these, so an invalid brief's file is still among them)."""
    from briefing.world.disk import DiskWorld

    files = [path, *(path.parent / name for name in found.files)]
    for member in found.members:
        if isinstance(member.world, DiskWorld):
            files += inputs_of(member.brief, member.world)[1:]
    return list(dict.fromkeys(files))


def build_many(
    paths: list[Path], output: Path | None, generated: datetime, workers: int
) -> Iterator[Outcome]:
    """Build every brief; with ``workers`` > 1 in that many processes (outcomes as they end)."""
    many = len(paths) > 1
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            yield build_one(path, output, many, generated)
        return
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only for -j N

    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(build_one, path, output, many, generated) for path in paths]
        for future in as_completed(futures):
            yield future.result()


def _stamp(paths: list[Path]) -> tuple[tuple[int, int] | None, ...]:
    stamps: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def watch(
    path: Path,
    output: Path | None,
    generated: Callable[[], datetime],
    report: Callable[[Outcome], None],
    stop: Callable[[], bool],
    interval: float = 0.05,
) -> None:
    """Build ``path`` now and again whenever it (or its logo or theme) changes, until ``stop``.

    Polls modification times every ``interval`` seconds (no extra dependency, works on every
    file system; a stat of three files costs microseconds); a save that leaves the file
    half-written is simply rebuilt again on the next change.
    """
    import time

    def build() -> list[Path]:
        outcome = build_one(path, output, False, generated())
        report(outcome)
        return outcome.inputs  # watch the theme and logo the brief names now

    paths = build()
    last = _stamp(paths)
    while not stop():
        time.sleep(interval)
        now = _stamp(paths)
        if now == last:
            continue
        time.sleep(0.01)  # let the editor finish writing
        before = _stamp(paths)  # an edit made during the build is seen on the next poll
        built = build()
        last = before if built == paths else _stamp(built)
        paths = built
