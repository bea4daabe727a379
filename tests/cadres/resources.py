"""The cadre API resources, declared for the generated permission tests (tests/permissions)."""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from PIL import Image

from accounts.models import Role, User
from cadres.choices import Position, ReportingLine, ReviewRating
from cadres.models import (
    DutyReport,
    DutyReportReview,
    Election,
    ImportJob,
    PartyOrganization,
    Person,
    PersonalDataAccess,
    Post,
    RotationCheck,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    WomenOrganizationLeader,
    WomenRating,
)
from cadres.resources import PersonResource
from cadres.validators import id_check_digit
from organizations.choices import Level
from tests.cadres.factories import PartyOrganizationFactory, PersonFactory, PostFactory
from tests.permissions.registry import AdminModel, FileCase, ImportCase, Resource

_numbers = itertools.count(1)


def _report(fed):
    PartyOrganizationFactory(federation=fed)
    chair = PostFactory(federation=fed, position=Position.CHAIR)
    return DutyReport.objects.create(post=chair, year=2017, filed_on=datetime.date(2017, 12, 20))


def _review(fed):
    report = _report(fed)
    return DutyReportReview.objects.create(
        report=report,
        line=ReportingLine.FEDERATION,
        reviewer_federation=fed.parent,
        received_on=datetime.date(2017, 12, 21),
        reviewer="区妇联",
        rating=ReviewRating.GOOD,
    )


def _rotation(street):
    chair = PostFactory(federation=street, position=Position.CHAIR)
    return RotationCheck.objects.create(post=chair, month=datetime.date(2017, 5, 1), looked_back=True)


def _election(fed):
    # a village of the street (the fixture tree has one in 水果湖街 only), else the community itself
    village = fed.parent.children.filter(level=Level.VILLAGE).first() or fed
    return Election.objects.create(
        federation=village,
        held_on=datetime.date(2017, 4, 1),
        representatives=30,
        chairs=1,
        vice_chairs=3,
        exec_members=7,
    )


RESOURCES = [
    Resource(
        url="/api/v1/cadres/people/", make=lambda fed: PersonFactory(federation=fed), update={"occupation": "社区"}
    ),
    Resource(url="/api/v1/cadres/posts/", make=lambda fed: PostFactory(federation=fed), update={"note": "补记"}),
    Resource(
        url="/api/v1/cadres/party-organizations/",
        make=lambda fed: PartyOrganizationFactory(federation=fed),
        update={"secretary": "新书记"},
    ),
    Resource(url="/api/v1/cadres/duty-reports/", make=_report, update={"summary": "全年工作"}),
    Resource(url="/api/v1/cadres/duty-report-reviews/", make=_review, update={"comment": "同意"}),
    Resource(
        url="/api/v1/cadres/women-ratings/",
        make=lambda fed: WomenRating.objects.create(report=_report(fed), score=88),
        update={"respondent": "居民甲"},
    ),
    Resource(
        url="/api/v1/cadres/rotation-checks/", make=_rotation, update={"problems_found": "场地不足"}, owner="street"
    ),
    Resource(url="/api/v1/cadres/elections/", make=_election, update={"note": "补记"}),
    Resource(
        url="/api/v1/cadres/women-organization-leaders/", make=lambda fed: _leader(fed), update={"since": "2021-03-08"}
    ),
]


def _leader(fed):
    from organizations.models import WomenOrganization

    organization = WomenOrganization.objects.create(
        federation=fed, name=f"妇女组织{next(_numbers)}", org_type="ENTERPRISE_FEDERATION", founded_on="2020-01-01"
    )
    return WomenOrganizationLeader.objects.create(organization=organization, person=PersonFactory(federation=fed))


def _person(fed):
    """A person with a distinctive phone and a valid ID number (both shown masked outside the edit scope)."""
    n = next(_numbers)
    first17 = f"42010419800101{n % 500 * 2:03d}"
    return PersonFactory(
        federation=fed, name=f"权限干部{n}", phone=f"1357246{n:04d}", id_number=first17 + id_check_digit(first17)
    )


