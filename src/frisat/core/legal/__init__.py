"""Legal quality: Ankestyrelsen's omgørelsesprocent per municipality, year and law area (issue 15).

The canonical table (:mod:`.schema`) comes from :mod:`frisat.io.talportal`; :mod:`.rates` turns it into
yearly rates with Wilson intervals, the national rate and funnel-plot positions; :mod:`.compare` puts a
municipality beside the national level and a comparison group; :mod:`.regression` is the analysts'
fixed-effects model. No prose here: notes are :class:`.schema.LegalNote` codes worded in
:mod:`frisat.reporting.legal`.
"""
