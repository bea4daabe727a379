"""Other pillars' models, read through the app registry so this app runs before they land and picks
them up when they do. Field names of other apps live here and nowhere else in this app."""

from django.apps import apps


def model(label):
    """The model ``"app.Model"``, or None while that app has not defined it."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def federation():
    return apps.get_model("organizations", "Federation")


def member_unit():
    return model("organizations.MemberUnit")


def venue():
    return model("venues.Venue")


def cluster_membership():
    return model("venues.ClusterMembership")


def venue_cluster():
    return model("venues.VenueCluster")


def consultation():
    return model("venues.ConsultationRequest")


def post():
    return model("cadres.Post")


def duty_report():
    return model("cadres.DutyReport")


def women_rating():
    return model("cadres.WomenRating")


def activity():
    return model("activities.Activity")


# Spellings of other apps' choices that this app reads (kept here so a rename shows up in one place).
EXECUTIVE_POSITIONS = ("CHAIR", "VICE_CHAIR_FULLTIME", "VICE_CHAIR_PARTTIME", "EXEC_MEMBER")
WOMENS_HOME = "WOMENS_HOME"


def has_field(model_class, name):
    try:
        model_class._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or no such model
        return False
    return True
