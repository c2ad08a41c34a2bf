"""Every use of another library's internals, in one place: one module per library.

Where a library has a public API for what briefing needs, the code uses it; where it has none,
the code calls a function here, whose module docstring says which private attribute, of which
class, in which version range it relies on. ``pyproject.toml`` pins those libraries from above
to that range, and ``tests/test_internals.py`` is the tripwire that fails when one changes.
Nothing here patches a library: these functions read, or set on objects of our own making,
what the library itself reads.
"""
