"""The command line: a thin shell over the pipeline (:mod:`briefing.pipeline`).

The group and the commands that make and check PDFs live here; the delivery commands (send,
preview, print) in :mod:`briefing.shell.commands`; how every command prints and fails in
:mod:`briefing.shell.console`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from briefing import __version__
from briefing.errors import BriefingError, Diagnostic
from briefing.shell.console import (
    EPILOG_CODES,
    _reporter,
    generation_time,
    handled,
    output_path,
)


class _Group(click.Group):
    """The group, with the commands of other modules (send, preview, print: shell/commands.py;
    diff: shell/diff.py) imported when one is run or listed (click's public ``list_commands``
    and ``get_command``): a build does not import them (~3 ms of every build)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_ELSEWHERE})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # an unknown name adds them all: click's "Did you mean" looks among ``commands``
            for name in (cmd_name,) if cmd_name in _ELSEWHERE else _ELSEWHERE:
                if name not in self.commands:
                    command = _elsewhere(name)
                    _take_group_flags(command)
                    self.add_command(command)
        return super().get_command(ctx, cmd_name)


#: The commands defined in other modules, by name.
_ELSEWHERE = ("send", "preview", "print", "diff")


def _elsewhere(name: str) -> click.Command:
    if name == "diff":
        from briefing.shell.diff import diff

        return diff
    from briefing.shell.commands import preview, print_, send

    return {"send": send, "preview": preview, "print": print_}[name]


@click.group(
    cls=_Group, epilog=EPILOG_CODES, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", prog_name="briefing")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool, debug: bool) -> None:
    """Turn a YAML brief into a print-ready PDF briefing.

    Every command that takes a brief also takes a pack file (several briefs for one meeting,
    printed and mailed as one document: briefing new --pack).

    \b
    Example:
      briefing new my-brief.yaml
      briefing check my-brief.yaml
      briefing build my-brief.yaml        # writes output/my-brief.pdf
    """
    ctx.ensure_object(dict)
    ctx.obj.update(quiet=quiet, debug=debug)


# --------------------------------------------------------------------------- build


@cli.command(
    epilog="\b\nExample:\n  briefing build briefs/syria-withdrawal.yaml\n"
    "  briefing build briefs/*.yaml -o out/ -j 2"
)
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output PDF (one brief) or folder (several, or any path ending in '/'). "
    "Default: output/<name>.pdf",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Build this many briefs in parallel processes.",
)
@handled
def build(briefs: tuple[Path, ...], output: str | None, jobs: int) -> None:
    """Build each BRIEF (or pack) into a PDF (atomically: a failed build keeps the previous PDF).

    Briefs that would write the same file (a/brief.yaml and b/brief.yaml into one folder)
    are refused before anything is built: exit status 2, a usage error.
    """
    import time

    from briefing.shell.jobs import build_many, clashes

    report = _reporter()
    generated = generation_time()
    started = time.perf_counter()
    failed = worst = 0
    many = len(briefs) > 1
    progress = _Progress(len(briefs)) if many and not report.quiet else None
    target = Path(output) if many and output is not None else output_path(output, briefs[0], ".pdf")
    same = clashes(list(briefs), target)
    if same:  # a usage error (exit 2): nothing is built
        raise click.UsageError(
            "; ".join(f"{a} and {b} would both write {file}" for a, b, file in same)
            + ": nothing was built (build them into different folders with -o, or rename one)"
        )
    for done, outcome in enumerate(build_many(list(briefs), target, generated, jobs), 1):
        for warning in outcome.warnings:
            report.diagnostic(warning)
        if outcome.error is not None:
            if not many:
                raise outcome.error
            report.error(outcome.error)
            failed += 1
            worst = worst or outcome.error.exit_code
        else:
            report.result(outcome.line)
        if progress is not None:
            progress.update(done, failed)
    if progress is not None:
        progress.close()
    if many:
        elapsed = time.perf_counter() - started
        summary = f"built {len(briefs) - failed} of {len(briefs)} briefs in {elapsed:.1f} s"
        report.result(summary + (f" ({failed} failed)" if failed else ""))
    if worst:
        click.get_current_context().exit(worst)


