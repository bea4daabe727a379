"""Blank import templates (issue 17 item 6): every importable model offers an xlsx with the Chinese headers the
importer reads, one example row whose fixed-set values are valid, and a sheet of the valid options."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cadres.importer import COLUMNS
from core.spreadsheets import OPTIONS_SHEET
from organizations.resources import MemberUnitResource, WomenOrganizationResource
from venues.resources import ClusterMembershipResource, VenueClusterResource, VenueResource

ADMIN_IMPORTS = [
    ("organizations_memberunit", MemberUnitResource, "区域化成员单位"),
    ("organizations_womenorganization", WomenOrganizationResource, None),
    ("venues_venue", VenueResource, None),
    ("venues_venuecluster", VenueClusterResource, None),
    ("venues_clustermembership", ClusterMembershipResource, None),
]


def _sheets(response):
    book = load_workbook(io.BytesIO(response.content))
    main, options = book.worksheets[0], book[OPTIONS_SHEET]
    rows = [[c if c is not None else "" for c in row] for row in main.iter_rows(values_only=True)]
    listed = {}
    columns = list(options.iter_rows(values_only=True))
    for index, header in enumerate(columns[0] if columns else []):
        listed[header] = [row[index] for row in columns[1:] if row[index]]
    return rows, listed


def _check(rows, listed, expected_headers):
    header, example = rows[0], rows[1]
    assert header == expected_headers
    assert len(rows) == 2 and any(example)
    for column, options in listed.items():
        value = example[header.index(column)]
        assert not value or value in options, (column, value, options)


@pytest.mark.parametrize(("admin_name", "resource", "verbose"), ADMIN_IMPORTS, ids=[a[0] for a in ADMIN_IMPORTS])
def test_every_admin_import_offers_a_blank_template(admin_name, resource, verbose, tree, users, client):
    client.force_login(users.district)
    url = reverse(f"admin:{admin_name}_import_template")
    assert url in client.get(reverse(f"admin:{admin_name}_import")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    disposition = unquote(response["Content-Disposition"])
    assert "导入模板.xlsx" in disposition and (verbose is None or verbose in disposition)
    rows, listed = _sheets(response)
    pk = resource._meta.model._meta.pk.name
    expected = [f.column_name for f in resource().get_import_fields() if f.attribute != pk and not f.readonly]
    _check(rows, listed, expected)


def test_the_member_unit_template_lists_the_unit_types_and_yes_no(tree, users, client):
    client.force_login(users.district)
    _rows, listed = _sheets(client.get(reverse("admin:organizations_memberunit_import_template")))
    assert "企业" in listed["单位类型"]
    assert listed["区域化党建成员单位"] == ["是", "否"]


def test_the_people_import_offers_a_blank_template(tree, users, client):
    client.force_login(users.district)
    assert reverse("cadres:import-template") in client.get(reverse("cadres:import")).content.decode()
    response = client.get(reverse("cadres:import-template"))
    assert response.status_code == 200
    assert "人员导入模板.xlsx" in unquote(response["Content-Disposition"])
    rows, listed = _sheets(response)
    _check(rows, listed, list(COLUMNS))
    assert "主席" in listed["职务"] and listed["两委成员"] == ["是", "否"]


def test_templates_are_for_people_who_may_import(tree, users, client):
    client.force_login(users.viewer)
    assert client.get(reverse("cadres:import-template")).status_code == 403
    assert client.get(reverse("admin:organizations_memberunit_import_template")).status_code in (302, 403)
