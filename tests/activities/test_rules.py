"""The rules of an activity and its co-organisers, shared by admin, forms, imports and API (Model.clean and
database constraints), and what is derived: sectors, 跨界混搭, the federations reached."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from activities.choices import ReachVia, Sector
from activities.models import Activity, ActivityReach, CoOrganizer

from .conftest import at


def _chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def test_end_before_start_is_refused_with_a_chinese_message(tree, kinds):
    # given
    activity = Activity(federation=tree.s1c1, kind=kinds["OUTING"], start=at(2024, 5, 10, 10), end=at(2024, 5, 10, 9))
    # when
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    # then
    assert "end" in exc.value.message_dict
    assert _chinese(exc.value.message_dict["end"])


def test_more_women_than_participants_is_refused(tree, kinds):
    activity = Activity(
        federation=tree.s1c1,
        kind=kinds["OUTING"],
        start=at(2024, 5, 10),
        end=at(2024, 5, 10, 11),
        participants=10,
        women_participants=11,
    )
    with pytest.raises(ValidationError) as exc:
        activity.full_clean()
    assert "女性人数" in str(exc.value.message_dict["women_participants"])


@pytest.mark.parametrize(
    "changes",
    [
        {"end": at(2024, 5, 9)},
        {"participants": 5, "women_participants": 6},
    ],
)
def test_the_database_refuses_what_clean_refuses(tree, kinds, changes):
    values = {
        "federation": tree.s1c1,
        "kind": kinds["OUTING"],
        "start": at(2024, 5, 10),
        "end": at(2024, 5, 10, 11),
        **changes,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(**values)
    assert not Activity.objects.exists()


def test_title_defaults_to_the_kind(tree, make_activity):
    activity = make_activity(tree.s1c1, "RED_SONG")
    assert activity.title == "红歌比赛"


def test_a_co_organizer_is_exactly_one_thing(tree, partners, make_activity):
    activity = make_activity(tree.s1c1)
    # none
    with pytest.raises(ValidationError) as none:
        CoOrganizer(activity=activity, role="LEAD").full_clean()
    assert _chinese(none.value)
    # two
    with pytest.raises(ValidationError):
        CoOrganizer(activity=activity, role="LEAD", team=partners.team, federation=tree.s1c1).full_clean()
    # and the database agrees
    with pytest.raises(IntegrityError), transaction.atomic():
        CoOrganizer.objects.bulk_create([CoOrganizer(activity=activity, role="LEAD", sector="PARTY")])
    assert not CoOrganizer.objects.exists()


def test_the_same_co_organizer_cannot_be_added_twice(tree, partners, make_activity):
    activity = make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD")])
    with pytest.raises(ValidationError):
        CoOrganizer(activity=activity, role="CO_HOST", team=partners.team).full_clean()


def test_sector_follows_what_the_co_organizer_is(tree, partners, make_activity):
    activity = make_activity(
        tree.s1c1,
        co_organizers=[
            (tree.s1c1, "LEAD"),
            (partners.unit, "CO_HOST"),
            (partners.enterprise, "SUPPORTER"),
            (partners.party, "CO_HOST"),
            (partners.team, "CO_HOST"),
            (partners.social, "CO_HOST"),
        ],
    )
    sectors = list(activity.co_organizers.order_by("id").values_list("sector", flat=True))
    assert sectors == [
        Sector.WOMEN_FEDERATION,
        Sector.GOVERNMENT,
        Sector.ECONOMIC,
        Sector.PARTY,
        Sector.GRASSROOTS_TEAM,
        Sector.SOCIAL,
    ]


def test_cross_sector_needs_two_sectors(tree, partners, make_activity):
    one_sector = make_activity(tree.s1c1, co_organizers=[(tree.s1c1, "LEAD"), (tree.s1v1, "CO_HOST")])
    two_sectors = make_activity(tree.s1c1, co_organizers=[(tree.s1c1, "LEAD"), (partners.party, "CO_HOST")])
    assert one_sector.is_cross_sector is False
    assert two_sectors.is_cross_sector is True


def test_reach_is_owner_federation_co_organizers_and_radiated_communities_once_each(tree, partners, make_activity):
    # given: the owner is also listed as a co-organiser, and a radiated community too
    activity = make_activity(
        tree.s1c1,
        co_organizers=[(tree.s1c1, "LEAD"), (tree.s1v1, "CO_HOST"), (partners.team, "CO_HOST")],
        radiated=[tree.s2c1, tree.s1v1],
    )
    # then
    reach = dict(ActivityReach.objects.filter(activity=activity).values_list("federation_id", "via"))
    assert reach == {tree.s1c1.pk: ReachVia.OWNER, tree.s1v1.pk: ReachVia.CO_ORGANIZER, tree.s2c1.pk: ReachVia.RADIATED}


def test_reach_follows_the_activity_when_it_moves(tree, make_activity):
    from activities.services import refresh_derived

    activity = make_activity(tree.s1c1)
    activity.start = at(2024, 6, 1)
    activity.end = activity.start + datetime.timedelta(hours=1)
    activity.save()
    refresh_derived(activity)
    assert list(ActivityReach.objects.filter(activity=activity).values_list("start", flat=True)) == [at(2024, 6, 1)]
