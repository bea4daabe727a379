from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "cadres-api"

router = DefaultRouter()
router.register("people", views.PersonViewSet)
router.register("posts", views.PostViewSet)
router.register("party-organizations", views.PartyOrganizationViewSet)
router.register("women-organization-leaders", views.WomenOrganizationLeaderViewSet)
router.register("duty-reports", views.DutyReportViewSet)
router.register("duty-report-reviews", views.DutyReportReviewViewSet)
router.register("women-ratings", views.WomenRatingViewSet)
router.register("rotation-checks", views.RotationCheckViewSet)
router.register("elections", views.ElectionViewSet)
router.register("personal-data-accesses", views.PersonalDataAccessViewSet)
router.register("imports", views.ImportJobViewSet)
router.register("training-courses", views.TrainingCourseViewSet)
router.register("training-sessions", views.TrainingSessionViewSet)
router.register("training-enrolments", views.TrainingEnrolmentViewSet)
router.register("training-attendances", views.TrainingAttendanceViewSet)

urlpatterns = [path("gaps/", views.gaps_redirect, name="gaps"), *router.urls]
