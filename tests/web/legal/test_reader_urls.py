"""The demo politician (role «læser») against every staff URL of the site: never a server error, never a
respondent's e-mail address; the legal pages answer as documented (docs/overview.md)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from frisat.web.audits.models import Process, Requirement
from frisat.web.demo_site import DEMO_MUNICIPALITY, build_demo_site
from frisat.web.organisations.models import Municipality
from frisat.web.rounds.models import Respondent, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            space = f"{ns}:{entry.namespace}" if ns and entry.namespace else (entry.namespace or ns)
            yield from _patterns(entry, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{ns}:{entry.name}" if ns else entry.name), entry.pattern.converters


def test_reader_never_sees_respondent_data_on_any_staff_url(client, data_dir):
    login = build_demo_site()
    municipality = Municipality.objects.get(name=DEMO_MUNICIPALITY)
    emails = [e for e in Respondent.objects.filter(round__municipality=municipality).values_list("email", flat=True)
              if e]
    assert emails
    candidates = {"int": [municipality.pk,
                          *Round.objects.filter(municipality=municipality).values_list("pk", flat=True)[:1],
                          *Process.objects.filter(municipality=municipality).values_list("pk", flat=True)[:1],
                          *Requirement.objects.filter(municipality=municipality).values_list("pk", flat=True)[:1]]}
    client.login(username=login.politician, password=login.password)
    checked = 0
    for name, converters in _patterns(get_resolver()):
        if name.startswith(("admin", "s:", "survey", "login", "logout", "password", "set_language")) or any(
                type(c).__name__ != "IntConverter" for c in converters.values()):
            continue
        for pk in candidates["int"] if converters else [None]:
            try:
                url = reverse(name, kwargs={k: pk for k in converters}) if converters else reverse(name)
            except Exception:
                continue
            response = client.get(url)
            checked += 1
            assert response.status_code < 500, url
            body = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
            assert not any(e in body for e in emails), url
    assert checked > 20
    pk = municipality.pk
    assert client.get(reverse("legal:overview", args=[pk])).status_code == 200
    assert client.get(reverse("legal:import")).status_code == 403
    assert client.get(reverse("legal:settings", args=[pk])).status_code == 404
