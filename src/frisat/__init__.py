"""Frisat — measure local liberation (lokal frisættelse) in Danish municipalities."""

__version__ = "0.1.0"
