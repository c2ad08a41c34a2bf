"""svglib's own node classes, copied so that a kept chart is drawn without importing svglib
(svglib 1.5 to 2.3; pinned ``<2.4``).

svglib draws an SVG as ReportLab shapes, and two of them are classes of its module
``svglib.svglib`` that it does not document: ``NoStrokePath`` (a filled path whose
``getProperties`` drops the stroke) and ``ClippingPath`` (a path that only clips: no fill, no
stroke). The chart cache (:mod:`briefing.charts.drawings`) keeps drawings by their class names
and rebuilds them with these copies, which must draw as svglib's do;
``tests/test_internals.py`` compares them with svglib's.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Path

#: The module svglib's node classes live in.
SVGLIB_MODULE = "svglib.svglib"


class NoStrokePath(Path):  # type: ignore[misc]
    """svglib's ``NoStrokePath``: a filled path drawn without a stroke (same properties)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = super().getProperties(*args, **kwargs)
        if "strokeWidth" in props:
            props["strokeWidth"] = 0
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props


class ClippingPath(Path):  # type: ignore[misc]
    """svglib's ``ClippingPath``: a path that only clips (same properties)."""

    def getProperties(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        props: dict[str, Any] = Path.getProperties(self, *args, **kwargs)
        if "fillColor" in props:
            props["fillColor"] = None
        if "strokeColor" in props:
            props["strokeColor"] = None
        return props
