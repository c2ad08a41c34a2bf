"""Stage 3, layout: a valid brief, its theme and fonts -> a measured
:class:`~briefing.layout.fit.Layout` (flowables placed in page regions at one scale).

:mod:`.fit` chooses the scale and measures (:mod:`.measure` places flowables as platypus
does, :mod:`.beside` ends the column beside the sidebar where its content ends); :mod:`.story`
builds the flowables from the brief; the other modules are what the story is made of (styles,
the grid boxes span, how headings flow on, text, right-to-left text, tables, figures, images).
"""
