from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("s/<str:token>/", views.survey_answer, name="answer"),
    path("s/<str:token>/thanks/", views.survey_thanks, name="thanks"),
    path("s/<str:token>/qr.svg", views.survey_qr, {"fmt": "svg"}, name="qr-svg"),
    path("s/<str:token>/qr.png", views.survey_qr, {"fmt": "png"}, name="qr-png"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/<int:pk>/poster/", views.survey_poster, name="poster"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("dashboard/pillars/", views.pillars_page, name="dashboard-pillars"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard-export"),
]
