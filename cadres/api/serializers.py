import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer

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
from ..personal_data import covers, person_full_access, present
from ..services import rotation_deadline
from ..validators import validate_import_file


class PersonalDataSerializerMixin:
    def _reads(self):
        return self.context.get("personal_data_reads")

    def _user(self):
        request = self.context.get("request")
        return request.user if request is not None else None


class PostBriefSerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    position_display = ChoiceLabelField("position")

    class Meta:
        model = Post
        fields = [
            "id",
            "federation",
            "federation_name",
            "position",
            "position_display",
            "term_number",
            "term_start",
            "term_end",
            "ended_on",
        ]


class PersonSerializer(PersonalDataSerializerMixin, ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    posts = PostBriefSerializer(many=True, read_only=True)
    personal_data_masked = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "federation",
            "federation_name",
            "name",
            "gender",
            "birth_year",
            "phone",
            "id_number",
            "education",
            "sector",
            "occupation",
            "in_system",
            "photo",
            "public_profile",
            "bio",
            "posts",
            "personal_data_masked",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]
        validators = []

    def get_personal_data_masked(self, person) -> bool:
        return not person_full_access(self._user(), person)

    def to_representation(self, person):
        data = super().to_representation(person)
        full = not data["personal_data_masked"]
        return present(data, full, self._reads(), person.pk)


