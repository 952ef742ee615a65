"""Det Fælles Designsystem (npm package ``dkfds``) as Django static files.

``scripts/install`` runs ``npm ci``, which puts the pinned package in ``node_modules/dkfds``. This
finder serves from its ``dist`` folder only the stylesheet and the files that stylesheet refers to
(IBM Plex Sans fonts, icons) under ``static/dkfds/`` — not the Sass sources, source maps, the other
themes or the 12 MB of font variants nobody loads. ``collectstatic`` (``frisat setup``) copies the
same files to STATIC_ROOT, from where WhiteNoise serves them: nothing is loaded from another host.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.contrib.staticfiles.utils import matches_patterns
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

PREFIX = "dkfds"
STYLESHEET = "css/dkfds.min.css"
SPRITE = "img/all-svg-icons.svg"  # the icons for <svg><use href="…#name">, as FDS's alerts use them
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")


def dist_dir() -> Path:
    """``settings.FRISAT_DKFDS_DIR``: the package's ``dist`` folder."""
    return Path(settings.FRISAT_DKFDS_DIR)


def stylesheet_files(dist: Path) -> list[str]:
    """The stylesheet, the icon sprite and every local file the stylesheet's ``url(...)`` refers to,
    relative to ``dist``."""
    css = (dist / STYLESHEET).read_text(encoding="utf-8")
    files = {STYLESHEET, SPRITE}
    for url in _URL.findall(css):
        if url.startswith(("data:", "#", "http:", "https:", "//")):
            continue
        path = (dist / Path(STYLESHEET).parent / url.split("?")[0].split("#")[0]).resolve()
        if path.is_relative_to(dist.resolve()) and path.is_file():
            files.add(path.relative_to(dist.resolve()).as_posix())
    return sorted(files)


class DesignSystemFinder(BaseFinder):
    """Finds ``dkfds/<path>`` in the installed package, for the files :func:`stylesheet_files` names."""

    @cached_property
    def storage(self) -> FileSystemStorage:
        storage = FileSystemStorage(location=dist_dir())
        storage.prefix = PREFIX  # collectstatic puts the files under static/dkfds/
        return storage

    @cached_property
    def files(self) -> frozenset[str]:
        try:
            return frozenset(stylesheet_files(dist_dir()))
        except FileNotFoundError:
            return frozenset()

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        if (dist_dir() / STYLESHEET).is_file():
            return []
        return [Error(f"Det Fælles Designsystem (npm-pakken dkfds) mangler i {dist_dir()}.",
                      hint="Kør bash scripts/install (den kører npm ci).", id="frisat.E001")]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        prefix = f"{PREFIX}/"
        found = ""
        if path.startswith(prefix) and path[len(prefix):] in self.files:
            found = str(dist_dir() / path[len(prefix):])
        if find_all or kwargs.get("all") or not found:
            return [found] if found else []  # as Django's finders: an empty list when not found
        return found

    def list(self, ignore_patterns: list[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for path in sorted(self.files):
            if not matches_patterns(path, ignore_patterns or []):
                yield path, self.storage
