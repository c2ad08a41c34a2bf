"""``python -m briefing``: the same command line as the ``briefing`` script."""

from briefing.shell.isolation import drop_working_directory_from_path

drop_working_directory_from_path()  # before anything else is imported

from briefing.shell.entry import run  # noqa: E402  (after the working directory left sys.path)

if __name__ == "__main__":
    run()
