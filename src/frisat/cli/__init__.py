"""The ``frisat`` command line: one entry point for everything a user scripts."""
