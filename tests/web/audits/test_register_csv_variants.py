"""The register's CSV in two variants (issue 13): for Excel (``;``, decimal comma, BOM) and data for
R/pandas (``,``, decimal point, no BOM), with the same cells; the file name keeps æ, ø and å."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

import pandas as pd
import pytest
from django.urls import reverse

from frisat.web.audits.demo import build_demo_audit
from frisat.web.organisations.models import Membership, Municipality
from tests.web.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_register_for_excel_and_for_pandas(client):
    municipality = Municipality.objects.create(name="Ærø")
    user = make_user("lene", municipality, role=Membership.Role.ADMIN)
    build_demo_audit(municipality, decided_by=user)
    client.login(username="lene", password=PASSWORD)
    query = {"municipality": municipality.pk}
    excel = client.get(reverse("audits:register_export", args=["csv"]), query)
    data = client.get(reverse("audits:register_export", args=["data.csv"]), query)
    assert excel.status_code == data.status_code == 200
    name = unquote(excel["Content-Disposition"].split("''", 1)[1])
    assert name.startswith("register-Ærø-") and name.endswith("-excel.csv")
    assert unquote(data["Content-Disposition"].split("''", 1)[1]).endswith("-data.csv")
    assert excel.content.startswith(b"\xef\xbb\xbf") and not data.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";"))
    frame = pd.read_csv(io.BytesIO(data.content), dtype=str, keep_default_na=False)
    assert rows[0] == list(frame.columns) and len(rows) - 1 == len(frame) > 0
    commas = 0
    for row, (_i, expected) in zip(rows[1:], frame.iterrows(), strict=True):
        for cell, value in zip(row, expected, strict=True):
            assert cell == value or cell == value.replace(".", ",")
            commas += cell != value
    assert commas > 0  # hours with a decimal comma for Excel, a point for pandas
