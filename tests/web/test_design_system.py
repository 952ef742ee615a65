"""The FDS finder (frisat.web.design_system) serves the stylesheet, the icon sprite and exactly the
files the stylesheet refers to — not the Sass sources, source maps or unused fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from frisat.web.design_system import PREFIX, SPRITE, STYLESHEET, DesignSystemFinder, dist_dir

FINDER = "frisat.web.design_system.DesignSystemFinder"


def referenced_by_plain_search(dist: Path) -> set[str]:
    """Every file under fonts/ and img/ whose path (as ``../<path>``) occurs in the stylesheet."""
    css = (dist / STYLESHEET).read_text(encoding="utf-8")
    found = set()
    for path in dist.rglob("*"):
        rel = path.relative_to(dist).as_posix()
        if path.is_file() and rel.startswith(("fonts/", "img/")) and f"../{rel}" in css:
            found.add(rel)
    return found


def test_the_package_is_installed_where_settings_say():
    assert (dist_dir() / STYLESHEET).is_file()
    assert DesignSystemFinder().check() == []


def test_exactly_the_stylesheet_the_sprite_and_what_the_stylesheet_refers_to_are_served():
    listed = {path for path, _ in finders.get_finder(FINDER).list(None)}
    expected = {STYLESHEET, SPRITE} | referenced_by_plain_search(dist_dir())
    assert listed == expected
    assert any(p.endswith(".woff2") for p in listed) and any(p.startswith("img/svg-icons/") for p in listed)
    assert not any(p.endswith((".map", ".scss", ".otf")) or "/split/" in p for p in listed)


def test_the_finder_finds_listed_files_only():
    assert finders.find(f"{PREFIX}/{STYLESHEET}") == str(dist_dir() / STYLESHEET)
    assert finders.find(f"{PREFIX}/css/dkfds.min.css.map") is None
    assert finders.find(f"{PREFIX}/scss/dkfds.scss") is None
    assert finders.find(STYLESHEET) is None  # only under the prefix
    assert DesignSystemFinder().find(f"{PREFIX}/{STYLESHEET}", find_all=True) == [str(dist_dir() / STYLESHEET)]


def test_a_missing_package_is_a_system_check_error(settings, tmp_path):
    settings.FRISAT_DKFDS_DIR = tmp_path / "missing"
    errors = DesignSystemFinder().check()
    assert [e.id for e in errors] == ["frisat.E001"] and "npm" in errors[0].hint + errors[0].msg


def test_collectstatic_copies_the_files_under_static_dkfds(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("collectstatic", interactive=False, verbosity=0)
    copied = {p.relative_to(tmp_path / "static" / PREFIX).as_posix()
              for p in (tmp_path / "static" / PREFIX).rglob("*") if p.is_file()}
    assert copied == {STYLESHEET, SPRITE} | referenced_by_plain_search(dist_dir())
    assert (tmp_path / "static" / PREFIX / STYLESHEET).read_bytes() == (dist_dir() / STYLESHEET).read_bytes()


@pytest.mark.parametrize("page", ["/login/"])
def test_every_page_links_the_fds_stylesheet_before_frisats_own(client, page):
    html = client.get(page).content.decode()
    fds = html.index('href="/static/dkfds/css/dkfds.min.css"')
    assert fds < html.index('href="/static/frisat/frisat.css"')
