"""The admin applies the same scope as the API: lists, objects, foreign-key choices, autocomplete, history."""

from django.urls import reverse

from organizations.models import Federation


def change_url(fed):
    return reverse("admin:organizations_federation_change", args=[fed.pk])


def test_changelist_shows_only_her_district(tree, users, client):
    # given
    client.force_login(users.district)
    # when
    response = client.get(reverse("admin:organizations_federation_changelist"))
    # then
    assert response.status_code == 200
    shown = {fed.code for fed in response.context["cl"].result_list}
    assert shown == {"D1", "S1", "S2", "S1C1", "S1V1", "S2C1", "S1C1G1"}


def test_out_of_scope_object_cannot_be_opened_or_changed(tree, users, client):
    # given
    client.force_login(users.district)
    # when
    opened = client.get(change_url(tree.s3c1))
    posted = client.post(
        change_url(tree.s3c1), {"name": "改名", "code": "S3C1", "level": "COMMUNITY", "parent": tree.s3.pk}
    )
    # then: Django's admin answers "does not exist" with a redirect to the index
    assert opened.status_code == 302
    assert posted.status_code == 302
    tree.s3c1.refresh_from_db()
    assert tree.s3c1.name == "永宁社区妇联"


def test_in_scope_edit_through_admin_is_recorded_in_history(tree, users, client):
    # given
    client.force_login(users.district)
    data = {
        "name": tree.s1c1.name,
        "code": tree.s1c1.code,
        "level": tree.s1c1.level,
        "parent": tree.s1.pk,
        "address": "",
        "contact_person": "李主席",
        "phone": "027-88886666",
    }
    # when
    response = client.post(change_url(tree.s1c1), data)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    tree.s1c1.refresh_from_db()
    assert tree.s1c1.contact_person == "李主席"
    record = tree.s1c1.history.latest("history_date")
    assert record.history_user == users.district
    history_page = client.get(reverse("admin:organizations_federation_history", args=[tree.s1c1.pk]))
    assert history_page.status_code == 200
    assert "李主席" in history_page.content.decode()


def test_parent_choices_are_limited_to_her_subtree(tree, users, client):
    # given
    client.force_login(users.district)
    # when
    response = client.get(reverse("admin:organizations_federation_add"))
    # then
    choices = response.context["adminform"].form.fields["parent"].queryset
    assert set(choices.values_list("code", flat=True)) == {"D1", "S1", "S2", "S1C1", "S1V1", "S2C1", "S1C1G1"}


def test_autocomplete_is_scoped(tree, users, client):
    # given
    client.force_login(users.district)
    # when
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "organizations", "model_name": "federation", "field_name": "parent", "term": "社区"},
    )
    # then
    names = {row["text"] for row in response.json()["results"]}
    assert "东亭社区妇联" in names
    assert "永宁社区妇联" not in names


def test_out_of_scope_history_reads_like_a_missing_record(tree, users, client):
    client.force_login(users.district)
    response = client.get(reverse("admin:organizations_federation_history", args=[tree.s3.pk]))
    assert response.status_code == 404


def test_viewer_may_look_but_not_change(tree, users, client):
    client.force_login(users.viewer)
    assert client.get(change_url(tree.s3)).status_code == 200
    response = client.post(change_url(tree.s3), {"name": "x", "code": "S3", "level": "STREET", "parent": tree.d2.pk})
    assert response.status_code == 403
    assert Federation.objects.get(pk=tree.s3.pk).name == "宝丰街妇联"


def test_community_chair_has_no_admin(tree, users, client):
    client.force_login(users.chair)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_a_record_is_restored_to_an_earlier_version_from_its_history(tree, users, client):
    # given: two edits
    tree.s1.phone = "027-1111"
    tree.s1.save()
    tree.s1.phone = "027-2222"
    tree.s1.save()
    earlier = tree.s1.history.get(phone="027-1111")
    client.force_login(users.district)
    url = reverse("admin:organizations_federation_simple_history", args=[tree.s1.pk, earlier.history_id])
    # when: the revert form is shown with the earlier values and submitted
    form = client.get(url)
    assert form.status_code == 200
    data = {k: v for k, v in form.context["adminform"].form.initial.items() if v is not None}
    data["parent"] = tree.d1.pk
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    tree.s1.refresh_from_db()
    assert tree.s1.phone == "027-1111"
    assert tree.s1.history.latest("history_date").history_user == users.district


def test_out_of_scope_history_version_cannot_be_opened(tree, users, client):
    version = tree.s3.history.first()
    client.force_login(users.district)
    url = reverse("admin:organizations_federation_simple_history", args=[tree.s3.pk, version.history_id])
    assert client.get(url).status_code == 404


def test_history_page_reads_in_chinese_with_field_labels(tree, users, client):
    # given: a contact changed through the admin
    client.force_login(users.district)
    data = {"name": tree.s1c1.name, "code": tree.s1c1.code, "level": tree.s1c1.level, "parent": tree.s1.pk}
    client.post(change_url(tree.s1c1), {**data, "contact_person": "张主席"})
    client.post(change_url(tree.s1c1), {**data, "contact_person": "李主席"})
    # when
    page = client.get(reverse("admin:organizations_federation_history", args=[tree.s1c1.pk])).content.decode()
    # then: the column is named in Chinese, the change names the field by its label, no reason reads "None"
    assert "变更内容" in page and "Changes" not in page
    assert "联系人:</strong>" in page and "contact_person" not in page
    assert "None" not in page
