"""briefing: turn a YAML brief into a print-ready PDF briefing.

The pipeline, one module per stage::

    read_brief (reader) -> validate (validate) -> build_layout (layout) -> render_pdf (render)
    -> write_pdf (output)

The typed model (``model``) knows nothing of ReportLab; layout and rendering consume it.
"""

__version__ = "0.1.0"

from briefing._startup import defer_imports, defer_reportlab_regex

# before anything imports ReportLab: see briefing/_startup.py
defer_reportlab_regex()
defer_imports()
