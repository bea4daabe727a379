"""The demo data on the small tree: partners, gaps left on purpose, a year of activities for every community
and village with consistent derived rows, and idempotence."""

import io

from django.db.models import Count, Q

from activities.models import Activity, ActivityReach, CoOrganizer, SocialOrganization, Team
from demo import activities as seed
from demo.context import SeedContext
from organizations.choices import COMMUNITY_LEVELS
from organizations.models import Federation


def _run():
    ctx = SeedContext(scale="demo", seed=1, stdout=io.StringIO())
    seed.seed(ctx)
    return ctx


def test_the_seed_gives_every_community_a_year_of_activities_and_is_idempotent(tree):
    # given
    Federation.objects.filter(level__in=["STREET", "COMMUNITY", "VILLAGE"]).update(regionalized_on="2017-09-01")
    # when
    ctx = _run()
    # then: every community and village has activities, a couple a month
    places = Federation.objects.filter(level__in=COMMUNITY_LEVELS)
    per_place = dict(Activity.objects.filter(federation__in=places).values_list("federation").annotate(n=Count("id")))
    assert set(per_place) == set(places.values_list("id", flat=True))
    assert all(12 <= n <= 40 for n in per_place.values()), per_place
    # and the seed article's examples where the tree has their places (宝丰街 and 永宁社区 here)
    example = Activity.objects.get(title="商会妇委会联合永宁、五彩、多福社区户外踏青")
    assert example.federation == tree.s3
    assert list(example.co_organizers.values_list("federation", flat=True)) == [tree.s3c1.pk]
    # every activity reaches its owner; derived flags agree with the co-organisers
    assert ActivityReach.objects.filter(via="OWNER").count() == Activity.objects.count()
    sectors = Activity.objects.annotate(n=Count("co_organizers__sector", distinct=True))
    assert not sectors.filter(Q(n__gte=2, is_cross_sector=False) | Q(n__lt=2, is_cross_sector=True)).exists()
    assert not CoOrganizer.objects.filter(sector="").exists()
    # most regional federations cultivate a social organisation, one is left as a gap
    lacking = Federation.objects.filter(regionalized_on__isnull=False, cultivated_social_organizations__isnull=True)
    assert lacking.count() == 1
    assert SocialOrganization.objects.filter(name="晓茶会", cultivated_by=tree.s1).exists()
    assert Team.objects.exists()
    assert ctx.counts["activities"] == Activity.objects.count()
    # when run again: nothing new
    before = (Activity.objects.count(), SocialOrganization.objects.count(), Team.objects.count())
    _run()
    assert (Activity.objects.count(), SocialOrganization.objects.count(), Team.objects.count()) == before


def test_seeded_ids_do_not_collide_with_later_ones(tree, partners, make_activity):
    _run()
    top = Activity.objects.order_by("-id").values_list("id", flat=True).first()
    later = make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD")])
    assert later.pk > top
