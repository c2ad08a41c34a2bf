"""The console: how every command prints and fails (shared by :mod:`cli` and :mod:`commands`).

Results go to stdout, diagnostics to stderr; colour only on a terminal and never with NO_COLOR.
Every command turns :class:`BriefingError` into its messages and exit status; anything else is a
bug, reported in one line (with a traceback only under ``--debug``). The clock is read here,
once, at the edge.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from briefing.errors import EXIT_CODES, BriefingError, DeliveryError, Diagnostic, MismatchError

F = TypeVar("F", bound=Callable[..., Any])

EPILOG_CODES = "\b\nExit status:\n" + "\n".join(
    f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items()
)


class Reporter:
    """Prints results (stdout) and diagnostics (stderr), in colour only where it is wanted."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet

    @staticmethod
    def _colour(stream: Any) -> bool:
        if os.environ.get("NO_COLOR"):
            return False
        return bool(getattr(stream, "isatty", lambda: False)())

    def _style(self, text: str, stream: Any, **style: Any) -> str:
        return click.style(text, **style) if self._colour(stream) else text

    def result(self, text: str) -> None:
        if not self.quiet:
            click.echo(text)

    def diagnostic(self, d: Diagnostic) -> None:
        if self.quiet and d.severity != "error":
            return
        err = sys.stderr
        where = self._style(d.location() + ":", err, bold=True)
        label = self._style(
            f"{d.severity}:", err, fg="red" if d.severity == "error" else "yellow", bold=True
        )
        field = f"{d.field}: " if d.field else ""
        rule = f" [{d.rule}]" if d.rule else ""
        click.echo(f"{where} {label} {field}{d.message}{rule}", err=True)
        if d.hint:
            click.echo(f"  {self._style('hint:', err, fg='cyan')} {d.hint}", err=True)

    def error(self, exc: BriefingError) -> None:
        if exc.diagnostics:
            for d in exc.diagnostics:
                self.diagnostic(d)
        else:
            click.echo(f"error: {exc.message}", err=True)


def _reporter() -> Reporter:
    ctx = click.get_current_context()
    return Reporter(quiet=bool((ctx.obj or {}).get("quiet")))


def handled(func: F) -> F:
    """Turn the tool's errors into messages and exit codes; never show a traceback for them."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        debug = bool((ctx.obj or {}).get("debug"))
        try:
            return func(*args, **kwargs)
        except BriefingError as exc:
            _reporter().error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("briefing: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug in briefing, by definition
            if debug:
                traceback.print_exc()
            click.echo(
                f"briefing: internal error: {type(exc).__name__}: {exc}"
                + ("" if debug else " (rerun with --debug for a traceback)"),
                err=True,
            )
            ctx.exit(70)

    return wrapper  # type: ignore[return-value]


def command_error(field: str, message: str, hint: str = "") -> DeliveryError:
    """A delivery error, named after the command that failed (send, preview or print)."""
    context = click.get_current_context(silent=True)
    command = context.info_name if context is not None and context.info_name else "briefing"
    return DeliveryError(message, (Diagnostic(command, 0, 0, field, message, hint),))


def given_pdf(pdf: Path, now: Any, whose: str, path: Path) -> bytes:
    """The bytes of a ``--pdf``, when the record it carries is ``now`` (the provenance of the
    brief or pack at ``path`` as it is now); else a :class:`MismatchError` saying it is not
    ``whose`` ('the briefing of x.yaml') and why."""
    from briefing.provenance import mismatch, read_provenance

    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise command_error("--pdf", f"cannot read {pdf}: {exc.strerror or exc}") from None
    why = mismatch(read_provenance(data), now)
    if why is not None:
        raise MismatchError(
            f"{pdf} is not {whose}",
            (
                Diagnostic(
                    str(pdf),
                    0,
                    0,
                    "--pdf",
                    f"not {whose} as it is now: {why}; nothing was done",
                    f"build it with: briefing build {path} (or leave out --pdf: the PDF "
                    "is built when it is missing or out of date)",
                ),
            ),
        )
    return data


def generation_time() -> datetime:
    """The clock, read once at the edge: SOURCE_DATE_EPOCH if set, else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise click.UsageError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds since 1970"
            ) from None
    return datetime.now(UTC).replace(microsecond=0)


def output_path(raw: str | None, brief: Path, suffix: str) -> Path | None:
    """Where ``-o`` puts the file made from ``brief``.

    A value ending in a slash, or naming a folder that exists, is a folder (created when the
    file is written) holding ``<name><suffix>``; a value ending in ``suffix`` (any case) is the
    file itself; anything else is refused as a usage error rather than guessed at, so that
    ``-o newdir`` never leaves a PDF called ``newdir``. None is the command's default.
    """
    if raw is None:
        return None
    path = Path(raw)
    if raw.endswith(("/", os.sep)) or path.is_dir():
        return path / f"{brief.stem}{suffix}"
    if path.suffix.lower() != suffix:
        kind = suffix.lstrip(".").upper()
        raise click.UsageError(
            f"-o {raw}: neither a folder nor a {suffix} file; "
            f"write -o {raw}/ for a folder (created if missing) "
            f"or -o {path.with_suffix(suffix) if path.suffix else raw + suffix} for the {kind} file"
        )
    return path
