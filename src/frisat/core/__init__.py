"""Pure-Python core: instruments, the canonical data model and the analysis engine.

Nothing here imports Django; everything works in a notebook on a plain pandas DataFrame.
"""
