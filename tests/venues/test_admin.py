"""The venues admin: scoped lists with district, cluster, kind and star filters, scoped autocomplete, and
the Excel import's dry run with row errors."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from venues.models import Venue

CHANGELIST = "admin:venues_venue_changelist"


def shown(response):
    return {venue.code for venue in response.context["cl"].result_list}


def test_changelist_is_scoped_and_filters_by_district_cluster_kind_and_stars(cluster, homes, users, client, tree):
    # given
    Venue.objects.filter(pk=homes.zhongnan.pk).update(star_rating=4)
    client.force_login(users.city)
    url = reverse(CHANGELIST)
    # then
    assert shown(client.get(url, {"district": tree.d2.pk})) == {"H-S3C1"}
    assert shown(client.get(url, {"cluster": cluster.pk})) == {"H-S1C1", "H-S1V1", "H-S2C1"}
    assert shown(client.get(url, {"star_rating": 4})) == {"H-S2C1"}
    assert shown(client.get(url, {"kind__exact": "WOMENS_HOME"})) == {"H-S1C1", "H-S1V1", "H-S2C1", "H-S3C1"}
    client.force_login(users.district)
    assert shown(client.get(url)) == {"H-S1C1", "H-S1V1", "H-S2C1"}


def test_cluster_admin_pages_open(cluster, users, client):
    client.force_login(users.district)
    assert client.get(reverse("admin:venues_venuecluster_changelist")).status_code == 200
    assert client.get(reverse("admin:venues_venuecluster_change", args=[cluster.pk])).status_code == 200
    assert client.get(reverse("admin:venues_clustermembership_changelist")).status_code == 200
    for name in ("upgrade", "onlineservice", "consultationrequest"):
        assert client.get(reverse(f"admin:venues_{name}_changelist")).status_code == 200


def test_autocomplete_of_homes_is_scoped(cluster, homes, users, client):
    # given
    client.force_login(users.district)
    # when
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "venues", "model_name": "clustermembership", "field_name": "venue", "term": "社区"},
    )
    # then
    names = {row["text"] for row in response.json()["results"]}
    assert "东亭社区妇女之家" in names and "永宁社区妇女之家" not in names


def test_admin_import_dry_run_shows_row_errors_and_saves_nothing(tree, users, client):
    # given
    client.force_login(users.district)
    data = tablib.Dataset(
        ["X1", "好", "妇女之家", "S1C1", "为我所有", "1"],
        ["X2", "坏", "妇女之家", "S3C1", "为我所有", "9"],
        headers=["编码", "名称", "类型", "运营妇联编码", "使用方式", "星级"],
    ).export("xlsx")
    upload = SimpleUploadedFile("venues.xlsx", data)
    # when
    response = client.post(
        reverse("admin:venues_venue_import"), {"import_file": upload, "format": "1", "resource": "0"}
    )
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "星级应在 0 到 5 之间" in html or "不在您的管辖范围内" in html
    assert not Venue.objects.filter(code__in=["X1", "X2"]).exists()
