"""The results page's figures as their own image URLs (issue 12 item 9): the page is not rasterised,
each image is served with the page's access rules, one bundle per view serves every image, and a new
answer is a new view."""

from __future__ import annotations

import re
import struct

import numpy as np
import pytest
from django.urls import reverse
from matplotlib.figure import Figure

from frisat.web.organisations.models import Membership
from frisat.web.results import pipeline, presentation
from tests.web.helpers import make_user

from .helpers import add_responses, unit_named


def page(client, round_, **params):
    return client.get(reverse("results:detail", args=[round_.pk]), {"boelge": round_.pk, **params})


def image_urls(html: str) -> list[tuple[str, int, int]]:
    found = re.findall(r'<img src="([^"]+)" width="(\d+)" height="(\d+)"', html)
    return [(src.replace("&amp;", "&"), int(w), int(h)) for src, w, h in found]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def counts(monkeypatch):
    calls = {"compute": 0, "draw": 0, "savefig": 0, "figure": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(pipeline, "compute", counted("compute", pipeline.compute))
    monkeypatch.setattr(presentation, "draw_figures", counted("draw", presentation.draw_figures))
    monkeypatch.setattr(Figure, "savefig", counted("savefig", Figure.savefig))
    monkeypatch.setattr(Figure, "__init__", counted("figure", Figure.__init__))
    return calls


def alt_texts(html: str) -> list[str]:
    return re.findall(r'<img src="[^"]+" width="\d+" height="\d+" alt="([^"]*)"', html)


def test_the_page_makes_no_matplotlib_figure_and_each_image_is_drawn_once(analyst_client, round_a, counts):
    """Issue 12 item 1: the page's alt texts and captions come from the figures' data; matplotlib is
    called once per image, by the image requests."""
    html = page(analyst_client, round_a, grupper="omraade").content.decode()
    urls = image_urls(html)
    alts = alt_texts(html)
    assert len(alts) == len(urls) >= 8 and all(len(alt) > 40 for alt in alts)
    assert counts["figure"] == 0 and counts["savefig"] == 0
    for src, _width, _height in urls:
        assert analyst_client.get(src).status_code == 200
    assert counts["figure"] == len(urls) and counts["savefig"] == len(urls)
    page(analyst_client, round_a, grupper="omraade")  # the page again: still no drawing
    assert counts["figure"] == len(urls)


def test_the_page_draws_no_pixels_and_every_image_is_served_at_its_size(analyst_client, round_a, counts):
    response = page(analyst_client, round_a)
    html = response.content.decode()
    urls = image_urls(html)
    assert len(urls) >= 3 and counts["savefig"] == 0 and counts["compute"] == 1
    assert html.count("<img") == len(urls)  # every figure has width and height
    for src, width, height in urls:
        got = analyst_client.get(src)
        assert got.status_code == 200 and got["Content-Type"] == "image/png"
        assert png_size(got.content) == (width, height)
        assert "private" in got["Cache-Control"]
    # one bundle for the page and all its images; the figures drawn once with pixels, once without
    assert counts["compute"] == 1 and counts["draw"] == 2 and counts["savefig"] >= len(urls)


def test_images_follow_the_access_rules_of_the_page(client, analyst_client, round_a, round_b, aarhus):
    src = image_urls(page(analyst_client, round_a).content.decode())[0][0]
    assert analyst_client.get(src).status_code == 200
    analyst_client.logout()
    assert client.get(src).status_code == 302  # login first
    client.force_login(make_user("aage", aarhus, role=Membership.Role.ANALYST))
    assert client.get(src).status_code == 404  # another kommune's round
    client.force_login(make_user("ruth", round_a.municipality, role=Membership.Role.READER))
    assert client.get(src).status_code == 200  # the reader sees the report's figures


def test_a_refused_subset_serves_no_image(analyst_client, round_a):
    src = image_urls(page(analyst_client, round_a).content.decode())[0][0]
    small = unit_named(round_a.municipality, "skole", "Fælles Køkken")  # 3 answers < k
    refused = src.split("?")[0] + f"?boelge={round_a.pk}&enhed={small.pk}"
    assert analyst_client.get(refused).status_code in (403, 404)
    assert analyst_client.get(src.split("?")[0].replace(".png", "x.png") + "?" + src.split("?")[1]).status_code == 404


def test_a_new_answer_is_a_new_view(analyst_client, round_a, counts):
    first = image_urls(page(analyst_client, round_a).content.decode())
    page(analyst_client, round_a)
    assert counts["compute"] == 1  # the same view: kept
    add_responses(round_a, unit_named(round_a.municipality, "skole", "Støvring Skole"), "medarbejder", 1,
                  np.random.default_rng(9))
    second = image_urls(page(analyst_client, round_a).content.decode())
    assert counts["compute"] == 2 and first[0][0] != second[0][0]  # the URL carries the data version
