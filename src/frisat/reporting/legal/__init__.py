"""Reporting of the legal-quality analysis (issue 15): wording, figures, rates.csv, XLSX, HTML/PDF.

Every rate shown here carries the seed's caveat (:data:`codes.APPEALS_ONLY_QUOTE`).
"""
