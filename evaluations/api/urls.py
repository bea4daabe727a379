from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "evaluations-api"

router = DefaultRouter()
router.register("surveys", views.SurveyViewSet, basename="survey")
router.register("survey-templates", views.SurveyTemplateViewSet, basename="survey-template")
router.register("snapshots", views.IndicatorSnapshotViewSet, basename="snapshot")
router.register("indicator-settings", views.IndicatorSettingViewSet, basename="indicator-setting")

urlpatterns = [
    path("indicators/", views.IndicatorView.as_view(), name="indicators"),
    path("gaps/", views.GapView.as_view(), name="gaps"),
    path("survey-results/", views.SurveyResultsView.as_view(), name="survey-results"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    *router.urls,
]
