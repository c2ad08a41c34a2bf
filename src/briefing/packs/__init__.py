"""Packs: several briefs taken to one meeting, printed and mailed as one document (part 4 of
the format). ``packs.model`` is the pack file's typed model; building a pack composes the same
layout and render stages a single brief uses.
"""
