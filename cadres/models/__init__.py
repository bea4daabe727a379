from .audit import ImportJob, PersonalDataAccess
from .elections import Election
from .leaders import WomenOrganizationLeader
from .people import PartyOrganization, Person, Post
from .reporting import DutyReport, DutyReportReview, WomenRating
from .rotation import RotationCheck
from .training import TrainingAttendance, TrainingCourse, TrainingEnrolment, TrainingSession

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
    "TrainingAttendance",
    "TrainingCourse",
    "TrainingEnrolment",
    "TrainingSession",
    "WomenOrganizationLeader",
    "WomenRating",
]