def _staff(fed):
    return User.objects.create_user(f"cadres{next(_numbers)}", role=Role.COMMUNITY_CHAIR, federation=fed)


def _data_access(fed):
    return PersonalDataAccess.objects.create(user=_staff(fed), person=_person(fed), fields="phone")


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="JPEG")
    return buffer.getvalue()


def _person_with_photo(fed):
    person = _person(fed)
    person.photo.save("丁丽-身份证.jpg", ContentFile(_jpeg()))
    return person


def _import_job(fed):
    person = _person(fed)
    job = ImportJob(federation=fed, user=_staff(fed))
    content = f"姓名,手机号,身份证号\n{person.name},{person.phone},{person.id_number}\n".encode()
    job.file.save("people.csv", ContentFile(content), save=False)
    job.save()
    return job


def _course(fed):
    return TrainingCourse.objects.create(
        federation=fed,
        title=f"培训班{next(_numbers)}",
        topic="POLITICAL_THEORY",
        starts_on=datetime.date(2017, 5, 1),
        ends_on=datetime.date(2017, 5, 2),
        hours=8,
        place="会议室",
    )


def _session(fed):
    return TrainingSession.objects.create(course=_course(fed), held_on=datetime.date(2017, 5, 1), hours=4)


def _enrolment(fed):
    post = PostFactory(federation=fed, position=Position.CHAIR)
    return TrainingEnrolment.objects.create(course=_course(fed), person=post.person)


def _attendance(fed):
    enrolment = _enrolment(fed)
    session = TrainingSession.objects.create(course=enrolment.course, held_on=datetime.date(2017, 5, 1), hours=4)
    return TrainingAttendance.objects.create(session=session, person=enrolment.person)


RESOURCES += [
    Resource(url="/api/v1/cadres/training-courses/", make=_course, update={"place": "党校"}),
    Resource(url="/api/v1/cadres/training-sessions/", make=_session, update={"subject": "妇女工作"}),
    Resource(url="/api/v1/cadres/training-enrolments/", make=_enrolment, update={"note": "补报"}),
    Resource(url="/api/v1/cadres/training-attendances/", make=_attendance, update={"certificate_number": "Z-1"}),
]

ADMINS = [
    AdminModel(Person, make=_person, masked=("phone", "id_number"), api_url="/api/v1/cadres/people/"),
    # the gap list links to "修正" as /admin/cadres/post/?federation__id__exact=<id> (cadres/services.py)
    AdminModel(Post, make=RESOURCES[1].make, allowed_lookups=("federation__id__exact",)),
    AdminModel(PartyOrganization, make=RESOURCES[2].make),
    AdminModel(DutyReport, make=_report),
    AdminModel(DutyReportReview, make=_review),
    AdminModel(WomenRating, make=RESOURCES[5].make),
    AdminModel(RotationCheck, make=_rotation, owner="street"),
    AdminModel(Election, make=_election),
    AdminModel(PersonalDataAccess, make=_data_access),
    AdminModel(ImportJob, make=_import_job),
    AdminModel(WomenOrganizationLeader, make=lambda fed: _leader(fed)),
    AdminModel(TrainingCourse, make=_course),
    AdminModel(TrainingSession, make=_session),
    AdminModel(TrainingEnrolment, make=_enrolment),
    AdminModel(TrainingAttendance, make=_attendance),
]

IMPORTS = [
    ImportCase(
        Person,
        resource=PersonResource,
        make=_person,
        row=lambda person, tree: {"id": person.pk, "federation": tree.s1c1.pk, "name": "导入改名"},
        secrets=lambda person: [person.name, person.phone, person.id_number],
        ident=lambda person: person.name,
        # the admin exports people; they are imported by cadres.importer (tests/security/test_import_*.py)
        admin_import=False,
    ),
]

FILES = [
    FileCase(Person, "photo", make=_person_with_photo),
    # import files hold names, phones and ID numbers: never served to anyone but (at most) their owner
    FileCase(ImportJob, "file", make=_import_job, owner_downloads=False),
]
