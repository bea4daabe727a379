from .audit import ImportJob, PersonalDataAccess
from .elections import Election
from .leaders import WomenOrganizationLeader
from .people import PartyOrganization, Person, Post
from .reporting import DutyReport, DutyReportReview, WomenRating
from .rotation import RotationCheck

__all__ = [
    "DutyReport",
    "DutyReportReview",
    "Election",
    "ImportJob",
    "PartyOrganization",
    "Person",
    "PersonalDataAccess",
    "Post",
    "RotationCheck",
    "WomenOrganizationLeader",
    "WomenRating",
]
