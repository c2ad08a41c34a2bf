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

import os
import sys
import types

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
