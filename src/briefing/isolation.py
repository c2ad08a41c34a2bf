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
    if environ is os.environ:
        skip_plugin_loader()


#: pydantic's plugin loader: a private module, named here only to stand in for it.
PLUGIN_LOADER = "pydantic.plugin._loader"


def skip_plugin_loader() -> None:
    """Stand in for pydantic's plugin loader, since plugins are off.

    With ``PYDANTIC_DISABLE_PLUGINS=__all__`` the loader finds no plugins, but importing it
    imports ``importlib.metadata`` (~10 ms). The stand-in answers as the loader would: no
    plugins. If pydantic moves its loader, the stand-in is simply never used.
    """
    if PLUGIN_LOADER not in sys.modules:
        stand_in = types.ModuleType(PLUGIN_LOADER, "pydantic's plugin loader, plugins off")
        stand_in.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules[PLUGIN_LOADER] = stand_in
