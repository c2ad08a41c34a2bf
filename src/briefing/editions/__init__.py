"""Editions: what changed between two validated briefs (part 3 of the format).

A stage of its own, between validation and layout: a function of two :class:`~briefing.model.Brief`
values, knowing nothing of ReportLab. Its one change list feeds the "What changed since edition
N" box and the change bars (layout), ``briefing diff`` (the shell), ``briefing check``'s edition
rules (validate) and the e-mail (deliver).
"""
