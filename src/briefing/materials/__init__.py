"""What the page is made of, shared by the stages above: below every stage, importing none.

Fonts and their registration (:mod:`.fonts`), text handling and glyph coverage (:mod:`.text`),
the bidi algorithm's levels (:mod:`.bidi`) and HarfBuzz shaping (:mod:`.shaping`), image and SVG
decoding (:mod:`.images`), the citation syntax ``[id]`` (:mod:`.citations`) and a table cell's
printed form (:mod:`.cells`). validate, charts, layout, render and deliver import these; these
import only the base modules (errors, model, numbers, dates, markings, theme) and each other.
"""
