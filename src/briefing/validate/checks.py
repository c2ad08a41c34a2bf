"""Stage 2, validate: a read :class:`Document` -> a typed, frozen :class:`Brief`.

Runs the model over the plain data, then the checks that span several fields (a chart drawn
from claims needs claims, ...). Every problem becomes a :class:`Diagnostic` with the file, line,
column, field path and a hint; all of them are raised together in one :class:`BriefError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from briefing.errors import BriefError, BriefingError, Diagnostic
from briefing.model import YAML_NUMBER, Brief, authored, normalise
from briefing.read import Document, Path_, format_path
from briefing.theme import BUILTIN_THEMES, Theme
from briefing.validate.cited import citation_problems
from briefing.validate.rules import AtKey, cross_checks
from briefing.world import World
from briefing.world.cache import Cache
from briefing.world.kept import kept_model

if TYPE_CHECKING:
    from briefing.validate.editions import Previous


def validate(doc: Document, world: World | None = None) -> Brief:
    """Validate a read document; raise :class:`BriefError` with every problem found.

    With ``world``, the files the brief names (its theme and logo) are checked in the same
    run, so that every problem is reported at once, each at the line where the author wrote it.
    """
    problems = list(doc.problems)
    brief: Brief | None = None
    data = with_number_cells(doc, problems)
    # version 1 becomes version 2 here, once; ``written`` keeps where each moved part stands
    normal, written = normalise(data)
    try:
        # a rebuild of the same data takes the model it made before (no validator is built)
        store = world.cache if world is not None else None
        brief = kept_model(Brief, normal, store, Brief.model_validate)
    except ValidationError as exc:
        # the all-errors diagnosis is imported only for an invalid brief (valid is the common
        # case: a cold build of a valid brief does not pay for it)
        from briefing.validate.diagnose import diagnose_errors
        from briefing.validate.partial import error_paths, partial_brief

        problems.extend(diagnose_errors(exc, doc, written=written))
        # the checks across fields run on the parts that did validate: every error in one run
        partial, bad = partial_brief(normal, exc), error_paths(exc)
        if partial is not None:
            problems.extend(_cross_problems(doc, partial.with_written(written), bad, written))
    else:
        brief = brief.with_written(written)
        problems.extend(_cross_problems(doc, brief, set(), written))
    if world is not None:
        problems.extend(_file_problems(doc, world))
        if doc.raw(("edition", "previous")) is not None:  # an edition (imported for one only)
            from briefing.validate.editions import edition_errors, previous_problems

            # the previous edition, read through the world and validated; its number and issue
            previous, wrong = previous_problems(doc, world, validate)
            problems.extend(wrong)
            if brief is not None and previous is not None:
                problems.extend(edition_errors(doc, brief, previous))
    problems.extend(citation_problems(doc))
    if problems:
        # the brief's own first; then another file's (an invalid previous edition)
        problems.sort(key=lambda d: (d.file != doc.name, d.line, d.column))
        count = len(problems)
        raise BriefError(
            f"{count} problem{'s' if count > 1 else ''} in {doc.name}", tuple(problems)
        )
    assert brief is not None
    return brief


def previous_of(brief: Brief, world: World) -> Previous | None:
    """The previous edition of a valid brief, read and validated (None without one)."""
    if brief.edition is None or brief.edition.previous is None:
        return None
    from briefing.validate.editions import read_previous  # an edition's only

    return read_previous(brief.edition.previous, world, validate)


def _cross_problems(
    doc: Document, brief: Brief, bad: set[Path_], written: dict[Path_, Path_]
) -> list[Diagnostic]:
    """The checks across fields, placed in the brief. On the valid parts of an invalid brief
    (``bad``: where its errors are), a check about a part with an error, or about a chart
    drawn from claims or a timeline with an error, is left out: it would repeat that error."""
    broken_sources = {path[0] for path in bad if path[:1] in (("claims",), ("timeline",))}
    found = []
    for normal, message, hint in cross_checks(brief, doc):
        if any(_within(normal, loc) or _within(loc, normal) for loc in bad):
            continue
        path = authored(normal, written)
        if isinstance(normal, AtKey):
            path = AtKey(path)
        if broken_sources and path[:1] == ("charts",):
            chart = doc.raw(path[:2])
            drawn = chart.get("from") if isinstance(chart, dict) else None
            if isinstance(drawn, str) and drawn.strip().lower() in broken_sources:
                continue
        line, col = doc.position(path, key=isinstance(path, AtKey))
        found.append(Diagnostic(doc.name, line, col, format_path(path), message, hint))
    return found


def _within(path: Path_, outer: Path_) -> bool:
    return tuple(path[: len(outer)]) == tuple(outer)


def with_number_cells(doc: Document, problems: list[Diagnostic]) -> Any:
    """The brief's data with each table told which of its cells the author wrote as YAML
    numbers (plain, not quoted): a cell written as text is printed exactly as written."""
    data = doc.data
    sections = doc.raw(("sections",))
    if not isinstance(data, dict) or not isinstance(sections, list):
        return data
    new_sections = []
    for i, section in enumerate(sections):
        blocks = section.get("blocks") if isinstance(section, dict) else None
        if not isinstance(blocks, list):
            new_sections.append(section)
            continue
        new_blocks = []
        for j, block in enumerate(blocks):
            table = block.get("table") if isinstance(block, dict) else None
            rows = table.get("rows") if isinstance(table, dict) else None
            if not isinstance(rows, list):
                new_blocks.append(block)
                continue
            if "number_cells" in table:  # type: ignore[operator]
                key = ("sections", i, "blocks", j, "table", "number_cells")
                line, col = doc.position(key, key=True)
                problems.append(
                    Diagnostic(
                        doc.name,
                        line,
                        col,
                        format_path(key[:-1]),
                        "unknown key 'number_cells'",
                        "a cell written without quotes as a number (450000) is a number; "
                        "quote a cell to print it as written",
                    )
                )
            here = ("sections", i, "blocks", j, "table", "rows")
            numbers = frozenset(
                (r, c)
                for r, row in enumerate(rows)
                for c, cell in enumerate(row if isinstance(row, list) else ())
                if isinstance(cell, str)
                and (*here, r, c) not in doc.quoted
                and (*here, r, c) not in doc.block
                and YAML_NUMBER.fullmatch(cell)
            )
            new_blocks.append({**block, "table": {**table, "number_cells": numbers}})  # type: ignore[dict-item]
        new_sections.append({**section, "blocks": new_blocks})
    return {**data, "sections": new_sections}


def validate_theme(doc: Document, folder: str, store: Cache | None = None) -> Theme:
    """A read theme file -> a :class:`Theme` whose files are looked up in ``folder`` (kept in
    ``store`` by its data, see :mod:`briefing.world.kept`)."""
    data = doc.data
    if isinstance(data, dict):
        data = {**data, "folder": folder, "file": doc.name, "font_positions": _fonts_at(doc)}
    try:
        theme = kept_model(Theme, data, store, Theme.model_validate)
    except ValidationError as exc:
        from briefing.validate.diagnose import diagnose_errors  # only for an invalid theme

        raise BriefError(f"invalid theme {doc.name}", diagnose_errors(exc, doc, Theme)) from None
    if doc.problems:
        raise BriefError(f"invalid theme {doc.name}", tuple(doc.problems))
    return theme


def _fonts_at(doc: Document) -> dict[str, tuple[int, int]]:
    """Where each font file a theme names stands in it: ``regular``, ``fallbacks[1]`` ..."""
    found = {}
    for path in doc.values:
        if len(path) >= 2 and path[0] == "fonts" and path[1:]:
            found[format_path(path[1:])] = doc.values[path]
    return found


def figure_paths(brief: Brief) -> Iterator[tuple[Path_, str]]:
    """Each figure's field path and image file, in the author's order."""
    for i, section in enumerate(brief.sections or ()):
        for j, block in enumerate(section.blocks or ()):
            if block.figure is not None:
                yield ("sections", i, "blocks", j, "figure", "image"), block.figure.image


def _raw_figures(doc: Document) -> Iterator[tuple[Path_, str]]:
    """Each figure's image as the author wrote it (the brief need not be valid yet)."""
    sections = doc.raw(("sections",))
    for i, section in enumerate(sections if isinstance(sections, list) else ()):
        blocks = section.get("blocks") if isinstance(section, dict) else None
        for j, block in enumerate(blocks if isinstance(blocks, list) else ()):
            figure = block.get("figure") if isinstance(block, dict) else None
            image = figure.get("image") if isinstance(figure, dict) else None
            if isinstance(image, str):
                yield ("sections", i, "blocks", j, "figure", "image"), image


