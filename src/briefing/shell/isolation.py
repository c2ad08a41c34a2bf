"""The command line's own process: keep the working directory and stray settings out of it.

Used only by the ``briefing`` command and ``python -m briefing`` (never by ``import briefing``:
a library leaves the process of whoever imports it as it found it). The tool must print the
same PDF whatever folder it runs in and whoever runs it, and run nothing it finds there.

ReportLab reads settings when it is first imported (``reportlab/rl_config.py``): it imports a
module named ``reportlab_settings`` from ``sys.path`` (the working directory, under
``python -m``), and if there is none it *executes* ``~/.reportlab_settings``; it also reads
``RL_*`` environment variables. Its documented way to give settings is that module, so the
command line gives it one: :func:`shield_reportlab_settings` registers an empty
``reportlab_settings`` module before ReportLab is imported. This is the one place the tool
touches ``sys.modules``, in its own process only, and ``tests/test_no_patches.py`` fails loudly
if ReportLab changes how it finds its settings.
"""

from __future__ import annotations

import gc
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

#: The module ReportLab imports for its settings (and, failing that, runs the home file).
SETTINGS_MODULE = "reportlab_settings"


def shield_reportlab_settings() -> bool:
    """Give ReportLab an empty settings module, so that no settings file is run or read.

    Works only before ReportLab is imported (as in the ``briefing`` command); in a process that
    imported ReportLab already (a program calling
    :func:`briefing.shell.cli.main`), its settings were read by then, by that program's choice:
    nothing is changed, and False says so.
    """
    if "reportlab" in sys.modules:
        return False
    module = types.ModuleType(SETTINGS_MODULE, "briefing: no ReportLab settings from files")
    sys.modules.setdefault(SETTINGS_MODULE, module)
    return True


def drop_working_directory_from_path() -> None:
    """``python -m`` puts the working directory first on sys.path; take it out."""
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]


def scrub_environment(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Remove variables that would change how ReportLab or matplotlib behave.

    Also turns pydantic plugins off (its public switch): a plugin installed on the machine
    would see, and could change, the validation of every brief.
    """
    for key in [k for k in environ if k.startswith("RL_")]:
        del environ[key]
    environ.pop("MPLBACKEND", None)
    environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"


#: How many allocations the collector lets pass between collections of its youngest
#: generation while a command runs (Python's default is 700).
YOUNGEST = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while a command runs; put the thresholds back after.

    A build allocates millions of short-lived objects, nearly all freed at once by their
    reference counts; at Python's default threshold the cycle collector still ran ~130 times
    in a rebuild of the example, one of them over the whole heap (~50 ms of ~700), walking the
    modules just imported again and again. At 100,000 a rebuild of the example runs none (a
    pack of four briefs, two). Cycles are still collected: a watch or a pack of many briefs
    does not grow without bound. The thresholds are the process's: a program calling
    :func:`briefing.shell.cli.main` gets its own back when the command returns or fails.
    """
    before = gc.get_threshold()
    gc.set_threshold(YOUNGEST, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def end_without_collecting() -> None:
    """The command's own process ends now: move every object out of the collector's sight.

    Python's shutdown collects cyclic garbage over the whole heap before it frees the modules
    (~30 ms a pass after a build: the parsed fonts, pydantic's classes, ReportLab's tables),
    work whose only result is memory the process is about to give back. ``gc.freeze`` (the
    public switch for this, made for processes that fork) leaves those objects to be freed by
    their reference counts alone; exit handlers still run and files are still flushed and
    closed, unlike ``os._exit``. Only for the ``briefing`` command and ``python -m briefing``,
    after the command: never in a program that imports briefing.
    """
    gc.freeze()
