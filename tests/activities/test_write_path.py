"""One write path (issue 15 item 2): the web form, the API and the admin write an activity with its radiated
communities and co-organisers through ``activities.services.save_activity``: the same rules with the same
Chinese messages, one transaction, the scope re-checked after the save."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities.models import Activity, ActivityReach, CoOrganizer
from activities.services import (
    CO_ORGANIZER_OUT_OF_SCOPE,
    DUPLICATE_CO_ORGANIZER,
    CoOrganizerRow,
    save_activity,
)

from .conftest import at
from .test_api import URL as API_URL
from .test_api import payload
from .test_web import form_data

ADMIN_ADD = "/admin/activities/activity/add/"


def admin_data(tree, kinds, co_organizers=(), **changes):
    data = {
        "federation": tree.s1c1.pk,
        "title": "东亭活动",
        "kind": kinds["OUTING"].pk,
        "start_0": "2024-05-10",
        "start_1": "09:00:00",
        "end_0": "2024-05-10",
        "end_1": "11:00:00",
        "participants": 30,
        "women_participants": 20,
        "description": "",
        "co_organizers-TOTAL_FORMS": len(co_organizers),
        "co_organizers-INITIAL_FORMS": 0,
        "co_organizers-MIN_NUM_FORMS": 0,
        "co_organizers-MAX_NUM_FORMS": 1000,
        "photos-TOTAL_FORMS": 0,
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
    }
    for index, (name, pk, role) in enumerate(co_organizers):
        data[f"co_organizers-{index}-role"] = role
        data[f"co_organizers-{index}-{name}"] = pk
    data.update(changes)
    return data


def _admin_errors(response):
    form = response.context["adminform"].form
    inline = [str(formset.formset.non_form_errors()) for formset in response.context["inline_admin_formsets"]]
    return str(form.errors) + " ".join(inline)


def test_a_co_organizer_named_twice_reads_the_same_on_every_channel(tree, users, kinds, partners, client, api_client):
    team = partners.team.pk
    # API
    api = api_client(users.district).post(
        API_URL,
        payload(tree, kinds, co_organizers=[{"role": "LEAD", "team": team}, {"role": "CO_HOST", "team": team}]),
        format="json",
    )
    assert api.status_code == 400
    assert api.json()["co_organizers"] == [DUPLICATE_CO_ORGANIZER]
    # web form
    client.force_login(users.district)
    web = client.post(
        reverse("activities:create"),
        {**form_data(tree, kinds), "co_token": [f"team:{team}", f"team:{team}"], "co_role": ["LEAD", "CO_HOST"]},
    )
    assert web.status_code == 200
    assert list(web.context["form"].non_field_errors()) == [DUPLICATE_CO_ORGANIZER]
    # admin
    admin = client.post(ADMIN_ADD, admin_data(tree, kinds, [("team", team, "LEAD"), ("team", team, "CO_HOST")]))
    assert admin.status_code == 200
    assert str(DUPLICATE_CO_ORGANIZER) in _admin_errors(admin)
    # nothing written on any channel
    assert not Activity.objects.exists() and not CoOrganizer.objects.exists()


def test_radiating_to_a_street_reads_the_same_on_the_api_and_the_admin(tree, users, kinds, client, api_client):
    expected = "只能辐射到社区（村）妇联：水果湖街妇联 不是社区（村）。"
    api = api_client(users.district).post(API_URL, payload(tree, kinds, radiated_to=[tree.s1.pk]), format="json")
    assert api.status_code == 400
    assert api.json()["radiated_to"] == [expected]
    client.force_login(users.district)
    admin = client.post(ADMIN_ADD, admin_data(tree, kinds, radiated_to=str(tree.s1.pk)))
    assert admin.status_code == 200
    assert expected in _admin_errors(admin)
    assert not Activity.objects.exists()


def test_the_admin_writes_through_the_service_and_logs_the_co_organizers(tree, users, kinds, partners, client):
    from django.contrib.admin.models import LogEntry

    client.force_login(users.district)
    response = client.post(
        ADMIN_ADD,
        admin_data(
            tree,
            kinds,
            [("team", partners.team.pk, "LEAD"), ("party_organization", partners.party.pk, "CO_HOST")],
            radiated_to=str(tree.s1v1.pk),
        ),
    )
    assert response.status_code == 302, _admin_errors(response)
    activity = Activity.objects.get()
    assert activity.created_by == users.district
    assert activity.is_cross_sector is True
    assert set(activity.co_organizers.values_list("role", "team", "party_organization")) == {
        ("LEAD", partners.team.pk, None),
        ("CO_HOST", None, partners.party.pk),
    }
    assert set(ActivityReach.objects.filter(activity=activity).values_list("federation", "via")) == {
        (tree.s1c1.pk, "OWNER"),
        (tree.s1v1.pk, "RADIATED"),
    }
    message = LogEntry.objects.get(object_id=str(activity.pk)).get_change_message()
    assert "联办单位" in message


def _activity(federation, kinds):
    return Activity(
        federation=federation, kind=kinds["OUTING"], start=at(2024, 5, 10), end=at(2024, 5, 10, 11), participants=5
    )


def test_the_service_refuses_an_activity_outside_her_edit_scope_and_keeps_nothing(tree, users, kinds, partners):
    with pytest.raises(PermissionDenied):
        save_activity(
            users.chair,
            _activity(tree.s3c1, kinds),
            radiated_to=[],
            co_organizers=[CoOrganizerRow(partners.team, "LEAD")],
        )
    assert not Activity.objects.exists() and not CoOrganizer.objects.exists()


def test_the_service_refuses_a_new_co_organizer_outside_her_area_but_keeps_one_already_there(
    tree, users, kinds, partners
):
    # given: an activity of hers with a co-organiser from another district (logged by the city office)
    written = save_activity(
        users.city, _activity(tree.s1c1, kinds), co_organizers=[CoOrganizerRow(partners.other_team, "SUPPORTER")]
    )
    activity = written.activity
    # when: she adds another district's unit
    with pytest.raises(ValidationError) as refused:
        save_activity(
            users.chair,
            activity,
            co_organizers=[CoOrganizerRow(partners.other_team, "SUPPORTER"), CoOrganizerRow(partners.other_unit)],
        )
    assert refused.value.message_dict == {"co_organizers": [CO_ORGANIZER_OUT_OF_SCOPE]}
    # then: the row already there may stay (its role changed), one of hers added
    written = save_activity(
        users.chair,
        activity,
        co_organizers=[CoOrganizerRow(partners.other_team, "LEAD"), CoOrganizerRow(partners.team, "CO_HOST")],
    )
    assert [co.team for co in written.changed] == [partners.other_team]
    assert [co.team for co in written.added] == [partners.team]
    assert set(activity.co_organizers.values_list("team", "role")) == {
        (partners.other_team.pk, "LEAD"),
        (partners.team.pk, "CO_HOST"),
    }
