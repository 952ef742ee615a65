"""Import and export of the canonical data format (CSV, Excel, SPSS, Stata), templates and codebooks.

Example::

    from frisat.io import read_responses, write_responses

    result = read_responses("svar.csv", "vive-frisaettelse")
    for warning in result.warnings:
        print(warning)
    write_responses(result.frame, "svar.sav", "vive-frisaettelse")
"""

from frisat.io.codebook import codebook
from frisat.io.reading import ImportResult, read_responses
from frisat.io.template import write_template
from frisat.io.writing import write_responses

__all__ = ["ImportResult", "codebook", "read_responses", "write_responses", "write_template"]
