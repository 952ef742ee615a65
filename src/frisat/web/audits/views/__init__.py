"""Pages of the friktionseftersyn, one module per page family: processes and their journey
(:mod:`.process_journey`), the employees' marking links (:mod:`.marking`), the live workshop screen
(:mod:`.workshop`), decisions and ideas (:mod:`.decisions`), the register (:mod:`.register`), and the
burden overview and one-page summary (:mod:`.summary`); :mod:`.shared` holds the lookups and labels
they share.

Thin, like the other staff pages: objects are looked up through the access selectors of
:mod:`frisat.web.audits.selectors` (``visible_*`` to look, ``managed_*`` to change), so another
kommune's process or requirement is a 404; every change goes through
:mod:`frisat.web.audits.services` (or :mod:`~frisat.web.audits.ui_services`, which only combines
them in one transaction); every number comes from the selectors (burden via
:mod:`frisat.core.burden`).
"""
