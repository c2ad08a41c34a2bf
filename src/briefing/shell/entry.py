"""The entry point of the ``briefing`` script and ``python -m briefing``: the command line
(:func:`briefing.shell.cli.main`) in a process of its own.

A module of its own, importing nothing heavy, so that the collector's thresholds are raised
(:func:`~briefing.shell.isolation.fewer_collections`) before the command line's first import:
the modules a command imports are most of what it allocates.
"""

from __future__ import annotations

from briefing.shell.isolation import end_without_collecting, fewer_collections


def run() -> None:
    """The command line in a process of its own, with fewer collections from its first import
    on and none at its end (see :mod:`briefing.shell.isolation`)."""
    with fewer_collections():
        from briefing.shell.cli import main

        try:
            main(prog_name="briefing")
        finally:
            end_without_collecting()
