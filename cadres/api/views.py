import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Avg, Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts import review as shared
from core import dates
from core.api.serializers import HistoryRecordSerializer, history_rows
from core.api.viewsets import OUT_OF_SCOPE, ScopedModelViewSet
from core.archiving import ArchiveViewSetMixin
from core.scope import is_editable, resolve_federation
from core.spreadsheets import SpreadsheetLimitError
from organizations.models import Federation

from .. import review, services, training, training_import
from ..choices import ImportStatus, Verdict
from ..filters import (
    DutyReportFilterSet,
    DutyReportReviewFilterSet,
    ElectionFilterSet,
    PartyOrganizationFilterSet,
    PersonFilterSet,
    PostFilterSet,
    RotationCheckFilterSet,
    TrainingAttendanceFilterSet,
    TrainingCourseFilterSet,
    TrainingEnrolmentFilterSet,
    TrainingSessionFilterSet,
    WomenOrganizationLeaderFilterSet,
    WomenRatingFilterSet,
)
from ..models import (
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
from ..personal_data import MASKS, PERSONAL_FIELDS, PersonalDataMixin, person_full_access, with_full_access
from . import serializers as s

FEDERATION_PARAM = OpenApiParameter("federation", OpenApiTypes.INT, description="妇联编号（默认：本人查看范围）")


def date_param(request, name, default=None, month=False):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        if month and len(raw) == 7:
            return datetime.date(int(raw[:4]), int(raw[5:7]), 1)
        return datetime.date.fromisoformat(raw)
    except ValueError:
        message = _("月份格式应为 YYYY-MM。") if month else _("日期格式应为 YYYY-MM-DD。")
        raise ValidationError({name: [message]})


class PersonViewSet(ArchiveViewSetMixin, PersonalDataMixin, ScopedModelViewSet):
    queryset = Person.objects.select_related("federation").prefetch_related(
        Prefetch("posts", queryset=Post.objects.select_related("federation"))
    )
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "birth_year", "created_at"]

    def get_queryset(self):
        return with_full_access(super().get_queryset(), self.request.user)

    @extend_schema(responses={200: HistoryRecordSerializer(many=True), 404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request, *args, **kwargs):
        """The change log of this person, with phone and ID number masked outside the edit scope."""
        person = self.get_object()
        rows = history_rows(person)
        full = person_full_access(request.user, person)
        shown = set()
        for row in rows:
            for change in row["changes"]:
                if change["field"] not in PERSONAL_FIELDS:
                    continue
                for key in ("old", "new"):
                    if change[key] and full:
                        shown.add(change["field"])
                    elif change[key]:
                        change[key] = MASKS[change["field"]](change[key])
        if shown:
            self.personal_data_reads().setdefault(person.pk, set()).update(shown)
        return Response(HistoryRecordSerializer(rows, many=True).data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["get"])
    def training(self, request, *args, **kwargs):
        """Her training record (培训记录): every session attended or missed, newest first, and her hours in
        the year up to today against the required hours."""
        person = self.get_object()
        found = training.record(person, request.user)
        return Response(
            {
                "person": person.pk,
                "hours_this_year": found["hours_this_year"],
                "hours_required": found["required"],
                "meets_rule": found["rule"]["meets"],
                "rule": found["rule"]["text"],
                "attendances": s.TrainingAttendanceSerializer(found["attendances"], many=True).data,
            }
        )


class PostViewSet(PersonalDataMixin, ScopedModelViewSet):
    queryset = Post.objects.select_related("person__federation", "federation")
    serializer_class = s.PostSerializer
    filterset_class = PostFilterSet
    search_fields = ["person__name", "federation__name"]
    ordering_fields = ["term_start", "term_end", "position", "federation__lft"]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """Counts of the (filtered) posts by federation level, position and appointment, e.g. the 406
        appointed part-time community vice chairs: ``?sitting=true&level=COMMUNITY``."""
        posts = self.filter_queryset(self.get_queryset())
        return Response({"results": services.post_counts(posts)})


class WomenOrganizationLeaderViewSet(ScopedModelViewSet):
    """Who leads each women's organisation (``?organization=<id>``): the link is kept by cadres, so the
    organisations' own endpoint knows nothing of people. A leader is picked from the user's edit scope."""

    queryset = WomenOrganizationLeader.objects.select_related("organization", "person")
    serializer_class = s.WomenOrganizationLeaderSerializer
    filterset_class = WomenOrganizationLeaderFilterSet
    search_fields = ["organization__name", "person__name"]


class PartyOrganizationViewSet(ScopedModelViewSet):
    queryset = PartyOrganization.objects.select_related("federation")
    serializer_class = s.PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilterSet
    search_fields = ["name", "secretary", "federation__name"]


def rating_summaries():
    """Women's ratings of each report as correlated subqueries: PostgreSQL evaluates them for the page's
    rows only (after ORDER BY ... LIMIT), and the page's count leaves them out; a join with GROUP BY over
    every rating was 56 ms of a 100 ms page at the city scale."""

    def of_report(aggregate, **where):
        ratings = WomenRating.objects.filter(report=OuterRef("pk"), **where).order_by().values("report")
        return Subquery(ratings.annotate(value=aggregate).values("value"))

    def count(**where):
        return Coalesce(of_report(Count("id"), **where), 0)

    return {
        "ratings_count": count(),
        "ratings_satisfied": count(verdict=Verdict.SATISFIED),
        "ratings_basically_satisfied": count(verdict=Verdict.BASICALLY_SATISFIED),
        "average_score": of_report(Avg("score")),
    }


class ReviewActionsMixin:
    """A record reviewed by the federation one level up (cadres/review.py): who files it is stamped, editing
    a returned one resubmits it, and ``approve`` / ``return`` review it (403 to a non-reviewer, 404 out of her
    review scope, a Chinese 400 for a missing reason or a state the action does not start from)."""

    def perform_create(self, serializer):
        with transaction.atomic():
            self._check_saved(serializer.save(created_by=self.request.user))

    def perform_update(self, serializer):
        shared.resubmit_if_returned(serializer.instance)
        super().perform_update(serializer)

    def _review(self, request, action):
        if not shared.is_reviewer(request.user):
            raise PermissionDenied(_("只有上级妇联的工作人员可以审核。"))
        body = s.RecordReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        model = self.get_queryset().model
        try:
            (record,) = review.review(
                request.user, model, [self.kwargs["pk"]], action, body.validated_data.get("reason", "")
            )
        except LookupError:
            raise NotFound() from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT, 403: OpenApiResponse(), 404: OpenApiResponse()})
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, *args, **kwargs):
        """Approve (通过) a submitted record: the federation one level up (REVIEW_LEVELS); 404 outside it."""
        return self._review(request, shared.APPROVE)

    @extend_schema(
        request=s.RecordReviewSerializer,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="未填退回原因"), 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, *args, **kwargs):
        """Return (退回) a record to who filed it with a reason (required)."""
        return self._review(request, shared.RETURN)


