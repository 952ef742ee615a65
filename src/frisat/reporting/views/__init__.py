"""View models: the analysis results as tables, sentences and figure specifications, in a language.

One builder per table or sentence, used by both outputs: the report
(:mod:`frisat.reporting.report`, Jinja templates) and the web app's results page (Django
templates). The builders take the analysis objects as explicit arguments (``analysis``,
``extended``, ``overview``, ``panels``, ``followup_means``, ``comments``), select and format;
they compute no statistics. Texts go through :func:`frisat.reporting.language.tr`, so they are
written in the language of the surrounding :func:`frisat.reporting.language.use` block (Danish
by default).
"""

from frisat.reporting.views.model import Cell, FigureSpec, Row, Sentence, Table, figure_spec

__all__ = ["Cell", "FigureSpec", "Row", "Sentence", "Table", "figure_spec"]
