"""The model rules of pillar 1: each bad input gets a Chinese error and nothing is saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.scope import acting_as
from organizations.choices import JointBuildMode, MemberUnitType, WomenOrganizationStatus
from organizations.models import JointBuildingCluster, MemberUnit, MemberUnitMembership
from organizations.validators import validate_credit_code

from .conftest import credit_code

# ---------------------------------------------------------------------------------------------- credit code


def test_a_valid_credit_code_passes():
    # given: a code from a business licence (GB 32100 example) and one made by our checksum
    for code in ("91350100M000100Y43", credit_code()):
        # when / then
        validate_credit_code(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y44", "校验位"),
        ("9135010", "18位"),
        ("91350100M000100I43", "大写字母"),
        ("91350100m000100y43", "大写字母"),
    ],
)
def test_a_wrong_credit_code_is_refused_in_chinese(code, message):
    with pytest.raises(ValidationError) as raised:
        validate_credit_code(code)
    assert message in raised.value.messages[0]


def test_a_unit_with_a_wrong_credit_code_is_not_saved(tree):
    # given
    unit = MemberUnit(
        unit_type=MemberUnitType.ENTERPRISE, name="甲公司", credit_code="91350100M000100Y44", federation=tree.s1,
        joined_on=date(2017, 5, 1),
    )  # fmt: skip
    # when
    with pytest.raises(ValidationError) as raised:
        unit.full_clean()
    # then
    assert "校验位" in raised.value.message_dict["credit_code"][0]
    assert not MemberUnit.objects.exists()


# ---------------------------------------------------------------------------------------------- member units


def test_left_on_before_joined_on_is_refused(tree):
    unit = MemberUnit(
        unit_type=MemberUnitType.ENTERPRISE, name="甲公司", federation=tree.s1, joined_on=date(2017, 5, 1),
        left_on=date(2017, 4, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        unit.full_clean()
    assert "退出日期不能早于加入日期" in str(raised.value.message_dict["left_on"])


def test_the_database_also_refuses_left_before_joined(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberUnit.objects.bulk_create(
            [MemberUnit(unit_type="ENTERPRISE", name="甲", federation=tree.s1, joined_on=date(2017, 5, 1),
                        left_on=date(2017, 4, 1))]
        )  # fmt: skip


def test_a_unit_joins_only_a_street_or_community_federation(tree):
    unit = MemberUnit(
        unit_type=MemberUnitType.ENTERPRISE, name="甲公司", federation=tree.d1, joined_on=date(2017, 5, 1)
    )
    with pytest.raises(ValidationError) as raised:
        unit.full_clean()
    assert "区域化妇联" in raised.value.message_dict["federation"][0]


def test_a_unit_cannot_join_two_federations_at_once(tree, make_unit):
    # given: 甲公司 is a member of 水果湖街
    code = credit_code()
    make_unit(tree.s1, name="甲公司", credit_code=code)
    # when: the same unit (same credit code) is registered with 中南路街 too
    second = MemberUnit(
        unit_type=MemberUnitType.ENTERPRISE,
        name="甲公司",
        credit_code=code,
        federation=tree.s2,
        joined_on=date(2017, 6, 1),
    )
    with pytest.raises(ValidationError) as raised:
        second.full_clean()
    # then
    assert "同一时间只能加入一个区域化妇联" in raised.value.message_dict["federation"][0]
    assert MemberUnit.objects.count() == 1


def test_a_new_unit_gets_its_first_membership_period(tree, make_unit):
    unit = make_unit(tree.s1)
    assert list(unit.memberships.values_list("federation_id", "joined_on", "left_on")) == [
        (tree.s1.pk, date(2017, 4, 20), None)
    ]


def test_moving_a_unit_closes_the_old_period_and_opens_a_new_one(tree, make_unit):
    # given
    unit = make_unit(tree.s1)
    # when: it moves to 中南路街 on 2018-03-01
    unit.federation, unit.joined_on = tree.s2, date(2018, 3, 1)
    unit.full_clean()
    unit.save()
    # then
    periods = list(unit.memberships.order_by("joined_on").values_list("federation_id", "joined_on", "left_on"))
    assert periods == [(tree.s1.pk, date(2017, 4, 20), date(2018, 3, 1)), (tree.s2.pk, date(2018, 3, 1), None)]


def test_moving_with_a_join_date_before_the_current_one_is_refused(tree, make_unit):
    unit = make_unit(tree.s1)
    unit.federation, unit.joined_on = tree.s2, date(2017, 1, 1)
    with pytest.raises(ValidationError) as raised:
        unit.full_clean()
    assert "须晚于原加入日期" in raised.value.message_dict["joined_on"][0]


def test_leaving_closes_the_period_and_rejoining_opens_another(tree, make_unit):
    # given
    unit = make_unit(tree.s1)
    # when: it leaves, then rejoins the same street
    unit.left_on = date(2017, 9, 1)
    unit.full_clean()
    unit.save()
    unit.joined_on, unit.left_on = date(2018, 1, 1), None
    unit.full_clean()
    unit.save()
    # then
    periods = list(unit.memberships.order_by("joined_on").values_list("joined_on", "left_on"))
    assert periods == [(date(2017, 4, 20), date(2017, 9, 1)), (date(2018, 1, 1), None)]


def test_the_database_keeps_one_open_membership_per_unit(tree, make_unit):
    unit = make_unit(tree.s1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberUnitMembership.objects.create(unit=unit, federation=tree.s2, joined_on=date(2018, 1, 1))


def test_overlapping_membership_periods_are_refused(tree, users, make_unit):
    # given: a member of 水果湖街 from 2017-04-20 to 2017-12-31
    unit = make_unit(tree.s1, left_on=date(2017, 12, 31))
    # when: a period with 中南路街 starting inside it
    period = MemberUnitMembership(unit=unit, federation=tree.s2, joined_on=date(2017, 10, 1))
    with acting_as(users.district), pytest.raises(ValidationError) as raised:
        period.full_clean()
    # then: named for a user who views it (tests/security/test_scope_semantics.py: not for one who does not)
    assert "水果湖街妇联" in raised.value.message_dict["joined_on"][0]


# ---------------------------------------------------------------------------------------------- federation fields


def test_only_streets_and_communities_record_a_regionalisation_date(tree):
    tree.d1.regionalized_on = date(2017, 5, 1)
    with pytest.raises(ValidationError) as raised:
        tree.d1.full_clean()
    assert "regionalized_on" in raised.value.message_dict


def test_only_villages_can_be_brigades(tree):
    tree.s1c1.is_brigade = True
    with pytest.raises(ValidationError) as raised:
        tree.s1c1.full_clean()
    assert "农场大队" in raised.value.message_dict["is_brigade"][0]
    tree.s1v1.is_brigade = True
    tree.s1v1.full_clean()


# ---------------------------------------------------------------------------------------------- women's organisations


def test_a_women_organisation_cannot_be_founded_in_the_future(tree, make_org):
    with pytest.raises(ValidationError) as raised:
        make_org(tree.s1c1, founded_on=date(2999, 1, 1))
    assert "成立日期不能晚于今天" in raised.value.message_dict["founded_on"][0]


def test_a_dissolved_organisation_needs_its_date_after_founding(tree, make_org):
    with pytest.raises(ValidationError) as raised:
        make_org(tree.s1c1, status=WomenOrganizationStatus.DISSOLVED)
    assert "撤销日期" in raised.value.message_dict["dissolved_on"][0]
    with pytest.raises(ValidationError) as raised:
        make_org(tree.s1c1, status=WomenOrganizationStatus.DISSOLVED, dissolved_on=date(2016, 1, 1))
    assert "撤销日期不能早于成立日期" in raised.value.message_dict["dissolved_on"][0]


def test_a_women_organisation_hosted_by_a_unit_of_another_street_is_refused(tree, make_unit, make_org):
    unit = make_unit(tree.s3)
    with pytest.raises(ValidationError) as raised:
        make_org(tree.s1c1, host_unit=unit)
    assert "不在本妇联的上下级范围内" in raised.value.message_dict["host_unit"][0]


def test_a_women_organisation_hosted_by_its_streets_unit_is_fine(tree, make_unit, make_org):
    unit = make_unit(tree.s1)
    org = make_org(tree.s1c1, host_unit=unit)
    assert org.pk


def test_a_women_organisation_is_not_attached_to_the_city(tree, make_org):
    with pytest.raises(ValidationError):
        make_org(tree.city)


# ---------------------------------------------------------------------------------------------- clusters


def cluster(core, mode=JointBuildMode.CLUSTER, **kwargs):
    return JointBuildingCluster(name="片区", mode=mode, core=core, **kwargs)


def test_cluster_members_outside_the_cores_street_are_refused(tree):
    # given: a core community in 水果湖街, a member in 中南路街
    instance = cluster(tree.s1c1)
    instance._pending_members = [tree.s1v1, tree.s2c1]
    # when
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    # then
    assert "中南社区妇联" in raised.value.message_dict["members"][0]
    assert "不在核心妇联" in raised.value.message_dict["members"][0]


def test_a_street_core_may_radiate_across_its_district_only(tree):
    instance = cluster(tree.s1)
    instance._pending_members = [tree.s2c1]
    instance.full_clean()
    instance._pending_members = [tree.s3c1]
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    assert "武昌区妇联" in raised.value.message_dict["members"][0]


def test_the_database_write_of_an_outside_member_is_refused_too(tree):
    # given: a saved cluster
    instance = cluster(tree.s1c1)
    instance.save()
    # when: a member outside the street is added directly
    with pytest.raises(ValidationError), transaction.atomic():
        instance.members.add(tree.s3c1)
    # then
    assert not instance.members.exists()
    instance.members.add(tree.s1v1)
    assert list(instance.members.all()) == [tree.s1v1]


def test_territorial_mode_needs_a_street_core(tree):
    with pytest.raises(ValidationError) as raised:
        cluster(tree.s1c1, mode=JointBuildMode.TERRITORIAL).full_clean()
    assert "核心妇联不能是" in raised.value.message_dict["core"][0]


def test_enterprise_community_mode_needs_a_lead_company_in_the_area(tree, make_unit):
    # no lead company
    with pytest.raises(ValidationError) as raised:
        cluster(tree.s1, mode=JointBuildMode.ENTERPRISE_COMMUNITY).full_clean()
    assert "龙头企业" in raised.value.message_dict["lead_company"][0]
    # a company of another district
    far = make_unit(tree.s3)
    with pytest.raises(ValidationError) as raised:
        cluster(tree.s1, mode=JointBuildMode.ENTERPRISE_COMMUNITY, lead_company=far).full_clean()
    assert "不在核心妇联所在的" in raised.value.message_dict["lead_company"][0]
    # a school is no company
    school = make_unit(tree.s2, unit_type=MemberUnitType.PUBLIC_INSTITUTION)
    with pytest.raises(ValidationError) as raised:
        cluster(tree.s1, mode=JointBuildMode.ENTERPRISE_COMMUNITY, lead_company=school).full_clean()
    assert "企业或新经济组织" in raised.value.message_dict["lead_company"][0]
    # a company of the same district
    near = make_unit(tree.s2)
    cluster(tree.s1, mode=JointBuildMode.ENTERPRISE_COMMUNITY, lead_company=near).full_clean()


def test_only_enterprise_community_clusters_have_a_lead_company(tree, make_unit):
    company = make_unit(tree.s1)
    with pytest.raises(ValidationError) as raised:
        cluster(tree.s1, lead_company=company).full_clean()
    assert "只有企社联建" in raised.value.message_dict["lead_company"][0]


def test_the_database_refuses_a_brigade_that_is_no_village_and_a_dated_district(tree):
    from organizations.models import Federation

    with pytest.raises(IntegrityError), transaction.atomic():
        Federation.objects.filter(pk=tree.s1c1.pk).update(is_brigade=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Federation.objects.filter(pk=tree.d1.pk).update(regionalized_on=date(2017, 5, 1))


def test_a_bad_flag_gets_one_message_on_its_field(tree):
    tree.s1c1.is_brigade = True
    with pytest.raises(ValidationError) as raised:
        tree.s1c1.full_clean()
    assert raised.value.message_dict == {"is_brigade": ["只有村级妇联可以标记为农场大队。"]}