class _Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.live = bool(getattr(sys.stderr, "isatty", lambda: False)())

    def update(self, done: int, failed: int) -> None:
        if not self.live:
            return
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        note = f", {failed} failed" if failed else ""
        sys.stderr.write(f"\r[{bar}] {done}/{self.total}{note}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.live:
            sys.stderr.write("\n")


@cli.command(epilog="\b\nExample:\n  briefing watch briefs/syria-withdrawal.yaml")
@click.argument("brief", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Output PDF, or a folder ending in '/'. Default: output/<name>.pdf",
)
@handled
def watch(brief: Path, output: str | None) -> None:
    """Rebuild BRIEF every time it is saved, printing the fit report or the error. Ctrl-C stops.

    A pack is rebuilt when the pack file or any of its briefs (or their files) changes."""
    import time

    from briefing.shell.jobs import Outcome
    from briefing.shell.jobs import watch as watch_brief

    report = _reporter()

    def show(outcome: Outcome) -> None:
        stamp = time.strftime("%H:%M:%S")
        for warning in outcome.warnings:
            report.diagnostic(warning)
        if outcome.error is not None:
            click.echo(f"[{stamp}] build failed:", err=True)
            report.error(outcome.error)
        else:
            report.result(f"[{stamp}] {outcome.line}")

    report.result(f"watching {brief} (Ctrl-C to stop)")
    try:
        target = output_path(output, brief, ".pdf")
        watch_brief(brief, target, generation_time, show, stop=lambda: False)
    except KeyboardInterrupt:
        report.result("stopped watching")


# --------------------------------------------------------------------------- check


@cli.command(
    epilog="\b\nExample:\n  briefing check briefs/*.yaml\n"
    "  briefing check --strict --format sarif briefs/*.yaml > briefing.validate.sarif"
)
@click.argument("briefs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif"]),
    default="text",
    show_default=True,
    help="How to print the diagnostics (json and sarif go to stdout).",
)
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, e.g. of the lint.")
@click.option(
    "--fit",
    is_flag=True,
    help="Also lay the brief out; exit 3 with the report of where the space goes if it does "
    "not fit (one page, or flow as the brief says).",
)
@handled
def check(briefs: tuple[Path, ...], fmt: str, strict: bool, fit: bool) -> None:
    """Validate each BRIEF, and lint its tradecraft; with --fit, lay it out too.

    A pack: every brief in it as if alone, each problem at its own file and line, then the
    pack's own rules (its keys, its briefs' paths, markings it cannot rank, mixed paper).

    Exit 0 when all are valid; lint warnings (claims restated without their party, judgement
    in the facts, ...) do not fail unless --strict is given; a brief that does not fit its page
    exits 3 (with --fit).
    """
    from briefing.packs.detect import is_pack
    from briefing.pipeline import load_brief
    from briefing.shell.packs import check_brief, check_pack
    from briefing.world.disk import DiskWorld

    report = _reporter()
    found: list[Diagnostic] = []
    worst = 0
    for path in briefs:
        if is_pack(path):  # every brief of it, then the pack's own rules
            more, status = check_pack(path, report, fmt, strict, fit)
            found.extend(more)
            worst = worst or status
            continue
        try:
            world = DiskWorld(path, clock=generation_time)  # as build makes it
            doc, brief = load_brief(world)
            warnings, status = check_brief(str(path), doc, brief, world, report, fmt, strict, fit)
            found.extend(warnings)
            worst = worst or status
        except BriefingError as exc:
            worst = worst or exc.exit_code
            found.extend(exc.diagnostics)
            if fmt == "text":
                report.error(exc)
    if fmt == "json":
        click.echo(json.dumps([d.to_json() for d in found], indent=2, ensure_ascii=False))
    elif fmt == "sarif":
        from briefing.validate.sarif import to_sarif

        click.echo(json.dumps(to_sarif(found), indent=2, ensure_ascii=False))
    if worst:
        click.get_current_context().exit(worst)


# --------------------------------------------------------------------------- schema, new


@cli.command(
    epilog="\b\nExample:\n  briefing schema > brief.schema.json\n"
    "  briefing schema --pack > pack.schema.json"
)
@click.option("--pack", "of_pack", is_flag=True, help="The schema of a pack file instead.")
@handled
def schema(of_pack: bool) -> None:
    """Print the JSON Schema of the brief format, or of a pack file (for editors and CI)."""
    if of_pack:
        from briefing.packs.schema import pack_schema

        click.echo(json.dumps(pack_schema(), indent=2, ensure_ascii=False))
        return
    from briefing.validate.schema import brief_schema

    click.echo(json.dumps(brief_schema(), indent=2, ensure_ascii=False))


@cli.command(
    epilog="\b\nExample:\n  briefing new briefs/port-strike.yaml\n"
    "  briefing new --pack briefs/morning.yaml"
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.option("--pack", "of_pack", is_flag=True, help="A starter pack file instead of a brief.")
@handled
def new(path: Path, force: bool, of_pack: bool) -> None:
    """Write a commented starter brief to PATH, showing every key of the format (with
    --pack, a starter pack file: several briefs printed and mailed as one document)."""
    from importlib.resources import files

    from briefing.errors import OutputError
    from briefing.write import write_pdf

    if path.exists() and not force:
        raise OutputError(
            f"{path} exists",
            (
                Diagnostic(
                    str(path), 0, 0, "", "the file exists already", "use --force to overwrite it"
                ),
            ),
        )
    starter = "starter-pack.yaml" if of_pack else "starter.yaml"
    text = files("briefing").joinpath(starter).read_bytes()
    write_pdf(text, path)  # the same atomic write
    what = "starter pack" if of_pack else "starter brief"
    after = "list your briefs in it" if of_pack else "edit it"
    _reporter().result(f"{path}: {what} written; {after}, then: briefing build {path}")


def main(argv: list[str] | None = None, prog_name: str = "briefing") -> None:
    """The command line (the ``briefing`` script and ``python -m briefing`` run it through
    :func:`briefing.shell.entry.run`)."""
    from briefing.shell.isolation import (
        fewer_collections,
        scrub_environment,
        shield_reportlab_settings,
    )

    scrub_environment()
    shield_reportlab_settings()  # before anything imports ReportLab
    with fewer_collections():
        try:
            cli.main(args=argv, prog_name=prog_name)
        except KeyboardInterrupt:  # outside a command (while starting up): still one line
            click.echo("briefing: interrupted", err=True)
            sys.exit(130)


def _set_flag(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Record ``-q``/``--debug`` given after the command name, as if given before it."""
    if value and param.name:
        ctx.ensure_object(dict)[param.name] = True


def _take_group_flags(command: click.Command) -> None:
    """``briefing build -q x.yaml`` means what ``briefing -q build x.yaml`` means: every command
    takes the group's two flags too (Command.params is click's public list of a command's
    parameters)."""
    command.params.append(
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag,
            help="Print nothing but errors.",
        )
    )
    command.params.append(
        click.Option(
            ["--debug"],
            is_flag=True,
            expose_value=False,
            callback=_set_flag,
            help="Show a traceback for internal errors.",
        )
    )


for _command in cli.commands.values():  # the commands of this module; _Group adds the others'
    _take_group_flags(_command)