class PostSerializer(PersonalDataSerializerMixin, ScopedModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    phone = serializers.CharField(source="person.phone", read_only=True)
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    federation_level = serializers.CharField(source="federation.level", read_only=True)
    position_display = ChoiceLabelField("position")
    is_sitting = serializers.BooleanField(read_only=True)
    term_end = serializers.DateField(required=False, help_text=_("留空则按任期年限自动计算"))

    class Meta:
        model = Post
        fields = [
            "id",
            "person",
            "person_name",
            "phone",
            "federation",
            "federation_name",
            "federation_level",
            "position",
            "position_display",
            "term_number",
            "term_start",
            "term_end",
            "ended_on",
            "is_sitting",
            "appointment",
            "in_two_committees",
            "in_party_committee",
            "team_name",
            "team_women_count",
            "election",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def to_representation(self, post):
        data = super().to_representation(post)
        # The person's own federation decides, not the post's: a post never unmasks its holder.
        full = covers(self._user(), post.person.federation)
        return present(data, full, self._reads(), post.person_id, ("phone",))


class WomenOrganizationLeaderSerializer(ScopedModelSerializer):
    """Who leads a women's organisation (the organisation itself: /api/v1/organizations/women-organizations/)."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = WomenOrganizationLeader
        fields = [
            "id",
            "organization",
            "organization_name",
            "person",
            "person_name",
            "since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class PartyOrganizationSerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    org_type_display = ChoiceLabelField("org_type")

    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "federation",
            "federation_name",
            "name",
            "org_type",
            "org_type_display",
            "secretary",
            "contact",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class DutyReportReviewSerializer(ScopedModelSerializer):
    line_display = ChoiceLabelField("line")

    class Meta:
        model = DutyReportReview
        fields = [
            "id",
            "report",
            "line",
            "line_display",
            "party_organization",
            "reviewer_federation",
            "received_on",
            "reviewer",
            "comment",
            "rating",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class ReviewedSerializerMixin(serializers.Serializer):
    """The review fields (cadres/review.py), read only: set by the review actions only."""

    review_state = serializers.CharField(read_only=True)
    review_state_display = ChoiceLabelField("review_state")
    review_reason = serializers.CharField(read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)
    reviewed_at = serializers.DateTimeField(read_only=True)


REVIEW_FIELDS = ["review_state", "review_state_display", "review_reason", "reviewed_by", "reviewed_at"]


class RecordReviewSerializer(serializers.Serializer):
    """The body of ``return`` (a reason, required) and ``approve`` (none) of a duty report or 四个一 check."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class DutyReportSerializer(ReviewedSerializerMixin, ScopedModelSerializer):
    chair_name = serializers.CharField(source="post.person.name", read_only=True)
    federation = serializers.IntegerField(source="post.federation_id", read_only=True)
    federation_name = serializers.CharField(source="post.federation.name", read_only=True)
    reviews = DutyReportReviewSerializer(many=True, read_only=True)
    ratings_count = serializers.IntegerField(read_only=True, default=0)
    ratings_satisfied = serializers.IntegerField(read_only=True, default=0)
    ratings_basically_satisfied = serializers.IntegerField(read_only=True, default=0)
    average_score = serializers.FloatField(read_only=True, default=None)

    class Meta:
        model = DutyReport
        fields = [
            "id",
            "post",
            "chair_name",
            "federation",
            "federation_name",
            "year",
            "period",
            "filed_on",
            "summary",
            "party_organization",
            "upper_federation",
            "reviews",
            "ratings_count",
            "ratings_satisfied",
            "ratings_basically_satisfied",
            "average_score",
            *REVIEW_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["party_organization", "upper_federation", "created_at", "updated_at"]
        validators = []


class WomenRatingSerializer(ScopedModelSerializer):
    class Meta:
        model = WomenRating
        fields = ["id", "report", "score", "verdict", "respondent", "comment", "created_at"]
        read_only_fields = ["created_at"]
        validators = []


class MonthField(serializers.DateField):
    """A month as "2017-05" (a full date is accepted and taken as its month)."""

    default_error_messages = {"invalid": _("月份格式应为 YYYY-MM。")}

    def to_internal_value(self, value):
        text = str(value).strip()
        try:
            if len(text) == 7:
                return datetime.date(int(text[:4]), int(text[5:7]), 1)
            return super().to_internal_value(text).replace(day=1)
        except (ValueError, serializers.ValidationError):
            self.fail("invalid")

    def to_representation(self, value):
        return value.strftime("%Y-%m") if value else None


class RotationCheckSerializer(ReviewedSerializerMixin, ScopedModelSerializer):
    month = MonthField()
    person_name = serializers.CharField(source="post.person.name", read_only=True)
    federation = serializers.IntegerField(source="post.federation_id", read_only=True)
    federation_name = serializers.CharField(source="post.federation.name", read_only=True)
    visited_community_name = serializers.CharField(source="visited_community.name", read_only=True, default=None)
    on_time = serializers.SerializerMethodField()
    items_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = RotationCheck
        fields = [
            "id",
            "post",
            "person_name",
            "federation",
            "federation_name",
            "month",
            "visited",
            "visited_community",
            "visited_community_name",
            "exchange_held",
            "activity_held",
            "looked_back",
            "items_done",
            "problems_found",
            "problems_analysed",
            "problems_solved",
            "filed_at",
            "on_time",
            *REVIEW_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["filed_at", "created_at", "updated_at"]
        validators = []

    def get_on_time(self, check) -> bool:
        return timezone.localtime(check.filed_at).date() <= rotation_deadline(check.month)


class ElectionSerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    is_brigade = serializers.BooleanField(source="federation.is_brigade", read_only=True)

    class Meta:
        model = Election
        fields = [
            "id",
            "federation",
            "federation_name",
            "is_brigade",
            "kind",
            "term_number",
            "held_on",
            "representatives",
            "chairs",
            "vice_chairs",
            "exec_members",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class PersonalDataAccessSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.username", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = PersonalDataAccess
        fields = ["id", "user", "user_name", "person", "person_name", "fields", "request_id", "path", "created_at"]


class ImportJobSerializer(serializers.ModelSerializer):
    status_display = ChoiceLabelField("status")
    progress = serializers.IntegerField(read_only=True)
    file = serializers.FileField(write_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "federation",
            "user",
            "file",
            "dry_run",
            "status",
            "status_display",
            "total_rows",
            "processed_rows",
            "progress",
            "created_people",
            "created_posts",
            "report",
            "created_at",
            "finished_at",
        ]
        read_only_fields = [
            "federation",
            "user",
            "status",
            "total_rows",
            "processed_rows",
            "created_people",
            "created_posts",
            "report",
            "created_at",
            "finished_at",
        ]

    def validate_file(self, value):
        try:
            validate_import_file(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value


# --- training (培训同步管理) ---------------------------------------------------------------------------------


class TrainingCourseSerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    organiser_name = serializers.CharField(read_only=True)
    topic_display = ChoiceLabelField("topic")
    enrolled = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = TrainingCourse
        fields = [
            "id",
            "title",
            "topic",
            "topic_display",
            "federation",
            "federation_name",
            "organiser_party",
            "organiser_name",
            "starts_on",
            "ends_on",
            "hours",
            "place",
            "online",
            "capacity",
            "enrolled",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class TrainingSessionSerializer(ScopedModelSerializer):
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "course", "course_title", "held_on", "subject", "hours", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class TrainingEnrolmentSerializer(ScopedModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)

    class Meta:
        model = TrainingEnrolment
        fields = ["id", "course", "course_title", "person", "person_name", "note", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class TrainingAttendanceSerializer(ScopedModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    course = serializers.IntegerField(source="session.course_id", read_only=True)
    course_title = serializers.CharField(source="session.course.title", read_only=True)
    held_on = serializers.DateField(source="session.held_on", read_only=True)
    status_display = ChoiceLabelField("status")

    class Meta:
        model = TrainingAttendance
        fields = [
            "id",
            "session",
            "course",
            "course_title",
            "held_on",
            "person",
            "person_name",
            "status",
            "status_display",
            "absence_reason",
            "hours_credited",
            "certificate_number",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []


class AttendanceSheetSerializer(serializers.Serializer):
    """A sign-in sheet for one session: the file (checked like every import file) and whether to preview."""

    file = serializers.FileField(validators=[validate_import_file])
    dry_run = serializers.BooleanField(default=True, help_text="预览（默认）：只检查不保存")
