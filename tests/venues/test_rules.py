"""Model rules: each rule in clean() (Chinese message) and, where it matters, in the database itself."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from venues.choices import ConsultationCategory, OnlineSection, SharingMode, VenueKind
from venues.models import (
    ClusterMembership,
    ConsultationRequest,
    OnlineService,
    Upgrade,
    UpgradePhoto,
    Venue,
    VenueCluster,
)
from venues.services import designate_demonstration


def messages(excinfo):
    return " ".join(m for msgs in excinfo.value.message_dict.values() for m in msgs)


def test_negative_area_is_refused_in_chinese(tree, make_venue):
    # given
    venue = Venue(name="坏阵地", code="BAD", kind=VenueKind.WOMENS_HOME, federation=tree.s1c1, area_m2=Decimal("-1"))
    # when
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    # then
    assert "面积不能为负数" in messages(excinfo)


def test_negative_area_is_refused_by_the_database(tree, make_venue):
    venue = make_venue(tree.s1c1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Venue.objects.filter(pk=venue.pk).update(area_m2=Decimal("-5"))


@pytest.mark.parametrize("stars", [6, 9])
def test_star_rating_out_of_range_is_refused(tree, stars):
    venue = Venue(name="星级", code="S", kind=VenueKind.WOMENS_HOME, federation=tree.s1c1, star_rating=stars)
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    assert "星级应在 0 到 5 之间" in messages(excinfo)


def test_star_rating_out_of_range_is_refused_by_the_database(tree, make_venue):
    venue = make_venue(tree.s1c1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Venue.objects.filter(pk=venue.pk).update(star_rating=7)


def test_a_shared_venue_names_its_provider(tree):
    venue = Venue(
        name="共建",
        code="CB",
        kind=VenueKind.WOMEN_CORNER,
        federation=tree.s1,
        sharing_mode=SharingMode.CO_BUILT_SHARED,
    )
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    assert "场地提供方" in messages(excinfo)


def test_checklist_counts(tree, make_venue):
    venue = make_venue(tree.s1c1, has_place=True, has_plan=True, unified_sign=True)
    assert (venue.liuyou_met, venue.santongyi_met) == (2, 1)


def test_second_demonstration_home_in_a_cluster_is_refused_in_chinese(cluster, homes):
    # given: 东亭 is the demonstration home; 翠柳村 is a member
    membership = ClusterMembership.objects.get(venue=homes.cuiliu)
    membership.is_demonstration = True
    # when
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    # then
    assert "该片区已有市级示范妇女之家" in messages(excinfo)


def test_second_demonstration_home_is_refused_by_the_database(cluster, homes):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.filter(venue=homes.cuiliu).update(is_demonstration=True)
    assert ClusterMembership.objects.filter(cluster=cluster, is_demonstration=True).count() == 1


def test_a_home_in_two_clusters_is_refused(tree, cluster, homes):
    # given
    other = VenueCluster.objects.create(name="中南片区", code="PQ-D1-2", district=tree.d1)
    membership = ClusterMembership(cluster=other, venue=homes.zhongnan)
    # when / then: the rule
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert "只能属于一个片区" in messages(excinfo)
    # and the database
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.create(cluster=other, venue=homes.zhongnan)


def test_a_cluster_cannot_mix_districts(cluster, homes):
    # given: 永宁 lies in 硚口, the cluster in 武昌
    membership = ClusterMembership(cluster=cluster, venue=homes.yongning)
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert "片区内的妇女之家必须同在一个区" in messages(excinfo)


def test_moving_a_cluster_to_another_district_is_refused_while_its_homes_are_elsewhere(tree, cluster):
    cluster.district = tree.d2
    with pytest.raises(ValidationError) as excinfo:
        cluster.full_clean()
    assert "不在该区" in messages(excinfo)


def test_a_clustered_home_cannot_move_to_another_district(tree, cluster, homes):
    venue = homes.zhongnan
    venue.federation = tree.s3c1
    with pytest.raises(ValidationError) as excinfo:
        venue.full_clean()
    assert "运营妇联必须在该区内" in messages(excinfo)


def test_a_cluster_lies_in_a_district(tree):
    cluster = VenueCluster(name="街道片区", code="X", district=tree.s1)
    with pytest.raises(ValidationError) as excinfo:
        cluster.full_clean()
    assert "区妇联或功能区妇联" in messages(excinfo)


def test_only_community_womens_homes_join_a_cluster(tree, cluster, make_venue):
    corner = make_venue(tree.s1c1, kind=VenueKind.WOMEN_CORNER)
    street_home = make_venue(tree.s1)
    for venue, text in [(corner, "只有社区（村）“妇女之家”"), (street_home, "社区（村）妇联运营")]:
        with pytest.raises(ValidationError) as excinfo:
            ClusterMembership(cluster=cluster, venue=venue).full_clean()
        assert text in messages(excinfo)


def test_designating_another_demonstration_home_moves_the_flag(cluster, homes):
    # when
    designate_demonstration(cluster, homes.zhongnan, date(2017, 6, 1))
    # then
    demos = list(
        ClusterMembership.objects.filter(cluster=cluster, is_demonstration=True).values_list("venue", flat=True)
    )
    assert demos == [homes.zhongnan.pk]


def _upgrade(venue, **kwargs):
    values = {
        "upgraded_on": date(2017, 9, 1),
        "items": "更换统一标牌\n添置图书角",
        "spend": Decimal("50000"),
        "stars_before": 3,
        "stars_after": 5,
    }
    values.update(kwargs)
    return Upgrade(venue=venue, **values)


def test_an_upgrade_is_recorded_at_a_demonstration_home(cluster, homes):
    upgrade = _upgrade(homes.dongting)
    upgrade.full_clean()
    upgrade.save()
    assert upgrade.item_list == ["更换统一标牌", "添置图书角"]


def test_an_upgrade_elsewhere_is_refused(cluster, homes):
    with pytest.raises(ValidationError) as excinfo:
        _upgrade(homes.cuiliu).full_clean()
    assert "只记录在市级示范妇女之家" in messages(excinfo)


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"spend": Decimal("-1")}, "投入金额不能为负数"),
        ({"stars_before": 4, "stars_after": 3}, "升级后星级不能低于升级前星级"),
        ({"stars_after": 6}, "星级应在 0 到 5 之间"),
        ({"items": "  \n "}, "请至少填写一项升级内容"),
        ({"upgraded_on": timezone.localdate() + timedelta(days=30)}, "日期不能晚于今天"),
    ],
)
def test_bad_upgrades_are_refused(cluster, homes, kwargs, text):
    with pytest.raises(ValidationError) as excinfo:
        _upgrade(homes.dongting, **kwargs).full_clean()
    assert text in messages(excinfo)


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("after.png", buffer.getvalue(), content_type="image/png")


def test_an_upgrade_photo_must_be_an_image(cluster, homes, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    upgrade = _upgrade(homes.dongting)
    upgrade.save()
    # when: a real image
    photo = UpgradePhoto(upgrade=upgrade, image=_png(), caption="升级后")
    photo.full_clean()
    photo.save()
    # then: stored; and a text file named .png is refused
    assert photo.image.name.startswith("venues/upgrades/")
    fake = UpgradePhoto(upgrade=upgrade, image=SimpleUploadedFile("x.png", b"not an image", content_type="image/png"))
    with pytest.raises(ValidationError) as excinfo:
        fake.full_clean()
    assert "不是有效的图片" in messages(excinfo)
    pdf = UpgradePhoto(upgrade=upgrade, image=SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf"))
    with pytest.raises(ValidationError) as excinfo:
        pdf.full_clean()
    assert "JPEG、PNG 或 WebP" in messages(excinfo)  # one message for every image (core.images)


def test_online_service_needs_a_url_or_a_wechat_path(tree):
    service = OnlineService(section=OnlineSection.PARENTS_SCHOOL, name="微课堂", federation=tree.city)
    with pytest.raises(ValidationError) as excinfo:
        service.full_clean()
    assert "网址或微信路径" in messages(excinfo)


def test_a_consultation_is_not_answered_before_it_came_in(tree):
    request = ConsultationRequest(
        federation=tree.d1,
        category=ConsultationCategory.EMPLOYMENT,
        received_on=date(2017, 6, 10),
        answered_on=date(2017, 6, 9),
        summary="就业",
        answer="已答复",
    )
    with pytest.raises(ValidationError) as excinfo:
        request.full_clean()
    assert "答复日期不能早于受理日期" in messages(excinfo)