class DutyReportViewSet(ReviewActionsMixin, ScopedModelViewSet):
    queryset = (
        DutyReport.objects.select_related("post__person", "post__federation", "reviewed_by")
        .prefetch_related("reviews")
        .annotate(**rating_summaries())
        .order_by("-year", "period", "id")
    )
    serializer_class = s.DutyReportSerializer
    filterset_class = DutyReportFilterSet
    search_fields = ["post__person__name", "post__federation__name"]
    ordering_fields = ["year", "filed_on"]

    @extend_schema(
        parameters=[
            FEDERATION_PARAM,
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("period", OpenApiTypes.STR, description="YEAR / H1 / H2"),
        ],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Not found")},
    )
    @action(detail=False, methods=["get"])
    def satisfaction(self, request):
        """Women's verdicts on the duty reports (述职评议) of a subtree: satisfied, basically satisfied, total."""
        root = resolve_federation(request)
        year = request.query_params.get("year")
        if year and not year.isdigit():
            raise ValidationError({"year": [_("年度应为数字。")]})
        result = services.satisfaction(
            root, year=int(year) if year else None, period=request.query_params.get("period")
        )
        return Response({"federation": root.pk, "federation_name": root.name, **result})


class DutyReportReviewViewSet(ScopedModelViewSet):
    queryset = DutyReportReview.objects.all()
    serializer_class = s.DutyReportReviewSerializer
    filterset_class = DutyReportReviewFilterSet


