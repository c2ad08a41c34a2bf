"""Stage 3b, charts: a chart of the brief -> vector flowables for the main column
(:mod:`.plots`), with converted drawings kept between runs (:mod:`.drawings`).
"""
