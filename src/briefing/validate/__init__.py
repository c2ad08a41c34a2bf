"""Stage 2, validate: a read :class:`~briefing.read.Document` -> a typed, frozen
:class:`~briefing.model.Brief`, every problem positioned (:mod:`.checks`), and the
tradecraft lint (:mod:`.lint`). Also the JSON Schema of the format (:mod:`.schema`).
"""
