"""Other pillars' models as this app reads them. Every pillar lies below evaluations (.importlinter), so
they are plain imports; field names and choice spellings of other apps that this app relies on live here,
so a rename shows up in one place."""

from django.apps import apps

from activities.models import Activity
from cadres.models import DutyReport, Post, WomenRating
from organizations.models import Federation, MemberUnit
from venues.models import ClusterMembership, ConsultationRequest, Venue, VenueCluster


def model(label):
    """The model ``"app.Model"`` (the change trackers of ``rollups`` name theirs by label)."""
    return apps.get_model(label)


def federation():
    return Federation


def member_unit():
    return MemberUnit


def venue():
    return Venue


def cluster_membership():
    return ClusterMembership


def venue_cluster():
    return VenueCluster


def consultation():
    return ConsultationRequest


def post():
    return Post


def duty_report():
    return DutyReport


def women_rating():
    return WomenRating


def activity():
    return Activity


# Spellings of other apps' choices that this app reads (kept here so a rename shows up in one place).
EXECUTIVE_POSITIONS = ("CHAIR", "VICE_CHAIR_FULLTIME", "VICE_CHAIR_PARTTIME", "EXEC_MEMBER")
WOMENS_HOME = "WOMENS_HOME"