def _file_problems(doc: Document, world: World) -> list[Diagnostic]:
    """The theme, logo and figure images the brief names, each checked where the author
    wrote it."""
    problems = []
    for path, image in _raw_figures(doc):
        reason = world.locate(image)
        if reason is None:
            problems.extend(_image_problems(doc, world, path, image))
        else:
            line, col = doc.position(path)
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    format_path(path),
                    f"image '{image}' {reason}",
                    "put the picture in the brief's folder and name it relative to it, "
                    "e.g. image: assets/map.svg",
                )
            )
    theme = doc.raw(("layout", "theme"))
    if isinstance(theme, str) and theme not in BUILTIN_THEMES:
        reason = world.locate(theme)
        if reason is not None:
            from briefing.validate.diagnose import did_you_mean  # only for a missing theme

            line, col = doc.position(("layout", "theme"))
            hint = did_you_mean(theme, sorted(BUILTIN_THEMES))
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    "layout.theme",
                    f"theme '{theme}' is not a built-in theme and {reason}",
                    hint
                    or f"built-in themes: {', '.join(sorted(BUILTIN_THEMES))}; or a .yaml "
                    "theme file next to the brief",
                )
            )
        else:
            try:
                world.font_files(world.theme(theme))  # the theme, and the fonts it names
            except BriefingError as exc:
                problems.extend(_at(doc, ("layout", "theme"), exc, f"theme '{theme}'"))
    logo = doc.raw(("layout", "logo"))
    if isinstance(logo, str):
        reason = world.locate(logo)
        if reason is None:
            problems.extend(_image_problems(doc, world, ("layout", "logo"), logo))
        else:
            line, col = doc.position(("layout", "logo"))
            problems.append(
                Diagnostic(
                    doc.name,
                    line,
                    col,
                    "layout.logo",
                    f"logo '{logo}' {reason}",
                    "put the logo file in the brief's folder and name it "
                    "relative to it, e.g. logo: assets/logo.png",
                )
            )
    return problems


def _image_problems(doc: Document, world: World, path: Path_, relative: str) -> list[Diagnostic]:
    """An image the brief names, opened as the layout will open it (too large, not an image,
    a forged JPEG, an SVG with a DOCTYPE ...): its problems placed where the brief names it."""
    from briefing.materials.images import load_image

    try:
        load_image(world.read(relative), relative, format_path(path), 100.0, 100.0, "Helvetica")
    except BriefingError as exc:
        return _at(doc, path, exc, f"image '{relative}'")
    return []


def _at(doc: Document, path: Path_, exc: BriefingError, what: str) -> list[Diagnostic]:
    """The problems of a file the brief names, placed where the brief names it."""
    line, col = doc.position(path)
    found = []
    for d in exc.diagnostics:
        where = f" ({d.file}:{d.line}:{d.column})" if d.line else ""
        field = f" {d.field}:" if d.field and d.field != format_path(path) else ""
        message = f"{what}{where}:{field} {d.message}"
        found.append(Diagnostic(doc.name, line, col, format_path(path), message, d.hint))
    return found