class WomenRatingViewSet(ScopedModelViewSet):
    queryset = WomenRating.objects.all()
    serializer_class = s.WomenRatingSerializer
    filterset_class = WomenRatingFilterSet


class RotationCheckViewSet(ReviewActionsMixin, ScopedModelViewSet):
    queryset = RotationCheck.objects.select_related(
        "post__person", "post__federation", "visited_community", "reviewed_by"
    )
    serializer_class = s.RotationCheckSerializer
    filterset_class = RotationCheckFilterSet
    search_fields = ["post__person__name"]
    ordering_fields = ["month", "filed_at"]

    @extend_schema(
        parameters=[FEDERATION_PARAM, OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM（默认上月）")],
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Not found")},
    )
    @action(detail=False, methods=["get"])
    def completeness(self, request):
        """How many of a month's expected 四个一 records were filed, how many on time, and which are missing."""
        root = resolve_federation(request)
        month = date_param(request, "month", dates.previous_month(), month=True)
        return Response(
            {"federation": root.pk, "federation_name": root.name, **services.rotation_completeness(root, month)}
        )


class ElectionViewSet(ScopedModelViewSet):
    queryset = Election.objects.select_related("federation")
    serializer_class = s.ElectionSerializer
    filterset_class = ElectionFilterSet
    search_fields = ["federation__name"]
    ordering_fields = ["held_on"]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """Totals of the (filtered) elections: villages and brigades, days from first to last, and the
        representatives, chairs, vice chairs and executive members elected (with the posts recorded)."""
        return Response(services.election_totals(self.filter_queryset(self.get_queryset())))


class PersonalDataAccessViewSet(viewsets.ReadOnlyModelViewSet):
    """Who was shown whose phone or ID number in full (scoped by the person's federation)."""

    queryset = PersonalDataAccess.objects.select_related("user", "person")
    serializer_class = s.PersonalDataAccessSerializer
    filterset_fields = ["person", "user"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ImportJobViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Excel import of people with their posts: upload (``dry_run`` to preview), then poll the job."""

    queryset = ImportJob.objects.select_related("federation", "user")
    serializer_class = s.ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["status", "dry_run"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def perform_create(self, serializer):
        from ..tasks import start_import

        user = self.request.user
        federation = user.edit_root
        if federation is None and user.is_superuser:
            federation = Federation.objects.filter(parent__isnull=True).order_by("tree_id").first()
        if federation is None:
            raise PermissionDenied(_("您无权导入数据。"))
        job = serializer.save(user=user, federation=federation, status=ImportStatus.PENDING)
        start_import(job)
        self.queue_error = getattr(job, "queue_error", None)

    @extend_schema(responses={202: s.ImportJobSerializer, 400: OpenApiResponse(), 503: OpenApiResponse()})
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        queue_error = getattr(self, "queue_error", None)
        if queue_error:
            # The queue could not take it (Redis down): say so; the job stays on record as failed.
            response.data = {**response.data, "status": ImportStatus.FAILED, "detail": queue_error}
            response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
            return response
        response.status_code = status.HTTP_202_ACCEPTED
        return response


# --- training (培训同步管理) ---------------------------------------------------------------------------------


class TrainingCourseViewSet(ScopedModelViewSet):
    """Training courses organised by a federation or its same-level Party organisation (``organiser_party``)."""

    queryset = (
        TrainingCourse.objects.select_related("federation", "organiser_party")
        .annotate(enrolled=Count("enrolments", distinct=True))
        .order_by("-starts_on", "id")
    )
    serializer_class = s.TrainingCourseSerializer
    filterset_class = TrainingCourseFilterSet
    search_fields = ["title"]
    ordering_fields = ["starts_on", "title"]


class TrainingSessionViewSet(ScopedModelViewSet):
    queryset = TrainingSession.objects.select_related("course")
    serializer_class = s.TrainingSessionSerializer
    filterset_class = TrainingSessionFilterSet
    ordering_fields = ["held_on"]

    @extend_schema(request=s.AttendanceSheetSerializer, responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="attendance-import", parser_classes=[MultiPartParser, FormParser])
    def attendance_import(self, request, *args, **kwargs):
        """The organiser's Excel sign-in sheet for this session (template: ``attendance-template/``): preview
        with ``dry_run=true`` (the default), then confirm with ``dry_run=false``. Any row error and nothing is
        saved (400 with every row's errors); the same sheet twice adds nothing."""
        session = self.get_object()
        if not is_editable(request.user, session):
            raise PermissionDenied(OUT_OF_SCOPE)
        upload = s.AttendanceSheetSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        try:
            rows = training_import.read_rows(file.read(), file.name)
        except SpreadsheetLimitError as exc:
            raise ValidationError({"file": [str(exc)]}) from exc
        except Exception as exc:  # noqa: BLE001 - an unreadable file is the user's to fix, not a crash
            raise ValidationError({"file": [_("无法读取文件，请使用导入模板（.xlsx 或 .csv）。")]}) from exc
        outcome = training_import.import_attendance(request.user, session, rows, upload.validated_data["dry_run"])
        code = status.HTTP_400_BAD_REQUEST if outcome["report"] else status.HTTP_200_OK
        return Response(outcome, status=code)

    @extend_schema(
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}
    )
    @action(detail=False, methods=["get"], url_path="attendance-template")
    def attendance_template(self, request):
        """The sign-in sheet template (.xlsx)."""
        return attendance_template_response()


class TrainingEnrolmentViewSet(ScopedModelViewSet):
    """Cadres (people with a sitting post) enrolled in a course, by their federation or by the organiser."""

    queryset = TrainingEnrolment.objects.select_related("person", "course")
    serializer_class = s.TrainingEnrolmentSerializer
    filterset_class = TrainingEnrolmentFilterSet
    search_fields = ["person__name", "course__title"]


class TrainingAttendanceViewSet(ScopedModelViewSet):
    """Attendance per session and cadre; a cadre's record is ``?person=<id>`` (or the person's ``training``)."""

    queryset = TrainingAttendance.objects.select_related("person", "session__course")
    serializer_class = s.TrainingAttendanceSerializer
    filterset_class = TrainingAttendanceFilterSet
    search_fields = ["person__name", "session__course__title", "certificate_number"]
    ordering_fields = ["session__held_on", "hours_credited"]

    @extend_schema(parameters=[FEDERATION_PARAM], responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"])
    def summary(self, request):
        """The trained share (近一年学时达标) of sitting chairs and vice chairs: the federation itself and each
        child federation's subtree, for drill-down (``?federation=<child id>``)."""
        root = resolve_federation(request)
        as_of = date_param(request, "as_of", dates.today())
        return Response(
            {
                "federation": {"id": root.pk, "name": root.name},
                "as_of": as_of,
                "hours_required": training.hours_required(),
                "results": training.trained_share(root, as_of),
            }
        )


def attendance_template_response():
    response = HttpResponse(
        training_import.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%A1%A8%E6%A8%A1%E6%9D%BF.xlsx"
    return response


def gaps_redirect(request):
    """The team-rule gaps moved to the one gap list of every pillar (/api/v1/evaluations/gaps/, issue 15):
    the old address answers with a permanent redirect there, its parameters kept and the pillar fixed to
    cadres, so phone apps built against it keep working."""
    query = request.GET.copy()
    query["pillar"] = "cadres"
    return HttpResponsePermanentRedirect(f"{reverse('evaluations-api:gaps')}?{query.urlencode()}")
