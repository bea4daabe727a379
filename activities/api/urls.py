from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "activities-api"

router = DefaultRouter()
router.register("activities", views.ActivityViewSet)
router.register("social-organizations", views.SocialOrganizationViewSet)
router.register("teams", views.TeamViewSet)
router.register("kinds", views.ActivityKindViewSet)

urlpatterns = [
    path("summary/", views.SummaryView.as_view(), name="summary"),
    *router.urls,
]
