"""Keep the working directory and stray settings out of the build.

ReportLab imports a ``reportlab_settings`` module from ``sys.path`` (the working directory,
under ``python -m``) and otherwise executes ``~/.reportlab_settings``; it also reads ``RL_*``
environment variables (``RL_trustedHosts`` ...). The tool must print the same PDF whatever the
folder it runs in, and run nothing it finds there.
"""

from __future__ import annotations

import os
import sys
import types


def shield_reportlab_settings() -> None:
    """Make ``from reportlab_settings import *`` find an empty module (before ReportLab loads)."""
    if "reportlab" not in sys.modules:
        sys.modules.setdefault("reportlab_settings", types.ModuleType("reportlab_settings"))


def drop_working_directory_from_path() -> None:
    """``python -m`` puts the working directory first on sys.path; take it out."""
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]


def scrub_environment(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Remove variables that would change how ReportLab or matplotlib behave.

    Also turns pydantic plugins off: a plugin installed on the machine would see, and could
    change, the validation of every brief, and finding plugins reads the metadata of every
    installed package (10-20 ms of each start).
    """
    for key in [k for k in environ if k.startswith("RL_")]:
        del environ[key]
    environ.pop("MPLBACKEND", None)
    environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
