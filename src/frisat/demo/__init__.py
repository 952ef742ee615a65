"""Synthetic demo data — invented answers, clearly labelled, never real survey responses.

Respondent ids start with ``DEMO-``, comments with ``[Demo]``, and :data:`DEMO_NOTE` says (in
Danish) that the data are synthetic. Only the kommune and område names are real.
"""

from frisat.demo.names import KOMMUNER
from frisat.demo.synthetic import AREAS, DEMO_ID_PREFIX, DEMO_NOTE, generate_responses

__all__ = ["AREAS", "DEMO_ID_PREFIX", "DEMO_NOTE", "KOMMUNER", "generate_responses"]
