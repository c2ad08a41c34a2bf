"""briefing: turn a YAML brief into a print-ready PDF briefing.

Importing this package changes nothing in the importing process: no patches of other
libraries, no stand-ins in ``sys.modules``. The pipeline is walked in :mod:`briefing.pipeline`.
"""

__version__ = "0.1.0"
