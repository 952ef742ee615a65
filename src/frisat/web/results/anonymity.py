"""The combination audit of the results pages now lives in :mod:`frisat.core.anonymity` and is
applied by :func:`frisat.core.results.compute`; these names remain for existing imports."""

from frisat.core.anonymity import (  # noqa: F401
    ATOM_COLUMNS,
    FILTER_DIMENSIONS,
    LEVELS,
    OTHER_LABEL,
    Decision,
    Disclosure,
    atom_keys,
    chain_audit,
    decide,
    disclosure_for,
    merge_groups,
    other_label,
    subset_mask,
)
