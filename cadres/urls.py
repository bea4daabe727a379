from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("gaps/", views.gap_list, name="gaps"),
    path("rotation/", views.rotation, name="rotation"),
    path("import/", views.import_people, name="import"),
    path("import/template/", views.import_template, name="import-template"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("training/", views.training_overview, name="training"),
    path("training/courses/<int:pk>/", views.training_course, name="training-course"),
    path("training/sessions/<int:pk>/attendance/", views.session_attendance, name="session-attendance"),
    path("people/<int:pk>/training/", views.person_training, name="person-training"),
]
